"""A snooze read against the thread: its span changed right after it was set ("actually make it 3 days", "make that 5h
instead", "fine, 30 days then" after one refused for its length), and the models it is for picked from the thread's
alerts listing ("snooze the low one's model", "the model that has the high one", "snooze both models")."""

from __future__ import annotations

import re

from tools.agent.understanding import slots
from tools.agent.understanding.intents import negated
from tools.agent.understanding.reading import Memory, Reading, Step
from tools.agent.understanding.threads import records

# What may stand before a new span (filler, "make it", "change that to", "let's say") and after it ("instead", "then")
_FILLER = (r"(?:actually|ok(?:ay)?|fine|no|nah|nope|sorry|hmm+|well|yeah|yes|sure|oh|wait|ah|so|and|but|please|pls|just"
           r"|then|on\s+second\s+thought|scratch\s+that|my\s+bad)")
_CHANGE = (r"(?:(?:can\s+you\s+|could\s+you\s+|let'?s\s+)?(?:make|change|set|extend|shorten|cut|bump|turn|move|update"
           r"|push)\s+(?:it|that|this|the\s+(?:snooze|mute)|them)\s+(?:back\s+)?(?:(?:to|for|down\s+to|up\s+to|out\s+to)"
           r"\s+)?)")
_OFFER = r"(?:(?:let'?s\s+)?(?:do|say|go\s+(?:with|for)|how\s+about|what\s+about|try|use)\s+|for\s+|only\s+|just\s+)"
_BEFORE = re.compile(rf"\W*(?:{_FILLER}\W+)*(?:{_CHANGE}|{_OFFER})?(?:the\s+)?")
_AFTER = re.compile(r"(?:\s+(?:instead|then|please|pls|rather|max|tops|is\s+fine|will\s+do|is\s+enough|is\s+plenty|then"
                    r"|it\s+is|is\s+better|thanks|thx|ty))*\W*")


def span_changed(body: str, new_model: str | None, memory: Memory) -> Reading | None:
    """The thread's snooze (set, or refused for its length) set again for the span `body` gives alone, on its own
    model or the one now named; None when `body` says more than a new span."""
    if not memory.last or memory.last[0] != "snooze":
        return None
    said = slots.SPAN_ALONE.search(body)
    if said is None or negated(body, said.start()) or not _BEFORE.fullmatch(body[:said.start()]) or not _AFTER.fullmatch(
            body[said.end():]):
        return None
    model = new_model or memory.last[1].get("model") or memory.model
    duration = slots.span_alone(said)
    return Reading(steps=[Step("snooze", {"model": model, **({"duration": duration} if duration not in ("24h", "1d")
                                                             else {})})])


_BOTH = re.compile(r"\b(?:both(?:\s+(?:of\s+)?(?:them|those|these|models|of\s+the\s+models))?|(?:them|those)\s+both"
                   r"|(?:the|those|these)\s+two(?:\s+models)?)\b")


def models_pointed(said: str, memory: Memory) -> list[str]:
    """The models of the thread's alerts listing a request names by its incidents: the one whose incident it picks
    ("the low one's model", "the model that has the worst one"), or both when the listing was of two models ("snooze
    both models for 1h"); none when it picks none."""
    models = list(dict.fromkeys(r.model for r in memory.rows if r.model))
    if len(models) == 2 and _BOTH.search(said):
        return models
    # a pointer may start at any determiner: "the model that has the low one" is not "that has the low one"
    picked = next((p for at in [0, *(m.start() for m in re.finditer(r"\b(?:the|that|this)\b", said))]
                   if (p := records.picked(said, at, len(said), memory, []))), None)
    model = next((r.model for r in memory.rows if picked and r.incident == picked.value), "")
    return [model] if model else []
