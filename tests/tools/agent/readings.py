"""What the readings tests share: the demo models, the eval sets' today, and reading a request (alone or in a thread)."""

from __future__ import annotations

from datetime import date
from typing import Any

from langchain_core.messages import messages_from_dict

from tools.agent.evaluation import history
from tools.agent.offline import recall
from tools.agent.understand import Memory, read

MODELS = {"cancer": "Breast cancer diagnosis (binary)", "wine": "Wine cultivar (multiclass)",
          "diabetes": "Diabetes progression (regression)"}
TODAY = date(2026, 12, 5)


def steps(text: str, memory: Memory | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The calls planned for a request, as (tool, args)."""
    return [(s.tool, s.args) for s in read(text, MODELS, today=TODAY, memory=memory).steps]


def thread(*items: dict[str, Any]) -> Memory:
    """The thread memory of eval-set context messages (user / tool / assistant), as the agent recalls it."""
    return recall(messages_from_dict(history(list(items))), MODELS)
