"""Estimator parameters that pass one by one but not together: scikit-learn's own words, nothing registered."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_sqlite, run, store_state
from tools.access import Caller
from tools.context import Context

SKLEARN_SAYS = "Out of bag estimation only available if bootstrap=True"


def test_conflicting_params_through_dispatch_are_a_user_error_and_change_nothing(ctx: Context,
                                                                                 cli_caller: Caller) -> None:
    before = store_state(ctx)
    outcome = run(ctx, "train cancer oob_score=true bootstrap=false", cli_caller)
    assert outcome.status == "refused", outcome.message
    assert outcome.code == "usage"
    assert SKLEARN_SAYS in outcome.message
    assert "bootstrap=False" in outcome.message and "oob_score=True" in outcome.message
    assert "models.cancer.params" in outcome.message
    assert "Something went wrong" not in outcome.message
    assert store_state(ctx) == before  # no run, no version, no alias moved, no audit row
    # Each alone is fine: the refusal is about the pair, not either value.
    assert run(ctx, "train cancer bootstrap=false n_estimators=5", cli_caller).status == "done"


def test_conflicting_params_through_the_cli(tmp_path: Path, mlflow_template: Path) -> None:
    home = tmp_path / "mlops"
    home.mkdir()
    copy_sqlite(mlflow_template, home / "mlflow.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MLFLOW_", "MLOPS_"))}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "cmd", "train cancer oob_score=true bootstrap=false"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env=env | {"MLOPS_HOME": str(home)}, stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stderr
    assert SKLEARN_SAYS in done.stderr
    assert "Something went wrong" not in done.stderr + done.stdout and "Traceback" not in done.stderr
    import sqlite3

    with sqlite3.connect(home / "mlflow.db") as db:
        assert db.execute("SELECT count(*) FROM model_versions").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM runs").fetchone() == (0,)
