"""Run one target under atheris: ``python -m fuzz.harness NAME [libFuzzer flags] [CORPUS...]``.

The target is imported plainly, then the functions of the modules it names are
instrumented in place, so the fuzzer sees which branches of the code under test each
input reaches. Only that code: atheris' import hook would instrument whole packages as
they load, and the comment renderer alone would bring in the web app (13 s per start).
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Iterator
from types import FunctionType, ModuleType

import atheris

from fuzz.targets import TARGETS


def load(name: str) -> Callable[[bytes], None]:
    """The target's ``fuzz_one``, with the code it tests instrumented for coverage."""
    target = TARGETS[name]
    module = importlib.import_module(target.module)
    for loaded in _modules(target.instrument):
        for function in _functions(loaded):
            atheris.instrument_func(function)  # replaces its __code__, so every caller sees it
    fuzz_one: Callable[[bytes], None] = module.fuzz_one
    return fuzz_one


def _modules(prefixes: tuple[str, ...]) -> list[ModuleType]:
    """The loaded modules named by ``prefixes``, or inside the packages they name."""
    return [
        module
        for name, module in list(sys.modules.items())
        if module is not None and any(name == p or name.startswith(f"{p}.") for p in prefixes)
    ]


def _functions(module: ModuleType) -> Iterator[FunctionType]:
    """The functions and methods a module defines (not those it imports)."""
    for value in list(vars(module).values()):
        if getattr(value, "__module__", None) != module.__name__:
            continue
        if isinstance(value, FunctionType):
            yield value
        elif isinstance(value, type):
            for member in vars(value).values():
                inner = getattr(member, "__func__", member)  # staticmethod, classmethod
                if isinstance(inner, property):
                    inner = inner.fget
                if isinstance(inner, FunctionType):
                    yield inner


def main() -> None:
    """Fuzz the target named first on the command line; the rest goes to libFuzzer."""
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: python -m fuzz.harness {{{','.join(TARGETS)}}} [libFuzzer flags]")
    name = sys.argv.pop(1)
    # extract_article logs every page it fails on; millions of lines say nothing here.
    logging.disable(logging.CRITICAL)
    atheris.Setup(sys.argv, load(name))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
