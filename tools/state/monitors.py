"""Monitors: one scheduled check per model (settings as data), what the last checks found, and the one scheduler's
job store (APScheduler's table, declared here so Alembic creates it like every other table; its columns repeat
APScheduler 3.x's own definition, so its check finds nothing to create)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tools.monitoring.settings import MonitorSpec
from tools.state.base import metadata
from tools.state.base import now as _now
from tools.state.base import utc as _utc
from tools.state.records import Monitor

SCHEDULER_JOBS_TABLE = "apscheduler_jobs"

scheduler_jobs_table = sa.Table(
    SCHEDULER_JOBS_TABLE, metadata,
    sa.Column("id", sa.Unicode(191), primary_key=True),
    sa.Column("next_run_time", sa.Float(25), index=True),
    sa.Column("job_state", sa.LargeBinary, nullable=False),
)

monitors_table = sa.Table(
    "monitors", metadata,
    sa.Column("model", sa.String(64), primary_key=True),
    sa.Column("settings", sa.Text, nullable=False),  # MonitorSpec as JSON
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("set_by", sa.String(64), nullable=False),
    sa.Column("surface", sa.String(16), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_check_at", sa.DateTime(timezone=True)),
    sa.Column("last_result", sa.String(16)),  # healthy | finding | failed | snoozed
    sa.Column("last_message", sa.Text),
    sa.Column("checks", sa.Integer, nullable=False, default=0),
    sa.Column("failures", sa.Integer, nullable=False, default=0),  # consecutive
    sa.Column("retry_after", sa.DateTime(timezone=True)),
    sa.Column("snoozed_until", sa.DateTime(timezone=True)),
    sa.Column("snoozed_by", sa.String(64)),
    sa.Column("data_marker", sa.Text),  # Freshness of the training source when last seen, as JSON
)


aliases_seen_table = sa.Table(
    "aliases_seen", metadata,  # each registry alias as the alias watch last saw it (tools/monitoring/aliases.py)
    sa.Column("model", sa.String(64), primary_key=True),
    sa.Column("alias", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
)


class Monitors:
    engine: sa.Engine

    def seen_aliases(self, model: str) -> dict[str, int] | None:
        """The model's aliases as last seen, or None when it was never looked at (the first look is a baseline)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(aliases_seen_table).where(aliases_seen_table.c.model == model)).mappings().all()
        if not rows:
            return None
        return {r["alias"]: r["version"] for r in rows if r["version"] >= 0}

    def see_aliases(self, model: str, aliases: dict[str, int]) -> None:
        """Remember `aliases` as the model's current ones (a model with none keeps a marker row, version -1)."""
        rows = [{"model": model, "alias": a, "version": v, "seen_at": _now()} for a, v in aliases.items()]
        with self.engine.begin() as conn:
            conn.execute(aliases_seen_table.delete().where(aliases_seen_table.c.model == model))
            conn.execute(aliases_seen_table.insert(), rows or [{"model": model, "alias": "", "version": -1,
                                                               "seen_at": _now()}])

    def claim_alias_move(self, model: str, alias: str, from_version: int | None, to_version: int | None) -> bool:
        """Record that `alias` moved from `from_version` to `to_version` (None: absent), only if it was still seen at
        `from_version`: True for the one caller that saw the move first. The poll and a webhook may look at the
        same move at once; each claim is one statement, so exactly one of them tells it."""
        was = -1 if from_version is None else from_version  # a deleted alias keeps its row at -1, so the model is
        to = -1 if to_version is None else to_version  # never "never looked at" again (that would be a baseline)
        row = sa.and_(aliases_seen_table.c.model == model, aliases_seen_table.c.alias == alias,
                      aliases_seen_table.c.version == was)
        with self.engine.begin() as conn:
            if conn.execute(aliases_seen_table.update().where(row).values(version=to, seen_at=_now())).rowcount == 1:
                return True
        if from_version is not None:
            return False
        try:  # an alias never seen before: the first to insert its row claims it
            with self.engine.begin() as conn:
                conn.execute(aliases_seen_table.insert().values(model=model, alias=alias, version=to, seen_at=_now()))
        except sa.exc.IntegrityError:
            return False
        return True

    def save_monitor(self, model: str, settings: MonitorSpec, *, enabled: bool, set_by: str, surface: str) -> Monitor:
        """Create or change a model's monitor; what earlier checks found is kept."""
        values = {"settings": settings.model_dump_json(), "enabled": enabled, "set_by": set_by, "surface": surface,
                  "updated_at": _now()}
        with self.engine.begin() as conn:
            changed = conn.execute(monitors_table.update().where(monitors_table.c.model == model).values(**values))
            if changed.rowcount == 0:
                conn.execute(monitors_table.insert().values(model=model, checks=0, failures=0, **values))
        return self.monitor(model)  # type: ignore[return-value]

    def seed_monitor(self, model: str, settings: MonitorSpec) -> bool:
        """A monitor from the config, unless the model already has one (a change made in Slack wins)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(monitors_table.insert().values(
                    model=model, settings=settings.model_dump_json(), enabled=True, set_by="config",
                    surface="config", updated_at=_now(), checks=0, failures=0))
            return True
        except sa.exc.IntegrityError:
            return False

    def monitor(self, model: str) -> Monitor | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(monitors_table).where(monitors_table.c.model == model)).mappings().first()
        return _monitor(row) if row else None

    def monitors(self, *, enabled_only: bool = False) -> list[Monitor]:
        query = sa.select(monitors_table).order_by(monitors_table.c.model)
        if enabled_only:
            query = query.where(monitors_table.c.enabled.is_(True))
        with self.engine.connect() as conn:
            return [_monitor(r) for r in conn.execute(query).mappings()]

    def record_check(self, model: str, *, result: str, message: str | None, failures: int,
                     retry_after: datetime | None = None, data_marker: dict[str, Any] | None = None) -> None:
        values: dict[str, Any] = {"last_check_at": _now(), "last_result": result, "last_message": message,
                                  "failures": failures, "retry_after": retry_after,
                                  "checks": monitors_table.c.checks + 1}
        if data_marker is not None:
            values["data_marker"] = json.dumps(data_marker, default=str)
        with self.engine.begin() as conn:
            conn.execute(monitors_table.update().where(monitors_table.c.model == model).values(**values))

    def snooze(self, model: str, *, until: datetime, by: str) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(monitors_table.update().where(monitors_table.c.model == model)
                                  .values(snoozed_until=until, snoozed_by=by))
        return result.rowcount == 1

    def snooze_all(self, *, until: datetime, by: str) -> list[str]:
        """Snooze every enabled monitor; the models snoozed."""
        with self.engine.begin() as conn:
            models = [m for (m,) in conn.execute(sa.select(monitors_table.c.model).where(
                monitors_table.c.enabled.is_(True)).order_by(monitors_table.c.model))]
            conn.execute(monitors_table.update().where(monitors_table.c.model.in_(models))
                         .values(snoozed_until=until, snoozed_by=by))
        return models


def _monitor(row: Any) -> Monitor:
    stamps = ("updated_at", "last_check_at", "retry_after", "snoozed_until")
    return Monitor(**{
        **row, "settings": MonitorSpec.model_validate_json(row["settings"]),
        "data_marker": json.loads(row["data_marker"]) if row["data_marker"] else None,
        **{k: _utc(row[k]) if row[k] else None for k in stamps},
    })
