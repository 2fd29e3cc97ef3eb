"""Readings of the r13 monitoring families in other words: one monitor's settings asked in words, and the monitors'
overview asked of the models as a whole; settings given in sentences (a live window, retraining on drift or on new
data); the monitors' listing asked after a change, or with the stopped ones; monitors turned back on for every model;
and a monitor request that plans nothing beside it."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, steps
from tools.agent.understand import Memory


def test_one_monitors_settings_asked_in_words_show_that_monitor() -> None:
    assert steps("what are the diabetes monitor's settings at the moment?") == [("monitor", {"model": "diabetes"})]
    assert steps("what's the schedule of the wine monitor?") == [("monitor", {"model": "wine"})]
    assert steps("how often does the cancer monitor check?") == [("monitor", {"model": "cancer"})]
    assert steps("how often does the diabetes monitor run, and which channel do its alerts go to?") == [
        ("monitor", {"model": "diabetes"})]
    assert steps("which channel do wine alerts land in?") == [("monitor", {"model": "wine"})]


def test_a_monitors_run_and_its_alerts_asked_otherwise_keep_their_reading() -> None:
    assert steps("run the cancer monitor now") == [("run_check", {"model": "cancer"})]
    assert steps("where did the wine alerts go off yesterday?") == [("alerts", {"model": "wine"})]
    assert steps("how often was wine retrained this month?") == [("history", {"model": "wine"})]


def test_the_monitors_asked_of_the_models_as_a_whole_are_their_listing() -> None:
    assert steps("which models get monitored?") == [("monitors", {})]
    assert steps("which of the models are currently being watched?") == [("monitors", {})]
    assert steps("how often is every model checked, and where do the alerts end up?") == [("monitors", {})]
    assert steps("which models do we have?") == [("list_models", {})]
    assert steps("which models have open alerts?") == [("alerts", {})]


def test_the_stopped_monitors_asked_in_more_words_are_listed_too() -> None:
    assert steps("list the monitors for me, and also those that are switched off") == [("monitors", {"all": True})]
    assert steps("all monitors please, plus the ones which aren't running") == [("monitors", {"all": True})]
    assert steps("show the monitors") == [("monitors", {})]


def test_the_whole_listing_after_one_monitor_is_the_monitors_listing() -> None:
    stopped = Memory(model="cancer", last=("monitor", {"model": "cancer", "state": "off"}))
    assert steps("ok, now show the whole list, the paused ones too", stopped) == [("monitors", {"all": True})]
    assert steps("and the complete listing?", stopped) == [("monitors", {})]
    assert steps("switch it back on", stopped) == [("monitor", {"model": "cancer", "state": "on"})]


def test_what_is_set_up_in_a_thread_about_monitors_is_their_listing() -> None:
    explained = Memory(last=("help", {"topic": "monitor"}))
    assert steps("right, and what do we have configured for the models today?", explained) == [("monitors", {})]
    assert steps("so what's in place across all the models?", explained) == [("monitors", {})]
    assert steps("which models are configured?", explained) == [("list_models", {})]
    assert steps("which models are configured?") == [("list_models", {})]


def test_the_monitors_listing_asked_by_name_after_a_change_is_asked_too() -> None:
    assert steps("move cancer alerts to #ops, then give me the list of monitors") == [
        ("monitor", {"model": "cancer", "channel": "#ops"}), ("monitors", {})]
    assert steps("set wine to every 2 hours and show me the monitoring table afterwards") == [
        ("monitor", {"model": "wine", "every": "2h"}), ("monitors", {})]
    assert steps("show the monitor list") == [("monitors", {})]
    assert steps("is wine checked for drift every 2 hours?") == [("check_drift", {"model": "wine"})]


def test_monitors_turned_back_on_for_every_model_are_each_turned_on() -> None:
    each_on = [("monitor", {"model": m, "state": "on"}) for m in MODELS]
    assert steps("please restart the monitors for every model") == each_on
    assert steps("turn back on monitoring for all the models") == each_on
    assert steps("can you resume monitoring on all three?") == each_on
    assert steps("is monitoring on for all three models?") == [("monitors", {})], "a question switches nothing"
    assert steps("start monitoring wine every hour") == [("monitor", {"model": "wine", "every": "1h"})]


def test_the_live_window_said_as_what_the_monitor_looks_at_is_its_window() -> None:
    assert steps("I want the cancer monitor to use 3 days of production traffic") == [
        ("monitor", {"model": "cancer", "window": "3d"})]
    assert steps("the wine monitor should read a week of live data") == [("monitor", {"model": "wine", "window": "7d"})]
    assert steps("set up monitoring for wine every hour, reading the last 48 hours of live data") == [
        ("monitor", {"model": "wine", "every": "1h", "window": "48h"})]
    assert steps("check drift on wine using the last 3 days of data") == [("check_drift", {"model": "wine", "last": "3d"})]
    assert steps("does the cancer monitor look at 3 days of live data?") == [("monitor", {"model": "cancer"})]


def test_retraining_on_drift_said_condition_first_or_in_a_list_is_the_drift_policy() -> None:
    assert steps("whenever diabetes drifts, just refit it rather than paging me") == [
        ("monitor", {"model": "diabetes", "on_drift": "retrain"})]
    assert steps("every time drift is detected on cancer retrain it") == [
        ("monitor", {"model": "cancer", "on_drift": "retrain"})]
    assert steps("cancer monitor: every 2h, on drift: alert, channel #ml") == [
        ("monitor", {"model": "cancer", "every": "2h", "channel": "#ml", "on_drift": "alert"})]
    assert steps("monitor wine daily, on drift retrain, auto deploy false") == [
        ("monitor", {"model": "wine", "every": "1d", "on_drift": "retrain", "auto_deploy": False})]


def test_drift_asked_about_beside_a_retrain_keeps_its_reading() -> None:
    assert steps("if wine is drifting, retrain it") == [("check_drift", {"model": "wine"}), ("train", {"model": "wine"})]
    assert steps("any notes on drift alerts for wine?") == [("alerts", {"model": "wine"})]
    assert steps("when did wine start drifting?") == [("history", {"model": "wine"})]


def test_retraining_on_new_data_said_in_more_words_is_the_new_data_policy() -> None:
    assert steps("the wine monitor should retrain once there's new data, at least 300 rows") == [
        ("monitor", {"model": "wine", "on_new_data": "retrain", "min_new_rows": 300})]
    assert steps("retrain cancer when new data comes, min 200 new rows") == [
        ("monitor", {"model": "cancer", "on_new_data": "retrain", "min_new_rows": 200})]
    assert steps("refit diabetes as soon as arrives fresh data") == [
        ("monitor", {"model": "diabetes", "on_new_data": "retrain"})]
    assert steps("please retrain the cancer model") == [("train", {"model": "cancer"})]


def test_a_monitor_request_plans_nothing_beside_it() -> None:
    assert steps("watch diabetes every 2 hours, refit on drift and auto-deploy anything that clears the gate") == [
        ("monitor", {"model": "diabetes", "every": "2h", "on_drift": "retrain", "auto_deploy": True})]
    checked = Memory(model="wine", last=("run_check", {"model": "wine"}))
    assert steps("from now on check it every 30 minutes and alert #ml-oncall", checked) == [
        ("monitor", {"model": "wine", "every": "30m", "channel": "#ml-oncall"})]
    assert steps("check diabetes now and list alerts in #ops") == [("run_check", {"model": "diabetes"}), ("alerts", {})]


def test_nothing_fired_told_beside_a_monitoring_question_is_why_it_is_asked() -> None:
    assert steps("are the monitors even running? we haven't been paged all week") == [("monitors", {})]
    assert steps("is the wine monitor on? no alerts since tuesday") == [("monitor", {"model": "wine"})]
    assert steps("run a check on cancer, not a single alert in days") == [("run_check", {"model": "cancer"})]
    assert steps("is the scheduler alive? anything paged in the last 2 days?") == [("monitors", {}), ("alerts", {})]
    assert steps("no alerts for wine today?") == [("alerts", {"model": "wine"})]
