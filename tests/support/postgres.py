"""A private PostgreSQL database per test run on the server at 127.0.0.1:5432 (or $MLOPS_TEST_POSTGRES_URL).

On a machine without that server the PostgreSQL tests skip, saying why; `.ci/run` sets MLOPS_TEST_POSTGRES_URL,
which makes the server required: unreachable is then a failure, so CI cannot pass by skipping them.
"""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

ENV = "MLOPS_TEST_POSTGRES_URL"
DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    """The maintenance URL of the server, or skip (fail when CI requires PostgreSQL) with the reason."""
    url = os.environ.get(ENV) or DEFAULT
    problem = _unreachable(url)
    if problem is None:
        return url
    if os.environ.get(ENV):
        pytest.fail(f"PostgreSQL is required ({ENV}={url}) but unreachable: {problem}")
    pytest.skip(f"no PostgreSQL server at {url} ({problem}); set {ENV} to run these tests")


@contextmanager
def temp_database(prefix: str = "mlops") -> Iterator[str]:
    """A fresh database (unique name) on the server, dropped afterwards even if connections stay open."""
    import psycopg

    base = server_url()
    name = f"{prefix}_{secrets.token_hex(6)}"
    with psycopg.connect(_libpq(base), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(_libpq(base), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@functools.cache
def _unreachable(url: str) -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (extra 'postgres')"
    try:
        with psycopg.connect(_libpq(url), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]


def _libpq(url: str) -> str:
    """psycopg wants a libpq URL, without SQLAlchemy's driver suffix."""
    return "postgresql://" + url.split("://", 1)[1]
