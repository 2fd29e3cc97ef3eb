"""The offline interpreter's reading of a request: which tools, in which order, with which arguments.

Rules, not a lookup of phrasings: the request is split into clauses, each clause's intent is read from the whole
clause (`intents`), and the slots (model, version, window, parameters, settings) are found anywhere in the sentence
(`phrases`, `slots`, `names`). Model names come only from the configuration (names and description words, typos
allowed). A thread's memory resolves follow-ups ("great, now ship it", "and for wine?"). Anything it is not sure of
becomes a question back, never a guessed change; a change it does plan still goes through dispatch and approval.
"""

from __future__ import annotations

import copy
from dataclasses import replace
import re
from functools import cache
from itertools import product
from datetime import date
from typing import Any

from tools.agent.understanding import beside, cues, intents, phrases, same_request, schedules, scorer, slots
from tools.agent.understanding.threads import snoozes, words as threads
from tools.agent.understanding.words import asides, reads, refusals, topics, usage, verdicts
from tools.agent.understanding.beside import Clause
from tools.agent.understanding.clauses import READS_SET, clause_end, holds, split
from tools.agent.understanding.record_calls import each_record, each_topic, marked_incident, records_asked, several_records
from tools.agent.understanding.names import Models, versions_in_words
from tools.agent.understanding.phrases import Found
from tools.agent.understanding.threads.follow_up import follow_up
from tools.agent.understanding.threads.monitoring import monitor_or_test
from tools.agent.understanding.reading import Memory, Reading, Step
from tools.agent.understanding.tool_kinds import MUTATING, NEEDS_MODEL, TOOLS, WINDOWED, not_accepted, not_taken

_EVERYTHING = re.compile(r"\b(all|every|ev[ae]?r[yi]?th?ing|everyone|any)\b")  # "evrything", "everthing" as typed
_WHO = re.compile(r"\b(?:who|whom|whose)\b")
# "incidents, all of them", "the alerts please, all of them": all of the incidents, not of the models
_OF_THE_ALERTS = re.compile(r"\b(?:alerts?|incidents?|alarms?|pages?)(?:\W+(?:please|pls|plz))?\W*$")
_OF_ONE_VERSION = ("card", "reproduce", "evaluate", "compare")  # reads of a version the thread's move points at
# "run check on everything": every model, when "everything" is what the request is run on (not "everything about wine")
_EVERY_MODEL = re.compile(r"\b(every\s+model|all\s+(?:the\s+)?(?:three|models)|each\s+model|all\s+of\s+them"
                          r"|(?:on|for|across)\s+everything(?!\s+(?:about|on|for|of|in|from|that|related|else|wrong)\b))\b")


# The newest 64 readings: a turn reads its request at the guard and at each model step (dict ops: no lock needed)
_READ: dict[tuple[Any, ...], Reading] = {}


def read(text: str, models: dict[str, str], *, today: date, memory: Memory | None = None) -> Reading:
    """Plan registry calls for `text`; `models` maps configured names to their descriptions."""
    key = (text, tuple(models.items()), today, repr(memory or Memory()))
    if (kept := _READ.get(key)) is None:
        kept = _READ[key] = _accepted(_reading(text, models, today=today, memory=memory))
        for old in list(_READ)[:-64]:
            _READ.pop(old, None)
    return copy.deepcopy(kept)


def _accepted(reading: Reading) -> Reading:
    """A plan whose call the tool would not take as said ("snooze cancer for 2 months", "100% to the challenger in
    the test") is no plan: the answer says what the tool allows instead of making a call bound to be refused."""
    why = next((w for s in reading.steps if (w := not_accepted(s.tool, s.args))), None)
    return Reading(problem=f"I can't do that as asked: {why}.", asks=reading.asks) if why else reading


