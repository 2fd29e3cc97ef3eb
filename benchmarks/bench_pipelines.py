"""Pipelines benchmark: train, evaluate, compare, drift through dispatch vs the same work done bare, one run.

    uv run --frozen python benchmarks/bench_pipelines.py [--rows 100000 1000000]

A CSV of `rows` rows (20 numeric features, a timestamp, a "yes"/"no" target; a live CSV with 8 features shifted)
is made per size. Every step runs in a fresh process after its imports and set-up, so its time, CPU and memory
are its own. CPU: the step's process and every process it starts (psutil tree, reaped children included). Memory:
the peak of the tree's summed RSS sampled every 50 ms, minus the resident size before the step; and the step
process's own VmHWM (reset through /proc/self/clear_refs) beside it:
- ours: `dispatch` of train (gradient_boosting), evaluate, compare (1,000-resample paired bootstrap) and drift
  on a temp MLOPS_HOME; before the clock starts, as in a warm pool worker of a running server, the ML stack is
  imported (tools.work.worker.warm), the MLflow store exists, and the versions compared and watched are loaded.
- bare: pandas.read_csv + the same sklearn estimator fit + predict_proba + roc_auc_score by hand; evaluate and
  compare load the fitted models before the clock starts; drift is read + predict + a KS test per column
  against the training data (scipy), no bootstrap, no MLflow, no chart.
Warm against warm: both sides import and load before the clock. Ratios are ours / bare per step and size, plus
compare / evaluate (ours). Both sides run with OMP_NUM_THREADS=1. Writes benchmarks/results/pipelines.json
through record.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT, ROOT / "benchmarks"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from record import RESULTS, Recorder, TreeUsage  # noqa: E402

FEATURES = [f"f{i:02d}" for i in range(20)]
SHIFTED = FEATURES[:8]
PARAMS = {"max_iter": 50}
STEPS = ("train", "evaluate", "compare", "drift")


def make_tables(folder: Path, rows: int, seed: int = 0) -> tuple[Path, Path]:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    values = rng.normal(size=(rows, len(FEATURES)))
    logit = values[:, :5] @ np.array([1.2, -0.8, 0.6, 0.4, -0.3]) + rng.normal(0, 1.0, rows)
    stamps = pd.Timestamp("2014-01-01") + pd.to_timedelta(np.sort(rng.uniform(0, 364, rows)), unit="D")
    frame = pd.DataFrame(values.round(5), columns=FEATURES)
    frame.insert(0, "event_time", stamps.strftime("%Y-%m-%d %H:%M:%S"))
    frame["label"] = np.where(logit > 0.8, "yes", "no")
    train_csv, live_csv = folder / "train.csv", folder / "live.csv"
    frame.to_csv(train_csv, index=False)
    live = frame.sample(n=min(rows, 200_000), random_state=1).sort_values("event_time")
    live[SHIFTED] = live[SHIFTED] + 0.5
    live.to_csv(live_csv, index=False)
    return train_csv, live_csv


def config(train_csv: Path, live_csv: Path) -> str:
    return f"""
