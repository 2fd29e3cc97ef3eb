"""A job the web process adopted after a restart (no task handle, its Dask worker elsewhere) whose worker dies:
the follower finds the dead worker through the job's lock and the job ends as failed, instead of being followed
for ever."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest

from tools.context import Context
from tools.outcome import Outcome
from tools.state import leases_table
from tools.state.base import now
from tools.work import jobs


def test_an_adopted_job_whose_worker_stopped_beating_fails_with_a_reason(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "RECOVER_EVERY_S", 0.0)
    job = ctx.state.create_job(kind="dispatch", tool="train", model="cancer", args={"model": "cancer"}, user_id="U1",
                               surface="slack", backend="dask", owner="web-before-restart:1", text="train cancer",
                               channel="C_OPS")
    assert ctx.state.start_job(job.id, worker="worker-host:4242")
    beat = now() - timedelta(minutes=10)  # the worker's host went away ten minutes ago: no heartbeat since
    with ctx.state.engine.begin() as conn:
        conn.execute(leases_table.insert().values(
            name="model:cancer", token="t-dead", holder="U1", purpose="train", acquired_at=beat,
            expires_at=beat + timedelta(seconds=60), heartbeat_at=beat, host="worker-host", pid=4242,
            pid_started="1", notice=json.dumps({"job": job.id})))

    result: dict[str, Any] = {}
    follower = threading.Thread(target=lambda: result.update(outcome=jobs.follow(ctx, job.id, None)), daemon=True)
    follower.start()
    follower.join(timeout=60)
    assert not follower.is_alive(), "the adopted job was followed for ever"
    outcome: Outcome = result["outcome"]
    assert outcome.status == "failed" and "Interrupted" in outcome.message and "no heartbeat" in outcome.message
    assert ctx.state.job(job.id).status == "failed"
    assert ctx.state.lease("model:cancer") is None
    recovery = [e for e in ctx.state.audit_trail(model="cancer") if e.surface == "recovery"]
    assert len(recovery) == 1 and recovery[0].outcome == "failed"