def _reading(text: str, models: dict[str, str], *, today: date, memory: Memory | None) -> Reading:
    reading = _read(text, models, today=today, memory=memory)
    lowered = text.lower()
    if (at := phrases.instant(lowered, today)) is None:
        return reading
    # "What was in production for cancer last Tuesday at noon?" is a status question about a past instant: the
    # rest of the sentence must read as status or history of one model ("what was live then, and who put it
    # there?" asks both of one instant), and then one `history at=` answers it.
    rest = _read(lowered[:at.start] + " " + lowered[at.end:], models, today=today, memory=memory)
    if rest.steps and all(s.tool == "history" for s in rest.steps) and _WHO.search(lowered):
        rest.asks = True  # "who rolled back cancer on tuesday?": the events of that day, not the state at an instant
        return rest
    if rest.steps and all(s.tool in ("status", "history") and s.args.get("model") == rest.steps[0].args.get("model")
                          for s in rest.steps) and rest.steps[0].args.get("model"):
        return Reading(steps=[Step("history", {"model": rest.steps[0].args["model"], "at": at.value})], asks=True)
    return reading


def _read(text: str, models: dict[str, str], *, today: date, memory: Memory | None) -> Reading:
    memory = memory or Memory()
    known = Models(models, reserved=set(cues.VOCABULARY))
    said = intents.normal(text.strip(), keep=known.vocabulary)
    body = said[intents.opener(said):]
    if refusals.refused(body):
        return Reading(problem="I can't do that: I only run the model lifecycle tools, with your own rights, and "
                               "approvals are given with the buttons. Try `/mlops help`.")
    if outside := refusals.no_tool_for(body):
        return Reading(problem=outside)
    if not re.search(r"[a-z0-9]", body):
        return Reading(problem="Noted. Tell me what to do next, e.g. \"compare it with production\".")
    if memory.offered and memory.model and threads.takes_up_offer(body):  # "yes please, load them": the change offered
        return Reading(steps=[Step(memory.offered, {"model": memory.model})])
    found, blanked, refs, verbs, mentions, verbs_only, marked = _cues(body, known, today, text.strip())
    if memory.unknown and not mentions and threads.names_asked(verbs_only):  # "ok which ones do you know then?"
        return Reading(steps=[Step("list_models", {})], asks=True)
    verbs_only = asides.without_purpose(verbs_only)  # "…so I can diff them": what the asker will do, no request
    marked_incident(body, found)
    several_records(found, body)
    verdicts.rate_each(body, found, memory, mentions)
    beside.times_of_supposed_changes(found, body)
    # pronouns kept: "that was a mistake, revert it" is no question; a request that opens with a slot ("incident 3 was
    # noise, roll back wine") opens with its subject, not with "was"
    # "…, can an admin force-release it? reason: pod died": a reason is given for a change to be made, no question
    question = intents.is_question(re.sub(r"^\s+", "it ", blanked)) and not (
        found.get("reason") and intents.names_change(verbs_only))
    clauses = split(verbs_only, mentions, question, tuple(w.start for w in found.get("window", [])), blanked,
                    locked=memory.locked, shares=tuple(f.start for f in found.get("percent", [])),
                    lives=tuple(f.start for f in found.get("live", [])))
    if not memory.last:  # a follow-up's intent is the thread's, not the sentence's
        guess = _scorer().guess(marked)
        # a rating said in a clause of its own, then another request said as one, is a run of its own: "incident 8 was
        # noise, show me cancer status" asks both, where the request's one guess (a rating) would take the status too
        rated = [c.tool is None and holds(clauses, i, found.get("incident", [])) and holds(
            clauses, i, found.get("verdict", [])) for i, c in enumerate(clauses)]
        if not all(verdicts.asks_more(body[c.start:clause_end(clauses, i)]) for i, c in enumerate(clauses)
                   if c.tool and any(rated[:i])):
            rated = [False] * len(clauses)  # "…, thanks monitor", "…, it caught the bad deploy": no request more
        order = same_request.plan_order(clauses, body)  # the guess names the tools in the order they run
        told = ["rate_alert" if r else c.tool for c, r in zip(clauses, rated, strict=True)]
        ran = scorer.revise([told[i] for i in order], guess, mutating=MUTATING,
                            command=not question and not intents.says_not_to(verbs_only))
        revised = [ran[order.index(i)] for i in range(len(clauses))]
        for clause, tool, r in zip(clauses, revised, rated, strict=True):
            clause.tool = clause.tool if beside.said_outright(clause) or r and tool == "rate_alert" else tool
    threads.background_told(clauses)
    beside.changes_made_before(clauses, found)
    same_request.what_changed_and_its_cause(clauses)
    same_request.drift_and_how_much_it_matters(clauses, body)
    same_request.diff_of_the_reproduction(clauses)
    same_request.due_and_go_ahead(clauses, body)
    same_request.search_of_trials(clauses, body, found.get("trials", []), question)
    beside.slot_of_one_read(clauses, found)
    beside.share_of_traffic(clauses, found.get("percent", []), body, question)
    beside.situations(clauses, body)
    beside.online_store_behind(clauses, body, question)
    beside.served_values_not_drift(clauses, body)
    beside.mismatch_in_a_store_thread(clauses, body, memory.last[0] if memory.last else None)
    beside.what_the_check_finds(clauses)
    beside.settings_after_monitor(clauses, body)
    beside.live_against_training(clauses, body)
    beside.scored_on_live_traffic(clauses, [f.start for f in found.get("live", [])])
    records_asked(clauses, found, memory, body, mentions)
    verdicts.verdict_asked(clauses, body)
    verdicts.reason_after_rating(clauses, body)
    monitor_or_test(clauses, found, memory)
    beside.asked_of_the_test(clauses, bool(found.get("job")))
    beside.asides_of_a_read(clauses, body)
    beside.answered_by_the_card(clauses, body)
    beside.confirmed_in_passing(clauses, body)
    beside.the_agents_own_work(clauses, body, memory.about_agent)
    beside.answered_by_the_listing(clauses)
    topics.asked_of_the_command(clauses, body)
    if not (mentions or found.get("incident") or found.get("approval_id") or any(r.value.isdigit() for r in refs)):
        # "what is unlock for", "can you snooze every model at once?": that command's help, nothing run
        usage.how_it_works(clauses, body, memory.last_shown(), bool(memory.job), versions=any(r.value != "it" for r in refs))
    beside.picked_by_a_policy(clauses, found)
    beside.silence_beside_monitoring(clauses)
    if not question:
        schedules.monitors_schedule(clauses, found, body)
    if memory.asked and not any(c.tool for c in clauses) and (mentions or refs or found.get("window")):
        # "diabetes" after "Which model: cancer, wine or diabetes?": the request asked about, with its answer
        return _read(f"{memory.asked} {text}", models, today=today, memory=replace(memory, asked=None))
    reading = _plan(clauses, body, refs, found, mentions, memory, known, models, blanked, verbs_only)
    reading.steps = same_request.asked_first(reading.steps, clauses, body)
    if why := refusals.later(body, [(s.tool, s.args, s.clause_at) for s in reading.steps if changes_made(s)],
                             [c.start for c in clauses]):  # "schedule an A/B test on wine to start next monday at 9"
        return Reading(problem=why)
    if [(s.tool, s.args) for s in reading.steps] == [("help", {})] and topics.outside(verbs_only):
        return Reading(problem="That's outside what I do: I run the model lifecycle tools. Try `/mlops help`.")
    if question:
        _shown_not_set(reading)
    reading.asks = any(c.tool for c in clauses) and all(c.tool in READS_SET or c.tool is None for c in clauses) and \
        not any(changes_made(s) for s in reading.steps)
    return reading


