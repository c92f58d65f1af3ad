"""Render the app icons (PNG) from our SVG with Debian's Chromium.

    .venv/bin/python scripts/make_icons.py

Writes src/tidings/web/static/icons/: the plain icon at 192 and 512 px (transparent
corners, as the SVG draws it), a maskable one at 512 px (full-bleed background, the mark
shrunk into the 80% safe circle that launchers crop to) and a 180 px apple-touch icon
(full-bleed too: iOS rounds the corners itself). Run it again after changing icon.svg.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

STATIC = Path(__file__).resolve().parents[1] / "src" / "tidings" / "web" / "static"
CHROMIUM = "/usr/bin/chromium"
# The mark's own extent is x 10..54, y 10..50 of 64: scaled by 0.7 about the centre its
# farthest corner is 20 units out, inside the maskable safe circle of radius 25.6.
MASK_SCALE = 0.7


def _parts(svg: str) -> tuple[str, str]:
    """The background colour and the mark (everything drawn over the background)."""
    match = re.search(r'<rect width="64" height="64" rx="\d+" fill="(#[0-9a-fA-F]+)"/>', svg)
    if match is None:
        raise SystemExit("icon.svg no longer starts with its background rect")
    body = svg[match.end() : svg.rindex("</svg>")]
    return match.group(1), body


def _full_bleed(svg: str, scale: float) -> str:
    background, mark = _parts(svg)
    offset = 32 * (1 - scale)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" fill="{background}"/>'
        f'<g transform="translate({offset:g} {offset:g}) scale({scale:g})">{mark}</g></svg>'
    )


def _render(page: Page, svg: str, size: int, target: Path) -> None:
    tag_end = svg.index(">") + 1
    opening = re.sub(r'\s(width|height)="\d+"', "", svg[:tag_end])
    sized = opening.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1) + svg[tag_end:]
    page.set_viewport_size({"width": size, "height": size})
    page.set_content(
        f"<!doctype html><html><body style='margin:0;background:transparent'>{sized}</body></html>"
    )
    page.locator("svg").screenshot(path=str(target), omit_background=True)
    print(f"wrote {target.relative_to(STATIC.parents[3])}")


def main() -> int:
    svg = (STATIC / "icon.svg").read_text(encoding="utf-8")
    out = STATIC / "icons"
    out.mkdir(exist_ok=True)
    maskable = _full_bleed(svg, MASK_SCALE)
    touch = _full_bleed(svg, 0.86)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless"])
        page = browser.new_page(device_scale_factor=1)
        for size in (192, 512):
            _render(page, svg, size, out / f"icon-{size}.png")
        _render(page, maskable, 512, out / "maskable-512.png")
        _render(page, touch, 180, out / "apple-touch-icon.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
