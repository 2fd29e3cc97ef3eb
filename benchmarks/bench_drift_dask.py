"""Drift over large windows: the in-memory engine (one process) vs the Dask path (LocalCluster, 2 worker processes).
The goal (issue 27): at 10M rows on one machine, the Dask path at >= 0.7x the in-memory speed, same verdicts.

    uv run --frozen python benchmarks/bench_drift_dask.py [--rows 1000000 10000000] [--partition-rows 1000000]

The same 25 columns as bench_drift.py (20 numeric, 5 categorical; 8 shifted). The reference profile is made from
100k rows; the current window has `rows` rows in partitions of `partition-rows`. In memory: the window is one
pandas frame, timed through detect_drift_from_profile. Dask: the same partitions persisted on the workers first
(so neither side's timing includes making the data), timed through detect_drift_dask. Verdicts are compared
column by column. Warm against warm: before any clock, both sides have run once on a small window (imports,
the profile's first use), this process for the in-memory side and every Dask worker for the Dask side. The
in-memory side is the baseline. Memory: the peak RSS of this process (in memory) and of the whole cluster tree
(scheduler and worker processes, psutil) during each timed call. Writes benchmarks/results/drift_dask.json
through record.py.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_drift import make_frames  # noqa: E402
from record import RESULTS, Recorder, TreeUsage  # noqa: E402


def current_part(rows: int, seed: int) -> Any:
    return make_frames(rows, seed=seed)[1]


def run(rows: int, partition_rows: int, client: Any, profile: Any) -> dict[str, Any]:
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from distributed import wait

    from pipelines.drift.partitioned import detect_drift_dask
    from pipelines.drift.profile import detect_drift_from_profile

    seeds = list(range(1, rows // partition_rows + 1))
    frame = pd.concat([current_part(partition_rows, s) for s in seeds], ignore_index=True)
    with TreeUsage(exclude=cluster_pids(client)) as mine:
        started = time.perf_counter()
        in_memory = detect_drift_from_profile(profile, frame)
        memory_s = time.perf_counter() - started
    del frame
    gc.collect()
    parts = [dask.delayed(current_part)(partition_rows, s) for s in seeds]
    ddf = dd.from_delayed(parts, meta=current_part(10, 0).iloc[:0])
    ddf = client.persist(ddf)
    wait(ddf)
    with TreeUsage() as everything:  # this process (the client) and the cluster's processes
        started = time.perf_counter()
        with dask.config.set(scheduler=client.get):
            on_dask = detect_drift_dask(profile, ddf)
        dask_s = time.perf_counter() - started
    client.cancel(ddf)
    agree = sum((a.drifted, a.method) == (b.drifted, b.method) for a, b in zip(in_memory.features, on_dask.features))
    return {"rows": rows, "partitions": len(seeds), "in_memory_s": round(memory_s, 2), "dask_s": round(dask_s, 2),
            "speedup": round(memory_s / dask_s, 2),
            "in_memory_process": mine.result(), "dask_tree": everything.result(),
            "verdicts_agree": f"{agree}/{len(in_memory.features)}",
            "dataset_drift": [in_memory.dataset_drift, on_dask.dataset_drift],
            "drifted": sorted(f.column for f in on_dask.features if f.drifted)}


def cluster_pids(client: Any) -> list[int]:
    """The cluster's worker processes (children of this process when LocalCluster runs them)."""
    return [int(pid) for pid in client.run(__import__("os").getpid).values()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--partition-rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=RESULTS / "drift_dask.json")
    args = parser.parse_args()
    rec = Recorder("drift_dask", params=vars(args))
    from distributed import Client, LocalCluster

    from pipelines.drift.profile import build_profile

    profile = build_profile(make_frames(100_000)[0], random_state=0)
    results = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        run_warm = run(10_000, 5_000, client, profile)  # warm-up, both sides: imports and first use
        print("warm-up", json.dumps({k: run_warm[k] for k in ("in_memory_s", "dask_s")}), flush=True)
        for rows in args.rows:
            result = run(rows, min(args.partition_rows, rows), client, profile)
            print(json.dumps({k: v for k, v in result.items() if not k.endswith(("_process", "_tree"))}), flush=True)
            results.append(result)
            cpu = result["dask_tree"]["cpu"]["sum_cpu_s"]
            rec.figure(f"drift on {rows:,} rows x 25 columns, Dask LocalCluster (2 worker processes)",
                       result["dask_s"], "s", baseline=("in memory, one process", result["in_memory_s"]),
                       goal=(">= 0.7x the in-memory speed (in memory s / Dask s), every verdict the same",
                             result["speedup"] >= 0.7 and result["verdicts_agree"].split("/")[0]
                             == result["verdicts_agree"].split("/")[1]),
                       detail=f"speed {result['speedup']}x in memory; {result['partitions']} partitions; "
                              f"verdicts agree {result['verdicts_agree']}; "
                              f"tree CPU {cpu:.1f} s; peak tree RSS {result['dask_tree']['peak_sum_rss_mib']} MiB vs "
                              f"{result['in_memory_process']['peak_sum_rss_mib']} MiB in memory")
    rec.table("Every size (warm; seconds of the drift call alone, data already in memory / persisted on the workers)",
              ["rows", "partitions", "in memory s", "Dask s", "Dask / in memory", "in-memory peak RSS MiB",
               "Dask tree peak RSS MiB", "Dask tree CPU s", "verdicts agree"],
              [[r["rows"], r["partitions"], r["in_memory_s"], r["dask_s"], round(r["dask_s"] / r["in_memory_s"], 2),
                r["in_memory_process"]["peak_sum_rss_mib"], r["dask_tree"]["peak_sum_rss_mib"],
                r["dask_tree"]["cpu"]["sum_cpu_s"], r["verdicts_agree"]] for r in results])
    rec.write(args.out, {"results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
