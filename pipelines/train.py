"""Train a configured model on a data window, log everything to MLflow, register it as the challenger."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipelines import estimators, metrics, scoring
from pipelines.config import ModelSpec
from pipelines.data import datasets, labels
from pipelines.data.datasets import MIN_TRAIN_ROWS, Lineage
from pipelines.data.labels import Label
from pipelines.data.window import Window
from pipelines.errors import DataError, UsageError
from pipelines.registry import CHALLENGER, Registry

PROFILE_ARTIFACT = "drift/reference_profile.json"
PREDICTION_PROFILE_ARTIFACT = "drift/prediction_profile.json"


class TrainResult(BaseModel):
    model: str
    version: int
    run_id: str
    experiment_id: str
    estimator: str
    params: dict[str, Any]
    metrics: dict[str, float]
    primary_metric: str
    greater_is_better: bool
    rows_train: int
    rows_holdout: int
    lineage: Lineage
    alias: str = CHALLENGER
    seconds: float
    classes: list[Label] | None = None  # classifiers; binary: [negative, positive]
    positive_label: Label | None = None  # binary: the class roc_auc and f1 are about


class Fitted(BaseModel):
    """A fitted pipeline, scored on its holdout, before anything is logged: what train registers and reproduce
    compares."""

    model_config = {"arbitrary_types_allowed": True}

    pipeline: Any
    X_train: Any
    X_hold: Any
    lineage: Lineage
    params: dict[str, Any]
    values: dict[str, float]
    scored: Any
    classes: list[Label] | None
    rows_train: int
    rows_holdout: int


def fit(spec: ModelSpec, *, window: Window | None = None, params: dict[str, Any] | None = None,
        progress: Callable[[str], None] | None = None) -> Fitted:
    """Load the window, split with the model's seed, fit, score the holdout. Deterministic for the same data,
    config and library versions: reproduction relies on it."""
    say = progress or (lambda _message: None)
    merged = {**spec.params, **(params or {})}
    pipeline = estimators.build(spec.estimator, merged, random_state=spec.random_state)  # validates params first
    dataset = datasets.load(spec, window=window)
    held = datasets.holdout_mask(dataset.X, test_size=spec.test_size, random_state=spec.random_state)
    X_train, y_train = dataset.X[~held], dataset.y[~held]
    X_hold, y_hold = dataset.X[held], dataset.y[held]
    _check_trainable(spec, dataset, len(X_train), len(X_hold), y_train)
    classes = None if spec.task == "regression" else labels.order(spec, [], dataset.y)
    lineage = dataset.lineage
    # The two sides are copies: the whole table need not live through the fit (~200 MiB of peak at 1M rows).
    del dataset
    say(f"Fitting {spec.estimator} on {len(X_train)} rows ({lineage.window})")
    _fit(pipeline, X_train, y_train, estimator=spec.estimator, params=merged, model=spec.name)
    if spec.task == "binary":
        setattr(pipeline, labels.POSITIVE_ATTR, classes[-1])  # type: ignore[index]  # travels with the model
    scored = scoring.predict(pipeline, spec, X_hold, y_hold, classes=classes)
    values = metrics.compute(spec.task, scored.y_true, scored.y_pred, scored.scores)
    return Fitted(pipeline=pipeline, X_train=X_train, X_hold=X_hold, lineage=lineage, params=merged, values=values, scored=scored,
                  classes=classes, rows_train=len(X_train), rows_holdout=len(X_hold))


def train(spec: ModelSpec, registry: Registry, *, window: Window | None = None, params: dict[str, Any] | None = None,
          config_digest: str = "", progress: Callable[[str], None] | None = None,
          parent_run_id: str | None = None) -> TrainResult:
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    done = fit(spec, window=window, params=params, progress=progress)
    pipeline, lineage, merged, values, scored, classes = (done.pipeline, done.lineage, done.params, done.values,
                                                          done.scored, done.classes)
    say(f"Holdout {spec.primary_metric} = {values[spec.primary_metric]:.4f}; logging to MLflow")
    run_id, experiment_id, version = _log(spec, registry, pipeline, lineage, done.X_train, merged, values,
                                          config_digest, parent_run_id)
    if spec.task == "binary":
        _log_calibration(registry, run_id, scored)
    _log_importance(spec, registry, run_id, pipeline, done.X_hold, scored)
    _log_card(spec, registry, run_id, version, done)
    registry.set_alias(spec.name, CHALLENGER, version)
    return TrainResult(
        model=spec.name, version=version, run_id=run_id, experiment_id=experiment_id, estimator=spec.estimator,
        params=merged, metrics=values, primary_metric=spec.primary_metric,
        greater_is_better=metrics.metric(spec.task, spec.primary_metric).greater_is_better,
        rows_train=done.rows_train, rows_holdout=done.rows_holdout, lineage=lineage,
        seconds=round(time.perf_counter() - started, 3), classes=classes, positive_label=scored.positive_label,
    )


def _fit(pipeline: Any, X: Any, y: Any, *, estimator: str, params: dict[str, Any], model: str) -> None:
    """Fit, turning scikit-learn's refusal of parameters that pass one by one but not together (oob_score=true
    with bootstrap=false) into a user error carrying its own words. Fit runs before any MLflow run is started, so
    nothing is logged or registered. Only the estimator's ValueError at the start of fit is meant: the data were
    already checked above, and sklearn raises such conflicts before it looks at a row."""
    try:
        pipeline.fit(X, y)
    except ValueError as exc:
        if not params:  # the defaults cannot conflict: this is not about parameters, let it be reported as a bug
            raise
        shown = " ".join(f"{k}={v}" for k, v in sorted(params.items()))
        said = str(exc).strip().rstrip(".")
        raise UsageError(f"scikit-learn refused to fit {estimator} for {model} with {shown}: {said}.",
                         hint="Change the parameters on the command or under models."
                              f"{model}.params in the config.") from None


def _check_trainable(spec: ModelSpec, dataset: datasets.Dataset, n_train: int, n_hold: int, y_train: Any) -> None:
    window = dataset.lineage.window
    if n_train < MIN_TRAIN_ROWS or n_hold == 0:
        raise DataError(
            f"The window {window} of model {spec.name} has {dataset.lineage.rows} rows: too few to train "
            f"({n_train} to fit, {n_hold} to hold out; need {MIN_TRAIN_ROWS} and 1). Widen the window."
        )
    if dataset.y.isna().any():
        raise DataError(f"Target column '{spec.target}' of model {spec.name} has missing values in {window}.")
    if spec.task != "regression" and y_train.nunique() < 2:
        raise DataError(f"The window {window} of model {spec.name} holds one class only; widen the window.")


def _log(spec: ModelSpec, registry: Registry, pipeline: Any, lineage: Lineage, X_train: Any,
         params: dict[str, Any], values: dict[str, float], config_digest: str,
         parent_run_id: str | None = None) -> tuple[str, str, int]:
    import mlflow
    import sklearn
    from mlflow.models import infer_signature

    from pipelines.drift.profile import build_profile

    mlflow.set_tracking_uri(registry.tracking_uri)
    mlflow.set_registry_uri(registry.tracking_uri)
    experiment_id = registry.experiment_id(spec.name)
    registry.ensure_registered(spec.name)
    example = X_train.head(5)
    predictions = pipeline.predict(X_train)
    nested = {"mlflow.parentRunId": parent_run_id} if parent_run_id else None  # a tune's refit sits under its search
    with mlflow.start_run(experiment_id=experiment_id, run_name=f"train-{spec.name}", tags=nested) as run:
        mlflow.log_params({**{f"param.{k}": v for k, v in params.items()}, "estimator": spec.estimator,
                           "window": lineage.window, "task": spec.task})
        mlflow.log_metrics({k: v for k, v in values.items() if v == v})  # NaN (undefined AUC) is not logged
        mlflow.set_tags({
            "mlops.model": spec.name, "mlops.source": lineage.source, "mlops.window": lineage.window,
            "mlops.window.start": str(lineage.start or ""), "mlops.window.end": str(lineage.end or ""),
            "mlops.rows": str(lineage.rows), "mlops.data_sha256": lineage.sha256,
            "mlops.config_hash": config_digest, "mlops.code_version": _code_version(),
            "mlops.environment": environment_json(),
            "mlops.primary_metric": spec.primary_metric, **lineage.tags,
            **({"mlops.positive_label": str(getattr(pipeline, labels.POSITIVE_ATTR))}
               if hasattr(pipeline, labels.POSITIVE_ATTR) else {}),
        })
        info = mlflow.sklearn.log_model(
            pipeline, name="model", signature=infer_signature(example, predictions[:5]), input_example=example,
            # Explicit requirements skip MLflow's seconds-long dependency inference.
            pip_requirements=[f"scikit-learn=={sklearn.__version__}", f"mlflow=={mlflow.__version__}"],
            registered_model_name=spec.name, serialization_format="cloudpickle",
        )
        _log_profiles(spec, build_profile, X_train, predictions)
    return run.info.run_id, experiment_id, int(info.registered_model_version)


def _log_profiles(spec: ModelSpec, build_profile: Callable[..., Any], X_train: Any, predictions: Any) -> None:
    import mlflow
    import pandas as pd

    # The reference for every later drift check, made once so checks never re-read the training data.
    mlflow.log_text(build_profile(X_train, config=spec.drift, random_state=spec.random_state).model_dump_json(),
                    PROFILE_ARTIFACT)
    predicted = pd.DataFrame({"prediction": predictions})
    mlflow.log_text(build_profile(predicted, config=spec.drift, random_state=spec.random_state).model_dump_json(),
                    PREDICTION_PROFILE_ARTIFACT)


def _log_calibration(registry: Registry, run_id: str, scored: scoring.Scored) -> None:
    """The holdout calibration the label-free estimate (CBPE) needs, stored with the version's run."""
    from pipelines.monitor import cbpe

    if scored.scores is None or len(set(scored.y_true.tolist())) < 2:
        return
    calibration = cbpe.fit_calibration(scored.scores[:, 1], scored.y_true == 1)
    registry.client.log_text(run_id, calibration.model_dump_json(), cbpe.CALIBRATION_ARTIFACT)


