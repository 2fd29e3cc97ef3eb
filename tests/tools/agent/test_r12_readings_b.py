"""Readings of the r12 monitoring families in other words: monitor settings said in a sentence (a new-data policy with
a row threshold, the alert channel named as a setting, the live window each check reads said after the check, a drift
check on a schedule, materializing stopped), follow-ups in a monitoring thread (one listed monitor switched by a
pronoun, "same for X" after a monitor change, a schedule "from now on", a policy beside a complaint) and questions
the monitors' listing answers (what else is snoozed, the noise rate)."""

from __future__ import annotations

from typing import Any

from tests.tools.agent.readings import MODELS, steps
from tools.agent.offline import recall
from tools.agent.understand import Memory


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


def test_one_monitor_of_the_listing_switched_by_a_pronoun() -> None:
    listed = recall(_listing([("cancer", False), ("wine", True), ("diabetes", True)]), MODELS)
    assert steps("switch that one back on", listed) == [("monitor", {"model": "cancer", "state": "on"})]
    assert steps("please restart the stopped one", listed) == [("monitor", {"model": "cancer", "state": "on"})]
    assert steps("turn that one off", listed) == [], "two monitors run: which one is asked, none guessed"


def test_same_for_another_model_after_a_monitor_change_repeats_its_settings() -> None:
    started = Memory(model="wine", pending=True, last=("monitor", {"model": "wine", "every": "15m",
                                                                   "channel": "#ops"}))
    assert steps("and the same for diabetes please", started) == [
        ("monitor", {"model": "diabetes", "every": "15m", "channel": "#ops"})]
    assert steps("same for cancer and diabetes", started) == [
        ("monitor", {"model": "cancer", "every": "15m", "channel": "#ops"}),
        ("monitor", {"model": "diabetes", "every": "15m", "channel": "#ops"})]
    deployed = Memory(model="wine", last=("deploy", {"model": "wine", "version": "4"}))
    assert steps("the same for cancer pls", deployed) == [], "a deploy names a version of its own model: asked"


def test_a_schedule_from_now_on_after_a_check_is_only_the_monitor() -> None:
    checked = Memory(model="wine", last=("run_check", {"model": "wine"}))
    assert steps("as of now, check it every hour", checked) == [("monitor", {"model": "wine", "every": "1h"})]
    assert steps("starting now check it every 45 minutes", checked) == [("monitor", {"model": "wine", "every": "45m"})]
    assert steps("check diabetes now and then every 30m") == [
        ("run_check", {"model": "diabetes"}), ("monitor", {"model": "diabetes", "every": "30m"})]


def test_a_policy_beside_what_the_monitor_does_by_itself_is_only_the_policy() -> None:
    shown = Memory(model="cancer", last=("monitor", {"model": "cancer"}))
    assert steps("only alert on drift from now on, it retrains every single time", shown) == [
        ("monitor", {"model": "cancer", "on_drift": "alert"})]
    assert steps("cancer retrains constantly, stop its monitor") == [("monitor", {"model": "cancer", "state": "off"})]
    assert steps("please retrain the cancer model") == [("train", {"model": "cancer"})]


def test_what_else_is_snoozed_is_the_monitors_listing_even_after_a_snooze() -> None:
    snoozed = Memory(model="cancer", last=("snooze", {"model": "cancer", "duration": "2h"}))
    assert steps("what else is muted right now?", snoozed) == [("monitors", {})]
    assert steps("which other monitors are silenced?", snoozed) == [("monitors", {})]
    assert steps("which models are muted at the moment?") == [("monitors", {})]
    assert steps("mute diabetes too", snoozed)[0][0] == "snooze", "a snooze asked is still a snooze"


def test_the_noise_rate_of_the_alerts_is_the_monitors_listing() -> None:
    assert steps("how high is the false alarm rate of our alerts, per model?") == [("monitors", {})]
    assert steps("what's the noise rate of our alerts over the last 2 weeks, broken down by monitor?") == [
        ("monitors", {})]
    assert steps("what share of our monitoring alerts were noise this month, per monitor?") == [("monitors", {})]
    assert steps("rate 14 as a false alarm") == [("rate_alert", {"incident": 14, "verdict": "noise"})]


def _listing(monitors: list[tuple[str, bool]]) -> list[Any]:
    from langchain_core.messages import messages_from_dict

    from tools.agent.evaluation import history

    shown = [{"model": model, "enabled": running, "every": "1h"} for model, running in monitors]
    return messages_from_dict(history([
        {"role": "user", "content": "list the monitors, stopped ones too"},
        {"role": "tool", "tool": "monitors", "args": {"all": True}, "status": "done", "result": {"monitors": shown}}]))
