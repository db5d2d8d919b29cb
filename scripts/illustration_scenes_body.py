"""Scenes of the mobility, glute, jump, movement and running cards."""

from __future__ import annotations

import math

from illustration_kit import (
    ACCENT,
    GROUND,
    PROP,
    PROP_EDGE,
    TRUNK,
    Canvas,
    figure,
    hand_at,
    hips_level,
    leg_down,
    leg_to,
    leg_up,
    runner,
    scene,
    walker,
)


@scene("ankle_pumps")
def _ankle_pumps() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    hip = (110.0, GROUND - 8)
    for sole, ghost in ((130.0, True), (40.0, False)):
        leg = leg_down(hip, -2, -2, sole)
        far = leg_down((hip[0] + 2, hip[1] - 2), -2, -2, sole)
        c.figure(figure(leg, far, 110, (80, GROUND - 2), highlight=("near_shin",)), ghost)
    c.arrow((218, 150), (240, 172), -14)
    c.arrow((240, 172), (218, 150), -14)
    c.text((250, 130), "toes to you, then away", 12)
    return "Sitting, legs out: move the foot up and down, slow and even.", c


@scene("knee_to_wall_mobilisation")
def _knee_to_wall() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.wall(214)
    near = leg_up((205, GROUND), 0, 52, 102)
    far = leg_to(near.hip, (166, GROUND), -40)
    c.figure(figure(near, far, 84, (212, 96), highlight=("near_shin",)))
    c.arrow((near.knee[0] - 24, near.knee[1] + 2), (near.knee[0] - 6, near.knee[1] - 4), 0)
    c.text((80, 120), "heel stays down,", 12)
    c.text((80, 136), "knee to the wall", 12)
    return "Heel down, knee over the second toe: touch the wall, hold 2 s.", c


@scene("banded_ankle_mobilisation")
def _banded() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.rect(20, 150, 10, GROUND - 150)
    near = leg_up((215, GROUND), 0, 55, 172)
    far = leg_down(near.hip, -112, 186, 210)
    fig = figure(near, far, 90, (near.knee[0] - 2, near.knee[1] - 6), highlight=("near_shin",))
    c.figure(fig)
    c.line((30, GROUND - 10), (near.ankle[0] + 2, near.ankle[1] - 1), ACCENT, 3)
    c.arrow((near.knee[0] + 6, near.knee[1] - 16), (near.knee[0] + 22, near.knee[1] - 16), 0)
    c.text((100, 80), "band pulls the ankle back,", 12)
    c.text((100, 96), "knee goes forward", 12)
    return "Band low across the front of the ankle: heel down, knee forward.", c


def _stretch(knee_bent: bool) -> Canvas:
    c = Canvas()
    c.ground()
    c.wall(200 if knee_bent else 214)
    if knee_bent:
        back = leg_up((140, GROUND), 0, 66, 112)
        front = leg_to(back.hip, (175, GROUND), 0)
        trunk = 62.0
    else:
        back = leg_up((112, GROUND), 0, 55, 55)
        front = leg_to(back.hip, (196, GROUND), 0)
        trunk = 60.0
    hand = (199.0, 96.0) if knee_bent else (213.0, 84.0)
    fig = figure(back, front, trunk, hand, highlight=("near_shin",))
    c.figure(fig)
    c.text((62, 92), "back heel", 12)
    c.text((62, 108), "on the floor", 12)
    return c


@scene("calf_stretch_straight")
def _stretch_straight() -> tuple[str, Canvas]:
    return "Back knee straight, heel down: stretch the upper calf (gastrocnemius).", _stretch(False)


@scene("calf_stretch_bent")
def _stretch_bent() -> tuple[str, Canvas]:
    return "Back knee bent, heel down: stretch low in the calf (soleus).", _stretch(True)


def _bridge(single: bool) -> Canvas:
    c = Canvas()
    c.ground()
    c.rect(40, GROUND - 4, 230, 4, "#d1d5db")
    down_hip = (150.0, GROUND - 11)
    up_hip = (150.0, GROUND - 42)
    for hip, ghost in ((down_hip, True), (up_hip, False)):
        trunk = math.degrees(math.atan2(-(GROUND - 10 - hip[1]), -48.0)) % 360
        near = leg_to(hip, (222, GROUND), 0, (0, -1))
        if single:
            thigh = math.degrees(math.atan2(-(near.knee[1] - hip[1]), near.knee[0] - hip[0]))
            far = leg_down(hip, thigh, thigh, thigh + 90)
        else:
            far = leg_to(hip, (226, GROUND), 0, (0, -1))
        fig = figure(
            near, far, trunk, (hip[0] - 4, GROUND - 2), head=182, highlight=("hip", "near_thigh")
        )
        c.figure(fig, ghost)
    c.arrow((120, 196), (120, 168), 0)
    return c


