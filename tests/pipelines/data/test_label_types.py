"""Class labels as real tables have them (strings, yes/no, booleans, integers, categoricals), with real dates.

Each table goes through train, deploy, retrain, evaluate, compare and drift on absolute windows, by dispatch on
a temp MLOPS_HOME, the way `mlops-bot cmd` runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from bot.slack.render import render
from tests.conftest import approve, run
from tools.access import Caller

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)
WINDOW = "since=2014-01-01 until=2014-12-31"


def weather(rows: int = 900, seed: int = 7) -> pd.DataFrame:
    """Daily-ish weather over 2014 and half of 2015; the labels follow the features, with noise."""
    rng = np.random.default_rng(seed)
    stamps = pd.Timestamp("2014-01-01") + pd.to_timedelta(np.sort(rng.uniform(0, 545, rows)), unit="D")
    humidity, temp, pressure = rng.uniform(20, 100, rows), rng.normal(12, 8, rows), rng.normal(1013, 9, rows)
    noisy = humidity + rng.normal(0, 12, rows)
    sky = np.where(noisy > 75, "rain", np.where((noisy > 55) & (temp < 10), "fog", "sun"))
    wet = (noisy + 0.5 * (1013 - pressure)) > 70
    return pd.DataFrame({
        "date": stamps.strftime("%Y-%m-%d %H:%M"), "humidity": humidity.round(1), "temp": temp.round(1),
        "pressure": pressure.round(1), "sky": sky, "umbrella": np.where(wet, "yes", "no"), "wet": wet,
        "grade": np.where(wet, 1, -1), "band": np.where(noisy > 75, 30, np.where(noisy > 50, 20, 10)),
    })


def model_toml(name: str, target: str, task: str, path: Path, *, extra: str = "") -> str:
    metric = "roc_auc" if task == "binary" else "f1_macro"
    return f"""
[models.{name}]
task = "{task}"
target = "{target}"
features = ["humidity", "temp", "pressure"]
timestamp = "date"
estimator = "logistic_regression"
primary_metric = "{metric}"
source = {{ kind = "{path.suffix[1:]}", path = "{path}" }}
live = {{ kind = "{path.suffix[1:]}", path = "{path}" }}
gate = {{ min_metric = 0.5 }}
{extra}
"""


@pytest.fixture
def tables(tmp_path: Path) -> dict[str, Path]:
    frame = weather()
    csv = tmp_path / "weather.csv"
    frame.to_csv(csv, index=False)
    parquet = tmp_path / "weather.parquet"
    frame.assign(sky=frame["sky"].astype("category")).to_parquet(parquet)
    return {"csv": csv, "parquet": parquet}


# model, target column, task, table, the positive class stated for binary, the classes, retrain and compare too
CASES = [
    ("sky", "sky", "multiclass", "csv", None, ["fog", "rain", "sun"], True),
    ("umbrella", "umbrella", "binary", "csv", "yes", ["no", "yes"], True),
    ("wet", "wet", "binary", "csv", True, [False, True], False),
    ("grade", "grade", "binary", "csv", 1, [-1, 1], False),
    ("band", "band", "multiclass", "csv", None, [10, 20, 30], False),
    ("skycat", "sky", "multiclass", "parquet", None, ["fog", "rain", "sun"], False),
]


@pytest.mark.parametrize(("name", "target", "task", "table", "positive", "classes", "full"), CASES,
                         ids=[c[0] for c in CASES])
def test_a_table_goes_through_the_whole_loop(mlops_home: Path, configure: Callable[[str], Any],
                                             tables: dict[str, Path], name: str, target: str, task: str,
                                             table: str, positive: Any, classes: list[Any], full: bool) -> None:
    ctx = configure(model_toml(name, target, task, tables[table]))
    first = run(ctx, f"train {name} {WINDOW}", LOCAL)
    assert first.status == "done", first.message
    assert first.result.classes == classes and first.result.positive_label == positive
    assert first.result.lineage.start is not None and first.result.lineage.start.year == 2014
    assert 0.5 < first.result.metrics[first.result.primary_metric] <= 1.0
    deployed = approve(ctx, run(ctx, f"deploy {name} 1", LOCAL), LOCAL)
    assert deployed.status == "done", deployed.message
    if full:
        assert run(ctx, f"train {name} {WINDOW} C=0.01", LOCAL).status == "done"

    evaluated = run(ctx, f"evaluate {name} production {WINDOW}", LOCAL)
    assert evaluated.status == "done", evaluated.message
    assert evaluated.result.positive_label == positive and evaluated.result.version == 1
    assert evaluated.result.metrics == pytest.approx(first.result.metrics)  # same holdout rows, same model

    if full:
        compared = run(ctx, f"compare {name} production challenger {WINDOW}", LOCAL)
        assert compared.status == "done", compared.message
        assert (compared.result.a_version, compared.result.b_version) == (1, 2)
        assert compared.result.positive_label == positive
        assert compared.result.ci_low <= compared.result.primary().delta <= compared.result.ci_high

    drift = run(ctx, f"drift {name} {WINDOW}", LOCAL)
    assert drift.status == "done", drift.message
    check = drift.result
    assert check.report.enough_data and not check.report.dataset_drift  # the live table is the training table
    assert check.prediction is not None and not check.prediction.drifted
    assert check.performance is not None and check.performance.now == pytest.approx(
        first.result.metrics[first.result.primary_metric], abs=0.1)
    if positive is not None:
        assert f"Positive class: {positive}" in render(evaluated.result).to_text()


def test_positive_label_in_the_config_is_used_and_stated(mlops_home: Path, configure: Callable[[str], Any],
                                                         tables: dict[str, Path]) -> None:
    ctx = configure(model_toml("umbrella", "umbrella", "binary", tables["csv"], extra='positive_label = "no"'))
    trained = run(ctx, f"train umbrella {WINDOW}", LOCAL)
    assert trained.status == "done", trained.message
    assert trained.result.classes == ["yes", "no"] and trained.result.positive_label == "no"
    assert "Positive class: no" in render(trained.result).to_text()


def test_a_binary_model_on_three_classes_and_an_unknown_positive_label_are_refused(
        mlops_home: Path, configure: Callable[[str], Any], tables: dict[str, Path]) -> None:
    ctx = configure(model_toml("sky", "sky", "binary", tables["csv"]))
    refused = run(ctx, f"train sky {WINDOW}", LOCAL)
    assert refused.status == "refused"
    assert "binary but its target 'sky' holds 3 classes ('fog', 'rain', 'sun')" in refused.message
    ctx = configure(model_toml("umbrella", "umbrella", "binary", tables["csv"], extra='positive_label = "maybe"'))
    refused = run(ctx, f"train umbrella {WINDOW}", LOCAL)
    assert refused.status == "refused" and "positive_label 'maybe' of model umbrella is not one of" in refused.message
    assert not ctx.registry.exists("umbrella")
