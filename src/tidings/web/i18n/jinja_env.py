"""What templates get for the UI language: gettext, localised numbers, and the page's
other language versions (the ``hreflang`` alternates and the language switcher)."""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal
from fastapi import Request
from jinja2 import Environment

from tidings.web import i18n

__all__ = ["LanguageLink", "install", "language_links"]


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """A page in one UI language: a relative ``href`` for the switcher, an absolute ``url``
    for ``hreflang`` when it is the same page (``alternate``); the ``default`` language's
    is also the ``x-default``."""

    code: str
    name: str
    href: str
    url: str
    current: bool
    default: bool
    alternate: bool


def language_links(request: Request, *, same_page: bool = True) -> list[LanguageLink]:
    """The page in every UI language: the same path under the other prefix, query kept.
    Without ``same_page`` (error pages) each language's link is its home page."""
    public_url: str = request.app.state.settings.public_url
    default = i18n.choose_language(None, request.app.state.settings.default_language)
    path = request.url.path
    lang = i18n.language_of_path(path)
    alternate = bool(lang and same_page)
    rest = path[len(lang) + 1 :] if lang and alternate else "/"
    query = f"?{request.url.query}" if request.url.query and alternate else ""
    current = i18n.current_language()
    return [
        LanguageLink(
            code,
            i18n.NATIVE_NAMES[code],
            f"/{code}{rest}{query}",
            f"{public_url}/{code}{rest}{query}",
            current=code == current,
            default=code == default,
            alternate=alternate,
        )
        for code in i18n.LANGUAGES
    ]


def decimal(value: float, places: int = 1) -> str:
    """``value`` with ``places`` decimals as the UI language writes it ("2.5", "2,5")."""
    return format_decimal(value, format="#,##0." + "0" * places, locale=i18n.current_language())


def install(env: Environment) -> None:
    """Give ``env`` gettext over the request's language and the helpers above."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True
    )
    env.globals["language_links"] = language_links
    env.filters["decimal"] = decimal
