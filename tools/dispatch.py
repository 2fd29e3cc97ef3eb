"""The single path of every tool call, from every surface: check it, then run it where the work runs.

`dispatch` checks in the caller's process (a known tool, valid input, the caller's role), so a refusal is instant,
then hands the call to the executor as a job and follows it to its outcome; with no executor (a test, a
command-line tool of its own) or for the cheap inline tools (help, cancel) it runs here. Where the work runs,
`perform` checks again and then proposes an approval (tools that need one, and every change the agent asks for),
or holds the model's lease, runs the tool and audits it. `confirm` carries out a stored approval the same way,
through `carry_out`. A UserError becomes the outcome's message; anything else is logged with a reference.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from pipelines.errors import UnknownModel, UsageError, UserError
from tools import access, sign_off
from tools.access import Caller
from tools.catalog import all_tools
from tools.context import Context
from tools.errors import failure
from tools.outcome import ApprovalRequest, Outcome
from tools.registry import Tool

if TYPE_CHECKING:
    from tools.state.jobs import Job
    from tools.work.executor import Executor
    from tools.work.jobs import Origin

log = logging.getLogger("mlops.dispatch")
Progress = Callable[[str], None]
# Surfaces whose every change waits for a person: an LLM's tool call, another agent or IDE over MCP.
PROPOSES_ONLY = ("agent", "mcp")
Started = Callable[[], "dict[str, Any] | None"]
OnJob = Callable[["Job"], None]


def dispatch(ctx: Context, tool: Tool | str, raw: dict[str, Any], caller: Caller, *,
             executor: Executor | None = None, origin: Origin | None = None, progress: Progress | None = None,
             on_job: OnJob | None = None) -> Outcome:
    """One tool call for `caller`: checked here, run on `executor` (or here without one). `on_job` hears the job
    once it is queued (Slack posts its "Working…" message then); `origin` is kept on the job row for it."""
    name = tool.name if isinstance(tool, Tool) else tool
    spec = all_tools().get(name)
    if spec is None:
        return _refused(name, UsageError(f"There is no tool called {name}."))
    raw = _with_origin(spec, raw, caller)
    try:
        args = validate(spec, raw, ctx)
        reads_only = spec.reads_only is not None and spec.reads_only(args)
        if not reads_only:
            access.check(caller, ctx.config.access, spec.required_role(args), what=f"run {spec.verb}")
    except UserError as exc:
        return _refused(spec.name, exc)
    except Exception as exc:  # a bug or an outage we did not foresee: logged with a reference, never shown raw
        return _failed(spec.name, exc)
    if executor is None or spec.inline or reads_only:
        return perform(ctx, spec.name, raw, caller, progress=progress)
    from tools.work import jobs

    return jobs.run(ctx, executor, kind="dispatch", tool=spec.name, args=raw, caller=caller, origin=origin,
                    progress=progress, on_job=on_job)


def perform(ctx: Context, name: str, raw: dict[str, Any], caller: Caller, *, progress: Progress | None = None,
            started: Started | None = None) -> Outcome:
    """Run one checked call where the work runs. `started` is called once the work will really run (valid,
    allowed, leased); what it returns (where it told people, e.g. its job) is kept on the lease for whoever
    cleans up after a crash."""
    tool = all_tools().get(name)
    if tool is None:
        return _refused(name, UsageError(f"There is no tool called {name}."))
    try:
        raw = _with_origin(tool, raw, caller)
        args = validate(tool, raw, ctx)
        if tool.reads_only is not None and tool.reads_only(args):
            return Outcome(tool=tool.name, status="done", result=_call(tool, args, ctx, progress, caller))
        access.check(caller, ctx.config.access, tool.required_role(args), what=f"run {tool.verb}")
        mutates = tool.mutates_with(args)
        if mutates and (tool.needs_confirmation or caller.surface in PROPOSES_ONLY):
            return _propose(ctx, tool, args, caller)
        if mutates:
            return _run_leased(ctx, tool, args, caller, progress=progress, started=started)
        if started is not None:
            started()
        return Outcome(tool=tool.name, status="done", result=_call(tool, args, ctx, progress, caller))
    except UserError as exc:
        return _refused(tool.name, exc)
    except Exception as exc:  # see dispatch
        return _failed(tool.name, exc)


def confirm(ctx: Context, approval_id: str, caller: Caller, *, executor: Executor | None = None,
            origin: Origin | None = None, progress: Progress | None = None, on_job: OnJob | None = None) -> Outcome:
    """Carry out a stored approval once, if the approver may and it is still pending and fresh: checked here, the
    move made on `executor` (or here without one)."""
    try:
        approval = ctx.state.approval(approval_id)
        tool = all_tools()[approval.tool]
        args = validate(tool, approval.args, ctx)
        access.check(caller, ctx.config.access, tool.required_role(args), what=f"approve {tool.verb}")
        sign_off.check_second_person(ctx, approval, caller)
    except UserError as exc:
        return _refused("approval", exc)
    except Exception as exc:  # see dispatch
        return _failed("approval", exc)
    if executor is None or tool.inline:
        return carry_out(ctx, approval_id, caller, progress=progress)
    from tools.work import jobs

    return jobs.run(ctx, executor, kind="confirm", tool=tool.name, args=approval.args, caller=caller,
                    approval_id=approval_id, model=approval.model, origin=origin, progress=progress, on_job=on_job)


def carry_out(ctx: Context, approval_id: str, caller: Caller, *, progress: Progress | None = None,
              started: Started | None = None) -> Outcome:
    """Where the work runs: claim the approval under the model's lease, run its plan, audit, finish it."""
    tool_name = "approval"
    try:
        approval = ctx.state.approval(approval_id)
        tool = all_tools()[approval.tool]
        tool_name = tool.name
        args = validate(tool, approval.args, ctx)
        access.check(caller, ctx.config.access, tool.required_role(args), what=f"approve {tool.verb}")
        sign_off.check_second_person(ctx, approval, caller)
    except UserError as exc:
        return _refused(tool_name, exc)
    except Exception as exc:  # see dispatch
        return _failed(tool_name, exc)

    def run() -> BaseModel:
        if tool.execute is not None and tool.plan_type is not None and approval.plan is not None:
            if tool.plan is not None:  # planned again under the lease: what runs is what was approved
                sign_off.check_unchanged(approval, sign_off.planned_now(approval, lambda: tool.plan(args, ctx)))
            return tool.execute(tool.plan_type.model_validate(approval.plan), args, ctx, caller.user_id)
        return _call(tool, args, ctx, progress, caller)

    claimed: list[bool] = []

    def claim() -> None:
        # Only under the model's lease: a Busy refusal must leave the approval pending for a later click.
        ctx.state.decide(approval_id, by=caller.user_id, status="approved")
        claimed.append(True)

    outcome = _run_leased(ctx, tool, args, caller, progress=progress, body=run, approval_id=approval_id,
                          requested_by=approval.requested_by, before=claim, started=started,
                          digest=sign_off.digest(approval.plan))
    if claimed:
        ctx.state.finish(approval_id, status="done" if outcome.status == "done" else "failed",
                         outcome=outcome.message or "done")
    if outcome.code == sign_off.StaleApproval.code:  # the same request, planned on what is there now
        requester = Caller(user_id=approval.requested_by, surface=approval.surface, channel=approval.channel)
        fresh = dispatch(ctx, tool, approval.args, requester)
        if fresh.status == "needs_approval":
            return fresh.model_copy(update={"message": outcome.message})
        return fresh.model_copy(update={"message": f"{outcome.message} {fresh.message or ''}".strip()})
    return outcome


