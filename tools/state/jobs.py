"""Jobs: tool work handed to the executor, queued → running → done | failed | cancelled, with its progress line.

A row is written by the web process when it submits and by the worker while it runs, so `status`, `cancel` and a
restarted web process all see the same job wherever it runs (a local pool process or a Dask worker).
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel

from pipelines.errors import UserError
from tools.state.base import metadata
from tools.state.base import now as _now
from tools.state.base import utc as _utc

JobStatus = Literal["queued", "running", "done", "failed", "cancelled"]
ACTIVE: tuple[str, ...] = ("queued", "running")

jobs_table = sa.Table(
    "jobs", metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),  # dispatch | confirm
    sa.Column("tool", sa.String(32), nullable=False),
    sa.Column("model", sa.String(64), index=True),
    sa.Column("args", sa.Text, nullable=False),
    sa.Column("approval_id", sa.String(32)),
    sa.Column("user_id", sa.String(64), nullable=False),
    sa.Column("surface", sa.String(16), nullable=False),
    sa.Column("text", sa.Text),  # what the person typed, for the messages about this job
    sa.Column("channel", sa.String(32)),
    sa.Column("thread_ts", sa.String(32)),
    sa.Column("message_ts", sa.String(32)),  # the "Working…" message updated with progress and result
    sa.Column("backend", sa.String(16), nullable=False),
    sa.Column("owner", sa.String(128), nullable=False),  # host:pid of the web process that submitted it
    sa.Column("worker", sa.String(256)),  # host:pid of the process running it
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("progress", sa.Text),
    sa.Column("outcome", sa.Text),  # the dispatch Outcome as JSON, once finished
    sa.Column("message", sa.Text),  # why it failed or was cancelled, in words
    sa.Column("cancel_requested_by", sa.String(64)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
)


class Job(BaseModel):
    id: str
    kind: str
    tool: str
    model: str | None
    args: dict[str, Any]
    approval_id: str | None = None
    user_id: str
    surface: str
    text: str | None = None
    channel: str | None = None
    thread_ts: str | None = None
    message_ts: str | None = None
    backend: str
    owner: str
    worker: str | None = None
    status: JobStatus
    attempts: int = 0
    progress: str | None = None
    outcome: dict[str, Any] | None = None
    message: str | None = None
    cancel_requested_by: str | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


class UnknownJob(UserError):
    code = "unknown_job"


class Jobs:
    engine: sa.Engine

    def create_job(self, *, kind: str, tool: str, model: str | None, args: dict[str, Any], user_id: str,
                   surface: str, backend: str, owner: str, approval_id: str | None = None, text: str | None = None,
                   channel: str | None = None, thread_ts: str | None = None) -> Job:
        job_id = "j" + secrets.token_hex(3)
        with self.engine.begin() as conn:
            conn.execute(jobs_table.insert().values(
                id=job_id, kind=kind, tool=tool, model=model, args=json.dumps(args, default=str),
                approval_id=approval_id, user_id=user_id, surface=surface, text=text, channel=channel,
                thread_ts=thread_ts, backend=backend, owner=owner, status="queued", attempts=0, created_at=_now()))
        return self.job(job_id)

    def job(self, job_id: str) -> Job:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(jobs_table).where(jobs_table.c.id == job_id)).mappings().first()
        if row is None:
            raise UnknownJob(f"There is no job {job_id}. Running jobs are listed by status <model>.")
        return _job(row)

    def start_job(self, job_id: str, *, worker: str) -> bool:
        """Claim a queued job for a worker; False if it was cancelled, or already started (a retried attempt)."""
        with self.engine.begin() as conn:
            result = conn.execute(jobs_table.update().where(jobs_table.c.id == job_id, jobs_table.c.status == "queued")
                                  .values(status="running", worker=worker, started_at=_now(),
                                          attempts=jobs_table.c.attempts + 1))
        return result.rowcount == 1

    def job_progress(self, job_id: str, line: str) -> str | None:
        """Record the progress line; returns who asked to cancel, if anyone did (the worker then stops)."""
        with self.engine.begin() as conn:
            conn.execute(jobs_table.update().where(jobs_table.c.id == job_id).values(progress=line))
            return conn.execute(sa.select(jobs_table.c.cancel_requested_by)
                                .where(jobs_table.c.id == job_id)).scalar_one_or_none()

    def cancel_requested(self, job_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(jobs_table.c.cancel_requested_by)
                                .where(jobs_table.c.id == job_id)).scalar_one_or_none()

    def finish_job(self, job_id: str, *, status: JobStatus, outcome: dict[str, Any] | None = None,
                   message: str | None = None) -> bool:
        """Close an active job once; False when it was already closed (by the worker, a cancel or a watcher)."""
        with self.engine.begin() as conn:
            result = conn.execute(jobs_table.update().where(jobs_table.c.id == job_id,
                                                            jobs_table.c.status.in_(ACTIVE))
                                  .values(status=status, finished_at=_now(), message=message,
                                          outcome=json.dumps(outcome, default=str) if outcome is not None else None))
        return result.rowcount == 1

    def request_cancel(self, job_id: str, *, by: str) -> Job:
        """A queued job is cancelled at once; a running one is asked to stop at its next progress point."""
        job = self.job(job_id)
        if not job.active:
            raise UserError(f"Job {job_id} ({job.tool}) has already {job.status}; there is nothing to cancel.")
        with self.engine.begin() as conn:
            conn.execute(jobs_table.update().where(jobs_table.c.id == job_id, jobs_table.c.status == "queued")
                         .values(status="cancelled", finished_at=_now(), cancel_requested_by=by,
                                 message=f"Cancelled by {by} before it started; nothing was changed."))
            conn.execute(jobs_table.update().where(jobs_table.c.id == job_id, jobs_table.c.status == "running")
                         .values(cancel_requested_by=by))
        return self.job(job_id)

    def attach_job_message(self, job_id: str, *, channel: str, message_ts: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(jobs_table.update().where(jobs_table.c.id == job_id)
                         .values(channel=channel, message_ts=message_ts))

    def active_jobs(self, *, model: str | None = None, backend: str | None = None) -> list[Job]:
        query = sa.select(jobs_table).where(jobs_table.c.status.in_(ACTIVE)).order_by(jobs_table.c.created_at)
        if model is not None:
            query = query.where(jobs_table.c.model == model)
        if backend is not None:
            query = query.where(jobs_table.c.backend == backend)
        with self.engine.connect() as conn:
            return [_job(row) for row in conn.execute(query).mappings()]

    def release_job_lock(self, job: Job) -> None:
        """Free the model lease a job's dead worker still holds (it took it after the job started)."""
        from tools.state.leases import leases_table
        from tools.state.records import model_lease

        if job.model is None or job.started_at is None:
            return
        with self.engine.begin() as conn:
            conn.execute(leases_table.delete().where(
                leases_table.c.name == model_lease(job.model), leases_table.c.purpose == job.tool,
                leases_table.c.holder == job.user_id, leases_table.c.acquired_at >= job.started_at))


def _job(row: Any) -> Job:
    return Job(**{
        **row, "args": json.loads(row["args"]), "outcome": json.loads(row["outcome"]) if row["outcome"] else None,
        "created_at": _utc(row["created_at"]),
        "started_at": _utc(row["started_at"]) if row["started_at"] else None,
        "finished_at": _utc(row["finished_at"]) if row["finished_at"] else None,
    })
