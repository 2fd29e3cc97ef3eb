"""Alembic environment for the bot's state: run programmatically by tools.state.migrate, or from the alembic CLI
(`uv run alembic -c tools/state/alembic.ini revision --autogenerate -m "…"`, database from MLOPS_STATE_URL)."""

from __future__ import annotations

from alembic import context

from tools.state import metadata  # the package imports every table module first: all tables are on it
from tools.state.base import make_engine


def run(connection: object) -> None:
    context.configure(
        connection=connection, target_metadata=metadata, compare_type=True,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead, so one migration fits both.
        render_as_batch=connection.dialect.name == "sqlite",  # type: ignore[attr-defined]
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from tools.settings import Paths

    url = context.config.get_main_option("sqlalchemy.url") or Paths().state_db_url
    with make_engine(url).connect() as conn:
        run(conn)
        conn.commit()
