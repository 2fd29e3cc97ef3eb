"""Training reads only the columns a model uses from a file, and gets the same model and metrics as from the
whole table read plainly (the narrow read is for memory, never for results)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from pipelines import estimators, metrics, scoring
from pipelines.data import datasets
from pipelines.errors import DataError
from pipelines.train import train

FEATURES = [f"x{i}" for i in range(6)]


def _table(rows: int = 3000, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(rows, len(FEATURES))).round(4)
    logit = values[:, :3] @ np.array([1.1, -0.7, 0.5]) + rng.normal(0, 1.0, rows)
    stamps = pd.Timestamp("2014-01-01") + pd.to_timedelta(np.sort(rng.uniform(0, 364, rows)), unit="D")
    frame = pd.DataFrame(values, columns=FEATURES)
    frame.insert(0, "when", stamps.strftime("%Y-%m-%d %H:%M:%S"))
    frame["label"] = np.where(logit > 0.4, "yes", "no")
    return frame


def _toml(source: str, *, listed: bool) -> str:
    features = f"features = {FEATURES!r}\n".replace("'", '"') if listed else ""
    return f"""
[models.table]
task = "binary"
target = "label"
timestamp = "when"
{features}estimator = "gradient_boosting"
params = {{ max_iter = 30 }}
primary_metric = "roc_auc"
source = {source}
"""


def _write(tmp_path: Path, kind: str, frame: pd.DataFrame) -> str:
    path = tmp_path / f"table.{kind}"
    if kind == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)
    return f'{{ kind = "{kind}", path = "{path}" }}'


def _plain(tmp_path: Path, kind: str) -> pd.DataFrame:
    path = tmp_path / f"table.{kind}"
    return pd.read_csv(path) if kind == "csv" else pd.read_parquet(path)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("listed", [True, False], ids=["features-listed", "all-columns"])
def test_training_reads_fewer_columns_and_gets_the_plain_reads_metrics(
    tmp_path: Path, mlops_home: Path, configure: Callable[[str], Any], kind: str, listed: bool
) -> None:
    frame = _table()
    if listed:  # a wide text column the model never reads
        frame["notes"] = [f"free text that only people read, row {i}" for i in range(len(frame))]
    ctx = configure(_toml(_write(tmp_path, kind, frame), listed=listed))
    spec = ctx.spec("table")

    loaded = datasets.load(spec)
    assert list(loaded.frame.columns) == [*FEATURES, "label"], "no timestamp (no window cut) nor unused column"
    assert "when" in datasets.load(spec, window=_window()).frame.columns, "a window still gets its timestamp"

    result = train(spec, ctx.registry)

    # The same work by hand on the whole table read plainly.
    whole = _plain(tmp_path, kind)
    X, y = whole[FEATURES], whole["label"]
    held = datasets.holdout_mask(X, test_size=spec.test_size, random_state=spec.random_state)
    fitted = estimators.build(spec.estimator, spec.params, random_state=spec.random_state).fit(X[~held], y[~held])
    classes = sorted(set(y))  # "no" < "yes": yes is the positive class, as training states
    scored = scoring.predict(fitted, spec, X[held], y[held], classes=classes)
    expected = metrics.compute(spec.task, scored.y_true, scored.y_pred, scored.scores)
    assert result.positive_label == "yes"
    assert result.metrics == expected
    assert (result.rows_train, result.rows_holdout) == (int((~held).sum()), int(held.sum()))
    assert result.lineage.sha256 == datasets.content_hash(whole[[*FEATURES, "label"]])


def test_a_missing_feature_is_named_beside_every_column_the_file_has(
    tmp_path: Path, mlops_home: Path, configure: Callable[[str], Any]
) -> None:
    frame = _table().drop(columns=["x5"])
    frame["notes"] = "text"
    ctx = configure(_toml(_write(tmp_path, "csv", frame), listed=True))
    with pytest.raises(DataError) as raised:
        datasets.load(ctx.spec("table"))
    message = str(raised.value)
    assert "lacks column(s) x5" in message
    assert "when" in message and "notes" in message, message


def _window() -> Any:
    from pipelines.data.window import Window

    return Window(since="2014-03-01", until="2014-06-01")
