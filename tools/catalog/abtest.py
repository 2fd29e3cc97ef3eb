"""`abtest`: start (a share, or shadow), stop and read an online test of challenger vs production."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from pipelines.errors import UnknownVersion, UserError
from pipelines.monitor import online
from pipelines.monitor.online import OnlineReport
from pipelines.registry import CHALLENGER, PRODUCTION
from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.registry import Role, tool

Action = Literal["start", "stop", "report"]


class AbtestIn(ToolInput):
    model: ModelName
    mode: str | None = Field(None, description="a share of traffic for the challenger (10%), shadow, stop; "
                                               "leave out to read the running or latest test")

    @field_validator("mode")
    @classmethod
    def _known_mode(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().lower()
        if value in ("shadow", "stop"):
            return value
        match = re.fullmatch(r"(\d{1,3}(?:\.\d+)?)%?", value)
        if not match or not 0 < float(match.group(1)) < 100:
            raise ValueError(f"'{value}' is not a test: use a share between 1% and 99% (e.g. 10%), shadow or stop")
        return f"{float(match.group(1)):g}%"

    @property
    def action(self) -> Action:
        return "report" if self.mode is None else "stop" if self.mode == "stop" else "start"

    @property
    def share(self) -> float:
        return 1.0 if self.mode == "shadow" else float((self.mode or "0").rstrip("%")) / 100


class AbtestPlan(BaseModel):
    model: str
    action: Literal["start", "stop"]
    mode: str  # split | shadow
    share: float
    production_version: int | None
    challenger_version: int | None
    test_id: str | None = None  # the test a stop ends


class AbtestOut(BaseModel):
    model: str
    action: Action
    message: str
    report: OnlineReport | None = None
    to_version: int | None = None  # challenger version under test (audit)


def _plan(args: AbtestIn, ctx: Context) -> AbtestPlan:
    running = ctx.state.running_abtest(args.model)
    if args.action == "stop":
        if running is None:
            raise UserError(f"No online test of {args.model} is running; nothing to stop.")
        return AbtestPlan(model=args.model, action="stop", mode=running.mode, share=running.share,
                          production_version=running.production_version,
                          challenger_version=running.challenger_version, test_id=running.id)
    if running is not None:
        raise UserError(f"An online test of {args.model} is already running ({running.mode}, "
                        f"{running.share:.0%}). Stop it first: abtest {args.model} stop")
    aliases = ctx.registry.aliases(args.model)
    production, challenger = aliases.get(PRODUCTION), aliases.get(CHALLENGER)
    if production is None:
        raise UnknownVersion(f"Model {args.model} has no production version to test against. Deploy one first.")
    if challenger is None or challenger == production:
        raise UnknownVersion(f"Model {args.model} has no challenger apart from production v{production}. "
                             f"Train one first: train {args.model}")
    return AbtestPlan(model=args.model, action="start", mode="shadow" if args.mode == "shadow" else "split",
                      share=args.share, production_version=production, challenger_version=challenger)


def _execute(plan: AbtestPlan, args: AbtestIn, ctx: Context, by: str) -> AbtestOut:
    if plan.action == "stop":
        stopped = ctx.state.stop_abtest(plan.model, by=by)
        if stopped is None or stopped.id != plan.test_id:
            raise UserError(f"The online test of {plan.model} was already stopped; nothing more was done.")
        return AbtestOut(model=plan.model, action="stop", message=f"Stopped the online test of {plan.model}; "
                         "production answers every request again.", report=_report(ctx, stopped),
                         to_version=plan.challenger_version)
    if ctx.registry.aliases(plan.model).get(CHALLENGER) != plan.challenger_version:
        raise UserError(f"The challenger of {plan.model} moved since this was proposed; nothing was started. Ask again.")
    test = ctx.state.start_abtest(model=plan.model, mode=plan.mode, share=plan.share,
                                  production_version=plan.production_version,
                                  challenger_version=plan.challenger_version, by=by)
    what = ("scores every request in the shadow (answers come from production)" if plan.mode == "shadow"
            else f"answers {plan.share:.0%} of requests (sticky per key)")
    return AbtestOut(model=plan.model, action="start", to_version=plan.challenger_version,
                     message=f"Online test {test.id} started: challenger v{plan.challenger_version} {what}; "
                     f"production is v{plan.production_version}. The prediction service picks it up within seconds.")


def _report(ctx: Context, test: object) -> OnlineReport:
    from pipelines.data import prediction_log

    frame = prediction_log.read(_log_url(ctx), test.model, start=test.started_at, end=test.stopped_at,  # type: ignore[attr-defined]
                                arms=("production", "challenger", "shadow"), target=ctx.spec(test.model).target)  # type: ignore[attr-defined]
    return online.report(ctx.spec(test.model), frame, test_id=test.id, mode=test.mode, share=test.share,  # type: ignore[attr-defined]
                         running=test.stopped_at is None, started_at=test.started_at,  # type: ignore[attr-defined]
                         started_by=test.started_by, stopped_at=test.stopped_at)  # type: ignore[attr-defined]


def online_citation(ctx: Context, model: str, version: int) -> str | None:
    """One line on the latest online test of `version` as challenger, for deploy's approval; None if none ran."""
    test = ctx.state.latest_abtest(model)
    if test is None or test.challenger_version != version:
        return None
    r = _report(ctx, test)
    arm, base = r.arms[1], r.arms[0]
    diff = (f", {r.primary_metric} {r.difference:+.4f} (95% CI [{r.diff_low:+.4f}, {r.diff_high:+.4f}])"
            if r.difference is not None and r.diff_low is not None and r.diff_high is not None else "")
    state = "running" if r.running else "stopped"
    return (f"Online test {r.test_id} ({r.mode}, {state}): {r.verdict}{diff} on {arm.labelled} vs {base.labelled} "
            f"labelled rows.")


def _log_url(ctx: Context) -> str:
    from pipelines.data.urls import sqlalchemy_url

    return sqlalchemy_url(ctx.paths.state_db_url)


def _role(args: AbtestIn) -> Role:
    return "viewer" if args.action == "report" else "deployer"


@tool("abtest", doing="reading the online test of", input=AbtestIn, result=AbtestOut, role="deployer", mutates=True, needs_confirmation=True,
      positional=("model", "mode"), plan=_plan, plan_type=AbtestPlan, execute=_execute, role_for=_role, slow=True,
      mutates_for=lambda args: args.action != "report",
      usage="abtest <model> [<share>% | shadow | stop]",
      description="Run an online test of the challenger against production on the prediction service: send a share "
      "of requests to the challenger (sticky per key), or score every request in the shadow, or stop; without an "
      "option, report requests, latency, the primary metric on labelled traffic per arm with 95% intervals, and a "
      "verdict. Starting and stopping need a deployer's approval.",
      examples=("abtest cancer", "abtest cancer 10%", "abtest cancer shadow", "abtest cancer stop"))
def abtest(args: AbtestIn, ctx: Context) -> AbtestOut:
    if args.action != "report":
        return _execute(_plan(args, ctx), args, ctx, by="direct")
    test = ctx.state.running_abtest(args.model) or ctx.state.latest_abtest(args.model)
    if test is None:
        raise UserError(f"Model {args.model} has had no online test yet. Start one: abtest {args.model} 10%")
    result = _report(ctx, test)
    return AbtestOut(model=args.model, action="report", report=result,
                     message=f"Online test {test.id} of {args.model}: {result.verdict}.")
