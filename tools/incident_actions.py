"""An alert's buttons (Retrain, Compare, Snooze 24h) as tool calls made by whoever clicked.

The click carries only the incident id. Access is checked first, so a stranger's click changes nothing and
uses nothing up; then one atomic claim per (incident, action) makes a retried or double click act once.
"""

from __future__ import annotations

from typing import Any, Literal

from pipelines.errors import UserError
from tools import access
from tools.access import Caller
from tools.context import Context
from tools.dispatch import Outcome, dispatch, validate
from tools.jobs import Run
from tools.registry import all_tools

Action = Literal["retrain", "compare", "snooze"]
SNOOZE_FOR = "24h"


def call_for(action: Action, model: str) -> tuple[str, dict[str, Any]]:
    return {"retrain": ("train", {"model": model}),
            "compare": ("compare", {"model": model}),
            "snooze": ("snooze", {"model": model, "duration": SNOOZE_FOR})}[action]


def act(ctx: Context, incident_id: int, action: Action, caller: Caller, *, run: Run | None = None) -> Outcome:
    name = {"retrain": "train", "compare": "compare", "snooze": "snooze"}[action]
    try:
        incident = ctx.state.incident(incident_id)
        if incident is None:
            raise UserError("That alert does not exist (it may belong to another installation).")
        name, raw = call_for(action, incident.model)
        tool = all_tools()[name]
        access.check(caller, ctx.config.access, tool.required_role(validate(tool, raw, ctx)), what=f"{action} from an alert")
        earlier = ctx.state.claim_action(incident_id, action, by=caller.user_id)
        if earlier is not None:
            raise UserError(f"{action.title()} was already done from this alert by {earlier.by} at "
                            f"{earlier.at:%H:%M:%S} UTC; nothing more was done.")
    except UserError as exc:
        return Outcome(tool=name, status="refused", message=str(exc), code=exc.code)
    outcome = run(name, raw, caller) if run is not None else dispatch(ctx, name, raw, caller)
    if outcome.status != "done":
        ctx.state.release_action(incident_id, action)  # busy or failed: a later click may try again
    return outcome
