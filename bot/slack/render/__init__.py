"""Results as Messages (Block Kit for Slack, text for the terminal): the renderers, registered by importing them.

The renderers live by job: lifecycle (train, evaluate, compare, status…), promote (deploy, rollback, approvals),
jobs (tune, cancel, unlock), drift, features (Feast: materialize, skew), monitoring, online and alerts. None of them escapes anything: a Message is
escaped for Slack in one place (message.py), and our own markup is `Mrkdwn` (escape.py).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from bot.slack.render import drift, features, jobs, lifecycle, monitoring, online, promote  # noqa: F401 - registration
from bot.slack.render.message import Message
from bot.slack.render.registry import RENDERERS, render

if TYPE_CHECKING:
    from tools.outcome import Outcome

__all__ = ["RENDERERS", "as_json", "render", "render_outcome"]


def render_outcome(outcome: Outcome) -> Message:
    if outcome.status == "needs_approval" and outcome.approval is not None:
        return promote.render_approval(outcome.approval)
    if outcome.status in ("refused", "failed"):
        title = "Not done" if outcome.status == "refused" else "Something went wrong"
        return Message(title=title, summary=f":warning: {outcome.message}", ephemeral=True)
    if outcome.result is None:
        return Message(title=outcome.tool, summary=outcome.message or "Done.")
    return render(outcome.result)


def as_json(outcome: Outcome) -> str:
    if outcome.status in ("refused", "failed"):
        return json.dumps({"error": outcome.message, "code": outcome.code or outcome.status, "ref": outcome.ref})
    payload = outcome.result if outcome.result is not None else outcome.approval
    return payload.model_dump_json(indent=2, exclude={"bootstrap_deltas"}) if payload else "{}"
