"""Key points and the anchored body made once at ingest (issue #19 point 4): the story stage
stores them where the article page reads them, so that a first view extracts and anchors
nothing, and the page shows exactly what the first view made before."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from tests.demo_site import DemoSite
from tidings.models import Article
from tidings.pipeline.ai_cache import MemoryAiCache
from tidings.pipeline.article_ai import anchored_body_key, extracted_key_points_key
from tidings.web import create_app


def _with_text(demo: DemoSite) -> list[Article]:
    stored = demo.repository.articles.latest_articles(limit=1000)
    return [demo.repository.articles.get_article(a.id) for a in stored if (a.text or "").strip()]


def _page(demo: DemoSite, article: Article, made: datetime, *, stored: bool) -> str:
    """The article page at the time its key points were made: from what the store holds,
    or (``stored`` false) as a first view made them before, with nothing kept."""
    settings = demo.settings.model_copy(update={"page_cache_seconds": 0})
    app = create_app(settings, repository=demo.repository, clock=lambda: made)
    if not stored:
        app.state.ai_cache = MemoryAiCache()
    with TestClient(app) as client:
        response = client.get(f"/en/article/{article.id}")
    assert response.status_code == 200
    return response.text


def test_the_story_stage_stores_key_points_and_anchored_bodies(demo: DemoSite) -> None:
    articles = _with_text(demo)
    assert len(articles) >= 10
    for article in articles:
        payload = demo.repository.articles.ai_output(extracted_key_points_key(article))
        assert payload is not None, article.title
        assert payload["producer"] == "extractive, on this server"
        cited = [p["sentence_id"] for p in payload["points"]]
        body = demo.repository.articles.ai_output(anchored_body_key(article, cited))
        assert body is not None, article.title
        assert body["anchors"] and 'class="sentence"' in body["html"]


def test_a_page_shows_the_stored_key_points_as_its_first_view_made_them(demo: DemoSite) -> None:
    articles = _with_text(demo)
    languages = {a.language for a in articles}
    assert {"en", "de"} <= languages  # the key depends on the language the stage found
    compared = 0
    for article in articles:
        payload = demo.repository.articles.ai_output(extracted_key_points_key(article))
        assert payload is not None
        made = datetime.fromisoformat(payload["made_at"])
        ingested = _page(demo, article, made, stored=True)
        on_view = _page(demo, article, made, stored=False)
        assert ingested == on_view, article.title
        compared += 'class="key-points"' in ingested and 'class="sentence"' in ingested
    assert compared >= 10
