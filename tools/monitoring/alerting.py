"""One monitoring tick of one model, without Slack: run the check through dispatch, then decide what to say.

Incidents, not noise: a finding opens one incident per (model, kind) (the database refuses a second); while it
stays open a later check is worth a thread follow-up only when the severity changed and the cooldown has passed;
a healthy check resolves it. A check that fails is retried with backoff, and only repeated failures open one
"monitoring is failing" incident. The bot turns the returned notices into Slack messages.

Severity comes from impact (tools/monitoring/severity.py): a drift that costs no measurable performance opens a
low-severity incident that is not posted but noted for its channel's daily digest (tools/monitoring/digest.py); if
a later check finds impact, the incident is posted then, once. When a drift incident opens, `why`'s ranking is
stored with it; when any incident resolves, its postmortem is written (tools/monitoring/postmortem.py).

While a model is quiet (snoozed, or in a quiet window) the check runs and incidents are recorded as ever, but the
notices are held for one summary after (tools/monitoring/quiet.py) and no retraining is started.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from pipelines.data.validate import ValidationReport
from tools.access import Caller
from tools.catalog.check import MonitorCheck, run_check
from tools.catalog.materialize import materialize
from tools.context import Context
from tools.dispatch import dispatch
from tools.monitoring import postmortem, quiet
from tools.state import Incident, Monitor
from tools.state.base import now

if TYPE_CHECKING:
    from tools.work.executor import Executor

log = logging.getLogger("mlops.scheduler")
SCHEDULER = Caller(user_id="scheduler", surface="scheduler", trusted=True)
FAILURES_BEFORE_INCIDENT = 3
MAX_BACKOFF = timedelta(hours=1)


class Notice(BaseModel):
    """Something worth a Slack message: a new incident, a thread follow-up, or a resolution."""

    kind: Literal["open", "follow_up", "resolve"]
    incident: Incident
    previous_severity: str | None = None
    check: MonitorCheck | None = None


class Tick(BaseModel):
    model: str
    ran: bool  # False: no monitor, stopped or waiting out a backoff
    quiet: str | None = None  # why nothing is posted: "snoozed by U1", "quiet window weekend"
    held: int = 0  # notices kept for the summary instead of posted
    check: MonitorCheck | None = None
    error: str | None = None
    notices: list[Notice] = Field(default_factory=list)
    retrain: Literal["drift", "new_data"] | None = None  # the policy asks for a retrain, and why


def tick(ctx: Context, model: str, *, executor: Executor | None = None) -> Tick:
    monitor = ctx.state.monitor(model)
    if monitor is None or not monitor.enabled or model not in ctx.config.models:
        return Tick(model=model, ran=False)
    if monitor.retry_after is not None and now() < monitor.retry_after:
        return Tick(model=model, ran=False)
    result = _check(ctx, monitor, executor)
    why = quiet.reason(ctx, ctx.state.monitor(model) or monitor)  # as it stands now: a snooze may come mid-check
    if why is not None:
        result.quiet, result.held = why, quiet.hold(ctx, monitor, result.notices, why=why)
        result.notices, result.retrain = [], None
    return result


def _check(ctx: Context, monitor: Monitor, executor: Executor | None) -> Tick:
    model = monitor.model
    if monitor.settings.materialize:  # the online store first, so serving and the check see fresh features
        refreshed = dispatch(ctx, materialize, {"model": model}, SCHEDULER, executor=executor)
        if refreshed.status != "done":
            log.warning("materializing %s before its check failed: %s", model, refreshed.message)
    outcome = dispatch(ctx, run_check, {"model": model}, SCHEDULER, executor=executor)
    if outcome.status != "done" or not isinstance(outcome.result, MonitorCheck):
        return _failed(ctx, monitor, outcome.message or "the check did not finish")
    check = outcome.result
    result = Tick(model=model, ran=True, check=check)
    failing = ctx.state.open_incident_for(model, "monitoring")
    if failing is not None and ctx.state.resolve_incident(failing.id):
        result.notices.append(resolved(ctx, failing.id, production_now=check.drift.version))
    opened = _assess(ctx, monitor, check, result, executor)
    settings = monitor.settings
    if opened and settings.on_drift == "retrain":
        result.retrain = "drift"
    elif check.new_data is not None and check.new_data.triggered and settings.on_new_data == "retrain":
        result.retrain = "new_data"
    marker = check.new_data.now.model_dump(mode="json") if check.new_data else None
    ctx.state.record_check(model, result="finding" if check.severity else "healthy",
                           message=check.drift.report.message, failures=0, data_marker=marker)
    return result


def summary(check: MonitorCheck) -> str:
    report = check.drift.report
    parts = [report.message]
    perf = check.drift.performance
    if check.impact is not None and check.impact.reason:
        parts.append(check.impact.reason)
    elif perf is not None and perf.degraded:
        parts.append(f"{perf.metric} fell from {perf.at_training:.4f} to {perf.now:.4f}")
    return "; ".join(parts)


def details(check: MonitorCheck) -> dict[str, Any]:
    drift = check.drift
    report = drift.report
    return {
        "window": drift.window, "rows": report.n_current, "drifted": report.drifted_count,
        "features": len(report.features), "share": report.drifted_share,
        "top": [{"column": f.column, "method": f.method, "statistic": f.statistic, "p_value": f.p_value,
                 "psi": f.psi, "drifted": f.drifted} for f in report.top(5)],
        "prediction_drift": bool(drift.prediction and drift.prediction.drifted),
        "performance": drift.performance.model_dump() if drift.performance else None,
        "chart_artifact": drift.chart_artifact,
        "impact": check.impact.model_dump() if check.impact else None,
    }


def _assess(ctx: Context, monitor: Monitor, check: MonitorCheck, result: Tick, executor: Executor | None) -> bool:
    """Add the notices this check is worth; True when it paged a drift incident (opened it, or a note became one)."""
    model, severity = monitor.model, check.severity
    current = ctx.state.open_incident_for(model, "drift")
    if severity is None:
        if current is not None and ctx.state.resolve_incident(current.id):
            result.notices.append(resolved(ctx, current.id, check=check, production_now=check.drift.version))
        return False
    if current is None:
        opened = ctx.state.open_incident(model=model, kind="drift", severity=severity, summary=summary(check),  # type: ignore[arg-type]
                                         details=details(check), version=check.drift.version,
                                         channel=monitor.settings.channel)
        if opened is None:  # another check opened it a moment ago, and that one speaks
            return False
        _store_root_cause(ctx, monitor, opened, executor)
        if severity == "low":  # no measured impact: a note for the digest, not a page
            ctx.state.add_note(model=model, channel=opened.channel, incident_id=opened.id, summary=opened.summary,
                               reason=check.impact.reason if check.impact else "")
            return False
        result.notices.append(Notice(kind="open", incident=ctx.state.incident(opened.id), check=check))  # type: ignore[arg-type]
        return True
    ctx.state.saw_severity(current.id, severity, summary=summary(check), details=details(check))  # type: ignore[arg-type]
    if current.posted_severity == "low" and current.message_ts is None:  # a note so far, never posted
        if severity == "low":
            return False
        ctx.state.posted(current.id, severity)  # type: ignore[arg-type]  # it pages now, once
        result.notices.append(Notice(kind="open", incident=ctx.state.incident(current.id), check=check))  # type: ignore[arg-type]
        return True
    cooldown = timedelta(seconds=monitor.settings.seconds("cooldown"))
    if severity != current.posted_severity and now() - current.last_posted_at >= cooldown:
        result.notices.append(Notice(kind="follow_up", incident=ctx.state.incident(current.id),  # type: ignore[arg-type]
                                     previous_severity=current.posted_severity, check=check))
    return False


def resolved(ctx: Context, incident_id: int, *, check: MonitorCheck | None = None,
             production_now: int | None = None) -> Notice:
    """The resolution notice of an incident this caller just resolved, its postmortem written first (a failure
    to write it is logged and never keeps the resolution from being told)."""
    incident = ctx.state.incident(incident_id)
    assert incident is not None
    try:
        postmortem.write(ctx, incident, production_now=production_now)
        incident = ctx.state.incident(incident_id) or incident
    except Exception:
        log.exception("could not write the postmortem of incident %s", incident_id)
    return Notice(kind="resolve", incident=incident, check=check)


def _store_root_cause(ctx: Context, monitor: Monitor, incident: Incident, executor: Executor | None) -> None:
    """`why` as the incident opens, kept for its postmortem: run through dispatch like any other call."""
    from tools.catalog.why import why

    outcome = dispatch(ctx, why, {"model": monitor.model, "last": monitor.settings.window}, SCHEDULER,
                       executor=executor)
    if outcome.status == "done" and outcome.result is not None:
        ctx.state.set_root_cause(incident.id, postmortem.opening_cause(outcome.result).model_dump(mode="json"))  # type: ignore[arg-type]
    else:
        log.warning("no root cause stored for incident %s: %s", incident.id, outcome.message)


def data_verdict(ctx: Context, model: str, report: ValidationReport) -> list[Notice]:
    """The validation gate's verdict on a new training batch as an incident of its own: a refused batch opens one
    "data" incident (a second refusal while it is open adds nothing), a batch that passes resolves it."""
    current = ctx.state.open_incident_for(model, "data")
    if report.passed:
        if current is not None and ctx.state.resolve_incident(current.id):
            return [resolved(ctx, current.id)]
        return []
    if current is not None:
        return []
    shown = "; ".join(report.problems[:5]) + (f" (and {len(report.problems) - 5} more)" if len(report.problems) > 5 else "")
    monitor = ctx.state.monitor(model)
    opened = ctx.state.open_incident(
        model=model, kind="data", severity="high", version=ctx.registry.alias_version(model, "production"),
        channel=monitor.settings.channel if monitor else None,
        summary=f"New training data ({report.rows} rows) failed validation, so nothing was retrained: {shown}",
        details={"rows": report.rows, "problems": report.problems[:20]})
    return [Notice(kind="open", incident=opened)] if opened is not None else []


def _failed(ctx: Context, monitor: Monitor, message: str) -> Tick:
    failures = monitor.failures + 1
    every = timedelta(seconds=monitor.settings.seconds("every"))
    backoff = min(every * (2 ** (failures - 1)), MAX_BACKOFF)
    ctx.state.record_check(monitor.model, result="failed", message=message, failures=failures,
                           retry_after=now() + backoff - every)  # the next tick itself is one interval away
    result = Tick(model=monitor.model, ran=True, error=message)
    if failures >= FAILURES_BEFORE_INCIDENT:
        opened = ctx.state.open_incident(
            model=monitor.model, kind="monitoring", severity="high", version=None, channel=monitor.settings.channel,
            summary=f"Monitoring of {monitor.model} is failing ({failures} checks in a row): {message}",
            details={"error": message, "failures": failures})
        if opened is not None:
            result.notices.append(Notice(kind="open", incident=opened))
    return result
