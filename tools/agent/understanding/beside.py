"""A request's clauses, and the readings of one clause that depend on the others beside it: a statement of what
is going on beside a request, what a check is run to find out, live data held against training data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tools.agent.understanding import intents
from tools.agent.understanding.monitor_settings import COOLDOWN, MIN_NEW_ROWS
from tools.agent.understanding.words import asides, feedback, lifecycle, monitoring, online_tests, reads, serving
from tools.agent.understanding.tool_kinds import MUTATING

SPLIT = re.compile(r"\s*(?:(?<!\bincl)[;.!?]+\s+|\s*[\U0001F300-\U0001FAFF\u2600-\u27BF]+\s+|,?\s+(?:and\s+)?then\s+|,\s*(?:and\s+)?|\s+and\s+(?:also\s+)?|\s+[&+]\s+|\s+plus\s+)")


@dataclass
class Clause:
    text: str
    start: int
    tool: str | None = None
    models: list[str] = field(default_factory=list)
    situation: bool = False  # says what is going on ("cancer is v3 in prod"): its versions are not the request's


# What the person does or will do themselves: "we're retraining it anyway", "if it's bad I'll roll back", "we're
# rebuilding the ingest pipeline" (a plan or work of their own, the reason for the request beside it, not one more
# request)
_OWN_DOING = re.compile(r"^\W*(?:(?:if|when|once|and|but|so)\b[^,]*?,?\s*)?(?:i|we)(?:'ll|'m|'re|\s+will|\s+am|\s+are)\s+"
                        r"(?:(?:probably|just|then|likely|going\s+to|gonna|still|currently)\s+)?(?:re-?train|train|deploy|ship"
                        r"|promot|roll|revert|tun|snooz|mut|silenc|unlock|paus|kill|cancel|releas|re-?build|re-?fit|refresh"
                        r"|re-?work|fix|migrat|upgrad|replac|re-?writ|repair|patch|debug|investigat|clean)\w*\b")


def situations(clauses: list[Clause], body: str) -> None:
    """"diabetes says it's busy but nothing is running. free its lock": beside a clause that asks for something, one
    that says what is going on is the reason for it, no request of its own (read in the words as typed: the subject
    is what tells a statement from a question). Alone, it may be a read ("wine is training" is its status), never
    a change."""
    ends = [c.start for c in clauses[1:]] + [len(body)]
    said = [body[c.start:end].strip() for c, end in zip(clauses, ends, strict=True)]
    # a clause merged from several ("wine is stuck locked, release it") holds its request: no mere situation
    told = [_told(s) and (not SPLIT.search(s.rstrip(" ,;.!?")) or all(_told(p) for p in _pieces(s))) for s in said]
    asked = any(c.tool and not situation for c, situation in zip(clauses, told, strict=True))
    for clause, situation in zip(clauses, told, strict=True):
        if situation and (asked or clause.tool in MUTATING):  # "nothing is training for wine" asks nothing
            clause.tool, clause.situation = None, True


def online_store_behind(clauses: list[Clause], body: str, question: bool) -> None:
    """"🔄 online store for wine pls, features are a day behind", "online store for diabetes is behind, catch it up":
    a command that names the online store and says it is behind, and asks nothing but what it says beside that, is a
    materialize (a statement alone asks for nothing, a question is no command). "The online store looks stale, can you
    refresh it?", "feast online store for diabetes, bring it up to date": what is asked brings the store up to date,
    so it is that load too (not a retrain, a drift check on "features" or a status), the store said behind or not."""
    if question or not serving.store_named(body):
        return
    ends = [c.start for c in clauses[1:]] + [len(body)]
    # a clause merged from several ("the online features are hours behind, fix it pls") is read piece by piece
    asking = [[p for p in _pieces(body[c.start:end]) if re.search(r"[a-z]", p[intents.opener(p):]) and not _told(p)]
              for c, end in zip(clauses, ends, strict=True)]
    if not serving.store_behind(body) and not any(serving.freshens(p) for said in asking for p in said):
        return
    # "…, check drift on it", "stop refreshing it": a request of its own; what the words of a load read as alone is
    # that load
    if any((tool := intents.intent(p, has_model=True, question=False)) and (
            tool not in _LOAD_MISREAD or not serving.freshens(p)) for said in asking for p in said):
        return
    asked = [c for c, said in zip(clauses, asking, strict=True) if said]
    for clause in clauses:
        clause.tool = "materialize" if asked and clause is asked[0] else None if asked else clause.tool


# What a load of the online store, said in other words, reads as without the store beside it: "refresh it" a retrain,
# "load the new features" a drift check, "bring it up to date" a status, "push fresh ones" a deploy
_LOAD_MISREAD = {"train", "check_drift", "status", "deploy", "materialize"}


def served_values_not_drift(clauses: list[Clause], body: str) -> None:
    """"are we serving wrong feature values for diabetes? online vs offline": beside a skew check of the same model, a
    clause read as a drift check only for the features it names asks about the same served values, no drift check."""
    skews = [c for c in clauses if c.tool == "feature_skew"]
    ends = [c.start for c in clauses[1:]] + [len(body)]
    for clause, end in zip(clauses, ends, strict=True):
        if clause.tool == "check_drift" and skews and not serving.drift_named(body[clause.start:end]) and all(
                not s.models or not clause.models or s.models == clause.models for s in skews):
            clause.tool = None


def mismatch_in_a_store_thread(clauses: list[Clause], body: str, last_tool: str | None) -> None:
    """"did that fix the mismatch? check the last hour", "check the mismatch again" after a materialize or a skew
    check: whether served and offline values still differ is that skew check, no run of the monitor's check."""
    if last_tool not in ("materialize", "feature_skew"):
        return
    ends = [c.start for c in clauses[1:]] + [len(body)]
    for clause, end in zip(clauses, ends, strict=True):
        if clause.tool in (None, "run_check", "check_drift") and serving.mismatch_asked(body[clause.start:end]):
            clause.tool = "feature_skew"


