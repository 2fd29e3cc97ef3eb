"""`why` for a model: production's live window, its drift, and the drifted features ranked by impact.

Reads what training stored with production's run (reference profile, permutation importance, calibration,
metrics), the live window, and nothing else; writes nothing to MLflow. The chart of the top feature (reference vs
current) is kept in `chart_dir` when one is given, pruned to the newest few per model.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pipelines import scoring
from pipelines.config import ModelSpec
from pipelines.data import datasets, labels
from pipelines.data.window import Window
from pipelines.monitor.result import EstimatedImpact, RootCause
from pipelines.registry import Registry

CHARTS_KEPT = 5


def explain(spec: ModelSpec, registry: Registry, *, window: Window | None = None, chart_dir: Path | None = None,
            basis: Literal["auto", "realised", "estimated"] = "auto") -> RootCause:
    """Why production's live window (default: the last 7 days) looks the way it does."""
    from pipelines.drift.profile import detect_drift_from_profile
    from pipelines.monitor import cbpe, health, rootcause
    from pipelines.monitor.importance import IMPORTANCE_ARTIFACT, Importance

    version, run_id, profile = health.production_profile(spec, registry)
    window = window or health.DEFAULT_WINDOW
    live = datasets.load(spec, window=window, live=True, require_target=False)
    X = live.X
    report = detect_drift_from_profile(profile, X, config=spec.drift)
    base = RootCause(model=spec.name, version=version, window=window.describe(), verdict=report.message,
                     estimated_impact=EstimatedImpact(basis="none"), features=[], drifted=report.drifted_count,
                     n_features=len(report.features), n_current=report.n_current)
    if not report.enough_data:
        return base
    fitted = scoring.load_version(registry, spec.name, version)
    labelled = health.labelled_rows(live, spec) if basis != "estimated" else None
    truth = live.frame[spec.target][labelled] if labelled is not None else None
    classes = None if spec.task == "regression" else labels.order(spec, [fitted], truth)
    y = None
    if truth is not None:
        y = truth.to_numpy() if classes is None else labels.encode(truth.to_numpy(), classes, what="live labels",
                                                                   spec=spec)
    raw_importance = registry.download_json(run_id, IMPORTANCE_ARTIFACT)
    raw_calibration = registry.download_json(run_id, cbpe.CALIBRATION_ARTIFACT)
    impact, causes = rootcause.attribute(
        spec, profile=profile, current=X[labelled] if labelled is not None else X, report=report, fitted=fitted,
        classes=classes, truth=y, importance=Importance.model_validate(raw_importance) if raw_importance else None,
        calibration=cbpe.Calibration.model_validate(raw_calibration) if raw_calibration else None,
        at_training=dict(registry.run(run_id).data.metrics), random_state=spec.random_state, basis=basis)
    base.estimated_impact, base.features = impact, causes
    base.verdict = rootcause.verdict(spec.name, impact, causes, report)
    if causes and chart_dir is not None:
        base.chart_path = str(_chart(spec, profile, X, report, causes[0].feature, chart_dir))
    return base


def _chart(spec: ModelSpec, profile: object, X: object, report: object, feature: str, chart_dir: Path) -> Path:
    from pipelines.drift.chart import render_drift_chart

    chart_dir.mkdir(parents=True, exist_ok=True)
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    top = [f for f in report.features if f.column == feature]  # type: ignore[attr-defined]
    one = report.model_copy(update={"features": top})  # type: ignore[attr-defined]
    path = render_drift_chart(profile, X, one, path=chart_dir / f"why-{spec.name}-{stamp}.png", top=1,  # type: ignore[arg-type]
                              title=f"{spec.name}: {feature}, reference (training) vs current")
    charts = sorted(chart_dir.glob(f"why-{spec.name}-????????T??????-*.png"), key=lambda p: p.name, reverse=True)
    for old in charts[CHARTS_KEPT:]:
        old.unlink(missing_ok=True)
    return path
