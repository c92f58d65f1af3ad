"""The UI language of the current request, and gettext over it.

The language is held in a context variable set once per request (from the ``/<lang>/``
prefix), so templates (``{{ _("Latest") }}``) and Python code (``gettext("Latest")``) both
translate without threading the language through every call.

Messages are written in English; the other languages' catalogs are the ``.po`` files under
``locale/`` (``make i18n`` keeps them complete, docs/i18n.md). No compiled ``.mo`` file is
kept in the tree: each process compiles a catalog in memory the first time it needs it.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

__all__ = [
    "LANGUAGES",
    "LOCALE_DIR",
    "NATIVE_NAMES",
    "N_",
    "choose_language",
    "current_language",
    "gettext",
    "language",
    "language_of_path",
    "ngettext",
    "set_language",
    "translations",
]

# The UI languages, English (the language the messages are written in) first. Adding one:
# docs/i18n.md.
LANGUAGES = ("en", "de", "fr", "es")
NATIVE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español"}
LOCALE_DIR = Path(__file__).parent.parent / "locale"
_SOURCE_LANGUAGE = LANGUAGES[0]

_current: contextvars.ContextVar[str] = contextvars.ContextVar(
    "tidings_ui_language", default=_SOURCE_LANGUAGE
)


def current_language() -> str:
    """The UI language of the request being served."""
    return _current.get()


def set_language(lang: str) -> None:
    """Make ``lang`` the UI language for the rest of this request's context."""
    _current.set(lang)


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Use ``lang`` inside the block (tests, CLI, background renders, error pages)."""
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


@functools.cache
def translations(lang: str) -> NullTranslations:
    """The catalog of ``lang``, compiled from its ``.po`` file once per process; English
    and languages without a catalog translate nothing."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == _SOURCE_LANGUAGE or lang not in LANGUAGES or not po.is_file():
        return NullTranslations()
    with po.open("rb") as file:
        catalog = read_po(file, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return Translations(compiled)


def gettext(message: str) -> str:
    """``message`` in the current UI language."""
    return translations(_current.get()).ugettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current UI language."""
    return translations(_current.get()).ungettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs where it is defined; ``gettext`` it where shown."""
    return message


_ = gettext


def language_of_path(path: str) -> str | None:
    """The UI language a path starts with (``/de/…`` is German); None for other paths."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def choose_language(accept_language: str | None, default: str) -> str:
    """The UI language an ``Accept-Language`` header ranks highest, by q-value and then by
    order; ``default`` when it names none of ours. ``de-CH`` counts as ``de``."""
    default = default if default in LANGUAGES else _SOURCE_LANGUAGE
    best, best_q = default, 0.0
    for part in (accept_language or "").split(","):
        tag, *params = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for param in params:
            name, _sep, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        code = tag.lower().split("-", 1)[0]
        if code == "*":
            code = default
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best