[models.weather]
task = "binary"
target = "label"
timestamp = "event_time"
estimator = "gradient_boosting"
params = {{ max_iter = {PARAMS["max_iter"]} }}
primary_metric = "roc_auc"
source = {{ kind = "csv", path = "{train_csv}" }}
live = {{ kind = "csv", path = "{live_csv}" }}
"""


# --- one step in its own process -------------------------------------------------------------------------
def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _measure(work: Any) -> dict[str, float]:
    import gc

    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident size
    except OSError:
        pass
    before = _rss_kib("VmRSS")
    with TreeUsage() as usage:
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
    # CPU seconds beside wall: on a shared machine the neighbours' load inflates wall time, much less CPU time.
    used = usage.result()
    return {"seconds": round(seconds, 3), "cpu_seconds": round(used["cpu"]["sum_cpu_s"], 3),
            "peak_mib": round(used["peak_sum_rss_mib"] - before / 1024, 1),
            "own_vmhwm_mib": round((_rss_kib("VmHWM") - before) / 1024, 1),
            "processes": len(used["peak_rss_mib_per_process"])}


def step(side: str, name: str, folder: Path) -> dict[str, float]:
    return (_ours if side == "ours" else _bare)(name, folder)


def _ours(name: str, folder: Path) -> dict[str, float]:
    os.environ.update(MLOPS_HOME=str(folder / "home"), MLOPS_CONFIG=str(folder / "mlops-bot.toml"))
    from pipelines import scoring
    from tools.access import Caller
    from tools.context import Context
    from tools.dispatch import confirm, dispatch
    from tools.work.worker import warm

    ctx = Context.load()
    me = Caller(user_id="cli:bench", surface="cli", trusted=True)
    # As a warm pool worker of a running server: the ML stack imported and the MLflow store created.
    warm()
    ctx.registry.client.search_registered_models()

    def call(tool: str, **args: Any) -> Any:
        outcome = dispatch(ctx, tool, {"model": "weather", **args}, me)
        if outcome.status == "needs_approval":
            outcome = confirm(ctx, outcome.approval.approval_id, me)
        assert outcome.status == "done", outcome.message
        return outcome.result

    if name == "train":
        return _measure(lambda: call("train"))
    if name == "prepare":  # not timed: a second version and a production one, for compare and drift
        call("train", params={"max_iter": 20})
        call("deploy", version="1")
        return {}
    for version in (1, 2):  # warm, as a running server is
        scoring.load_version(ctx.registry, "weather", version)
    if name == "evaluate":
        return _measure(lambda: call("evaluate", version="1"))
    if name == "compare":
        return _measure(lambda: call("compare", a="1", b="2"))
    return _measure(lambda: call("check_drift", since="2014-01-01", until="2015-01-01"))


def _bare(name: str, folder: Path) -> dict[str, float]:
    import joblib
    import numpy as np
    import pandas as pd
    from scipy import stats
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score

    train_csv, live_csv = folder / "train.csv", folder / "live.csv"

    def split(frame: pd.DataFrame) -> tuple[Any, Any, Any, Any]:
        held = np.arange(len(frame)) % 4 == 0
        X, y = frame[FEATURES].to_numpy(), (frame["label"] == "yes").to_numpy()
        return X[~held], y[~held], X[held], y[held]

    if name == "train":
        def train() -> None:
            X, y, Xh, yh = split(pd.read_csv(train_csv))
            model = HistGradientBoostingClassifier(**PARAMS, random_state=42).fit(X, y)
            roc_auc_score(yh, model.predict_proba(Xh)[:, 1])
            joblib.dump(model, folder / "bare-1.joblib")
        return _measure(train)
    if name == "prepare":
        X, y, _, _ = split(pd.read_csv(train_csv))
        joblib.dump(HistGradientBoostingClassifier(max_iter=20, random_state=42).fit(X, y), folder / "bare-2.joblib")
        return {}
    first, second = joblib.load(folder / "bare-1.joblib"), joblib.load(folder / "bare-2.joblib")
    if name == "evaluate":
        def evaluate() -> None:
            _, _, Xh, yh = split(pd.read_csv(train_csv))
            roc_auc_score(yh, first.predict_proba(Xh)[:, 1])
        return _measure(evaluate)
    if name == "compare":
        def compare() -> None:
            _, _, Xh, yh = split(pd.read_csv(train_csv))
            roc_auc_score(yh, second.predict_proba(Xh)[:, 1]) - roc_auc_score(yh, first.predict_proba(Xh)[:, 1])
        return _measure(compare)
    reference = pd.read_csv(train_csv, usecols=FEATURES)

    def drift() -> None:
        live = pd.read_csv(live_csv)
        first.predict_proba(live[FEATURES].to_numpy())
        [stats.ks_2samp(reference[c].to_numpy(), live[c].to_numpy()) for c in FEATURES]
    return _measure(drift)


# --- the driver ----------------------------------------------------------------------------------------------
def run_step(side: str, name: str, folder: Path) -> dict[str, float]:
    # One OpenMP thread on both sides: on a shared 2-core machine spinning worker threads measure the neighbours.
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, __file__, "--step", side, name, str(folder)], capture_output=True,
                          text=True, cwd=ROOT, timeout=1800, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{side} {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=RESULTS / "pipelines.json")
    parser.add_argument("--step", nargs=3, metavar=("SIDE", "NAME", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step[0], args.step[1], Path(args.step[2]))))
        return
    run = Recorder("pipelines", params=vars(args))
    results: dict[str, Any] = {"estimator": f"gradient_boosting {PARAMS}", "sizes": {}}
    for rows in args.rows:
        with tempfile.TemporaryDirectory(prefix="mlops-bench-") as scratch:
            folder = Path(scratch)
            make_tables(folder, rows)
            (folder / "mlops-bot.toml").write_text(config(folder / "train.csv", folder / "live.csv"))
            size: dict[str, Any] = {}
            for name in ("train", "prepare", "evaluate", "compare", "drift"):
                for side in ("ours", "bare"):
                    measured = run_step(side, name, folder)
                    if measured:
                        size.setdefault(name, {})[side] = measured
                if name in STEPS:
                    ours, bare = size[name]["ours"], size[name]["bare"]
                    size[name]["ratio"] = round(ours["seconds"] / bare["seconds"], 2)
                    size[name]["cpu_ratio"] = round(ours["cpu_seconds"] / bare["cpu_seconds"], 2)
                    size[name]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
                    print(f"{rows:>9,} rows  {name:<8} ours {ours['seconds']:7.2f} s ({ours['cpu_seconds']:.2f} CPU) "
                          f"{ours['peak_mib']:7.1f} MiB  bare {bare['seconds']:7.2f} s ({bare['cpu_seconds']:.2f} CPU) "
                          f"{bare['peak_mib']:7.1f} MiB  ratio {size[name]['ratio']:.2f}x", flush=True)
                    run.figure(f"{name}, {rows:,} rows: ours through dispatch", ours["seconds"], "s",
                               baseline=("the same work done bare (pandas + scikit-learn)", bare["seconds"]),
                               detail=f"CPU {ours['cpu_seconds']} s vs {bare['cpu_seconds']} s; peak tree memory "
                                      f"{ours['peak_mib']} MiB vs {bare['peak_mib']} MiB")
            size["compare_over_evaluate"] = round(
                size["compare"]["ours"]["seconds"] / size["evaluate"]["ours"]["seconds"], 2)
            results["sizes"][str(rows)] = size
    run.table("Every step (wall s, CPU s of the step's process tree, peak tree memory MiB above the start)",
              ["rows", "step", "ours s", "ours CPU s", "ours MiB", "bare s", "bare CPU s", "bare MiB", "ours / bare",
               "CPU ours / bare"],
              [[rows, name, v["ours"]["seconds"], v["ours"]["cpu_seconds"], v["ours"]["peak_mib"], v["bare"]["seconds"],
                v["bare"]["cpu_seconds"], v["bare"]["peak_mib"], v["ratio"], v["cpu_ratio"]]
               for rows, size in results["sizes"].items() for name, v in size.items() if name in STEPS])
    run.write(args.out, results)


if __name__ == "__main__":
    main()
