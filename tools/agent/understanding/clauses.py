"""A request split into its clauses, each with the tool it asks for and the models it names, and the objects a
clause is asked of: "retrain wine, then compare it" is two clauses; "compare cancer and wine", "show incidents 3 and
4", "cancel jobs jabc123 and jdef456", "usage of tune and of cancel" are one call per object; "pull up incident 12
then mark it noise" is the incident shown, then rated; "if it beats production ship it" is a condition and the
change it guards. A clause asks about a record (an incident or an approval) rather than a model by its number or
id, by what the thread listed or showed, or as the rating of one."""

from __future__ import annotations

import re
from typing import Any

from tools.agent.understanding import beside, intents, same_request, slots
from tools.agent.understanding.threads import records as thread_records
from tools.agent.understanding.beside import SPLIT, Clause
from tools.agent.understanding.phrases import Found, versions
from tools.agent.understanding.reading import Memory
from tools.agent.understanding.threads import words as threads
from tools.agent.understanding.words import lifecycle, monitoring, online_tests, reads
from tools.agent.understanding.words import records as record_words
from tools.agent.understanding.tool_kinds import MUTATING, TOOLS, WINDOWED

_SCOPE_ONLY = re.compile(r"^\W*(?:for|on|across|with)\s+(?:all\s+(?:three|the\s+models|models|of\s+them)|every\s+model"
                         r"|each\s+model)\W*$")  # "for every model, ship the challenger if better": which models, no more

_IT_OR_VERSION = re.compile(r"\b(?:it|its|v\d+|version\s+\d+)\b")  # "…wine (v9)…. can you get v9 into production?"
# "can you unlock it?": asked to do it to the model the thread is about (which model is asked when none), no help
_DO_IT = re.compile(r"^\W*(?:please\s+)?(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|just\s+)?(?:unlock|release|free"
                    r"|deploy|ship|promote|re-?train|train|tune|snooze|mute|silence|materiali[sz]e|reproduce)\s+(?:it|them)\b")
_FREED = re.compile(r"\W*(?:(?:please|pls|kindly|just|now|so|then|ok(?:ay)?|yes|go\s+ahead\s+and|can\s+you"
                    r"|could\s+you)\s+)*(?:release|free|clear|drop)\b")


