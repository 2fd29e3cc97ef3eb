"""Readings of the r10 families said in other words: changes told as already made, snooze lengths, online tests,
monitor settings, a tuned version, ratings; each reading asserted exactly."""

from __future__ import annotations

from datetime import date
from typing import Any

from tools.agent.understand import Memory, read

MODELS = {"cancer": "Breast cancer diagnosis (binary)", "wine": "Wine cultivar (multiclass)",
          "diabetes": "Diabetes progression (regression)"}
TODAY = date(2026, 12, 5)


def steps(text: str, memory: Memory | None = None) -> list[tuple[str, dict[str, Any]]]:
    return [(s.tool, s.args) for s in read(text, MODELS, today=TODAY, memory=memory).steps]


def test_a_change_told_as_already_made_is_background_and_only_the_read_is_planned() -> None:
    assert steps("run a check on diabetes, we promoted v7 an hour ago and want to be sure it's fine") == [
        ("run_check", {"model": "diabetes"})]
    assert steps("check wine now, I rolled it back this morning") == [("run_check", {"model": "wine"})]
    assert steps("we've retrained and deployed wine; check wine now") == [("run_check", {"model": "wine"})]
    assert steps("the team retrained cancer yesterday, show status of cancer") == [("status", {"model": "cancer"})]
    assert steps("I retrained cancer last week, how does it score?") == [("evaluate", {"model": "cancer"})], \
        "last week is when it was retrained"
    assert steps("we just retrained diabetes and shipped it, evaluate it on live traffic") == [
        ("evaluate", {"model": "diabetes", "live": True})]
    assert steps("we retrained wine yesterday") == []


def test_a_command_beside_a_change_told_as_made_is_still_made() -> None:
    assert steps("we deployed the wrong wine version, roll it back") == [("rollback", {"model": "wine"})]
    assert steps("retrain wine and deploy if better") == [
        ("train", {"model": "wine"}), ("compare", {"model": "wine"}),
        ("deploy", {"model": "wine", "version": "challenger"})]
