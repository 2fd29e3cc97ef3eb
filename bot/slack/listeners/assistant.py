"""The assistant panel: Bolt's Assistant middleware routes its events here; each is acked and handed over."""

from __future__ import annotations

from typing import Any

from tools.work.queue import Submitter


def register(app: Any, work: Submitter) -> None:
    from slack_bolt.async_app import AsyncAssistant

    from bot.slack import assistant as panel

    assistant = AsyncAssistant()

    @assistant.thread_started
    async def started(payload: dict[str, Any]) -> None:
        work.submit(panel.started, payload, quick=True)

    @assistant.thread_context_changed
    async def context_changed(payload: dict[str, Any]) -> None:
        work.submit(panel.context_changed, payload, quick=True)

    @assistant.user_message
    async def user_message(body: dict[str, Any], payload: dict[str, Any]) -> None:
        work.submit(panel.reply, body.get("event_id", ""), {**payload, "team": body.get("team_id")})

    @app.action(panel.FEEDBACK_UP)
    async def useful(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        work.submit(panel.record_feedback, body, True, quick=True)

    @app.action(panel.FEEDBACK_DOWN)
    async def not_useful(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        work.submit(panel.record_feedback, body, False, quick=True)

    app.use(_events_only(assistant))


def _events_only(assistant: Any) -> Any:
    """Bolt's Assistant middleware matches its listeners (with keyword-argument injection) on every request: about
    a fifth of a slash command's ack CPU. Its listeners are all Events API events, so anything else skips it."""
    from slack_bolt.middleware.async_middleware import AsyncMiddleware
    from slack_bolt.request.payload_utils import is_event

    class EventsOnly(AsyncMiddleware):
        async def async_process(self, *, req: Any, resp: Any, next: Any) -> Any:  # noqa: A002 - Bolt's name
            if is_event(req.body):
                return await assistant.async_process(req=req, resp=resp, next=next)
            return await next()

    return EventsOnly()
