"""Deploy and rollback as moves of the `production` alias, behind the promotion gate."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, computed_field

from pipelines import metrics, scoring
from pipelines.checkpoints import DEPLOY_ALIAS_MOVED, DEPLOY_BEFORE_MOVE, checkpoint
from pipelines.config import ModelSpec
from pipelines.data import datasets
from pipelines.errors import GateFailed, NothingToRollBack, UnknownVersion, UserError
from pipelines.registry import PRODUCTION, AliasEvent, Registry


class GateResult(BaseModel):
    passed: bool
    metric: str
    greater_is_better: bool
    candidate: float
    champion: float | None
    min_improvement: float
    min_metric: float | None
    reasons: list[str]  # each failed rule, said plainly
    rows: int


class Plan(BaseModel):
    """Exactly what an approval will change; checked again when it runs."""

    action: str  # deploy | rollback
    model: str
    from_version: int | None
    to_version: int
    gate: GateResult | None = None
    forced: bool = False
    reason: str | None = None
    online: str | None = None  # the verdict of an online test of this version, cited on the approval
    newest_version: int | None = None  # the newest registered version when planned: a newer one changes the plan


class MoveResult(BaseModel):
    """A carried-out plan: the plan itself (so no field of it can be lost on the way) plus who and when."""

    plan: Plan
    by: str
    at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def action(self) -> str:
        return self.plan.action

    @computed_field  # type: ignore[prop-decorator]
    @property
    def model(self) -> str:
        return self.plan.model

    @computed_field  # type: ignore[prop-decorator]
    @property
    def from_version(self) -> int | None:
        return self.plan.from_version

    @computed_field  # type: ignore[prop-decorator]
    @property
    def to_version(self) -> int:
        return self.plan.to_version


def plan_deploy(spec: ModelSpec, registry: Registry, *, version: str, force: bool = False,
                reason: str | None = None) -> Plan:
    registry.require(spec.name)
    target = int(registry.resolve(spec.name, version).version)
    current = registry.alias_version(spec.name, PRODUCTION)
    if current == target:
        raise UserError(f"Version {target} of {spec.name} is already in production.")
    gate = check_gate(spec, registry, candidate=target, champion=current)
    if not gate.passed and not force:
        raise GateFailed(
            f"Version {target} of {spec.name} does not pass the promotion gate: {'; '.join(gate.reasons)}.",
            hint=f"An admin may override with: deploy {spec.name} {target} force=true reason=\"…\"",
        )
    return Plan(action="deploy", model=spec.name, from_version=current, to_version=target, gate=gate,
                forced=force and not gate.passed, reason=reason, newest_version=_newest(registry, spec.name))


def check_gate(spec: ModelSpec, registry: Registry, *, candidate: int, champion: int | None) -> GateResult:
    """Score both versions on the same holdout rows and apply min_improvement and min_metric.

    Hand-written rather than mlflow.validate_evaluation_results: its MetricThreshold cannot say
    "no worse than the champion" (min_absolute_change must be > 0), which is our default gate.
    """
    dataset = datasets.load(spec)
    rows = scoring.holdout(spec, dataset)
    X, y = rows[dataset.features], rows[dataset.target]
    name = spec.primary_metric
    greater = metrics.metric(spec.task, name).greater_is_better

    def score(version: int) -> float:
        scored = scoring.predict(scoring.load_version(registry, spec.name, version), spec, X, y)
        return metrics.compute_one(spec.task, name, scored.y_true, scored.y_pred, scored.scores)

    cand = score(candidate)
    champ = score(champion) if champion is not None else None
    gate = spec.gate
    reasons: list[str] = []
    if cand != cand:
        reasons.append(f"{name} is undefined on the evaluation data")
    if gate.min_metric is not None and not (cand >= gate.min_metric if greater else cand <= gate.min_metric):
        reasons.append(f"{name} {cand:.4f} is {'below' if greater else 'above'} the floor {gate.min_metric:g}")
    if champ is not None:
        needed = champ + gate.min_improvement if greater else champ - gate.min_improvement
        if not (cand >= needed if greater else cand <= needed):
            by = f" by {gate.min_improvement:g}" if gate.min_improvement else ""
            reasons.append(f"{name} {cand:.4f} does not beat production v{champion} ({champ:.4f}){by}")
    return GateResult(passed=not reasons, metric=name, greater_is_better=greater, candidate=cand, champion=champ,
                      min_improvement=gate.min_improvement, min_metric=gate.min_metric, reasons=reasons, rows=len(rows))


def plan_rollback(spec: ModelSpec, registry: Registry, *, version: str | None = None) -> Plan:
    registry.require(spec.name)
    current = registry.alias_version(spec.name, PRODUCTION)
    if current is None:
        raise NothingToRollBack(f"Model {spec.name} has no production version, so there is nothing to roll back.")
    earlier = [v for v in registry.production_stack(spec.name) if v != current]
    if version is not None:
        target = int(registry.resolve(spec.name, version).version)
        if target == current:
            raise UserError(f"Version {target} of {spec.name} is already in production.")
        if target not in earlier:
            raise UnknownVersion(
                f"Version {target} of {spec.name} was never in production, so it is not a rollback target.",
                hint=f"To promote it through the gate: deploy {spec.name} {target}",
            )
    elif not earlier:
        raise NothingToRollBack(
            f"Model {spec.name} has had no production version before v{current}: nothing to roll back to."
        )
    else:
        target = earlier[-1]
    return Plan(action="rollback", model=spec.name, from_version=current, to_version=target,
                newest_version=_newest(registry, spec.name))


def _newest(registry: Registry, model: str) -> int | None:
    return max((v.version for v in registry.versions(model)), default=None)


def execute(plan: Plan, registry: Registry, *, by: str) -> MoveResult:
    """Carry out an approved plan, refusing if production moved since it was proposed."""
    current = registry.alias_version(plan.model, PRODUCTION)
    if current != plan.from_version:
        raise UserError(
            f"Production of {plan.model} changed since this was proposed (was v{plan.from_version}, now v{current}). "
            "Nothing was changed; ask again."
        )
    now = datetime.now(UTC)
    checkpoint(DEPLOY_BEFORE_MOVE)
    registry.set_alias(plan.model, PRODUCTION, plan.to_version)
    checkpoint(DEPLOY_ALIAS_MOVED)  # a crash here is settled by the next process: tools/interrupted.py
    registry.record_event(plan.model, AliasEvent(action=plan.action, from_version=plan.from_version,
                                                 to_version=plan.to_version, by=by, at=now, reason=plan.reason))
    return MoveResult(plan=plan, by=by, at=now)
