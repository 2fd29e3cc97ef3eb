"""`tune cancer`: wall time and trials per minute, one process vs the local pool vs a Dask LocalCluster, warm
against warm and cold against cold.

    uv run --frozen python benchmarks/bench_tune.py [--trials 40] [--workers 2]

Each run tunes the demo `cancer` model (random forest, default search space, 3-fold CV per trial) into its own
temporary MLflow store, through `pipelines.tune.tune` with the trial map the tool would pick: in turn (one process,
the baseline), joblib/loky over `workers` local processes (the local pool's way, `tools.work.compute._local_map`),
and a Dask LocalCluster with `workers` worker processes (`_dask_map`). Like for like:
- warm: before the clock, the processes that will run the trials have imported scikit-learn's ensembles: this
  process (one process), `workers` loky processes started by a small Parallel call (the executor `_local_map`
  then reuses), and every Dask worker (`client.run`). Start-up is outside the clock on all three.
- cold: no process that runs a trial has imported anything: one process in a fresh interpreter, loky's processes
  started by the timed call itself (as the product does: `_local_map` shuts them down after every tune), and a
  fresh LocalCluster whose workers have imported nothing (the cluster's own start is outside the clock: a
  cluster is started once and serves many jobs).
The best trial must be the same in all runs (same seed). Writes benchmarks/results/tune.json through record.py.
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
    return {"ran_on": ran_on, "wall_s": round(wall, 2), "trials_per_minute": round(trials / wall * 60, 1),
            "best_trial": result.best.number, "best_cv": round(result.best.score, 5)}


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
    measured_cold = cold(args.trials, args.workers)  # first: no loky process exists yet
    runs = {"warm": warm(args.trials, args.workers), "cold": measured_cold}  # published warm first
    for state, rows in runs.items():
        base = rows[0]
        for row in rows:
            row["speedup_vs_one_process"] = round(base["wall_s"] / row["wall_s"], 2)
            print(state, json.dumps(row), flush=True)
            if row is not base:
                run.figure(f"tune, {trials(args)}, {row['ran_on']}, {state}", row["wall_s"], "s",
                           baseline=(f"one process, {state}", base["wall_s"]),
                           detail=f"{row['trials_per_minute']} trials/min; speedup {row['speedup_vs_one_process']}x")
    run.table("Every run (wall time of the whole tune; speed-up over one process in the same state)",
              ["state", "ran on", "wall s", "trials/min", "speed-up vs one process", "best trial", "best CV score"],
              [[state, r["ran_on"], r["wall_s"], r["trials_per_minute"], r["speedup_vs_one_process"],
                r["best_trial"], r["best_cv"]] for state, rows in runs.items() for r in rows])
    same = len({(r["best_trial"], r["best_cv"]) for rows in runs.values() for r in rows}) == 1
    run.note(f"same best trial in every run (same seed): {same}")
    run.write(args.out, {"warm_means": "the trial processes imported scikit-learn's ensembles before the clock",
                         "runs": runs, "same_best_trial": same})
    return 0 if same else 1


def trials(args: argparse.Namespace) -> str:
    return f"{args.trials} trials on {args.workers} processes"


def warm(n: int, workers: int) -> list[dict[str, Any]]:
    from distributed import Client, LocalCluster
    from joblib import Parallel, delayed

    from pipelines.tune import in_turn
    from tools.work.compute import _dask_map, _local_map

    _import_ensembles()
    rows = [tune_once(n, in_turn, "one process")]
    # The loky executor `_local_map` reuses: same n_jobs, started and warmed here (it is shut down after the tune).
    Parallel(n_jobs=workers, backend="loky")(delayed(_import_ensembles)(0.5) for _ in range(workers))
    rows.append(tune_once(n, partial(_local_map, n_jobs=workers), f"local pool ({workers} processes)"))
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.run(_import_ensembles)
        rows.append(tune_once(n, partial(_dask_map, address=cluster.scheduler_address),
                              f"dask LocalCluster ({workers} processes)"))
    return rows


def cold(n: int, workers: int) -> list[dict[str, Any]]:
    from distributed import Client, LocalCluster

    from tools.work.compute import _dask_map, _local_map

    done = subprocess.run([sys.executable, __file__, "--one", "cold", str(n)], capture_output=True, text=True,
                          cwd=ROOT, timeout=3600, check=True)
    rows = [json.loads(done.stdout.strip().splitlines()[-1])]
    rows.append(tune_once(n, partial(_local_map, n_jobs=workers), f"local pool ({workers} processes)"))
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster):
        rows.append(tune_once(n, partial(_dask_map, address=cluster.scheduler_address),
                              f"dask LocalCluster ({workers} processes)"))
    return rows


def _import_ensembles(hold: float = 0.0) -> None:
    import sklearn.ensemble  # noqa: F401
    import sklearn.model_selection  # noqa: F401

    time.sleep(hold)  # keeps each warm-up call on its own loky process


if __name__ == "__main__":
    sys.exit(main())
