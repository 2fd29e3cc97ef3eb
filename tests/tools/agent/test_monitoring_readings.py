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
