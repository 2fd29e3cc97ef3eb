"""Drift benchmark: detect_drift on 1M rows x 25 columns, one core; next to Evidently at 100k rows.

    uv run --frozen python benchmarks/bench_drift.py [--rows 1000000] [--evidently-rows 100000] [--skip-evidently]

(a) time (best of 3) and peak memory of detect_drift, beside the plain baseline in the same run: one
scipy.stats.ks_2samp per numeric column (no categorical tests, no distances, no PSI); (b) the same recipe at 100k
rows against Evidently 0.7.23's DataDriftPreset, run in an isolated env (it needs pandas < 3) via
benchmarks/evidently_side.py. Both sides warm (one unmeasured call first) and on one core; detect_drift starts no
process, so tracemalloc in this process is the whole tree's allocation. Writes benchmarks/results/drift.json
through record.py.
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
    os.environ[_var] = "1"  # before numpy is imported, or its BLAS pool is already sized

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from pipelines.drift import DriftReport, detect_drift  # noqa: E402
from record import RESULTS, Recorder  # noqa: E402

EVIDENTLY = [
    "uv",
    "run",
    "--isolated",
    "--no-project",
    "--with",
    "evidently==0.7.23",
    "--with",
    "pandas<3",
    "--with",
    "pyarrow",
    "python",
    str(ROOT / "benchmarks" / "evidently_side.py"),
]
SHIFTED_NUMERIC = ["num_00", "num_01", "num_08", "num_12", "num_16", "num_18"]
SHIFTED_CATEGORICAL = ["cat_0", "cat_2"]
# Our method -> Evidently's display name for the same test family.
SAME_FAMILY = {
    "ks": "K-S p_value",
    "wasserstein": "Wasserstein distance (normed)",
    "chi2": "chi-square p_value",
    "jensenshannon": "Jensen-Shannon distance",
}


def make_frames(rows: int, *, seed: int = 20260101) -> tuple[pd.DataFrame, pd.DataFrame]:
    """20 numeric + 5 categorical columns; 6 numeric and 2 categorical differ in the current window."""
    rng = np.random.default_rng(seed)

    def window(shifted: bool) -> pd.DataFrame:
        s = 1.0 if shifted else 0.0
        cols: dict[str, Any] = {}
        for i in range(8):
            cols[f"num_{i:02d}"] = rng.normal(10.0 * i, 1.0 + i, size=rows)
        cols["num_00"] = rng.normal(0.5 * s, 1.0, size=rows)  # +0.5 std
        cols["num_01"] = rng.normal(10.0 + 0.3 * 2.0 * s, 2.0, size=rows)  # +0.3 std
        for i in range(8, 12):
            cols[f"num_{i:02d}"] = rng.lognormal(1.0 + (0.3 * s if i == 8 else 0.0), 0.5, size=rows)
        for i in range(12, 16):
            cols[f"num_{i:02d}"] = rng.uniform(
                0.1 * s if i == 12 else 0.0, 1.0 + (0.1 * s if i == 12 else 0.0), size=rows
            )
        for i in range(16, 18):
            cols[f"num_{i:02d}"] = rng.poisson(20.0 + (3.0 * s if i == 16 else 0.0), size=rows).astype(
                np.int64
            )
        for i in range(18, 20):
            cols[f"num_{i:02d}"] = rng.exponential(2.0 * (1.5 if shifted and i == 18 else 1.0), size=rows)
        missing = rng.random(rows) < 0.01
        cols["num_02"][missing] = np.nan
        cats: dict[str, tuple[list[str], list[float], list[float]]] = {
            "cat_0": (["basic", "pro", "team"], [0.5, 0.3, 0.2], [0.3, 0.5, 0.2]),
            "cat_1": (["a", "b", "c", "d", "e"], [0.3, 0.25, 0.2, 0.15, 0.1], [0.3, 0.25, 0.2, 0.15, 0.1]),
            "cat_2": (
                [f"region_{k}" for k in range(8)],
                [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05],
                [0.1, 0.2, 0.1, 0.1, 0.1, 0.1, 0.05, 0.25],
            ),
            "cat_3": (["no", "yes"], [0.8, 0.2], [0.8, 0.2]),
            "cat_4": (["web", "ios", "android", "api"], [0.4, 0.3, 0.2, 0.1], [0.4, 0.3, 0.2, 0.1]),
        }
        for name, (values, before, after) in cats.items():
            chosen = rng.choice(np.array(values), size=rows, p=after if shifted else before).astype(object)
            if name == "cat_1":
                chosen[rng.random(rows) < 0.01] = None
            cols[name] = pd.array(chosen, dtype="str")
        return pd.DataFrame(cols)

    return window(False), window(True)


def best_of(
    repeats: int, reference: pd.DataFrame, current: pd.DataFrame
) -> tuple[float, list[float], DriftReport]:
    timings = []
    report = None
    for _ in range(repeats):
        started = time.perf_counter()
        report = detect_drift(reference, current)
        timings.append(time.perf_counter() - started)
    assert report is not None
    return min(timings), timings, report


def peak_memory(reference: pd.DataFrame, current: pd.DataFrame) -> int:
    """Peak bytes allocated during one detect_drift call (tracemalloc: numpy buffers count, inputs do not)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        detect_drift(reference, current)
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def naive_ks(reference: pd.DataFrame, current: pd.DataFrame, repeats: int) -> float:
    """Best of `repeats`: one scipy ks_2samp per numeric column, NaNs dropped (the plain way, half the job)."""
    from scipy import stats

    numeric = [c for c in reference.columns if c.startswith("num_")]
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        for column in numeric:
            stats.ks_2samp(reference[column].dropna().to_numpy(), current[column].dropna().to_numpy())
        timings.append(time.perf_counter() - started)
    return min(timings)


