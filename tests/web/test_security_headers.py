"""Security and privacy headers on every response: each route the app registers (path
parameters filled with real ids from the ingested demo), static files, redirects, errors
(404, 405, 500) and HEAD, with the media proxy off and on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount

from tests.demo_site import DemoSite
from tidings.web import create_app

REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def registered_routes(app: FastAPI) -> list[tuple[str, frozenset[str]]]:
    """Every (path template, methods) the app answers, included routers unfolded."""
    found: list[tuple[str, frozenset[str]]] = []

    def walk(routes: Iterable[Any]) -> None:
        for route in routes:
            unfold = getattr(route, "effective_route_contexts", None)
            if unfold is not None:  # FastAPI's record of an included router
                walk(unfold())
            elif isinstance(route, Mount):
                found.append((route.path + "/{path}", frozenset({"GET", "HEAD"})))
            else:
                found.append((route.path, frozenset(route.methods or {"GET"})))

    walk(app.routes)
    return found


def demo_ids(demo: DemoSite) -> dict[str, str]:
    """Real values for path parameters, by the path segment before them."""
    articles = demo.repository.articles.latest_articles(limit=500)
    article = next(a for a in articles if a.story_id and a.category and a.lead_image)
    tag = next(slug for a in articles for slug, _ in demo.repository.stories.tags_of(a.id))
    assert article.story_id is not None and article.category is not None
    return {
        "article": article.id,
        "story": article.story_id,
        "hashtag": tag,
        "category": article.category,
        "source": str(article.source_id),
        "websub": str(article.source_id),
        "static": "style.css",
    }


def fill(path: str, ids: dict[str, str]) -> str:
    """``path`` with each ``{param}`` replaced: lang by en, ids by the segment before them."""

    def value(match: re.Match[str]) -> str:
        if match.group(1).split(":")[0] == "lang":
            return "en"
        before = path[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        return ids.get(before, "unknown")

    return re.sub(r"\{([^}]+)\}", value, path)


def requests_for(app: FastAPI, ids: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(method, path) for every registered route and method, plus HEAD for each GET."""
    for template, methods in registered_routes(app):
        path = fill(template, ids)
        for method in sorted(methods | ({"HEAD"} if "GET" in methods else set())):
            yield method, path


def _directives(csp: str) -> dict[str, str]:
    parts = (d.strip().split(None, 1) for d in csp.split(";") if d.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


def assert_secure(response: Any, *, media_proxy: bool) -> None:
    """The headers every response must carry, whatever its status or type (``response``:
    the test client's response)."""
    where = f"{response.request.method} {response.request.url.path} -> {response.status_code}"
    headers = response.headers
    csp = headers.get("content-security-policy")
    assert csp, f"no CSP: {where}"
    directives = _directives(csp)
    assert directives.get("frame-ancestors") == "'none'", where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert "default-src" in directives, where
    for kind in ("script-src", "style-src"):
        assert directives.get(kind, directives["default-src"]) in ("'self'", "'none'"), where
    if response.headers.get("content-type", "").startswith("text/html"):
        images = directives.get("img-src", "")
        assert images == ("'self' data:" if media_proxy else "'self' https: http: data:"), where
    assert headers.get("x-frame-options") == "DENY", where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") in REFERRER_POLICIES, where
    assert "camera=()" in headers.get("permissions-policy", ""), where


@pytest.fixture(scope="module", params=[False, True], ids=["proxy-off", "proxy-on"])
def site(request: pytest.FixtureRequest, demo: DemoSite) -> tuple[TestClient, bool]:
    media_proxy: bool = request.param
    settings = demo.settings.model_copy(update={"media_proxy": media_proxy})
    app = create_app(settings, repository=demo.repository)
    return TestClient(app, raise_server_exceptions=False), media_proxy


def test_every_registered_route(site: tuple[TestClient, bool], demo: DemoSite) -> None:
    client, media_proxy = site
    ids = demo_ids(demo)
    statuses: dict[tuple[str, str], int] = {}
    for method, path in requests_for(client.app, ids):  # type: ignore[arg-type]
        response = client.request(method, path, follow_redirects=False)
        assert response.status_code < 500, f"{method} {path} -> {response.status_code}"
        assert_secure(response, media_proxy=media_proxy)
        statuses[method, path] = response.status_code
    # The sweep reached real pages, not just 404s for made-up ids.
    for page in ("article", "story", "hashtag", "category", "source"):
        path = f"/en/{page}/{ids[page]}"
        assert statuses.get(("GET", path)) == 200, (path, statuses.get(("GET", path)))
        assert statuses.get(("HEAD", path)) == 200, path
    assert statuses[("GET", "/")] in (302, 307)  # a redirect carries them too
    assert statuses[("GET", "/static/style.css")] == 200
    assert statuses[("GET", "/en/feed.xml")] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/static/app.js",
        "/static/icon.svg",
        "/static/no-such-file.js",
        "/no/such/page",
        "/en/article/" + "0" * 32,
        "/xx/",
        "/media/AAAA/AAAA",
        "/en/search?q=fire",
        "/en/feed.json",
    ],
)
def test_static_errors_and_json(site: tuple[TestClient, bool], path: str) -> None:
    client, media_proxy = site
    for method in ("GET", "HEAD"):
        assert_secure(client.request(method, path), media_proxy=media_proxy)


def test_method_not_allowed(site: tuple[TestClient, bool]) -> None:
    client, media_proxy = site
    response = client.delete("/en/")
    assert response.status_code == 405
    assert_secure(response, media_proxy=media_proxy)


def test_server_error_page(demo: DemoSite) -> None:
    """Starlette answers an unhandled error outside every middleware: still the headers."""
    app = create_app(demo.settings, repository=demo.repository)

    def explode() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/test-explodes", explode, methods=["GET", "HEAD"])
    client = TestClient(app, raise_server_exceptions=False)
    for method in ("GET", "HEAD"):
        response = client.request(method, "/test-explodes")
        assert response.status_code == 500
        assert_secure(response, media_proxy=False)


def test_fill_uses_real_ids() -> None:
    ids = {"article": "a1", "story": "s1", "source": "7"}
    assert fill("/{lang}/article/{article_id}/ai", ids) == "/en/article/a1/ai"
    assert fill("/{lang}/story/{key_value}/feed.xml", ids) == "/en/story/s1/feed.xml"
    assert fill("/{lang}/source/{source_id}", ids) == "/en/source/7"
    assert fill("/media/{signature}/{encoded}", ids) == "/media/unknown/unknown"
