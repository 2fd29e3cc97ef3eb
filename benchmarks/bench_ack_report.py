"""The ack benchmark's report: percentiles, per-round rows, the median over rounds, the machine, the markdown table."""

from __future__ import annotations

import argparse
import math
import os
import platform
from pathlib import Path
from typing import Any

P99_TARGET_MS = 50.0
RATIO_TARGET = 1.5


def _percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest rank: the smallest sample with at least p% of samples at or below it (p99 of 200 = 198th)."""
    return sorted_ms[max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)]


def summarise(name: str, text: str, result: dict[str, Any], concurrency: int) -> dict[str, Any]:
    ms = sorted(x * 1000 for x in result["latencies"])
    bad = [s for s in result["statuses"] if s != 200]
    return {
        "scenario": name, "command": text, "requests": len(ms), "concurrency": concurrency,
        "p50_ms": round(_percentile(ms, 50), 2), "p90_ms": round(_percentile(ms, 90), 2),
        "p99_ms": round(_percentile(ms, 99), 2), "max_ms": round(ms[-1], 2),
        "mean_ms": round(sum(ms) / len(ms), 2), "throughput_rps": round(len(ms) / result["wall"], 1),
        "wall_s": round(result["wall"], 3), "non_200": len(bad), "ack_sample": result["sample"],
    }


def machine_info() -> dict[str, Any]:
    from importlib.metadata import version

    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cores": os.cpu_count(), "usable_cores": usable, "cpu_model": cpu_model,
        "python": platform.python_version(), "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": {p: version(p) for p in ("slack-bolt", "slack-sdk", "starlette", "uvicorn", "h11", "mlflow")},
    }


def combine(rounds: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per scenario: the median over rounds of p50/p99/throughput (robust to one noisy round), max of max."""
    import statistics

    out = []
    for i, first in enumerate(rounds[0]):
        runs = [rows[i] for rows in rounds]
        row = {"scenario": first["scenario"], "command": first["command"], "rounds": len(runs),
               "requests_per_round": first["requests"], "concurrency": first["concurrency"]}
        for key in ("p50_ms", "p90_ms", "p99_ms", "mean_ms", "throughput_rps", "server_cpu_us_per_request"):
            row[key] = round(statistics.median(r[key] for r in runs), 2)
        row["max_ms"] = max(r["max_ms"] for r in runs)
        row["p99_ms_by_round"] = [r["p99_ms"] for r in runs]
        row["non_200"] = sum(r["non_200"] for r in runs)
        if first.get("diagnostic"):
            row["diagnostic"] = True
        out.append(row)
    return out


def markdown(rows: list[dict[str, Any]], args: argparse.Namespace, m: dict[str, Any]) -> str:
    rounds = f"median of {args.rounds} rounds" if args.rounds > 1 else "1 round"
    title = (f"Time to ack `/mlops` over HTTP: {args.requests} signed slash commands at concurrency "
             f"{args.concurrency}, {rounds} ({m['usable_cores']} cores, {m['cpu_model'] or 'unknown CPU'}, "
             f"Python {m['python']}, slack-bolt {m['packages']['slack-bolt']}, uvicorn {m['packages']['uvicorn']} "
             f"+ h11, MLOPS_WORKERS={args.workers})")
    lines = [
        title,
        "",
        "| scenario | p50 ms | p99 ms | max ms | throughput req/s | server CPU µs/req | p99 vs bare | vs bare (pbr) "
        "| target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in rows:
        if "meets_p99_target" in r:
            target = "met" if r["meets_p99_target"] and r["meets_ratio_target"] else "missed"
        else:
            target = "diagnostic" if r.get("diagnostic") else "baseline"
        lines.append(f"| {r['scenario']} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} | "
                     f"{r['throughput_rps']:.0f} | {r['server_cpu_us_per_request']:.0f} | {r['p99_vs_bare']:.2f}x | "
                     f"{r['p99_vs_bare_process_before_response']:.2f}x | {target} |")
    lines += ["", (f"Targets: p99 <= {P99_TARGET_MS:.0f} ms and <= {RATIO_TARGET}x bare-ack for help, status and "
                   "train (Slack's hard limit is 3,000 ms).")]
    return "\n".join(lines) + "\n"
