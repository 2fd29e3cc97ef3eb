"""`tune cancer trials=40`: wall time and trials per minute, one process vs the local pool vs a Dask LocalCluster.

uv run python benchmarks/bench_tune.py [--trials 40] [--workers 2]

Each run tunes the demo `cancer` model (random forest, default search space, 3-fold CV per trial) into its own
temporary MLflow store, through `pipelines.tune.tune` with the trial map the tool would pick: in turn (one
process), joblib/loky over `workers` local processes (the local pool's way), and a Dask LocalCluster with
`workers` worker processes. The best trial must be the same in all three (same seed). Writes
benchmarks/results/tune.json.
"""

from __future__ import annotations

import json
import logging
import platform
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results" / "tune.json"


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
    return {"ran_on": ran_on, "wall_s": round(wall, 1), "trials_per_minute": round(trials / wall * 60, 1),
            "best_trial": result.best.number, "best_cv": round(result.best.score, 5)}


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    from pipelines.tune import in_turn
    from tools import logs
    from tools.work.compute import _dask_map, _local_map

    logs.setup(Path(tempfile.mkdtemp(prefix="bench-tune-logs-")))  # library chatter to a file, not the figures
    runs = [tune_once(args.trials, in_turn, "one process"),
            tune_once(args.trials, partial(_local_map, n_jobs=args.workers), f"local pool ({args.workers} processes)")]
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.run(lambda: __import__("sklearn.ensemble"))  # warm, as `dask worker`s that have run a job are
        runs.append(tune_once(args.trials, partial(_dask_map, address=cluster.scheduler_address),
                              f"dask LocalCluster ({args.workers} processes)"))
    for run in runs:
        run["vs_one_process"] = round(runs[0]["wall_s"] / run["wall_s"], 2)
        print(json.dumps(run), flush=True)
    assert len({(r["best_trial"], r["best_cv"]) for r in runs}) == 1, "same seed, same best trial everywhere"
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": platform.processor() or platform.machine(),
                                   "python": platform.python_version(), "trials": args.trials, "runs": runs}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
