"""Settings and record ids said in plain words: a metric on live traffic, a skew sample, a history length, an
incident's verdict, an approval id in a question, a snooze of every alert, a monitor's retrain-on-new-data policy."""

from __future__ import annotations

from tests.tools.agent.test_readings import steps


def test_a_metric_on_live_traffic_or_the_prediction_log_is_evaluate_live() -> None:
    assert steps("what's the live roc_auc of wine over the last 7 days?") == [
        ("evaluate", {"model": "wine", "live": True, "last": "7d"})]
    assert steps("how's the live rmse for diabetes") == [("evaluate", {"model": "diabetes", "live": True})]
    assert steps("cancer's f1 on the labelled rows of the prediction log?") == [
        ("evaluate", {"model": "cancer", "live": True})]
    assert steps("evaluate wine on logged predictions") == [("evaluate", {"model": "wine", "live": True})]
    assert steps("what's the f1 of wine v3?") == [("evaluate", {"model": "wine", "version": "3"})]


def test_a_skew_check_takes_its_sample_size() -> None:
    assert steps("skew check for cancer over the last 2h, sample 300") == [
        ("feature_skew", {"model": "cancer", "last": "2h", "sample": 300})]
    assert steps("check online/offline skew of diabetes on 1000 rows") == [
        ("feature_skew", {"model": "diabetes", "sample": 1000})]


def test_a_history_length_said_as_things_or_events() -> None:
    assert steps("show me the last 5 things that happened to wine") == [("history", {"model": "wine", "limit": 5})]
    assert steps("what were the last 3 things done to diabetes?") == [("history", {"model": "diabetes", "limit": 3})]


def test_an_incident_number_in_brackets_with_a_verdict_rates_it() -> None:
    assert steps("that page last night (#14) was a false alarm") == [
        ("rate_alert", {"incident": 14, "verdict": "noise"})]
    assert steps("#8 was a good catch") == [("rate_alert", {"incident": 8, "verdict": "useful"})]


def test_an_approval_id_in_any_question_is_that_approval() -> None:
    assert steps("did anyone approve 1234abcd5678ef90 yet?") == [("approval", {"approval_id": "1234abcd5678ef90"})]
    assert steps("has somebody signed off on 00ff00ff00ff00ff?") == [
        ("approval", {"approval_id": "00ff00ff00ff00ff"})]
    assert steps("approve 1234abcd5678ef90") == [], "approving in words is refused: approvals are buttons"


def test_shutting_up_every_alert_snoozes_all() -> None:
    assert steps("shut up all alerts for 2 days") == [("snooze", {"model": "all", "duration": "2d"})]
    assert steps("shut up all alerts for 3 days, we're migrating the feature store") == [
        ("snooze", {"model": "all", "duration": "3d"})]
    assert steps("silence every alert for 6 hours") == [("snooze", {"model": "all", "duration": "6h"})]


def test_retraining_whenever_new_rows_land_is_the_monitors_new_data_policy() -> None:
    assert steps("retrain wine automatically whenever at least 300 new rows land") == [
        ("monitor", {"model": "wine", "on_new_data": "retrain", "min_new_rows": 300})]
    assert steps("refit cancer once 1000 new rows arrive") == [
        ("monitor", {"model": "cancer", "on_new_data": "retrain", "min_new_rows": 1000})]
