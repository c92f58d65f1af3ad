"""The UI in English, German, French and Spanish: catalogs, prefixes, negotiation, links."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from tests.web.test_pages import NOW, _add, _extracted
from tests.web.test_story_pages import _build
from tidings.ai.brief import _method
from tidings.config import Settings
from tidings.enrich.categories import TAXONOMY
from tidings.models import DisplayPolicy
from tidings.store import SqlRepository
from tidings.web import create_app
from tidings.web.ai.story_brief import METHODS
from tidings.web.i18n import LANGUAGES, LOCALE_DIR, choose_language, gettext, language, ngettext
from tidings.web.i18n.jinja_env import decimal
from tidings.web.presentation.labels import CATEGORY_MESSAGES, label_for

ROOT = Path(__file__).resolve().parents[2]
PYBABEL = Path(sys.executable).parent / "pybabel"


@pytest.fixture
def site(settings: Settings, sqlite_repository: SqlRepository) -> tuple[TestClient, str]:
    """Two outlets, a typed article from 18 minutes ago, one failing source."""
    repo = sqlite_repository
    herald = repo.sources.add_source("https://pub1.example/feed", now=NOW, title="Harbour Herald")
    courier = repo.sources.add_source(
        "https://pub2.example/feed",
        now=NOW,
        title="Valley Courier",
        display_policy=DisplayPolicy.EXCERPT,
    )
    repo.sources.record_feed_failure(courier.id, "HTTP 404", now=NOW, next_check_at=NOW)
    report = _add(
        repo,
        herald.id,
        1,
        keywords=("Harbour Bridge",),
        extracted=_extracted(
            "Harbour bridge shut for repairs", "ReportageNewsArticle", ("Harbour Bridge",), 18
        ),
        minutes_ago=18,
    )
    app = create_app(settings, repository=repo, clock=lambda: NOW)
    return TestClient(app), report


def _page(client: TestClient, path: str, status: int = 200) -> lxml_html.HtmlElement:
    response = client.get(path)
    assert response.status_code == status, path
    return lxml_html.fromstring(response.text)


def _text(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


# What each language calls a few things, as the catalogs translate them.
WORDS = {
    "de": {
        "latest": "Neueste Nachrichten",
        "ago": "vor 18 Minuten",
        "failing": "1 von 2 Quellen konnte bei der letzten Abfrage nicht abgerufen werden.",
        "label": "Bericht",
        "explanation": "Beruht auf Fakten, die der Reporter selbst beobachtet",
        "byline": "Von Lena Marsh",
        "read_at": "Bei Valley Courier lesen",
        "search": "Suchen",
        "sources": "Quellen",
        "last_success": "Zuletzt erfolgreich",
        "story_stats": "4 Artikel von 3 Medien",
        "timeline": "Chronologie",
        "category": "Politik",
    },
    "fr": {
        "latest": "Dernières actualités",
        "ago": "il y a 18 minutes",
        "failing": "1 source sur 2 n’a pas pu être récupérée lors de sa dernière vérification.",
        "label": "Reportage",
        "explanation": "Fondé sur des faits, observés et vérifiés directement",
        "byline": "Par Lena Marsh",
        "read_at": "Lire sur Valley Courier",
        "search": "Rechercher",
        "sources": "Sources",
        "last_success": "Dernière réussite",
        "story_stats": "4 articles de 3 médias",
        "timeline": "Chronologie",
        "category": "Politique",
    },
    "es": {
        "latest": "Últimas noticias",
        "ago": "hace 18 minutos",
        "failing": "1 de 2 fuentes no pudo descargarse en su última comprobación.",
        "label": "Reportaje",
        "explanation": "Basado en hechos, observados y verificados de primera mano",
        "byline": "Por Lena Marsh",
        "read_at": "Leer en Valley Courier",
        "search": "Buscar",
        "sources": "Fuentes",
        "last_success": "Último éxito",
        "story_stats": "4 artículos de 3 medios",
        "timeline": "Cronología",
        "category": "Política",
    },
}


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_home_article_search_and_sources_in_the_ui_language(
    site: tuple[TestClient, str], lang: str
) -> None:
    client, report = site
    words = WORDS[lang]
    home = _page(client, f"/{lang}/")
    assert home.get("lang") == lang
    assert _text(home.xpath("//h1")[0]) == words["latest"]
    assert home.xpath("//time")[0].text == words["ago"]
    assert words["failing"] in _text(home)
    assert words["category"] in [_text(a) for a in home.xpath("//nav[@class='topics']//a")]

    article = _page(client, f"/{lang}/article/{report}")
    assert _text(article.xpath("//*[@class='type-name']")[0]) == words["label"]
    assert _text(article.xpath("//*[@class='type-explanation']")[0]).startswith(
        words["explanation"]
    )
    assert _text(article.xpath("//*[@class='authors']")[0]) == words["byline"]
    assert article.xpath("//*[@class='byline']/time")[0].text == words["ago"]
    # The article itself keeps its own language.
    assert article.xpath("//article[@class='story']/@lang") == ["en"]

    search = _page(client, f"/{lang}/search?q=bridge")
    assert _text(search.xpath("//h1")[0]) == words["search"]
    assert "Harbour bridge shut for repairs" in _text(search)

    sources = _page(client, f"/{lang}/sources")
    assert _text(sources.xpath("//h1")[0]) == words["sources"]
    assert words["last_success"] in [_text(th) for th in sources.xpath("//th")]


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_story_page_in_the_ui_language(
    settings: Settings, sqlite_repository: SqlRepository, lang: str
) -> None:
    world = _build(settings.model_copy(update={"stories": True}), sqlite_repository)
    page = _page(world.client, f"/{lang}/story/{world.stories['bridge']}")
    assert _text(page.xpath("//*[@class='story-stats']")[0]) == WORDS[lang]["story_stats"]
    assert _text(page.xpath("//h2[@id='timeline-title']")[0]) == WORDS[lang]["timeline"]
    # Relative times come from Babel in the page's locale.
    expected = {"de": "vor 3 Stunden", "fr": "il y a 3 heures", "es": "hace 3 horas"}[lang]
    assert page.xpath("//*[@class='story-times']//time")[0].text == expected


def test_the_excerpt_policy_page_and_plural_forms_in_german(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    world = _build(settings.model_copy(update={"stories": True}), sqlite_repository)
    article = _page(world.client, f"/de/article/{world.ids['report']}")
    link = article.xpath("//p[@class='full-coverage']/a")[0]
    assert _text(link) == "Vollständige Berichterstattung Auch bei 2 weiteren Medien"
    home = _page(world.client, "/de/")
    reach = [_text(n) for n in home.xpath("//*[@class='story-reach']")]
    assert reach and all(r.endswith("Medien") for r in reach)


def test_plural_forms_follow_each_language() -> None:
    with language("fr"):
        # French counts 0 and 1 as singular; English and German only 1.
        assert ngettext("%(num)d outlet", "%(num)d outlets", 0) == "%(num)d média"
        assert ngettext("%(num)d outlet", "%(num)d outlets", 2) == "%(num)d médias"
    with language("de"):
        assert ngettext("%(num)d outlet", "%(num)d outlets", 0) == "%(num)d Medien"
        assert ngettext("%(num)d outlet", "%(num)d outlets", 1) == "%(num)d Medium"


def test_labels_numbers_and_categories_follow_the_ui_language() -> None:
    label = label_for("OpinionNewsArticle")
    assert label is not None
    with language("es"):
        assert label.name == "Opinión"
        assert decimal(2.5) == "2,5"
    assert label.name == "Opinion" and decimal(2.5) == "2.5"
    # Every category of the taxonomy is marked for the catalogs, and nothing else.
    assert set(CATEGORY_MESSAGES) == {c.name for c in TAXONOMY}
    # The brief's method sentences are the ones tidings.ai.brief writes.
    assert {_method(None), _method(lambda texts: texts)} == set(METHODS)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("de-CH,de;q=0.9,en;q=0.8", "de"),
        ("en;q=0.5, fr;q=0.9", "fr"),
        ("it, es;q=0.2", "es"),
        ("es;q=0.7, fr;q=0.7", "es"),  # a tie keeps the header's order
        ("it, pt-BR", "en"),
        ("fr;q=0, de;q=0.1", "de"),
        ("*;q=0.5, de;q=0.1", "en"),
        ("de;q=nonsense, fr", "fr"),
        ("", "en"),
    ],
)
def test_root_redirects_by_accept_language(
    site: tuple[TestClient, str], accept_language: str, expected: str
) -> None:
    client, _ = site
    response = client.get("/", headers={"Accept-Language": accept_language}, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == f"/{expected}/"
    assert response.headers["vary"] == "Accept-Language"


def test_root_falls_back_to_the_default_language(
    settings: Settings, sqlite_repository: SqlRepository
) -> None:
    app = create_app(
        settings.model_copy(update={"default_language": "fr"}),
        repository=sqlite_repository,
        clock=lambda: NOW,
    )
    client = TestClient(app)
    assert client.get("/", follow_redirects=False).headers["location"] == "/fr/"
    assert choose_language("it", "nl") == "en"  # a default we have no catalog for


def test_hreflang_alternates_keep_the_path_and_query(
    settings: Settings, site: tuple[TestClient, str]
) -> None:
    client, _ = site
    page = _page(client, "/de/search?q=bridge&page=1")
    links = {
        link.get("hreflang"): link.get("href")
        for link in page.xpath("//head/link[@rel='alternate'][@hreflang]")
    }
    base = settings.public_url
    assert links == {
        **{code: f"{base}/{code}/search?q=bridge&page=1" for code in LANGUAGES},
        "x-default": f"{base}/en/search?q=bridge&page=1",
    }


def test_language_switcher_links_the_same_page_in_each_language(
    site: tuple[TestClient, str],
) -> None:
    client, report = site
    page = _page(client, f"/fr/article/{report}")
    links = page.xpath("//nav[@class='language-switcher']//a")
    assert [_text(a) for a in links] == ["English", "Deutsch", "Français", "Español"]
    assert [a.get("href") for a in links] == [f"/{c}/article/{report}" for c in LANGUAGES]
    assert [a.get("lang") for a in links] == list(LANGUAGES)
    assert [a.get("hreflang") for a in links] == list(LANGUAGES)
    assert [a.get("aria-current") for a in links] == [None, None, "true", None]
    assert page.xpath("//nav[@class='language-switcher']/@aria-label") == ["Langue"]


def test_errors_speak_the_language_of_the_prefix(site: tuple[TestClient, str]) -> None:
    client, _ = site
    page = _page(client, "/de/nope", status=404)
    assert page.get("lang") == "de"
    assert _text(page.xpath("//h1")[0]) == "Seite nicht gefunden"
    assert "Not Found" not in _text(page)
    assert not page.xpath("//head/link[@hreflang]")  # an error page has no versions
    switcher = page.xpath("//nav[@class='language-switcher']//a/@href")
    assert switcher == [f"/{code}/" for code in LANGUAGES]
    missing = _page(client, "/es/article/" + "0" * 32, status=404)
    assert "Este artículo no existe." in _text(missing)
    assert _text(missing.xpath("//h1")[0]) == "Página no encontrada"


def test_an_unknown_prefix_is_a_404_in_the_readers_language(
    site: tuple[TestClient, str],
) -> None:
    client, _ = site
    response = client.get("/xx/", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert response.status_code == 404
    # The language chose the page; the compression layer adds its own (docs/serving.md).
    assert "Accept-Language" in [v.strip() for v in response.headers["vary"].split(",")]
    page = lxml_html.fromstring(response.text)
    assert page.get("lang") == "fr"
    assert "Il n’y a pas de pages dans cette langue." in _text(page)
    assert client.get("/it/sources").status_code == 404


def test_catalogs_are_sources_not_compiled_files() -> None:
    assert not list(LOCALE_DIR.rglob("*.mo"))
    for lang in LANGUAGES[1:]:
        assert (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").is_file()


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_catalogs.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The messages the code and templates hold now, extracted as `make i18n` does."""
    out = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [str(PYBABEL), "-q", "extract", "-F", "babel.cfg", "-o", str(out), "."],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return out


