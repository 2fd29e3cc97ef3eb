"""The registry as LangChain tools: each registry tool wrapped once, generically, calling `dispatch` as the caller.

A wrapper never decides anything itself: validation, roles, approvals and audit all happen in `dispatch`, so the
agent gets exactly the rights of the person who asked. What a call returns to the model is a short JSON text
(status, the result's headline fields, or the refusal); the full Outcome is kept on the Turn for the surface to
render with the same renderers as a slash command.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from tools.access import Caller
from tools.agent.redact import redact
from tools.catalog import all_tools
from tools.context import Context
from tools.dispatch import dispatch
from tools.outcome import Outcome
from tools.parse import ToolCall
from tools.registry import Tool

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from tools.work.executor import Executor

HELD = ("Not done: this request reads as a question, so nothing may change in this turn. Answer it, and if a "
        "change is wanted, ask the person to request it in so many words.")
MAX_FIELD_CHARS = 600  # a result field longer than this (per-feature tables, bootstrap samples) stays out


@dataclass
class Turn:
    """What one request did: the calls the model made and their outcomes, plus the surface's hooks."""

    dry_run: bool = False
    calls: list[ToolCall] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    on_call: Callable[[ToolCall], None] | None = None  # status line while it works
    approve: Callable[[Outcome], Outcome] | None = None  # the terminal asks inline; Slack posts buttons instead
    progress: Callable[[str], None] | None = None
    executor: Executor | None = None  # where the calls run: the surface's, as for a slash command
    assume: dict[str, dict[str, Any]] = field(default_factory=dict)  # a dry-run call's result, by tool
    reads_only: bool = False  # the request is a question: no call in this turn may change anything
    held: list[ToolCall] = field(default_factory=list)  # changes the model tried on a question, not made


# The turn a tool call belongs to. Tools are made once per agent, not per turn (making the agent is most of what a
# turn of the offline interpreter costs), so the caller and the turn's hooks travel in a context variable, which
# LangChain copies into the threads that run tool calls.
_ACTIVE: ContextVar[tuple[Caller, Turn] | None] = ContextVar("mlops_agent_turn", default=None)


@contextmanager
def acting(caller: Caller, turn: Turn) -> Iterator[None]:
    """Tool calls made inside this block act as `caller`, for `turn`."""
    token = _ACTIVE.set((caller, turn))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def registry_tools(ctx: Context) -> list[BaseTool]:
    """One LangChain tool per registry tool; the agent has no other tool. A call acts for the turn in `acting`."""
    return [_wrap(spec, ctx) for spec in all_tools().values()]


def describe(spec: Tool) -> str:
    text = spec.description
    if spec.mutates:
        text += " Needs approval: calling it only posts an Approve / Cancel request for a permitted person."
    return text


def schema(spec: Tool, ctx: Context) -> dict[str, Any]:
    """The input model's JSON schema, with the configured model names as choices."""
    return json.loads(_schema_text(spec.input, tuple(sorted(ctx.config.models))))


@cache
def _schema_text(inputs: type[Any], models: tuple[str, ...]) -> str:
    """Built once per input model and set of model names: pydantic takes ~2 ms a schema, and every turn needs all."""
    raw = inputs.model_json_schema()
    model = raw.get("properties", {}).get("model")
    if model is not None:
        model["enum"] = list(models)
    return json.dumps(raw)


def observation(outcome: Outcome) -> str:
    """What the model reads back: status and the result's small fields, as JSON; never a traceback."""
    data: dict[str, Any] = {"tool": outcome.tool, "status": outcome.status}
    if outcome.message:
        data["message"] = outcome.message
    if outcome.approval is not None:
        plan = outcome.approval.plan
        data["approval"] = {"id": outcome.approval.approval_id, "args": outcome.approval.args,
                            "to_version": getattr(plan, "to_version", None)}
        data["note"] = "Not run: an Approve / Cancel request waits for a person with the right role."
    if outcome.result is not None:
        data["result"] = compact(outcome.result.model_dump(mode="json"))
    return redact(json.dumps(data, default=str))


def compact(result: dict[str, Any]) -> dict[str, Any]:
    kept = {}
    for key, value in result.items():
        if isinstance(value, (dict, list)) and len(json.dumps(value, default=str)) > MAX_FIELD_CHARS:
            continue
        kept[key] = value
    return kept


def changes(spec: Tool, args: dict[str, Any], config: Any) -> bool:
    """Whether a call would change something: a mutating tool, unless these arguments only look (monitor <model>
    shows its settings, abtest <model> reports). Arguments it cannot read count as a change."""
    if not spec.mutates:
        return False
    try:
        parsed = spec.input.model_validate(args, context={"config": config})
    except ValueError:
        return True
    return spec.mutates_with(parsed) and not (spec.reads_only is not None and spec.reads_only(parsed))


def _wrap(spec: Tool, ctx: Context) -> BaseTool:
    # args_schema as a plain JSON schema: the model sees the fields, and `dispatch` (not LangChain) validates,
    # so a bad argument comes back as the same usage sentence a slash command gets.
    return _tool_class()(name=spec.name, description=describe(spec), spec=spec, ctx=ctx, args_schema=schema(spec, ctx))


@cache
def _tool_class() -> type[BaseTool]:
    """The one LangChain tool class, made on first use (LangChain is a heavy import) and not once per tool and turn:
    making a pydantic class is most of what a turn of the offline interpreter would otherwise cost."""
    from langchain_core.tools import BaseTool

    class RegistryTool(BaseTool):
        spec: Any
        ctx: Any

        def _run(self, *args: Any, **kwargs: Any) -> str:
            kwargs.pop("run_manager", None)
            active = _ACTIVE.get()
            if active is None:  # a tool called outside a turn has no caller, so no rights: never guess one
                raise RuntimeError(f"{self.spec.name} was called outside an agent turn")
            caller, turn = active
            return _call(self.spec, self.ctx, caller, turn, kwargs)

    return RegistryTool


def _call(spec: Tool, ctx: Context, caller: Caller, turn: Turn, kwargs: dict[str, Any]) -> str:
    call = ToolCall(tool=spec.name, args=kwargs)
    if turn.reads_only and changes(spec, kwargs, ctx.config):
        turn.held.append(call)
        return json.dumps({"tool": spec.name, "status": "refused", "message": HELD})
    turn.calls.append(call)
    if turn.on_call is not None:
        turn.on_call(call)
    if turn.dry_run:
        dry = {"tool": spec.name, "status": "dry_run", "args": kwargs, "note": "Dry run: nothing was executed."}
        if spec.name in turn.assume:
            dry["result"] = {"model": kwargs.get("model"), **turn.assume[spec.name]}
        return json.dumps(dry, default=str)
    outcome = dispatch(ctx, spec, kwargs, caller, executor=turn.executor, progress=turn.progress)
    if outcome.status == "needs_approval" and turn.approve is not None:
        outcome = turn.approve(outcome)
    turn.outcomes.append(outcome)
    return observation(outcome)
