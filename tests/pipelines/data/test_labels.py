"""Label order and the positive class of a binary model, for every label type pandas reads."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from pipelines.config import ModelSpec
from pipelines.data import labels
from pipelines.errors import DataError


def spec(task: str = "binary", positive: Any = None) -> ModelSpec:
    return ModelSpec(name="m", task=task, target="y", estimator="logistic_regression", positive_label=positive,
                     primary_metric="roc_auc" if task == "binary" else "f1_macro",
                     source={"kind": "csv", "path": "x.csv"})


@pytest.mark.parametrize(("y", "expected"), [
    (pd.Series([0, 1, 1, 0, 0]), [0, 1]),
    (pd.Series([True, False, False]), [False, True]),
    (pd.Series(["no", "YES", "no", "YES"]), ["no", "YES"]),
    (pd.Series([1.0, 0.0, 1.0]), [0, 1]),  # an integer column read as float (it had a missing value)
    (pd.Series(["cat", "dog", "dog", "dog"]), ["dog", "cat"]),  # no obvious one: the minority class
    (pd.Series(["b", "a", "b", "a"]), ["a", "b"]),  # a tie: the later label, whatever the row order
    (pd.Series(["a", "b", "a", "b"]), ["a", "b"]),
    (pd.Series(["p", "q", "q"], dtype="category"), ["q", "p"]),
])
def test_the_obvious_positive_class_else_the_minority(y: pd.Series, expected: list[Any]) -> None:
    assert labels.order(spec(), [], y) == expected


def test_a_configured_positive_label_wins_and_matches_by_text() -> None:
    assert labels.order(spec(positive="no"), [], pd.Series(["yes", "no"])) == ["yes", "no"]
    assert labels.order(spec(positive="0"), [], pd.Series([0, 1])) == [1, 0]
    with pytest.raises(DataError, match="positive_label 'maybe' of model m is not one of its classes"):
        labels.order(spec(positive="maybe"), [], pd.Series(["yes", "no"]))


def test_multiclass_labels_are_sorted_and_encoded_with_missing_values_named() -> None:
    order = labels.order(spec("multiclass"), [], pd.Series(["sun", "fog", "rain", "sun"]))
    assert order == ["fog", "rain", "sun"]
    assert labels.encode(np.array(["sun", "fog", "sun"], dtype=object), order, what="target",
                         spec=spec("multiclass")).tolist() == [2, 0, 2]
    with pytest.raises(DataError, match="holds values that are not classes"):
        labels.encode(pd.Series(["sun", None]), order, what="target", spec=spec("multiclass"))


def test_positive_label_is_refused_on_a_multiclass_model() -> None:
    with pytest.raises(ValueError, match="positive_label applies to binary models only"):
        spec("multiclass", positive="sun")