def test_every_message_is_translated(fresh_template: Path) -> None:
    """What fails CI when a string is added or changed without translations (make i18n)."""
    result = _check("--pot", str(fresh_template))
    assert result.returncode == 0, result.stdout


def test_the_check_names_untranslated_and_fuzzy_messages(
    fresh_template: Path, tmp_path: Path
) -> None:
    locale_dir = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale_dir)
    for lang, change in (("de", "blank"), ("fr", "fuzzy"), ("es", "placeholder")):
        po = locale_dir / lang / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as file:
            catalog = read_po(file, locale=lang)
        message = catalog.get("Read at %(outlet)s")
        assert message is not None
        if change == "blank":
            message.string = ""
        elif change == "fuzzy":
            message.flags.add("fuzzy")
        else:
            message.string = "Leer en %(source)s"
        with po.open("wb") as file:
            write_po(file, catalog)
    result = _check("--pot", str(fresh_template), "--locale-dir", str(locale_dir))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "de: untranslated: 'Read at %(outlet)s'" in lines
    assert "fr: fuzzy: 'Read at %(outlet)s'" in lines
    assert any(line.startswith("es: broken: 'Read at %(outlet)s'") for line in lines)


# Each shape gettext is called in: only the first two, a literal with nothing after it,
# are folded into the compiled template; the rest stay calls, and all render alike.
_SHAPES = (
    '<a title="x">{{ _("See sources") }}</a>',
    '<p>{{- _("Latest news") -}}</p> 100%% {{ _("100%% sure") }}',
    '{{ _("%(count)s comments", count=3) }}',
    '{{ _("Latest news")|upper }} {{ _("Latest news") ~ "!" }}',
    '{% set _ = "shadowed" %}{{ _ }}',
    '{% trans n=2 %}{{ n }} items{% endtrans %} {{ _("Headlines") }}',
)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("source", _SHAPES)
def test_folded_translations_render_as_the_call_at_run_time(lang: str, source: str) -> None:
    import jinja2

    from tidings.web.i18n.jinja_env import LanguageTemplates, install

    env = jinja2.Environment(autoescape=True)
    install(env)
    templates = LanguageTemplates(env)
    with language(lang):
        at_run_time = env.from_string(source).render()
        folded = templates.by_language[lang].from_string(source).render()
    assert folded == at_run_time


