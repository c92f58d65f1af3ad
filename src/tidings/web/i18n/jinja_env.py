"""What templates get for the UI language: gettext, localised numbers, and the page's
other language versions (the ``hreflang`` alternates and the language switcher)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import jinja2
from babel.numbers import format_decimal
from fastapi import Request
from jinja2 import Environment
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from starlette.templating import Jinja2Templates

from tidings.web import i18n

__all__ = ["LanguageLink", "LanguageTemplates", "install", "language_links"]


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


# ``{{ _("literal") }}`` as the lexer gives it: the tokens between the braces.
_LITERAL_CALL = ("variable_begin", "name", "lparen", "string", "rparen", "variable_end")


class FoldedGettext(Extension):
    """Translates ``{{ _("literal") }}`` once, when a template is compiled for one UI
    language, instead of on every render: the call is replaced by its text as template data.

    What the page shows is unchanged: at run time that call gives the catalog's text as
    markup, not escaped, after ``%`` formatting with no variables (``%%`` becomes ``%``),
    which is what the data holds. A call with variables, a filter or any other shape is
    left to ``gettext`` at run time, as is a text whose formatting fails."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        catalog = i18n.translations(getattr(self.environment, "ui_language", ""))
        window: list[Token] = []
        for token in stream:
            window.append(token)
            if len(window) < len(_LITERAL_CALL):
                continue
            if tuple(t.type for t in window) == _LITERAL_CALL and window[1].value == "_":
                folded = _folded(catalog.ugettext(window[3].value))
                if folded is not None:
                    yield Token(window[0].lineno, "data", folded)
                    window.clear()
                    continue
            yield window.pop(0)
        yield from window


def _folded(text: str) -> str | None:
    try:
        return text % {}
    except (KeyError, ValueError, TypeError):
        return None


_CACHE_SIZE = 400  # Jinja's default: every template the site has, per language


class LanguageTemplates(Jinja2Templates):
    """Templates compiled once per UI language (``FoldedGettext``): ``get_template`` gives
    the current request's. The languages' environments are overlays of ``env``: they share
    its globals, filters and loader, each with a template cache of its own."""

    def __init__(self, env: Environment) -> None:
        super().__init__(env=env)
        self.by_language: dict[str, Environment] = {}
        for code in i18n.LANGUAGES:
            overlay = env.overlay(extensions=[FoldedGettext], cache_size=_CACHE_SIZE)
            overlay.ui_language = code  # type: ignore[attr-defined]
            self.by_language[code] = overlay

    def get_template(self, name: str) -> jinja2.Template:
        chosen = self.by_language.get(i18n.current_language(), self.env)
        return chosen.get_template(name)