def _told(said: str) -> bool:
    return bool(intents.situation(said) or lifecycle.news(said) or reads.background(said) or serving.symptom(said)
                or serving.arrived(said) or _OWN_DOING.search(said) or asides.does_on_its_own(said))


def _pieces(said: str) -> list[str]:
    """The parts a merged clause was joined from ("the box got rebooted and now wine says it's locked")."""
    return [p.strip() for p in SPLIT.split(said.rstrip(" ,;.!?")) if p and p.strip()]


def changes_made_before(clauses: list[Clause], found: dict[str, list[Any]]) -> None:
    """"check cancer now, we retrained and deployed yesterday": a change told as already made, by the person or
    anyone else, is what happened, never a request; its time ("yesterday") is when it was made, no window of the
    read beside it."""
    told = False
    for index, clause in enumerate(clauses):
        if clause.tool in MUTATING | {None}:
            told = asides.made(clause.text, after_told=told)
        else:  # "is anything snoozed? someone muted alerts last night": beside a request, what a change told with its
            # maker names ("alerts") is what was changed, not asked
            told = any(c.tool for c in clauses if c is not clause) and asides.made(clause.text, after_told=False)
        if told:
            end = clauses[index + 1].start if index + 1 < len(clauses) else 10**9
            clause.tool, clause.situation = None, True
            if kept := [f for f in found.get("window", []) if not clause.start <= f.start < end]:
                found["window"] = kept
            else:
                found.pop("window", None)


# The arms of an online test: "latency and f1 per arm", "how does each arm score?"
_ARMS = re.compile(r"\b(?:per|each|by|both|every)\s+arms?\b|\barms?\b")


