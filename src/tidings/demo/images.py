"""Deterministic SVG "photos" and favicons for the demo outlets.

Each picture is an abstract scene (sky gradient, horizon, a few shapes for the theme),
seeded by the image name so the same URL always serves the same bytes. No text is drawn in
photos; they stay under 3 KB so the demo stays light.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from html import escape

# sky top, sky bottom, ground
_PALETTES: dict[str, tuple[str, str, str]] = {
    "day": ("#7fb7f0", "#e4f1fb", "#5f8f5b"),
    "dawn": ("#f2a98a", "#fde3c3", "#6e7d66"),
    "dusk": ("#3a3d78", "#f19062", "#2c2f46"),
    "night": ("#0b1634", "#2b4372", "#21402c"),
    "storm": ("#39434d", "#8f9ba6", "#3d4c48"),
    "fire": ("#4f1b10", "#f0913f", "#2a1911"),
    "space": ("#02040e", "#1c2452", "#11131d"),
    "indoor": ("#d6c7ae", "#f3ece0", "#8a6f52"),
}

Feature = Callable[[random.Random, int, int, int], str]


def _shade(colour: str, factor: float) -> str:
    """Lighten (factor > 1) or darken (< 1) a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{max(0, min(255, round(c * factor))):02x}" for c in channels)


