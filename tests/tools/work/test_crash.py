"""Processes killed with SIGKILL in the middle of work, on a real SQLite store: the next one carries on."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import copy_sqlite
from tests.support.waiting import wait_until

CLI = [sys.executable, "-m", "bot.cli"]


def start(home: Path, text: str, *extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "MLFLOW_", "MLOPS_"))} | {"MLOPS_HOME": str(home)}
    return subprocess.Popen([*CLI, "cmd", text, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=home.parent, stdin=subprocess.DEVNULL)


def query(db: Path, sql: str) -> list[tuple]:
    if not db.exists():
        return []
    with sqlite3.connect(db, timeout=30) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError:  # the table is not there yet
            return []



@pytest.fixture
def home(tmp_path: Path, mlflow_template: Path) -> Path:
    home = tmp_path / "mlops"
    home.mkdir()
    copy_sqlite(mlflow_template, home / "mlflow.db")
    return home


def test_kill_9_in_the_middle_of_train_then_train_again(home: Path) -> None:
    """The issue's "done when": the killed run ends FAILED with a reason, the attempt is audited, and a new
    train of the same model succeeds at once (no hour-long lock)."""
    victim = start(home, "train cancer")
    running = wait_until(lambda: query(home / "mlflow.db", "select run_uuid from runs where status = 'RUNNING'"),
                         what="the MLflow run of the first train", timeout=60, every=0.01)
    assert query(home / "state.db", "select name, pid from leases") == [("model:cancer", victim.pid)]
    victim.send_signal(signal.SIGKILL)
    victim.wait()  # reaped or not, the pid is dead: the next process must see that

    started = time.monotonic()
    again = start(home, "train cancer", "--json")
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert time.monotonic() - started < 60
    assert json.loads(out)["version"] >= 1
    runs = dict(query(home / "mlflow.db", "select run_uuid, status from runs"))
    assert "RUNNING" not in runs.values()
    assert runs[running[0][0]] == "FAILED"
    reason = query(home / "mlflow.db", f"select value from tags where run_uuid = '{running[0][0]}' "
                                       "and key = 'mlops.ended_reason'")
    assert reason and f"process {victim.pid}" in reason[0][0] and "is gone" in reason[0][0]
    audit = query(home / "state.db", "select tool, outcome, surface, message from audit order by id")
    assert audit[0][:3] == ("train", "failed", "recovery") and running[0][0][:12] in audit[0][3]
    assert audit[-1][:2] == ("train", "ok")
    assert query(home / "state.db", "select count(*) from leases") == [(0,)]


# --- a serve killed with its pool: the public "Working…" message is not left hanging ---------------------------
SLOW_TOML = """
[models.forest]
task = "binary"
source = { kind = "sklearn", dataset = "breast_cancer" }
target = "target"
timestamp = "event_time"
estimator = "random_forest"
params = { n_estimators = 4000 }    # long enough to be killed in the middle
primary_metric = "roc_auc"

