"""The records a request is asked of, one call each: incidents, jobs and approvals by number or id ("show incidents 3
and 4", "cancel jobs jabc123 and jdef456"), by what the thread listed or showed ("the first two", "that one"), or as
the rating of one ("pull up incident 12 then mark it noise": shown, then rated); and the help topics it names."""


import re
from typing import Any

from tools.agent.understanding import intents, slots
from tools.agent.understanding.threads import records as thread_records
from tools.agent.understanding.beside import SPLIT, Clause
from tools.agent.understanding.phrases import Found
from tools.agent.understanding.reading import Memory
from tools.agent.understanding.words import records as record_words
from tools.agent.understanding.tool_kinds import MUTATING
from tools.agent.understanding.clauses import clause_end, holds


_LIST_JOINER = r"(?:\s*(?:,\s*)?(?:(?:and\s+)?then|and|&|\+|or)\s+|\s*,\s*)"
_NEXT = {"incident": re.compile(_LIST_JOINER + r"(?:(?:incident|alert|page)s?\s*)?#?(\d{1,6})(?![\w%]|\.\d)"),
         "job": re.compile(_LIST_JOINER + r"(?:job\s+)?(j[0-9a-f]{6})\b"),
         "approval_id": re.compile(_LIST_JOINER + r"(?:approval\s+)?([0-9a-f]{16})\b")}
RECORDS = {"incident": "incident", "rate_alert": "incident", "cancel": "job", "approval": "approval_id"}


def several_records(found: dict[str, list[Found]], body: str) -> None:
    """The records listed after the first one said ("incidents 10 and 11 were noise", "cancel jobs jabc123 and
    jdef456"): a request about several records asks each of them. Only a list: "cancel jabc123, it replaced
    jdef456" names one job to cancel."""
    for key, pattern in _NEXT.items():
        if not found.get(key):
            continue
        at = found[key][0].end
        while m := pattern.match(body, at):
            found[key].append(Found(m.start(1), m.end(1), int(m.group(1)) if key == "incident" else m.group(1)))
            at = m.end()


def each_record(tool: str | None, found: dict[str, list[Found]], start: int, end: int) -> list[dict[str, list[Found]]]:
    """The slots of each call of a clause (from `start` to `end`) about records: one call per record it names ("show
    incident 3 and incident 4": the second clause is about 4), each rated with its own verdict when each has one
    ("#3 noise. #4 useful.")."""
    key = RECORDS.get(tool or "")
    mine = [f for f in found.get(key or "", []) if start <= f.start < end]
    if key is None or not mine:
        return [found]
    verdicts = found.get("verdict", [])
    if tool == "rate_alert" and len(verdicts) > 1:
        return [{**found, key: [f], "verdict": [next((v for v in verdicts if v.start > f.start), verdicts[-1])]}
                for f in mine]
    return [{**found, key: [f]} for f in mine]


def each_topic(said: str) -> list[str]:
    """"usage of tune and of cancel?", "help with drift, validate and check": the commands a help request names,
    one help each; one topic (or none) is the usual single help."""
    pieces = re.split(r"\s+(?:and|&|\+|or)\s+|\s*,\s*", _DOES.sub(" ", said))
    return list(dict.fromkeys(t for piece in pieces if (t := intents.help_topic(piece))))


# What the command asked about does, said with it as the subject: "not sure what it is checking", "what it validates":
# its work, no other command asked about
_DOES = re.compile(r"\b(?:what|how)\s+(?:exactly\s+)?(?:it|they)(?:'s|'re|\s+is|\s+are|\s+was|\s+does|\s+do|\s+will)?"
                   r"\s+(?:actually\s+|really\s+|even\s+|exactly\s+)?[a-z]+")


_SHOW = re.compile(r"\b(?:show|pull|open|view|see|look|details?|bring|get|fetch|display|what\s+happened)\b")
# A rating said as its own step: "…, then mark it noise", "and flag it as a false alarm"
_RATE_VERB = re.compile(r"\b(?:mark|rate|flag|tag|label|call|log|record)\b")


