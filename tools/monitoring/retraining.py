"""Continuous training: validate the new data, train a challenger, compare it with production, and deploy it
only when the policy allows and the promotion gate passes. Every step goes through dispatch as the scheduler,
on the executor like any other call, so the audit names the scheduler as the actor; `say` hears each step's
outcome (the Slack app posts it in a thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipelines.train import TrainResult
from tools.catalog.compare import compare
from tools.catalog.deploy import deploy
from tools.catalog.train import train
from tools.catalog.validate import ValidateOut, validate_data
from tools.context import Context
from tools.dispatch import confirm, dispatch
from tools.monitoring.alerting import SCHEDULER, Notice, data_verdict
from tools.outcome import Outcome

if TYPE_CHECKING:
    from tools.work.executor import Executor


def retrain(ctx: Context, model: str, *, auto_deploy: bool, say: Callable[[Outcome], None],
            notify: Callable[[Notice], None] = lambda _notice: None, executor: Executor | None = None) -> Outcome:
    """Run the loop once; returns the last step's outcome (what stopped it, or the deploy). `notify` hears the
    data incident a refused batch opens (or a passing batch resolves)."""
    checked = dispatch(ctx, validate_data, {"model": model}, SCHEDULER, executor=executor)
    say(checked)
    if checked.status == "done" and isinstance(checked.result, ValidateOut):
        for notice in data_verdict(ctx, model, checked.result.report):
            notify(notice)
    if checked.status != "done" or not isinstance(checked.result, ValidateOut) or not checked.result.report.passed:
        return checked
    trained = dispatch(ctx, train, {"model": model}, SCHEDULER, executor=executor)
    say(trained)
    if trained.status != "done" or not isinstance(trained.result, TrainResult):
        return trained
    version = str(trained.result.version)
    compared = dispatch(ctx, compare, {"model": model, "a": "production", "b": version}, SCHEDULER, executor=executor)
    say(compared)
    if not auto_deploy:
        return compared
    # The same path a person takes: the plan runs the gate, a failing candidate never gets an approval.
    proposed = dispatch(ctx, deploy, {"model": model, "version": version}, SCHEDULER, executor=executor)
    if proposed.status != "needs_approval" or proposed.approval is None:
        say(proposed)
        return proposed
    deployed = confirm(ctx, proposed.approval.approval_id, SCHEDULER, executor=executor)
    say(deployed)
    return deployed
