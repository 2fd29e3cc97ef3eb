"""An alert's buttons: the click names an incident; the action runs as the clicker, once, in the alert's thread."""

from __future__ import annotations

from typing import Any

from bot.post import ephemeral, post
from bot.render.alerts import COMPARE_ACTION, RETRAIN_ACTION, SNOOZE_ACTION
from bot.render.escape import md, mention
from bot.render.results import render_outcome
from bot.runtime import Runtime
from bot.task import Submitter
from pipelines.train import TrainResult
from bot.work import execute, runner
from tools.access import Caller
from tools.incident_actions import Action, act

_ACTIONS: dict[str, Action] = {RETRAIN_ACTION: "retrain", COMPARE_ACTION: "compare", SNOOZE_ACTION: "snooze"}


def register(app: Any, work: Submitter) -> None:
    for action_id in _ACTIONS:
        app.action(action_id)(_listener(work))


def _listener(work: Submitter) -> Any:
    async def clicked(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        work.submit(click, body)

    return clicked


def click(rt: Runtime, body: dict[str, Any]) -> None:
    user = body["user"]["id"]
    pressed = body["actions"][0]
    action = _ACTIONS[pressed["action_id"]]
    channel = (body.get("channel") or {}).get("id") or body["container"]["channel_id"]
    thread = body["container"]["message_ts"]
    try:
        incident_id = int(pressed.get("value") or "")
    except ValueError:
        incident_id = -1
    caller = Caller(user_id=user, surface="slack", channel=channel)
    # The action runs where slash commands run (the executor), so a Retrain from an alert never works in the web process.
    outcome = act(rt.ctx, incident_id, action, caller, run=runner(rt))
    if outcome.status in ("refused", "failed"):
        ephemeral(rt.web, channel, user, render_outcome(outcome), thread_ts=thread)
        return
    message = render_outcome(outcome)
    message.context.append(md("{} from the alert by {}", action, mention(user)))
    post(rt.web, channel, message, thread_ts=thread)
    if action == "retrain" and isinstance(outcome.result, TrainResult):
        # Retrain's point is the answer to "is it better?": compare the new challenger with production.
        compared = execute(rt, "compare", {"model": outcome.result.model, "a": "production",
                                           "b": str(outcome.result.version)}, caller)
        post(rt.web, channel, render_outcome(compared), thread_ts=thread)
