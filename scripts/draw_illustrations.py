"""Draw one SVG illustration per exercise card: parametric stick figures, seen from the side.

Run ``.venv/bin/python scripts/draw_illustrations.py`` after adding or changing a card; it writes
``src/achillescare/data/illustrations/<id>.svg`` for every card (and fails for a card without a
scene). ``--check`` only reports drawings that are missing or differ (used by a test).

The geometry and SVG output live in ``illustration_kit.py``; one small function per card, in
``illustration_scenes_calf.py`` and ``illustration_scenes_body.py``, places the figure and props.
"""

from __future__ import annotations

import argparse
import sys

import illustration_scenes_body  # noqa: F401  (registers its scenes)
import illustration_scenes_calf  # noqa: F401  (registers its scenes)
from illustration_kit import OUT, SCENES, render

from achillescare.library import load_exercises


def build_all() -> dict[str, str]:
    """Every card's SVG by file name; a card without a scene is an error."""
    drawings: dict[str, str] = {}
    for exercise in load_exercises().values():
        if exercise.id not in SCENES:
            raise SystemExit(f"no scene for exercise {exercise.id}: add one to {__file__}")
        caption, canvas = SCENES[exercise.id]()
        description = f"{caption} {exercise.purpose}"
        drawings[exercise.illustration] = render(
            exercise.id, exercise.name, description, caption, canvas
        )
    return drawings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="report stale drawings, write none")
    args = parser.parse_args(argv)
    drawings = build_all()
    stale = [
        name
        for name, svg in drawings.items()
        if not (OUT / name).is_file() or (OUT / name).read_text(encoding="utf-8") != svg
    ]
    if args.check:
        for name in stale:
            print(f"stale: {name}")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (OUT / name).write_text(drawings[name], encoding="utf-8")
    print(f"{len(drawings)} illustrations, {len(stale)} written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
