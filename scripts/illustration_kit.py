"""The drawing kit of ``draw_illustrations.py``: stick-figure geometry, props and SVG output.

A figure is built from joints: a foot is placed (toe point and sole angle) and the leg is built up
from it with segment angles, or a limb is solved to reach a target (two-link inverse kinematics).
Angles are in degrees, counter-clockwise, 0 = pointing right, 90 = up; the figure faces right.
The near limbs are dark, the far limbs grey, the working part orange; a faint "ghost" shows the
start position and an arrow the movement.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

Point = tuple[float, float]

OUT = Path(__file__).resolve().parent.parent / "src/achillescare/data/illustrations"
WIDTH, HEIGHT = 400, 282
GROUND = 205.0
TRUNK, NECK, HEAD_R = 50.0, 5.0, 9.0
THIGH, SHIN = 40.0, 38.0
UPPER_ARM, FOREARM = 25.0, 23.0
FOOT, HEEL_TO_ANKLE, ANKLE_HEIGHT = 25.0, 7.0, 7.5
INK, FAR_INK, ACCENT, PROP, PROP_EDGE = "#1f2937", "#9ca3af", "#d9480f", "#e5e7eb", "#6b7280"


def polar(origin: Point, length: float, angle: float) -> Point:
    """The point ``length`` away from ``origin`` in direction ``angle`` (degrees, y down)."""
    rad = math.radians(angle)
    return (origin[0] + length * math.cos(rad), origin[1] - length * math.sin(rad))


def two_link(root: Point, end: Point, first: float, second: float, bend: Point) -> Point:
    """The middle joint of a two-segment limb from ``root`` to ``end``, bent towards ``bend``.

    A target slightly out of reach (up to 6 %) straightens the limb; further is a scene error.
    """
    dx, dy = end[0] - root[0], end[1] - root[1]
    dist = math.hypot(dx, dy)
    if dist > (first + second) * 1.06:
        raise ValueError(f"limb cannot reach: {dist:.1f} > {first + second:.1f}")
    if dist >= first + second:
        return (root[0] + dx * first / dist, root[1] + dy * first / dist)
    cos_a = (first**2 + dist**2 - second**2) / (2 * first * dist)
    a = math.acos(max(-1.0, min(1.0, cos_a)))
    base = math.atan2(dy, dx)
    options = [
        (root[0] + first * math.cos(base + s * a), root[1] + first * math.sin(base + s * a))
        for s in (1, -1)
    ]
    return max(options, key=lambda p: (p[0] - root[0]) * bend[0] + (p[1] - root[1]) * bend[1])


@dataclass(frozen=True)
class Leg:
    hip: Point
    knee: Point
    ankle: Point
    heel: Point
    toe: Point


@dataclass(frozen=True)
class Arm:
    shoulder: Point
    elbow: Point
    hand: Point


def foot_from_ankle(ankle: Point, sole: float) -> tuple[Point, Point]:
    """Heel and toe of a foot whose sole (heel → toe) points at ``sole`` degrees."""
    heel = polar(polar(ankle, ANKLE_HEIGHT, sole - 90), HEEL_TO_ANKLE, sole + 180)
    return heel, polar(heel, FOOT, sole)


def ankle_from_toe(toe: Point, sole: float) -> Point:
    heel = polar(toe, FOOT, sole + 180)
    return polar(polar(heel, HEEL_TO_ANKLE, sole), ANKLE_HEIGHT, sole + 90)


def leg_up(toe: Point, sole: float, shin: float, thigh: float) -> Leg:
    """A stance leg built from the foot up: ``shin`` and ``thigh`` are segment angles."""
    ankle = ankle_from_toe(toe, sole)
    knee = polar(ankle, SHIN, shin)
    hip = polar(knee, THIGH, thigh)
    heel, toe_point = foot_from_ankle(ankle, sole)
    return Leg(hip, knee, ankle, heel, toe_point)


def leg_down(hip: Point, thigh: float, shin: float, sole: float) -> Leg:
    """A leg built from the hip down by segment angles (swing legs, lying and seated poses)."""
    knee = polar(hip, THIGH, thigh)
    ankle = polar(knee, SHIN, shin)
    heel, toe = foot_from_ankle(ankle, sole)
    return Leg(hip, knee, ankle, heel, toe)


def leg_to(hip: Point, toe: Point, sole: float, bend: Point = (1, 0)) -> Leg:
    """A leg from ``hip`` to a foot placed by its toe, the knee solved towards ``bend``."""
    ankle = ankle_from_toe(toe, sole)
    knee = two_link(hip, ankle, THIGH, SHIN, bend)
    heel, toe_point = foot_from_ankle(ankle, sole)
    return Leg(hip, knee, ankle, heel, toe_point)


def arm_to(shoulder: Point, hand: Point, bend: Point = (-0.3, 1)) -> Arm:
    """An arm reaching ``hand``; out of reach, it points there at full length."""
    dx, dy = hand[0] - shoulder[0], hand[1] - shoulder[1]
    dist = math.hypot(dx, dy)
    reach = UPPER_ARM + FOREARM
    if dist > reach:
        hand = (shoulder[0] + dx * reach / dist, shoulder[1] + dy * reach / dist)
    return Arm(shoulder, two_link(shoulder, hand, UPPER_ARM, FOREARM, bend), hand)


@dataclass(frozen=True)
class Figure:
    hip: Point
    shoulder: Point
    head: Point
    near_leg: Leg
    far_leg: Leg
    near_arm: Arm
    far_arm: Arm
    highlight: frozenset[str] = frozenset()


def figure(
    near_leg: Leg,
    far_leg: Leg | Callable[[Point], Leg],
    trunk: float,
    near_hand: Point | Callable[[Point], Arm],
    *,
    far_hand: Point | Callable[[Point], Arm] | None = None,
    head: float | None = None,
    highlight: tuple[str, ...] = (),
) -> Figure:
    """Assemble a figure around the near leg's hip; other limbs may be given as builders."""
    hip = near_leg.hip
    shoulder = polar(hip, TRUNK, trunk)
    head_centre = polar(shoulder, NECK + HEAD_R, trunk if head is None else head)
    far = far_leg(hip) if callable(far_leg) else far_leg

    def make_arm(hand: Point | Callable[[Point], Arm]) -> Arm:
        return hand(shoulder) if callable(hand) else arm_to(shoulder, hand)

    near_arm = make_arm(near_hand)
    far_arm = make_arm(far_hand if far_hand is not None else near_hand)
    return Figure(
        hip, shoulder, head_centre, near_leg, far, near_arm, far_arm, frozenset(highlight)
    )


