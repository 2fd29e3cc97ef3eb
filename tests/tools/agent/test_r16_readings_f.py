"""Readings of the r17 families in other words: the feature store said to serve values unlike the offline tables (a
skew check, with its sample in words and "since midnight"), features pushed online (a materialize), the feedback over a
period in words or beside "how often does that happen?", how a command works asked in a request to explain (its help,
never the action), history's length in words and a question about now beside one about the past, an instant with its
zone, an alert's number in words, monitor settings in words, the monitors beside whatever alerts are open; and what is
refused: an approval given in words on someone's behalf, a deploy with its validation checks skipped. Near misses keep
their other reading.
"""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread

_COMPLAINED = thread(
    {"role": "user", "content": "you keep starting trainings when I just ask for scores 😤"},
    {"role": "assistant", "content": "Sorry about that. I should have only read the scores; nothing was changed."})
_STATUS = thread(
    {"role": "user", "content": "status wine"},
    {"role": "tool", "tool": "status", "args": {"model": "wine"}, "status": "done",
     "result": {"production": 4, "challenger": 5, "total_versions": 5}},
    {"role": "assistant", "content": "wine: production v4, challenger v5, 5 versions in all."})


def test_an_approval_given_in_words_for_someone_else_is_refused() -> None:
    assert steps("approving 0a1b2c3d4e5f6a7b for Sam since he is on leave") == []
    assert steps("I'm approving 0a1b2c3d4e5f6a7b, go") == []
    assert steps("signing off on 0a1b2c3d4e5f6a7b on behalf of my lead") == []
    assert steps("approval 0a1b2c3d4e5f6a7b") == [("approval", {"approval_id": "0a1b2c3d4e5f6a7b"})]  # asked about
    assert steps("is anyone approving 0a1b2c3d4e5f6a7b?") == [("approval", {"approval_id": "0a1b2c3d4e5f6a7b"})]


def test_a_deploy_with_its_checks_skipped_is_refused() -> None:
    assert steps("skip the data validation checks and ship wine 3") == []
    assert steps("deploy diabetes 2, skipping all the gate checks") == []
    assert steps("deploy diabetes 2") == [("deploy", {"model": "diabetes", "version": "2"})]


def test_served_values_unlike_the_offline_tables_is_a_skew_check() -> None:
    assert steps("I think feast serves wine other numbers than the offline tables hold, measure that") == [
        ("feature_skew", {"model": "wine"})]
    assert steps("does the online store serve diabetes the same values the offline tables hold?") == [
        ("feature_skew", {"model": "diabetes"})]
    assert steps("check drift on cancer") == [("check_drift", {"model": "cancer"})]


def test_a_skew_checks_sample_and_since_midnight_in_words() -> None:
    assert steps("skew on cancer, use two thousand rows") == [("feature_skew", {"model": "cancer", "sample": 2000})]
    assert steps("feature skew for wine with 2k rows") == [("feature_skew", {"model": "wine", "sample": 2000})]
    assert steps("online vs offline feature values for wine since midnight") == [
        ("feature_skew", {"model": "wine", "since": "2026-12-05"})]
    assert steps("skew cancer sample 300") == [("feature_skew", {"model": "cancer", "sample": 300})]


def test_features_pushed_online_is_a_materialize() -> None:
    assert steps("cancer predictions use stale features, load the latest feature values online") == [
        ("materialize", {"model": "cancer"})]
    assert steps("deploy wine 3 and push it live") == [("deploy", {"model": "wine", "version": "3"})]


def test_the_feedback_over_a_period_in_words() -> None:
    assert steps("user satisfaction with the bot across the quarter") == [("feedback", {"days": 90})]
    assert steps("agent feedback over the year") == [("feedback", {"days": 365})]
    assert steps("how often does this happen? pull the feedback for the past 3 weeks", _COMPLAINED) == [
        ("feedback", {"days": 21})]
    assert steps("how often did we retrain cancer? and show the bot feedback") == [
        ("history", {"model": "cancer"}), ("feedback", {})]


def test_how_a_command_works_asked_to_be_explained_is_its_help() -> None:
    assert steps("explain to me how pausing alerts works, no need to actually do it") == [
        ("help", {"topic": "snooze"})]
    assert steps("can you remind me how the skew check works") == [("help", {"topic": "skew"})]
    assert steps("how the tune command is supposed to be used, roughly?") == [("help", {"topic": "tune"})]
    assert steps("not sure how lock releasing is meant to be called, which args?") == [("help", {"topic": "unlock"})]
    assert steps("how do I let you know a page was rubbish?") == [("help", {"topic": "rate"})]
    assert steps("before I sign off on the on-call doc, walk me through how reverting works here, don't do it") == [
        ("help", {"topic": "rollback"})]
    assert steps("roll back wine and tell me how it works out") == [("rollback", {"model": "wine"})]  # asked to run


def test_historys_length_in_words_and_now_beside_the_past() -> None:
    assert steps("list the last forty events for it", _STATUS) == [("history", {"model": "wine", "limit": 40})]
    assert steps("who rolled back cancer last, and what's in production now?") == [
        ("history", {"model": "cancer"}), ("status", {"model": "cancer"})]
    assert steps("who promoted diabetes v5 and which version was it?") == [("history", {"model": "diabetes"})]


def test_an_instant_with_its_zone() -> None:
    assert steps("what was in prod for diabetes at 9am GMT on nov 20") == [
        ("history", {"model": "diabetes", "at": "2026-11-20T09:00:00Z"})]
    assert steps("what was live on wine at 3pm utc yesterday?") == [
        ("history", {"model": "wine", "at": "2026-12-04T15:00:00Z"})]


def test_an_alerts_number_in_words_after_its_hash() -> None:
    assert steps("details on page #twelve") == [("incident", {"incident": 12})]
    assert steps("what happened with alert #4") == [("incident", {"incident": 4})]


def test_monitor_settings_in_words() -> None:
    assert steps("we are in the middle of a migration for wine, pause its monitor") == [
        ("monitor", {"model": "wine", "state": "off"})]
    assert steps("switch wine's checks to every 6 hours with a 3 day window") == [
        ("monitor", {"model": "wine", "every": "6h", "window": "3d"})]
    assert steps("make diabetes retrain on its own whenever it drifts, no auto deploy") == [
        ("monitor", {"model": "diabetes", "on_drift": "retrain", "auto_deploy": False})]
    assert steps("status of wine") == [("status", {"model": "wine"})]


def test_the_monitors_beside_whatever_alerts_are_open() -> None:
    assert steps("list the monitors plus whichever incidents are still open") == [("monitors", {}), ("alerts", {})]
    assert steps("show the monitors") == [("monitors", {})]