def _sun(rng: random.Random, w: int, h: int, y: int) -> str:
    x, r = rng.randint(w // 8, w * 7 // 8), rng.randint(h // 14, h // 8)
    return (
        f'<circle cx="{x}" cy="{rng.randint(r + 10, y - r)}" r="{r}" fill="#fff4c8" opacity=".85"/>'
    )


def _hills(rng: random.Random, w: int, h: int, y: int) -> str:
    a, b = y - rng.randint(0, h // 10), y - rng.randint(0, h // 8)
    return (
        f'<path d="M0 {a} Q{w // 3} {b - h // 10} {w // 2} {y} T{w} {b} V{h} H0Z" fill="url(#g)"/>'
    )


def _water(rng: random.Random, w: int, h: int, y: int) -> str:
    waves = "".join(
        f"M{rng.randint(0, w // 2)} {y + (h - y) * i // 5}h{rng.randint(w // 6, w // 3)}"
        for i in range(1, 5)
    )
    return (
        f'<rect y="{y}" width="{w}" height="{h - y}" fill="#2f5d7c"/>'
        f'<path d="{waves}" stroke="#9cc3dc" stroke-width="3" opacity=".6"/>'
    )


def _skyline(rng: random.Random, w: int, h: int, y: int) -> str:
    x, parts = 0, []
    while x < w:
        bw, bh = rng.randint(w // 24, w // 10), rng.randint(h // 12, h // 3)
        parts.append(f"M{x} {y}v-{bh}h{bw}v{bh}")
        x += bw + rng.randint(0, w // 60)
    return f'<path d="{"".join(parts)}Z" fill="#263349" opacity=".9"/>'


def _bridge(rng: random.Random, w: int, h: int, y: int) -> str:
    t1, t2, top = w // 4, w * 3 // 4, y - rng.randint(h // 4, h // 3)
    deck = y - h // 14
    return (
        f'<path d="M{t1} {y}V{top}M{t2} {y}V{top}" stroke="#1d2433" stroke-width="{w // 60}"/>'
        f'<path d="M0 {deck + 20}Q{t1 // 2} {deck} {t1} {top}Q{w // 2} {deck + 10} {t2} {top}'
        f'Q{(t2 + w) // 2} {deck} {w} {deck + 20}" fill="none" stroke="#1d2433" stroke-width="4"/>'
        f'<rect y="{deck}" width="{w}" height="{h // 40}" fill="#1d2433"/>'
    )


def _boats(rng: random.Random, w: int, h: int, y: int) -> str:
    parts = []
    for _ in range(3):
        x, by = rng.randint(0, w - 90), rng.randint(y + 20, h - 30)
        parts.append(f"M{x} {by}h80l-14 18h-52zM{x + 38} {by}v-50l30 44z")
    return f'<path d="{"".join(parts)}" fill="#f4efe6"/>'


def _clouds(rng: random.Random, w: int, h: int, y: int) -> str:
    return "".join(
        f'<ellipse cx="{rng.randint(0, w)}" cy="{rng.randint(h // 12, y // 2)}" '
        f'rx="{rng.randint(w // 8, w // 4)}" ry="{rng.randint(h // 20, h // 9)}" '
        f'fill="#4b5560" opacity=".7"/>'
        for _ in range(5)
    )


def _rain(rng: random.Random, w: int, h: int, y: int) -> str:
    d = "".join(f"M{rng.randint(0, w)} {rng.randint(0, h)}l-12 36" for _ in range(40))
    return f'<path d="{d}" stroke="#c9d3dc" stroke-width="2" opacity=".6"/>'


def _trees(rng: random.Random, w: int, h: int, y: int) -> str:
    parts = []
    for _ in range(12):
        x, s = rng.randint(0, w), rng.randint(h // 16, h // 7)
        parts.append(f"M{x} {y + rng.randint(0, h // 12)}l{s // 2} -{s * 2}l{s // 2} {s * 2}z")
    return f'<path d="{"".join(parts)}" fill="#1f3d29"/>'


def _glow(rng: random.Random, w: int, h: int, y: int) -> str:
    return (
        f'<ellipse cx="{rng.randint(w // 3, w * 2 // 3)}" cy="{y}" rx="{w // 2}" ry="{h // 5}" '
        f'fill="#ff7a2f" opacity=".55"/>'
    )


def _smoke(rng: random.Random, w: int, h: int, y: int) -> str:
    return "".join(
        f'<circle cx="{rng.randint(w // 4, w * 3 // 4) + i * 30}" cy="{y - i * h // 9}" '
        f'r="{h // 12 + i * 12}" fill="#8a817c" opacity=".35"/>'
        for i in range(5)
    )


def _stadium(rng: random.Random, w: int, h: int, y: int) -> str:
    m = rng.randint(w // 12, w // 6)
    return (
        f'<path d="M{m} {h}L{w // 4} {y}H{w * 3 // 4}L{w - m} {h}Z" fill="#3f8f46"/>'
        f'<path d="M{w // 2} {y}V{h}" stroke="#e8f5e9" stroke-width="3"/>'
        f'<path d="M0 {y}Q{w // 2} {y - h // 3} {w} {y}" fill="none" stroke="#c0392b" '
        f'stroke-width="{h // 12}" opacity=".8"/>'
        f'<path d="M{w // 10} {y}V{h // 6}M{w * 9 // 10} {y}V{h // 6}" stroke="#ddd" '
        f'stroke-width="6"/><circle cx="{w // 10}" cy="{h // 6}" r="14" fill="#fffbe0"/>'
        f'<circle cx="{w * 9 // 10}" cy="{h // 6}" r="14" fill="#fffbe0"/>'
    )


def _mountains(rng: random.Random, w: int, h: int, y: int) -> str:
    d = f"M0 {y}" + "".join(
        f"L{w * (2 * i + 1) // 10} {y - rng.randint(h // 6, h // 2)}L{w * (i + 1) // 5} {y}"
        for i in range(5)
    )
    return f'<path d="{d}Z" fill="#5b5f73"/>'


def _crack(rng: random.Random, w: int, h: int, y: int) -> str:
    x = rng.randint(w // 4, w // 2)
    d = f"M{x} {h}" + "".join(f"l{rng.randint(-40, 40)} -{(h - y) // 6}" for _ in range(6))
    return f'<path d="{d}" fill="none" stroke="#1b1b1b" stroke-width="6"/>'


def _towers(rng: random.Random, w: int, h: int, y: int) -> str:
    parts = []
    for i in range(4):
        x, th = w * i // 4 + rng.randint(10, 60), rng.randint(h // 3, h * 2 // 3)
        parts.append(f'<rect x="{x}" y="{y - th}" width="{w // 7}" height="{th}" fill="url(#p)"/>')
    return "".join(parts)


def _stars(rng: random.Random, w: int, h: int, y: int) -> str:
    d = "".join(f"M{rng.randint(0, w)} {rng.randint(0, y)}h1" for _ in range(70))
    return f'<path d="{d}" stroke="#fff" stroke-width="3" stroke-linecap="round"/>'


def _rocket(rng: random.Random, w: int, h: int, y: int) -> str:
    x = rng.randint(w // 3, w * 2 // 3)
    return (
        f'<path d="M{x - 60} {y}Q{x} {y - h // 3} {x + w // 5} {h // 8}" fill="none" '
        f'stroke="#ffd9a0" stroke-width="10" opacity=".8"/>'
        f'<circle cx="{x + w // 5}" cy="{h // 8}" r="10" fill="#fff"/>'
    )


def _columns(rng: random.Random, w: int, h: int, y: int) -> str:
    left, right, top = w // 5, w * 4 // 5, y - rng.randint(h // 3, h // 2)
    cols = "".join(f"M{left + 30 + i * (right - left - 60) // 5} {y}V{top}" for i in range(6))
    return (
        f'<path d="M{left - 20} {top}L{w // 2} {top - h // 7}L{right + 20} {top}Z" fill="#e8e2d6"/>'
        f'<path d="{cols}" stroke="#e8e2d6" stroke-width="{w // 40}"/>'
    )


def _chart(rng: random.Random, w: int, h: int, y: int) -> str:
    pts = " ".join(f"{w * i // 8},{y - i * h // 16 - rng.randint(0, h // 10)}" for i in range(9))
    return f'<polyline points="{pts}" fill="none" stroke="#ffe08a" stroke-width="8"/>'


def _rows(rng: random.Random, w: int, h: int, y: int) -> str:
    d = "".join(f"M{w // 2} {y}L{w * i // 8 - rng.randint(0, 40)} {h}" for i in range(-2, 11))
    return f'<path d="{d}" stroke="#2e5a2a" stroke-width="5" opacity=".7"/>'


def _path(rng: random.Random, w: int, h: int, y: int) -> str:
    x = rng.randint(w // 3, w // 2)
    return (
        f'<path d="M{x} {y}C{x + 200} {y + 60} {x - 200} {h - 80} {x + 40} {h}" fill="none" '
        f'stroke="#efe3c8" stroke-width="{w // 25}"/>'
    )


def _awning(rng: random.Random, w: int, h: int, y: int) -> str:
    stripes = "".join(
        f'<rect x="{i * w // 10}" y="{h // 5}" width="{w // 20}" height="{h // 6}" fill="#c0392b"/>'
        for i in range(10)
    )
    return f'<rect y="{h // 5}" width="{w}" height="{h // 6}" fill="#fff6e5"/>{stripes}'


def _crowd(rng: random.Random, w: int, h: int, y: int) -> str:
    d = "".join(
        f"M{x} {y + rng.randint(0, 30)}a{r} {r} 0 1 0 1 0"
        for x in range(20, w, w // 24)
        for r in (rng.randint(16, 24),)
    )
    return f'<path d="{d}" fill="#2a2230" stroke="#2a2230" stroke-width="24"/>'


def _train(rng: random.Random, w: int, h: int, y: int) -> str:
    x = rng.randint(0, w // 3)
    return (
        f'<path d="M0 {y + 40}H{w}" stroke="#444" stroke-width="6"/>'
        f'<rect x="{x}" y="{y - h // 8}" width="{w // 2}" height="{h // 7}" rx="18" '
        f'fill="#d94f2b"/>'
        f'<path d="M{x + 30} {y - h // 16}h{w // 2 - 60}" stroke="#cfe6f5" stroke-width="20" '
        f'stroke-dasharray="40 14"/>'
    )


def _shelves(rng: random.Random, w: int, h: int, y: int) -> str:
    books = "".join(
        f"M{x} {row}v-{rng.randint(40, 70)}"
        for row in range(h // 4, h, h // 4)
        for x in range(40, w - 40, 26)
        if rng.random() < 0.7
    )
    return f'<path d="{books}" stroke="#7a3e2b" stroke-width="18"/>'


def _device(rng: random.Random, w: int, h: int, y: int) -> str:
    x = rng.randint(w // 3, w // 2)
    return (
        f'<rect x="{x}" y="{h // 8}" width="{w // 5}" height="{h * 3 // 4}" rx="28" '
        f'fill="#1e1f26"/>'
        f'<rect x="{x + 14}" y="{h // 8 + 30}" width="{w // 5 - 28}" height="{h * 3 // 4 - 60}" '
        f'rx="10" fill="#4aa3df"/>'
    )


def _portrait(rng: random.Random, w: int, h: int, y: int) -> str:
    x = rng.randint(w // 3, w * 2 // 3)
    return (
        f'<ellipse cx="{x}" cy="{h}" rx="{w // 5}" ry="{h // 3}" fill="#34495e"/>'
        f'<circle cx="{x}" cy="{h // 2 - 20}" r="{h // 7}" fill="#c98f6b"/>'
    )


# theme: (palette, features drawn in order; a ground layer is always first unless water)
THEMES: dict[str, tuple[str, tuple[Feature, ...]]] = {
    "bridge": ("dusk", (_sun, _water, _bridge)),
    "harbour": ("day", (_sun, _skyline, _water, _boats)),
    "city": ("day", (_sun, _hills, _skyline)),
    "street": ("dusk", (_hills, _skyline, _crowd)),
    "storm": ("storm", (_clouds, _water, _rain)),
    "flood": ("storm", (_clouds, _hills, _skyline, _water, _rain)),
    "forest": ("day", (_sun, _hills, _trees)),
    "fire": ("fire", (_glow, _hills, _trees, _smoke)),
    "stadium": ("night", (_hills, _stadium)),
    "mountain": ("dawn", (_sun, _mountains, _hills)),
    "quake": ("dawn", (_mountains, _hills, _crack)),
    "office": ("day", (_sun, _hills, _towers)),
    "space": ("space", (_stars, _hills, _rocket)),
    "museum": ("day", (_sun, _hills, _columns)),
    "bank": ("dusk", (_hills, _columns, _chart)),
    "finance": ("night", (_hills, _towers, _chart)),
    "vineyard": ("dawn", (_sun, _hills, _rows)),
    "park": ("day", (_sun, _hills, _path, _trees)),
    "market": ("day", (_hills, _awning, _crowd)),
    "train": ("day", (_sun, _hills, _train)),
    "library": ("indoor", (_hills, _shelves)),
    "device": ("indoor", (_hills, _device)),
    "portrait": ("indoor", (_portrait,)),
    "crowd": ("dusk", (_hills, _skyline, _crowd)),
}


def render_photo(name: str, theme: str, width: int, height: int) -> str:
    """An SVG scene for ``theme``, the same bytes every time for the same arguments."""
    palette_name, features = THEMES[theme]
    seed = int.from_bytes(hashlib.sha256(f"{name}|{theme}".encode()).digest()[:8], "big")
    rng = random.Random(seed)
    top, bottom, ground = (_shade(c, rng.uniform(0.88, 1.12)) for c in _PALETTES[palette_name])
    horizon = round(height * rng.uniform(0.58, 0.7))
    layers = "" if _water in features or _hills in features else _hills(rng, width, height, horizon)
    layers += "".join(feature(rng, width, height, horizon) for feature in features)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
        f'<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1">'
        f'<stop offset="0" stop-color="{top}"/><stop offset="1" stop-color="{bottom}"/>'
        f'</linearGradient><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">'
        f'<stop offset="0" stop-color="{ground}"/>'
        f'<stop offset="1" stop-color="{_shade(ground, 0.6)}"/></linearGradient>'
        f'<pattern id="p" width="24" height="28" patternUnits="userSpaceOnUse">'
        f'<rect width="24" height="28" fill="#34495e"/>'
        f'<rect x="6" y="6" width="12" height="14" fill="#f6e7a8" opacity=".7"/></pattern></defs>'
        f'<rect width="{width}" height="{height}" fill="url(#s)"/>{layers}</svg>'
    )


def render_favicon(letter: str, colour: str) -> str:
    """A square letter mark in the outlet's brand colour."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="12" fill="{escape(colour)}"/>'
        '<text x="32" y="45" font-family="Georgia, serif" font-size="40" font-weight="bold" '
        f'text-anchor="middle" fill="#ffffff">{escape(letter)}</text></svg>'
    )
