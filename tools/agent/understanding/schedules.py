"""A clause that carries a monitor's schedule, policy, channel, window or materialize is the monitor's own setting,
not a check run now or a training: "check X every 10m from now on" sets X's monitor."""

from __future__ import annotations

from tools.agent.understanding import beside
from tools.agent.understanding.beside import Clause
from tools.agent.understanding.clauses import clause_end, holds
from tools.agent.understanding.monitor_settings import LIVE_WINDOW, PER_CHECK_WINDOW, loads_before_each_check
from tools.agent.understanding.phrases import Found
from tools.agent.understanding.words import monitoring


def monitors_schedule(clauses: list[Clause], found: dict[str, list[Found]], body: str) -> None:
    """A check that carries a schedule ("check X every 10m from now on", "check wine for drift every 2 hours") sets
    the monitor's schedule, and a clause that is only a retrain policy ("retrain X whenever 500 new rows land") sets
    the monitor's policy, and so is a clause that only gives a model its schedule ("set wine to every 2 hours and …").
    Commands only: a question about one ("do you check X every hour?") stays a read."""
    for clause in list(clauses):
        index = clauses.index(clause)
        if clause.tool in ("run_check", "check_drift") and holds(clauses, index, found.get("every", [])):
            beside.schedule_after_check(clauses, index, found["every"][0].start, body)
        elif clause.tool in (None, "train", "materialize") and holds(clauses, index, found.get("on_new_data", []) + found.get(
                "on_drift", []) + found.get("materialize", [])) or clause.tool is None and clause.models and holds(
                clauses, index, found.get("every", [])):  # "set wine to every 2 hours and …": its schedule
            clause.tool = "monitor"
        elif clause.tool in ("status", "deploy") and holds(clauses, index, found.get("every", [])) and LIVE_WINDOW.search(
                body[clause.start:clause_end(clauses, index)]):
            clause.tool = "monitor"  # "change (switch) the diabetes check to hourly with a 14 day live window"
        elif clause.tool in (None, "alerts") and holds(clauses, index, monitoring.routings(found.get("channel", []))):
            clause.tool = "monitor"  # "move diabetes alerts to #oncall": the monitor's channel, routed in words
        elif clause.tool == "alerts" and index and clauses[index - 1].tool == "monitor" and holds(
                clauses, index, found.get("channel", [])):
            clause.tool = "monitor"  # "check it every 10 minutes and alert in #oncall": that monitor's channel
        elif clause.tool in (None, "run_check", "check_drift") and PER_CHECK_WINDOW.search(body[clause.start:clause_end(clauses, index)]):
            clause.tool = "monitor"  # "cancer's monitor should look at the last 12h of data on each check": its window
        elif clause.tool in (None, "train", "materialize", "run_check", "check_drift") and loads_before_each_check(
                body, clause.start, clause_end(clauses, index)):
            clause.tool = "monitor"  # "sync the feature store before each run": the monitor's materialize
    beside.one_monitor_call(clauses)
