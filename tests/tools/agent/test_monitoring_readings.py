"""Monitoring, alerts and the agent's feedback said in other words, each reading asserted exactly: the monitors'
overview, a monitoring pass run now (never a schedule change), monitor policies said as what not to do, the
agent's ratings, what is on fire, and a verdict on an alert beside a thanks to the bot."""

from __future__ import annotations

from tests.tools.agent.test_readings import steps


def test_the_monitors_overview_asked_in_other_words_lists_the_monitors() -> None:
    for text in ("monitoring dashboard please", "give me a rundown of all the monitors", "which monitor has been the "
                 "noisiest?", "what are the alerting thresholds?", "when is the digest sent?", "is anything in quiet "
                 "hours at the moment?", "per-monitor alert counts", "what does each monitor post to?",
                 "monitoring config across all models", "what would wake up the on-call?"):
        assert steps(text) == [("monitors", {})], text


def test_stopped_or_disabled_monitors_asked_about_are_listed_with_the_rest() -> None:
    assert steps("any disabled monitors?") == [("monitors", {"all": True})]
    assert steps("list monitors incl. paused") == [("monitors", {"all": True})]
    assert steps("are there monitors that are switched off?") == [("monitors", {"all": True})]


def test_a_monitoring_pass_asked_for_now_runs_a_check_and_a_schedule_it_mentions_changes_nothing() -> None:
    assert steps("kick off a monitoring sweep on cancer") == [("run_check", {"model": "cancer"})]
    assert steps("run the wine monitor right away") == [("run_check", {"model": "wine"})]
    assert steps("do a health pass on diabetes") == [("run_check", {"model": "diabetes"})]
    assert steps("run diabetes's check now rather than waiting for the nightly one") == [
        ("run_check", {"model": "diabetes"})]
    assert steps("check cancer immediately, skip waiting for its hourly check") == [("run_check", {"model": "cancer"})]


def test_what_a_check_is_run_to_find_out_is_what_the_check_reports() -> None:
    assert steps("run a check on cancer right now and see whether anything pages") == [
        ("run_check", {"model": "cancer"})]
    assert steps("trigger diabetes's check to find out if new rows landed") == [("run_check", {"model": "diabetes"})]
    assert steps("did more wine data come in? run its check now") == [("run_check", {"model": "wine"})]


def test_a_causative_with_a_schedule_sets_the_monitor_and_a_question_about_it_changes_nothing() -> None:
    assert steps("please have the regression model checked every 30 min") == [
        ("monitor", {"model": "diabetes", "every": "30m"})]
    assert steps("have cancer checked every hour from now on") == [("monitor", {"model": "cancer", "every": "1h"})]
    assert steps("get diabetes checked every 2 hours") == [("monitor", {"model": "diabetes", "every": "2h"})]
    assert steps("have you checked wine?") == []


def test_a_policy_said_as_what_the_monitor_should_only_do_or_not_do_is_written_as_its_value() -> None:
    assert steps("just alert on drift for wine, don't retrain") == [("monitor", {"model": "wine", "on_drift": "alert"})]
    assert steps("cancer monitor shouldn't retrain on drift anymore") == [
        ("monitor", {"model": "cancer", "on_drift": "alert"})]
    assert steps("the diabetes monitor should not retrain when there is new data") == [
        ("monitor", {"model": "diabetes", "on_new_data": "ignore"})]
    assert steps("alerts on drift for wine?") == [("alerts", {"model": "wine"})]


def test_a_question_about_a_monitors_settings_shows_them_and_sets_nothing() -> None:
    assert steps("does the wine monitor retrain on drift?") == [("monitor", {"model": "wine"})]
    assert steps("is the cancer monitor posting to #ml-alerts?") == [("monitor", {"model": "cancer"})]
    assert steps("should the diabetes monitor ignore new data?") == [("monitor", {"model": "diabetes"})]


def test_the_agents_ratings_asked_in_other_words_are_its_feedback_with_the_period_in_days() -> None:
    assert steps("is the agent improving? thumbs for the past 2 weeks") == [("feedback", {"days": 14})]
    assert steps("how satisfied are users with the assistant over the last 10 days") == [("feedback", {"days": 10})]
    assert steps("which questions confuse the assistant the most") == [("feedback", {})]
    assert steps("how useful were your replies over the past quarter") == [("feedback", {"days": 90})]
    assert steps("bot helpfulness, 20 days") == [("feedback", {"days": 20})]
    assert steps("how is the chatbot being rated this month?")[:1] == [("feedback", {})]


def test_what_is_on_fire_is_the_open_alerts() -> None:
    assert steps("what's burning right now?") == [("alerts", {})]
    assert steps("is anything on fire?") == [("alerts", {})]


def test_a_verdict_on_an_alert_beside_a_thanks_to_the_bot_rates_the_alert() -> None:
    assert steps("alert 9 was useful, thanks bot") == [("rate_alert", {"incident": 9, "verdict": "useful"})]
    assert steps("page 12 was helpful, cheers bot") == [("rate_alert", {"incident": 12, "verdict": "useful"})]


def test_what_waits_for_approval_on_a_model_is_its_status_and_an_approval_named_is_that_approval() -> None:
    assert steps("is anything for cancer still not approved?") == [("status", {"model": "cancer"})]
    assert steps("which wine releases are still awaiting approval") == [("status", {"model": "wine"})]
    assert steps("anything queued for sign-off on diabetes?") == [("status", {"model": "diabetes"})]
    assert steps("are there unapproved deploys for wine?") == [("status", {"model": "wine"})]
    assert steps("has 3f9a1c2b4d5e6f70 been waiting for approval long?") == [
        ("approval", {"approval_id": "3f9a1c2b4d5e6f70"})]