def part_a(rows: int, repeats: int) -> dict[str, Any]:
    reference, current = make_frames(rows)
    detect_drift(reference.iloc[:300_000], current.iloc[:300_000])  # warm-up: imports, sort calibration
    best, timings, report = best_of(repeats, reference, current)
    peak = peak_memory(reference, current)
    naive = naive_ks(reference, current, repeats)
    print(
        f"\n(a) detect_drift, {rows:,} rows x {reference.shape[1]} columns (20 numeric + 5 categorical), "
        "one core"
    )
    print(
        f"    {'best of ' + str(repeats):<22}{best:8.3f} s   (runs: {', '.join(f'{t:.3f}' for t in timings)})"
    )
    print(
        f"    {'peak memory':<22}{peak / 2**20:8.1f} MiB (tracemalloc peak during the call; inputs excluded)"
    )
    print(f"    {'input frames':<22}{(reference.memory_usage(deep=True).sum() * 2) / 2**20:8.1f} MiB")
    print(f"    verdict: {report.message}")
    flagged = sorted(f.column for f in report.features if f.drifted)
    print(f"    flagged: {', '.join(flagged)}")
    return {
        "rows": rows,
        "columns": int(reference.shape[1]),
        "repeats": repeats,
        "seconds_best": best,
        "seconds_all": timings,
        "peak_memory_mib": peak / 2**20,
        "peak_memory_method": "tracemalloc peak of allocations made during one detect_drift call",
        "baseline_ks_per_numeric_column_seconds_best": naive,
        "message": report.message,
        "flagged": flagged,
        "expected_flagged": sorted(SHIFTED_NUMERIC + SHIFTED_CATEGORICAL),
    }


