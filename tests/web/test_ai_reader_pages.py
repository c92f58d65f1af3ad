"""What a reader meets in the AI panel (issue #16): answers that arrive inside the panel,
a translate offer only where a translation can be made, and no technique names.

Over the ingested demo publisher; translation goes to the rule-based OpenAI-compatible
server in ``tests/ai/openai_server.py``. The browser half (the panel's script) is in
``tests/browser/test_ask_in_place.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tests.ai.openai_server import openai_server
from tests.demo_site import DemoSite
from tidings.config import Settings
from tidings.models import Article
from tidings.web import create_app
from tidings.web.ai.panel import answer_how
from tidings.web.i18n import LANGUAGES, language

QUESTION = "How many vehicles use the bridge a day?"


def _client(demo: DemoSite, **changes: object) -> TestClient:
    settings: Settings = demo.settings.model_copy(update=changes)
    return TestClient(create_app(settings, repository=demo.repository))


@pytest.fixture(scope="module")
def client(demo: DemoSite) -> Iterator[TestClient]:
    with _client(demo) as c:
        yield c


@pytest.fixture(scope="module")
def translating(demo: DemoSite) -> Iterator[TestClient]:
    """The demo site with a model server set up to translate."""
    with (
        openai_server() as server,
        _client(demo, ai_server_url=server.base_url, ai_model="tiny-translator") as c,
    ):
        yield c


def _stored(demo: DemoSite) -> list[Article]:
    return demo.repository.articles.latest_articles(limit=1000)


@pytest.fixture(scope="module")
def bridge(demo: DemoSite) -> Article:
    """The Harbour Herald's Calder Bridge report, in English."""
    return demo.bridge_report()


def _in(demo: DemoSite, language: str) -> Article:
    return next(a for a in _stored(demo) if a.language == language and a.text)


