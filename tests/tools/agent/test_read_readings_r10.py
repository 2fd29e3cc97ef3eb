"""Reads said in other words (round 10): a count of history entries said with the kinds of change they are of, and
other read families; each reading asserted exactly, in phrasings that are not in the evaluation set."""

from __future__ import annotations

from tests.tools.agent.readings import steps
from tools.agent.understand import Memory


def test_a_count_of_entries_of_named_kinds_of_change_is_a_history_with_that_limit_never_the_changes() -> None:
    assert steps("last 5 retraining and rollback events on wine") == [("history", {"model": "wine", "limit": 5})]
    assert steps("show the 5 most recent rollback and promotion records for wine") == [
        ("history", {"model": "wine", "limit": 5})]
    assert steps("cancer: last 4 train/deploy entries") == [("history", {"model": "cancer", "limit": 4})]
    assert steps("the last seven deploy, rollback and tuning events for diabetes") == [
        ("history", {"model": "diabetes", "limit": 7})]


def test_a_count_of_entries_in_words_is_the_history_limit() -> None:
    assert steps("the last two entries of the cancer history") == [("history", {"model": "cancer", "limit": 2})]
    assert steps("wine audit trail, five latest events") == [("history", {"model": "wine", "limit": 5})]
    assert steps("which one of the deployments broke wine?") == [("history", {"model": "wine"})]


def test_what_is_prod_or_the_champion_of_a_model_is_its_status() -> None:
    assert steps("what's production on wine right now") == [("status", {"model": "wine"})]
    assert steps("what is the champion for the regression model?") == [("status", {"model": "diabetes"})]
    assert steps("whats prod + challenger for the multiclass model") == [("status", {"model": "wine"})]


def test_asking_whether_what_was_just_made_or_moved_is_now_the_challenger_or_live_is_a_status() -> None:
    trained = Memory(model="cancer", trained=9, last=("train", {"model": "cancer", "last": "60d"}))
    deployed = Memory(model="wine", version=4, moved=4, last=("deploy", {"model": "wine", "version": "4"}))
    assert steps("is that the challenger yet?", trained) == [("status", {"model": "cancer"})]
    assert steps("did it become the champion?", trained) == [("status", {"model": "cancer"})]
    assert steps("is it live now?", deployed) == [("status", {"model": "wine"})]
    assert steps("is v4 in production?", deployed) == [("status", {"model": "wine"})]


def test_production_over_time_or_drawn_is_the_history_timeline() -> None:
    assert steps("how has production of diabetes moved over time?") == [("history", {"model": "diabetes",
                                                                                     "timeline": True})]
    assert steps("plot the champion versions of cancer") == [("history", {"model": "cancer", "timeline": True})]
    assert steps("graph the versions of diabetes") == [("history", {"model": "diabetes", "timeline": True})]
    assert steps("how did wine's f1 change over time") == [("evaluate", {"model": "wine"})]


def test_each_of_the_three_models_or_all_3_is_one_call_per_model() -> None:
    each = [("history", {"model": m}) for m in ("cancer", "wine", "diabetes")]
    assert steps("every one of the three models: who shipped what lately?") == each
    assert steps("drift on all 3 over the past 2 weeks") == [("check_drift", {"model": m, "last": "14d"})
                                                             for m in ("cancer", "wine", "diabetes")]
    assert steps("status all 3 pls") == [("status", {"model": m}) for m in ("cancer", "wine", "diabetes")]
    assert steps("evaluate each of the three versions of wine") == [("evaluate", {"model": "wine"})]
    assert steps("evaluate cancer on all 3 days of data") == [("evaluate", {"model": "cancer", "last": "3d"})], \
        "three days, not the three models"


def test_how_a_version_has_been_scoring_is_an_evaluation() -> None:
    assert steps("how's the cancer model we shipped been scoring since 2026-11-20?") == [
        ("evaluate", {"model": "cancer", "since": "2026-11-20"})]


def test_a_bare_span_ending_a_terse_request_is_its_window() -> None:
    assert steps("validate cancer 2 weeks") == [("validate_data", {"model": "cancer", "last": "14d"})]
    assert steps("eval wine 10 days?") == [("evaluate", {"model": "wine", "last": "10d"})]
    assert steps("drift diabetes 48 hours pls") == [("check_drift", {"model": "diabetes", "last": "48h"})]
    assert steps("tune cancer 2 hours") == [("tune", {"model": "cancer"})], "beside a search, a span is no window"


def test_a_metric_on_real_users_or_customers_is_an_evaluation_on_live_traffic() -> None:
    assert steps("how accurate is cancer on actual customers this week") == [
        ("evaluate", {"model": "cancer", "since": "2026-11-30", "live": True})]
    assert steps("wine f1 on real users, past 3 days") == [("evaluate", {"model": "wine", "last": "3d", "live": True})]


def test_what_the_asker_tells_of_themselves_beside_a_read_is_no_read_of_its_own() -> None:
    assert steps("who promoted wine v3? it's for the postmortem") == [("history", {"model": "wine"})]
    assert steps("what's live on cancer? need this for the weekly report") == [("status", {"model": "cancer"})]
    assert steps("any open incidents on wine? my night shift just began") == [("alerts", {"model": "wine"})]
    assert steps("is diabetes drifting? I'm on call now") == [("check_drift", {"model": "diabetes"})]


def test_a_model_doing_worse_than_at_its_training_is_an_evaluation_and_live_data_against_training_drift() -> None:
    assert steps("is wine scoring lower on live traffic than when it was trained?") == [
        ("evaluate", {"model": "wine", "live": True})]
    assert steps("is the cancer model performing worse than during training? past 2 weeks") == [
        ("evaluate", {"model": "cancer", "last": "14d"})]
    assert steps("is cancer v4 doing better than v3?") == [("compare", {"model": "cancer", "a": "3", "b": "4"})]
    assert steps("how different is wine's live data vs what it was trained on?") == [("check_drift", {"model": "wine"})]


def test_what_is_going_on_with_the_live_data_is_a_drift_check() -> None:
    assert steps("what's going on with the incoming traffic for cancer?") == [("check_drift", {"model": "cancer"})]
    assert steps("diabetes looks off to me, anything weird in the production inputs?") == [
        ("check_drift", {"model": "diabetes"})]
    assert steps("what's the f1 of wine on live traffic?") == [("evaluate", {"model": "wine", "live": True})]