def _shown_not_set(reading: Reading) -> None:
    """"does the wine monitor retrain on drift?", "is cancer's monitor posting to #ml-alerts?": a question about a
    monitor's settings is answered by showing them, never by setting what it names."""
    for step in reading.steps:
        if step.tool == "monitor" and "model" in step.args:
            step.args = {"model": step.args["model"]}


def _cues(body: str, known: Models, today: date, original: str) -> tuple[Any, ...]:
    """The request's slots, then the text with them, versions and model names blanked: what is left are its cues."""
    found = slots.find(body, today, original)
    blanked = phrases.blank(body, [f for spans in found.values() for f in spans])
    refs = phrases.versions(blanked)
    verbs = phrases.blank(blanked, [r for r in refs if r.value != "production"])
    mentions = known.find(verbs)
    if said := [Found(*s) for s in versions_in_words(verbs, mentions)]:  # "ship wine seven": "seven" is its version
        refs, verbs = sorted([*refs, *said], key=lambda f: f.start), phrases.blank(verbs, said)
    verbs_only = phrases.blank(verbs, [Found(h.start, h.end, None) for h in mentions])
    return found, blanked, refs, verbs, mentions, verbs_only, _marked(body, found, refs, mentions)


def _marked(body: str, found: dict[str, list[Found]], refs: list[Found], mentions: list[Any]) -> str:
    """What the scorer reads: the request with each slot, version and model name replaced by a marker of its kind
    ("retrain zmodel on zwindow", "ship zversion"), so it learns from the wording and the kinds of slot, not
    from the values."""
    spans = [(f.start, f.end, f"z{key}") for key, spans in found.items() for f in spans]
    spans += [(r.start, r.end, "zversion" if r.value.isdigit() else "zit" if r.value == "moved" else f"z{r.value}")
              for r in refs]
    spans += [(h.start, h.end, "zmodel") for h in mentions]
    out, at = [], 0
    for start, end, marker in sorted(spans):
        if start >= at:
            out += [body[at:start], f" {marker} "]
            at = end
    return " ".join("".join([*out, body[at:]]).split())


