"""Monitor settings, policies and stops said in other words, each reading asserted exactly."""

from __future__ import annotations

from tests.tools.agent.readings import steps
from tools.agent.understand import Memory


def test_a_setting_moved_in_a_polite_question_after_a_complaint_is_set() -> None:
    assert steps("the wine monitor is noisy. could you raise its cooldown to 12 hours?") == [
        ("monitor", {"model": "wine", "cooldown": "12h"})]
    assert steps("does the wine monitor have a 12h cooldown?") == [("monitor", {"model": "wine"})]


def test_a_span_read_on_each_check_is_the_monitors_window() -> None:
    assert steps("set the cancer monitor to read the past 2 days of traffic per run") == [
        ("monitor", {"model": "cancer", "window": "2d"})]
    assert steps("cancer's monitor should look at the last 12 hours of data on each check") == [
        ("monitor", {"model": "cancer", "window": "12h"})]
    assert steps("cancer drift over the last 3d") == [("check_drift", {"model": "cancer", "last": "3d"})]


def test_a_model_made_to_retrain_on_a_condition_sets_the_policy_and_without_one_retrains() -> None:
    assert steps("have cancer retrain itself whenever 200 new rows come in") == [
        ("monitor", {"model": "cancer", "on_new_data": "retrain", "min_new_rows": 200})]
    assert steps("have wine retrain") == [("train", {"model": "wine"})]
    assert steps("have wine retrain on the last 30 days") == [("train", {"model": "wine", "last": "30d"})]


def test_a_policy_said_around_its_model_keeps_the_model() -> None:
    assert steps("on wine drift: just alert") == [("monitor", {"model": "wine", "on_drift": "alert"})]
    assert steps("don't retrain wine on drift, only alert") == [("monitor", {"model": "wine", "on_drift": "alert"})]
    assert steps("don't retrain cancer on new data, just ignore new rows") == [
        ("monitor", {"model": "cancer", "on_new_data": "ignore"})]
    assert steps("no longer retrain cancer when there is new data") == [
        ("monitor", {"model": "cancer", "on_new_data": "ignore"})]


def test_monitors_stopped_by_a_command_are_turned_off_not_cancelled_or_listed() -> None:
    off = [("monitor", {"model": m, "state": "off"}) for m in ("cancer", "wine", "diabetes")]
    assert steps("pause every model's monitor") == off
    assert steps("stop monitoring all three models") == off
    assert steps("stop the cancer and wine monitors") == off[:2]
    assert steps("did you stop the monitors?") == [("monitors", {})]


def test_a_model_stopped_after_the_monitors_listing_is_its_monitor() -> None:
    listed = Memory(last=("monitors", {}))
    assert steps("pause the wine one", listed) == [("monitor", {"model": "wine", "state": "off"})]
    assert steps("stop the job j3f9a1c", listed) == [("cancel", {"job": "j3f9a1c"})]


def test_materialize_is_a_help_topic_and_a_check_after_materializing_is_its_own_step() -> None:
    assert steps("how does materializing work?") == [("help", {"topic": "materialize"})]
    assert steps("how do i materialise the online store") == [("help", {"topic": "materialize"})]
    assert steps("materialize cancer, then check it") == [("materialize", {"model": "cancer"}),
                                                          ("run_check", {"model": "cancer"})]
    assert steps("training data for cancer, is it good for retrain? please check since 1 november") == [
        ("validate_data", {"model": "cancer", "since": "2026-11-01"})]


def test_the_kinds_of_request_the_agent_reads_are_what_its_feedback_is_about() -> None:
    assert steps("does the assistant keep misunderstanding deploy requests? show me its feedback") == [("feedback", {})]
    assert steps("agent feedback, then retrain wine") == [("feedback", {}), ("train", {"model": "wine"})]
    assert steps("how often does this tool get things wrong?") == [("feedback", {})]


def test_a_step_after_the_monitors_listing_is_its_own_and_a_stopped_one_asked_for_lists_all() -> None:
    assert steps("show every monitor and pause the wine one") == [("monitors", {}),
                                                                  ("monitor", {"model": "wine", "state": "off"})]
    assert steps("show the monitors and then pull up incident 9") == [("monitors", {}), ("incident", {"incident": 9})]
    assert steps("list each monitor, the disabled one as well") == [("monitors", {"all": True})]
    assert steps("which monitors are switched off?") == [("monitors", {"all": True})]


def test_what_each_monitor_is_set_to_beside_the_listing_is_answered_by_it() -> None:
    assert steps("show the monitors and how often each one runs") == [("monitors", {})]
    assert steps("list the monitors plus the channels they post to") == [("monitors", {})]
    assert steps("where can I see every check you have scheduled?") == [("monitors", {})]
    assert steps("list monitors and open alerts") == [("monitors", {}), ("alerts", {})]
    assert steps("show the monitors and the alerts for wine") == [("monitors", {}), ("alerts", {"model": "wine"})]


def test_whether_monitoring_exists_for_every_model_is_the_listing() -> None:
    assert steps("I need proof that monitoring is set up for every model") == [("monitors", {})]
    assert steps("is monitoring in place for wine?") == [("monitor", {"model": "wine"})]
