"""`feedback`: how useful people found the agent's answers (👍/👎 in Slack), per intent, over a period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, Field

from tools.context import Context
from tools.inputs import ToolInput
from tools.registry import tool


class FeedbackIn(ToolInput):
    days: int = Field(30, ge=1, le=365, description="how many days back")


class IntentFeedback(BaseModel):
    intent: str  # the first tool the agent called for the request, "none" when it called none
    useful: int
    not_useful: int

    @property
    def rate(self) -> float | None:
        total = self.useful + self.not_useful
        return self.useful / total if total else None


class FeedbackOut(BaseModel):
    days: int
    intents: list[IntentFeedback]  # most answered first


@tool("feedback", doing="reading the feedback", input=FeedbackIn, result=FeedbackOut, usage="feedback [days=30]",
      description="How useful people found the agent's answers (👍/👎 in Slack), per intent: where it misreads.",
      examples=("feedback", "feedback days=7"))
def feedback(args: FeedbackIn, ctx: Context) -> FeedbackOut:
    since = datetime.now(UTC) - timedelta(days=args.days)
    counts: dict[str, list[int]] = {}
    for entry in ctx.state.audit_trail(tool="agent_feedback", since=since, limit=100_000):
        tally = counts.setdefault(str(entry.args.get("intent") or "none"), [0, 0])
        tally[0 if entry.args.get("useful") else 1] += 1
    intents = [IntentFeedback(intent=k, useful=u, not_useful=n) for k, (u, n) in counts.items()]
    intents.sort(key=lambda i: (-(i.useful + i.not_useful), i.intent))
    return FeedbackOut(days=args.days, intents=intents)