def asked_of_the_test(clauses: list[Clause], job_said: bool) -> None:
    """"A/B results for wine, then stop it": after an online test's clause, "stop it" (no job said) stops that
    test; "…split test, latency and f1 per arm?" asks the test's own per-arm figures, no evaluation of its own."""
    for before, clause in zip(clauses, clauses[1:]):
        if before.tool != "abtest" or clause.models and clause.models != before.models:
            continue
        if clause.tool == "cancel" and not job_said:
            clause.tool = "abtest"
        elif clause.tool in ("evaluate", "status") and _ARMS.search(clause.text) or clause.tool == "status" and \
                _STILL_ON.search(clause.text):
            clause.tool = None  # "who started the cancer A/B test, and is it still running?": the test says
        elif clause.tool in ("compare", "evaluate") and _ASKED_OF_ITS_ARMS.match(clause.text) and not _COMPARED.search(
                clause.text):
            clause.tool = None  # "what's the a/b on cancer saying, is the challenger's roc_auc better or not": the
            # test's own figures answer it, no offline compare beside


def share_of_traffic(clauses: list[Clause], shares: list[Any], body: str, question: bool) -> None:
    """"ok let's try it on real traffic, 10% split", "half the traffic to the challenger then please", "start a 15% test
    on diabetes", "let's test it live on 10% first": a request with no verb of its own (or only "test … on") that gives
    a share of traffic with the words of a test asks for an online test at that share (a question never)."""
    for index, clause in enumerate(clauses):
        end = clauses[index + 1].start if index + 1 < len(clauses) else len(body)
        if not question and (share := next((f.value for f in shares if clause.start <= f.start < end), None)) and \
                online_tests.tested_on_a_share(body[clause.start:end], clause.tool, share):
            clause.tool = "abtest"


# A question of how the challenger does, asked beside its online test ("…, is the challenger's roc_auc better on the
# labelled traffic or not", "…, does the new one score higher?"); "…, and compare v3 with v5" asks a compare of its own
_ASKED_OF_ITS_ARMS = re.compile(r"^\W*(?:(?:and|so|i\.?e\.?|like|ie)\W+)?(?:is|are|does|do|did|has|how|which)\b")
_COMPARED = re.compile(r"\b(?:compar\w*|vs\.?|versus|side\s+by\s+side|offline|holdout|held[-\s]out)\b")
_STILL_ON = re.compile(r"^\W*(?:and\s+)?(?:is|are)\s+(?:(?:it|they|that|the\s+test)\s+)?still\s+(?:on|running|live|going)\b")
_SLOT_OF_ONE_READ = {"limit": "history", "sample": "feature_skew"}


def slot_of_one_read(clauses: list[Clause], found: dict[str, list[Any]]) -> None:
    """"give me the last 50 events for wine and its current status", "skew diabetes sample 50, then validate it": a
    clause with no verb of its own that holds a setting only one read takes (a history's length, the sample of a
    skew check) asks for that read."""
    for index, clause in enumerate(clauses):
        end = clauses[index + 1].start if index + 1 < len(clauses) else 10**9
        said = [tool for key, tool in _SLOT_OF_ONE_READ.items() if any(clause.start <= f.start < end for f in found.get(key, []))]
        if clause.tool is None and len(said) == 1:
            clause.tool = said[0]


# What a version's card records: its limitations and intended use, who signed it off, the data it was trained on;
# or the version itself, named as a topic ("the version that got deployed on wine, v7 — …")
_CARD_RECORDS = re.compile(r"\b(?:limitations?|intended\s+use|caveats?|signed?\s+off|approved\s+by|who\s+approved"
                           r"|trained\s+on|training\s+data)\b|^\W*the\s+(?:version|one)\s+(?:that|which)\b")


def answered_by_the_card(clauses: list[Clause], body: str) -> None:
    """"who signed off on wine's current version? show me the card", "what are the known limitations of wine in prod?
    the model card should say": before a card, a question about what the card records is answered by it, no status
    or history of its own ("who signed off on that deploy? need it for the card" has no card asked: its history)."""
    ends = [c.start for c in clauses[1:]] + [len(body)]
    for index, (clause, end) in enumerate(zip(clauses, ends, strict=True)):
        if clause.tool in ("status", "history") and any(c.tool == "card" for c in clauses[index + 1:]) and \
                _CARD_RECORDS.search(body[clause.start:end]):
            clause.tool = None


