"""Readings of the r12 rating families in other words: several incidents each with its own verdict, incidents of a
listing pointed at by place, by what they were about or all at once, verdicts in other words, and the reason told
after a rating."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import messages_from_dict

from tests.tools.agent.readings import MODELS, steps
from tools.agent.evaluation import history
from tools.agent.offline import recall
from tools.agent.understand import Memory
from tools.agent.understanding.reading import Listed

# A listing of three incidents, newest id first (as the alerts tool lists them), opened in another order
LISTING = Memory(last=("alerts", {"all": True}), listed=(61, 60, 59), rows=(
    Listed(61, ("diabetes", "metric", "drop", "high", "open"), "2026-12-04T10:00:00Z"),
    Listed(60, ("cancer", "drift", "low", "resolved"), "2026-12-05T01:00:00Z"),
    Listed(59, ("wine", "check", "failed", "medium", "open"), "2026-12-03T01:00:00Z")))


def rated(*pairs: tuple[int, str]) -> list[tuple[str, dict[str, Any]]]:
    return [("rate_alert", {"incident": n, "verdict": v}) for n, v in pairs]


def test_several_incidents_each_with_its_own_verdict() -> None:
    assert steps("page 7 was a real problem, 8 and 9 were noise") == rated((7, "useful"), (8, "noise"), (9, "noise"))
    assert steps("#40 useful, #41 junk, #42 legit") == rated((40, "useful"), (41, "noise"), (42, "useful"))
    assert steps("inc 12 junk; inc 13 a good catch") == rated((12, "noise"), (13, "useful"))
    assert steps("61 noise, 59 legit", LISTING) == rated((61, "noise"), (59, "useful"))


def test_a_bare_number_is_no_incident_without_a_listing_or_an_incident_named_beside_it() -> None:
    assert steps("compare wine 3 and 4, 3 was better") == [("compare", {"model": "wine", "a": "3", "b": "4"})]
    assert steps("incident 12 was noise, 3 days of drift were useful") == rated((12, "noise"))


def test_incidents_of_a_listing_pointed_at_by_their_place() -> None:
    assert steps("last one useful, first two noise", LISTING) == rated((59, "useful"), (61, "noise"), (60, "noise"))
    assert steps("first and third were noise, second legit", LISTING) == rated((61, "noise"), (59, "noise"),
                                                                                 (60, "useful"))
    assert steps("the newest one was spam", LISTING) == rated((60, "noise"))
    assert steps("61 was useful, the rest were junk", LISTING) == rated((61, "useful"), (60, "noise"), (59, "noise"))
    assert steps("all 3 were legit", LISTING) == rated((61, "useful"), (60, "useful"), (59, "useful"))


def test_incidents_of_a_listing_pointed_at_by_what_they_were_about() -> None:
    assert steps("the regression one was a false alarm", LISTING) == rated((61, "noise"))
    assert steps("mark the closed one as noise", LISTING) == rated((60, "noise"))
    assert steps("the drift one was legit, the other two noise", LISTING) == rated((60, "useful"), (61, "noise"),
                                                                                  (59, "noise"))
    assert steps("the open ones were noise", LISTING) == rated((61, "noise"), (59, "noise"))
    assert steps("the medium one wasn't worth the page", LISTING) == rated((59, "noise"))


def test_a_pointer_that_tells_no_one_incident_or_a_question_rates_nothing() -> None:
    assert not any(t == "rate_alert" for t, _ in steps("the other two were noise", LISTING)), "three are left"
    assert not any(t == "rate_alert" for t, _ in steps("all four were noise", LISTING)), "three were listed"
    assert not any(t == "rate_alert" for t, _ in steps("was the wine one noise?", LISTING))
    assert not any(t == "rate_alert" for t, _ in steps("the first one was noise")), "no listing to point at"


def test_a_listing_in_the_thread_is_remembered_with_what_each_row_said() -> None:
    thread = [{"role": "user", "content": "alerts incl resolved"},
              {"role": "tool", "tool": "alerts", "args": {"all": True}, "status": "done", "result": {"incidents": [
                  {"id": 72, "model": "cancer", "kind": "check_failed", "severity": "low", "status": "open"},
                  {"id": 70, "model": "diabetes", "kind": "drift", "severity": "high", "status": "resolved"}]}},
              {"role": "assistant", "content": "#72 cancer failing check (open), #70 diabetes drift (resolved)."}]
    memory = recall(messages_from_dict(history(thread)), MODELS)
    assert steps("the failing check one was useful", memory) == rated((72, "useful"))
    assert steps("flag the resolved one noise", memory) == rated((70, "noise"))


def test_verdicts_in_other_words() -> None:
    assert steps("incident 9 wasn't really worth getting up for") == rated((9, "noise"))
    assert steps("incident 9 was worth waking up for") == rated((9, "useful"))
    assert steps("alert 3 was not a real issue") == rated((3, "noise"))
    assert steps("I'd say alert 5 was a genuine catch") == rated((5, "useful"))
    assert steps("page #8: true positive") == rated((8, "useful"))
    assert steps("is the wine data valid?") == [("validate_data", {"model": "wine"})], "no alert is rated"


def test_the_reason_told_after_a_rating_asks_for_nothing_more() -> None:
    assert steps("rate alert 44 as noise, the drift was from a schema migration") == rated((44, "noise"))
    assert steps("mark inc 8 noise, wine's monitor is too twitchy") == rated((8, "noise"))
    assert steps("mark incident 12 noise, then check drift on wine") == [
        *rated((12, "noise")), ("check_drift", {"model": "wine"})]
    assert steps("rate incident 12 as noise, is wine drifting?") == [
        *rated((12, "noise")), ("check_drift", {"model": "wine"})]
