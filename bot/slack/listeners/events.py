"""Mentions and DMs go to the agent and are answered in their thread; a retried delivery is answered once.
A plan preview's Run / Cancel buttons come back here too."""

from __future__ import annotations

from typing import Any

from tools.work.queue import Submitter


def register(app: Any, work: Submitter) -> None:
    from bot.slack.conversation import answer

    register_plans(app, work)

    @app.event("app_mention")
    async def mention(body: dict[str, Any], event: dict[str, Any]) -> None:
        work.submit(answer, body.get("event_id", ""), event)

    @app.event("message")
    async def direct_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("channel_type") == "im" and not event.get("bot_id") and not event.get("subtype"):
            work.submit(answer, body.get("event_id", ""), event)


def register_plans(app: Any, work: Submitter) -> None:
    from bot.slack import plans

    @app.action(plans.RUN)
    async def run(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        work.submit(plans.decide, body, True)

    @app.action(plans.CANCEL)
    async def cancel(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        work.submit(plans.decide, body, False, quick=True)
