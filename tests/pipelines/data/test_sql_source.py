"""SQL sources: windows with a time-zone offset select the right rows; mixed-case timestamp columns work."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipelines.config import ModelSpec
from pipelines.data import datasets
from pipelines.data.window import Window
from tests.support.postgres import temp_database

HOURS = 48  # one row an hour from 2014-01-01T00:00Z
START = datetime(2014, 1, 1, tzinfo=UTC)


def spec(url: str, query: str, timestamp: str) -> ModelSpec:
    return ModelSpec(name="sqlmodel", task="regression", target="y", features=["x"], timestamp=timestamp,
                     estimator="ridge", primary_metric="rmse", source={"kind": "sql", "url": url, "query": query})


def hours_of(dataset: datasets.Dataset) -> list[int]:
    return sorted(int(x) for x in dataset.frame["x"])


# 05:00+05:00 is midnight UTC: the window holds hours 0..4 UTC, not 5..9 as a dropped offset would give.
OFFSET_WINDOW = Window(since="2014-01-01T05:00+05:00", until="2014-01-01T10:00+05:00")


def test_sqlite_window_with_an_offset_selects_utc_rows(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with sqlite3.connect(path) as conn:
        conn.execute('CREATE TABLE events ("EventTime" TIMESTAMP, x REAL, y REAL)')
        conn.executemany("INSERT INTO events VALUES (?, ?, ?)", [
            ((START + timedelta(hours=h)).strftime("%Y-%m-%d %H:%M:%S"), float(h), 2.0 * h) for h in range(HOURS)])
    model = spec(f"sqlite:///{path}", "SELECT * FROM events", "EventTime")
    assert hours_of(datasets.load(model, window=OFFSET_WINDOW)) == [0, 1, 2, 3, 4]
    assert hours_of(datasets.load(model, window=Window(since="2014-01-02", until="2014-01-02T03:00"))) == [24, 25, 26]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A database of this test's own on the shared test server (required in CI, see tests/support/postgres.py)."""
    with temp_database("mlops_sql") as url:
        yield url


def test_postgres_mixed_case_columns_and_offsets_in_any_session_zone(pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute('CREATE TABLE "Events" ("EventTime" timestamptz, "LocalTime" timestamp, x float, y float)')
        with conn.cursor() as cur:
            cur.executemany('INSERT INTO "Events" VALUES (%s, %s, %s, %s)', [
                (START + timedelta(hours=h), (START + timedelta(hours=h)).replace(tzinfo=None), float(h), 2.0 * h)
                for h in range(HOURS)])
    # A session in another zone must not shift the window (the bounds are UTC, the final cut is exact).
    kolkata = f"{pg_url}?options=-c%20TimeZone%3DAsia/Kolkata"
    for url in (pg_url, kolkata):
        for column in ("EventTime", "LocalTime"):
            model = spec(url, 'SELECT * FROM "Events"', column)
            assert hours_of(datasets.load(model, window=OFFSET_WINDOW)) == [0, 1, 2, 3, 4], (url, column)