@cache
def _scorer() -> scorer.IntentScorer:
    """The learned intent scorer fitted on the shipped phrasings: loaded from the user's cache, fitted on a miss."""
    return scorer.load_or_fit(lambda: fit_scorer(scorer.phrasings()))


def fit_scorer(rows: list[tuple[str, str]]) -> scorer.IntentScorer:
    """An intent scorer fitted on (text, label) phrasings, each read as cues like a request is."""
    return scorer.IntentScorer().fit([scorer_cues(text) for text, _ in rows], [label for _, label in rows])


def scorer_cues(text: str) -> str:
    """A phrasing as the scorer reads it: the demo models' names, the slots and the versions marked."""
    known = Models(scorer.DEMO_MODELS, reserved=set(cues.VOCABULARY))
    said = intents.normal(text.strip(), keep=known.vocabulary)
    return _cues(said[intents.opener(said):], known, scorer.TODAY, text.strip())[-1]


def changes_made(step: Step) -> bool:
    from tools.agent.toolkit import changes

    return step.tool in TOOLS and changes(TOOLS[step.tool], step.args, None)


def _plan(clauses: list[Clause], body: str, refs: list[Found], found: dict[str, list[Found]], mentions: list[Any],
          memory: Memory, known: Models, models: dict[str, str], blanked: str, verbs_only: str) -> Reading:
    if not any(c.tool for c in clauses):
        return follow_up(body, refs, found, mentions, memory, models)
    steps = _steps(clauses, refs, found, memory, body, blanked)
    if isinstance(steps, str):
        return Reading(problem=steps)
    every = _EVERY_MODEL.search(body)
    if every and all(s.tool == "snooze" for s in steps):  # "snooze all of them", "snooze all the models": snooze's "all"
        every, steps = None, [Step(s.tool, {**s.args, "model": "all"}) for s in steps]
    if every and all(s.tool == "alerts" for s in steps) and (re.search(r"\bacross\s+$", body[:every.start()]) or (
            every.group(0) == "all of them" and _OF_THE_ALERTS.search(body[:every.start()]))):
        every = None  # "list every incident across all models", "incidents, all of them": one listing, of every model
    if every and every.group(0).endswith("everything") and all(s.tool == "alerts" for s in steps):
        every = None  # "alerts for everything": one listing, of every model
    for step in steps:  # "silence all alerts", "snooze everything": snooze's own "all" (the tool takes it)
        if step.tool == "snooze" and not step.args.get("model") and not every and _EVERYTHING.search(body):
            step.args = {**step.args, "model": "all"}
    widened = {id(s) for s in _widened(steps, clauses, every)}
    if not widened and any(s.tool in TOOLS and "model" in TOOLS[s.tool].input.model_fields and not s.args.get("model")
                           for s in steps) and (called := known.unknown(verbs_only, skip=set(cues.VOCABULARY), called=True)):
        return Reading(problem=f"I don't know a model called '{called}'. Configured models: {', '.join(sorted(models))}.")
    if missing := [s for s in steps if s.tool in NEEDS_MODEL and not s.args.get("model") and id(s) not in widened]:
        unknown = known.unknown(verbs_only, skip=set(cues.VOCABULARY))
        if unknown:
            return Reading(problem=f"I don't know a model called '{unknown}'. Configured models: {', '.join(sorted(models))}.")
        if len(models) == 1:
            for step in missing:
                step.args = {"model": next(iter(models)), **step.args}
        else:
            return Reading(problem=f"Which model do you mean? I know {_or(sorted(models))}.")
    steps = [Step(s.tool, {**s.args, "model": m}, s.when) if id(s) in widened else s  # "alerts for every model": each
             for s in steps for m in (list(models) if id(s) in widened else [None])]
    said = [(s.tool, repr(sorted(s.args.items())), s.when) for s in steps]  # "page #33 was legit, the drift was real":
    steps = [s for index, s in enumerate(steps) if said[index] not in said[:index]]  # one rating, said twice over
    return same_request.conditions(body, steps)