def rated_after(body: str, start: int, incident_end: int, verdict_start: int) -> int | None:
    """Where a rating said after an incident asked to be shown (`start`: where that clause starts) begins, as a step
    of its own ("pull up incident 12 then mark it noise": shown, then rated); None when the verdict is all that is
    said of it ("alert 2 helped us a lot, mark it useful")."""
    if verdict_start < incident_end:
        return None
    said = body[incident_end:verdict_start]
    step = next((m for m in SPLIT.finditer(said) if _RATE_VERB.search(said[m.end():])), None)
    if step is None or not (_SHOW.search(body[start:incident_end]) or _SHOWN_BEHIND.match(said[:step.start()]) or (
            _BARE_INCIDENT.fullmatch(body[start:incident_end]) and re.search(r"\bthen\b", step.group(0)))):
        return None  # "incident 3 postmortem, and rate it useful": the show word said after the number counts too;
        # "incident 16 then rate it as noise": the incident said alone is shown, then the rating comes next
    return incident_end + step.end()


# An incident said alone, as a request to see it: "incident 16", "#16", "alert no. 16"
_BARE_INCIDENT = re.compile(r"\W*(?:(?:incident|alert|alarm|page|inc)s?\b\.?\s*(?:no\.?|number|id)?\s*)?#?\s*\d{1,6}")


# What is asked of an incident, said right after its number: "incident 3 postmortem", "#7 details", "alert 5 in full"
_SHOWN_BEHIND = re.compile(r"\s*(?:'s\s+)?(?:post-?\s?mortem|details?|summary|timeline|write-?up|report|in\s+full)\b")


# The incident shown after it is rated: "…, and show it", "then pull it up", "and open the incident"
_SHOWN_AFTER = re.compile(r"(?:show|pull\s+up|open|view|bring\s+up|display|fetch|get)\s+(?:me\s+)?(?:it|that|the\s+(?:incident"
                          r"|alert|page)|its\s+details|the\s+details)\b|(?:pull|bring)\s+(?:it|that)\s+up\b")


def shown_after(body: str, verdict_end: int) -> int | None:
    """Where a request to show the incident just rated begins ("rate incident 33 useful and show it": rated, then
    shown), as a step of its own; None when nothing is asked after the verdict."""
    said = body[verdict_end:]
    step = next((m for m in SPLIT.finditer(said) if _SHOWN_AFTER.match(said, m.end())), None)
    return verdict_end + step.end() if step else None


# "mark 17 as noise", "flag 40 as legit", "mark 12 and 13 as noise": a bare number (or a list of them, the rest read
# by several_records) marked with a verdict is an incident ("rate 9" is one anyway)
_MARKED = re.compile(r"\b(?:mark|flag|tag|label)\s+(?:both\s+)?#?(\d{1,6})(?:" + _LIST_JOINER + r"#?\d{1,6})*"
                     r"\s+(?:as\s+)?(?:(?:a|an|just|both)\s+)?(?=\S)")


def marked_incident(body: str, found: dict[str, list[Found]]) -> None:
    """An incident marked with a verdict by its bare number ("mark 17 as noise, the feed was late"): its number and
    the verdict."""
    if found.get("incident") or not (m := _MARKED.search(body)):
        return
    verdict = slots.NOISE.match(body, m.end()) or slots.USEFUL.match(body, m.end())
    if verdict:
        found["incident"] = [Found(m.start(1), m.end(1), int(m.group(1)))]
        found["verdict"] = [Found(verdict.start(), verdict.end(), "noise" if slots.NOISE.match(verdict.group(0)) else "useful")]


