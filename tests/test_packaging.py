"""Every data file beside the code ships in the wheel: package-data names each one."""

from __future__ import annotations

import tomllib
from pathlib import Path

import tidings

ROOT = Path(__file__).resolve().parents[1]
# Out of the wheel on purpose: what tools read to make new files, never a running Tidings.
SOURCE_ONLY = {
    "store/migrations/script.py.mako",  # Alembic's template for a new revision
    "web/locale/messages.pot",  # the message template `make i18n` writes for translators
}


def test_package_data_names_every_file_that_is_not_code() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["tidings"]
    package = Path(tidings.__file__).parent
    shipped = {path for pattern in patterns for path in package.glob(pattern) if path.is_file()}
    data = {
        path
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    missing = {path.relative_to(package).as_posix() for path in data - shipped}
    assert sorted(missing - SOURCE_ONLY) == []
