"""An alert's buttons (Why?, Retrain, Compare, Snooze 24h, Useful, Noise) as tool calls made by whoever clicked.

The click carries only the incident id. Access is checked first, so a stranger's click changes nothing and
uses nothing up; then one atomic claim per (incident, action) makes a retried or double click act once. Useful and
Noise take no claim: each person has one verdict per incident, and a later click replaces their earlier one.
A click that acts is kept with the incident for its postmortem, and the first one acknowledges it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pipelines.errors import UserError
from tools import access
from tools.access import Caller
from tools.catalog.alerts import rate_alert
from tools.catalog.compare import compare
from tools.catalog.snooze import snooze
from tools.catalog.train import train
from tools.catalog.why import why
from tools.context import Context
from tools.dispatch import dispatch, validate
from tools.outcome import Outcome
from tools.registry import Tool

if TYPE_CHECKING:
    from tools.work.executor import Executor

Action = Literal["retrain", "compare", "snooze", "why", "useful", "noise"]
SNOOZE_FOR = "24h"
VERDICTS = ("useful", "noise")


def call_for(action: Action, model: str, *, window: str | None = None,
             incident: int = 0) -> tuple[Tool, dict[str, Any]]:
    """The tool call a button stands for; `window` is the monitor's live window (Why? explains what it saw)."""
    if action in VERDICTS:
        return rate_alert, {"incident": incident, "verdict": action}
    return {"retrain": (train, {"model": model}),
            "compare": (compare, {"model": model}),
            "snooze": (snooze, {"model": model, "duration": SNOOZE_FOR}),
            "why": (why, {"model": model, **({"last": window} if window else {})})}[action]


def act(ctx: Context, incident_id: int, action: Action, caller: Caller, *,
        executor: Executor | None = None) -> Outcome:
    tool, raw = call_for(action, "")
    try:
        incident = ctx.state.incident(incident_id)
        if incident is None:
            raise UserError("That alert does not exist (it may belong to another installation).")
        monitor = ctx.state.monitor(incident.model) if action == "why" else None
        tool, raw = call_for(action, incident.model, window=monitor.settings.window if monitor else None,
                             incident=incident.id)
        access.check(caller, ctx.config.access, tool.required_role(validate(tool, raw, ctx)), what=f"{action} from an alert")
        if action in VERDICTS:
            return dispatch(ctx, tool, raw, caller, executor=executor)
        earlier = ctx.state.claim("alert_action", f"{incident_id}:{action}", by=caller.user_id)
        if earlier is not None:
            raise UserError(f"{action.title()} was already done from this alert by {earlier.by or 'someone'} at "
                            f"{earlier.at:%H:%M:%S} UTC; nothing more was done.")
    except UserError as exc:
        return Outcome(tool=tool.name, status="refused", message=str(exc), code=exc.code)
    outcome = dispatch(ctx, tool, raw, caller, executor=executor)
    if outcome.status != "done":
        ctx.state.release_claim("alert_action", f"{incident_id}:{action}")  # busy or failed: a later click may try again
    else:
        acted(ctx, incident_id, caller, action=tool.name, detail="")
    return outcome


def acted(ctx: Context, incident_id: int, caller: Caller, *, action: str, detail: str) -> None:
    """Someone acted on an incident: the first acknowledges it; each is a step of its postmortem's timeline."""
    ctx.state.acknowledge(incident_id, by=caller.user_id)
    ctx.state.record_incident_event(incident_id, by=caller.user_id, action=action, detail=detail)
