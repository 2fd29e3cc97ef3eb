"""Feature skew said in other words: what the online store served held against the offline features.

People say "training/serving skew", "are the online features matching the offline ones?", "any mismatch between
served and offline features?", "is Feast serving different values than offline?". A change word beside it
("materialize the features to the online store") is the change, read before these.
"""

from __future__ import annotations

import re

# Served (online) against offline, either way round, within one clause; or skew named (a read cue of `intents`)
SKEW = re.compile(r"\bskew\w*|\bsekw\b|\btrain(?:ing)?[-/\s]+serv(?:e|ing)\b"
                   r"|\b(?:online|served|serving)\b.{0,60}?\b(?:offline|feast)\b|\b(?:offline|feast)\b.{0,60}?\b(?:online"
                   r"|served|serving)\b"
                   # "between served and | offline features": the pair cut in two at its "and", each half still says it
                   r"|\b(?:online|served|serving)\s+(?:and|&|vs\.?|versus)\W*$|^\W*(?:the\s+)?(?:offline|feast)\s+(?:features?"
                   r"|values|ones|store|side)\b")



# What the serving side shows when its online store is behind, told as the reason for a request beside it ("serving
# gives nulls for entity keys", "the prediction service can't find fresh features", "the online store still has last
# week's values"): a statement, not a skew check or a drift check of its own
_SERVING_SIDE = re.compile(r"\b(?:online\s+(?:feature\s+)?(?:store|features?|values|rows)|feast|serving|served|prediction"
                           r"\s+(?:service|server|api|endpoint)|entity[-\s]?keys?|features?)\b")
_BEHIND = re.compile(r"\b(?:nulls?|nans?|none\s+values|empty|blank|stale|missing|outdated|out\s+of\s+date|old\s+values"
                     r"|(?:can'?t|cannot|couldn'?t|can\s+not)\s+find|not\s+found|fail\w*|still\s+(?:has|have|holds?|shows?"
                     r"|serves?|gives?|returns?)|(?:last\s+(?:week|month|night)|yesterday)'?s?\s+(?:values|features|data))\b")
# A clause that asks something of its own, however it goes on ("check why the online features are empty")
_ASKS = re.compile(r"^\W*(?:(?:please|pls|can\s+you|could\s+you|and|then|also)\s+)*(?:check|show|tell|run|look|find|see|compare"
                   r"|validate|list|give|get|pull|skew|diff|investigate|debug|explain|why|what|which|how|is|are|does|do)\b")


def symptom(said: str) -> bool:
    """Whether a clause, as typed, tells what the serving side shows when its online store is behind: beside a
    request it is the reason for it (a materialize, most often), no read of its own."""
    return "?" not in said and not _ASKS.match(said) and bool(_SERVING_SIDE.search(said)) and bool(_BEHIND.search(said))
