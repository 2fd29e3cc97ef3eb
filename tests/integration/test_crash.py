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
    assert query(home / "state.db", "select model, pid from locks") == [("cancer", victim.pid)]
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
    assert query(home / "state.db", "select count(*) from locks") == [(0,)]