def _widened(steps: list[Step], clauses: list[Clause], every: re.Match[str] | None) -> list[Step]:
    """The steps "every model" is said of: those of the clause that says it ("retrain all three models"), or of every
    clause after a clause that only says which models ("for every model, ship the challenger if better"); never a
    step whose own clause named its model ("deploy wine 3, then list alerts for all the models"), nor one of another
    clause ("retrain it and check all the models" asks which model to retrain)."""
    if not every:
        return []
    owner = max((c for c in clauses if c.start <= every.start()), key=lambda c: c.start, default=None)
    named = {c.start for c in clauses if c.models}
    each = NEEDS_MODEL | {"alerts"}
    return [s for s in steps if s.tool in each and s.clause_at not in named and (
        owner is None or owner.tool is None or owner.start == s.clause_at)]


def _steps(clauses: list[Clause], refs: list[Found], found: dict[str, list[Found]], memory: Memory, body: str,
           blanked: str) -> list[Step] | str:
    steps: list[Step] = []
    model = next((m for c in clauses for m in c.models), None) or memory.model
    # "wine is performing bad since few days, what's happening with the live data?": how long what is told has lasted,
    # not the span the request beside it asks about; a root cause is asked of what was told ("cancer auc tanked past
    # 6h, root cause??"), so it keeps the told span
    found = {**found, "window": [w for w in found.get("window", []) if any(c.tool == "why" for c in clauses) or not any(
        holds(clauses, i, [w]) for i, c in enumerate(clauses) if c.situation)]}
    window = next(iter(found["window"]), None) or threads.threads_window(body, memory)
    windowed = [c for c in clauses if c.tool in WINDOWED]
    for index, clause in enumerate(clauses):
        if clause.tool is None:
            continue
        end = clauses[index + 1].start if index + 1 < len(clauses) else len(body) + 1
        if clause.tool == "help" and len(topics := each_topic(body[clause.start:end])) > 1:
            steps += [Step("help", {"topic": topic}) for topic in topics]  # "usage of tune and of cancel?"
            continue
        first = not any(c.tool for c in clauses[:index])  # "cancer: v2 or v3, which wins?": the versions before it
        told = [c for c in clauses[:index] if c.situation]
        heard = [r for r in refs if not any(c.start <= r.start < n.start for c, n in zip(clauses, clauses[1:]) if c in told)]
        bare = [n.value for n in phrases.bare_numbers(blanked[clause.start:end])]
        said = [r.value for r in refs if clause.start <= r.start < end] + bare  # what its own clause says
        mine = [r.value for r in refs if clause.start <= r.start < end or (first and r.start < clause.start and r in heard)]
        mine += bare
        mine = mine or same_request.version_of_step_before(clause.tool, steps, body[clause.start:end])
        if clause.tool == "rollback":  # "…? v4 was way better than what we have now": back to v4
            mine = same_request.rollback_target(body, refs, [(c.start, clause_end(clauses, i)) for i, c in enumerate(
                clauses) if c.situation or c is clause], mine)
        if first:  # "if I deploy wine 7, would it pass the gate?": the version the supposed change names
            mine += [n.value for c, n_start in zip(clauses[:index], [c.start for c in clauses[1:index + 1]])
                     if reads.supposed(c.text.lstrip()) for n in phrases.bare_numbers(blanked[c.start:n_start])]
        trained_before = any(s.tool in ("train", "tune") for s in steps) or (
            clause.tool == "deploy" and any(s.tool == "compare" for s in steps) and not memory.trained)
        named = None if any(s.tool in ("train", "tune") for s in steps) else same_request.version_named_before(
            heard, clause.start) or threads.compared_before(steps)  # "if wine v5 beats prod, ship it": it is v5;
        # "cancer is v3 in prod; …" says, not names; "if diabetes 5 outperforms what's live, promote it": the one compared
        # "snooze the low one's model", "snooze both models" after an alerts listing: the models of the incidents named
        pointed = [] if clause.models or clause.tool not in NEEDS_MODEL else snoozes.models_pointed(body[clause.start:end],
                                                                                                     memory)
        clause_model = clause.models[0] if clause.models else pointed[0] if pointed else model
        if why := not_taken(clause.tool, clause_model, [f.value for f in found.get("params", []) if clause.start <= f.start
                                                        < end], said):  # "reproduce v3 but with max_depth=10"
            return why
        mine = [named if r == "it" and named else _resolve(r, memory, trained_before, clause.tool) for r in mine]
        args: dict[str, Any] = {}
        if clause.tool in NEEDS_MODEL or (clause.tool == "alerts" and clause_model and clause.models or
                                           clause.tool == "alerts" and model and clause.models) or clause.tool == "alerts" and (
                memory.model and reads.alerts_of_the_check(body[clause.start:end], memory.last) or model and (
                    threads.alerts_of_the_model(body[clause.start:end]))):  # "…, then list its open alerts"
            args["model"] = clause_model
        if own := threads.clause_window(found.get("window", []), clause, end, windowed):
            args.update(own.value)  # each clause of a chain keeps the window it said
        elif window and clause.tool in WINDOWED and (_owns(window, clause, windowed, clauses) or same_request.shares_window(
                body[clause.start:end]) or same_request.drift_and_its_cause(clause.tool, [c.tool for c in clauses])
                or same_request.data_of_the_training(clause.tool, [c.tool for c in clauses[index + 1:]])):
            args.update(window.value)
        # "evaluate wine v2 and v3", "evaluate both prod and the challenger": one call per version; "status of cancer +
        # diabetes", "roll back both diabetes and wine": one call per model
        pool = clause.models or pointed or same_request.models_listed_before(clauses[:index], clause.tool,
                                                                              body[clause.start:end])
        names = list(dict.fromkeys(pool)) if "model" in args and len(set(pool)) > 1 else [None]
        if len(names) > 1 and clause.tool in MUTATING and re.search(r"\bor\b", clause.text):
            return f"Which model, {_or(names)}? Say it with the verb, e.g. `{clause.tool} {names[0]}`."  # "roll back
            # wine or cancer": one of them, not both
        for name, each, slots_ in product(names, same_request.one_call_each(clause.tool, mine, body[clause.start:end]),
                                          each_record(clause.tool, found, clause.start, end)):
            own = sum(c.tool == clause.tool == "abtest" for c in clauses) > 1  # "results, then stop it": each its mode
            slots_ = {**slots_, "percent": [f for f in slots_.get("percent", []) if clause.start <= f.start < end]} if \
                own else slots_  # "stop that one then start the 10%": the share is the start's
            made = _args(clause.tool, {**args, "model": name} if name else dict(args), each, slots_,
                         body[clause.start:end] if own else body, memory, trained_before)
            if isinstance(made, str):
                return made
            steps.append(Step(clause.tool, made, version_of_trained=trained_before and "it" in each,
                              clause_at=clause.start))
    return steps


def _owns(window: Found, clause: Clause, windowed: list[Clause], clauses: list[Clause]) -> bool:
    before = [c for c in windowed if c.start <= window.start]
    owner = before[-1] if before else windowed[0]
    return owner is clause


def _resolve(ref: str, memory: Memory, trained_before: bool, tool: str) -> str:
    if ref == "moved":  # "the version we rolled back to": where the thread's move put production; a rollback of "what
        # we just shipped" undoes that move, never rolls back to the version it put live
        return str(memory.moved) if memory.moved and tool != "rollback" else "it"
    if ref == "previous" and memory.replaced and tool in _OF_ONE_VERSION:  # "the version it replaced"
        return str(memory.replaced)
    if ref != "it":
        return ref
    if trained_before:
        return "challenger"
    known = memory.trained or memory.version
    return str(known) if known else "it"


def _args(tool: str, args: dict[str, Any], refs: list[str], found: dict[str, list[Found]], body: str,
          memory: Memory, trained_before: bool) -> dict[str, Any] | str:
    from tools.agent.settings import settings

    return settings(tool, args, refs, found, body, memory, trained_before)


def _or(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)
