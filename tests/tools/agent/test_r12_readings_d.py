"""Readings of the r12 listing and showing families in other words: an incident picked from the thread's listing by
its place or by what the listing said of it, a "#n" handled, "that incident" with none shown, every incident ever
flagged in one listing, an incident's state set by hand or code asked for (no call), and "it" beside the agent's
feedback."""

from __future__ import annotations

from datetime import date
from typing import Any

from langchain_core.messages import messages_from_dict

from tools.agent.evaluation import history
from tools.agent.offline import recall
from tools.agent.understand import Memory, read

MODELS = {"cancer": "Breast cancer diagnosis (binary)", "wine": "Wine cultivar (multiclass)",
          "diabetes": "Diabetes progression (regression)"}
TODAY = date(2026, 12, 5)


def steps(text: str, memory: Memory | None = None) -> list[tuple[str, dict[str, Any]]]:
    return [(s.tool, s.args) for s in read(text, MODELS, today=TODAY, memory=memory).steps]


def listed(*incidents: tuple[int, str, str, str, str, str]) -> Memory:
    """The memory of a thread whose last call listed these incidents (id, model, kind, severity, status, opened)."""
    result = {"model": None, "include_resolved": True, "incidents": [
        {"id": n, "model": m, "kind": k, "severity": s, "status": st, "opened_at": at} for n, m, k, s, st, at in incidents]}
    thread = [{"role": "user", "content": "all alerts, closed too"},
              {"role": "tool", "tool": "alerts", "args": {"all": True}, "status": "done", "result": result},
              {"role": "assistant", "content": "Here are the alerts."}]
    return recall(messages_from_dict(history(thread)), MODELS)


LISTED = listed((61, "diabetes", "drift", "high", "open", "2026-12-04T22:10:00Z"),
                (57, "cancer", "check_failed", "low", "resolved", "2026-11-28T09:00:00Z"),
                (52, "wine", "metric_drop", "medium", "open", "2026-11-19T15:30:00Z"))


def test_an_incident_of_the_listing_is_picked_by_its_place() -> None:
    assert steps("details on the third one", LISTED) == [("incident", {"incident": 52})]
    assert steps("tell me more about the first", LISTED) == [("incident", {"incident": 61})]
    assert steps("and the last one in the list?", LISTED) == [("incident", {"incident": 52})]


def test_an_incident_of_the_listing_is_picked_by_its_time_status_model_kind_or_severity() -> None:
    assert steps("pull up the earliest one", LISTED) == [("incident", {"incident": 52})]
    assert steps("what went on in the most recent one?", LISTED) == [("incident", {"incident": 61})]
    assert steps("timeline of the closed one", LISTED) == [("incident", {"incident": 57})]
    assert steps("the diabetes one, what happened?", LISTED) == [("incident", {"incident": 61})]
    assert steps("show me the metric drop", LISTED) == [("incident", {"incident": 52})]
    assert steps("why did the low severity one fire?", LISTED) == [("incident", {"incident": 57})]
    assert steps("the one on cancer was noise", LISTED) == [("rate_alert", {"incident": 57, "verdict": "noise"})]


def test_words_that_leave_more_than_one_incident_or_none_pick_nothing() -> None:
    assert steps("more on the open one", LISTED) == [], "two are open: which one is asked, not guessed"
    assert steps("the wine alerts", LISTED) == [("alerts", {"model": "wine"})], "a model's alerts, listed"
    both_open = listed((70, "wine", "drift", "high", "open", "2026-12-05T01:00:00Z"),
                       (69, "cancer", "drift", "high", "open", "2026-12-04T01:00:00Z"))
    assert steps("more on the resolved one", both_open) == []
    assert steps("show me the first version", both_open) != [("incident", {"incident": 70})]


def test_a_number_said_as_handled_is_an_incident() -> None:
    assert steps("what did the on-call end up doing about #31?") == [("incident", {"incident": 31})]
    assert steps("who handled #12 over the weekend") == [("incident", {"incident": 12})]
    assert steps("how was #8 resolved?") == [("incident", {"incident": 8})]
    assert steps("deploy #3 of diabetes") == [("deploy", {"model": "diabetes", "version": "3"})], "a version stays one"


def test_that_incident_with_none_shown_is_asked_back() -> None:
    reading = read("what went wrong with this alert?", MODELS, today=TODAY)
    assert reading.steps == [] and (reading.problem or "").startswith("Which incident?")
    assert steps("what happened in that page?") == []
    shown = Memory(last=("incident", {"incident": 44}), incident=44, model="cancer")
    assert steps("what happened in that page?", shown) == [("incident", {"incident": 44})]


def test_every_incident_ever_flagged_is_one_listing_with_the_closed_ones() -> None:
    assert steps("alerts please, all of them, the resolved ones as well") == [("alerts", {"all": True})]
    assert steps("everything the checks have ever caught, past and present") == [("alerts", {"all": True})]
    assert steps("what have the monitors flagged on diabetes, open and old?") == [
        ("alerts", {"model": "diabetes", "all": True})]
    assert steps("open alerts for all of them") == [
        ("alerts", {"model": "cancer"}), ("alerts", {"model": "wine"}), ("alerts", {"model": "diabetes"})]


def test_open_alerts_on_it_after_a_snooze_are_the_snoozed_models() -> None:
    snoozed = Memory(model="diabetes", last=("snooze", {"model": "diabetes", "duration": "2h"}))
    assert steps("anything still open on it now?", snoozed) == [("alerts", {"model": "diabetes"})]


def test_an_incidents_state_set_by_hand_or_code_asked_for_plans_nothing() -> None:
    for text in ("please close out incident 14", "ack #40", "dismiss all the wine alerts", "mark alert 9 as resolved",
                 "can you re-open page 3?", "could you code up a parser for the drift report",
                 "generate me a bash script that lists the incidents"):
        assert steps(text) == [], text
    assert steps("was incident 14 closed?") == [("incident", {"incident": 14})], "a question about it stays a read"
    assert steps("show me the closed incidents") == [("alerts", {"all": True})]
    assert steps("mark incident 9 noise") == [("rate_alert", {"incident": 9, "verdict": "noise"})]


def test_it_beside_the_agents_feedback_is_the_agent() -> None:
    about_cancer = Memory(model="cancer", last=("status", {"model": "cancer"}))
    assert steps("is it getting anything wrong lately? bot feedback for 14 days", about_cancer) == [
        ("feedback", {"days": 14})]
    assert steps("how often was cancer wrong this week?") != [("feedback", {})], "a model, not the agent"


def test_a_job_said_with_who_started_it_is_asked_of_the_status() -> None:
    assert steps("is the tune we started on wine finished yet?") == [("status", {"model": "wine"})]
