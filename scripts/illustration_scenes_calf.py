"""Scenes of the calf and tendon-loading cards (drawn by ``draw_illustrations.py``)."""

from __future__ import annotations

from illustration_kit import (
    GROUND,
    PROP_EDGE,
    Canvas,
    figure,
    foot_lifted_behind,
    hand_at,
    leg_down,
    leg_to,
    leg_up,
    polar,
    scene,
)


@scene("isometric_calf_hold")
def _isometric() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.wall(214)
    leg = leg_up((180, GROUND), -22, 92, 90)
    c.figure(
        figure(
            leg, foot_lifted_behind, 88, (213, 112), far_hand=(212, 118), highlight=("near_shin",)
        )
    )
    c.text((70, 110), "hold still", 12)
    c.text((70, 126), "45 s", 16)
    return "Heel a little off the floor, knee straight: hold still for 45 s.", c


def _heel_drop(knee_bent: bool) -> Canvas:
    c = Canvas()
    c.ground()
    top = 182.0
    c.block(161, top, 140)
    c.line((105, top), (161, top), PROP_EDGE, 1, ' stroke-dasharray="3,3"')
    c.line((212, top), (212, 100), PROP_EDGE, 4)
    shin, thigh = (66, 108) if knee_bent else (92, 90)
    start = leg_up((170, top), -35, shin, thigh)
    end = leg_up((170, top), 30, shin, thigh)
    c.figure(figure(start, foot_lifted_behind, 88, (210, 108)), ghost=True)
    c.figure(figure(end, foot_lifted_behind, 88, (210, 112), highlight=("near_shin",)))
    c.arrow((start.heel[0] - 14, start.heel[1] - 10), (end.heel[0] - 14, end.heel[1] + 4), 10)
    c.text((60, 120), "3 s down", 12)
    c.text((60, 136), "up with the", 11)
    c.text((60, 150), "other leg", 11)
    return c


@scene("eccentric_heel_drop_straight")
def _drop_straight() -> tuple[str, Canvas]:
    return (
        "Knee straight (gastrocnemius): lower the heel below the step over 3 s.",
        _heel_drop(False),
    )


@scene("eccentric_heel_drop_bent")
def _drop_bent() -> tuple[str, Canvas]:
    return "Knee bent (soleus): lower the heel below the step over 3 s.", _heel_drop(True)


@scene("eccentric_heel_drop_floor")
def _drop_floor() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.wall(214)
    start = leg_up((178, GROUND), -35, 92, 90)
    end = leg_up((178, GROUND), 0, 92, 90)
    c.figure(figure(start, foot_lifted_behind, 88, (213, 108)), ghost=True)
    c.figure(figure(end, foot_lifted_behind, 88, (213, 114), highlight=("near_shin",)))
    c.arrow((start.heel[0] - 12, start.heel[1] - 6), (end.heel[0] - 12, end.heel[1] - 2), 6)
    c.text((60, 120), "stop at", 12)
    c.text((60, 136), "floor level", 12)
    return "Flat floor, no step: lower the heel over 3 s until it touches.", c


def _hsr_standing() -> Canvas:
    c = Canvas()
    c.ground()
    top = 190.0
    c.block(140, top, 90)
    for sole, ghost in ((-35.0, True), (14.0, False)):
        fig = figure(
            leg_up((184, top), sole, 91, 90),
            leg_up((188, top), sole, 91, 90),
            90,
            hand_at(-8, 10, (0, 1)),
            highlight=("near_shin", "far_shin"),
        )
        c.figure(fig, ghost)
        if not ghost:
            c.plate((fig.shoulder[0] - 4, fig.shoulder[1] + 2), 13)
    c.arrow((130, 150), (130, 112), 0)
    c.arrow((120, 112), (120, 150), 0)
    c.text((68, 128), "3 s up", 12)
    c.text((68, 144), "3 s down", 12)
    return c


@scene("heavy_slow_calf_raise_standing")
def _hsr_stand() -> tuple[str, Canvas]:
    return "Knees straight, weight on the back: 3 s up, 3 s down, full range.", _hsr_standing()


