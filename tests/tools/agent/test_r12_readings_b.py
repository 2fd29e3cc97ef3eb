"""Readings of the r12 monitoring families in other words: monitor settings said in a sentence (a new-data policy with
a row threshold, the alert channel named as a setting, the live window each check reads said after the check, a drift
check on a schedule, materializing stopped), follow-ups in a monitoring thread (one listed monitor switched by a
pronoun, "same for X" after a monitor change, a schedule "from now on", a policy beside a complaint) and questions
the monitors' listing answers (what else is snoozed, the noise rate)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tools.agent.understand import Memory, read

MODELS = {"cancer": "Breast cancer diagnosis (binary)", "wine": "Wine cultivar (multiclass)",
          "diabetes": "Diabetes progression (regression)"}
TODAY = date(2026, 12, 5)


def steps(text: str, memory: Memory | None = None) -> list[tuple[str, dict[str, Any]]]:
    return [(s.tool, s.args) for s in read(text, MODELS, today=TODAY, memory=memory).steps]


def test_a_retrain_on_new_data_policy_said_with_what_lands_and_a_row_threshold() -> None:
    assert steps("the wine monitor should refit whenever fresh data arrives, with at least 200 new rows") == [
        ("monitor", {"model": "wine", "on_new_data": "retrain", "min_new_rows": 200})]
    assert steps("retrain diabetes as soon as new labelled data lands") == [
        ("monitor", {"model": "diabetes", "on_new_data": "retrain"})]
    assert steps("retrain wine when the new data lands next week") == [("train", {"model": "wine"})], \
        "one training on data that is coming is no policy"


def test_materializing_before_each_check_said_to_stop_is_materialize_false() -> None:
    assert steps("the diabetes monitor should no longer materialize the online store ahead of each run") == [
        ("monitor", {"model": "diabetes", "materialize": False})]
    assert steps("don't materialize before every check on wine anymore") == [
        ("monitor", {"model": "wine", "materialize": False})]
    assert steps("don't stop the cancer monitor, but materialize before each check") == [
        ("monitor", {"model": "cancer", "materialize": True})]


def test_the_alert_channel_named_as_a_setting_is_the_monitors_channel() -> None:
    assert steps("set the notification channel for the wine monitor to #wine-ops") == [
        ("monitor", {"model": "wine", "channel": "#wine-ops"})]
    assert steps("the alerting channel for diabetes should be #diabetes-oncall") == [
        ("monitor", {"model": "diabetes", "channel": "#diabetes-oncall"})]
    assert steps("what's the alert channel of the wine monitor?") == [("monitor", {"model": "wine"})]


def test_the_live_window_said_after_each_check_is_the_monitors_window() -> None:
    assert steps("every run of the wine monitor should cover the past 3 days") == [
        ("monitor", {"model": "wine", "window": "3d"})]
    assert steps("each check for diabetes needs to read 12 hours of traffic") == [
        ("monitor", {"model": "diabetes", "window": "12h"})]
    assert steps("run a check on cancer over the last 48 hours") == [("run_check", {"model": "cancer"})]


def test_a_drift_check_with_a_schedule_is_the_monitors_interval() -> None:
    assert steps("scan diabetes for drift hourly") == [("monitor", {"model": "diabetes", "every": "1h"})]
    assert steps("look for drift on cancer every 30 minutes") == [("monitor", {"model": "cancer", "every": "30m"})]
    assert steps("check wine for drift over the last 2 hours") == [("check_drift", {"model": "wine", "last": "2h"})]
    assert steps("is wine checked for drift every 2 hours?") == [("check_drift", {"model": "wine"})]
