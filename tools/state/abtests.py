"""Online tests (A/B split or shadow) of a model's challenger against production, as the service routes them."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Literal

import sqlalchemy as sa
from pydantic import BaseModel

from pipelines.errors import UserError
from tools.state.base import metadata
from tools.state.base import now as _now
from tools.state.base import utc as _utc

abtests_table = sa.Table(
    "abtests", metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("model", sa.String(64), nullable=False, index=True),
    sa.Column("mode", sa.String(8), nullable=False),  # split | shadow
    sa.Column("share", sa.Float, nullable=False),  # of requests sent to the challenger (1.0 for shadow)
    sa.Column("production_version", sa.Integer),
    sa.Column("challenger_version", sa.Integer),
    sa.Column("started_by", sa.String(64), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("stopped_by", sa.String(64)),
    sa.Column("stopped_at", sa.DateTime(timezone=True)),
)
# At most one running test per model, decided by the database: two starts at once (two replicas, a double
# click) cannot both pass the check in start_abtest. A partial unique index, on SQLite and PostgreSQL alike.
_running = abtests_table.c.stopped_at.is_(None)
sa.Index("uq_abtests_running_model", abtests_table.c.model, unique=True, sqlite_where=_running,
         postgresql_where=_running)


class ABTest(BaseModel):
    id: str
    model: str
    mode: Literal["split", "shadow"]
    share: float
    production_version: int | None
    challenger_version: int | None
    started_by: str
    started_at: datetime
    stopped_by: str | None = None
    stopped_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.stopped_at is None


class ABTestRunning(UserError):
    code = "abtest_running"


class ABTests:
    engine: sa.Engine

    def start_abtest(self, *, model: str, mode: str, share: float, production_version: int | None,
                     challenger_version: int | None, by: str) -> ABTest:
        test = ABTest(id=secrets.token_hex(6), model=model, mode=mode, share=share,  # type: ignore[arg-type]
                      production_version=production_version, challenger_version=challenger_version,
                      started_by=by, started_at=_now())
        try:
            with self.engine.begin() as conn:
                conn.execute(abtests_table.insert().values(**test.model_dump()))
        except sa.exc.IntegrityError:  # uq_abtests_running_model: one is running already
            running = self.running_abtest(model)
            raise ABTestRunning(f"An online test of {model} is already running ({running.id if running else '?'}). "
                                f"Stop it first: abtest {model} stop") from None
        return test

    def stop_abtest(self, model: str, *, by: str) -> ABTest | None:
        test = self.running_abtest(model)
        if test is None:
            return None
        with self.engine.begin() as conn:
            conn.execute(abtests_table.update().where(abtests_table.c.id == test.id, abtests_table.c.stopped_at.is_(None))
                         .values(stopped_by=by, stopped_at=_now()))
        return self.abtest(test.id)

    def running_abtest(self, model: str) -> ABTest | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(abtests_table).where(
                abtests_table.c.model == model, abtests_table.c.stopped_at.is_(None))).mappings().first()
        return _test(row) if row else None

    def latest_abtest(self, model: str) -> ABTest | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(abtests_table).where(abtests_table.c.model == model)
                               .order_by(abtests_table.c.started_at.desc()).limit(1)).mappings().first()
        return _test(row) if row else None

    def abtest(self, test_id: str) -> ABTest | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(abtests_table).where(abtests_table.c.id == test_id)).mappings().first()
        return _test(row) if row else None


def _test(row: sa.RowMapping) -> ABTest:
    return ABTest(**{**row, "started_at": _utc(row["started_at"]),
                     "stopped_at": _utc(row["stopped_at"]) if row["stopped_at"] else None})
