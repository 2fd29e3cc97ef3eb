"""How people rate alerts beyond "incident 12 was noise": several incidents each with its own verdict ("#3 noise, #4
useful", "alert 14 was legit, 15 and 16 were false positives", "34 was noise, 33 a good catch" after a listing); the
incidents a listing showed, pointed at by their place in it ("first one noise, the other two useful"), by what they
were about ("the wine one was junk", "rate the resolved one useful") or all at once ("all three were false alarms",
"both of those were noise": in the listing's order); why a verdict was given, told after it ("…, the drift came
from a planned backfill"), which asks for nothing; and a verdict asked about ("was incident 34 noise?"), which shows
the incident and rates nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tools.agent.understanding import intents
from tools.agent.understanding.threads import records as thread_records
from tools.agent.understanding.phrases import Found
from tools.agent.understanding.reading import Memory
from tools.agent.understanding.slots import NOISE, USEFUL
from tools.agent.understanding.tool_kinds import MUTATING

if TYPE_CHECKING:
    from tools.agent.understanding.beside import Clause

_RECORD = r"(?:incident|alert|alarm|page|rate|mark|flag)s?\b|\binc\b\.?"
# What stands between an incident (or what points at one) and its verdict: "was", "as", ":", "=", "a", "just"…
_BEFORE_VERDICT = (r"\s*(?:[:=,-]\s*)?(?:(?:was|is|were|are|as|=|both|all|just|a|an|pure|total|really|clearly|definitely"
                   r"|honestly|totally|obviously)\s+)*")
# An incident by the word for it or its "#" ("incident 4", "inc 5", "#6"), or a bare number, then more joined to it
# ("15 and 16", "alerts 10, 11 and 12"), then what is said of them
_RATED = re.compile(rf"(?:(?P<keyword>(?<![\w#])#\s?|\b(?:{_RECORD})\s*(?:no\.?\s*|number\s+)?#?\s*)|(?<![\w.#$-]))"
                    r"(?P<first>\d{1,6})(?P<more>(?:(?:\s*,?\s*(?:and|&|\+)\s+|\s*,\s*)(?:(?:incident|alert|page)s?\s*)?"
                    rf"#?\s*\d{{1,6}})*)(?![\w%]|\.\d){_BEFORE_VERDICT}(?=\S)")


def verdict(body: str, at: int) -> Found | None:
    """The verdict said right at `at` ("noise", "a good catch", "wasn't worth waking up for"), if one is."""
    m = NOISE.match(body, at) or USEFUL.match(body, at)
    return Found(m.start(), m.end(), "noise" if NOISE.match(m.group(0)) else "useful") if m else None


def rate_each(body: str, found: dict[str, list[Found]], memory: Memory, mentions: list[Any]) -> None:
    """Several incidents each given its own verdict ("#3 noise. #4 useful.", "alert 14 was legit, 15 and 16 were
    false positives"), or incidents of the thread's listing pointed at and rated ("the wine one was junk"): every
    incident so rated, each with its verdict, in the order said (one verdict for one incident is read as before). A
    bare number is an incident when the thread listed it or the request names another by its word ("alert 14")."""
    said = [(m, [int(n) for n in (m.group("first"), *re.findall(r"\d{1,6}", m.group("more")))], told)
            for m in _RATED.finditer(body) if (told := verdict(body, m.end()))]
    keyword = any(m.group("keyword") for m, _, _ in said)
    pairs = [(Found(m.start("first"), m.end("first"), n), told) for m, numbers, told in said
             if keyword or all(n in memory.listed for n in numbers) for n in numbers]
    pointed = _pointed(body, memory, mentions, {f.value for f, _ in pairs}) if memory.listed else []
    pairs = sorted(pairs + pointed, key=lambda pair: pair[0].start)
    if len(pairs) > 1 or pointed:
        found["incident"], found["verdict"] = [p[0] for p in pairs], [p[1] for p in pairs]


_JOINED = re.compile(r"\s*(?:,\s*)?(?:and|&|\+)?\s*")  # "the first and the third", "first, second"


def _pointed(body: str, memory: Memory, mentions: list[Any], named: set[int]) -> list[tuple[Found, Found]]:
    """The incidents of the thread's listing that `body` points at and rates, each with its verdict; none when one
    of them cannot be told (two wine incidents for "the wine one", "the other two" when three are left)."""
    groups: list[tuple[list[re.Match[str]], Found]] = []
    pending: list[re.Match[str]] = []
    for m in thread_records.POINTER.finditer(body):
        if not (pending and _JOINED.fullmatch(body, pending[-1].end(), m.start())):
            pending = []
        pending.append(m)
        if told := _verdict_after(body, thread_records.said_end(m, memory, mentions)):
            groups.append((pending, told))
            pending = []
    if not groups:  # ("was the wine one noise?" asks: `verdict_asked` shows it, rating nothing)
        return []
    which: dict[int, list[int]] = {}
    for pointers, _ in groups:
        for m in pointers:
            if not m.group("other") and not (ids := thread_records.named(m, memory, mentions)):
                return []
            which[m.start()] = [] if m.group("other") else ids
    taken = named | {n for ids in which.values() for n in ids} | {thread_records.shown_of_listing(memory)}
    for pointers, _ in groups:
        for m in (m for m in pointers if m.group("other")):
            left = [n for n in memory.listed if n not in taken]
            if not left or m.group("left") and thread_records.COUNTS.get(m.group("left"), thread_records.number(
                    m.group("left"))) != len(left):
                return []
            which[m.start()] = left
    return [(Found(m.start(), m.end(), n), told) for pointers, told in groups for m in pointers for n in which[m.start()]]


def _verdict_after(body: str, at: int) -> Found | None:
    gap = re.compile(_BEFORE_VERDICT).match(body, at)
    return verdict(body, gap.end() if gap else at)


# Why a verdict was given, told after it: "…, the drift came from a planned backfill", "…, it caught a real drop",
# "…, because the upstream job was late": its subject first, and nothing asked
_TOLD_WHY = re.compile(r"^\W*(?:because|since|as|cause|'cause|(?:the|that|this|it|its|it's|our|their|we|we're|they"
                       r"|they're|there|someone|somebody|nobody|no\s+one)\s+(?!(?:\S+\s+)?(?:one|alerts?|incidents?|pages?)\b))")


# Another request said after a rating, as a question or a command: "…, show me cancer status", "…, is wine drifting?"
_ASKS_MORE = re.compile(r"^\W*(?:(?:and|then|also|now|so|but|ok|okay|pls|please|plz|can\s+you|could\s+you|would\s+you"
                        r"|will\s+you)\s+)*(?:what|what's|whats|which|who|who's|how|how's|why|where|when|any|anything|is|are"
                        r"|did|does|do|has|have|can|could|show|list|give|get|pull|bring|tell|check|run|compare|eval\w*|score"
                        r"|deploy|ship|promote|roll|revert|re-?train|train|tune|snooze|silence|mute|validate|materiali\w*"
                        r"|cancel|stop|unlock|open|display|summari\w*|explain|look|see|let\s+me)\b")


def asks_more(said: str) -> bool:
    """Whether a clause after a rating asks for something of its own ("show me cancer status", "is wine drifting?"),
    not only why ("the drift came from a backfill") or thanks ("thanks monitor")."""
    return bool(_ASKS_MORE.match(said))


# A change asked for, not told: "we should roll back wine", "let's retrain it", "it needs a rollback"
_CHANGE_ASKED = re.compile(r"\b(?:should|must|need|needs|have\s+to|has\s+to|let'?s|please|pls|can|could|will|'ll|want"
                           r"|wanna|gonna|going\s+to|go\s+ahead)\b")


def reason_after_rating(clauses: list[Clause], body: str) -> None:
    """A clause after a rating that only tells why it was given (a statement, no question) asks for nothing: "rate
    incident 31 as noise, the drift came from a planned backfill" is one rating, not a drift check too, and "flag
    alert 5 as useful, it caught the bad deploy" no deploy (a change said as wanted, "we should roll back", stays)."""
    for index, clause in enumerate(clauses[1:], start=1):
        end = clauses[index + 1].start if index + 1 < len(clauses) else len(body)
        said = body[clause.start:end]
        before = next((c for c in reversed(clauses[:index]) if c.tool), None)
        if before is not None and before.tool == "rate_alert" and clause.tool is not None and "?" not in said and \
                _TOLD_WHY.match(said) and (clause.tool not in MUTATING or not _CHANGE_ASKED.search(said)):
            clause.tool = None


# A verdict asked about, not given: "was incident 34 noise?", "did anyone mark #7 as noise?", "is alert 12 a false
# positive?", "should we call 5 a false alarm?" (a polite command, "can you mark 34 as noise?", still rates)
_ASKED = re.compile(r"^\W*(?:(?:and|so|but|ok|okay|also|then)\W+)?(?:was|were|is|are|did|has|have|had|should\s+(?:i|we)"
                    r"|do(?:es)?\s+(?:you|u|we|they|anyone|anybody|someone|somebody|it|that|this)|would\s+you\s+(?:say|call))\b")


# A rating said as a command: "mark 34 as noise?" still rates, whatever mark closes it
_RATE_SAID = re.compile(r"^\W*(?:(?:please|pls|just|now|and|then)\s+)*(?:mark|rate|flag|tag|label|record|log|set|call"
                        r"|note)\b")


def verdict_asked(clauses: list[Clause], body: str) -> None:
    """A rating asked about is a read: "was alert 12 useful?", "incident 34 was noise?" show the incident with its
    verdicts, rating nothing ("incident 34 was noise" rates it, and so does "can you mark 34 as noise?")."""
    for index, clause in enumerate(clauses):
        said = body[clause.start:clauses[index + 1].start if index + 1 < len(clauses) else len(body)]
        if clause.tool == "rate_alert" and (_ASKED.match(said) or said.rstrip().endswith("?") and intents.is_question(
                said) and not _RATE_SAID.match(said)):
            clause.tool = "incident"

