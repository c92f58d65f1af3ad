"""The AI panel on article and story pages, over the ingested demo publisher.

Key points, answers and the brief run for real (extractive, local); translation and
rewording go to the rule-based OpenAI-compatible server in ``tests/ai/openai_server.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tests.ai.openai_server import openai_server, translate_word_by_word
from tests.demo_site import DemoSite
from tidings.ai.sentences import paragraphs
from tidings.config import Settings
from tidings.models import Article
from tidings.pipeline import brief_payload
from tidings.web import create_app


def _client(demo: DemoSite, **changes: object) -> TestClient:
    settings: Settings = demo.settings.model_copy(update=changes)
    return TestClient(create_app(settings, repository=demo.repository))


@pytest.fixture(scope="module")
def client(demo: DemoSite) -> Iterator[TestClient]:
    with _client(demo) as c:
        yield c


def _stored(demo: DemoSite) -> list[Article]:
    return demo.repository.articles.latest_articles(limit=1000)


@pytest.fixture(scope="module")
def bridge(demo: DemoSite) -> Article:
    """The Harbour Herald's bridge report (38,000 vehicles, closed at five o'clock)."""
    return demo.bridge_report()


@pytest.fixture(scope="module")
def german(demo: DemoSite) -> Article:
    return next(a for a in _stored(demo) if a.language == "de" and a.text)


def _doc(text: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(text)


def _words(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def test_key_points_link_to_sentences_in_the_body(client: TestClient, bridge: Article) -> None:
    response = client.get(f"/en/article/{bridge.id}")
    assert response.status_code == 200
    doc = _doc(response.text)
    panel = doc.xpath("//section[@class='ai-panel']")[0]
    assert _words(panel.xpath(".//h2")[0]) == "Key points"
    points = panel.xpath(".//ol[@class='key-points']/li")
    assert 3 <= len(points) <= 5
    body = doc.xpath("//div[@class='story-body']")[0]
    for number, point in enumerate(points, 1):
        # The point reads as text; a small numbered link after it leads to its sentence.
        (text,) = point.xpath("./span[@class='point-text']")
        (link,) = point.xpath("./a")
        assert link.get("class") == "sentence-link" and _words(link) == str(number)
        assert link.get("aria-label") == f"{number}: Go to this sentence in the article"
        path, anchor = link.get("href").split("#")
        assert path == f"/en/article/{bridge.id}" and anchor.startswith("s-")
        target = body.xpath(f".//*[@id='{anchor}']")
        assert len(target) == 1, anchor
        # The point quotes the very sentence it links to.
        assert _words(target[0]) == _words(text)
    # The footer says, in a reader's words, what made the points; the ask box has a label.
    footer = _words(panel.xpath(".//footer")[0])
    assert "picked from the article's own sentences on this server" in footer
    assert "extractive" not in footer
    assert panel.xpath(".//footer//time/@datetime")
    assert panel.xpath(".//label[@for='ai-question']") and panel.xpath(
        ".//input[@id='ai-question']"
    )
    # An English article on an English page offers no translation.
    assert not doc.xpath("//*[contains(@class, 'read-in')]")


def test_a_question_is_answered_with_cited_linked_sentences(
    client: TestClient, bridge: Article
) -> None:
    response = client.get(
        f"/en/article/{bridge.id}/ask", params={"q": "How many vehicles use the bridge a day?"}
    )
    assert response.status_code == 200
    answer = _doc(response.text).xpath("//div[@class='ai-answer']")[0]
    cited = answer.xpath(".//ul[@class='ai-citations']/li")
    assert cited and "38,000 vehicles" in _words(cited[0].xpath("./blockquote")[0])
    href = cited[0].xpath("./a[contains(@class, 'sentence-link')]/@href")[0]
    assert href.startswith(f"/en/article/{bridge.id}#s-")
    # The linked anchor exists on the article page.
    anchor = href.split("#")[1]
    page = _doc(client.get(f"/en/article/{bridge.id}").text)
    assert page.xpath(f"//div[@class='story-body']//*[@id='{anchor}']")


def test_an_off_topic_question_gets_the_article_does_not_say(
    client: TestClient, bridge: Article
) -> None:
    response = client.get(
        f"/en/article/{bridge.id}/ask", params={"q": "What is the capital of Peru?"}
    )
    assert response.status_code == 200
    answer = _doc(response.text).xpath("//div[@class='ai-answer']")[0]
    assert "The article does not say." in _words(answer)
    assert not answer.xpath(".//ul[@class='ai-citations']")


@pytest.mark.parametrize(
    ("question", "message"), [("", "Type a question"), ("   ", "Type a question"),
                              ("why " * 80, "too long")]
)  # fmt: skip
def test_empty_or_overlong_questions_are_422_with_a_message(
    client: TestClient, bridge: Article, question: str, message: str
) -> None:
    response = client.get(f"/en/article/{bridge.id}/ask", params={"q": question})
    assert response.status_code == 422
    alert = _doc(response.text).xpath("//p[@class='ai-error'][@role='alert']")
    assert alert and message in _words(alert[0])
    assert client.get(f"/en/article/{bridge.id}/ask").status_code == 422  # no q at all


def test_the_panel_has_a_page_of_its_own(client: TestClient, bridge: Article) -> None:
    response = client.get(f"/en/article/{bridge.id}/ai")
    assert response.status_code == 200
    doc = _doc(response.text)
    assert doc.xpath("//h1/a/@href") == [f"/en/article/{bridge.id}"]
    links = doc.xpath("//ol[@class='key-points']/li/a/@href")
    assert links and all(h.startswith(f"/en/article/{bridge.id}#s-") for h in links)
    assert client.get(f"/en/article/{'0' * 32}/ai").status_code == 404


def test_ai_off_hides_everything_and_the_routes_are_404(demo: DemoSite, bridge: Article) -> None:
    with _client(demo, ai=False) as off:
        page = off.get(f"/en/article/{bridge.id}")
        assert page.status_code == 200
        assert "ai-panel" not in page.text and "Key points" not in page.text
        assert 'class="sentence"' not in page.text
        assert bridge.story_id
        story = off.get(f"/en/story/{bridge.story_id}")
        assert story.status_code == 200 and "story-brief" not in story.text
        for path in ("ai", "ask?q=bridge", "translate"):
            assert off.get(f"/en/article/{bridge.id}/{path}").status_code == 404


def test_without_a_translator_readers_are_offered_no_translation(
    client: TestClient, german: Article
) -> None:
    page = client.get(f"/en/article/{german.id}")
    assert page.status_code == 200
    assert not _doc(page.text).xpath("//*[contains(@class, 'read-in')]")
    assert "/translate" not in page.text
    # The address leads nowhere, and tells a reader nothing meant for the operator.
    response = client.get(f"/en/article/{german.id}/translate")
    assert response.status_code == 404
    assert "cannot translate" in response.text
    for operator_words in ("argos", "pip install", "TIDINGS_AI", "No translator"):
        assert operator_words not in response.text


def test_translation_by_a_model_server_with_notice_backend_and_model(
    demo: DemoSite, german: Article
) -> None:
    with (
        openai_server() as server,
        _client(demo, ai_server_url=server.base_url, ai_model="tiny-translator") as c,
    ):
        offer = _doc(c.get(f"/en/article/{german.id}").text).xpath("//span[@class='read-in']")
        assert _words(offer[0].xpath("./a")[0]) == "Read in English"
        assert offer[0].xpath("./a/@href") == [f"/en/article/{german.id}/translate"]
        response = c.get(f"/en/article/{german.id}/translate")
        assert response.status_code == 200, response.text
        doc = _doc(response.text)
        notice = _words(doc.xpath("//div[@class='mt-notice']")[0])
        assert "This text was machine-translated and may contain inaccuracies." in notice
        assert "openai-compatible" in notice and "tiny-translator" in notice
        # The original is one click away.
        assert doc.xpath("//div[@class='mt-notice']//a/@href") == [f"/en/article/{german.id}"]
        shown = [_words(p) for p in doc.xpath("//div[@class='story-body']/p")]
        expected = [
            " ".join(translate_word_by_word(p).split()) for p in paragraphs(german.text or "")
        ]
        assert shown == expected
        assert _words(doc.xpath("//h1")[0]) == translate_word_by_word(german.title)
        asked = len(server.chat_requests())
        # The second view comes from the cache.
        assert c.get(f"/en/article/{german.id}/translate").status_code == 200
        assert len(server.chat_requests()) == asked


def test_a_failing_model_server_is_a_502_and_nothing_is_cached(
    demo: DemoSite, german: Article
) -> None:
    with (
        openai_server() as server,
        _client(demo, ai_server_url=server.base_url, ai_model="tiny-translator") as c,
    ):
        server.fault = "status500"
        response = c.get(f"/en/article/{german.id}/translate")
        assert response.status_code == 502
        alert = _words(_doc(response.text).xpath("//div[@class='ai-error']")[0])
        assert "could not be made" in alert and "500" in alert
        server.fault = None
        assert "mt-notice" in c.get(f"/en/article/{german.id}/translate").text
    with _client(demo, ai_server_url="http://127.0.0.1:9/v1", ai_model="m") as c:
        response = c.get(f"/en/article/{german.id}/translate")
        assert response.status_code == 502 and "could not be made" in response.text


def test_reworded_key_points_name_the_model_and_fall_back_on_errors(
    demo: DemoSite, bridge: Article, german: Article
) -> None:
    with openai_server() as server:
        settings = {"ai_server_url": server.base_url, "ai_model": "tiny-translator",
                    "ai_rewrite": True}  # fmt: skip
        with _client(demo, **settings) as c:
            panel = _doc(c.get(f"/en/article/{bridge.id}").text).xpath(
                "//section[@class='ai-panel']"
            )[0]
            assert "model tiny-translator" in _words(panel.xpath(".//footer")[0])
            assert panel.xpath(".//ol[@class='key-points']/li/a/@href")  # citations kept
        server.fault = "status500"
        with _client(demo, **settings) as c:
            # Made before, kept in the store: still shown while the server is down.
            kept = _doc(c.get(f"/en/article/{bridge.id}").text).xpath(
                "//section[@class='ai-panel']"
            )[0]
            assert "model tiny-translator" in _words(kept.xpath(".//footer")[0])
            # Never made: the extracted sentences, and a notice saying why.
            panel = _doc(c.get(f"/en/article/{german.id}").text).xpath(
                "//section[@class='ai-panel']"
            )[0]
            assert "could not reword" in _words(panel.xpath(".//p[@class='ai-notice']")[0])
            assert "picked from the article's own sentences" in _words(panel.xpath(".//footer")[0])


@pytest.mark.parametrize(
    ("key", "dimension", "per", "said"),
    [
        ("magnitude", "magnitude", None, "magnitude"),
        ("vehicle", "count", "day", "vehicle (count, per day)"),
        ("closure", "duration", None, "closure (duration)"),
        ("rate", "Rate", "year", "rate (per year)"),
    ],
)
def test_a_disagreement_names_its_subject_once(
    key: str, dimension: str, per: str | None, said: str
) -> None:
    assert brief_payload._subject(key, dimension, per) == said


def test_story_brief_shows_the_disagreement_with_both_outlets(
    client: TestClient, bridge: Article
) -> None:
    assert bridge.story_id
    response = client.get(f"/en/story/{bridge.story_id}")
    assert response.status_code == 200
    brief = _doc(response.text).xpath("//section[@class='story-brief']")[0]
    headings = [_words(h) for h in brief.xpath(".//h3")]
    assert headings == [
        "What most outlets report",
        "What each outlet adds",
        "Where sources disagree",
    ]
    common = brief.xpath(".//section[h3='What most outlets report']//li")
    assert common and all(len(li.xpath(".//span[@class='brief-sources']/a")) >= 2 for li in common)
    values = {
        _words(v.xpath(".//strong")[0]): v.xpath(".//span[@class='brief-sources']/a")
        for v in brief.xpath(".//ul[@class='disagreement-values']/li")
    }
    vehicles = {label: links for label, links in values.items() if "vehicles" in label}
    assert {"around 38,000 vehicles", "About 45,000 vehicles"} <= set(vehicles)
    outlets = {_words(links[0]) for links in vehicles.values()}
    assert len(outlets) == 2  # each figure from a different outlet
    assert {"five o'clock", "six o'clock"} <= set(values)
    # Each cited sentence exists on its article page.
    for links in vehicles.values():
        path, anchor = links[0].get("href").split("#")
        page = _doc(client.get(path).text)
        assert page.xpath(f"//div[@class='story-body']//*[@id='{anchor}']")


def test_outputs_are_kept_in_the_store_across_restarts(
    demo: DemoSite, bridge: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _client(demo) as first:
        shown = _doc(first.get(f"/en/article/{bridge.id}").text)
    points = [_words(p) for p in shown.xpath("//ol[contains(@class, 'key-points')]//span")]
    assert points

    def unavailable(*args: object, **kwargs: object) -> object:
        raise AssertionError("key points made again instead of read from the store")

    monkeypatch.setattr("tidings.pipeline.article_ai.key_points", unavailable)
    with _client(demo) as restarted:  # a new app: an empty memory cache, the same store
        again = _doc(restarted.get(f"/en/article/{bridge.id}").text)
    assert [_words(p) for p in again.xpath("//ol[contains(@class, 'key-points')]//span")] == points


def test_a_story_answers_from_every_outlet(client: TestClient, bridge: Article) -> None:
    assert bridge.story_id
    story_page = _doc(client.get(f"/en/story/{bridge.story_id}").text)
    form = story_page.xpath(f"//form[@action='/en/story/{bridge.story_id}/ask#story-answer']")
    assert form and form[0].get("data-answer-in") == "story-answer-slot"
    assert story_page.xpath("//div[@id='story-answer-slot']")
    response = client.get(
        f"/en/story/{bridge.story_id}/ask", params={"q": "How much could the closure cost?"}
    )
    assert response.status_code == 200
    answer = _doc(response.text)
    cited = answer.xpath("//ul[@class='ai-citations']/li")
    assert cited and "£4m" in _words(cited[0])
    assert "Quarterline" in _words(cited[0])
    href = cited[0].xpath(".//a/@href")[0]
    article_path, anchor = href.split("#")
    assert f'id="{anchor}"' in client.get(article_path).text
    off = _doc(
        client.get(f"/en/story/{bridge.story_id}/ask", params={"q": "Who won the Cup?"}).text
    )
    assert "do not say" in _words(off.xpath("//p[contains(@class, 'ai-does-not-say')]")[0])
    assert client.get(f"/en/story/{bridge.story_id}/ask", params={"q": " "}).status_code == 422
    assert client.get(f"/en/story/{'0' * 32}/ask", params={"q": "Why?"}).status_code == 404


def test_a_story_answer_alone_for_the_story_pages_script(
    client: TestClient, bridge: Article
) -> None:
    """``partial=1`` gives the answer alone, kept out of search engines, to replace the
    story page's answer slot; a refused question comes back the same way with 422."""
    path = f"/en/story/{bridge.story_id}/ask"
    response = client.get(path, params={"q": "How much could the closure cost?", "partial": "1"})
    assert response.status_code == 200 and response.headers["x-robots-tag"] == "noindex"
    assert "<html" not in response.text and "masthead" not in response.text
    answer = _doc(response.text)
    assert answer.xpath("//div[@id='story-answer']")
    assert "£4m" in _words(answer.xpath("//ul[@class='ai-citations']/li")[0])
    assert "How much could the closure cost?" in _words(answer.xpath("//h3")[0])
    refused = client.get(path, params={"q": " ", "partial": "1"})
    assert refused.status_code == 422 and "<html" not in refused.text
    assert "Type a question about the story" in refused.text