def test_monitor_settings_said_in_words_are_written_as_said() -> None:
    assert steps("change the cooldown for wine to 6 hours") == [("monitor", {"model": "wine", "cooldown": "6h"})]
    assert steps("make the cooldown on the diabetes monitor 2h") == [
        ("monitor", {"model": "diabetes", "cooldown": "2h"})]
    assert steps("retrain cancer when drift is detected") == [("monitor", {"model": "cancer", "on_drift": "retrain"})]
    assert steps("diabetes monitor: refit as soon as it detects drift") == [
        ("monitor", {"model": "diabetes", "on_drift": "retrain"})]
    assert steps("make the cancer monitor retrain whenever 500 new rows arrive") == [
        ("monitor", {"model": "cancer", "on_new_data": "retrain", "min_new_rows": 500})]
    assert steps("have diabetes's monitor refit once 800 rows show up") == [
        ("monitor", {"model": "diabetes", "on_new_data": "retrain", "min_new_rows": 800})]
    assert steps("set min new rows on cancer to 400") == [("monitor", {"model": "cancer", "min_new_rows": 400})]
    assert steps("what's the cooldown on wine?") == [("monitor", {"model": "wine"})], "a question shows, sets nothing"


def test_a_typo_of_every_still_sets_the_schedule() -> None:
    assert steps("watch wine evrey 2h") == [("monitor", {"model": "wine", "every": "2h"})]
    assert steps("monitor diabetes evry 15 minutes") == [("monitor", {"model": "diabetes", "every": "15m"})]


def test_alerts_routed_to_a_channel_in_words_set_the_monitors_channel_the_destination_counts() -> None:
    assert steps("send wine alerts to #ml-wine instead") == [("monitor", {"model": "wine", "channel": "#ml-wine"})]
    assert steps("route cancer alerts from #general to #ml-cancer") == [
        ("monitor", {"model": "cancer", "channel": "#ml-cancer"})]
    assert steps("cancer alerts should go to #ops") == [("monitor", {"model": "cancer", "channel": "#ops"})]
    assert steps("we're pulling alerts out of #random. redirect diabetes notifications to #diab and check it every "
                 "4 hours") == [("monitor", {"model": "diabetes", "every": "4h", "channel": "#diab"})]
    assert steps("show the alerts posted to #ops") == [("alerts", {})], "alerts read in a channel set nothing"


def test_a_check_now_then_on_a_schedule_runs_it_and_then_sets_the_schedule() -> None:
    assert steps("run a check on cancer right away, then every hour") == [
        ("run_check", {"model": "cancer"}), ("monitor", {"model": "cancer", "every": "1h"})]
    assert steps("check diabetes now and every 15m from then on") == [
        ("run_check", {"model": "diabetes"}), ("monitor", {"model": "diabetes", "every": "15m"})]
    assert steps("check wine every 2h") == [("monitor", {"model": "wine", "every": "2h"})]


def test_the_monitors_behaviour_asked_about_shows_the_monitor() -> None:
    assert steps("how frequently is wine monitored?") == [("monitor", {"model": "wine"})]
    assert steps("how often does cancer get checked by the monitor?") == [("monitor", {"model": "cancer"})]
    assert steps("what will the diabetes monitor do when it sees drift?") == [("monitor", {"model": "diabetes"})]
    assert steps("how often is wine retrained?") == [("history", {"model": "wine"})]


def test_a_check_beside_what_the_person_did_or_saw_is_only_the_check() -> None:
    assert steps("I've just merged new training data for cancer, run its check now") == [
        ("run_check", {"model": "cancer"})]
    assert steps("we just backfilled the training data for wine, run the check now") == [("run_check", {"model": "wine"})]
    assert steps("manual check on cancer please, the alert looked weird") == [("run_check", {"model": "cancer"})]
    assert steps("what's the escalation policy, i.e. how large a drop pages the on-call?") == [("monitors", {})]


def test_the_alerting_policy_asked_beside_the_monitors_is_part_of_the_monitors_answer() -> None:
    for text in ("what time does the daily digest go out and what drop pages us?",
                 "which models are being monitored, and how noisy are their alerts?",
                 "what's being watched and what pages the team?", "how chatty are the alerts?"):
        assert steps(text) == [("monitors", {})], text
    assert steps("which monitors are running and are there open alerts?") == [("monitors", {}), ("alerts", {})]


def test_resolved_incidents_asked_with_the_open_ones_list_them_all() -> None:
    for text in ("show resolved and open incidents", "open and closed alerts please", "alerts including resolved"):
        assert steps(text) == [("alerts", {"all": True})], text


def test_settings_said_after_a_monitor_are_that_monitors_call_not_a_validation() -> None:
    assert steps("cancer monitor: cooldown 2h, only count it as new data after 500 new rows") == [
        ("monitor", {"model": "cancer", "cooldown": "2h", "min_new_rows": 500})]
    assert steps("set the wine monitor to every 30m, and treat 1000 fresh rows as new data") == [
        ("monitor", {"model": "wine", "every": "30m", "min_new_rows": 1000})]


def test_alerts_for_every_model_are_one_call_per_model() -> None:
    expected = [("alerts", {"model": m}) for m in ("cancer", "wine", "diabetes")]
    for text in ("alerts for every model", "show alerts for each model", "any incidents on all three?"):
        assert steps(text) == expected, text


def test_a_model_alerts_then_an_incident_named_after_them_are_two_reads() -> None:
    assert steps("alerts for wine, then open incident 7") == [("alerts", {"model": "wine"}), ("incident", {"incident": 7})]
    assert steps("show cancer alerts and then incident 12") == [("alerts", {"model": "cancer"}),
                                                                 ("incident", {"incident": 12})]
    assert steps("what happened in incident 4 on diabetes?") == [("incident", {"incident": 4})]