def _doc(text: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(text)


def _words(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


# -- answers inside the panel ------------------------------------------------------------


def test_the_panel_asks_for_the_answer_alone_and_shows_it_in_place(
    client: TestClient, bridge: Article
) -> None:
    page = _doc(client.get(f"/en/article/{bridge.id}").text)
    (form,) = page.xpath("//section[@class='ai-panel']//form[@class='ai-ask']")
    slot = form.get("data-answer-in")
    assert slot and page.xpath(f"//section[@class='ai-panel']//*[@id='{slot}'][@aria-live]")
    response = client.get(f"/en/article/{bridge.id}/ask", params={"q": QUESTION, "partial": "1"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-robots-tag"] == "noindex"
    # The answer alone: no page around it, nothing of the panel repeated.
    assert "<html" not in response.text and "<header" not in response.text
    assert "ai-panel" not in response.text and "<form" not in response.text
    fragment = lxml_html.fragment_fromstring(response.text.strip())
    assert fragment.get("id") == "ai-answer"
    first = fragment.xpath(".//ul[@class='ai-citations']/li")[0]
    assert "38,000 vehicles" in _words(first.xpath("./blockquote")[0])
    href = first.xpath("./a[contains(@class, 'sentence-link')]/@href")[0]
    # The citation leads to the sentence on the article page the panel sits on.
    path, anchor = href.split("#")
    assert path == f"/en/article/{bridge.id}"
    assert page.xpath(f"//div[@class='story-body']//*[@id='{anchor}']")


def test_a_refused_question_comes_back_alone_with_its_reason(
    client: TestClient, bridge: Article
) -> None:
    response = client.get(f"/en/article/{bridge.id}/ask", params={"q": "  ", "partial": "1"})
    assert response.status_code == 422
    fragment = lxml_html.fragment_fromstring(response.text.strip())
    assert fragment.tag == "p" and fragment.get("role") == "alert"
    assert "Type a question about the article first." in _words(fragment)


def test_without_the_script_the_form_loads_the_answer_page(
    client: TestClient, bridge: Article
) -> None:
    page = _doc(client.get(f"/en/article/{bridge.id}").text)
    (form,) = page.xpath("//form[@class='ai-ask']")
    assert form.get("method") == "get"
    assert form.get("action") == f"/en/article/{bridge.id}/ask#ai-answer"
    assert form.xpath(".//input[@name='q']")
    # What the browser loads from that form: a whole page, the question kept in its box.
    for params in ({"q": QUESTION}, {"q": QUESTION, "partial": "0"}):
        response = client.get(f"/en/article/{bridge.id}/ask", params=params)
        assert response.status_code == 200
        doc = _doc(response.text)
        assert doc.xpath("//h1/a/@href") == [f"/en/article/{bridge.id}"]
        assert doc.xpath("//input[@id='ai-question']/@value") == [QUESTION]
        answer = doc.xpath("//*[@id='ai-answer-slot']/div[@id='ai-answer']")[0]
        assert "38,000 vehicles" in _words(answer)


# -- reader words ------------------------------------------------------------------------

# Technique names shown before issue #16, in the four languages.
JARGON = ("bm25", "tf-idf", "embedding", "extracti", "extrakti", "extracción", "chosen by",
          "ausgewählt mit", "choisies par", "elegidas con")  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_readers_are_told_how_answers_were_made_in_plain_words(
    client: TestClient, bridge: Article, lang: str
) -> None:
    assert bridge.story_id
    pages = [
        f"/{lang}/article/{bridge.id}",
        f"/{lang}/article/{bridge.id}/ai",
        f"/{lang}/article/{bridge.id}/ask?q=How+many+vehicles+use+the+bridge",
        f"/{lang}/article/{bridge.id}/ask?q=What+is+the+capital+of+Peru",
        f"/{lang}/story/{bridge.story_id}",
        f"/{lang}/story/{bridge.story_id}/ask?q=How+much+could+the+closure+cost",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        shown = _words(_doc(response.text).xpath("//main")[0]).lower()
        assert [w for w in JARGON if w in shown] == [], path
    answer = _doc(client.get(pages[2]).text).xpath("//div[@id='ai-answer']/p[@class='ai-help']")
    assert answer and _words(answer[0])


def test_each_way_of_answering_has_its_own_plain_words() -> None:
    with language("en"):
        words = {m: answer_how(m) for m in ("words", "words+embeddings", "new")}
    assert "share the most words with your question" in words["words"]
    assert "in words and meaning" in words["words+embeddings"]
    assert words["new"] == "These are the article's own sentences, picked on this server."
    with language("de"):
        assert "Sätze" in answer_how("words")


# -- translation, only where it can happen -----------------------------------------------


@pytest.mark.parametrize(
    ("lang", "label"),
    [("en", "Read in English"), ("de", "Auf Deutsch lesen"), ("fr", "Lire en français"),
     ("es", "Leer en español")],
)  # fmt: skip
def test_an_article_in_another_language_offers_the_page_language(
    demo: DemoSite, translating: TestClient, lang: str, label: str
) -> None:
    other = "de" if lang == "en" else "en"
    article = _in(demo, other)
    page = _doc(translating.get(f"/{lang}/article/{article.id}").text)
    (offer,) = page.xpath("//span[@class='read-in']")
    assert offer.get("lang") == lang
    assert _words(offer.xpath("./a")[0]) == label
    assert offer.xpath("./a/@href") == [f"/{lang}/article/{article.id}/translate"]
    # The panel's own page offers it too.
    ai_page = _doc(translating.get(f"/{lang}/article/{article.id}/ai").text)
    assert _words(ai_page.xpath("//p[@class='read-in']/a")[0]) == label


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_article_in_the_page_language_is_never_offered_a_translation(
    demo: DemoSite, translating: TestClient, lang: str
) -> None:
    article = _in(demo, lang)
    response = translating.get(f"/{lang}/article/{article.id}")
    assert response.status_code == 200
    assert not _doc(response.text).xpath("//*[contains(@class, 'read-in')]")
    assert f"/article/{article.id}/translate" not in response.text
    # Its translate address leads back to the article itself.
    moved = translating.get(f"/{lang}/article/{article.id}/translate", follow_redirects=False)
    assert moved.status_code == 307
    assert moved.headers["location"] == f"/{lang}/article/{article.id}"


def test_a_translation_carries_the_machine_translation_notice_in_the_page_language(
    translating: TestClient, bridge: Article
) -> None:
    response = translating.get(f"/es/article/{bridge.id}/translate")
    assert response.status_code == 200
    (notice,) = _doc(response.text).xpath("//div[@class='mt-notice']")
    assert notice.get("role") == "note"
    words = _words(notice)
    assert "traducido automáticamente" in words and "imprecisiones" in words
    assert "tiny-translator" in words
    assert notice.xpath(".//a/@href") == [f"/es/article/{bridge.id}"]
