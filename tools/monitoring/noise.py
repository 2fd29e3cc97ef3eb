"""Alert feedback: the Useful / Noise verdicts people give alerts, and what they add up to per monitor.

An incident counts as noise when more people marked it Noise than Useful; a monitor's noise rate is the share of
its rated incidents (opened in the period) that count as noise. Unrated incidents count as alerts, not as either.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Verdict = Literal["useful", "noise"]
NOISE_DAYS = 30


class AlertStats(BaseModel):
    """One model's alerts over a period: how many opened, how many were rated, how many of those were noise."""

    alerts: int = 0
    rated: int = 0
    noise: int = 0

    @property
    def noise_rate(self) -> float | None:
        return self.noise / self.rated if self.rated else None


def tally(votes: dict[int, list[Verdict]]) -> tuple[int, int]:
    """(rated, noise) from each incident's votes."""
    rated = [v for v in votes.values() if v]
    return len(rated), sum(v.count("noise") > v.count("useful") for v in rated)
