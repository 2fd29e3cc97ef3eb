"""A question never becomes a change, whichever model answers it.

Before any model plans a turn, the offline interpreter reads the request (with what the thread settled). When it
reads only questions ("show me the deployment history", "who shipped v3?"), no call in that turn may change
anything: a mutating call the model makes anyway is held, not made, and the model is told to ask for the change in
so many words. A request the interpreter does not understand is left to the model: the guard only narrows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from tools.agent.toolkit import changes
from tools.catalog import all_tools

if TYPE_CHECKING:
    from tools.context import Context


def reads_only(ctx: Context, text: str, past: list[Any], *, today: date | None = None) -> bool:
    """Whether the interpreter reads `text` (after the thread `past`) as questions only."""
    from tools.agent.offline import recall
    from tools.agent.understand import read

    models = {name: spec.description for name, spec in ctx.config.models.items()}
    reading = read(text, models, today=today or date.today(), memory=recall(past, models))
    if reading.asks:
        return True
    if reading.problem or not reading.steps:
        return False
    tools = all_tools()
    return not any(changes(tools[step.tool], step.args, ctx.config) for step in reading.steps if step.tool in tools)
