"""Follow-ups in a monitoring or feedback thread, read against the thread's last call.

After a monitor was shown or checked, a request that only gives settings ("make it every 20 minutes", "send its
alerts to #ml-oncall", "keep checking it every 10 minutes") sets them on that monitor. After the monitors were
listed, a model picked from the list ("show me the wine one", "turn off the diabetes one") is that model's monitor,
and so is the one a switch points at ("turn that one back on" when one listed monitor was stopped).
After the agent's feedback, a period alone ("and for the last 7 days?", "over 90 days?") asks it again for it.
After a monitor or an A/B test, "stop it" is that monitor or test, and "how's the test going?" that test; after a
monitor, "show me its settings" is that monitor.
"""

from __future__ import annotations

import re
from typing import Any

from tools.agent.understanding import intents
from tools.agent.understanding.threads import records as thread_records
from tools.agent.understanding.words import monitoring
from tools.agent.understanding.words.feedback import bare_days
from tools.agent.understanding.monitor_settings import monitor_settings
from tools.agent.understanding.phrases import Found
from tools.agent.understanding.reading import Memory, Reading, Step
from tools.agent.understanding.slots import STATE_OFF, STATE_ON
from tools.agent.understanding.beside import Clause
from tools.agent.understanding.words import lifecycle, online_tests

_MONITORING = ("monitor", "run_check", "monitors")
_THE_TEST = re.compile(r"\b(?:the|this|that|our|your)\s+(?:online\s+|live\s+|a/?b\s+)?(?:test|experiment|split"
                       r"|canary)\b")


def monitoring_follow_up(body: str, found: dict[str, list[Found]], new_model: str | None,
                         memory: Memory) -> Reading | None:
    """The thread's monitor (or feedback) asked again with what `body` changes; None when it is no such follow-up."""
    if memory.last is None:
        return None
    tool, last_args = memory.last
    if tool == "feedback":
        return _feedback_over(body, found)
    if tool not in _MONITORING:
        return None
    if tool == "monitors" and memory.open_on and new_model is None and _THOSE_INCIDENTS.match(body):
        # "list them" after the monitors showed open incidents: those incidents, model by model
        return Reading(steps=[Step("alerts", {"model": model}) for model in memory.open_on], asks=True)
    if tool == "monitors" and new_model and _OPEN_ONES.search(body):
        # "show me wine's open ones" after the listing counted open incidents: that model's incidents, not its monitor
        return Reading(steps=[Step("alerts", {"model": new_model})], asks=True)
    if tool != "monitors" and new_model is None and monitoring.listing_asked(body):
        # "and now the full list, stopped ones too" after one monitor was stopped: all the monitors, no one of them
        return Reading(steps=[Step("monitors", {"all": True} if monitoring.stopped_too(body) else {})])
    model = new_model or (last_args.get("model") or memory.model if tool != "monitors" else None)
    value = {key: spans[0].value for key, spans in found.items() if spans}
    settings = monitor_settings(value, body)
    if model is None and tool == "monitors":  # "turn that one back on": the one stopped monitor the listing showed
        model = thread_records.monitor_pointed_at(body, memory.monitors, settings.get("state"))
    if model is None:
        return None
    run = monitoring.runs_it_now(body) if tool != "monitors" else None
    if run and (not settings or settings == {"state": settings.get("state")} and all(  # "kick it off now": no switch
            run.start() <= m.start() < run.end() for m in (*STATE_OFF.finditer(body), *STATE_ON.finditer(body)))):
        if intents.negated(body, run.start()):
            return None  # "don't run it now" asks for nothing
        return Reading(steps=[Step("run_check", {"model": model})])  # "don't wait 6 hours, run it now"
    if set(settings) == {"state"} and (tool == "run_check" or _negated_state(body)):
        return None  # "don't stop it" asks for nothing; a check run is no monitor to turn off
    if settings and intents.is_question(body):
        return Reading(steps=[Step("monitor", {"model": model})])  # "does it run every hour?" shows, changes nothing
    if settings or tool == "monitors":  # "the wine one" from the list: its monitor, shown or set
        return Reading(steps=[Step("monitor", {"model": model, **settings})])
    return None


