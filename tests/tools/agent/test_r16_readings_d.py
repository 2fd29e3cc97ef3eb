"""Readings of the r16 root-cause family in other words: a cause asked in German or French with a window, "explain
what's happening with X", "the reason for the drop"; whether a version comes out the same when run again (a
reproduction); two questions in one request (a cause, then a score on live traffic); the drifted features and how much
they matter (a root cause, not a drift check); a drift check asked to come first; "no drift" said back in a thread
before the question that follows it. The rules hold each of these without the learned scorer, and near misses keep
their other reading.
"""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread
from tools.agent.understanding.words import languages, reads, records


def test_a_cause_asked_in_german_or_french_keeps_its_window() -> None:
    assert steps("wieso driftet diabetes so stark? die letzten 10 tage bitte") == [
        ("why", {"model": "diabetes", "last": "10d"})]
    assert steps("pourquoi cancer dérive ?") == [("why", {"model": "cancer"})]
    assert languages.in_english("weshalb ist wine schlechter") == "why ist wine schlechter"
    assert languages.in_english("porque el modelo") == "porque el modelo"  # because, no why


def test_explain_whats_happening_with_a_model_is_its_root_cause() -> None:
    assert steps("can you explain what is happening with diabetes over the last week") == [
        ("why", {"model": "diabetes", "last": "7d"})]
    assert records.cause("explain what has been going on with      lately", has_model=True)
    assert steps("what's going on with cancer?") == [("status", {"model": "cancer"})]  # no "explain": how it is


def test_the_reason_for_a_drop_or_a_drift_is_a_root_cause() -> None:
    assert steps("what is the reason behind the drop on the binary model?") == [("why", {"model": "cancer"})]
    assert records.cause("any idea what the reasons for the drift in       are", has_model=True)
    assert not records.cause("what's the reason for the rollback of     ", has_model=True)  # not a drift or a drop


def test_a_version_coming_out_the_same_when_run_again_is_a_reproduction() -> None:
    assert steps("if we retrain diabetes v2 from scratch would we get identical numbers?") == [
        ("reproduce", {"model": "diabetes", "version": "2"})]
    assert steps("would wine v4 turn out the same if we rebuilt it?") == [
        ("reproduce", {"model": "wine", "version": "4"})]
    assert records.record("does      come out the same if we re-run    ?", has_model=True) == "reproduce"


def test_a_reproduction_asked_for_when_there_is_time() -> None:
    assert steps("a repro check on cancer v2 whenever you have a moment") == [
        ("reproduce", {"model": "cancer", "version": "2"})]
    assert steps("reproducibility run for diabetes v3 when you get a sec") == [
        ("reproduce", {"model": "diabetes", "version": "3"})]
    assert records.record("reproducibility check on      when you get a chance", has_model=True) == "reproduce"
    assert records.record("when was      reproduced?", has_model=True) is None  # when it was: its history


_CHECKED = thread(
    {"role": "user", "content": "is cancer drifting over the last 14 days?"},
    {"role": "tool", "tool": "check_drift", "args": {"model": "cancer", "last": "14d"}, "status": "done",
     "result": {"drifted": False, "metric_now": 0.91, "metric_at_training": 0.97}},
    {"role": "assistant", "content": "No feature drift on cancer over 14 days, but roc_auc is 0.91 now vs 0.97 at "
                                     "training."})
_RAN_A_CHECK = thread(
    {"role": "user", "content": "run the monitor check on wine"},
    {"role": "tool", "tool": "run_check", "args": {"model": "wine"}, "status": "done",
     "result": {"severity": "medium", "drift": {"drifted": True}}},
    {"role": "assistant", "content": "wine check: drift on 2 features, severity medium."})


def test_a_cause_then_a_score_on_live_traffic_are_two_reads() -> None:
    assert steps("what's behind the drop on cancer, and what does it score on production traffic?") == [
        ("why", {"model": "cancer"}), ("evaluate", {"model": "cancer", "live": True})]
    assert steps("root cause for diabetes please, and how is it doing on live labels this week") == [
        ("why", {"model": "diabetes"}), ("evaluate", {"model": "diabetes", "since": "2026-11-30", "live": True})]
    assert steps("why is diabetes drifting and how does it do now?") == [("why", {"model": "diabetes"})]  # one question


def test_drifted_features_and_how_much_they_matter_is_a_root_cause() -> None:
    assert steps("which inputs shifted on cancer, and how important are they to it?") == [("why", {"model": "cancer"})]
    assert steps("drifted features for wine ranked by importance") == [("why", {"model": "wine"})]
    assert steps("and which features drifted, how heavily does the model lean on them?", _RAN_A_CHECK) == [
        ("why", {"model": "wine"})]
    assert steps("what features drifted for cancer") == [("check_drift", {"model": "cancer"})]  # the drift alone


def test_a_drift_check_asked_to_come_first_runs_first() -> None:
    assert steps("what's pulling cancer down lately? look at the drift first though") == [
        ("check_drift", {"model": "cancer"}), ("why", {"model": "cancer"})]
    assert steps("why is wine degrading over the last 10 days, but first check drift on it") == [
        ("check_drift", {"model": "wine", "last": "10d"}), ("why", {"model": "wine", "last": "10d"})]
    assert steps("why did diabetes get worse? and check drift") == [("why", {"model": "diabetes"})]  # no order said


def test_no_drift_said_back_before_the_next_question_is_no_request() -> None:
    assert steps("right, no drift then. so what's behind the roc_auc going down?", _CHECKED) == [
        ("why", {"model": "cancer", "last": "14d"})]
    assert steps("ok the drift check came back clean... why is it worse then", _CHECKED) == [
        ("why", {"model": "cancer", "last": "14d"})]
    assert reads.finding_said_back("so no drift...")
    assert not reads.finding_said_back("no drift?")  # asked, not said back
