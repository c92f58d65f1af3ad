"""The installable app over HTTP: manifest, icons, service worker, offline page, budgets."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tidings import __version__
from tidings.config import Settings
from tidings.web import create_app
from tidings.web.i18n import LANGUAGES

STATIC = Path(__file__).resolve().parents[2] / "src" / "tidings" / "web" / "static"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings))


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _png_first_pixel_alpha(data: bytes) -> int:
    """The top-left pixel's alpha in an 8-bit RGB or RGBA PNG (RGB has none: opaque). Every
    PNG row filter predicts the first pixel of the first row from zeros, so its bytes are
    stored as they are."""
    bit_depth, colour_type = data[24], data[25]
    assert bit_depth == 8 and colour_type in (2, 6)
    if colour_type == 2:
        return 255
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    return raw[1 + 3]  # after the row's filter byte: R, G, B, A


def test_manifest_has_what_installing_needs(client: TestClient, settings: Settings) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text)
    assert manifest["name"] == settings.site_name
    assert 0 < len(manifest["short_name"]) <= 12
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    for colour in ("theme_color", "background_color"):
        assert re.fullmatch(r"#[0-9a-f]{6}", manifest[colour])
    purposes = {(i["sizes"], i["type"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert ("192x192", "image/png", "any") in purposes
    assert ("512x512", "image/png", "any") in purposes
    assert ("512x512", "image/png", "maskable") in purposes
    assert ("any", "image/svg+xml", "any") in purposes


def test_manifest_takes_the_site_name(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", starter_sources=False, site_name="Harbour Town Daily"
    )
    manifest = TestClient(create_app(settings)).get("/manifest.webmanifest").json()
    assert manifest["name"] == "Harbour Town Daily"
    assert manifest["short_name"] == "Harbour Town"


def test_icons_are_served_at_their_declared_sizes(client: TestClient) -> None:
    manifest = client.get("/manifest.webmanifest").json()
    for icon in manifest["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        assert response.headers["content-type"] == icon["type"]
        if icon["type"] == "image/png":
            width, height = _png_size(response.content)
            assert f"{width}x{height}" == icon["sizes"]
            alpha = _png_first_pixel_alpha(response.content)
            # A maskable icon fills its square (launchers crop it); the plain one has
            # the SVG's transparent rounded corners.
            assert alpha == (255 if icon.get("purpose") == "maskable" else 0), icon["src"]


def test_pages_link_the_manifest_and_icons(client: TestClient) -> None:
    html = client.get("/en/offline").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert re.search(r'<meta name="theme-color" content="#[0-9a-f]{6}">', html)
    touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', html)
    assert touch
    assert _png_size(client.get(touch.group(1)).content) == (180, 180)
    # theme.js must run before the first paint, app.js after parsing.
    assert re.search(r'<script src="/static/theme\.js\?v=[^"]+"></script>', html)
    assert re.search(r'<script src="/static/app\.js\?v=[^"]+" defer></script>', html)


def _worker_config(body: str) -> dict[str, object]:
    first, _, _rest = body.partition("\n")
    found = re.fullmatch(r"const CONFIG = (\{.*\});", first)
    assert found, first
    config: dict[str, object] = json.loads(found.group(1))
    return config


def test_service_worker_is_served_from_the_root_uncached(client: TestClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    assert "service-worker-allowed" not in response.headers  # its scope is / anyway
    assert response.text.endswith((STATIC / "sw.js").read_text(encoding="utf-8"))
    config = _worker_config(response.text)
    assert str(config["version"]).startswith(__version__ + "-")
    assert config["language"] == "en"
    assert config["offline"] == {lang: f"/{lang}/offline" for lang in LANGUAGES}


def test_the_precached_shell_is_what_pages_load(client: TestClient) -> None:
    config = _worker_config(client.get("/sw.js").text)
    shell = config["shell"]
    assert isinstance(shell, list)
    html = client.get("/en/offline").text
    linked = set(re.findall(r'(?:src|href)="(/static/[^"]+|/manifest\.webmanifest)"', html))
    needed = {u for u in linked if not u.startswith("/static/icons/apple")}
    assert needed <= set(shell), needed - set(shell)
    for url in shell:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_offline_page_renders_in_every_language(client: TestClient, lang: str) -> None:
    response = client.get(f"/{lang}/offline")
    assert response.status_code == 200
    html = response.text
    assert f'<html lang="{lang}">' in html
    assert "data-offline-page" in html
    assert '<ul data-cache="saved"' in html and '<ul data-cache="recent"' in html
    assert '<meta name="robots" content="noindex">' in html
    # The notice and the shortcuts help are in the page for app.js to show, hidden first.
    assert re.search(r'<p class="offline-notice" role="status" hidden>[^<]+</p>', html)
    assert re.search(r'<dialog class="shortcuts"[^>]*data-search="/' + lang + '/search"', html)


def test_offline_page_in_an_unknown_language_is_not_found(client: TestClient) -> None:
    assert client.get("/xx/offline").status_code == 404


def test_csp_still_forbids_inline_script_and_style(client: TestClient) -> None:
    for path in ("/en/offline", "/sw.js", "/manifest.webmanifest"):
        csp = client.get(path).headers["content-security-policy"]
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert "script-src 'self';" in csp and "style-src 'self';" in csp
        assert "default-src 'self'" in csp  # covers manifest-src and worker-src
    html = client.get("/en/offline").text
    assert " style=" not in html and "<style" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert " src=" in tag, tag


def test_javascript_and_css_stay_within_budget() -> None:
    script = sum(p.stat().st_size for p in STATIC.glob("*.js"))
    style = sum(p.stat().st_size for p in STATIC.glob("*.css"))
    assert (STATIC / "sw.js").exists() and (STATIC / "theme.js").exists()
    assert script <= 30 * 1024, script
    assert style <= 40 * 1024, style  # tests/web/test_lean_pages.py says why 40


def _declarations(block: str) -> dict[str, str]:
    pairs = (d.split(":", 1) for d in block.split(";") if ":" in d)
    return {k.strip(): v.strip() for k, v in pairs if k.strip() != "color-scheme"}


def test_chosen_dark_theme_matches_the_system_dark_theme() -> None:
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    by_system = re.findall(
        r'@media \(prefers-color-scheme: dark\) \{\s*:root:not\(\[data-theme="light"\]\) '
        r"\{([^}]*)\}",
        css,
    )
    chosen = re.findall(r':root\[data-theme="dark"\] \{([^}]*)\}', css)
    assert len(by_system) == len(chosen) >= 1
    for system, choice in zip(by_system, chosen, strict=True):
        assert _declarations(system) == _declarations(choice)
    # No dark block is left that a reader choosing "light" cannot switch off.
    assert not re.search(r"prefers-color-scheme: dark\) \{\s*:root \{", css)