def split(text: str, mentions: list[Any], question: bool, windows: tuple[int, ...] = (), said: str = "", *,
          locked: bool = False, shares: tuple[int, ...] = ()) -> list[Clause]:
    """The clauses of a request (`text`: its words with slots, versions and model names blanked; `said`: with its
    versions), each with its intent and the models it names; a clause that only adds to the one before is merged
    into it. `locked`: the thread just found the model locked ("release it" then frees that lock)."""
    parts, at, look = [], 0, 0
    listed = _lists_of_models(said or text, mentions)
    while m := SPLIT.search(text, look):
        core = m.start() + len(m.group(0)) - len(m.group(0).lstrip())  # the joining word, not the blanked name before
        look = m.end()
        if any(start <= core < end for start, end in listed):  # "roll back both diabetes and wine": the models it is
            look = core + len(m.group(0).strip())  # for; what the list's blanked names hide may still end the clause
            continue
        parts.append(Clause(text[at:m.start()], at))
        at = m.start() + len(m.group(0).rstrip())  # after "and": a blanked model or version after it is the next one's
    parts.append(Clause(text[at:], at))
    for index, part in enumerate(parts):
        end = parts[index + 1].start if index + 1 < len(parts) else len(text) + 1
        part.text = text[part.start:end]
        part.models = [h.canon for h in mentions if part.start <= h.start < end]
        # "quiet cancer's alerts for 8h and show me what's open on it": "it" names the model said before (read where
        # pronouns are kept: `text` blanks them with the versions)
        named = bool(part.models) or bool(index and _IT_OR_VERSION.search((said or text)[part.start:end]) and any(
            p.models for p in parts[:index])) or bool(_DO_IT.match((said or text)[part.start:end]))
        part.tool = None if _SCOPE_ONLY.match(part.text) else intents.intent(part.text, has_model=named, question=question)
        if index and not part.models and reads.apposition(part.text):
            part.tool = None  # "roll back wine to v3, the one we had before last week's deploy": which version, no more
        if index and not part.models and part.tool in READS_SET and (intents.remark(part.text, after_change=_after_change(parts[index - 1], question)) or reads.explains(
                part.text) or reads.about_the_asker(part.text) or reads.scope_again(part.text) and parts[index - 1].tool in READS_SET):  # "…, i.e. how…?"
            part.tool = None  # "quiet wine for 30m, we're doing maintenance": why, not another request
        elif not index and len(parts) > 1 and not part.models and reads.about_the_asker(part.text):
            part.tool = None  # "just came on shift, what's open?": why they ask, said first
        elif not index and len(parts) > 1 and part.tool in READS_SET and reads.did_well(part.text) and any(
                intents.intent(p.text, has_model=True, question=False) in MUTATING_SET for p in parts[1:]):
            part.tool, part.situation = None, True  # "v9 looked great in yesterday's compare. can you get v9 into
            # production?": why they ask, and its versions are told, not asked of
    parts = [piece for part in parts for piece in _consequence(part)]
    online_tests.one_of_them(parts)  # "how does abtest work, and is there one on cancer?": that model's test
    _deploy_if_yes(parts)
    for index, part in enumerate(parts):  # "if I deploy wine 7, would it pass the gate?": the deploy is only supposed
        if reads.supposed(part.text.lstrip()) and any(p.tool == "compare" for p in parts[index + 1:]):
            part.tool = None
    for before, part in zip(parts, parts[1:]):
        if before.tool == "monitors" and part.tool in (None, "cancel") and part.models and monitoring.switches_one(part.text):
            part.tool = "monitor"  # "show all monitors and then switch off the one on diabetes"
    for before, part in zip(parts, parts[1:]):
        if before.tool in (None, "status") and part.tool in (None, "evaluate") and not part.models and \
                lifecycle.versions_scored(before.text + part.text):
            before.tool, part.tool = "status", None  # "list every wine version and the score it got": one listing
    merged: list[Clause] = []
    for part in parts:
        if merged and part.tool is None and not part.models and merged[-1].tool in WINDOWED & READS_SET and \
                _window_again(part, merged[-1], windows):
            part.tool = merged[-1].tool  # "cancer drift between 60 and 30 days ago, and over the last 30 days": again
            merged.append(part)
            continue
        if merged and online_tests.started_at_a_share(part, shares):
            merged.append(part)  # "stop that one then start the 10%": a test of its own, at the share it says
            continue
        own = (said or text)[part.start:part.start + len(part.text)]
        if (merged and (merged[-1].tool == "unlock" or threads.LOCKED.search(text[:part.start])) or locked and not any(
                r.value != "it" for r in versions(own))) and _FREED.match(part.text.lstrip()):
            part.tool = "unlock"  # "wine is stuck locked, release it", "release it" after a status that showed a lock:
            # the lock, not a release to production (a version said, "release v6", is that release)
        if part.tool == "unlock" and merged and (merged[-1].tool in READS_SET or threads.held_by(merged[-1].text)) and \
                threads.LOCKED.search(merged[-1].text):  # "cancer has been locked for 3 hours by a dead tune job, free it"
            merged[-1].tool = None  # "wine's lock hasn't been released, free it": the lock told, no history (nor tune)
        if merged and merged[-1].tool == "history" and not part.models and reads.event_kinds(part.text):
            continue  # "history for diabetes (trains, deploys, rollbacks)": what the history holds
        if merged and merged[-1].tool in READS_SET and part.tool in WEAK.get(merged[-1].tool, ()) and (
                not part.models or part.models == merged[-1].models) and not beside.own_read(part.text):
            merged[-1].models += part.models  # "which is better, the challenger or what's in prod?": one question
            continue
        if merged and (part.tool is None or part.tool == merged[-1].tool and (not part.models or (
                not merged[-1].models and part.tool in READS_SET))) and not (  # "schema + missingness check for wine"
                part.models and merged[-1].models and set(part.models) - set(merged[-1].models)):
            merged[-1].models += part.models
            continue
        if part.tool is None and merged and merged[-1].tool:
            part.tool = merged[-1].tool  # "compare cancer and wine": the second model gets the same call
        merged.append(part)
    if any(c.tool not in ("help", "list_models", None) for c in merged):  # a lone help word beside a richer request
        merged = [c for c in merged if c.tool not in ("help", "list_models") or c is merged[0]] or merged
    return merged


def _after_change(before: Clause, question: bool) -> bool:
    """Whether a clause comes after a change asked for ("materialize it first, then check it"), not after a question
    that only names one ("is it good for retrain? please check")."""
    return before.tool in MUTATING and not question and not before.text.rstrip().endswith("?")


READS_SET = {name for name, spec in TOOLS.items() if not spec.mutates} | {"monitor"}
MUTATING_SET = {name for name, spec in TOOLS.items() if spec.mutates}
WEAK = {tool: ("status", "evaluate", "list_models", "help") for tool in READS_SET} | {"monitor": ("alerts",)} | {
    "history": ("status", "evaluate", "list_models", "help", "why"),  # "who promoted v5 and why?": its history
    "why": ("status", "evaluate", "list_models", "help", "check_drift")}  # "what's behind the dip? which features moved"