[compute]
workers = 1
"""
SECRET = "crash-signing-secret"


def test_serve_killed_mid_job_its_working_message_says_interrupted_after_restart(tmp_path: Path,
                                                                                 mlflow_template: Path) -> None:
    """kill -9 of serve and its pool while a job trains: the job's lock names the job, the job row its message;
    the next start takes the dead lock over and updates that message to say the attempt failed."""
    from tests.conftest import ACCESS_TOML, TRAINER
    from tests.support import slack_requests as sr
    from tests.support.fake_slack import FakeSlack
    from tests.support.processes import BIN, background, child_env, free_port, stop, wait_healthy

    home = tmp_path / "mlops"
    home.mkdir()
    copy_sqlite(mlflow_template, home / "mlflow.db")
    (tmp_path / "mlops-bot.toml").write_text(ACCESS_TOML + SLOW_TOML)
    with FakeSlack() as fake:
        env = child_env(MLOPS_HOME=str(home), MLOPS_CONFIG=str(tmp_path / "mlops-bot.toml"), SLACK_BOT_TOKEN="xoxb-c",
                        SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.api_url)

        def serve(name: str):  # noqa: ANN202 - a context manager of the process
            port = free_port()
            return port, background([str(BIN / "mlops-bot"), "serve", "--host", "127.0.0.1", "--port", str(port),
                                     "--no-scheduler"], env=env, cwd=tmp_path, log=tmp_path / f"{name}.log")

        port, first = serve("first")
        with first as proc:
            wait_healthy(f"http://127.0.0.1:{port}/healthz", proc, tmp_path / "first.log", timeout=180)
            body, headers = sr.slash_command("train forest", user_id=TRAINER, secret=SECRET,
                                             response_url=fake.response_url())
            assert sr.post(f"http://127.0.0.1:{port}/slack/events", body, headers).status_code == 200
            working = fake.wait_for("chat.postMessage", lambda c: "Working: train forest" in c.params.get("text", ""),
                                    timeout=120)
            ts = working.response["ts"]
            # The worker holds the lock and has named its job on it; the job row holds the message.
            noticed = wait_until(lambda: query(home / "state.db", "select notice from leases where name = 'model:forest' "
                                                                  "and notice is not null"),
                                 what="the job named on the lock", timeout=120, every=0.05)
            job = json.loads(noticed[0][0])["job"]
            assert query(home / "state.db", f"select message_ts, status from jobs where id = '{job}'") == [
                (ts, "running")]
            stop(proc, sig=signal.SIGKILL)  # the web process and its pool worker, as a lost container would go

        mark = fake.mark()
        port, second = serve("second")
        with second as proc:
            wait_healthy(f"http://127.0.0.1:{port}/healthz", proc, tmp_path / "second.log", timeout=180)
            update = fake.wait_for("chat.update", lambda c: c.params.get("ts") == ts, timeout=60, after=mark)
            said = update.params.get("text", "") + json.dumps(update.params.get("blocks") or [])
            assert "Interrupted: train forest" in said and "did not finish" in said
            # The takeover runs in the new work process after start; the message is its first step, the rest follow.
            wait_until(lambda: query(home / "state.db", "select count(*) from leases") == [(0,)],
                       what="the dead lock taken over and released", timeout=60, every=0.05)
            assert query(home / "state.db", f"select status from jobs where id = '{job}'") == [("failed",)]
            audit = query(home / "state.db", "select tool, outcome, surface from audit where model = 'forest'")
            assert ("train", "failed", "recovery") in audit


def test_a_pool_worker_killed_mid_job_is_recovered_not_just_unlocked(ctx, local_pool, cli_caller) -> None:  # noqa: ANN001
    """The web process sees its job's worker die: the dead worker's lock is taken over (audited as a recovery),
    not silently deleted, and the job says the worker died."""
    import os as _os

    from tools.work import jobs

    job, handle = jobs.submit(ctx, local_pool, kind="dispatch", tool="train", caller=cli_caller,
                              args={"model": "cancer", "params": {"n_estimators": 3000}})
    worker = wait_until(lambda: ctx.state.job(job.id).worker, what="a worker to claim the job", timeout=120)
    wait_until(lambda: ctx.state.lease("model:cancer") is not None and ctx.state.lease("model:cancer").notice == {"job": job.id},
               what="the job named on its lock", timeout=120)
    _os.kill(int(worker.rpartition(":")[2]), signal.SIGKILL)
    outcome = jobs.follow(ctx, job.id, handle)
    assert outcome.status == "failed" and "died before it finished" in (outcome.message or "")
    assert ctx.state.lease("model:cancer") is None
    recovered = [(e.tool, e.outcome, e.surface) for e in ctx.state.audit_trail(model="cancer")]
    assert ("train", "failed", "recovery") in recovered, recovered
