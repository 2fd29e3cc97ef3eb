"""The agent's own feedback asked in other words, and the bot addressed in passing.

"How's the slack bot being rated", "user satisfaction for the ML bot", "where is the bot getting confused",
"how helpful have ur answers been": the rated thing is the agent (or its answers) and the question is how well it
does. "thanks bot" only addresses it: "page 4 was helpful, thanks bot" rates an alert, not the agent.
"""

from __future__ import annotations

import re

# The agent addressed, not talked about: "thanks bot", "cheers, bot", "hey assistant"
_ADDRESS = re.compile(r"\b(?:thanks|thank\s+you|thx|ty|cheers|hey|hi|hello|ok|okay|yo)\W+(?:the\s+)?(?:bot|agent"
                      r"|assistant)\b|,\s*(?:bot|agent|assistant)\W*$")
# The agent, or its answers, as what is rated
_THE_AGENT = re.compile(r"\b(?:agent|bot|assistant|chatbot|answers|replies|responses|you|ur|u)\b")
# How well it does: its ratings, thumbs, usefulness, where it gets confused or misreads, whether it improves
_HOW_WELL = re.compile(r"(?:[👍👎]|\b(?:useful\w*|helpful\w*|rated|ratings?|satisf\w*|thumbs|confus\w*|misinterpret\w*"
                       r"|misunderst\w*|misread\w*|mistak\w*|getting\s+(?:better|worse)|improv\w*)\b)")
# Alerts and incidents are rated too ("was that alert useful to you?"): those are theirs, not the agent's
_ALERT_WORDS = re.compile(r"\b(?:alerts?|alarms?|incidents?|pages?|monitors?)\b")
# A period said bare beside the feedback ("usefulness by intent, 45 days")
_BARE_PERIOD = re.compile(r"\b(\d{1,4})\s*(days?|d|weeks?|wks?|w)\b")


def addressed(text: str) -> str:
    """`text` without the words that only address the bot ("thanks bot"): what is left is what it says."""
    return _ADDRESS.sub(" ", text)


# Words that are the agent's ratings on their own ("helpfulness, last 20 days"; "bot" may be read as a greeting)
_RATINGS = re.compile(r"\b(?:usefulness|helpfulness|user\s+satisfaction)\b")


def about_the_agent(text: str) -> bool:
    """Whether `text` asks how well the agent does: its ratings, usefulness, where it gets confused."""
    said = addressed(text)
    rated = bool(_THE_AGENT.search(said)) and bool(_HOW_WELL.search(said)) or bool(_RATINGS.search(said))
    return rated and not _ALERT_WORDS.search(said)


def bare_days(text: str) -> int | None:
    """The number of days a feedback request names without "last" ("by intent, 45 days"; "3 weeks" is 21)."""
    m = _BARE_PERIOD.search(text)
    if m is None:
        return None
    return int(m.group(1)) * (7 if m.group(2).startswith("w") else 1)