def _consequence(part: Clause) -> list[Clause]:
    """"if it beats production ship it": the condition and the change it guards are two clauses."""
    if not re.match(r"\W*(?:only\s+)?(?:if|when|once|provided)\b", part.text):
        return [part]
    change = intents.CHANGE_AFTER_CONDITION.search(part.text)
    if change is None or change.start() == 0 or not same_request.CONDITION.search(part.text[:change.start()]):
        return [part]
    first = Clause(part.text[:change.start()], part.start, models=list(part.models))
    first.tool = intents.intent(first.text, has_model=bool(first.models), question=True)
    second = Clause(part.text[change.start():], part.start + change.start(), models=list(part.models))
    second.tool = intents.intent(second.text, has_model=bool(second.models), question=False)
    return [first, second] if second.tool else [part]


def _deploy_if_yes(parts: list[Clause]) -> None:
    """"does wine v5 beat prod? if so, ship it", "…? promote it if it does": a deploy said beside a yes to the compare
    asked before it is asked for, though the request opens as a question (it then waits on that compare's verdict);
    a yes to another question ("is wine drifting? if so deploy v5") is nothing a deploy can wait on."""
    for index, part in enumerate(parts):
        asked = next((p.tool for p in reversed(parts[:index]) if p.tool), None)
        if asked != "compare" or not (yes := same_request.YES.search(part.text)):
            continue
        rest = part.text[:yes.start()] + " " + part.text[yes.end():]
        # "if so, ship it", "if yes go ahead and promote it": the yes is a clause, the deploy the next one
        alone = not re.search(r"[a-z]", re.sub(r"\b(?:go\s+ahead|then|please|pls|just|and)\b", "", rest))
        target = parts[index + 1] if alone and index + 1 < len(parts) else part
        if intents.intent(target.text if alone else rest, has_model=True, question=False) == "deploy":
            part.tool, target.tool = None, "deploy"


def _window_again(part: Clause, before: Clause, windows: tuple[int, ...]) -> bool:
    """Whether `part` says only another window (`windows`: where each window said starts) for the read before it,
    which said its own: "…, and over the last 30 days" (the text with its window blanked is a preposition at most)."""
    end = part.start + len(part.text)
    return any(part.start <= w < end for w in windows) and any(before.start <= w < part.start for w in windows) and \
        bool(re.fullmatch(r"\W*(?:and\s+|also\s+|then\s+|vs\.?\s+|versus\s+)*(?:over|for|in|during|across|on|within)?"
                          r"(?:\s+the)?\W*", part.text))


# What joins the models of a list: "cancer and wine", "cancer + diabetes", "diabetes or wine", "cancer, wine and diabetes"
_JOINER = re.compile(r"\s*(?:,\s*)?(?:and|&|\+|or|plus)\s+(?:also\s+)?|\s*,\s*")


def _lists_of_models(text: str, mentions: list[Any]) -> list[tuple[int, int]]:
    """Where the models of a list are joined ("cancer and wine", "cancer + diabetes status"): no clause ends there,
    the clause is asked of each model. Only models side by side: "evaluate wine v2 and cancer v3" is two clauses. A
    comma joins only a list that ends with "and", "or" or "+" ("cancer, wine and diabetes"; "wine, cancer looks
    fine" is two clauses)."""
    lists: list[tuple[int, int]] = []
    chain: list[tuple[int, int]] = []
    for before, after in zip(mentions, [*mentions[1:], None]):
        gap = (before.end, after.start) if after is not None else None
        if gap and before.canon != after.canon and _JOINER.fullmatch(text[gap[0]:gap[1]]):
            chain.append(gap)
            continue
        if chain and re.search(r"[\w&+]", text[chain[-1][0]:chain[-1][1]]):
            lists += chain
        chain = []
    return lists


# What joins the records of a list ("incidents 3 and 4", "jobs jabc123, jdef456 & j0a1b2c", "#4 and then #7"), then the next one
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
    pieces = re.split(r"\s+(?:and|&|\+|or)\s+|\s*,\s*", said)
    return list(dict.fromkeys(t for piece in pieces if (t := intents.help_topic(piece))))


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
                memory.incident and record_words.asked_of_its_view(clause.tool, said, bool(clause.models))):
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


def holds(clauses: list[Clause], index: int, spans: list[Found]) -> bool:
    """Whether one of `spans` starts in clause `index`: from its start to where the next clause starts."""
    return any(clauses[index].start <= f.start < clause_end(clauses, index) for f in spans)


def clause_end(clauses: list[Clause], index: int) -> int:
    return clauses[index + 1].start if index + 1 < len(clauses) else 10**9