def answered_by_the_listing(clauses: list[Clause]) -> None:
    """"list the scheduled checks and which channel each of them alerts into": beside the monitors' listing, with no
    model named, a read asking what each monitor is set to is answered by that listing."""
    if not any(c.tool == "monitors" for c in clauses) or any(c.models for c in clauses):
        return
    for clause in clauses:
        if clause.tool not in MUTATING and clause.tool not in ("monitors", "incident") and monitoring.of_each_monitor(
                clause.text):
            clause.tool = None


# The settings only a monitor has: asked of "which models", they pick monitors
_MONITOR_POLICIES = ("auto_deploy", "on_drift", "on_new_data", "materialize", "every", "channel")


def picked_by_a_policy(clauses: list[Clause], found: dict[str, list[Any]]) -> None:
    """"which models are set to auto-deploy after a retrain?", "do any models retrain on drift?", "which models post to
    #ml-alerts?": with no model named, models picked by what their monitor does are the monitors' listing (it shows
    each one's policies), not the list of models."""
    if any(c.models for c in clauses):
        return
    ends = [c.start for c in clauses[1:]] + [10**9]
    for clause, end in zip(clauses, ends, strict=True):
        if clause.tool == "list_models" and any(clause.start <= f.start < end for key in _MONITOR_POLICIES
                                                for f in found.get(key, [])):
            clause.tool = "monitors"


def silence_beside_monitoring(clauses: list[Clause]) -> None:
    """"is the scheduler even alive?? nothing has paged in 2 days": beside the monitors asked about (or a check run), a
    statement that nothing fired is why it is asked, no alerts read of its own."""
    if any(c.tool in ("monitors", "monitor", "run_check") for c in clauses):
        for clause in clauses:
            if clause.tool == "alerts" and monitoring.silence_told(clause.text):
                clause.tool = None


# Kinds of request the agent is asked about ("reading retrain requests", "unlock and abtest asks")
_REQUEST_KINDS = re.compile(r"\b(?:requests?|asks|questions|commands|messages|prompts)\b")


def the_agents_own_work(clauses: list[Clause], body: str, about_agent: bool = False) -> None:
    """"is the agent getting better at reading retrain requests? feedback for 60 days", "is the bot misreading unlock
    and abtest asks?", "how often does it get things wrong? feedback on the bot": beside the agent's feedback, with no
    model named, the kinds of request it reads, or how well "it" does, are what the feedback is about, no request of
    their own. In a thread `about_agent` ("the bot misunderstood me again"), "how often does that happen? show me the
    ratings" asks its feedback, the agent left unsaid."""
    if any(c.models for c in clauses):
        return
    if about_agent and clauses and all(c.tool not in MUTATING for c in clauses) and feedback.rated_in_thread(
            body):
        for clause in clauses:
            clause.tool = None
        clauses[0].tool = "feedback"
    if clauses and not any(c.tool for c in clauses) and "?" in body and feedback.about_the_agent(body):
        clauses[0].tool = "feedback"  # "since we launched the chat mode, how do people like it?": named, then asked
    if not any(c.tool == "feedback" for c in clauses):
        return
    ends = [c.start for c in clauses[1:]] + [len(body)]
    for clause, end in zip(clauses, ends, strict=True):
        if clause.tool != "feedback" and (_REQUEST_KINDS.search(clause.text) or feedback.about_the_agent(clause.text)
                                          or feedback.said_as_it(body[clause.start:end])
                                          or feedback.rated_in_thread(body[clause.start:end])):  # "how often…? feedback"
            clause.tool = None


