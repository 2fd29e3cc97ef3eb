"""Requests read by rules where the intent scorer was only just sure (a training job spun up, what is deployed at the
moment, a release backed out, a deploy waiting for approval, the gate), and the r10 families: materialize in other
words and beside what the serving side shows, an incident's postmortem, stopped monitors, closed alerts, the agent's
own feedback. Each reading asserted exactly, in phrasings the dev set does not hold."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, TODAY, steps
from tools.agent.understand import Memory, read
from tools.agent.understanding.threads.records import listed_incidents, shown_incident


def test_a_training_started_in_other_words_is_a_train() -> None:
    assert steps("fire up a training run for wine on the last 14 days") == [("train", {"model": "wine", "last": "14d"})]
    assert steps("spin up a retraining job for diabetes") == [("train", {"model": "diabetes"})]
    assert steps("fresh labels landed. time for a new cancer model, last 60 days") == [
        ("train", {"model": "cancer", "last": "60d"})]


def test_what_is_deployed_now_is_a_status_and_who_deployed_it_a_history() -> None:
    assert steps("which wine version is deployed currently?") == [("status", {"model": "wine"})]
    assert steps("what diabetes model is deployed at the moment") == [("status", {"model": "diabetes"})]
    assert steps("was cancer's current version promoted by hand or by the monitor?") == [
        ("history", {"model": "cancer"})]


def test_backing_out_a_release_is_a_rollback_never_a_deploy() -> None:
    assert steps("back out the newest wine release") == [("rollback", {"model": "wine"})]
    assert steps("please back out diabetes's last deploy") == [("rollback", {"model": "diabetes"})]


def test_a_score_asked_of_a_past_training_is_its_status() -> None:
    assert steps("what did the scheduled nightly retraining of wine end up scoring?") == [("status", {"model": "wine"})]


def test_a_change_waiting_for_approval_is_asked_of_the_status() -> None:
    assert steps("has the cancer rollback been signed off yet?") == [("status", {"model": "cancer"})]
    assert steps("is there a wine deploy queued for someone to approve?") == [("status", {"model": "wine"})]
    assert read("has the cancer rollback been signed off yet?", MODELS, today=TODAY).asks


def test_the_gate_asked_about_in_other_words_is_a_compare() -> None:
    assert steps("can wine v4 clear the gate?") == [("compare", {"model": "wine", "b": "4"})]
    assert steps("would cancer version 6 get through the deployment gate?") == [("compare", {"model": "cancer", "b": "6"})]
    assert steps("is diabetes v8 good enough for the gate?") == [("compare", {"model": "diabetes", "b": "8"})]


def test_materialize_said_in_other_words_or_misspelt() -> None:
    assert steps("load fresh features into feast's online store for wine") == [("materialize", {"model": "wine"})]
    assert steps("get the online store up to date for diabetes") == [("materialize", {"model": "diabetes"})]
    assert steps("matrialise wine pls") == [("materialize", {"model": "wine"})]


def test_what_the_serving_side_shows_beside_a_materialize_is_its_reason() -> None:
    assert steps("the online store is returning nulls for wine, please materialize it") == [
        ("materialize", {"model": "wine"})]
    assert steps("serving can't find the diabetes features. could you materialize it?") == [
        ("materialize", {"model": "diabetes"})]
    assert steps("feast still serves yesterday's values for cancer, run a materialize") == [
        ("materialize", {"model": "cancer"})]


def test_a_change_said_to_come_first_leads_the_chain() -> None:
    assert steps("after materializing wine, run its check") == [("materialize", {"model": "wine"}),
                                                               ("run_check", {"model": "wine"})]
    assert steps("after yesterday's retraining, check wine drift") == [
        ("check_drift", {"model": "wine", "since": "2026-12-04", "until": "2026-12-05"})], "a time, not a step"


def test_a_polite_request_with_it_reads_the_model_said_before() -> None:
    assert steps("wine's features are stale. could you materialize it?") == [("materialize", {"model": "wine"})]


def test_what_an_incident_view_holds_asked_beside_it_is_that_incident() -> None:
    assert steps("postmortem on incident 14: which versions were involved and who trained what") == [
        ("incident", {"incident": 14})]
    assert steps("show incident 9. was anything rolled back after?") == [("incident", {"incident": 9})]


def test_the_incident_a_monitor_showed_open_is_the_one_meant() -> None:
    result = {"model": "wine", "action": "shown", "open_incidents": [{"id": 41, "model": "wine"}]}
    assert shown_incident({"name": "monitor", "args": {"model": "wine"}}, result) == (41, "wine")
    assert listed_incidents(result) == (41,)
    memory = Memory(model="wine", last=("monitor", {"model": "wine"}), incident=41, listed=(41,))
    assert steps("show me that incident", memory) == [("incident", {"incident": 41})]


def test_stopped_monitors_and_closed_alerts_are_listed_with_all() -> None:
    assert steps("list monitors incl. paused ones") == [("monitors", {"all": True})]
    assert steps("the whole incident log for wine") == [("alerts", {"model": "wine", "all": True})]
    assert steps("alert history for cancer") == [("alerts", {"model": "cancer"})]


def test_the_agents_feedback_asked_in_other_words_with_its_period() -> None:
    assert steps("how has the bot been doing on deploy questions? last 45 days") == [("feedback", {"days": 45})]
    assert steps("feedback days=10") == [("feedback", {"days": 10})]
    assert steps("where does the assistant get things wrong? three weeks") == [("feedback", {"days": 21})]
    assert steps("did people like how the bot answered alert questions?") == [("feedback", {})]
    assert steps("any downvotes on the agent lately?") == [("feedback", {})]