# The incidents a listing counted, pointed at: "list them", "show me those", "what are they?", "which ones?"
_THOSE_INCIDENTS = re.compile(r"^\W*(?:(?:ok|okay|so|then|and|pls|please|can\s+you|could\s+you|go\s+ahead\s+and)\W+)*"
                              r"(?:(?:list|show|see|pull\s+up|give|display|bring\s+up|open)\s+(?:me\s+)?(?:them|those|these|the"
                              # "list those 3", "show me the two open ones": as many as the listing counted
                              r"\s+(?:open\s+)?(?:ones|incidents|alerts)|(?:those|these|the)\s+(?:\d{1,3}|two|three|four|five|six"
                              r"|seven|eight|nine|ten)(?:\s+(?:open\s+)?(?:ones|incidents|alerts))?)"
                              r"|(?:what|which)\s+(?:are|were)\s+(?:they|those|these)"
                              r"|which\s+ones)(?:\s+(?:please|pls|then|too|now))?\W*$")

# The incidents still open, named by their state: "wine's open ones", "the unresolved ones on cancer", "what's open for wine"
_OPEN_ONES = re.compile(r"\b(?:open|unresolved|outstanding|unacknowledged|active)\s+(?:ones?|incidents?|alerts?|pages?|issues?)\b"
                        r"|\bwhat(?:'s|\s+is)\s+(?:still\s+)?open\b")


def _negated_state(body: str) -> bool:
    said = [m for m in (STATE_OFF.search(body), STATE_ON.search(body)) if m]
    return any(intents.negated(body, m.start()) for m in said)


def _feedback_over(body: str, found: dict[str, list[Found]]) -> Reading | None:
    window: dict[str, Any] = found["window"][0].value if found.get("window") else {}
    said = window.get("last", "")
    days = int(said[:-1]) if said.endswith("d") and said[:-1].isdigit() else bare_days(body)
    if days is None:
        return None
    return Reading(steps=[Step("feedback", {"days": days} if days != 30 else {})])


def monitor_or_test(clauses: list[Clause], found: dict[str, list[Found]], memory: Memory) -> None:
    """"stop it" / "kill it" with no job named, in a thread whose last call was a monitor or an A/B test: stop that
    monitor (state off) or that test (mode stop), not a job; after the monitors' listing, "stop the wine one" stops
    that one. After a test, "the test" / "the split" is that test."""
    if memory.last and memory.last[0] in ("monitor", "abtest") and not found.get("job"):
        for index, clause in enumerate(clauses):
            end = clauses[index + 1].start if index + 1 < len(clauses) else clause.start + len(clause.text) + 1
            if clause.tool == "cancel":  # "make it stop for the next 4 hours" after a monitor: its pings, a while
                clause.tool = "snooze" if memory.last[0] == "monitor" and any(
                    clause.start <= d.start < end for d in found.get("duration", [])) else memory.last[0]
    if memory.last and memory.last[0] == "monitors" and not found.get("job"):
        for clause in clauses:  # "stop the diabetes one" after the monitors were listed: that monitor
            if clause.tool == "cancel" and clause.models:
                clause.tool = "monitor"
    if memory.last and (memory.last[0] in _MONITORING or memory.last[0] == "help" and memory.last[1].get("topic") in (
            "monitor", "monitors")):
        for clause in clauses:  # "what's set up currently across the models?" after a monitor was explained: the monitors
            if clause.tool in (None, "list_models") and not clause.models and monitoring.what_is_set_up(clause.text):
                clause.tool = "monitors"
    if memory.last and memory.last[0] in ("monitor", "run_check"):  # "show me its settings now"
        for clause in clauses:
            if clause.tool in (None, "status") and not clause.models and monitoring.its_settings(clause.text):
                clause.tool = "monitor"
    if memory.last and memory.last[0] == "abtest":  # "how's the test going?", "any news on the split?"
        shares = tuple(f.start for f in found.get("percent", []))
        for clause in clauses:
            if online_tests.started_at_a_share(clause, shares):
                continue  # "ok start one at 5%" after a test was read (or none found): a test started at that share
            if clause.tool in (None, "status") and (_THE_TEST.search(clause.text) or lifecycle.asks_how_it_goes(
                    clause.text) or online_tests.asks_how_it_goes(clause.text)):
                clause.tool = "abtest"
