"""Training inputs: trees take missing values without an imputer; a file source reads only the columns used."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines import data, estimators
from pipelines.config import ModelSpec


@pytest.mark.parametrize("name", ["random_forest", "gradient_boosting"])
def test_trees_split_on_missing_values_without_an_imputer(name: str) -> None:
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    y = (X["a"] > 0).astype(int)
    X.loc[::7, "b"] = np.nan
    pipeline = estimators.build(name, {}, random_state=0)
    assert [step for step, _ in pipeline.steps] == ["model"]
    predicted = pipeline.fit(X, y).predict(X.assign(a=np.nan))
    assert len(predicted) == 200


def test_linear_models_keep_imputing_and_scaling() -> None:
    pipeline = estimators.build("logistic_regression", {}, random_state=0)
    assert [step for step, _ in pipeline.steps] == ["impute", "scale", "model"]


def test_a_csv_source_reads_only_the_columns_a_model_lists(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pd.DataFrame({"x": [1.0, 2.0, 3.0], "note": ["a", "b", "c"], "y": [0, 1, 0], "when": ["2014-01-01"] * 3,
                  "unused": [9, 9, 9]}).to_csv(path, index=False)
    spec = ModelSpec(name="m", task="binary", target="y", features=["x"], timestamp="when",
                     estimator="random_forest", primary_metric="roc_auc", source={"kind": "csv", "path": str(path)})
    assert list(data.load(spec).frame.columns) == ["x", "y", "when"]
    listed_all = spec.model_copy(update={"features": None})
    with pytest.raises(Exception, match="note"):  # without a list every column is a feature, so text is refused
        data.load(listed_all)
