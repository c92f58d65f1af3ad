"""The tree drawn in ``tidings.errors`` is every subclass of TidingsError, where it lives."""

from __future__ import annotations

import importlib
import pkgutil
import re

import tidings
from tidings import errors
from tidings.errors import TidingsError

# Alembic's scripts, run by Alembic alone: env.py reads its configuration on import.
_NOT_IMPORTED = "tidings.store.migrations"
_LINE = re.compile(r"^(?P<indent>(?:│   |    )*)[├└]── (?P<name>\w+)(?: \[(?P<module>[\w.]+)\])?")


def _drawn() -> dict[str, tuple[str, str]]:
    """Each class in the docstring's tree: its module and the class above it."""
    assert errors.__doc__ is not None
    lines = errors.__doc__.split("\nTidingsError\n", 1)[1].splitlines()
    found: dict[str, tuple[str, str]] = {}
    above = ["TidingsError"]
    for line in lines:
        match = _LINE.match(line)
        if match is None:
            assert not line.strip(), f"not a line of the tree: {line!r}"
            continue
        depth = len(match["indent"]) // 4
        del above[depth + 1 :]
        name = match["name"]
        assert name not in found, f"{name} is drawn twice"
        module = f"tidings.{match['module']}" if match["module"] else "tidings.errors"
        found[name] = (module, above[depth])
        above.append(name)
    return found


def _defined() -> dict[str, tuple[str, str]]:
    """Each subclass of TidingsError in the package: its module and its TidingsError base."""
    for info in pkgutil.walk_packages(tidings.__path__, "tidings."):
        if not info.name.startswith(_NOT_IMPORTED):
            importlib.import_module(info.name)
    found: dict[str, tuple[str, str]] = {}
    waiting = list(TidingsError.__subclasses__())
    while waiting:
        cls = waiting.pop()
        waiting.extend(cls.__subclasses__())
        if not cls.__module__.startswith("tidings."):
            continue  # a test's own subclass
        (base,) = [b for b in cls.__bases__ if issubclass(b, TidingsError)]
        assert cls.__name__ not in found, f"two classes named {cls.__name__}"
        found[cls.__name__] = (cls.__module__, base.__name__)
    return found


def test_the_drawn_tree_is_the_code() -> None:
    drawn, defined = _drawn(), _defined()
    assert sorted(set(defined) - set(drawn)) == [], "subclasses missing from the drawing"
    assert sorted(set(drawn) - set(defined)) == [], "drawn classes that do not exist"
    assert drawn == defined