def test_the_sites_templates_are_compiled_with_their_literal_texts_translated() -> None:
    """German pages carry "Latest news" as compiled data, not as a call per render; the
    shared environment (no language) keeps the calls."""
    import jinja2

    from tidings.web.i18n.jinja_env import LanguageTemplates, install

    loader = jinja2.FileSystemLoader(str(ROOT / "src" / "tidings" / "web" / "templates"))
    env = jinja2.Environment(loader=loader, autoescape=True)
    install(env)
    templates = LanguageTemplates(env)
    source = loader.get_source(env, "home.html")[0]
    with language("de"):
        german = gettext("Latest news")
    assert german != "Latest news"
    shared = env.compile(source, "home.html", raw=True)
    compiled = templates.by_language["de"].compile(source, "home.html", raw=True)
    assert "'Latest news'" in shared and german not in shared
    assert german in compiled and "'Latest news'" not in compiled
    calls = sum(
        env.compile(loader.get_source(env, n)[0], n, raw=True).count("(name='_')")
        for n in loader.list_templates()
    )
    left = sum(
        templates.by_language["de"]
        .compile(loader.get_source(env, n)[0], n, raw=True)
        .count("(name='_')")
        for n in loader.list_templates()
    )
    assert left < calls / 4, (left, calls)
