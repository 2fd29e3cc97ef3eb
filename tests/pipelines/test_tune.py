"""The tune search space: ranges parsed as a person writes them, draws reproducible and inside their ranges."""

from __future__ import annotations

import math

import pytest

from pipelines.errors import UsageError
from pipelines.tune import parse_range, sample


def test_draws_are_reproducible_typed_and_inside_their_ranges() -> None:
    space = {"max_depth": parse_range("max_depth", "2..12"), "max_features": parse_range("max_features", "0.2..1.0"),
             "C": parse_range("C", "0.001..100.0")}
    assert space["max_depth"].integer and not space["max_features"].log and space["C"].log
    drawn = sample(space, 200, random_state=7)
    assert drawn == sample(space, 200, random_state=7) != sample(space, 200, random_state=8)
    assert all(type(d["max_depth"]) is int and 2 <= d["max_depth"] <= 12 for d in drawn)
    assert {d["max_depth"] for d in drawn} == set(range(2, 13)), "both ends of an integer range are reachable"
    assert all(0.2 <= d["max_features"] <= 1.0 for d in drawn)
    # Log scale: about half the draws fall below the geometric middle (0.316), far from a uniform draw's 0.3 %.
    below = sum(d["C"] < math.sqrt(0.001 * 100.0) for d in drawn) / len(drawn)
    assert 0.35 < below < 0.65


@pytest.mark.parametrize("text", ["12", "5..2", "a..b", "1..inf"])
def test_a_range_that_is_not_one_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(UsageError, match="max_depth="):
        parse_range("max_depth", text)
