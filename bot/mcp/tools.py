"""The registry as MCP tools: each registry tool listed once, generically, and every call sent through `dispatch`.

Nothing here decides anything: validation, roles, approvals and audit happen in `dispatch`, as for a slash command.
What a call returns is the rendered text a person would read in the terminal, plus the outcome as structured
content; a change comes back as its approval id and the exact change, and waits for a person.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import mcp_types as types

    from tools.access import Caller
    from tools.context import Context
    from tools.outcome import Outcome
    from tools.registry import Tool
    from tools.work.executor import Executor

log = logging.getLogger("mlops.mcp")
WAITING = ("Not done yet: this change waits for a person with the {role} role to approve it{where}, or in a "
           "terminal: mlops-bot approve {id}. Poll it with the approval tool (approval_id={id}); it expires at "
           "{expires:%H:%M} UTC.")


def listed(ctx: Context) -> list[types.Tool]:
    """Every registry tool, in the catalog's order: its name, description, input schema and behaviour hints."""
    import mcp_types as types

    from tools.agent.toolkit import schema
    from tools.catalog import all_tools

    return [types.Tool(name=spec.name, description=description(spec), input_schema=schema(spec, ctx),
                       annotations=annotations(spec)) for spec in all_tools().values()]


def description(spec: Tool) -> str:
    if not spec.mutates:
        return spec.description
    return (f"{spec.description} Over MCP it changes nothing by itself: it returns an approval id and the exact "
            f"change, and a person with the {spec.role} role approves it (Slack button or `mlops-bot approve ID`); "
            "poll it with the approval tool.")


def annotations(spec: Tool) -> types.ToolAnnotations:
    """Read from the registry: a tool that never mutates is read-only (and so idempotent); one the registry makes
    ask for confirmation (deploy, rollback, monitor, abtest, unlock) may be destructive; other changes (train, tune,
    snooze, cancel) only add."""
    import mcp_types as types

    if not spec.mutates:
        return types.ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True)
    return types.ToolAnnotations(read_only_hint=False, destructive_hint=spec.needs_confirmation)


def call(ctx: Context, name: str, arguments: dict[str, Any], caller: Caller, *,
         executor: Executor | None) -> types.CallToolResult:
    """One tool call for `caller`, through dispatch (blocking: run it on a worker thread)."""
    import mcp_types as types

    from bot.mcp.slack import announce
    from tools.dispatch import dispatch
    from tools.errors import failure

    try:
        outcome = dispatch(ctx, name, arguments, caller, executor=executor)
        where = announce(ctx, outcome) if outcome.status == "needs_approval" else None
        return result(outcome, posted_in=where)
    except Exception as exc:  # dispatch maps its own errors; this is posting or rendering gone wrong
        told = failure(exc, log=log, doing=f"mcp call {name}")
        return types.CallToolResult(content=[types.TextContent(text=told.message)], is_error=True,
                                    structured_content={"status": "failed", "message": told.message, "ref": told.ref})


def result(outcome: Outcome, *, posted_in: str | None = None) -> types.CallToolResult:
    """What the client reads: the text a person would, the outcome as data; refusals and failures as errors."""
    import mcp_types as types

    from tools.agent.redact import redact

    data: dict[str, Any] = json.loads(redact(outcome.model_dump_json()))
    text = _text(outcome)
    if outcome.status == "needs_approval" and outcome.approval is not None:
        request = outcome.approval
        where = f" with the Approve button in Slack ({posted_in})" if posted_in else ""
        text += "\n\n" + WAITING.format(role=_role_needed(request.tool, request.args), where=where,
                                        id=request.approval_id, expires=request.expires_at)
        data["approval_id"] = request.approval_id
        data["posted_in"] = posted_in
    return types.CallToolResult(content=[types.TextContent(text=redact(text))], structured_content=data,
                                is_error=outcome.status in ("refused", "failed"))


def _text(outcome: Outcome) -> str:
    from bot.slack.render import render_outcome

    try:
        return render_outcome(outcome).to_text()
    except LookupError:  # a result with no renderer yet: its fields, as they are
        return outcome.result.model_dump_json(indent=2) if outcome.result is not None else outcome.message or "Done."


def _role_needed(tool: str, args: dict[str, Any]) -> str:
    from tools.catalog import all_tools

    spec = all_tools().get(tool)
    if spec is None:
        return "right"
    try:
        return spec.required_role(spec.input.model_validate(args))
    except ValueError:
        return spec.role
