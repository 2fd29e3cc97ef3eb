"""Approvals asked outside Slack, shown in Slack: posted to the model's channel when Slack is configured, and the
message updated when a terminal decides it.

The posted message is the one a slash command's deploy posts (the same renderer, the same Approve / Cancel
buttons), attached to the approval, so a click in Slack is handled by `serve` exactly as any other. Slack being
down never loses the approval: it stays pending, the log says why, and a terminal can still decide it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.context import Context
    from tools.outcome import Outcome

log = logging.getLogger("mlops.mcp")


def announce(ctx: Context, outcome: Outcome) -> str | None:
    """Post a new approval to its model's channel; the channel it went to, or None (no Slack, no channel, or the
    post failed: logged)."""
    request = outcome.approval
    web = _web()
    channel = channel_for(ctx, request.model if request else None)
    if request is None or web is None or channel is None:
        return None
    from bot.slack.post import post_in_channel
    from bot.slack.render import render_outcome

    message = render_outcome(outcome)
    message.context.append(f"asked over MCP · or in a terminal: mlops-bot approve {request.approval_id}")
    try:
        ts, channel_id = post_in_channel(web, channel, message)
    except Exception:  # Slack refused or is unreachable: the approval itself stands
        log.exception("could not post approval %s to %s", request.approval_id, channel)
        return None
    if ts:
        ctx.state.attach_message(request.approval_id, channel=channel_id, message_ts=ts)
    return channel


def settle(ctx: Context, approval_id: str, outcome: Outcome, *, approved: bool, by: str) -> None:
    """After a terminal decided an approval that was posted in Slack: the message says what came of it, and its
    buttons go (as after a click)."""
    approval = ctx.state.approval(approval_id)
    web = _web()
    if web is None or not approval.channel or not approval.message_ts:
        return
    from bot.slack.post import update
    from bot.slack.render import render_outcome
    from bot.slack.render.message import Message

    if outcome.status in ("refused", "failed") and approval.status == "pending":
        return  # nothing was decided: the message and its buttons stay
    if not approved:
        message = Message(title="Cancelled", summary=f":no_entry_sign: Rejected by {by} in a terminal; nothing was "
                                                     "changed.")
    else:
        message = render_outcome(outcome)
        message.ephemeral = False
        message.context.append(f"approved by {by} in a terminal")
    try:
        update(web, approval.channel, approval.message_ts, message)
    except Exception:  # the decision stands whatever Slack says
        log.exception("could not update the Slack message of approval %s", approval_id)


def channel_for(ctx: Context, model: str | None) -> str | None:
    """Where a model's approvals go: its monitor's channel (as changed in Slack, else as configured), else
    `[mcp] channel`."""
    if model is not None:
        stored = ctx.state.monitor(model)
        if stored is not None and stored.settings.channel:
            return stored.settings.channel
        spec = ctx.config.models.get(model)
        if spec is not None and spec.monitor is not None and spec.monitor.channel:
            return spec.monitor.channel
    return ctx.config.mcp.channel


def _web() -> Any:
    """A Slack client when the environment configures Slack as for `serve`, else None."""
    from pydantic import ValidationError

    from bot.slack.runtime import web_client
    from bot.slack.settings import SlackSettings

    try:
        settings = SlackSettings()
    except ValidationError:
        return None
    return web_client(settings)
