"""`/mlops …`: parse, ack and hand the work to our pool, in a middleware of its own.

A Bolt listener would cost, on every command, the listener matching and two keyword-argument injections (the
matcher's and the listener's): about a third of a bare Bolt app's whole dispatch (bench_ack_dispatch.py). Answering
here, after Bolt's signature check and authorization (its built-in middleware runs first) and our replay guard,
skips that path and leaves the ack nothing but parse, answer and hand-over.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.response import BoltResponse

from bot.slack.render.escape import escape
from bot.slack.replies import run_call
from pipelines.errors import UserError
from tools.catalog import all_tools
from tools.parse import parse
from tools.work.queue import Submitter

COMMAND = "/mlops"


def register(app: Any, work: Submitter) -> None:
    app.use(SlashCommand(work))


class SlashCommand(AsyncMiddleware):
    """Answers `/mlops …` itself; every other request goes on to the listeners."""

    def __init__(self, work: Submitter) -> None:
        self._work = work

    async def async_process(self, *, req: Any, resp: Any, next: Any) -> Any:  # noqa: A002 - Bolt's name
        if req.body.get("command") != COMMAND:
            return await next()
        return BoltResponse(status=200, body=self.answer(req.body))

    def answer(self, command: dict[str, Any]) -> dict[str, str]:
        """The ack's message (to the command's author only); a command that parses is handed over first."""
        text = (command.get("text") or "").strip()
        try:
            call = parse(text)
        except UserError as exc:  # a malformed command is answered in the ack itself
            return {"response_type": "ephemeral", "text": f":warning: {escape(exc)}"}
        self._work.submit(run_call, call, text=text or "help", channel=command["channel_id"], user=command["user_id"],
                          quick=all_tools()[call.tool].inline)
        return {"response_type": "ephemeral", "text": f"Working on `/mlops {escape(text or 'help')}`…"}
