"""Root-cause (`why`) benchmark: 100k live rows x 25 features, one core, and whether sampling keeps the ranking.

    uv run --frozen python benchmarks/bench_why.py [--rows 100000] [--features 25] [--repeats 3]

A random forest (100 trees, depth 8) is trained on 20k reference rows whose target depends on x0..x3. In the
100k-row live window x0 and x1 narrow (moderate drift that costs accuracy) and x20..x24 shift by 1-3 std (strong
drift the model ignores). Timed, warm, best of `--repeats`: what `why` does after reading its inputs — drift of
the whole window against the stored profile, scoring, and impact of every drifted feature on a sample of
MAX_ROWS rows — realised (labels) and estimated (CBPE, no labels). Not timed: reading the CSV/MLflow artifacts and
loading the model (the same for `drift`). Also measured: the ranking on samples of 1k..20k rows against the
ranking on all rows (top-1 agreement, Kendall tau over 5 seeds), and the cost permutation importance adds to a
training. Writes benchmarks/results/why.json through record.py.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from record import RESULTS, Recorder  # noqa: E402

from pipelines import estimators  # noqa: E402
from pipelines.config import ModelSpec  # noqa: E402
from pipelines.drift.profile import build_profile, detect_drift_from_profile  # noqa: E402
from pipelines.monitor import cbpe, rootcause  # noqa: E402
from pipelines.monitor.importance import permutation_importance  # noqa: E402

SAMPLES = (1_000, 2_000, 5_000, 10_000, 20_000)
SEEDS = range(5)


def data(n: int, features: int, *, live: bool, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, features))
    if live:
        X[:, 0] *= 0.4
        X[:, 1] *= 0.6
        for k, j in enumerate(range(features - 5, features)):
            X[:, j] += 1.0 + 0.5 * k
    logit = 3.0 * X[:, 0] + 2.0 * X[:, 1] + 1.0 * X[:, 2] + 0.5 * X[:, 3]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame(X, columns=[f"x{i}" for i in range(features)]), y


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--features", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    run = Recorder("why", params=vars(args))
    spec = ModelSpec(name="bench", task="binary", source={"kind": "csv", "path": "unused.csv"}, target="target",
                     estimator="random_forest", params={"n_estimators": 100, "max_depth": 8, "n_jobs": 1},
                     primary_metric="roc_auc")
    X_ref, y_ref = data(20_000, args.features, live=False, seed=1)
    X_hold, y_hold = data(5_000, args.features, live=False, seed=2)
    fitted = estimators.build(spec.estimator, spec.params, random_state=0).fit(X_ref, y_ref)
    started = time.perf_counter()
    importance = permutation_importance(fitted, spec, X_hold, y_hold, classes=[0, 1], random_state=0)
    importance_s = time.perf_counter() - started
    profile = build_profile(X_ref, config=spec.drift)
    calibration = cbpe.fit_calibration(fitted.predict_proba(X_hold)[:, 1], y_hold)
    X_live, y_live = data(args.rows, args.features, live=True, seed=3)
    at_training = {"roc_auc": 0.0, "accuracy": 0.0}

    def why(*, labels: bool, sample: int | None = None, seed: int = 0) -> Any:
        cap = {"max_labelled" if labels else "max_rows": sample} if sample else {}
        report = detect_drift_from_profile(profile, X_live, config=spec.drift)
        return rootcause.attribute(spec, profile=profile, current=X_live, report=report, fitted=fitted,
                                   classes=[0, 1], truth=y_live if labels else None, calibration=calibration,
                                   importance=importance, at_training=at_training, random_state=seed,
                                   basis="auto" if labels else "estimated", **cap)

    results: dict[str, Any] = {"importance_seconds_at_training": round(importance_s, 3),
                               "importance": importance.features}
    for labels, name in ((True, "realised"), (False, "estimated")):
        why(labels=labels)  # warm
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            impact, causes = why(labels=labels)
            times.append(time.perf_counter() - started)
        results[name] = {"seconds": [round(t, 3) for t in times], "ranking": [c.model_dump() for c in causes],
                         "now": impact.now}
        default = rootcause.MAX_LABELLED if labels else rootcause.MAX_ROWS
        run.figure(f"why, {name}, {args.rows:,} rows x {args.features}", round(min(times), 3), "s",
                   goal=("<= 5 s on one core", min(times) <= 5.0),
                   detail=f"best of {args.repeats}; impact on a sample of at most {default:,} rows")
        full = why(labels=labels, sample=args.rows)[1]
        full_impact = {c.feature: c.impact for c in full}
        mattering = {c.feature for c in full if (c.impact or 0.0) >= rootcause.NEGLIGIBLE}
        rows = []
        for size in sorted({*SAMPLES, default}):
            if size >= args.rows:
                continue
            tops, top3, taus = [], [], []
            for seed in SEEDS:
                ranked = why(labels=labels, sample=size, seed=seed)[1]
                tops.append(ranked[0].feature == full[0].feature)
                k = len(mattering)
                top3.append([c.feature for c in ranked[:k]] == [c.feature for c in full[:k]])
                kept = [c for c in ranked if c.feature in mattering]
                taus.append(_kendall([full_impact[c.feature] for c in kept], [c.impact for c in kept]))
            rows.append([size, f"{sum(tops)}/{len(tops)}", f"{sum(top3)}/{len(top3)}",
                         round(float(np.mean(taus)), 3), round(float(np.min(taus)), 3)])
        results[name]["full_ranking"] = [c.model_dump() for c in full]
        results[name]["stability"] = rows
        run.table(f"Ranking on a sample vs on all {args.rows:,} rows ({name}; {len(mattering)} features with an "
                  f"impact of at least {rootcause.NEGLIGIBLE} on all rows: k)",
                  ["sample rows", "same top feature", "same top k, in order", "Kendall tau of those (mean)",
                   "(min)"], rows)
    run.figure("permutation importance added to a training", round(importance_s, 3), "s",
               detail=f"{args.features} features x 3 repeats on a 5,000-row holdout, one batch")
    run.write(RESULTS / "why.json", results)


def _kendall(a: list[float | None], b: list[float | None]) -> float:
    from scipy.stats import kendalltau

    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    if len(pairs) < 2:
        return 1.0
    tau = kendalltau([p[0] for p in pairs], [p[1] for p in pairs]).statistic
    return float(tau) if tau == tau else 1.0


if __name__ == "__main__":
    main()
