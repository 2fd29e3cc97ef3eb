"""Readings of the r13 feature-store load family in other words: the online store (or "the feature store") said to
be stale, old or not current beside an ask to bring it up to date ("refresh it", "sync the feature store", "push
fresh ones", "bring it up to date"); fresh online features wanted; values loaded into Feast; a monitor made to load the
store before each check; "same for X" after a materialize; and an answer that found the store behind, taken up. Near
misses keep their reading: a question whether the store is behind loads nothing, drift and skew questions stay reads.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tools.agent.understand import Memory, read

MODELS = {"cancer": "Breast cancer diagnosis (binary)", "wine": "Wine cultivar (multiclass)",
          "diabetes": "Diabetes progression (regression)"}
TODAY = date(2026, 12, 5)


def steps(text: str, memory: Memory | None = None) -> list[tuple[str, dict[str, Any]]]:
    return [(s.tool, s.args) for s in read(text, MODELS, today=TODAY, memory=memory).steps]


def tools(text: str, memory: Memory | None = None) -> list[str]:
    return [tool for tool, _ in steps(text, memory)]


def test_fresh_online_features_wanted_are_a_load() -> None:
    assert steps("we need up-to-date online features for cancer before the launch") == [
        ("materialize", {"model": "cancer"})]
    assert steps("ensure the cancer online features are fresh before tomorrow") == [("materialize", {"model": "cancer"})]
    assert steps("can you make sure diabetes's online values are up to date?") == [
        ("materialize", {"model": "diabetes"})]


def test_values_loaded_into_feast_or_pushed_with_a_subject_before_the_verb() -> None:
    assert steps("push the latest wine feature values into feast") == [("materialize", {"model": "wine"})]
    assert steps("backfill the online store for diabetes") == [("materialize", {"model": "diabetes"})]
    assert steps("resync the wine feature store please") == [("materialize", {"model": "wine"})]
    assert steps("pls u load the latest values into the online store for wine") == [("materialize", {"model": "wine"})]
    assert steps("please you retrain wine on the last 30 days") == [("train", {"model": "wine", "last": "30d"})]
    assert steps("please you can check the drift of wine") == [("check_drift", {"model": "wine"})]


def test_a_load_told_in_a_read_is_no_load_asked() -> None:
    assert "materialize" not in tools("show me which features got loaded into the online store for wine")
    assert "materialize" not in tools("show me what got pushed to the online store for wine")
    assert "materialize" not in tools("list what was synced into feast for diabetes")
