"""The shape of the code, for issue #17's before/after table: imports that break a layer,
files over 500 lines, the largest functions, and the store's Protocols against its public
methods.

    .venv/bin/python scripts/layer_report.py             # this tree
    .venv/bin/python scripts/layer_report.py --src DIR   # another checkout's src/ (no store
                                                         # figures: those import the code)

The layer rules are the direct-import halves of the import-linter contracts in
pyproject.toml (``make lint`` checks the indirect ones too); the imports those contracts
name as allowed are counted apart.
"""

from __future__ import annotations

import argparse
import ast
import inspect
from pathlib import Path

STAGES = ("ingest", "extract", "enrich", "stories", "ai")
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "stage imports store, web, api, cli, flow or jobs": (
        STAGES,
        ("store", "web", "api", "cli", "pipeline", "jobs"),
    ),
    "store imports a stage, the flow, web, api, cli or jobs": (
        ("store",),
        (*STAGES, "web", "api", "cli", "pipeline", "jobs"),
    ),
    "web or api imports a stage directly": (("web", "api"), STAGES),
    # Not a contract: a command such as ``tidings categorize FILE`` runs one stage on files.
    "command line imports a stage directly (no rule)": (("cli",), STAGES),
    "product imports the demo": (
        ("accounts", "ai", "api", "comments", "enrich", "extract", "ingest", "jobs"),
        ("demo",),
    ),
}
ALLOWED = {
    ("tidings.web.presentation.labels", "tidings.enrich.categories"),
    ("tidings.web.feeds.websub_views", "tidings.ingest.websub"),
}


def _module(src: Path, path: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.AST, module: str) -> list[tuple[str, set[str]]]:
    """Each import statement's module, with the names it could mean (``from a import b``
    may import the module ``a.b``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, {alias.name}) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(module.split(".")[: -node.level] + ([base] if base else []))
            found.append((base, {base} | {f"{base}.{alias.name}" for alias in node.names}))
    return found


def report(src: Path) -> dict[str, object]:
    files = sorted((src / "tidings").rglob("*.py"))
    breaks: dict[str, int] = dict.fromkeys(RULES, 0)
    allowed = 0
    long_files: list[tuple[int, str]] = []
    functions: list[tuple[int, str]] = []
    for path in files:
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        module = _module(src, path)
        lines = text.count("\n")
        if lines > 500:
            long_files.append((lines, str(path.relative_to(src))))
        tree = ast.parse(text)
        package = module.split(".")[1] if "." in module else ""
        for target, meant in _imports(tree, module):
            if not target.startswith("tidings."):
                continue
            other = target.split(".")[1]
            for rule, (sources, forbidden) in RULES.items():
                if package in sources and other in forbidden:
                    if any((module, name) in ALLOWED for name in meant):
                        allowed += 1
                    else:
                        breaks[rule] += 1
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                functions.append((size, f"{module}.{node.name}"))
    functions.sort(reverse=True)
    return {
        "files": len(files),
        "breaks": breaks,
        "allowed": allowed,
        "long_files": sorted(long_files, reverse=True),
        "largest": functions[:5],
    }


def store_figures() -> dict[str, int]:
    from tidings.store import repository, sql

    declared = {
        name: {
            n for n, v in vars(protocol).items() if inspect.isfunction(v) and not n.startswith("_")
        }
        for name, protocol in (
            ("sources", repository.Sources),
            ("articles", repository.Articles),
            ("stories", repository.Stories),
            ("search", repository.Search),
            ("accounts", repository.Accounts),
            ("comments", repository.Comments),
        )
    }
    classes = (sql.SqlSources, sql.SqlArticles, sql.SqlStories, sql.SqlSearch)
    classes += (sql.SqlAccounts, sql.SqlComments)
    public = {
        cls.__name__: {n for n, _ in inspect.getmembers(cls, inspect.isfunction) if n[0] != "_"}
        for cls in classes
    }
    return {
        "protocol methods": sum(len(v) for v in declared.values()),
        "public methods of the SQL classes": sum(len(v) for v in public.values()),
        "public methods of the store itself": len(
            [n for n, _ in inspect.getmembers(sql.SqlRepository, inspect.isfunction) if n[0] != "_"]
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path(__file__).parents[1] / "src")
    args = parser.parse_args()
    found = report(args.src)
    print(f"python files: {found['files']}")
    for rule, count in found["breaks"].items():  # type: ignore[attr-defined]
        print(f"layer break, {rule}: {count}")
    print(f"imports the contracts allow by name: {found['allowed']}")
    print(f"files over 500 lines: {len(found['long_files'])}")  # type: ignore[arg-type]
    for lines, name in found["long_files"]:  # type: ignore[attr-defined]
        print(f"  {lines:5d}  {name}")
    print("largest functions:")
    for lines, name in found["largest"]:  # type: ignore[attr-defined]
        print(f"  {lines:5d}  {name}")
    if args.src.resolve() == (Path(__file__).parents[1] / "src").resolve():
        for key, value in store_figures().items():
            print(f"store, {key}: {value}")


if __name__ == "__main__":
    main()
