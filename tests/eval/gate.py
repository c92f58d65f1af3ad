"""What an eval test does when its data is not here: skip on a laptop, fail under CI.

The quality gates read ../shared/data, which a developer's clone may lack; there they
skip with the reason. Under CI (``CI`` set in the environment) the data must be there: a
gate that skips silently is a gate that does not hold, so the test fails saying which
folder is missing.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import SHARED_DATA

__all__ = ["need_data"]


def need_data(present: bool, what: str) -> None:
    """Skip (or under CI fail) the calling test unless ``present``; ``what`` names the
    data, e.g. ``clustering-dev``."""
    if present:
        return
    message = f"{SHARED_DATA / what} is not here"
    if os.environ.get("CI"):
        pytest.fail(f"{message}: CI runs every quality gate, so the data must be present")
    pytest.skip(message)
