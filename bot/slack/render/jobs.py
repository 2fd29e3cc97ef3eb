"""Renderers of long jobs and their control: tune, cancel, and unlocking a model a dead job left locked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.slack.render.format import fmt
from bot.slack.render.lifecycle import compare
from bot.slack.render.message import Message, Section, Table
from bot.slack.render.registry import renders

if TYPE_CHECKING:
    from pipelines.tune import TuneResult
    from tools.catalog.cancel import CancelOut
    from tools.catalog.unlock import UnlockPlan, UnlockResult


@renders("pipelines.tune:TuneResult")
def _tune(result: TuneResult) -> Message:
    trained = result.trained
    holdout = trained.metrics.get(result.metric)
    budget = f", stopped by its budget after {result.trials_done}" if result.stopped_by_budget else ""
    table = Table(header=["trial", f"cv {result.metric}", "params"], rows=[
        [str(t.number), fmt(t.score), ", ".join(f"{k}={_short(v)}" for k, v in sorted(t.params.items()))]
        for t in result.top], align=["r", "r", "l"])
    sections = [Section(table=table)]
    if result.comparison is not None:
        sections.extend(compare(result.comparison).sections)
        verdict = {"better": "better than", "worse": "worse than", "inconclusive": "not clearly better than",
                   "same version": "the same as"}[result.comparison.verdict]
        sections.insert(1, Section(text=f"Against production v{result.comparison.a_version}: *{verdict}* it on "
                                        f"{result.metric} (95% CI [{result.comparison.ci_low:+.4f}, {result.comparison.ci_high:+.4f}])."))
    return Message(
        title=f"Tuned {result.model}: v{trained.version} is the challenger",
        summary=f":white_check_mark: Best of {result.trials_done}/{result.trials_requested} trials{budget}: "
                f"cv {result.metric} *{fmt(result.best.score)}*; refitted as *{result.model} v{trained.version}* "
                f"(holdout {result.metric} *{fmt(holdout)}*), now the *challenger*.",
        sections=sections,
        context=[f"{result.estimator} · {result.trials_per_minute:.1f} trials/min on {result.ran_on}{_idle(result)} · "
                 f"{result.seconds:.1f}s · parent run `{result.parent_run_id[:12]}`",
                 f"Next: `/mlops deploy {result.model} {trained.version}`"],
    )


def _idle(result: TuneResult) -> str:
    """How much of the search the workers sat idle: the share that more trials, or fewer workers, would fill."""
    if len(result.workers) < 2 or result.search_s <= 0:
        return ""
    idle = sum(w.idle_s for w in result.workers) / (result.search_s * len(result.workers))
    return f" ({len(result.workers)} workers, idle {idle:.0%})"


def _short(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


@renders("tools.catalog.cancel:CancelOut")
def _cancel(result: CancelOut) -> Message:
    what = f"job `{result.job}` ({result.tool}" + (f" {result.model})" if result.model else ")")
    if result.status == "cancelled":
        return Message(title="Cancelled", summary=f":no_entry_sign: Cancelled {what} before it started; nothing was changed.")
    return Message(title="Stopping", summary=f":octagonal_sign: Asked {what} to stop; it stops at its next step "
                   "and registers nothing.")


def _lock_line(plan: UnlockPlan) -> str:
    owner = {True: "its process is still running", False: "its process is gone",
             None: "its process is on another host"}[plan.owner_alive]
    beat = f"; {plan.stale}" if plan.stale else f"; last heartbeat {plan.heartbeat_at:%H:%M:%S} UTC"
    return (f"*{plan.model}* is locked by *{plan.tool}* of {plan.holder} since {plan.since:%H:%M:%S} UTC "
            f"({plan.owner or 'owner unknown'}): {owner}{beat}.")


@renders("tools.catalog.unlock:UnlockPlan")
def _unlock_plan(plan: UnlockPlan) -> Message:
    warn = "" if plan.stale else "\n:warning: The holder looks alive: its work goes on and will record its result."
    reason = f" Reason: {plan.reason}" if plan.reason else ""
    return Message(title=f"Unlock {plan.model}?", summary=_lock_line(plan) + reason + warn)


@renders("tools.catalog.unlock:UnlockResult")
def _unlock(result: UnlockResult) -> Message:
    runs = (f" MLflow run {', '.join(f'`{r[:12]}`' for r in result.failed_runs)} marked FAILED."
            if result.failed_runs else "")
    return Message(title=f"Unlocked {result.model}",
                   summary=f":unlock: Released. {_lock_line(result)}{runs}",
                   context=[f"reason: {result.reason}"] if result.reason else [])
