"""The soak's result: the JSON object and the Markdown tables ``make bench`` prints."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

import httpx

from benchmarks.serving_scale import cpu_model
from benchmarks.soak_load import GROUPS, Recorder
from benchmarks.soak_memory import MemorySample, MemorySamples

__all__ = [
    "CHILDREN",
    "GROWTH_LIMIT",
    "children_growth",
    "print_report",
    "publisher_stats",
    "server_log",
    "summarise",
]

GROWTH_LIMIT = 10.0  # per cent, issue #15
# The processes of ``tidings run`` judged beside the web process: each on its own memory.
CHILDREN = ("tidings-ingest", "tidings-stories")


def publisher_stats(bulk: str) -> dict[str, int]:
    """Articles the bulk outlets have released, feed and page requests they served."""
    stats: dict[str, int] = httpx.get(f"{bulk}/stats").json()
    return stats


def server_log(log: Path) -> dict[str, Any]:
    """Ingest rounds that did something, and the errors, from ``tidings run``'s log."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    errors = [ln for ln in lines if " ERROR " in ln or " CRITICAL " in ln]
    return {
        "ingest_rounds_with_work": sum("tidings.jobs.runner: ingest:" in ln for ln in lines),
        "failed_ingest_rounds": sum("ingest round failed" in ln for ln in lines),
        "error_lines": len(errors),
        "first_errors": errors[:5],
    }


def children_growth(
    base: MemorySample, last: MemorySample
) -> dict[str, tuple[float, float, float]]:
    """For each of ``CHILDREN`` read at both moments: its own memory then and at the end
    (MB), and the growth in per cent."""
    grown = {}
    for name in CHILDREN:
        first, then = base.anon_of(name), last.anon_of(name)
        if first and then:
            grown[name] = (first, then, (then - first) / first * 100)
    return grown


def summarise(run: dict[str, Any], asked: dict[str, Any], log: dict[str, Any]) -> dict[str, Any]:
    """The JSON result of ``run`` (``soak.run_soak``): traffic, latency, memory, ingest and
    the verdict; ``asked`` holds the options it ran with."""
    recorder: Recorder = run.pop("recorder")
    memory: MemorySamples = run.pop("memory")
    start, end = memory.marks["soak start"], memory.marks["soak end"]
    base, last = memory.at(start + asked["memory_from"]), memory.at(end)
    during = memory.between(start, end)
    # Judged on the server's own memory: pages of the database it maps (mmap_size) are the
    # system's file cache, grow with the store and go when the kernel needs the room.
    growth = (last.server_anon_mb - base.server_anon_mb) / max(base.server_anon_mb, 1.0) * 100
    rss_growth = (last.server_mb - base.server_mb) / max(base.server_mb, 1.0) * 100
    grown = children_growth(base, last)
    sent = run["schedule"]
    problems = [
        *(["5xx while finding the peak"] if run["peak"]["server_errors"] else []),
        *(["5xx"] if recorder.server_errors else []),
        *(["unanswered requests"] if recorder.unanswered else []),
        *(["the server process was gone at the end"] if last.server_mb == 0 else []),
        *([f"memory grew {growth:.1f}% > {GROWTH_LIMIT:g}%"] if growth > GROWTH_LIMIT else []),
        *(
            f"{name}'s memory grew {pct:.1f}% > {GROWTH_LIMIT:g}%"
            for name, (_, _, pct) in grown.items()
            if pct > GROWTH_LIMIT
        ),
    ]
    before, after = run.pop("ingest_before"), run.pop("ingest_after")
    width = 60.0 if asked["duration"] >= 300 else asked["duration"] / 5
    timeline = [
        {
            **row,
            "server_mb": round(memory.at(start + row["until_s"]).server_mb, 1),
            "server_anon_mb": round(memory.at(start + row["until_s"]).server_anon_mb, 1),
        }
        for row in recorder.windows(start, end, width)
    ]
    return {
        "section": "soak",
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "options": asked,
        **run,
        "achieved_rps": round(sent["sent"] / sent["seconds"], 1),
        "requests": recorder.requests,
        "by_class": recorder.by_class(),
        "server_errors": len(recorder.server_errors),
        "server_error_requests": recorder.server_errors[:50],
        "unanswered_requests": recorder.unanswered[:50],
        "unexpected": len(recorder.unexpected),
        "unexpected_requests": recorder.unexpected[:50],
        "comments_posted": recorder.posted_comments,
        "comments_refused": recorder.refused_comments,
        "actions": dict(sorted(recorder.actions.items())),
        "latency_ms": {"all": recorder.latency_ms()}
        | {g: {"requests": len(recorder.latencies[g]), **recorder.latency_ms(g)} for g in GROUPS},
        "timeline": timeline,
        "memory_mb": {
            "baseline_after_s": round(base.at - start, 1),
            "server_baseline": round(base.server_mb, 1),
            "server_end": round(last.server_mb, 1),
            "server_max": round(max(s.server_mb for s in during), 1),
            "growth_pct": round(growth, 2),
            "rss_growth_pct": round(rss_growth, 2),
            "children_baseline": round(base.children_mb, 1),
            "children_end": round(last.children_mb, 1),
            "server_anon_baseline": round(base.server_anon_mb, 1),
            "server_anon_end": round(last.server_anon_mb, 1),
            "server_file_baseline": round(base.server_file_mb, 1),
            "server_file_end": round(last.server_file_mb, 1),
            "children": {
                name: {
                    "anon_baseline": round(first, 1),
                    "anon_end": round(then, 1),
                    "growth_pct": round(pct, 2),
                }
                for name, (first, then, pct) in grown.items()
            },
        },
        "ingest": {"during_soak": {k: after[k] - before[k] for k in after}, "at_end": after, **log},
        "verdict": "fail: " + ", ".join(problems) if problems else "pass",
    }