# A question that says its own answer and asks only to confirm it: "…, v5 right?", "it was v3, no?"
_CONFIRMS = re.compile(r"\b(?:v|version\s+|#)?\d+\s*,?\s*(?:right|correct|yes|no|isn'?t\s+it|wasn'?t\s+it)\s*\?")


def confirmed_in_passing(clauses: list[Clause], body: str) -> None:
    """"what was live before the deploy, v5 right? how does v5 compare to v7?": a status or history question that
    says its own answer, beside a later read that works with it, is said in passing: the later read is the request."""
    ends = [c.start for c in clauses[1:]] + [len(body)]
    for index, (clause, end) in enumerate(zip(clauses, ends, strict=True)):
        if clause.tool in ("status", "history") and _CONFIRMS.search(body[clause.start:end]) and any(
                c.tool and c.tool not in MUTATING for c in clauses[index + 1:]):
            clause.tool = None


def what_the_check_finds(clauses: list[Clause]) -> None:
    """"run wine's check now to see if it's still drifting", "has the data grown? run its check": beside a check,
    what it is to find out is what the check reports, no read of its own."""
    if any(c.tool == "run_check" for c in clauses):
        for clause in clauses:
            if clause.tool in _CHECK_REPORTS and monitoring.purpose_of_check(
                    clause.text, question=intents.is_question(clause.text)):
                clause.tool = None


_CHECK_REPORTS = ("check_drift", "validate_data", "alerts", "status")


def live_against_training(clauses: list[Clause], body: str) -> None:
    """"compare cancer's live traffic to its training data": live inputs against training data are a drift check,
    whatever verb or data word it is said with; "is it doing worse than at training?" sets the model against its own
    training, an evaluation."""
    ends = [c.start for c in clauses[1:]] + [len(body)]
    for clause, end in zip(clauses, ends, strict=True):
        if clause.tool in ("compare", "validate_data") and lifecycle.live_against_training(body[clause.start:end]):
            clause.tool = "check_drift"
        elif clause.tool in ("compare", "history") and lifecycle.worse_than_at_training(body[clause.start:end]):
            clause.tool = "evaluate"


def schedule_after_check(clauses: list[Clause], index: int, schedule: int, body: str) -> None:
    """A check with a schedule sets the schedule; said now first ("check wine now and then every 30m after that"),
    the check is run now and the schedule set after it."""
    check = clauses[index]
    if monitoring.check_now_then_schedule(body[check.start:schedule]):
        clauses.insert(index + 1, Clause(body[schedule:], schedule, "monitor", list(check.models)))
    else:
        check.tool = "monitor"


def one_monitor_call(clauses: list[Clause]) -> None:
    """Two clauses beside each other that both set a model's monitor ("send its alerts to #x and bump it to every 2
    hours") are one call: its settings are read from the whole request."""
    for index, clause in enumerate(clauses[1:], start=1):
        before = clauses[index - 1]
        if clause.tool == before.tool == "monitor" and (not clause.models or not before.models or
                                                        clause.models == before.models):
            clause.tool = None


def settings_after_monitor(clauses: list[Clause], body: str) -> None:
    """"cancer monitor: cooldown 2h, only count it as new data after 500 new rows": after a clause that sets a
    model's monitor, a clause that only says more of its settings (new rows, cooldown) is part of that call, not a
    data validation or a training of its own."""
    ends = [c.start for c in clauses[1:]] + [len(body)]
    for index, (clause, end) in enumerate(zip(clauses, ends, strict=True)):
        setter = next((c for c in clauses[:index] if c.tool == "monitor"), None)
        if setter and clause.tool in ("validate_data", "train") and (not clause.models or clause.models == setter.models) \
                and (MIN_NEW_ROWS.search(body[clause.start:end]) or COOLDOWN.search(body[clause.start:end])):
            clause.tool = None


