"""`tune cancer`: wall time, trials per minute and each worker's idle time, one process vs the local pool vs a Dask
LocalCluster, warm against warm and cold against cold.

    uv run --frozen python benchmarks/bench_tune.py [--trials 40] [--workers 2]

Each run tunes the demo `cancer` model (random forest, default search space, 3-fold CV per trial, one task per fold)
into its own temporary MLflow store, through `pipelines.tune.tune` with the trial map the tool would pick: in turn
(one process, the baseline), `workers` local processes forked from a fork server (`tools.work.compute._local_map`,
the local pool's way), and a Dask LocalCluster with `workers` worker processes (`_dask_map`). Like for like:
- warm: before the clock, everything that runs a trial has imported the trial stack: this process (a 2-trial
  tune first, which also imports MLflow's model logging for the refit), the local fork server (started by a
  2-trial tune over it), and every Dask worker (`client.run`). Inside the clock on both parallel paths: what
  each tune starts for itself: the local pool forks its processes and hands them the data through the pool's
  initializer; on Dask the data is scattered to the workers.
- cold: no process that runs a trial has imported anything: one process in a fresh interpreter, the local fork
  server started by the timed call itself, and a fresh LocalCluster whose workers have imported nothing (the
  cluster's own start is outside the clock: a cluster is started once and serves many jobs).
The goal (issue 27): warm, the whole tune on 2 workers >= 1.8x one process, on an idle 2-core machine; the load
average is recorded before and after. The best trial must be the same in all runs (same seed). Writes
benchmarks/results/tune.json through record.py.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT, ROOT / "benchmarks"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from record import RESULTS, Recorder  # noqa: E402


def tune_once(trials: int, map_trials: Any, ran_on: str) -> dict[str, Any]:
    from pipelines.registry import connect
    from pipelines.tune import tune
    from tools.config import demo_config, parse_config

    spec = parse_config(demo_config(), source_path="bench").models["cancer"]
    with tempfile.TemporaryDirectory() as home:
        registry = connect(f"sqlite:///{home}/mlflow.db", artifact_root=Path(home) / "artifacts")
        started = time.perf_counter()
        result = tune(spec, registry, trials=trials, map_trials=map_trials, ran_on=ran_on)
        wall = time.perf_counter() - started
    return {
        "ran_on": ran_on,
        "wall_s": round(wall, 2),
        "trials_per_minute": round(trials / wall * 60, 1),
        "search_s": result.search_s,
        "refit_and_rest_s": round(wall - result.search_s, 2),
        "workers": [w.model_dump() for w in result.workers],
        "idle_share": round(
            sum(w.idle_s for w in result.workers) / max(1e-9, result.search_s * len(result.workers)), 3
        ),
        # Cores the search actually got: its workers' CPU seconds over its wall time (2.0 is two free cores; on a
        # shared machine, less). A speed-up can only be judged against it.
        "cores_got": round(sum(w.cpu_s for w in result.workers) / max(1e-9, result.search_s), 2),
        "best_trial": result.best.number,
        "best_cv": round(result.best.score, 5),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=RESULTS / "tune.json")
    parser.add_argument("--one", nargs=2, metavar=("STATE", "TRIALS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # a cold one-process run in a fresh interpreter
        from pipelines.tune import in_turn

        print(json.dumps(tune_once(int(args.one[1]), in_turn, "one process")))
        return 0
    run = Recorder("tune", params=vars(args))
    from tools import logs

    logs.setup(Path(tempfile.mkdtemp(prefix="bench-tune-logs-")))  # library chatter to a file, not the figures
    measured_cold = cold(args.trials, args.workers)  # first: no fork server exists yet
    runs = {"warm": warm(args.trials, args.workers), "cold": measured_cold}  # published warm first
    for state, rows in runs.items():
        base = rows[0]
        for row in rows:
            row["speedup_vs_one_process"] = round(base["wall_s"] / row["wall_s"], 2)
            row["search_speedup_vs_one_process"] = round(base["search_s"] / row["search_s"], 2)
            print(state, json.dumps(row), flush=True)
            if row is not base:
                goal = (">= 1.8x one process (idle machine)", row["speedup_vs_one_process"] >= 1.8)
                run.figure(
                    f"tune, {trials(args)}, {row['ran_on']}, {state}",
                    row["wall_s"],
                    "s",
                    baseline=(f"one process, {state}", base["wall_s"]),
                    goal=goal if state == "warm" else None,
                    detail=f"{row['trials_per_minute']} trials/min; speedup {row['speedup_vs_one_process']}x "
                    f"(search alone {row['search_speedup_vs_one_process']}x); workers idle "
                    f"{row['idle_share']:.0%} of the search; the search got {row['cores_got']} cores "
                    f"(one process: {base['cores_got']})",
                )
    run.table(
        "Every run (wall time of the whole tune; speed-up over one process in the same state)",
        [
            "state",
            "ran on",
            "wall s",
            "trials/min",
            "speed-up vs one process",
            "search s",
            "search speed-up",
            "refit and rest s",
            "workers idle",
            "cores the search got",
            "best trial",
            "best CV score",
        ],
        [
            [
                state,
                r["ran_on"],
                r["wall_s"],
                r["trials_per_minute"],
                r["speedup_vs_one_process"],
                r["search_s"],
                r["search_speedup_vs_one_process"],
                r["refit_and_rest_s"],
                f"{r['idle_share']:.1%}",
                r["cores_got"],
                r["best_trial"],
                r["best_cv"],
            ]
            for state, rows in runs.items()
            for r in rows
        ],
    )
    run.table(
        "Each worker during the search (idle: from the search's start to its last result, time it ran nothing; "
        "CPU: of the busy time, the time its thread had a core; the rest went to other processes on the machine)",
        ["state", "ran on", "worker", "tasks (folds)", "busy s", "CPU s", "CPU share of busy", "idle s"],
        [
            [
                state,
                r["ran_on"],
                w["worker"],
                w["tasks"],
                w["busy_s"],
                w["cpu_s"],
                f"{w['cpu_s'] / max(1e-9, w['busy_s']):.0%}",
                w["idle_s"],
            ]
            for state, rows in runs.items()
            for r in rows
            for w in r["workers"]
        ],
    )
    same = len({(r["best_trial"], r["best_cv"]) for rows in runs.values() for r in rows}) == 1
    run.note(f"same best trial in every run (same seed): {same}")
    run.write(
        args.out,
        {
            "warm_means": "every process that runs or forks trials imported the trial stack before "
            "the clock; each parallel tune's own pool start and data transfer is timed",
            "runs": runs,
            "same_best_trial": same,
        },
    )
    return 0 if same else 1


def trials(args: argparse.Namespace) -> str:
    return f"{args.trials} trials on {args.workers} processes"


def warm(n: int, workers: int) -> list[dict[str, Any]]:
    from distributed import Client, LocalCluster

    from pipelines.tune import in_turn
    from tools.work.compute import _dask_map, _local_map

    tune_once(2, in_turn, "warm-up")  # imports the trial stack and MLflow's model logging in this process
    rows = [tune_once(n, in_turn, "one process")]
    local = partial(_local_map, n_jobs=workers)
    tune_once(2, local, "warm-up")  # starts the fork server, which preloads the trial stack
    rows.append(tune_once(n, local, f"local pool ({workers} processes)"))
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_import_ensembles)
        rows.append(
            tune_once(
                n, partial(_dask_map, address=cluster.scheduler_address), f"dask LocalCluster ({workers} processes)"
            )
        )
    return rows


def cold(n: int, workers: int) -> list[dict[str, Any]]:
    from distributed import Client, LocalCluster

    from tools.work.compute import _dask_map, _local_map

    done = subprocess.run(
        [sys.executable, __file__, "--one", "cold", str(n)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=3600,
        check=True,
    )
    rows = [json.loads(done.stdout.strip().splitlines()[-1])]
    rows.append(tune_once(n, partial(_local_map, n_jobs=workers), f"local pool ({workers} processes)"))
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
        ) as cluster,
        Client(cluster),
    ):
        rows.append(
            tune_once(
                n, partial(_dask_map, address=cluster.scheduler_address), f"dask LocalCluster ({workers} processes)"
            )
        )
    return rows


def _import_ensembles() -> None:
    import importlib

    from pipelines.tune import TRIAL_IMPORTS

    for name in TRIAL_IMPORTS:
        importlib.import_module(name)


if __name__ == "__main__":
    sys.exit(main())