def print_report(result: dict[str, Any]) -> None:
    """The Markdown tables and the JSON line."""
    asked = result["options"]
    memory, ingest, by_class = result["memory_mb"], result["ingest"], result["by_class"]
    during = ingest["during_soak"]
    rows = [
        ("readers signed up (form)", f"{result['readers']} in {result['signup_seconds']} s"),
        (
            f"peak, {asked['clients']} closed-loop clients, {asked['peak_seconds']:g} s",
            f"{result['peak']['rps']} req/s",
        ),
        (
            f"soak target ({asked['load']:.0%} of peak), {asked['duration']:g} s",
            f"{result['target_rps']} req/s",
        ),
        (
            "achieved",
            f"{result['achieved_rps']} req/s ({result['schedule']['late']} started "
            f">1 s late, worst {result['schedule']['worst_lag_s']} s)",
        ),
        ("requests", f"{result['requests']:,}"),
        ("by status", ", ".join(f"{k} {v:,}" for k, v in by_class.items())),
        ("**5xx**", f"**{result['server_errors']}**"),
        ("other unexpected statuses", str(result["unexpected"])),
        (
            "stories merged away by ingest (their pages redirect) / gone though stored",
            f"{result['stories_gone']['merged']} / {len(result['stories_gone']['still_stored'])}",
        ),
        (
            "comments posted / refused by the limit (expected 429)",
            f"{result['comments_posted']} / {result['comments_refused']}",
        ),
        (
            f"server RSS after {memory['baseline_after_s']:g} s → end",
            f"{memory['server_baseline']} → {memory['server_end']} MB (max {memory['server_max']})",
        ),
        (
            "its own memory (RssAnon) / pages of files it maps (database, models)",
            f"{memory['server_anon_baseline']} → {memory['server_anon_end']} MB / "
            f"{memory['server_file_baseline']} → {memory['server_file_end']} MB",
        ),
        (
            "**memory growth**, its own memory",
            f"**{memory['growth_pct']:+.2f}%** (limit {GROWTH_LIMIT:g}%; "
            f"RSS with mapped files {memory['rss_growth_pct']:+.2f}%)",
        ),
        (
            "its children (ingest, story stage, resource tracker) RSS",
            f"{memory['children_baseline']} → {memory['children_end']} MB",
        ),
        *(
            (
                f"**{name}**, its own memory",
                f"{child['anon_baseline']} → {child['anon_end']} MB, "
                f"**{child['growth_pct']:+.2f}%**",
            )
            for name, child in memory["children"].items()
        ),
        (
            "ingest during the soak",
            f"{during['released']} articles published, {during['known']} stored "
            f"({during['failed']} failed), {during['in_stories']} placed in stories; "
            f"{during['feed_requests']} feed and {during['page_requests']} page fetches "
            "from the bulk outlets",
        ),
        (
            "ingest rounds with work / failed (whole run)",
            f"{ingest['ingest_rounds_with_work']} / {ingest['failed_ingest_rounds']}",
        ),
        (
            "CPU seconds in the soak: server / its children / load generator",
            " / ".join(str(v) for v in result["cpu_seconds"].values()),
        ),
        ("server log ERROR lines", str(ingest["error_lines"])),
        ("**verdict**", f"**{result['verdict']}**"),
    ]
    print("\n| soak | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    print("\n| group | requests | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|")
    latency = result["latency_ms"]
    for group in (*GROUPS, "all"):
        figures = latency[group]
        count = figures.get("requests", result["requests"])
        print(f"| {group} | {count:,} | {figures['p50']} | {figures['p95']} | {figures['p99']} |")
    print("\n| soak until s | answers/s | p50 ms | p95 ms | server RSS MB | its own MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in result["timeline"]:
        print(
            f"| {row['until_s']} | {row['rps']} | {row['p50_ms']} | {row['p95_ms']} "
            f"| {row['server_mb']} | {row['server_anon_mb']} |"
        )
    for name in ("server_error_requests", "unanswered_requests", "unexpected_requests"):
        for line in result[name]:
            print(f"{name.split('_')[0]}: {line}")
    for line in ingest["first_errors"]:
        print(f"server log: {line}")
    print("\n" + json.dumps(result, ensure_ascii=False))
