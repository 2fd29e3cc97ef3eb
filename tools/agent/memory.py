"""Thread memory for the agent: a conversation key per thread, and notes of approvals decided after the turn.

The messages live in the state DB (`tools/state/memory.py`) as plain dicts, so a restarted bot (or another
replica) picks the conversation up where it was: "now ship it" still means the version this thread trained.
"""

from __future__ import annotations

import logging

from tools.agent.offline import NOTE_NAME
from tools.agent.toolkit import observation
from tools.context import Context
from tools.outcome import Outcome

log = logging.getLogger("mlops.agent")


def slack_thread(channel: str, thread_ts: str) -> str:
    return f"slack:{channel}:{thread_ts}"


def note_decision(ctx: Context, approval_id: str, outcome: Outcome, *, approved: bool, by: str) -> None:
    """Tell the thread that proposed `approval_id` what came of it; a no-op for approvals from elsewhere."""
    from langchain_core.messages import HumanMessage, messages_to_dict

    try:
        thread = ctx.state.thread_of_approval(approval_id)
        if thread is None:
            return
        decision = "approved" if approved else "cancelled"
        content = f"Update from the bot (not a request): {by} {decision} approval {approval_id}:" + observation(outcome)
        ctx.state.remember(thread, messages_to_dict([HumanMessage(content=content, name=NOTE_NAME)]))
    except Exception:  # memory is a convenience: losing a note must not lose the decision's own reply
        log.exception("could not note the decision on %s", approval_id)

