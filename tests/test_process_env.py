"""Process-wide settings belong to entry points: importing tidings as a library sets none."""

from __future__ import annotations

import os
import subprocess
import sys

# Records OMP_WAIT_POLICY at the moment usearch (which loads OpenMP) is first imported.
_WATCH_USEARCH = """
import importlib.abc, os, sys
seen = []
class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "usearch" and not seen:
            seen.append(os.environ.get("OMP_WAIT_POLICY"))
        return None
sys.meta_path.insert(0, Watch())
"""


def _run(code: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    done = subprocess.run(
        [sys.executable, "-c", _WATCH_USEARCH + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.split()


def test_importing_the_library_leaves_the_environment_alone() -> None:
    code = (
        "import tidings, tidings.pipeline, tidings.web, tidings.jobs.story_process\n"
        "print(seen[0] if seen else 'no-usearch', os.environ.get('OMP_WAIT_POLICY'))"
    )
    assert _run(code) == ["None", "None"]


def test_the_command_line_sets_it_before_openmp_loads() -> None:
    code = "import tidings.cli\nprint(seen[0], os.environ['OMP_WAIT_POLICY'])"
    assert _run(code) == ["PASSIVE", "PASSIVE"]


def test_an_operators_value_wins() -> None:
    env = {**os.environ, "OMP_WAIT_POLICY": "ACTIVE"}
    code = "import os, tidings.cli; print(os.environ['OMP_WAIT_POLICY'])"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["ACTIVE"]
