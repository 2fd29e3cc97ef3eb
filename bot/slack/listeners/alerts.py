"""An alert's buttons: the click names an incident; the action runs as the clicker, once, in the alert's thread."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.slack import actions
from bot.slack.post import ephemeral, post
from bot.slack.render import render_outcome
from bot.slack.render.escape import md, mention
from bot.slack.runtime import SlackRuntime
from pipelines.train import TrainResult
from tools.access import Caller
from tools.catalog.compare import compare
from tools.dispatch import dispatch
from tools.monitoring.actions import VERDICTS, Action, act
from tools.work.queue import Submitter

_ACTIONS: dict[str, Action] = {actions.ALERT_RETRAIN: "retrain", actions.ALERT_COMPARE: "compare",
                               actions.ALERT_SNOOZE: "snooze", actions.ALERT_WHY: "why",
                               actions.ALERT_USEFUL: "useful", actions.ALERT_NOISE: "noise"}


def register(app: Any, work: Submitter) -> None:
    for action_id in _ACTIONS:
        app.action(action_id)(_listener(work))


def _listener(work: Submitter) -> Any:
    async def clicked(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        work.submit(click, body)

    return clicked


def click(rt: SlackRuntime, body: dict[str, Any]) -> None:
    user = body["user"]["id"]
    pressed = body["actions"][0]
    action = _ACTIONS[pressed["action_id"]]
    channel = (body.get("channel") or {}).get("id") or body["container"]["channel_id"]
    thread = body["container"]["message_ts"]
    try:
        incident_id = int(pressed.get("value") or "")
    except ValueError:
        incident_id = -1
    caller = Caller(user_id=user, surface="slack", channel=channel, asked_at=_clicked_at(pressed))
    outcome = act(rt.ctx, incident_id, action, caller, executor=rt.executor)
    if outcome.status in ("refused", "failed") or action in VERDICTS:  # a verdict is told to its giver alone
        ephemeral(rt.web, channel, user, render_outcome(outcome), thread_ts=thread)
        return
    message = render_outcome(outcome)
    message.context.append(md("{} from the alert by {}", action, mention(user)))
    post(rt.web, channel, message, thread_ts=thread)
    if action == "retrain" and isinstance(outcome.result, TrainResult):
        # Retrain's point is the answer to "is it better?": compare the new challenger with production.
        compared = dispatch(rt.ctx, compare, {"model": outcome.result.model, "a": "production",
                                              "b": str(outcome.result.version)}, caller, executor=rt.executor)
        post(rt.web, channel, render_outcome(compared), thread_ts=thread)


def _clicked_at(pressed: dict[str, Any]) -> datetime | None:
    """When the button was pressed (Slack's action_ts, epoch seconds), if the payload says."""
    try:
        return datetime.fromtimestamp(float(pressed["action_ts"]), UTC)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return None
