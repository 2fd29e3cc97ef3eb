"""Which clauses ask about a record (an incident or an approval) rather than a model: by its number or id, by
what the thread listed or showed, or as the rating of one."""

from __future__ import annotations

import re

from tools.agent.understanding import slots, thread_records
from tools.agent.understanding.beside import SPLIT, Clause
from tools.agent.understanding.clauses import rated_after, shown_after
from tools.agent.understanding.phrases import Found
from tools.agent.understanding.reading import Memory
from tools.agent.understanding.tool_kinds import MUTATING
from tools.agent.understanding.words import records as record_words


def records(clauses: list[Clause], found: dict[str, list[Found]], memory: Memory, body: str) -> None:
    """A read clause that carries an approval id or an incident number is about that record: `approval`, or
    `incident` (`rate_alert` with a verdict); in a thread that showed one, "that alert was noise" or "details on
    that one" are about it too, and "did that approval go through?" about the thread's approval."""
    for index, clause in enumerate(clauses):
        def here(key: str, index: int = index) -> bool:
            return holds(clauses, index, found.get(key, []))

        if clause.tool == "monitors" and here("incident") and SPLIT.search(body[clause.start:found["incident"][0].start]):
            at = found["incident"][0].start  # "list the monitors, then pull up incident 14": both
            clauses.insert(index + 1, Clause(body[at:], at, "incident"))
            continue
        if clause.tool in MUTATING or clause.tool == "monitors":  # "and the noise rate per monitor?": every monitor
            continue

        said = body[clause.start:clauses[index + 1].start if index + 1 < len(clauses) else len(body)]  # pronouns kept
        if clause.tool == "alerts" and here("incident") and record_words.paged_told(body[clause.start:found["incident"][0].start]):
            clause.tool = "incident"  # "got paged at 3am for something on diabetes, alert 45: why?": that incident
        if not here("incident") and clause.tool in (None, "alerts", "status") and (
                number := thread_records.listed_number(said, memory.listed)):  # "show 51", "50 was noise"
            _listed_incident(found, clause.start, number, said)
        if here("incident") and "verdict" in found and (at := rated_after(
                body, clause.start, found["incident"][0].end, found["verdict"][0].start)):
            clause.tool = "incident"  # "pull up incident 12 then mark it noise": shown, then rated
            if index + 1 < len(clauses) and clauses[index + 1].start <= at and clauses[index + 1].tool in (
                    None, "incident", "rate_alert"):
                clauses[index + 1].tool = "rate_alert"  # the rating already a clause of its own
            else:
                clauses.insert(index + 1, Clause(body[at:], at, "rate_alert"))
            continue
        if clause.tool == "alerts" and clause.models and here("incident") and "verdict" not in found and SPLIT.search(
                body[clause.start:found["incident"][0].start]):  # "alerts for wine, then open incident 7": both
            at = found["incident"][0].start
            clauses.insert(index + 1, Clause(body[at:], at, "incident"))
            continue
        if here("approval_id") or memory.approval and clause.tool in (None, "status", "history") and (re.search(
                r"\bapprov\w*", clause.text) or memory.pending and thread_records.still_waiting(clause.text)):
            clause.tool = "approval"
        elif here("incident") or memory.incident and thread_records.shown_by_the_thread(said) or memory.incident and (
                "verdict" in found or clause.tool in (None, "alerts") and re.search(
                r"\b(that|this)\s+(?:one|alerts?|alarms?|incidents?|pages?)\b|\b(details?|more\s+(?:on|about)|postmortem"
                r"|what\s+happened|whole\s+thing|in\s+full)\b|\bthe\s+(?:incident|alert|page)\b(?!s)", said)):
            clause.tool = "rate_alert" if "verdict" in found or clause.tool == "rate_alert" else "incident"
        if clause.tool == "rate_alert" and here("incident") and "verdict" in found and (
                at := shown_after(body, found["verdict"][0].end)):  # "rate incident 33 useful and show it"
            clauses.insert(index + 1, Clause(body[at:], at, "incident"))
    shown = False  # the clauses since an incident asked for only ask more of it
    for index, (before, clause) in enumerate(zip(clauses, clauses[1:]), start=1):
        shown = before.tool == "incident" or shown and before.tool is None
        if before.tool == clause.tool == "approval" or before.tool == clause.tool == "incident" and not holds(
                clauses, index, found.get("incident", [])) or shown and record_words.about_it(
                clause.tool, body[clause.start:], bool(clause.models)):  # "…incident 6, and was anything deployed to fix it?"
            clause.tool = None  # "the approval for rolling back wine, id …: where is it at?": one approval, asked once


def _listed_incident(found: dict[str, list[Found]], start: int, number: re.Match[str], said: str) -> None:
    """A number the thread's alerts listing showed, said bare: that incident, rated when a verdict is said."""
    found["incident"] = [Found(start + number.start(), start + number.end(), int(number.group(1)))]
    if "verdict" not in found and (m := slots.NOISE.search(said) or slots.USEFUL.search(said)):
        found["verdict"] = [Found(start + m.start(), start + m.end(), "noise" if slots.NOISE.match(m.group(0)) else "useful")]


def holds(clauses: list[Clause], index: int, spans: list[Found]) -> bool:
    """Whether one of `spans` starts in clause `index`: from its start to where the next clause starts."""
    return any(clauses[index].start <= f.start < clause_end(clauses, index) for f in spans)


def clause_end(clauses: list[Clause], index: int) -> int:
    return clauses[index + 1].start if index + 1 < len(clauses) else 10**9
