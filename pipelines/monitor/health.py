"""Is production going stale? Live window vs the training profile: feature drift, prediction drift, performance."""

from __future__ import annotations

import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pipelines import metrics, scoring
from pipelines.config import ModelSpec
from pipelines.data import datasets, labels
from pipelines.data.window import Window
from pipelines.drift.result import DriftReport, FeatureDrift
from pipelines.errors import DataError, UnknownVersion
from pipelines.monitor.result import DriftCheck, Performance
from pipelines.registry import PRODUCTION, Registry
from pipelines.train import PREDICTION_PROFILE_ARTIFACT, PROFILE_ARTIFACT

if TYPE_CHECKING:
    from pipelines.drift.profile import ReferenceProfile
    from pipelines.monitor.cbpe import Estimate

DEFAULT_WINDOW = Window(last="7d")
CHARTS_KEPT = 5  # per model in chart_dir; every chart is also logged to MLflow, so older ones are not lost
MIN_LABELLED = 20


def check(spec: ModelSpec, registry: Registry, *, window: Window | None = None, chart: bool = True,
          chart_dir: Path | None = None, engine: Literal["memory", "dask"] = "memory") -> DriftCheck:
    """Drift of the live window against production's training profile.

    The chart is logged to MLflow beside the production run; a local copy (`chart_path`, for uploading) is kept
    in `chart_dir` only when one is given, pruned to the newest CHARTS_KEPT per model. Nothing is left in /tmp.
    `engine="dask"` reads a Parquet live source by partitions on the Dask cluster (pipelines/large.py).
    """
    from pipelines.drift.profile import ReferenceProfile, detect_drift_from_profile

    version, run_id, profile = production_profile(spec, registry)
    window = window or DEFAULT_WINDOW
    if engine == "dask":
        from pipelines.monitor.large import check_dask

        raw_predictions = registry.download_json(run_id, PREDICTION_PROFILE_ARTIFACT)
        return check_dask(spec, registry, profile=profile, run_id=run_id, version=version, window=window,
                          prediction_profile=ReferenceProfile.model_validate(raw_predictions) if raw_predictions else None)
    live = datasets.load(spec, window=window, live=True, require_target=False)
    X = live.X
    report = detect_drift_from_profile(profile, X, config=spec.drift)
    result = DriftCheck(model=spec.name, version=version, window=window.describe(), lineage=live.lineage, report=report)
    if not report.enough_data:
        return result
    fitted = scoring.load_version(registry, spec.name, version)
    labelled = labelled_rows(live, spec)  # labels joined later (the prediction log) may cover part of the window
    truth = live.frame[spec.target][labelled] if labelled is not None else None
    classes = None if spec.task == "regression" else labels.order(spec, [fitted], truth)
    scored = scoring.predict(fitted, spec, X, None, classes=classes)
    result.prediction = _prediction_drift(registry, run_id, scored.predicted, spec)  # labels as at training
    if truth is not None:
        y_true = (truth.to_numpy() if classes is None
                  else labels.encode(truth.to_numpy(), classes, what="live labels", spec=spec))
        result.performance = _performance(spec, registry, run_id, scoring.Scored(
            y_true=y_true, y_pred=scored.y_pred[labelled],
            scores=None if scored.scores is None else scored.scores[labelled]))
    result.estimate = _estimate(spec, registry, run_id, scored)
    if result.estimate is not None:
        result.estimated = _estimated_performance(spec, registry, run_id, result.estimate)
    if chart:
        result.chart_path, result.chart_artifact = _chart(spec, registry, run_id, profile, X, report, chart_dir)
    return result


def production_profile(spec: ModelSpec, registry: Registry) -> tuple[int, str, ReferenceProfile]:
    """Production's version, its run and the reference profile stored at its training; a clear error if any lacks."""
    from pipelines.drift.profile import ReferenceProfile

    registry.require(spec.name)
    version = registry.alias_version(spec.name, PRODUCTION)
    if version is None:
        raise UnknownVersion(f"Model {spec.name} has no production version to watch. Deploy one first: deploy {spec.name} <version>")
    run_id = registry.resolve(spec.name, str(version)).run_id
    raw = registry.download_json(run_id, PROFILE_ARTIFACT) if run_id else None
    if raw is None:
        raise DataError(f"Production v{version} of {spec.name} has no reference profile (it predates drift checks); retrain and deploy.")
    return version, run_id, ReferenceProfile.model_validate(raw)