def cancel(ctx: Context, approval_id: str, caller: Caller) -> Outcome:
    try:
        approval = ctx.state.approval(approval_id)
        tool = all_tools()[approval.tool]
        if caller.user_id != approval.requested_by:
            access.check(caller, ctx.config.access, tool.required_role(validate(tool, approval.args, ctx)),
                         what=f"cancel this {tool.verb}")
        ctx.state.decide(approval_id, by=caller.user_id, status="cancelled")
        return Outcome(tool=tool.name, status="done", message=f"Cancelled by {caller.user_id}; nothing was changed.")
    except UserError as exc:
        return _refused("approval", exc)
    except Exception as exc:  # see dispatch: a broken store must not reach the user as a traceback
        return _failed("approval", exc)


def validate(tool: Tool, raw: dict[str, Any], ctx: Context) -> BaseModel:
    try:
        return tool.input.model_validate(raw, context={"config": ctx.config})
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first.get("ctx", {}).get("error") or first["msg"]).removeprefix("Value error, ")
        if isinstance(first.get("ctx", {}).get("error"), UnknownModel):
            raise first["ctx"]["error"] from None
        field = ".".join(str(p) for p in first["loc"])
        where = f"{field}: " if field and field not in message else ""
        raise UsageError(f"{tool.verb}: {where}{message}.".replace("..", "."), hint=f"Usage: {tool.usage}") from None


