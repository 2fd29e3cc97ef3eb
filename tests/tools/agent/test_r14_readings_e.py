"""Readings of the r14 feature-skew family in other words: a skew's sample said as "check 1000 recent requests" or
"only 50 rows", and "since yesterday" as a start with no end."""

from __future__ import annotations

from tests.tools.agent.readings import steps


def test_a_skews_sample_said_in_other_words_is_its_sample() -> None:
    assert steps("does wine's online store agree with offline? just 300 requests") == [
        ("feature_skew", {"model": "wine", "sample": 300})]
    assert steps("online vs offline feature values for diabetes, look at 80 rows") == [
        ("feature_skew", {"model": "diabetes", "sample": 80})]
    assert steps("training/serving skew on cancer over 400 rows") == [
        ("feature_skew", {"model": "cancer", "sample": 400})]
    assert steps("retrain wine whenever 500 new rows land") == [
        ("monitor", {"model": "wine", "on_new_data": "retrain", "min_new_rows": 500})]


def test_since_yesterday_is_a_start_with_no_end() -> None:
    assert steps("feature skew for wine starting yesterday") == [("feature_skew", {"model": "wine", "since": "2026-12-04"})]
    assert steps("drift on diabetes from yesterday onwards") == [
        ("check_drift", {"model": "diabetes", "since": "2026-12-04"})]
    assert steps("skew diabetes yesterday") == [
        ("feature_skew", {"model": "diabetes", "since": "2026-12-04", "until": "2026-12-05"})]
    assert steps("evaluate wine on live data from yesterday") == [
        ("evaluate", {"model": "wine", "live": True, "since": "2026-12-04", "until": "2026-12-05"})]