def part_b(rows: int, repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        ref_path, cur_path, out_path = (
            Path(tmp, "reference.parquet"),
            Path(tmp, "current.parquet"),
            Path(tmp, "ev.json"),
        )
        reference, current = make_frames(rows)
        reference.to_parquet(ref_path)
        current.to_parquet(cur_path)
        # Both sides read the same files: what Evidently sees is what we see.
        reference, current = pd.read_parquet(ref_path), pd.read_parquet(cur_path)
        detect_drift(reference, current)
        ours_best, ours_all, report = best_of(repeats, reference, current)
        print(
            f"\n(b) {rows:,} rows: ours vs Evidently 0.7.23 DataDriftPreset (isolated env, pandas<3), "
            "one core"
        )
        print("    running Evidently ...", flush=True)
        subprocess.run(
            [*EVIDENTLY, str(ref_path), str(cur_path), str(out_path), "--repeats", str(repeats)],
            check=True,
            cwd=ROOT,
        )
        evidently = json.loads(out_path.read_text())
    rows_out = []
    same_family = agree_same_family = agree_all = 0
    for feature in report.features:
        theirs = evidently["columns"][feature.column]
        family = SAME_FAMILY[feature.method] == theirs["method"] if feature.method in SAME_FAMILY else False
        agree = feature.drifted == theirs["drifted"]
        same_family += family
        agree_same_family += family and agree
        agree_all += agree
        rows_out.append(
            {
                "column": feature.column,
                "ours_method": feature.method,
                "ours_statistic": feature.statistic,
                "ours_drifted": feature.drifted,
                "evidently_method": theirs["method"],
                "evidently_score": theirs["score"],
                "evidently_drifted": theirs["drifted"],
                "same_family": family,
                "agree": agree,
            }
        )
    ratio = evidently["seconds_best"] / ours_best
    print(
        f"    {'column':<8} {'ours':<14} {'stat':>8} {'drift':>6}   "
        f"{'Evidently':<30} {'score':>8} {'drift':>6}"
    )
    for r in rows_out:
        print(
            f"    {r['column']:<8} {r['ours_method']:<14} {r['ours_statistic']:8.4f} "
            f"{r['ours_drifted']!s:>6}   "
            f"{r['evidently_method']:<30} {r['evidently_score']:8.4f} {r['evidently_drifted']!s:>6}"
            f"{'' if r['agree'] else '   <- differs'}"
        )
    print(f"    {'ours (best of ' + str(repeats) + ')':<26}{ours_best:9.3f} s")
    print(f"    {'Evidently (best of ' + str(repeats) + ')':<26}{evidently['seconds_best']:9.3f} s")
    print(f"    {'ratio Evidently / ours':<26}{ratio:9.1f} x")
    print(
        f"    verdicts agree on {agree_same_family} of {same_family} columns where both use the same "
        "test family "
        f"({agree_all} of {len(rows_out)} overall)"
    )
    print(f"    Evidently chose: {', '.join(evidently['methods'])}")
    return {
        "rows": rows,
        "repeats": repeats,
        "ours_seconds_best": ours_best,
        "ours_seconds_all": ours_all,
        "evidently_seconds_best": evidently["seconds_best"],
        "evidently_seconds_all": evidently["seconds_all"],
        "ratio_evidently_over_ours": ratio,
        "same_family_columns": same_family,
        "same_family_agree": agree_same_family,
        "all_columns_agree": agree_all,
        "columns": rows_out,
        "evidently_methods": evidently["methods"],
        "evidently_version": evidently["evidently_version"],
        "evidently_pandas": evidently["pandas_version"],
        "ours_message": report.message,
        "evidently_drifted_count": evidently["drifted_count"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--evidently-rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-evidently", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "drift.json")
    args = parser.parse_args()
    run = Recorder("drift", params=vars(args))
    result: dict[str, Any] = {
        "threads": "OMP/OPENBLAS/MKL/NUMEXPR = 1 (Arrow honours OMP)",
        "recipe": {
            "numeric": 20,
            "categorical": 5,
            "shifted_numeric": SHIFTED_NUMERIC,
            "shifted_categorical": SHIFTED_CATEGORICAL,
            "seed": 20260101,
        },
        "a": part_a(args.rows, args.repeats),
    }
    a = result["a"]
    found = a["flagged"] == a["expected_flagged"]
    run.figure(
        f"detect_drift, {args.rows:,} rows x 25 columns, one core (best of {args.repeats})",
        round(a["seconds_best"], 3),
        "s",
        baseline=("one scipy ks_2samp per numeric column (20 of 25)",
                  round(a["baseline_ks_per_numeric_column_seconds_best"], 3)),
        goal=("flags exactly the 8 shifted columns", found),
        detail=f"peak memory {a['peak_memory_mib']:.1f} MiB (tracemalloc, inputs excluded)",
    )
    if not args.skip_evidently:
        result["b"] = b = part_b(args.evidently_rows, args.repeats)
        run.figure(
            f"detect_drift, {args.evidently_rows:,} rows x 25 columns, one core (best of {args.repeats})",
            round(b["ours_seconds_best"], 3),
            "s",
            baseline=(f"Evidently {b['evidently_version']} DataDriftPreset, same files",
                      round(b["evidently_seconds_best"], 3)),
            detail=f"verdicts agree on {b['same_family_agree']} of {b['same_family_columns']} columns where both "
            "use the "
            f"same test family ({b['all_columns_agree']} of {len(b['columns'])} overall)",
        )
        run.table(
            f"Column by column at {args.evidently_rows:,} rows: ours vs Evidently",
            ["column", "ours", "statistic", "drifted", "Evidently", "score", "drifted", "agree"],
            [[c["column"], c["ours_method"], round(c["ours_statistic"], 4), c["ours_drifted"], c["evidently_method"],
              round(c["evidently_score"], 4), c["evidently_drifted"], c["agree"]] for c in b["columns"]],
        )
    else:
        run.note("Evidently skipped (--skip-evidently)")
    run.write(args.out, result)


if __name__ == "__main__":
    main()
