"""The UI language: the request's language and gettext over it (``language``), what
templates get for it (``jinja_env``), localised times (``dates``).

The names of ``language`` are this package's public API: ``from tidings.web import i18n``
then ``i18n.gettext(...)``.
"""

from __future__ import annotations

from tidings.web.i18n.language import (
    LANGUAGES,
    LOCALE_DIR,
    N_,
    NATIVE_NAMES,
    choose_language,
    current_language,
    gettext,
    language,
    language_of_path,
    ngettext,
    set_language,
    translations,
)

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