@scene("glute_bridge")
def _glute_bridge() -> tuple[str, Canvas]:
    return "Squeeze the buttocks, lift the hips to a straight line, hold 2 s.", _bridge(False)


@scene("single_leg_bridge")
def _single_bridge() -> tuple[str, Canvas]:
    return "One foot down, other leg up: lift the hips, keep the pelvis level.", _bridge(True)


@scene("side_lying_hip_abduction")
def _side_lying() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.rect(30, GROUND - 4, 250, 4, "#d1d5db")
    hip = (150.0, GROUND - 12)
    for lift, ghost in ((0.0, True), (24.0, False)):
        top = leg_down(hip, lift, lift, lift + 90)
        bottom = leg_down((hip[0], hip[1] + 3), -3, -3, 87)
        fig = figure(
            top,
            bottom,
            178,
            (hip[0] - 8, hip[1] - 5),
            far_hand=hand_at(-16, -14, (0, 1)),
            head=172,
            highlight=("hip",),
        )
        c.figure(fig, ghost)
    c.arrow((250, 184), (246, 150), 8)
    c.text((240, 110), "lift 30–40 cm,", 12)
    c.text((240, 126), "heel leads", 12)
    return "Lying on your side: lift the top leg, heel first, hips still.", c


@scene("romanian_deadlift")
def _rdl() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    tall = leg_up((180, GROUND), 0, 92, 90)
    hinge = leg_up((180, GROUND), 0, 84, 112)
    c.figure(figure(tall, hips_level(2), 90, hand_at(6, 46)), ghost=True)
    fig = figure(hinge, hips_level(2), 22, hand_at(2, 47, (0, 1)), highlight=("hip", "near_thigh"))
    c.figure(fig)
    c.plate(fig.near_arm.hand, 12)
    c.arrow((hinge.hip[0] - 10, hinge.hip[1] - 16), (hinge.hip[0] - 26, hinge.hip[1] - 6), 0)
    c.text((70, 70), "hips back,", 12)
    c.text((70, 86), "back flat", 12)
    return "Soft knees, flat back: push the hips back, then drive them forward.", c


@scene("hip_thrust")
def _hip_thrust() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.bench(30, 160, 62)
    shoulder = (90.0, 158.0)
    for hip, ghost in (((128.0, 192.0), True), ((140.0, 156.0), False)):
        dx, dy = shoulder[0] - hip[0], shoulder[1] - hip[1]
        trunk_len = math.hypot(dx, dy)
        scaled = (hip[0] + dx * TRUNK / trunk_len, hip[1] + dy * TRUNK / trunk_len)
        trunk = math.degrees(math.atan2(-(scaled[1] - hip[1]), scaled[0] - hip[0]))
        near = leg_to(hip, (212, GROUND), 0, (0, -1))
        far = leg_to(hip, (216, GROUND), 0, (0, -1))
        fig = figure(near, far, trunk, (hip[0], hip[1] - 10), head=165, highlight=("hip",))
        c.figure(fig, ghost)
        if not ghost:
            c.plate((hip[0], hip[1] - 12), 12)
    c.arrow((165, 196), (165, 164), 0)
    return "Upper back on the bench, weight on the hips: drive them up to level.", c


@scene("kettlebell_swing")
def _swing() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    hinge = leg_up((170, GROUND), 0, 80, 118)
    tall = leg_up((170, GROUND), 0, 92, 90)
    ghost = figure(hinge, hips_level(4), 28, hand_at(-18, 40, (1, 0.2)))
    c.figure(ghost, ghost=True)
    c.kettlebell((ghost.near_arm.hand[0] - 2, ghost.near_arm.hand[1]))
    fig = figure(tall, hips_level(4), 90, hand_at(46, 4, (0, 1)), highlight=("hip",))
    c.figure(fig)
    c.kettlebell((fig.near_arm.hand[0] + 2, fig.near_arm.hand[1]))
    c.arrow((150, 170), (230, 100), -36)
    c.text((70, 80), "snap the hips,", 12)
    c.text((70, 96), "arms only guide", 12)
    return "Hinge, then snap the hips forward: the bell floats to chest height.", c


@scene("bulgarian_split_squat")
def _split_squat() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.bench(40, 162, 60)
    front = leg_up((218, GROUND), 0, 66, 172)
    back = leg_to(front.hip, (84, 160), 200, (0, 1))
    fig = figure(front, back, 86, hand_at(0, 46), highlight=("near_thigh", "hip"))
    c.figure(fig)
    c.arrow((250, 110), (250, 150), 0)
    c.text((262, 96), "straight down", 12)
    return "Back foot on the bench: lower on the front leg, knee over the toes.", c


