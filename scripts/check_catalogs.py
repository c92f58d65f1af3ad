"""Fail when a UI catalog lacks a translation: the last step of `make i18n` (docs/i18n.md).

Reads the message template (``messages.pot``, or the one given) and each language's
``messages.po``, and names every message that is missing, untranslated or fuzzy, or whose
translation breaks its placeholders, per language. Exit status 1 when there is any.

    python scripts/check_catalogs.py [--pot PATH] [--locale-dir DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from tidings.web.i18n import LANGUAGES, LOCALE_DIR

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def _strings(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _placeholder_error(message: Message) -> str | None:
    """Why a translation would fail to format (templates format every message), if it would."""
    names = {n for msgid in _strings(message.id) for n in _PLACEHOLDER.findall(msgid)}
    for text in _strings(message.string):
        try:
            text % dict.fromkeys(names, 1)
        except KeyError as exc:
            return f"placeholder {exc} is not in the message"
        except (ValueError, TypeError) as exc:
            return f"a bare % or a bad placeholder ({exc}); write %% for a percent sign"
    return None


def catalog_problems(template: Catalog, catalog: Catalog) -> list[str]:
    """Each problem of ``catalog`` against ``template``, as a line naming the message."""
    problems = []
    for wanted in template:
        if not wanted.id:
            continue  # the header
        key = wanted.id if isinstance(wanted.id, str) else wanted.id[0]
        found = catalog.get(key, wanted.context)
        shown = repr(key)
        if found is None:
            problems.append(f"missing: {shown}")
        elif found.fuzzy:
            problems.append(f"fuzzy: {shown}")
        elif not all(_strings(found.string)):
            problems.append(f"untranslated: {shown}")
        elif error := _placeholder_error(found):
            problems.append(f"broken: {shown}: {error}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Check every non-English catalog; print the problems; 1 when there are any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pot", type=Path, default=LOCALE_DIR / "messages.pot")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    args = parser.parse_args(argv)
    template = _read(args.pot)
    failed = False
    for lang in LANGUAGES[1:]:
        po = args.locale_dir / lang / "LC_MESSAGES" / "messages.po"
        if not po.is_file():
            print(f"{lang}: no catalog at {po}")
            failed = True
            continue
        problems = catalog_problems(template, _read(po, lang))
        for problem in problems:
            print(f"{lang}: {problem}")
        failed = failed or bool(problems)
        if not problems:
            print(f"{lang}: {sum(1 for m in template if m.id)} messages, all translated")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
