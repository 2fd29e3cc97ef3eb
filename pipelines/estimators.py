"""The estimators a model may use, each wrapped in a Pipeline so serving sees the same preprocessing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pipelines.errors import UsageError

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


@dataclass(frozen=True)
class EstimatorKind:
    import_path: str
    task_kind: Literal["classification", "regression"]
    scale: bool  # linear models need standardised inputs and imputed values; trees need neither


ESTIMATORS: dict[str, EstimatorKind] = {
    "random_forest": EstimatorKind("sklearn.ensemble.RandomForestClassifier", "classification", False),
    "gradient_boosting": EstimatorKind("sklearn.ensemble.HistGradientBoostingClassifier", "classification", False),
    "logistic_regression": EstimatorKind("sklearn.linear_model.LogisticRegression", "classification", True),
    "random_forest_regressor": EstimatorKind("sklearn.ensemble.RandomForestRegressor", "regression", False),
    "gradient_boosting_regressor": EstimatorKind(
        "sklearn.ensemble.HistGradientBoostingRegressor", "regression", False
    ),
    "ridge": EstimatorKind("sklearn.linear_model.Ridge", "regression", True),
}


def build(estimator: str, params: dict[str, Any], *, random_state: int) -> Pipeline:
    """A fresh, unfitted pipeline: impute and scale for linear models, then the estimator with `params`.

    Trees (random forests, histogram gradient boosting) split on missing values themselves, so they get no
    imputer: its median sorts every column, three quarters of a 1M-row fit, on data that usually has no gaps.
    """
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    kind = ESTIMATORS[estimator]
    model = _estimator_class(kind)()
    checked = validate_params(estimator, params)
    if "random_state" in model.get_params():
        checked.setdefault("random_state", random_state)
    model.set_params(**checked)
    steps: list[tuple[str, Any]] = []
    if kind.scale:
        steps += [("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]
    steps.append(("model", model))
    return Pipeline(steps)


def validate_params(estimator: str, params: dict[str, Any]) -> dict[str, Any]:
    """Check names against the estimator and values against its own constraints, before any training."""
    cls = _estimator_class(ESTIMATORS[estimator])
    known = cls().get_params()
    unknown = sorted(set(params) - set(known))
    if unknown:
        from pipelines.suggest import closest

        hints = [m for u in unknown for m in closest(u, known)]
        hint = f" Did you mean {', '.join(hints)}?" if hints else ""
        raise UsageError(
            f"{estimator} has no parameter {', '.join(unknown)}.{hint} "
            f"It takes: {', '.join(sorted(k for k in known if not k.startswith('_')))}."
        )
    try:
        # The estimator's own constraint check, as `fit` runs it (its InvalidParameterError is a ValueError).
        cls(**params)._validate_params()
    except (TypeError, ValueError) as exc:
        raise UsageError(f"Bad parameter for {estimator}: {exc}") from None
    return dict(params)


def _estimator_class(kind: EstimatorKind) -> type:
    import importlib

    module, _, name = kind.import_path.rpartition(".")
    return getattr(importlib.import_module(module), name)
