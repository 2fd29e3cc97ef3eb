"""Run every benchmark, one after another, then regenerate docs/benchmarks.md from the raw files they wrote.

    uv run --frozen python benchmarks/run_all.py [--quick] [--only ack tune ...]

The full sizes are those each script defaults to (about an hour or more on 2 cores); `--quick` uses small sizes so
the whole run takes a few minutes: the figures are then noisier, and every raw file says which sizes it used.
Each benchmark runs as its own process and writes `benchmarks/results/<name>.json` through record.py; one that
fails is reported and the others still run (its previous raw file, if any, stays and keeps its own date and
commit). Exit status 1 if any benchmark or the report failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
# name -> (script, full-size arguments, quick arguments)
PLAN: dict[str, tuple[str, list[str], list[str]]] = {
    "ack": ("bench_ack.py", [], ["--requests", "100", "--rounds", "3"]),
    "ack_dispatch": ("bench_ack_dispatch.py", [], ["--requests", "500", "--rounds", "3"]),
    "ack_cost": ("bench_ack_cost.py", [], ["--repeats", "50"]),
    "verbs": ("bench_verbs.py", [], ["--repeats", "3", "--cli-repeats", "3"]),
    "pipelines": ("bench_pipelines.py", [], ["--rows", "20000"]),
    "drift": ("bench_drift.py", [], ["--rows", "200000", "--evidently-rows", "20000"]),
    "drift_dask": ("bench_drift_dask.py", [], ["--rows", "400000", "--partition-rows", "200000"]),
    "tune": ("bench_tune.py", [], ["--trials", "4"]),
    "predict": ("bench_predict.py", [],
                ["--requests", "300", "--warmup", "50", "--rounds", "2", "--log-rows", "20000"]),
    "state": ("bench_state.py", [], ["--approvals", "60", "--rounds", "2"]),
    "why": ("bench_why.py", [], ["--rows", "20000", "--repeats", "2"]),
    "serving_limits": ("bench_serving_limits.py", [], ["--requests", "100"]),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a few minutes in all")
    parser.add_argument("--only", nargs="+", choices=list(PLAN), help="run these benchmarks only")
    parser.add_argument("--timeout", type=float, default=7200, help="seconds allowed per benchmark")
    args = parser.parse_args()
    label = f"run_all{' --quick' if args.quick else ''} {datetime.now(UTC).isoformat(timespec='seconds')}"
    env = {**os.environ, "MLOPS_BENCH_RUN": label}
    spent: dict[str, tuple[float, str]] = {}
    started = time.perf_counter()
    for name in args.only or PLAN:
        script, full, quick = PLAN[name]
        command = [sys.executable, str(BENCH / script), *(quick if args.quick else full)]
        print(f"== {name}: {' '.join(command[1:])}", flush=True)
        t0 = time.perf_counter()
        try:
            done = subprocess.run(command, cwd=ROOT, env=env, timeout=args.timeout)
            outcome = "ok" if done.returncode == 0 else f"failed (exit {done.returncode})"
        except subprocess.TimeoutExpired:
            outcome = f"timed out after {args.timeout:.0f} s"
        spent[name] = (time.perf_counter() - t0, outcome)
        print(f"== {name}: {outcome} in {spent[name][0]:.0f} s", flush=True)
    report = subprocess.run([sys.executable, str(BENCH / "report.py")], cwd=ROOT, env=env)
    print(f"\n{label}: {time.perf_counter() - started:.0f} s in all")
    for name, (seconds, outcome) in spent.items():
        print(f"  {name:<11} {seconds:7.0f} s  {outcome}")
    print(f"  {'report':<11} {'':>7}    {'ok' if report.returncode == 0 else 'failed'}")
    return 0 if report.returncode == 0 and all(o == "ok" for _, o in spent.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