def _with_origin(tool: Tool, raw: dict[str, Any], caller: Caller) -> dict[str, Any]:
    if tool.origin_field and raw.get(tool.origin_field) is None and caller.channel:
        return {**raw, tool.origin_field: caller.channel}
    return raw


def _propose(ctx: Context, tool: Tool, args: BaseModel, caller: Caller) -> Outcome:
    plan = tool.plan(args, ctx) if tool.plan else None  # the gate runs here: a failing deploy never gets a button
    dumped = args.model_dump(mode="json")
    approval = ctx.state.propose(
        tool=tool.name, model=tool.model_of(args), args=dumped, plan=plan.model_dump(mode="json") if plan else None,
        requested_by=caller.user_id, surface=caller.surface,
        ttl=timedelta(minutes=ctx.config.approvals.expire_minutes),
    )
    return Outcome(tool=tool.name, status="needs_approval", approval=ApprovalRequest(
        approval_id=approval.id, tool=tool.name, model=approval.model, args=dumped, plan=plan,
        requested_by=caller.user_id, expires_at=approval.expires_at, digest=sign_off.digest(approval.plan),
        two_person=sign_off.two_person(ctx, approval.model)))


def _run_leased(ctx: Context, tool: Tool, args: BaseModel, caller: Caller, *, progress: Progress | None,
                body: Callable[[], BaseModel] | None = None, approval_id: str | None = None,
                requested_by: str | None = None, before: Callable[[], None] | None = None,
                started: Started | None = None, digest: str | None = None) -> Outcome:
    """Run under the model's lease and audit the attempt; an approved change's audit row keeps its digest."""
    from tools.work.lease import held

    audited = {**args.model_dump(mode="json"), **({"approved_digest": digest} if digest else {})}

    model = tool.model_of(args)
    body = body or (lambda: _call(tool, args, ctx, progress, caller))
    lease = held(ctx, model, holder=caller.user_id, purpose=tool.name) if model and tool.takes_lock else nullcontext()
    try:
        with lease as taken:
            if before is not None:
                before()
            notice = started() if started is not None else None
            if notice and taken is not None:
                ctx.state.annotate(taken.name, taken.token, notice)
            result = body()
    except UserError as exc:
        return _refused(tool.name, exc)
    except Exception as exc:  # see dispatch; the attempt is audited because something may have changed
        outcome = _failed(tool.name, exc)
        ctx.state.audit(actor=caller.user_id, surface=caller.surface, tool=tool.name, model=model,
                        args=audited, outcome="failed", message=outcome.message,
                        approval_id=approval_id, requested_by=requested_by)
        return outcome
    ctx.state.audit(actor=caller.user_id, surface=caller.surface, tool=tool.name, model=model,
                    args=audited, outcome="ok", from_version=getattr(result, "from_version", None),
                    to_version=getattr(result, "to_version", getattr(result, "version", None)),
                    approval_id=approval_id, requested_by=requested_by)
    return Outcome(tool=tool.name, status="done", result=result)


def _call(tool: Tool, args: BaseModel, ctx: Context, progress: Progress | None,
          caller: Caller | None = None) -> BaseModel:
    wants = tool.run.__code__.co_varnames[:tool.run.__code__.co_argcount + tool.run.__code__.co_kwonlyargcount]
    extra: dict[str, Any] = {}
    if progress is not None and "progress" in wants:
        extra["progress"] = progress
    if caller is not None and "caller" in wants:
        extra["caller"] = caller  # a tool that records who acted (snooze) asks for it by name
    return tool.run(args, ctx, **extra)  # type: ignore[call-arg]


def _refused(tool: str, exc: UserError) -> Outcome:
    return Outcome(tool=tool, status="refused", message=str(exc), code=exc.code)


def _failed(tool: str, exc: Exception) -> Outcome:
    told = failure(exc, log=log, doing=f"tool {tool}")
    return Outcome(tool=tool, status="failed", ref=told.ref, message=told.message)
