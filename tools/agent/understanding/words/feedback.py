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
# The agent named by what it does: "the plain-language mode", "the natural language interface", "the chat feature"
PLAIN_LANGUAGE = (r"\b(?:(?:plain|natural)[-\s]+(?:language|english)|chat|conversational|nl)[-\s]+(?:mode|interface|feature"
                  r"|front[-\s]?end|layer|commands?|requests?|thing|version|agent|bot|answers|replies)\b")
# The agent, or its answers, as what is rated
_THE_AGENT = re.compile(r"\b(?:agent|bot|assistant|chatbot|answers|replies|responses|you|your|ur|u|this\s+(?:thing|tool"
                        r"|app))\b|" + PLAIN_LANGUAGE)
# How well it does: its ratings, thumbs, usefulness, where it gets confused or misreads, whether it improves
_HOW_WELL = re.compile(r"(?:[👍👎]|\b(?:useful\w*|helpful\w*|rated|ratings?|satisf\w*|thumbs|confus\w*|misinterpret\w*"
                       r"|misunderst\w*|misread\w*|mistak\w*|getting\s+(?:any\s+)?(?:better|worse)|improv\w*|down-?vot\w*|up-?vot\w*"
                       r"|gets?\s+(?:\S+\s+){0,2}?wrong|got\s+(?:\S+\s+){0,2}?wrong|complain\w*)\b)")
# How it did, asked of the agent: "how did the agent do on rollback requests?", "did they like how it handled rollbacks?"
_HOW_IT_DID = re.compile(r"\bhow(?:'s|\s+(?:did|does|do|is|has|have))\s+(?:the\s+)?(?:agent|bot|assistant|chatbot)\s+(?:been\s+)?"
                         r"(?:do|doing|done|handl\w*|perform\w*|cop\w*|far\w*)\b|\b(?:like|liked|love|loved|hate|hated"
                         r"|think\s+of)\s+how\s+(?:(?:it|the\s+(?:agent|bot|assistant)|you)\s+)?(?:handled|answered|dealt"
                         r"|did|responded|replied)\b")
# How people feel about it, asked: "are ppl happy w/ the chatbot?", "do folks like the bot?", "how satisfied is the team
# with the assistant?" (the agent named as such: "are you happy with v3?" asks nothing of it)
_NAMED = re.compile(r"\b(?:agent|bot|chatbot|assistant)s?\b|" + PLAIN_LANGUAGE)
_FELT = (r"(?:happy|unhappy|pleased|satisfied|dissatisfied|content|annoyed|frustrated|fans?\s+of|lik(?:e|es|ed|ing)"
         r"|lov(?:e|es|ed|ing)|hat(?:e|es|ed|ing)|enjoy\w*|sick\s+of|fed\s+up)")
_HOW_FELT = re.compile(rf"^\W*(?:are|is|were|was|do|does|did|have|has)\s+(?:\S+\s+){{0,4}}?{_FELT}\b"
                       rf"|\bhow\s+(?:much\s+)?(?:do|does|did)\s+(?:\S+\s+){{0,3}}?{_FELT}\b|\bhow\s+{_FELT}\b")
# Alerts and incidents are rated too ("was that alert useful to you?"): those are theirs, not the agent's
_ALERT_WORDS = re.compile(r"\b(?:alerts?|alarms?|incidents?|pages?|monitors?)\b")
# A period said bare beside the feedback ("usefulness by intent, 45 days", "two weeks", "days=3")
_COUNT = r"(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|sixty|ninety)"
_BARE_PERIOD = re.compile(rf"\b{_COUNT}\s*(days?|d|weeks?|wks?|w)\b|\b(days)\s*[=:]\s*(\d{{1,4}})\b")
_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())} | {
    "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90}


def addressed(text: str) -> str:
    """`text` without the words that only address the bot ("thanks bot"): what is left is what it says."""
    return _ADDRESS.sub(" ", text)


# The bot asked to do something, politely: "can you log that…", "could u please mark…" (not "was it useful to you?")
_ASKED = re.compile(r"\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|plz\s+|just\s+)?(?=[a-z])")


def asked(text: str) -> str:
    """`text` without the words that only address the bot or ask it politely ("thanks bot", "can you"): a verdict
    said after them ("can you log that alert 10 was useful?") is about the alert, not the bot."""
    return _ASKED.sub(" ", addressed(text))


# Words that are the agent's ratings on their own ("helpfulness, last 20 days"; "bot" may be read as a greeting), and
# the intents it reads, rated ("which intents do ppl rate badly?", "worst-rated intents": its feedback is by intent)
_RATINGS = re.compile(r"\b(?:usefulness|helpfulness|user\s+satisfaction)\b|\bintents?\b(?=.*\b(?:rat(?:e|es|ed|ing|ings)|thumbs?"
                      r"|useful|helpful|lik(?:e|ed)|complain\w*)\b|.*[👍👎])|\b(?:rated|rating)\s+(?:\S+\s+)?intents?\b")


def about_the_agent(text: str) -> bool:
    """Whether `text` asks how well the agent does: its ratings, usefulness, where it gets confused."""
    said = addressed(text)
    rated = bool(_THE_AGENT.search(said)) and bool(_HOW_WELL.search(said)) or bool(_RATINGS.search(said)) or bool(
        _HOW_IT_DID.search(said)) or bool(_NAMED.search(said)) and bool(_HOW_FELT.search(said))
    return rated and not _ALERT_WORDS.search(said)


def rated_at(text: str) -> int:
    """Where a question about the agent says how well it does ("how do I see how useful your answers were")."""
    m = _HOW_WELL.search(text) or _RATINGS.search(text)
    return m.start() if m else 0


# How often something happens, asked: in a thread about the agent, how often it goes wrong
_HOW_OFTEN = re.compile(r"\bhow\s+(?:often|frequently|many\s+times)\b")


def rated_in_thread(said: str) -> bool:
    """Whether a request asks how well the agent does with the agent left unsaid: "how often does that happen? show me
    the ratings" right after a complaint about the bot (the thread is about the agent then)."""
    return bool(_HOW_WELL.search(said) or _RATINGS.search(said) or _HOW_OFTEN.search(said)) and not _ALERT_WORDS.search(said)


# The agent said as "it" or "you": "how often does it get things wrong?", "are you getting any better?"
_IT = re.compile(r"\b(?:it|you|u|ya)\b")


def said_as_it(said: str) -> bool:
    """Whether a clause (as typed) asks how well "it" or "you" does: beside the agent's feedback, that is the agent."""
    return bool(_IT.search(said)) and bool(_HOW_WELL.search(said)) and not _ALERT_WORDS.search(said)


def days_said(window: dict[str, str] | None, text: str) -> int | None:
    """The days of feedback asked for: a window said ("last 2 weeks"; "the last 24 hours" is a day, and part of a day
    counts whole, so "36 hours" is 2) or a period said bare ("by intent, 45 days"); 30, the default, is left out."""
    last = (window or {}).get("last", "")
    if m := re.fullmatch(r"(\d+)([dh])", last):
        said = int(m.group(1)) if m.group(2) == "d" else -(-int(m.group(1)) // 24)
    else:
        said = bare_days(text)
    return said if said and said != 30 else None


def bare_days(text: str) -> int | None:
    """The number of days a feedback request names without "last" ("by intent, 45 days"; "3 weeks" is 21)."""
    m = _BARE_PERIOD.search(text)
    if m is None:
        return None
    if m.group(3):
        return int(m.group(4))
    count = int(m.group(1)) if m.group(1).isdigit() else _WORDS[m.group(1)]
    return count * (7 if m.group(2).startswith("w") else 1)
