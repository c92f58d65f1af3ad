"""Run every fuzz target for a number of executions each and report: ``python -m fuzz.run``.

Each target runs in its own process under libFuzzer (atheris stops the process when it
is done). New inputs that reach new code go to ``--work-dir``/NAME, so a later run starts
from where this one got; the seeds in ``fuzz/corpus`` are only read. A crashing input is
written to ``--crash-dir``/NAME/ and makes the run exit non-zero.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fuzz.targets import TARGETS, Target

__all__ = ["TargetRun", "main", "run_target"]

FUZZ_DIR = Path(__file__).resolve().parent
# 5 targets x 200,000: the million executions issue #15 asks of `make fuzz`.
DEFAULT_RUNS = 200_000
# Seconds one input may take before it counts as a crash (a hang on hostile input).
DEFAULT_TIMEOUT = 25
_EXECUTED = re.compile(r"^stat::number_of_executed_units:\s*(\d+)", re.M)
_STATUS = re.compile(r"^#(\d+)\s", re.M)
_ARTIFACT = re.compile(r"Test unit written to (\S+)")
_SEED = re.compile(r"INFO: Seed: (\d+)")


@dataclass(frozen=True, slots=True)
class TargetRun:
    """What one target's run did: executions, time, and any crashing inputs it saved."""

    name: str
    executions: int
    seconds: float
    exit_code: int
    seed: int | None
    crashes: tuple[Path, ...]
    log: Path

    @property
    def failed(self) -> bool:
        """A crash, a hang, or libFuzzer itself failing."""
        return self.exit_code != 0 or bool(self.crashes)


def run_target(
    target: Target,
    runs: int,
    *,
    work_dir: Path,
    crash_dir: Path,
    seed: int | None = None,
    timeout: int = DEFAULT_TIMEOUT,
) -> TargetRun:
    """Fuzz ``target`` for ``runs`` executions in a child process and read its log."""
    # Absolute: the child runs in the repository root, wherever this was started.
    corpus = work_dir.resolve() / target.name
    crashes = crash_dir.resolve() / target.name
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    log = corpus.with_suffix(".log")
    command = [
        sys.executable,
        "-m",
        "fuzz.harness",
        target.name,
        f"-runs={runs}",
        f"-max_len={target.max_len}",
        f"-timeout={timeout}",
        f"-dict={FUZZ_DIR / 'dicts' / target.dictionary}",
        f"-artifact_prefix={crashes}/",
        "-print_final_stats=1",
        *([f"-seed={seed}"] if seed is not None else []),
        str(corpus),
        *(str(folder) for folder in target.seed_dirs()),
    ]
    started = time.monotonic()
    with log.open("w") as output:
        finished = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            command, cwd=FUZZ_DIR.parent, stdout=output, stderr=subprocess.STDOUT, check=False
        )
    seconds = time.monotonic() - started
    text = log.read_text(errors="replace")
    executed = _EXECUTED.findall(text) or _STATUS.findall(text)  # final stats, else progress
    seed_used = _SEED.search(text)
    return TargetRun(
        name=target.name,
        executions=int(executed[-1]) if executed else 0,
        seconds=seconds,
        exit_code=finished.returncode,
        seed=int(seed_used.group(1)) if seed_used else seed,
        crashes=tuple(Path(found) for found in _ARTIFACT.findall(text)),
        log=log,
    )


def report(results: Sequence[TargetRun]) -> str:
    """A table of executions, speed and crashes per target, with the totals."""
    lines = [f"{'target':<10} {'executions':>12} {'seconds':>9} {'exec/s':>8}  seed        crashes"]
    for r in results:
        speed = r.executions / r.seconds if r.seconds else 0.0
        status = ", ".join(str(path) for path in r.crashes) or ("-" if not r.failed else "?")
        lines.append(
            f"{r.name:<10} {r.executions:>12,} {r.seconds:>9.1f} {speed:>8.0f}"
            f"  {r.seed!s:<11} {status}"
        )
    total = sum(r.executions for r in results)
    failed = sum(1 for r in results if r.failed)
    seconds = sum(r.seconds for r in results)
    lines.append(f"{'total':<10} {total:>12,} {seconds:>9.1f} {'':>8}  {'':<11} {failed} crashed")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen targets (``--jobs`` at a time), print the table; 1 if any crashed."""
    parser = argparse.ArgumentParser(prog="python -m fuzz.run", description=__doc__)
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="executions per target")
    parser.add_argument("--seed", type=int, help="libFuzzer's random seed (default: random)")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated names")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds per input")
    parser.add_argument("--jobs", type=int, default=1, help="targets fuzzed at once")
    parser.add_argument("--work-dir", type=Path, default=FUZZ_DIR / "work")
    parser.add_argument("--crash-dir", type=Path, default=FUZZ_DIR / "crashes")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.targets.split(",") if name.strip()]
    unknown = sorted(set(names) - set(TARGETS))
    if unknown:
        parser.error(f"unknown targets {unknown}; known: {', '.join(TARGETS)}")

    def fuzz(name: str) -> TargetRun:
        print(f"fuzzing {name}: {args.runs:,} executions", flush=True)
        result = run_target(
            TARGETS[name],
            args.runs,
            work_dir=args.work_dir,
            crash_dir=args.crash_dir,
            seed=args.seed,
            timeout=args.timeout,
        )
        print(_tail(result.log) if result.failed else f"{name}: done", flush=True)
        return result

    # Threads only wait: each target fuzzes in its own process.
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(fuzz, names))
    print(report(results))
    return 1 if any(r.failed for r in results) else 0


def _tail(log: Path, lines: int = 40) -> str:
    """The end of a crashed target's log: the exception and where its input went."""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


if __name__ == "__main__":
    sys.exit(main())
