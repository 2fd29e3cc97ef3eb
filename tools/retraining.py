"""Continuous training: validate the new data, train a challenger, compare it with production, and deploy it
only when the policy allows and the promotion gate passes. Every step goes through dispatch as the scheduler,
so the audit names the scheduler as the actor; `say` hears each step's outcome (the bot posts it in a thread).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from pipelines.train import TrainResult
from tools.catalog.validate import ValidateOut
from tools.context import Context
from tools.dispatch import Outcome, confirm, dispatch
from tools.alerting import SCHEDULER, Notice, data_verdict
from tools.jobs import Confirm, Run


def retrain(ctx: Context, model: str, *, auto_deploy: bool, say: Callable[[Outcome], None],
            notify: Callable[[Notice], None] = lambda _notice: None, run: Run | None = None,
            carry_out: Confirm | None = None) -> Outcome:
    """Run the loop once; returns the last step's outcome (what stopped it, or the deploy). `notify` hears the
    data incident a refused batch opens (or a passing batch resolves); `run` and `carry_out` say where each step
    runs (in this process unless given, e.g. the app's executor)."""
    run = run or partial(_here, ctx)
    checked = run("validate_data", {"model": model}, SCHEDULER)
    say(checked)
    if checked.status == "done" and isinstance(checked.result, ValidateOut):
        for notice in data_verdict(ctx, model, checked.result.report):
            notify(notice)
    if checked.status != "done" or not isinstance(checked.result, ValidateOut) or not checked.result.report.passed:
        return checked
    trained = run("train", {"model": model}, SCHEDULER)
    say(trained)
    if trained.status != "done" or not isinstance(trained.result, TrainResult):
        return trained
    version = str(trained.result.version)
    compared = run("compare", {"model": model, "a": "production", "b": version}, SCHEDULER)
    say(compared)
    if not auto_deploy:
        return compared
    # The same path a person takes: the plan runs the gate, a failing candidate never gets an approval.
    proposed = run("deploy", {"model": model, "version": version}, SCHEDULER)
    if proposed.status != "needs_approval" or proposed.approval is None:
        say(proposed)
        return proposed
    if carry_out is not None:
        deployed = carry_out(proposed.approval, SCHEDULER)
    else:
        deployed = confirm(ctx, proposed.approval.approval_id, SCHEDULER)
    say(deployed)
    return deployed


def _here(ctx: Context, name: str, args: dict[str, Any], caller: Any) -> Outcome:
    return dispatch(ctx, name, args, caller)
