"""Plan preview: a request that chains several tool calls shows its plan first ("1. train cancer · 2. compare
cancer with production · 3. if better, deploy"), with Run / Cancel. Nothing runs before Run; one Run carries out
the plan as the person who clicked (each step checked against their role at dispatch), and deploy or rollback
still ask for their own approval. A plan is used once: a second click, or one on another replica, does nothing.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from bot.slack.post import ephemeral, post, update
from bot.slack.render.escape import md, mention
from bot.slack.render.message import Button, Message
from bot.slack.runtime import SlackRuntime
from tools.catalog import all_tools
from tools.parse import ToolCall

log = logging.getLogger("mlops.slack")
RUN, CANCEL = "mlops_plan_run", "mlops_plan_cancel"
_CONDITIONAL = ("deploy",)  # after a compare, a deploy is proposed only if the challenger is better


def plan_key(plan_id: str) -> str:
    return f"plan:{plan_id}"


def offer(rt: SlackRuntime, calls: list[ToolCall], *, text: str, channel: str, user: str, thread: str) -> None:
    """Post the plan with Run / Cancel and keep the request until someone decides."""
    plan_id = secrets.token_hex(6)
    rt.ctx.state.remember(plan_key(plan_id), [{"text": text, "user": user, "channel": channel, "thread": thread}])
    post(rt.web, channel, Message(
        title="Plan", summary=md("{} asked: {}\n{}", mention(user), text, describe(calls)),
        context=["Nothing runs until Run. Each step is checked against the role of whoever clicks Run; a deploy or "
                 "rollback still asks for its own approval."],
        buttons=[Button(text="Run", action_id=RUN, value=plan_id, style="primary"),
                 Button(text="Cancel", action_id=CANCEL, value=plan_id)]), thread_ts=thread)


def describe(calls: list[ToolCall]) -> str:
    lines = []
    for number, call in enumerate(calls, 1):
        tool = all_tools().get(call.tool)
        verb = tool.verb if tool else call.tool
        args = " ".join(f"{k}={v}" for k, v in call.args.items() if k != "model" and v not in (None, "", {}))
        model = call.args.get("model", "")
        after_compare = any(c.tool == "compare" for c in calls[: number - 1])
        condition = "if better, " if call.tool in _CONDITIONAL and after_compare else ""
        lines.append(f"{number}. {condition}{verb} {model} {args}".rstrip())
    return "\n".join(lines)


def decide(rt: SlackRuntime, body: dict[str, Any], run: bool) -> None:
    from bot.slack.conversation import run_approved_plan

    user = body["user"]["id"]
    plan_id = body["actions"][0]["value"]
    channel = (body.get("channel") or {}).get("id") or body["container"]["channel_id"]
    ts = body["container"]["message_ts"]
    stored = rt.ctx.state.recall(plan_key(plan_id), limit=1)
    if not stored:
        ephemeral(rt.web, channel, user, Message(title="Not done", summary="This plan is unknown; ask again."))
        return
    if not rt.ctx.state.first_sighting(plan_key(plan_id)):  # one decision per plan, across replicas
        ephemeral(rt.web, channel, user, Message(title="Not done", summary="This plan was already decided."))
        return
    request = stored[-1]
    if not run:
        update(rt.web, channel, ts, Message(title="Plan cancelled",
                                            summary=md(":no_entry_sign: Cancelled by {}; nothing was run.",
                                                       mention(user))))
        return
    update(rt.web, channel, ts, Message(title="Plan running", summary=md(":gear: {} clicked Run: {}", mention(user),
                                                                         request["text"])))
    run_approved_plan(rt, request["text"], channel=channel, user=user, thread=request["thread"])