def hips_level(dx: float = 0.0) -> Callable[[Point], Leg]:
    """A far leg standing beside the near one (both feet flat), ``dx`` behind or ahead."""

    def build(hip: Point) -> Leg:
        return leg_to(hip, (hip[0] + 16 + dx, GROUND), 0)

    return build


# ---------------------------------------------------------------- drawing


@dataclass
class Canvas:
    """SVG fragments in drawing order (props, ghost, figure, arrows, labels)."""

    parts: list[str] = field(default_factory=list)

    def line(self, a: Point, b: Point, colour: str, width: float, extra: str = "") -> None:
        self.parts.append(
            f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
            f'stroke="{colour}" stroke-width="{width}" stroke-linecap="round"{extra}/>'
        )

    def rect(self, x: float, y: float, w: float, h: float, fill: str = PROP) -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}" '
            f'stroke="{PROP_EDGE}" stroke-width="1.5"/>'
        )

    def circle(self, c: Point, r: float, fill: str, stroke: str = "none") -> None:
        self.parts.append(
            f'<circle cx="{c[0]:.1f}" cy="{c[1]:.1f}" r="{r:.1f}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"/>'
        )

    def text(self, at: Point, words: str, size: float = 11, anchor: str = "middle") -> None:
        self.parts.append(
            f'<text x="{at[0]:.1f}" y="{at[1]:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{INK}">{escape(words)}</text>'
        )

    def arrow(self, start: Point, end: Point, bulge: float = 0.0) -> None:
        """A movement arrow; ``bulge`` curves it sideways (px, + = left of travel)."""
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        dx, dy = end[0] - start[0], end[1] - start[1]
        length = math.hypot(dx, dy) or 1.0
        cx, cy = mx + bulge * dy / length, my - bulge * dx / length
        self.parts.append(
            f'<path d="M{start[0]:.1f},{start[1]:.1f} Q{cx:.1f},{cy:.1f} {end[0]:.1f},{end[1]:.1f}" '
            f'fill="none" stroke="{ACCENT}" stroke-width="2" marker-end="url(#head)"/>'
        )

    def ground(self) -> None:
        self.line((0, GROUND), (320, GROUND), PROP_EDGE, 2)

    def block(self, x: float, top: float, w: float) -> None:
        """A step, box or plate standing on the ground."""
        self.rect(x, top, w, GROUND - top)

    def wall(self, x: float) -> None:
        self.rect(x, 40, 10, GROUND - 40)

    def bench(self, x: float, top: float, w: float, back: bool = False) -> None:
        self.rect(x, top, w, 7)
        self.line((x + 5, top + 7), (x + 5, GROUND), PROP_EDGE, 3)
        self.line((x + w - 5, top + 7), (x + w - 5, GROUND), PROP_EDGE, 3)
        if back:
            self.line((x + 3, top), (x + 3, top - 45), PROP_EDGE, 4)

    def plate(self, at: Point, r: float = 12) -> None:
        """A weight plate, seen edge-on to the bar (the bar runs into the picture)."""
        self.circle(at, r, "#cbd5e1", PROP_EDGE)
        self.circle(at, 2.5, PROP_EDGE)

    def kettlebell(self, at: Point) -> None:
        self.circle((at[0], at[1] + 7), 8, PROP_EDGE)
        self.parts.append(
            f'<path d="M{at[0] - 5:.1f},{at[1] + 1:.1f} a5,5 0 0 1 10,0" fill="none" '
            f'stroke="{PROP_EDGE}" stroke-width="2.5"/>'
        )

    def figure(self, fig: Figure, ghost: bool = False) -> None:
        group = '<g opacity="0.28">' if ghost else "<g>"
        self.parts.append(group)
        far = FAR_INK if not ghost else INK
        self._leg(fig.far_leg, far, "far", fig.highlight, ghost)
        self._arm(fig.far_arm, far)
        self.line(fig.hip, fig.shoulder, INK, 6)
        self.line(fig.shoulder, fig.head, INK, 4)
        self.circle(fig.head, HEAD_R, "#ffffff", INK)
        self._leg(fig.near_leg, INK, "near", fig.highlight, ghost)
        self._arm(fig.near_arm, INK)
        if "hip" in fig.highlight and not ghost:
            self.circle(fig.hip, 7, ACCENT)
        self.parts.append("</g>")

    def _leg(self, leg: Leg, colour: str, side: str, marked: frozenset[str], ghost: bool) -> None:
        def pick(name: str) -> str:
            return ACCENT if f"{side}_{name}" in marked and not ghost else colour

        self.line(leg.hip, leg.knee, pick("thigh"), 5)
        self.line(leg.knee, leg.ankle, pick("shin"), 5)
        self.parts.append(
            f'<path d="M{leg.ankle[0]:.1f},{leg.ankle[1]:.1f} L{leg.heel[0]:.1f},{leg.heel[1]:.1f} '
            f'L{leg.toe[0]:.1f},{leg.toe[1]:.1f} Z" fill="{colour}" stroke="{colour}" '
            f'stroke-width="2" stroke-linejoin="round"/>'
        )

    def _arm(self, arm: Arm, colour: str) -> None:
        self.line(arm.shoulder, arm.elbow, colour, 4)
        self.line(arm.elbow, arm.hand, colour, 4)


