"""Time windows the way people say them: last=7d, since=DATE, until=30d, resolved against a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipelines.data.window import Window, parse_duration
from pipelines.errors import UsageError

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("window", "start", "end"), [
    (Window(), None, None),
    (Window(last="7d"), NOW - timedelta(days=7), None),
    (Window(last="12h"), NOW - timedelta(hours=12), None),
    (Window(last="2w"), NOW - timedelta(weeks=2), None),
    (Window(last="90m"), NOW - timedelta(minutes=90), None),
    (Window(last="45min"), NOW - timedelta(minutes=45), None),
    (Window(last="1.5d"), NOW - timedelta(hours=36), None),
    (Window(last=" 7D "), NOW - timedelta(days=7), None),
    (Window(since="2026-01-01"), datetime(2026, 1, 1, tzinfo=UTC), None),
    (Window(until="2026-02-01"), None, datetime(2026, 2, 1, tzinfo=UTC)),
    (Window(since="60d", until="30d"), NOW - timedelta(days=60), NOW - timedelta(days=30)),
    (Window(last="7d", until="2026-02-01"), datetime(2026, 1, 25, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)),
    (Window(since="2026-01-01T06:30:00"), datetime(2026, 1, 1, 6, 30, tzinfo=UTC), None),
])
def test_windows_resolve_to_half_open_ranges(window: Window, start: datetime | None, end: datetime | None) -> None:
    """Durations count back from now (or from until); ISO dates are UTC unless they say otherwise."""
    assert window.resolve(NOW) == (start, end)


def test_an_explicit_offset_is_kept() -> None:
    """since=…+05:00 means that instant, not the same wall time in UTC."""
    start, _ = Window(since="2026-01-01T05:00:00+05:00").resolve(NOW)
    assert start == datetime(2026, 1, 1, tzinfo=UTC)
    assert start.utcoffset() == timedelta(hours=5) and start.tzinfo == timezone(timedelta(hours=5))


@pytest.mark.parametrize(("window", "text"), [
    (Window(), "all data"),
    (Window(last="7d"), "last=7d"),
    (Window(until="30d", since="60d"), "since=60d until=30d"),
])
def test_describe_says_the_window_as_typed(window: Window, text: str) -> None:
    """The description recorded in MLflow lineage reads like the command that produced it."""
    assert window.describe() == text
    assert window.is_all == (text == "all data")


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"last": "banana"}, "last=banana is not a duration. Use a number and a unit, like last=7d"),
    ({"last": "7"}, "last=7 is not a duration"),
    ({"last": "0d"}, "last=0d is not a duration"),
    ({"last": "-3d"}, "last=-3d is not a duration"),
    ({"last": "7y"}, "last=7y is not a duration"),
    ({"since": "2026-13-45"}, "since=2026-13-45 is not a date. Use an ISO date like since=2026-01-31, or a time ago"),
    ({"until": "tomorrow"}, "until=tomorrow is not a date"),
])
def test_bad_values_are_usage_errors_with_an_example(kwargs: dict[str, str], expected: str) -> None:
    """A value that is neither a duration nor a date is refused when the window is built, with an example."""
    with pytest.raises(UsageError) as raised:
        Window(**kwargs)
    assert expected in str(raised.value)


def test_last_and_since_together_are_refused() -> None:
    """last= and since= both set the start: giving both is ambiguous."""
    with pytest.raises(ValueError, match="either last= or since="):
        Window(last="7d", since="2026-01-01")


@pytest.mark.parametrize("kwargs", [
    {"since": "2026-02-01", "until": "2026-01-01"},
    {"since": "2026-01-01", "until": "2026-01-01"},
    {"since": "30d", "until": "60d"},
])
def test_a_window_ending_before_it_starts_is_empty(kwargs: dict[str, str]) -> None:
    """since at or after until is refused, naming both ends."""
    with pytest.raises(UsageError, match="The window is empty: since .* is not before until"):
        Window(**kwargs).resolve(NOW)


def test_windows_are_immutable_values() -> None:
    """A window is a value: frozen, comparable, hashable, and rejects unknown fields."""
    assert Window(last="7d") == Window(last="7d") and hash(Window(last="7d")) == hash(Window(last="7d"))
    with pytest.raises(ValueError):
        Window(last="7d").last = "8d"  # type: ignore[misc]
    with pytest.raises(ValueError):
        Window(lats="7d")  # type: ignore[call-arg]


def test_parse_duration_names_the_option_it_was_given_for() -> None:
    """The same parser serves since/until durations and says which option was wrong."""
    assert parse_duration("3w", option="until") == timedelta(weeks=3)
    with pytest.raises(UsageError, match="until=x is not a duration"):
        parse_duration("x", option="until")


@pytest.mark.parametrize("last", ["999999d", "99999999999d"])
def test_a_duration_too_long_for_the_calendar_is_a_usage_error(last: str) -> None:
    """last=999999d reaches before year 1: that is the user's mistake, said as a UsageError."""
    with pytest.raises(UsageError, match=f"last={last}"):
        Window(last=last).resolve(NOW)