# (a status asked for in so many words is one too: no more of the why before it; a bare "measure it" measures what it follows)
_OWN_READ = re.compile(r"\W*(?:(?:then|also|and|please|pls|now|next|after\s+that|finally)\W+)*(?:evaluat\w*|eval|score"
                       r"|measure(?!\W*$)|(?:(?:show|give|get|tell|pull\s+up|fetch|display|list)\s+(?:me\s+|us\s+)?"
                       r"|what(?:'s|\s+is)\s+)?(?:its|the|their|her|his)\s+(?:current\s+)?status)\b")


def own_read(text: str) -> bool:
    """"check the drift of cancer, then evaluate production on live traffic", "…, and show me its status": a clause
    that opens with its own read verb is a request of its own, not the question before it said again."""
    return bool(_OWN_READ.match(text))


def said_outright(clause: Clause) -> bool:
    """"evaluate wine and …", "how did the latest training do?", "rate incident 5", "draw production over time",
    "what did the monitors flag?", "tune cancer and …": a read said in so many words, or a change said by its own
    command word first, stays whatever the scorer guesses."""
    said = clause.text[intents.opener(clause.text):]
    return clause.tool == "evaluate" and own_read(clause.text) or clause.tool == "status" and reads.recorded_score(said) \
        or clause.tool == "rate_alert" or clause.tool == "history" and reads.production_over_time(said) \
        or clause.tool == "alerts" and monitoring.flagged(said) \
        or clause.tool in _COMMAND_WORDS and said.split(maxsplit=1)[:1] == [clause.tool]


_COMMAND_WORDS = {"train", "tune", "deploy", "rollback", "snooze", "unlock", "reproduce", "materialize"}


def scored_on_live_traffic(clauses: list[Clause], live: list[int]) -> None:
    """"what did it score on the live traffic of this week?": a score asked of real traffic is an evaluation on it,
    not the score its training recorded (`live` holds where the live-traffic words start)."""
    for index, clause in enumerate(clauses):
        end = clauses[index + 1].start if index + 1 < len(clauses) else 10**9
        if clause.tool == "status" and any(clause.start <= at < end for at in live):
            clause.tool = "evaluate"


def asides_of_a_read(clauses: list[Clause], body: str) -> None:
    """A change word said as the context of a read is no change: the plan the read is for ("abt to roll back wine…
    wait first: what's the drift?", "i want to retrain wine, validate november first"), a command someone else
    typed, quoted, a state ("the ones we snoozed", "while it's muted"), a habit ("we should stop shipping on
    fridays"), a change asked about as done ("who deployed cancer yesterday?"). "While we wait for the approval, is
    cancer drifting?": the wait is context too, only the drift is asked."""
    ends = [c.start for c in clauses[1:]] + [len(body)]
    said = [body[c.start:end] for c, end in zip(clauses, ends, strict=True)]
    for index, (clause, text) in enumerate(zip(clauses, said, strict=True)):
        others = [c for c in clauses if c is not clause and c.tool and c.tool not in MUTATING]
        later_first = any(c.tool and c.tool not in MUTATING and asides.first(t)
                          for c, t in zip(clauses[index + 1:], said[index + 1:], strict=True))
        listed = index and asides.listed_after(said[index - 1], text) and clauses[index - 1].tool not in MUTATING
        aside = (asides.reported(text) or asides.state(text)) and intents.intent(  # what is left asks no change
            asides.without_asides(clause.text), has_model=bool(clause.models), question=False) not in MUTATING
        if clause.tool in MUTATING and (listed or aside or asides.not_asked(text) or others and (
                asides.intention(text) or later_first or asides.done_asked(text))):
            clause.tool = None
        elif clause.tool and others and asides.meanwhile(text):
            clause.tool = None


def times_of_supposed_changes(found: dict[str, list[Any]], body: str) -> None:
    """"would the challenger clear the gate if I shipped it today?": today is when the change would be, no window."""
    if kept := [f for f in found.get("window", []) if not asides.supposed_time(body[:f.start])]:
        found["window"] = kept
    else:
        found.pop("window", None)
