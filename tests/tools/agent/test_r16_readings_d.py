"""Readings of the r16 root-cause family in other words: a cause asked in German or French with a window, "explain
what's happening with X", "the reason for the drop"; whether a version comes out the same when run again (a
reproduction); two questions in one request (a cause, then a score on live traffic); the drifted features and how much
they matter (a root cause, not a drift check); a drift check asked to come first; "no drift" said back in a thread
before the question that follows it. The rules hold each of these without the learned scorer, and near misses keep
their other reading.
"""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread
from tools.agent.understanding.words import languages, records


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
