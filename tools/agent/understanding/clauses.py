"""A request split into its clauses, each with the tool it asks for and the models it names: "retrain wine, then
compare it" is two clauses; "compare cancer and wine" is one call per model; "if it beats production ship it" is a
condition and the change it guards. The records a clause is asked of (incidents, jobs, approvals) are
`record_calls`'."""

from __future__ import annotations

import re
from typing import Any

from tools.agent.understanding import beside, intents, same_request
from tools.agent.understanding.beside import SPLIT, Clause
from tools.agent.understanding.phrases import Found, versions
from tools.agent.understanding.threads import words as threads
from tools.agent.understanding.words import lifecycle, monitoring, online_tests, reads
from tools.agent.understanding.tool_kinds import MUTATING, TOOLS, WINDOWED

_SCOPE_ONLY = re.compile(r"^\W*(?:for|on|across|with)\s+(?:all\s+(?:three|the\s+models|models|of\s+them)|every\s+model"
                         r"|each\s+model)\W*$")  # "for every model, ship the challenger if better": which models, no more

_EACH = re.compile(r"\b(?:all|every|each)\b")
_IT_OR_VERSION = re.compile(r"\b(?:it|its|v\d+|version\s+\d+)\b")  # "…wine (v9)…. can you get v9 into production?"
# "can you unlock it?": asked to do it to the model the thread is about (which model is asked when none), no help
_DO_IT = re.compile(r"^\W*(?:please\s+)?(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|just\s+)?(?:unlock|release|free"
                    r"|deploy|ship|promote|re-?train|train|tune|snooze|mute|silence|materiali[sz]e|reproduce)\s+(?:it|them)\b")
_FREED = re.compile(r"\W*(?:(?:please|pls|kindly|just|now|so|then|ok(?:ay)?|yes|go\s+ahead\s+and|can\s+you"
                    r"|could\s+you)\s+)*(?:release|free|clear|drop)\b")


def split(text: str, mentions: list[Any], question: bool, windows: tuple[int, ...] = (), said: str = "", *,
          locked: bool = False, shares: tuple[int, ...] = (), lives: tuple[int, ...] = ()) -> list[Clause]:
    """The clauses of a request (`text`: its words with slots, versions and model names blanked; `said`: with its
    versions), each with its intent and the models it names; a clause that only adds to the one before is merged
    into it. `locked`: the thread just found the model locked ("release it" then frees that lock); `lives`: where the
    words of live traffic start ("how does it score on real traffic?")."""
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
    for part in parts:
        if not part.models and reads.finding_said_back(part.text) and any(p.tool for p in parts if p is not part):
            part.tool = None  # "ok no drift... then why did the metric drop?": what the check found, said back
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
                not part.models or part.models == merged[-1].models) and not beside.own_read(part.text) and not \
                _scored_live(part, merged[-1], lives) and not same_request.said_first(part.text) and not (
                merged[-1].tool == "history" and part.tool == "status" and reads.now_asked(part.text)):
            if merged[-1].tool == "list_models" and part.tool == "status" and _EACH.search(merged[-1].text):
                merged[-1].tool = "status"  # "rundown of all three models, status wise": the status of each
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


_SCORED = ("evaluate", "status")


def _scored_live(part: Clause, before: Clause, lives: tuple[int, ...]) -> bool:
    """"why did wine drift, and how does it score on real traffic lately?": a score asked of live traffic beside
    another read is an evaluation of its own (on that traffic), not the read before it said again ("how is it doing
    on production traffic" too: a status asked of live traffic is an evaluation on it)."""
    end = part.start + len(part.text)
    return part.tool in _SCORED and before.tool not in _SCORED and any(part.start <= at < end for at in lives)


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
def holds(clauses: list[Clause], index: int, spans: list[Found]) -> bool:
    """Whether one of `spans` starts in clause `index`: from its start to where the next clause starts."""
    return any(clauses[index].start <= f.start < clause_end(clauses, index) for f in spans)


def clause_end(clauses: list[Clause], index: int) -> int:
    return clauses[index + 1].start if index + 1 < len(clauses) else 10**9
