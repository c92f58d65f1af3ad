"""Pages served from a real SQLite store filled through the repository."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tidings.config import Settings
from tidings.ingest import article_id
from tidings.models import DisplayPolicy, ExtractedArticle, FeedEntry, Image
from tidings.store import NewEntry, SqlRepository
from tidings.web import create_app

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _add(
    repo: SqlRepository,
    source_id: int,
    n: int,
    *,
    keywords: tuple[str, ...],
    extracted: ExtractedArticle | None,
    minutes_ago: int,
) -> str:
    url = f"https://pub{source_id}.example/news/{n}"
    entry = FeedEntry(
        url=url,
        title=f"Feed headline {n}",
        summary=f"Feed summary {n}.",
        published=NOW - timedelta(minutes=minutes_ago),
    )
    aid = article_id(url)
    repo.articles.add_entries(source_id, [NewEntry(aid, url, entry, keywords)], now=NOW)
    if extracted is not None:
        repo.articles.save_extraction(aid, extracted, now=NOW)
    return aid


def _extracted(
    title: str, article_type: str | None, keywords: tuple[str, ...], minutes_ago: int
) -> ExtractedArticle:
    return ExtractedArticle(
        title=title,
        text="The harbour bridge closed on Monday.\n\nTraffic was diverted.",
        html=(
            "<h2>Diversions</h2><p>The harbour bridge closed on Monday.</p>"
            '<figure><img src="https://pub1.example/img/2.jpg" width="800" height="533" alt="">'
            "<figcaption>Queues on the ring road <small>Photo: Lena Marsh</small></figcaption></figure>"
            "<p>Traffic was diverted.</p>"
        ),
        authors=("Lena Marsh",),
        published=NOW - timedelta(minutes=minutes_ago),
        article_type=article_type,
        section="Local",
        keywords=keywords,
        language="en",
        lead_image=Image(
            url="https://pub1.example/img/lead.jpg",
            caption="The closed bridge",
            credit="Photo: Ada Lind",
            width=1200,
            height=675,
        ),
    )


@pytest.fixture
def site(settings: Settings, sqlite_repository: SqlRepository) -> tuple[TestClient, dict[str, str]]:
    repo = sqlite_repository
    herald = repo.sources.add_source("https://pub1.example/feed", now=NOW, title="Harbour Herald")
    courier = repo.sources.add_source(
        "https://pub2.example/feed",
        now=NOW,
        title="Valley Courier",
        display_policy=DisplayPolicy.EXCERPT,
    )
    broken = repo.sources.add_source("https://pub3.example/feed", now=NOW, title="Broken Gazette")
    repo.sources.record_feed_failure(
        broken.id, "HTTP 404", now=NOW, next_check_at=NOW + timedelta(hours=1)
    )
    ids = {
        "report": _add(
            repo,
            herald.id,
            1,
            keywords=("Harbour Bridge",),
            extracted=_extracted(
                "Harbour bridge shut for repairs",
                "ReportageNewsArticle",
                ("Harbour Bridge", "Traffic"),
                18,
            ),
            minutes_ago=18,
        ),
        "opinion": _add(
            repo,
            courier.id,
            2,
            keywords=("harbour bridge",),
            extracted=_extracted(
                "Close the bridge for good", "OpinionNewsArticle", ("Harbour Bridge",), 60
            ),
            minutes_ago=60,
        ),
        "untyped": _add(
            repo,
            courier.id,
            3,
            keywords=("Traffic",),
            extracted=_extracted("Ring road queues", None, ("Traffic",), 120),
            minutes_ago=120,
        ),
        "pending": _add(repo, herald.id, 4, keywords=(), extracted=None, minutes_ago=240),
    }
    repo.articles.record_article_failure(
        ids["pending"], "HTTP 503", now=NOW, next_attempt_at=NOW + timedelta(minutes=20)
    )
    app = create_app(settings, repository=repo, clock=lambda: NOW)
    return TestClient(app), ids


def test_root_redirects_to_english(site: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = site
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/en/"


def test_home_lists_newest_first_with_cards(site: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = site
    html = client.get("/en/").text
    titles = re.findall(
        r'class="card-title"><a href="/en/article/[0-9a-f]{32}"(?: lang="[a-z-]+")?>([^<]+)</a>',
        html,
    )
    assert titles == [
        "Harbour bridge shut for repairs",
        "Close the bridge for good",
        "Ring road queues",
        "Feed headline 4",
    ]
    assert "18 minutes ago" in html and "Harbour Herald" in html and "Valley Courier" in html
    assert 'src="https://pub1.example/img/lead.jpg"' in html
    assert "1 of 3 sources could not be fetched" in html


def test_home_pagination(settings: Settings, site: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = site
    client.app.state.settings = settings.model_copy(update={"page_size": 3})  # type: ignore[attr-defined]
    first = client.get("/en/").text
    token = re.search(r'href="/en/\?before=([^"]+)"', first)
    assert token is not None
    second = client.get(f"/en/?before={token.group(1)}").text
    assert "Feed headline 4" in second and "Harbour bridge shut" not in second
    assert client.get("/en/?before=garbage").status_code == 200


def test_article_page_has_every_element(site: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = site
    response = client.get(f"/en/article/{ids['report']}")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Harbour bridge shut for repairs</h1>" in html
    assert "Harbour Herald" in html and "By Lena Marsh" in html
    assert re.search(
        r'<time datetime="2026-11-20T11:42:00\+00:00" title="[^"]+UTC">18 minutes ago</time>', html
    )
    assert (
        "Based on facts, either observed and verified firsthand by the reporter, or reported and verified from knowledgeable sources."
        in html
    )
    assert "<h2>Diversions</h2>" in html and "<figcaption>" in html and "Photo: Lena Marsh" in html
    assert "The closed bridge" in html and "Photo: Ada Lind" in html
    assert 'class="button copy-link"' in html
    assert re.search(rf'<link rel="canonical" href="[^"]*/en/article/{ids["report"]}">', html)
    assert '<meta property="og:title" content="Harbour bridge shut for repairs">' in html
    assert '<meta property="og:image" content="https://pub1.example/img/lead.jpg">' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )  # type: ignore[union-attr]
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Harbour bridge shut for repairs"
    assert data["isBasedOn"] == "https://pub1.example/news/1"
    assert data["author"] == [{"@type": "Person", "name": "Lena Marsh"}]
    assert data["publisher"]["name"] == "Harbour Herald"
    assert data["image"]["url"] == "https://pub1.example/img/lead.jpg"
    assert data["articleBody"].startswith("The harbour bridge closed")
    assert data["datePublished"] == "2026-11-20T11:42:00+00:00"
    # Related: other outlets sharing a keyword, never the same outlet.
    related = html.split('id="related-title"', 1)[1]
    assert "Close the bridge for good" in related and "Ring road queues" in related
    assert "Feed headline 4" not in related


def test_labels_and_display_policy(site: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = site
    opinion = client.get(f"/en/article/{ids['opinion']}").text
    assert "Advocates for ideas and draws conclusions" in opinion
    assert "Read at Valley Courier" in opinion and 'class="button"' in opinion  # excerpt policy
    assert (
        "<h2>Diversions</h2>" not in opinion and "The harbour bridge closed on Monday." in opinion
    )
    assert '"articleBody"' not in opinion
    untyped = client.get(f"/en/article/{ids['untyped']}").text
    assert 'class="type-label"' not in untyped


def test_failed_article_keeps_feed_text(site: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = site
    html = client.get(f"/en/article/{ids['pending']}").text
    assert "Feed headline 4" in html and "Feed summary 4." in html
    assert "could not fetch the full article yet" in html


def test_errors_and_headers(site: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = site
    missing = client.get("/en/article/" + "0" * 32)
    assert missing.status_code == 404 and "Page not found" in missing.text
    assert client.get("/en/article/not-an-id").status_code == 404
    assert client.get("/xx/").status_code == 404
    headers = client.get("/en/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert client.get("/healthz").text == "ok"


def test_sources_page_shows_errors(site: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = site
    html = client.get("/en/sources").text
    assert "Broken Gazette" in html and "HTTP 404" in html


def test_no_inline_script(site: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = site
    for path in ("/en/", f"/en/article/{ids['report']}", "/en/sources", "/en/nothing"):
        html = client.get(path).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'src="/static/' in tag or 'type="application/ld+json"' in tag, tag
        assert not re.search(r"\son[a-z]+=", html)


def test_head_requests(site: tuple[TestClient, dict[str, str]]) -> None:
    client, ids = site
    assert client.head("/en/").status_code == 200
    assert client.head(f"/en/article/{ids['report']}").status_code == 200
    assert client.head("/", follow_redirects=False).status_code == 307


def test_source_page_shows_health_and_latest(site: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = site
    listing = client.get("/en/sources").text
    for heading in ("Per day", "Last success", "Status"):
        assert f">{heading}</th>" in listing
    html = client.get("/en/source/1").text
    assert "Harbour Herald" in html and "Harbour bridge shut for repairs" in html
    assert "Last success" in html and "a day this week" in html
    # How feeds are polled is for admins (test_home_front.py), not readers (issue #20).
    assert "Next check" not in html and "Next check" not in listing
    broken = client.get("/en/source/3").text
    assert "HTTP 404" in broken and "Error" in broken
    assert client.get("/en/source/99").status_code == 404