@scene("box_jump")
def _box_jump() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    top = 176.0
    c.block(190, top, 90)
    crouch = leg_up((120, GROUND), 0, 66, 128)
    land = leg_up((240, top), 0, 74, 120)
    c.figure(figure(crouch, hips_level(0), 45, hand_at(-30, 34, (1, 0))), ghost=True)
    fig = figure(
        land,
        lambda hip: leg_to(hip, (244, top), 0),
        70,
        hand_at(34, 10, (0, 1)),
        highlight=("near_shin",),
    )
    c.figure(fig)
    c.arrow((120, 110), (210, 90), -30)
    c.text((60, 70), "jump up, land softly,", 12)
    c.text((60, 86), "step down", 12)
    return "Jump onto a low box, land softly on both feet, then step down.", c


@scene("depth_jump")
def _depth_jump() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    top = 168.0
    c.block(30, top, 80)
    stand = leg_up((104, top), 0, 92, 90)
    c.figure(
        figure(stand, lambda hip: leg_to(hip, (118, top - 8), -30), 90, hand_at(4, 46)),
        ghost=True,
    )
    air = leg_down((210.0, 114.0), -88, -90, -70)
    fig = figure(
        air,
        lambda hip: leg_down(hip, -92, -88, -68),
        88,
        hand_at(18, -40, (1, 0)),
        far_hand=hand_at(14, -42, (1, 0)),
        highlight=("near_shin",),
    )
    c.figure(fig)
    c.arrow((122, 150), (170, 200), 20)
    c.arrow((176, 200), (196, 170), 0)
    c.text((272, 150), "short contact,", 12)
    c.text((272, 166), "straight back up", 12)
    return "Step off a low box, land on both feet and rebound up at once.", c


@scene("pogo_hops")
def _pogo() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    air = leg_up((172, GROUND - 10), -55, 92, 90)
    fig = figure(
        air,
        lambda hip: leg_up((176, GROUND - 10), -55, 92, 90),
        90,
        hand_at(12, 40),
        highlight=("near_shin", "far_shin"),
    )
    c.figure(fig)
    c.arrow((120, 196), (120, 176), 0)
    c.arrow((120, 176), (120, 196), 0)
    c.text((250, 120), "small, quick,", 12)
    c.text((250, 136), "springy hops", 12)
    return "Small, quick hops on the balls of the feet, knees nearly straight.", c


@scene("skipping")
def _skipping() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    stance = leg_up((160, GROUND), -30, 86, 92)
    fig = figure(
        stance,
        lambda hip: leg_down(hip, -2, -88, 2),
        86,
        hand_at(-18, 30, (-1, 0.4)),
        far_hand=hand_at(22, 14, (0.1, 1)),
        highlight=("near_shin",),
    )
    c.figure(fig)
    c.arrow((230, 196), (290, 196), 0)
    c.text((80, 80), "knee to hip height,", 12)
    c.text((80, 96), "land light", 12)
    return "Step-hop, step-hop: knee to hip height, land on the ball of the foot.", c


@scene("step_down_control")
def _step_down() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    top = 188.0
    c.block(90, top, 98)
    stance = leg_up((184, top), 0, 50, 150)
    free = leg_to(stance.hip, (212, GROUND), 10, (1, 0))
    fig = figure(stance, free, 76, hand_at(20, 30, (0, 1)), highlight=("hip", "near_thigh"))
    c.figure(fig)
    c.arrow((238, 140), (238, 180), 0)
    c.text((60, 56), "knee over the 2nd toe ·", 11)
    c.text((60, 72), "pelvis level · trunk upright", 11)
    return "Lower slowly on one leg until the free heel touches the floor.", c


@scene("cadence_drill")
def _cadence() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.figure(runner((140, GROUND), ("near_shin",)))
    c.parts.append(
        f'<path d="M238,110 L262,110 L256,60 L244,60 Z" fill="{PROP}" stroke="{PROP_EDGE}" '
        'stroke-width="1.5"/>'
    )
    c.line((250, 104), (258, 66), ACCENT, 2)
    c.text((250, 132), "168 /min", 12)
    c.text((250, 148), "(+5 %)", 12)
    c.text((60, 60), "same easy pace,", 12)
    c.text((60, 76), "shorter steps", 12)
    return "A metronome 5–10 % above your usual step rate, same easy pace.", c


@scene("walk_run_intervals")
def _walk_run() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.figure(walker((70, GROUND)))
    c.figure(runner((250, GROUND)))
    c.text((70, 36), "walk 1 min", 12)
    c.text((250, 36), "run 1 min", 12)
    c.arrow((118, 112), (200, 112), 0)
    c.arrow((200, 128), (118, 128), 0)
    c.text((160, 154), "× 10", 13)
    return "1 min easy run, 1 min walk, × 10; step up only when the tendon allows.", c