def records_asked(clauses: list[Clause], found: dict[str, list[Found]], memory: Memory, body: str,
                  mentions: list[Any]) -> None:
    """A read clause that carries an approval id or an incident number is about that record: `approval`, or
    `incident` (`rate_alert` with a verdict); in a thread that showed one, "that alert was noise" or "details on
    that one" are about it too, and "did that approval go through?" about the thread's approval; after a listing,
    "more on the second" or "postmortem of the resolved one" is the incident it picks (`mentions`: the models named,
    which may describe one: "the wine one")."""
    if not found.get("incident") and (paged := record_words.paged_number(body)):
        found["incident"] = [Found(paged.start(1), paged.end(1), int(paged.group(1)))]  # "got paged, #52 on wine: what is it"
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
        if not here("incident") and clause.tool in (None, "alerts", "status") and (number := thread_records.listed_number(
                said, memory.listed + ((memory.incident,) if memory.incident and clause.tool is None and not clause.models
                                       else ()))):  # "show 51", "50 was noise", "show me 11 first" after rating it
            _listed_incident(found, clause.start, number, said)
        elif not here("incident") and clause.tool in _PICKED_BY and (chosen := thread_records.picked(
                body, clause.start, clause_end(clauses, index), memory, mentions)) and not _check_asked(
                clause.tool, said, chosen.start - clause.start, chosen.end - clause.start):  # "more on the second"
            found["incident"] = [chosen]
        elif not here("incident") and clause.tool in _PICKED_BY and "verdict" not in found and _SHOW.search(said) and (
                several := thread_records.several_picked(body, clause.start, clause_end(clauses, index), memory, mentions)
        ) and not _check_asked(clause.tool, said, several[0].start - clause.start, several[0].end - clause.start):
            found["incident"] = several  # "show both", "show me the first two", "pull up the drift ones": each of them
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
        others = memory.approval and not here("approval_id") and thread_records.other_approvals(clause.text)  # "any other"
        if here("approval_id") or memory.approval and not others and clause.tool in (None, "status", "history") and (
                re.search(r"\bapprov\w*", clause.text) or memory.pending and thread_records.still_waiting(clause.text)):
            clause.tool = "approval"
        elif others and clause.tool in (None, "status", "history", "approval"):
            clause.tool = "status"  # what else waits on a model: its status lists every pending approval
        elif here("incident") or memory.incident and thread_records.shown_by_the_thread(said) or memory.incident and (
                "verdict" in found or clause.tool in (None, "alerts") and (record_words.asked_of_one(said) or (
                    memory.last and memory.last[0] in _SHOWS_INCIDENTS and record_words.asked_of_it(said)))) or (
                memory.incident and record_words.asked_of_its_view(clause.tool, said, bool(clause.models))) or (
                memory.incident and clause.tool == "history" and not clause.models and memory.last and memory.last[0] in
                _SHOWS_INCIDENTS and record_words.its_timeline(said)):  # "show me its full timeline" after rating it
            clause.tool = "rate_alert" if "verdict" in found or clause.tool == "rate_alert" else "incident"
        elif not memory.incident and clause.tool in (None, "alerts") and not clause.models and _ONE_POINTED_AT.search(
                said):
            clause.tool = "incident"  # "what happened in that incident?" with none shown: which one is asked back
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


_SHOWS_INCIDENTS = ("alerts", "incident", "rate_alert")  # calls after which "what's going on with it?" is the incident
# One incident pointed at ("that incident", "this alert"; "alert" comes read as "alerts", the cue word)
_ONE_POINTED_AT = re.compile(r"\b(?:that|this)\s+(?:particular\s+|specific\s+|same\s+)?(?:incident|alerts?|page"
                             r"|alarm)\b(?!\s+(?:thing|feature|command|tool|stuff|channel|bot)\b)")
# The reads that an incident picked from the thread's listing turns into that incident ("why did the second one fire?")
_PICKED_BY = (None, "alerts", "status", "history", "why", "check_drift", "evaluate", "run_check", "incident", "rate_alert")
# A check or a scoring asked in so many words ("check the diabetes one for drift"): of the incident's model, no view
# of the incident (a drift or a drop said of it is what the scorer guesses from: "show me the metric drop")
_CHECK_ASKED = re.compile(r"\b(?:check|re-?check|run|scan|evaluate|score|test|measure|look\s+for)\b")


def _check_asked(tool: str | None, said: str, start: int, end: int) -> bool:
    """Whether a clause that picks a listed incident (from `start` to `end` in `said`) asks a check or a scoring of its
    model instead: anywhere for a drift check or a scoring; for a check run, outside the words that pick the incident
    ("show me the one about the check that keeps failing" describes one; "run a check on the wine one" asks one)."""
    if tool in ("check_drift", "evaluate"):
        return bool(_CHECK_ASKED.search(said))
    return tool == "run_check" and bool(_CHECK_ASKED.search(said[:start] + " " + said[end:]))


def _listed_incident(found: dict[str, list[Found]], start: int, number: re.Match[str], said: str) -> None:
    """A number the thread's alerts listing showed, said bare: that incident, rated when a verdict is said."""
    found["incident"] = [Found(start + number.start(), start + number.end(), int(number.group(1)))]
    if "verdict" not in found and (m := slots.NOISE.search(said) or slots.USEFUL.search(said)):
        found["verdict"] = [Found(start + m.start(), start + m.end(), "noise" if slots.NOISE.match(m.group(0)) else "useful")]
