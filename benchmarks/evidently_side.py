"""Evidently's side of the drift benchmark, run in an isolated env (Evidently 0.7 needs pandas < 3).

uv run --isolated --no-project --with "evidently==0.7.23" --with "pandas<3" --with pyarrow \
    python benchmarks/evidently_side.py REF.parquet CUR.parquet OUT.json [--repeats 3]

Times Report([DataDriftPreset()]).run and writes, per column, the stattest Evidently chose, its drift score
and whether it called the column drifted.
"""

from __future__ import annotations

import os

for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
):
    os.environ[_var] = "1"  # before numpy is imported: one core, like our side

import argparse
import json
import re
import time
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("reference")
    parser.add_argument("current")
    parser.add_argument("out")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import evidently
    import pandas as pd
    from evidently import Report
    from evidently.presets import DataDriftPreset

    reference = pd.read_parquet(args.reference)
    current = pd.read_parquet(args.current)
    timings = []
    snapshot = None
    for _ in range(args.repeats):
        report = Report([DataDriftPreset()])
        started = time.perf_counter()
        snapshot = report.run(current_data=current, reference_data=reference)
        timings.append(time.perf_counter() - started)
    assert snapshot is not None
    columns: dict[str, dict[str, Any]] = {}
    drifted_count = None
    for metric in snapshot.dict()["metrics"]:
        config = metric["config"]
        if config.get("type", "").endswith("DriftedColumnsCount"):
            drifted_count = int(metric["value"]["count"])
        elif config.get("type", "").endswith("ValueDrift"):
            method, threshold, score = config["method"], float(config["threshold"]), float(metric["value"])
            # p-value tests flag drift below the threshold (K-S at or below), distances at or above: the rule
            # in evidently.legacy.calculations.stattests; checked against DriftedColumnsCount below.
            is_p_value = "p_value" in method
            drifted = score <= threshold if is_p_value else score >= threshold
            columns[config["column"]] = {
                "method": method,
                "threshold": threshold,
                "score": score,
                "drifted": drifted,
                "p_value_test": is_p_value,
            }
    if drifted_count is not None and drifted_count != sum(c["drifted"] for c in columns.values()):
        raise SystemExit(f"drift flags disagree with Evidently's own count ({drifted_count})")
    result = {
        "evidently_version": evidently.__version__,
        "pandas_version": pd.__version__,
        "rows_reference": len(reference),
        "rows_current": len(current),
        "seconds_best": min(timings),
        "seconds_all": timings,
        "drifted_count": drifted_count,
        "columns": columns,
        "methods": sorted({re.sub(r"\s+", " ", c["method"]) for c in columns.values()}),
    }
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=2)


if __name__ == "__main__":
    main()
