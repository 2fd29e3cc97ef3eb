"""Readings of the r14 requests the tools cannot do as asked: a call the tool would not take (a snooze longer than it
allows, an online test with all of the traffic on the challenger) plans nothing and says what the tool allows, while
the same requests within what the tools take keep their call."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, TODAY, steps
from tools.agent.understand import read


def _refused(text: str) -> str:
    """What the reader answers a request it plans nothing for (the reason it gives)."""
    reading = read(text, MODELS, today=TODAY)
    assert reading.steps == [], text
    assert reading.problem, text
    return reading.problem


def test_a_snooze_longer_than_the_tool_allows_plans_nothing_and_says_its_limit() -> None:
    assert "at most 30d" in _refused("keep wine quiet for six weeks")
    assert "at most 30d" in _refused("mute diabetes alerts for 45 days")
    assert "at most 30d" in _refused("silence cancer for 5 weeks please")


def test_a_snooze_within_the_limit_keeps_its_call() -> None:
    assert steps("snooze cancer for 30 days") == [("snooze", {"model": "cancer", "duration": "30d"})]
    assert steps("mute diabetes alerts for 2 weeks") == [("snooze", {"model": "diabetes", "duration": "14d"})]


def test_an_online_test_of_the_whole_traffic_plans_nothing_and_says_the_shares_it_takes() -> None:
    assert "between 1% and 99%" in _refused("abtest cancer 100%")
    assert "between 1% and 99%" in _refused("route 100 percent of diabetes requests to the challenger as a test")


def test_an_online_test_of_a_share_it_takes_keeps_its_call() -> None:
    assert steps("abtest wine 99%") == [("abtest", {"model": "wine", "mode": "99%"})]
    assert steps("route 30 percent of diabetes requests to the challenger") == [
        ("abtest", {"model": "diabetes", "mode": "30%"})]
