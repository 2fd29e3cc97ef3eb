"""App Home: models, production and challenger versions with their primary metric, and open alerts."""

from __future__ import annotations

from typing import Any

from bot.slack.render import render, render_outcome
from bot.slack.render.escape import Text, channel, join, md
from bot.slack.render.message import Message, Section
from bot.slack.runtime import SlackRuntime
from tools.access import Caller
from tools.catalog.alerts import AlertsOut, alerts
from tools.catalog.models import list_models
from tools.dispatch import dispatch
from tools.work.queue import Submitter


def register(app: Any, work: Submitter) -> None:
    @app.event("app_home_opened")
    async def opened(event: dict[str, Any]) -> None:
        if event.get("tab", "home") == "home":
            work.submit(publish, event["user"])


def publish(rt: SlackRuntime, user: str) -> None:
    outcome = dispatch(rt.ctx, list_models, {}, Caller(user_id=user, surface="slack"), executor=rt.executor)
    message = render(outcome.result) if outcome.result is not None else render_outcome(outcome)
    message.title = "mlops: models"
    message.sections.append(Section(text=_open_alerts(rt, user)))
    message.context.append("Use `/mlops help` in any channel the bot is in.")
    rt.web.views_publish(user_id=user, view={"type": "home", "blocks": _home_blocks(message)})


def _open_alerts(rt: SlackRuntime, user: str) -> Text:
    from bot.slack.render.monitoring import incident_line
    outcome = dispatch(rt.ctx, alerts, {}, Caller(user_id=user, surface="slack"))
    if not isinstance(outcome.result, AlertsOut):
        return md("*Open alerts*\n{}", render_outcome(outcome).summary)
    if not outcome.result.incidents:
        return "*Open alerts*\nNone. Drift and degradation alerts from `/mlops monitor` appear here."
    shown = outcome.result.incidents[:15]
    lines = [md("{}{}", incident_line(i), md(" · {}", channel(i.channel)) if i.channel and i.channel[:1] in "CG" else "")
             for i in shown]
    more = len(outcome.result.incidents) - len(shown)
    return md("*Open alerts*\n{}{}", join("\n", lines), f"\n…and {more} more: `/mlops alerts`" if more > 0 else "")


def _home_blocks(message: Message) -> list[dict[str, Any]]:
    return message.to_blocks()[:100]  # Home tabs allow 100 blocks
