"""`/mlops …`: ack at once, parse, and hand the work to our pool."""

from __future__ import annotations

from typing import Any

from bot.slack.render.escape import escape
from bot.slack.replies import run_call
from pipelines.errors import UserError
from tools.catalog import all_tools
from tools.parse import parse
from tools.work.queue import Submitter

COMMAND = "/mlops"


def register(app: Any, work: Submitter) -> None:
    @app.command(COMMAND)
    async def slash(ack: Any, command: dict[str, Any]) -> None:
        text = (command.get("text") or "").strip()
        try:
            call = parse(text)
        except UserError as exc:  # a malformed command is answered in the ack itself, only to its author
            await ack(response_type="ephemeral", text=f":warning: {escape(exc)}")
            return
        await ack(response_type="ephemeral", text=f"Working on `/mlops {escape(text or 'help')}`…")
        work.submit(run_call, call, text=text or "help", channel=command["channel_id"], user=command["user_id"],
                  quick=all_tools()[call.tool].inline)
