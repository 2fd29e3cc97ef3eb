"""What pinning pandas < 3 (feast 0.67 needs it) costs: the same code on pandas 2 and on pandas 3, and install size.

    uv run --frozen python benchmarks/bench_pandas.py --other-python /path/to/pandas3/venv/bin/python [--rows 200000]

The other interpreter is an environment synced from the lock before feast (pandas 3); this one is the project's
(pandas 2 with feast). Each step runs in a fresh child process of each interpreter on the same code (this
checkout) and the same generated CSV, after its imports, `--repeats` times (the two environments back to back
per step); the median counts:
- load: `pipelines.data.datasets.load` of a CSV model with a `last=` window (read_csv, cut, schema, content hash);
- drift: `pipelines.drift.detect_drift` of the shifted live table against the training table (20 features);
- train: `pipelines.train.train` (logistic_regression) into a fresh SQLite MLflow store, logged and registered.
Install size: the size of each environment's site-packages, and what feast adds (packages only in this one).
Writes benchmarks/results/pandas.json through record.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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

from record import RESULTS, Recorder  # noqa: E402

FEATURES = [f"f{i:02d}" for i in range(20)]
STEPS = ("load", "drift", "train")


def make_tables(folder: Path, rows: int) -> tuple[Path, Path]:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    values = rng.normal(size=(rows, len(FEATURES)))
    stamps = pd.Timestamp("2026-01-01") + pd.to_timedelta(np.sort(rng.uniform(0, 300, rows)), unit="D")
    frame = pd.DataFrame(values.round(5), columns=FEATURES)
    frame.insert(0, "event_time", stamps.strftime("%Y-%m-%d %H:%M:%S"))
    frame["label"] = (values[:, :3] @ np.array([1.0, -0.7, 0.5]) + rng.normal(0, 1, rows) > 0).astype(int)
    train, live = folder / "train.csv", folder / "live.csv"
    frame.to_csv(train, index=False)
    shifted = frame.sample(frac=0.5, random_state=1)
    shifted[FEATURES[:8]] += 0.5
    shifted.to_csv(live, index=False)
    return train, live


def child(step: str, folder: Path, repeats: int) -> dict[str, Any]:
    """Runs in the measured interpreter: imports first, then the step `repeats` times."""
    import pandas as pd

    import mlflow

    from pipelines import train
    from pipelines.config import ModelSpec
    from pipelines.data import datasets
    from pipelines.data.window import Window
    from pipelines.drift import detect_drift
    from pipelines.registry import Registry

    spec = ModelSpec.model_validate(
        {
            "name": "bench",
            "task": "binary",
            "target": "label",
            "timestamp": "event_time",
            "estimator": "logistic_regression",
            "primary_metric": "roc_auc",
            "source": {"kind": "csv", "path": str(folder / "train.csv")},
        }
    )
    seconds = []
    if step == "drift":
        reference = pd.read_csv(folder / "train.csv", usecols=FEATURES)
        current = pd.read_csv(folder / "live.csv", usecols=FEATURES)
    for i in range(repeats):
        started = time.perf_counter()
        if step == "load":
            datasets.load(spec, window=Window(last="3650d"))
        elif step == "drift":
            detect_drift(reference, current)
        else:  # a fresh store each time, made before the clock (MLflow's migrations are not the step)
            uri = f"sqlite:///{folder / f'mlflow-{os.getpid()}-{i}.db'}"
            mlflow.MlflowClient(uri).search_experiments()
            started = time.perf_counter()
            registry = Registry(mlflow.MlflowClient(uri), tracking_uri=uri, artifact_root=folder / "artifacts")
            train.train(spec, registry)
        seconds.append(time.perf_counter() - started)
    return {"seconds": seconds, "pandas": pd.__version__}


def site_size(python: str) -> dict[str, Any]:
    """Bytes and distributions in an interpreter's site-packages."""
    out = subprocess.run(
        [
            python,
            "-c",
            "import sysconfig, json, importlib.metadata as m; print(json.dumps("
            "[sysconfig.get_paths()['purelib'], sorted({d.metadata['Name'].lower() for d in "
            "m.distributions()})]))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    purelib, names = json.loads(out.stdout)
    size = sum(f.stat().st_size for f in Path(purelib).rglob("*") if f.is_file() and not f.is_symlink())
    return {"purelib": purelib, "bytes": size, "distributions": names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other-python", required=True, help="an interpreter of the pandas 3 environment")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("STEP", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), args.repeats)))
        return
    run = Recorder("pandas", params={k: v for k, v in vars(args).items() if k != "child"})
    pythons = {"this (pandas 2, feast)": sys.executable, "other (pandas 3, no feast)": args.other_python}
    results: dict[str, Any] = {"steps": {}, "install": {}}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_tables(folder, args.rows)
        for step in STEPS:  # the two environments one after the other per step, so a change of load hits both
            for label, python in pythons.items():
                out = subprocess.run(
                    [
                        python,
                        __file__,
                        "--other-python",
                        args.other_python,
                        "--repeats",
                        str(args.repeats),
                        "--child",
                        step,
                        str(folder),
                    ],
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                    env=env,
                    check=True,
                )
                results["steps"].setdefault(step, {})[label] = json.loads(out.stdout.strip().splitlines()[-1])
    for label, python in pythons.items():
        results["install"][label] = site_size(python)
    this, other = (results["install"][k] for k in pythons)
    only = sorted(set(this["distributions"]) - set(other["distributions"]))
    rows = []
    for step in STEPS:
        two, three = (results["steps"][step][k] for k in pythons)
        a, b = statistics.median(two["seconds"]), statistics.median(three["seconds"])
        run.figure(
            f"{step}, pandas {two['pandas']} / pandas {three['pandas']}",
            round(a / b, 2),
            "x",
            detail=f"median of {args.repeats}: {a:.3f} s vs {b:.3f} s, {args.rows} rows",
        )
        rows.append([step, f"{a:.3f}", f"{b:.3f}", f"{a / b:.2f}"])
    run.table(
        f"Median seconds, {args.rows} rows, {args.repeats} runs each", ["step", "pandas 2", "pandas 3", "ratio"], rows
    )
    mib = 2**20
    run.figure(
        "site-packages with feast",
        round(this["bytes"] / mib),
        "MiB",
        baseline=("without feast (pandas 3)", round(other["bytes"] / mib)),
    )
    run.table(
        "Install size",
        ["environment", "site-packages MiB", "distributions"],
        [[k, round(v["bytes"] / mib), len(v["distributions"])] for k, v in results["install"].items()],
    )
    run.note("Distributions only in the feast environment: " + ", ".join(only))
    for v in results["install"].values():
        v.pop("distributions")
    run.write(RESULTS / "pandas.json", results)


if __name__ == "__main__":
    main()
