"""Readings of the r12 listing and showing families in other words: an incident picked from the thread's listing by
its place or by what the listing said of it, a "#n" handled, "that incident" with none shown, every incident ever
flagged in one listing, an incident's state set by hand or code asked for (no call), and "it" beside the agent's
feedback; a verdict asked about (a read of the incident), incidents pointed at in a listing rated in its order, and a
rating followed by another request (both planned) or by why it was given (nothing more)."""

from __future__ import annotations

from langchain_core.messages import messages_from_dict

from tests.tools.agent.readings import MODELS, TODAY, steps
from tools.agent.evaluation import history
from tools.agent.offline import recall
from tools.agent.understand import Memory, read


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


def test_an_incident_of_the_listing_is_picked_by_how_severe_it_is() -> None:
    assert steps("what happened in the worst one?", LISTED) == [("incident", {"incident": 61})]
    assert steps("details on the lowest severity one", LISTED) == [("incident", {"incident": 57})]
    two_high = listed((70, "wine", "drift", "high", "open", "2026-12-05T01:00:00Z"),
                      (69, "cancer", "drift", "high", "open", "2026-12-04T01:00:00Z"))
    assert steps("what happened in the worst one?", two_high) == [], "two tie for it: which one is asked"
    assert steps("check the diabetes one for drift", LISTED) == [("check_drift", {"model": "diabetes"})], \
        "a check asked in so many words stays a check"


def test_a_verdict_asked_about_shows_the_incident() -> None:
    assert steps("was page 21 a false alarm?") == [("incident", {"incident": 21})]
    assert steps("did somebody flag #19 as useful?") == [("incident", {"incident": 19})]
    assert steps("is incident 6 noise?") == [("incident", {"incident": 6})]
    assert steps("incident 9 was useful?") == [("incident", {"incident": 9})]
    assert steps("were alerts 14 and 15 noise?") == [("incident", {"incident": 14}), ("incident", {"incident": 15})]
    assert steps("was the cancer one noise?", LISTED) == [("incident", {"incident": 57})]
    assert steps("were all three junk?", LISTED) == [("incident", {"incident": n}) for n in (61, 57, 52)]


def test_a_verdict_said_or_asked_for_still_rates() -> None:
    assert steps("page 21 was a false alarm") == [("rate_alert", {"incident": 21, "verdict": "noise"})]
    assert steps("could you mark #19 useful?") == [("rate_alert", {"incident": 19, "verdict": "useful"})]
    assert steps("mark 6 as noise?") == [("rate_alert", {"incident": 6, "verdict": "noise"})]


def test_incidents_pointed_at_in_a_listing_are_rated_in_its_order() -> None:
    newest_first = listed((70, "wine", "drift", "low", "open", "2026-12-05T01:00:00Z"),
                          (68, "wine", "drift", "low", "open", "2026-12-04T01:00:00Z"))
    for text in ("both were legit", "rate all of them useful", "both of those were helpful"):
        assert steps(text, newest_first) == [("rate_alert", {"incident": n, "verdict": "useful"}) for n in (70, 68)], text
    for text in ("mark them all as false alarms", "both of them were junk", "they were both noise"):
        assert steps(text, newest_first) == [("rate_alert", {"incident": n, "verdict": "noise"}) for n in (70, 68)], text
    assert steps("they were all noise", LISTED) == [("rate_alert", {"incident": n, "verdict": "noise"}) for n in (61, 57, 52)]
    assert steps("the wine one was noise, the other two useful", LISTED) == [
        ("rate_alert", {"incident": 52, "verdict": "noise"}), ("rate_alert", {"incident": 61, "verdict": "useful"}),
        ("rate_alert", {"incident": 57, "verdict": "useful"})], "in the order said"
    assert steps("both were legit", LISTED) == [], "three were listed: which two is not told"


def test_a_rating_then_another_request_plans_both() -> None:
    assert steps("page 4 was a false alarm, what's the status of wine?") == [
        ("rate_alert", {"incident": 4, "verdict": "noise"}), ("status", {"model": "wine"})]
    assert steps("inc 12 useful; any open alerts for diabetes?") == [
        ("rate_alert", {"incident": 12, "verdict": "useful"}), ("alerts", {"model": "diabetes"})]
    assert steps("alert 7 was a false positive, roll back cancer to v2") == [
        ("rate_alert", {"incident": 7, "verdict": "noise"}), ("rollback", {"model": "cancer", "version": "2"})]


def test_what_follows_a_rating_without_asking_asks_nothing_more() -> None:
    for text in ("incident 8 was noise, the wine drift came from a schema change", "page 3 was helpful, cheers monitor",
                 "flag alert 5 as useful, it caught the broken release"):
        assert [tool for tool, _ in steps(text)] == ["rate_alert"], text
