"""Database URLs as SQLAlchemy needs them here: `postgresql://` means psycopg 3, the driver this project ships."""

from __future__ import annotations

import importlib.util


def sqlalchemy_url(url: str) -> str:
    """`postgresql://…` (and `postgres://…`) → `postgresql+psycopg://…` unless psycopg2 is installed.

    SQLAlchemy's default PostgreSQL driver is psycopg2; without this a plain URL fails with an import error.
    """
    if url.startswith(("postgresql://", "postgres://")) and importlib.util.find_spec("psycopg2") is None:
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
