"""Reads said in other words (round 10): a count of history entries said with the kinds of change they are of, and
other read families; each reading asserted exactly, in phrasings that are not in the evaluation set."""

from __future__ import annotations

from datetime import date
from typing import Any

from tools.agent.understand import Memory, read

MODELS = {"cancer": "Breast cancer diagnosis (binary)", "wine": "Wine cultivar (multiclass)",
          "diabetes": "Diabetes progression (regression)"}
TODAY = date(2026, 12, 5)


def steps(text: str, memory: Memory | None = None) -> list[tuple[str, dict[str, Any]]]:
    return [(s.tool, s.args) for s in read(text, MODELS, today=TODAY, memory=memory).steps]


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
