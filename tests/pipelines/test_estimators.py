"""Training inputs: trees take missing values without an imputer; linear models impute and scale."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines import estimators


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