def render(uid: str, title: str, description: str, caption: str, canvas: Canvas) -> str:
    """The finished SVG document: accessible title and description, visible title and caption.

    Ids inside the drawing start with ``uid`` (the exercise id), so several drawings inlined in one
    HTML page (the plan handout) keep distinct titles and arrowheads.
    """
    size = min(15.0, round(380 / (0.64 * len(title)), 1))
    lines = textwrap.wrap(caption, 58)
    first_y = HEIGHT - 12 - 15 * (len(lines) - 1)
    caption_svg = "".join(
        f'<tspan x="{WIDTH / 2}" y="{first_y + 15 * n}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    body = "\n    ".join(canvas.parts).replace("url(#head)", f"url(#{uid}-arrow)")
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" \
width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{uid}-title {uid}-desc" \
font-family="DejaVu Sans, Arial, Helvetica, sans-serif">
  <title id="{uid}-title">{escape(title)}</title>
  <desc id="{uid}-desc">{escape(description)}</desc>
  <defs>
    <marker id="{uid}-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" \
markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{ACCENT}"/></marker>
  </defs>
  <rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>
  <text x="{WIDTH / 2}" y="24" font-size="{size}" font-weight="bold" text-anchor="middle" \
fill="{INK}">{escape(title)}</text>
  <g transform="translate(21,8) scale(1.12)">
    {body}
  </g>
  <text font-size="12" text-anchor="middle" fill="{INK}">{caption_svg}</text>
</svg>
"""


# ---------------------------------------------------------------- reusable limbs


def foot_lifted_behind(hip: Point) -> Leg:
    """The free leg of a single-leg stance: knee bent, foot off the ground behind."""
    return leg_down(hip, -95, 195, 255)


def hand_at(dx: float, dy: float, bend: Point = (-0.3, 1)) -> Callable[[Point], Arm]:
    """A hand placed relative to the shoulder."""

    def build(shoulder: Point) -> Arm:
        return arm_to(shoulder, (shoulder[0] + dx, shoulder[1] + dy), bend)

    return build


def runner(toe: Point, highlight: tuple[str, ...] = ()) -> Figure:
    """Mid-stance of easy running: near foot under the hip, far leg swinging through."""
    stance = leg_up(toe, -8, 74, 100)
    return figure(
        stance,
        lambda hip: leg_down(hip, -40, -115, -25),
        80,
        hand_at(20, 22, (0.2, 1)),
        far_hand=hand_at(-20, 26, (-1, 0.3)),
        highlight=highlight,
    )


def walker(toe: Point) -> Figure:
    stance = leg_up(toe, 0, 85, 95)
    return figure(
        stance,
        lambda hip: leg_to(hip, (hip[0] + 36, GROUND - 4), 20),
        90,
        hand_at(10, 44),
        far_hand=hand_at(-10, 44),
    )


# ---------------------------------------------------------------- the scenes

Scene = Callable[[], tuple[str, Canvas]]
SCENES: dict[str, Scene] = {}


def scene(exercise_id: str) -> Callable[[Scene], Scene]:
    def register(fn: Scene) -> Scene:
        SCENES[exercise_id] = fn
        return fn

    return register