def _seated(heavy: bool) -> Canvas:
    c = Canvas()
    c.ground()
    seat = 150.0
    c.bench(60, seat, 80, back=not heavy)
    if heavy:
        c.block(146, 192, 40)
    toe_y = 192.0 if heavy else GROUND
    hip = (112.0, seat - 4)
    for sole, ghost in ((0.0 if not heavy else 12.0, True), (-40.0, False)):
        leg = leg_to(hip, (172, toe_y), sole, (0, -1))
        far = leg_to(hip, (175, toe_y), sole, (0, -1))
        fig = figure(
            leg, far, 92, (leg.knee[0] - 4, leg.knee[1] - 6), highlight=("near_shin", "far_shin")
        )
        c.figure(fig, ghost)
        if heavy and not ghost:
            c.plate((leg.knee[0] - 4, leg.knee[1] - 12), 11)
    c.arrow((228, 185), (228, 150), 0)
    c.text((250, 120), "3 s up" if heavy else "heels up", 12)
    c.text((250, 136), "3 s down" if heavy else "slowly down", 12)
    return c


@scene("heavy_slow_calf_raise_seated")
def _hsr_seated() -> tuple[str, Canvas]:
    return "Knees bent (soleus), heavy weight on the knees: 3 s up, 3 s down.", _seated(True)


@scene("seated_soleus_raise")
def _seated_soleus() -> tuple[str, Canvas]:
    return "Sitting, knees bent (soleus): lift both heels, lower slowly.", _seated(False)


@scene("leg_press_calf_raise")
def _leg_press() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.rect(40, 178, 110, 12)
    hip = (100.0, 172.0)
    angle = 16.0
    c.line(polar(hip, 9, 218), polar(polar(hip, 9, 218), 62, 128), PROP_EDGE, 7)
    for sole, ghost in (((angle + 112), True), ((angle + 50), False)):
        leg = leg_down(hip, angle, angle, sole)
        far = leg_down((hip[0] + 3, hip[1] - 2), angle, angle, sole)
        fig = figure(leg, far, 128, (hip[0] + 8, hip[1] - 8), highlight=("near_shin", "far_shin"))
        c.figure(fig, ghost)
        if not ghost:
            plate_at = leg.toe
            c.line(polar(plate_at, 34, angle + 90), polar(plate_at, 30, angle - 90), PROP_EDGE, 6)
    tip = leg_down(hip, angle, angle, angle + 50).toe
    c.arrow(polar(tip, 26, angle + 60), polar(polar(tip, 26, angle + 60), 22, angle), 0)
    c.text((240, 190), "knees straight", 12)
    return "Balls of the feet on the plate edge, knees straight: push 3 s, return 3 s.", c


@scene("single_leg_heel_raise")
def _single_raise() -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.wall(214)
    start = leg_up((178, GROUND), 0, 92, 90)
    end = leg_up((178, GROUND), -40, 92, 90)
    c.figure(figure(start, foot_lifted_behind, 88, (213, 114)), ghost=True)
    c.figure(figure(end, foot_lifted_behind, 88, (213, 108), highlight=("near_shin",)))
    c.arrow((125, 160), (125, 120), 0)
    c.text((70, 140), "up high,", 12)
    c.text((70, 156), "down slowly", 12)
    return "One leg, knee straight: rise as high as you can, lower slowly.", c


def _both_raise(caption: str, note: tuple[str, str]) -> tuple[str, Canvas]:
    c = Canvas()
    c.ground()
    c.wall(214)
    for sole, ghost in ((0.0, True), (-40.0, False)):
        leg = leg_up((178, GROUND), sole, 92, 90)
        far = leg_up((182, GROUND), sole, 92, 90)
        c.figure(figure(leg, far, 88, (213, 112), highlight=("near_shin", "far_shin")), ghost)
    c.arrow((125, 160), (125, 120), 0)
    c.text((70, 140), note[0], 12)
    c.text((70, 156), note[1], 12)
    return caption, c


@scene("double_leg_heel_raise")
def _double_raise() -> tuple[str, Canvas]:
    return _both_raise(
        "Both feet, knees straight: rise up, lower slowly.", ("both legs", "share the load")
    )


@scene("quick_rebound_heel_raise")
def _rebound() -> tuple[str, Canvas]:
    caption, c = _both_raise(
        "Both feet: quick, springy heel raises, no rest at the bottom.", ("quick", "and springy")
    )
    c.arrow((112, 120), (112, 160), 0)
    return caption, c
