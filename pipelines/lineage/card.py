"""A model card per version: what it is for, what it learned from, how good it is (with intervals), what it
replaced, what it is known not to do. Written at training (`model_card.md` and `model_card.json` on the run) and
rebuilt on demand from that record; the bot adds the approvals behind it (pipelines knows nothing of approvals).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from pipelines.config import ModelSpec
from pipelines.data.datasets import Lineage

CARD_JSON = "model_card.json"
CARD_MARKDOWN = "model_card.md"


class MetricLine(BaseModel):
    name: str
    value: float
    low: float | None = None  # 95% bootstrap interval on the holdout
    high: float | None = None


class Replaced(BaseModel):
    version: int
    metrics: dict[str, float]


class Signoff(BaseModel):
    """One approved move of this version (filled by the bot from its audit log)."""

    action: str
    at: datetime
    requested_by: str | None
    approved_by: str
    digest: str | None


class ModelCard(BaseModel):
    model: str
    version: int
    description: str
    task: str
    estimator: str
    params: dict[str, Any]
    features: list[str]
    target: str
    primary_metric: str
    data: Lineage
    rows_train: int
    rows_holdout: int
    metrics: list[MetricLine]
    code_version: str
    environment: dict[str, str]
    drift_profile: str  # what the drift checks compare against
    limitations: list[str]
    replaced: Replaced | None = None
    signoffs: list[Signoff] = []


def at_training(spec: ModelSpec, *, version: int, fitted: Any, code_version: str, environment: str) -> ModelCard:
    from pipelines import bootstrap

    lines = []
    for name, value in fitted.values.items():
        try:
            bounds = bootstrap.interval(spec.task, name, fitted.scored, random_state=spec.random_state)
        except Exception:  # noqa: BLE001 - a metric without a bootstrap form is shown without an interval
            bounds = None
        lines.append(MetricLine(name=name, value=value, low=bounds[0] if bounds else None,
                                high=bounds[1] if bounds else None))
    lines.sort(key=lambda m: m.name != spec.primary_metric)
    features = list(fitted.X_train.columns)
    return ModelCard(
        model=spec.name, version=version, description=spec.description or "(no description in the config)",
        task=spec.task, estimator=spec.estimator, params=fitted.params, features=features, target=spec.target,
        primary_metric=spec.primary_metric, data=fitted.lineage, rows_train=fitted.rows_train,
        rows_holdout=fitted.rows_holdout, metrics=lines, code_version=code_version,
        environment=json.loads(environment),
        drift_profile=f"{len(features)} features and the predictions, profiled on the {fitted.rows_train} "
                      "training rows (drift/reference_profile.json)",
        limitations=list(spec.limitations))


def to_markdown(card: ModelCard) -> str:
    def number(value: float | None) -> str:
        return "—" if value is None else f"{value:.4f}"

    data = card.data
    out = [
        f"# Model card: {card.model} v{card.version}", "",
        "## Intended use", "", card.description, "",
        "## Data", "",
        f"- Source: {data.source}", f"- Window: {data.window}"
        + (f" ({data.start:%Y-%m-%d %H:%M} to {data.end:%Y-%m-%d %H:%M} UTC)" if data.start and data.end else ""),
        f"- Rows: {data.rows} ({card.rows_train} to fit, {card.rows_holdout} held out)",
        f"- Content hash (sha256): `{data.sha256}`", f"- Target: `{card.target}`",
        f"- Features ({len(card.features)}): " + ", ".join(f"`{f}`" for f in card.features), "",
        "## Model", "", f"- Task: {card.task}", f"- Estimator: {card.estimator}",
        "- Parameters: " + (", ".join(f"`{k}={v}`" for k, v in sorted(card.params.items())) or "defaults"),
        f"- Code: {card.code_version}",
        "- Environment: " + ", ".join(f"{k} {v}" for k, v in sorted(card.environment.items())), "",
        "## Metrics on the holdout", "", "| metric | value | 95% interval |", "|---|---|---|",
        *(f"| {m.name}{' (primary)' if m.name == card.primary_metric else ''} | {number(m.value)} | "
          + (f"{number(m.low)} – {number(m.high)}" if m.low is not None else "—") + " |" for m in card.metrics), "",
    ]
    if card.replaced is not None:
        out += ["## Compared with the version it replaced", "",
                f"| metric | v{card.replaced.version} | v{card.version} |", "|---|---|---|",
                *(f"| {m.name} | {number(card.replaced.metrics.get(m.name))} | {number(m.value)} |"
                  for m in card.metrics), ""]
    out += ["## Drift reference", "", card.drift_profile, ""]
    if card.signoffs:
        out += ["## Approvals", "", "| action | when (UTC) | asked by | approved by | change digest |",
                "|---|---|---|---|---|",
                *(f"| {s.action} | {s.at:%Y-%m-%d %H:%M} | {s.requested_by or '—'} | {s.approved_by} | "
                  f"{s.digest or '—'} |" for s in card.signoffs), ""]
    out += ["## Known limitations", "", *([f"- {x}" for x in card.limitations] or ["None stated in the config."]), ""]
    return "\n".join(out)