def labelled_rows(live: datasets.Dataset, spec: ModelSpec) -> object | None:
    """Rows whose label is known, or None when too few are to measure anything."""
    if live.target is None:
        return None
    mask = live.frame[spec.target].notna().to_numpy()
    return mask if mask.sum() >= MIN_LABELLED else None


def _estimate(spec: ModelSpec, registry: Registry, run_id: str, scored: scoring.Scored) -> Estimate | None:
    from pipelines.monitor import cbpe

    if spec.task != "binary" or scored.scores is None:
        return None
    raw = registry.download_json(run_id, cbpe.CALIBRATION_ARTIFACT)
    if raw is None:
        return None  # trained before calibrations were stored
    return cbpe.estimate(cbpe.Calibration.model_validate(raw), scored.scores[:, 1], scored.y_pred)


def _estimated_performance(spec: ModelSpec, registry: Registry, run_id: str, estimate: Estimate) -> Performance | None:
    """The CBPE estimate against the version's recorded metric: the metric CBPE estimates that is closest to the
    primary one (ROC AUC for roc_auc, else accuracy), as `why` compares it (rootcause.py)."""
    name = "roc_auc" if spec.primary_metric == "roc_auc" else "accuracy"
    recorded = registry.run(run_id).data.metrics.get(name)
    now = float(getattr(estimate, name))
    if recorded is None or now != now:
        return None
    return Performance(metric=name, greater_is_better=True, now=now, at_training=recorded, change=now - recorded,
                       max_drop=spec.max_drop, degraded=bool(recorded - now > spec.max_drop), rows=estimate.rows)


def _prediction_drift(registry: Registry, run_id: str, predictions: object, spec: ModelSpec) -> FeatureDrift | None:
    import pandas as pd

    from pipelines.drift.profile import ReferenceProfile, detect_drift_from_profile

    raw = registry.download_json(run_id, PREDICTION_PROFILE_ARTIFACT)
    if raw is None:
        return None
    report = detect_drift_from_profile(ReferenceProfile.model_validate(raw), pd.DataFrame({"prediction": predictions}),
                                       config=spec.drift)
    return report.features[0] if report.features else None


def _performance(spec: ModelSpec, registry: Registry, run_id: str, scored: scoring.Scored) -> Performance | None:
    recorded = registry.run(run_id).data.metrics.get(spec.primary_metric)
    if recorded is None:
        return None
    now = metrics.compute_one(spec.task, spec.primary_metric, scored.y_true, scored.y_pred, scored.scores)
    return Performance.judge(spec, now=now, at_training=recorded, rows=len(scored.y_true))


def _chart(spec: ModelSpec, registry: Registry, run_id: str, profile: object, X: object, report: DriftReport,
           chart_dir: Path | None) -> tuple[str | None, str]:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    unique = f"{stamp}-{uuid.uuid4().hex[:6]}"  # two checks may run in the same second
    name = f"drift-{spec.name}-{unique}.png"
    artifact_dir = f"drift_checks/{unique}"
    if chart_dir is None:
        with tempfile.TemporaryDirectory(prefix="mlops-drift-") as scratch:
            _render_and_log(spec, registry, run_id, profile, X, report, Path(scratch) / name, artifact_dir)
        return None, f"{artifact_dir}/{name}"
    chart_dir.mkdir(parents=True, exist_ok=True)
    path = _render_and_log(spec, registry, run_id, profile, X, report, chart_dir / name, artifact_dir)
    _prune(chart_dir, spec.name)
    return str(path), f"{artifact_dir}/{name}"


def _render_and_log(spec: ModelSpec, registry: Registry, run_id: str, profile: object, X: object,
                    report: DriftReport, path: Path, artifact_dir: str) -> Path:
    from pipelines.drift.chart import render_drift_chart

    path = render_drift_chart(profile, X, report, path=path,  # type: ignore[arg-type]
                              title=f"{spec.name}: reference (training) vs current")
    registry.client.log_artifact(run_id, str(path), artifact_path=artifact_dir)  # kept beside the production run
    return path


def _prune(chart_dir: Path, model: str) -> None:
    charts = sorted(chart_dir.glob(f"drift-{model}-????????T??????-*.png"), key=lambda p: p.name, reverse=True)
    for old in charts[CHARTS_KEPT:]:
        old.unlink(missing_ok=True)
