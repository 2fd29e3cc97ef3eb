"""An approved deploy cut off by SIGKILL: afterwards the approval and the production alias agree.

A real `mlops-bot cmd deploy … --yes` process kills itself at a named checkpoint of the real deploy path
(pipelines/checkpoints.py): right after production moved, or right before. The next command on the model (here a
read-only `status`) finds the dead holder's lock and settles what it left: moved → approval done, history tag
and audit row written; not moved → approval failed, production unchanged.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.checkpoints import DEPLOY_ALIAS_MOVED, DEPLOY_BEFORE_MOVE, ENV

CLI = [sys.executable, "-m", "bot.cli"]
FORCED = 'deploy cancer 2 force=true reason="crash drill"'  # v2 does not beat v1: an admin forces it


def cli(home: Path, text: str, *extra: str, crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MLFLOW_", "MLOPS_"))}
    env |= {"MLOPS_HOME": str(home)} | ({ENV: crash_at} if crash_at else {})
    return subprocess.run([*CLI, "cmd", text, *extra], capture_output=True, text=True, timeout=300, env=env,
                          cwd=home.parent, stdin=subprocess.DEVNULL)


def one(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def production(home: Path) -> int | None:
    rows = one(home / "mlflow.db", "SELECT version FROM registered_model_aliases "
                                   "WHERE name = 'cancer' AND alias = 'production'")
    return rows[0][0] if rows else None


def approvals(home: Path) -> list[tuple]:
    """The deploy approvals of v2 (the snapshot already holds v1's, done)."""
    return one(home / "state.db", "SELECT status, outcome FROM approvals WHERE tool = 'deploy' "
                                  "AND json_extract(args, '$.version') = '2'")


@pytest.mark.parametrize(("crash_at", "moved"), [(DEPLOY_ALIAS_MOVED, True), (DEPLOY_BEFORE_MOVE, False)])
def test_a_deploy_killed_mid_way_ends_with_approval_and_alias_agreeing(cancer_home: Path, crash_at: str,
                                                                       moved: bool) -> None:
    home = cancer_home
    assert production(home) == 1
    killed = cli(home, FORCED, "--yes", crash_at=crash_at)
    assert killed.returncode == -9, killed.stderr  # it really died at the checkpoint, not before
    # The window the test is about: the approval was claimed, production moved (or not), nothing after.
    assert [status for status, _ in approvals(home)] == ["approved"]
    assert production(home) == (2 if moved else 1)
    assert one(home / "state.db", "SELECT purpose FROM leases") == [("deploy",)]

    later = cli(home, "status cancer", "--json")  # the next action on the model, read-only
    assert later.returncode == 0, later.stderr

    assert production(home) == (2 if moved else 1)
    [(status, outcome)] = approvals(home)
    assert status == ("done" if moved else "failed"), outcome
    assert ("the move stands" in outcome) if moved else ("nothing was changed" in outcome)
    assert one(home / "state.db", "SELECT count(*) FROM leases") == [(0,)]
    aliases = {row["version"]: row["aliases"] for row in json.loads(later.stdout)["versions"]}
    assert ("production" in aliases[2]) is moved and ("production" in aliases[1]) is not moved
    audit = one(home / "state.db", "SELECT tool, outcome, surface, to_version FROM audit "
                                   "WHERE surface = 'recovery' AND tool = 'deploy' ORDER BY id")
    assert audit[-1] == ("deploy", "ok" if moved else "failed", "recovery", 2 if moved else None)
    tags = [json.loads(value) for (value,) in one(home / "mlflow.db", "SELECT value FROM registered_model_tags "
                                                   "WHERE name = 'cancer' AND key LIKE 'mlops.event.%'")]
    moves = [t for t in tags if t["action"] == "deploy" and t["to_version"] == 2]
    assert len(moves) == (1 if moved else 0), tags  # the history tag the dead process never wrote
    if moved:  # and rollback, which reads that history, takes production back to v1
        back = cli(home, "rollback cancer", "--yes", "--json")
        assert back.returncode == 0, back.stderr
        assert production(home) == 1
