"""Time windows on data: `last=7d`, `since=2026-01-01`, `until=…`, or `since=60d until=30d` (days ago)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel, ConfigDict, model_validator

from pipelines.errors import UsageError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)\s*$", re.IGNORECASE)
_UNITS = {"s": "seconds", "sec": "seconds", "m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Window(BaseModel):
    """A half-open time range [start, end) given the way people say it; resolved against a clock."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    last: str | None = None
    since: str | None = None
    until: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Window:
        if self.last is not None and self.since is not None:
            raise ValueError("use either last= or since=, not both")
        if self.last is not None:
            parse_duration(self.last, option="last")
        for option in ("since", "until"):
            value = getattr(self, option)
            if value is not None:
                parse_point(value, option=option, now=datetime.now(UTC))
        return self

    @property
    def is_all(self) -> bool:
        return self.last is None and self.since is None and self.until is None

    def resolve(self, now: datetime | None = None) -> tuple[datetime | None, datetime | None]:
        now = now or datetime.now(UTC)
        end = parse_point(self.until, option="until", now=now) if self.until else None
        start = None
        if self.last is not None:
            try:
                start = (end or now) - parse_duration(self.last, option="last")
            except OverflowError:
                raise UsageError(f"last={self.last} reaches back before year 1; use a shorter duration.") from None
        elif self.since is not None:
            start = parse_point(self.since, option="since", now=now)
        if start is not None and end is not None and start >= end:
            raise UsageError(f"The window is empty: since ({start:%Y-%m-%d %H:%M}) is not before until ({end:%Y-%m-%d %H:%M}).")
        return start, end

    def describe(self) -> str:
        if self.is_all:
            return "all data"
        parts = [f"{k}={v}" for k, v in (("last", self.last), ("since", self.since), ("until", self.until)) if v]
        return " ".join(parts)


def parse_duration(text: str, *, option: str) -> timedelta:
    match = _DURATION.match(text)
    if not match or float(match.group(1)) <= 0:
        raise UsageError(f"{option}={text} is not a duration. Use a number and a unit, like {option}=7d, 12h or 2w.")
    try:
        return timedelta(**{_UNITS[match.group(2).lower()]: float(match.group(1))})
    except OverflowError:
        raise UsageError(f"{option}={text} is too long a duration; use at most a few years, like {option}=365d.") from None


def parse_point(text: str, *, option: str, now: datetime) -> datetime:
    """An ISO date/time (UTC unless it says otherwise) or a duration meaning that long ago."""
    if _DURATION.match(text):
        try:
            return now - parse_duration(text, option=option)
        except OverflowError:
            raise UsageError(f"{option}={text} reaches back before year 1; use a shorter duration.") from None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            raise UsageError(
                f"{option}={text} is not a date. Use an ISO date like {option}=2026-01-31, or a time ago like {option}=30d."
            ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