def _log_card(spec: ModelSpec, registry: Registry, run_id: str, version: int, done: Fitted) -> None:
    from pipelines.lineage import card

    written = card.at_training(spec, version=version, fitted=done, code_version=_code_version(),
                               environment=environment_json())
    registry.client.log_text(run_id, written.model_dump_json(), card.CARD_JSON)
    registry.client.log_text(run_id, card.to_markdown(written), card.CARD_MARKDOWN)


def environment_json() -> str:
    """What else shapes a fit: the Python and library versions (reproduce warns when they differ)."""
    import json
    import platform
    from importlib.metadata import version

    packages = {name: version(name) for name in ("scikit-learn", "numpy", "pandas", "scipy", "mlflow")}
    return json.dumps({"python": platform.python_version(), **packages}, sort_keys=True)


def code_version() -> str:
    return _code_version()


def _log_importance(spec: ModelSpec, registry: Registry, run_id: str, pipeline: Any, X_hold: Any,
                    scored: scoring.Scored) -> None:
    """How much this version relies on each feature (permutation importance on its holdout), stored beside its
    reference profile: root cause (`why`) weighs each drifted feature by it, never re-reading training data."""
    from pipelines.monitor.importance import IMPORTANCE_ARTIFACT, permutation_importance

    importance = permutation_importance(pipeline, spec, X_hold, scored.y_true, classes=scored.classes,
                                        random_state=spec.random_state)
    registry.client.log_text(run_id, importance.model_dump_json(), IMPORTANCE_ARTIFACT)


def _code_version() -> str:
    try:
        from importlib.metadata import version

        package = version("mlops-chatops")
    except Exception:  # running from a source tree that is not installed
        package = "unknown"
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=2,
                             cwd=Path(__file__).parent).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{package}+{sha}" if sha else package
