"""What every page's <head> says about it: its canonical address and its OpenGraph locale.

The canonical address is the page's own, under ``TIDINGS_BASE_URL``, keeping only the
query parameters that choose what the page shows (a page of a list, a search and its
filters), in one fixed order; tracking and unknown parameters are dropped. Article pages
that repeat a publisher's text name the original instead (see docs/seo.md).
"""

from __future__ import annotations

from urllib.parse import urlencode

from jinja2 import Environment
from starlette.requests import Request

from tidings.web import i18n
from tidings.web.seo.jsonld import script_json, website_jsonld

__all__ = [
    "OG_LOCALES",
    "PAGE_PARAMETERS",
    "canonical_url",
    "home_jsonld",
    "install",
    "og_locales",
]

# Parameters that select the content of a page, in the order a canonical address lists them.
PAGE_PARAMETERS = (
    "q",
    "category",
    "language",
    "type",
    "since",
    "until",
    "page",
    "before",
    "after",
)
# The OpenGraph locale of each UI language (language_TERRITORY, as og:locale wants it).
OG_LOCALES = {"en": "en_US", "de": "de_DE", "fr": "fr_FR", "es": "es_ES"}


def canonical_url(request: Request) -> str:
    """This page's canonical address: ``?page=2`` stays (it is another page), ``?page=1``
    and empty, repeated, tracking or unknown parameters go."""
    public_url: str = request.app.state.settings.public_url
    kept: list[tuple[str, str]] = []
    for name in PAGE_PARAMETERS:
        value = request.query_params.get(name, "").strip()
        if value and not (name == "page" and value == "1"):
            kept.append((name, value))
    query = f"?{urlencode(kept)}" if kept else ""
    return f"{public_url}{request.url.path}{query}"


def og_locales(lang: str) -> tuple[str, list[str]]:
    """The ``og:locale`` of a page in ``lang``, and the ``og:locale:alternate`` list."""
    current = OG_LOCALES.get(lang, OG_LOCALES["en"])
    return current, [OG_LOCALES[code] for code in i18n.LANGUAGES if OG_LOCALES[code] != current]


def home_jsonld(request: Request, lang: str) -> str:
    """The home page's WebSite JSON-LD, ready for its ``<script>``: the site, and how to
    search it (the search page in ``lang``)."""
    settings = request.app.state.settings
    home = f"{settings.public_url}/{lang}/"
    data = website_jsonld(settings.site_name, home, f"{home}search?q=", lang)
    return script_json(data)


def install(env: Environment) -> None:
    """Give templates ``canonical_url``, ``og_locales`` and ``website_jsonld``."""
    env.globals["canonical_url"] = canonical_url
    env.globals["og_locales"] = og_locales
    env.globals["website_jsonld"] = home_jsonld
