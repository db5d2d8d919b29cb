"""Draw the web app's PNG icons (192 and 512 px, for the manifest and home screens) from
``static/icons/icon.svg`` with vl-convert's SVG renderer (already a dependency for the charts).

Run after changing the SVG: ``python scripts/gen_icons.py``; the PNGs are committed."""

from __future__ import annotations

from pathlib import Path

import vl_convert

ICONS = Path(__file__).resolve().parent.parent / "src" / "achillescare" / "web" / "static" / "icons"
SIZES_PX = (192, 512)


def main() -> None:
    svg = (ICONS / "icon.svg").read_text()
    for size_px in SIZES_PX:
        png = vl_convert.svg_to_png(svg, scale=size_px / 512)
        (ICONS / f"icon-{size_px}.png").write_bytes(png)
        print(f"wrote icon-{size_px}.png ({len(png)} bytes)")


if __name__ == "__main__":
    main()
