"""The single path of every tool call: validate, check access, confirm, lock, run, audit, map errors."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, SerializeAsAny, ValidationError

from pipelines.errors import UnknownModel, UsageError, UserError
from tools import access
from tools.access import Caller
from tools.context import Context
from tools.registry import Tool, all_tools

log = logging.getLogger("mlops.dispatch")


class ApprovalRequest(BaseModel):
    """A proposed mutating call waiting for a permitted person's Approve; it carries its id, not authority."""

    approval_id: str
    tool: str
    model: str | None
    args: dict[str, Any]
    plan: SerializeAsAny[BaseModel] | None = None
    requested_by: str
    expires_at: datetime


class Outcome(BaseModel):
    tool: str
    status: Literal["done", "needs_approval", "refused", "failed"]
    result: SerializeAsAny[BaseModel] | None = None
    approval: ApprovalRequest | None = None
    message: str | None = None  # what the user reads when refused or failed
    code: str | None = None
    ref: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("done", "needs_approval")


Started = Callable[[], "dict[str, Any] | None"]


def dispatch(ctx: Context, name: str, raw: dict[str, Any], caller: Caller, *,
             progress: Callable[[str], None] | None = None, started: Started | None = None) -> Outcome:
    """Run one tool call. `started` is called once the work will really run (valid, allowed, locked); what it
    returns (where it told people, e.g. a Slack message) is kept on the lock for whoever cleans up after a crash."""
    tool = all_tools().get(name)
    if tool is None:
        return _refused(name, UsageError(f"There is no tool called {name}."))
    try:
        if tool.origin_field and raw.get(tool.origin_field) is None and caller.channel:
            raw = {**raw, tool.origin_field: caller.channel}
        args = validate(tool, raw, ctx)
        if tool.reads_only is not None and tool.reads_only(args):
            return Outcome(tool=tool.name, status="done", result=_call(tool, args, ctx, progress, caller))
        access.check(caller, ctx.config.access, tool.required_role(args), what=f"run {tool.verb}")
        mutates = tool.mutates_with(args)
        if mutates and (tool.needs_confirmation or caller.surface == "agent"):
            return _propose(ctx, tool, args, caller)
        if mutates:
            return _run_locked(ctx, tool, args, caller, progress=progress, started=started)
        if started is not None:
            started()
        return Outcome(tool=tool.name, status="done", result=_call(tool, args, ctx, progress, caller))
    except UserError as exc:
        return _refused(tool.name, exc)
    except Exception as exc:  # a bug or an outage we did not foresee: logged with a reference, never shown raw
        return _failed(tool.name, exc)


def precheck(ctx: Context, name: str, raw: dict[str, Any], caller: Caller) -> Outcome | None:
    """The cheap part of dispatch (known tool, valid input, access), run where the request arrives so a refusal is
    instant; the worker's dispatch checks again, so this is never the only guard. None when the call may go on."""
    tool = all_tools().get(name)
    if tool is None:
        return _refused(name, UsageError(f"There is no tool called {name}."))
    try:
        args = validate(tool, raw, ctx)
        access.check(caller, ctx.config.access, tool.required_role(args), what=f"run {tool.verb}")
    except UserError as exc:
        return _refused(tool.name, exc)
    return None


def confirm(ctx: Context, approval_id: str, caller: Caller, *, progress: Callable[[str], None] | None = None,
            started: Started | None = None) -> Outcome:
    """Carry out a stored approval once, if the approver may and it is still pending and fresh."""
    tool_name = "approval"
    try:
        approval = ctx.state.approval(approval_id)
        tool = all_tools()[approval.tool]
        tool_name = tool.name
        args = validate(tool, approval.args, ctx)
        access.check(caller, ctx.config.access, tool.required_role(args), what=f"approve {tool.verb}")
    except UserError as exc:
        return _refused(tool_name, exc)
    except Exception as exc:  # see dispatch
        return _failed(tool_name, exc)

    def run() -> BaseModel:
        if tool.execute is not None and tool.plan_type is not None and approval.plan is not None:
            return tool.execute(tool.plan_type.model_validate(approval.plan), args, ctx, caller.user_id)
        return _call(tool, args, ctx, progress, caller)

    claimed: list[bool] = []

    def claim() -> None:
        # Only under the model's lock: a Busy refusal must leave the approval pending for a later click.
        ctx.state.claim(approval_id, by=caller.user_id, status="approved")
        claimed.append(True)

    outcome = _run_locked(ctx, tool, args, caller, progress=progress, body=run, approval_id=approval_id,
                          requested_by=approval.requested_by, before=claim, started=started)
    if claimed:
        ctx.state.finish(approval_id, status="done" if outcome.status == "done" else "failed",
                         outcome=outcome.message or "done")
    return outcome


def cancel(ctx: Context, approval_id: str, caller: Caller) -> Outcome:
    try:
        approval = ctx.state.approval(approval_id)
        tool = all_tools()[approval.tool]
        if caller.user_id != approval.requested_by:
            access.check(caller, ctx.config.access, tool.required_role(validate(tool, approval.args, ctx)),
                         what=f"cancel this {tool.verb}")
        ctx.state.claim(approval_id, by=caller.user_id, status="cancelled")
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
        requested_by=caller.user_id, expires_at=approval.expires_at))


def _run_locked(ctx: Context, tool: Tool, args: BaseModel, caller: Caller, *, progress: Callable[[str], None] | None,
                body: Callable[[], BaseModel] | None = None, approval_id: str | None = None,
                requested_by: str | None = None, before: Callable[[], None] | None = None,
                started: Started | None = None) -> Outcome:
    from tools.locking import held

    model = tool.model_of(args)
    body = body or (lambda: _call(tool, args, ctx, progress, caller))
    lock = held(ctx, model, holder=caller.user_id, tool=tool.name) if model and tool.takes_lock else nullcontext()
    try:
        with lock as lease:
            if before is not None:
                before()
            notice = started() if started is not None else None
            if notice and lease is not None:
                ctx.state.annotate(model, lease.token, notice)
            result = body()
    except UserError as exc:
        return _refused(tool.name, exc)
    except Exception as exc:  # see dispatch; the attempt is audited because something may have changed
        outcome = _failed(tool.name, exc)
        ctx.state.audit(actor=caller.user_id, surface=caller.surface, tool=tool.name, model=model,
                        args=args.model_dump(mode="json"), outcome="failed", message=outcome.message,
                        approval_id=approval_id, requested_by=requested_by)
        return outcome
    ctx.state.audit(actor=caller.user_id, surface=caller.surface, tool=tool.name, model=model,
                    args=args.model_dump(mode="json"), outcome="ok", from_version=getattr(result, "from_version", None),
                    to_version=getattr(result, "to_version", getattr(result, "version", None)),
                    approval_id=approval_id, requested_by=requested_by)
    return Outcome(tool=tool.name, status="done", result=result)


def _call(tool: Tool, args: BaseModel, ctx: Context, progress: Callable[[str], None] | None,
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
    ref = secrets.token_hex(2)
    log.exception("tool %s failed (ref %s)", tool, ref, exc_info=exc)
    return Outcome(tool=tool, status="failed", ref=ref,
                   message=f"Something went wrong (ref {ref}). The details are in the bot's log.")
