"""The CLI as a newcomer runs it: where state lands, what reaches the screen, what a usage error costs."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_sqlite

CLI = [sys.executable, "-m", "bot.cli"]
HEAVY = ("numpy", "pandas", "scipy", "sklearn", "mlflow", "sqlalchemy")  # sqlalchemy: ~0.3 s CPU of a 0.7 s answer


def user_env(**extra: str) -> dict[str, str]:
    """The environment of a user who set none of ours (and is not in CI, which some libraries treat apart)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "MLFLOW_", "MLOPS_", "MPLCONFIGDIR", "PYTEST_"))}
    return env | {"PYTHONDONTWRITEBYTECODE": "1"} | extra


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_state_lands_in_the_working_directory_and_nothing_in_home(tmp_path: Path, mlflow_template: Path) -> None:
    """MLOPS_HOME unset: `train cancer` writes ./.mlops of the working directory; $HOME stays empty."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    (work / ".mlops").mkdir(parents=True)
    copy_sqlite(mlflow_template, work / ".mlops" / "mlflow.db")  # skips a multi-second migration
    done = subprocess.run([*CLI, "cmd", "train cancer"], capture_output=True, text=True, timeout=300, cwd=work,
                          env=user_env(HOME=str(home)), stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert "cancer v1 is the new challenger" in done.stdout
    state = work / ".mlops"
    assert (state / "state.db").is_file() and any((state / "artifacts").rglob("MLmodel"))
    with sqlite3.connect(state / "mlflow.db") as db:
        assert db.execute("SELECT count(*) FROM model_versions WHERE name = 'cancer'").fetchone() == (1,)
    assert files_under(home) == []


def test_an_unforeseen_error_shows_one_line_and_a_reference_and_logs_the_traceback(tmp_path: Path) -> None:
    """A state database whose audit table was dropped by hand (a bug's stand-in: nothing the user did): one line
    with a reference and the log's path on the terminal, the traceback in that log file under MLOPS_HOME.
    (A state.db that is not a database at all is the operator's to fix, told plainly: test_bad_environment.)"""
    from tools.state import StateStore

    state = tmp_path / "mlops"
    state.mkdir()
    StateStore(f"sqlite:///{state / 'state.db'}").engine.dispose()
    with sqlite3.connect(state / "state.db") as db:
        db.execute("DROP TABLE audit")
    done = subprocess.run([*CLI, "cmd", "history cancer"], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path, env=user_env(MLOPS_HOME=str(state)), stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    log_file = state / "mlops-bot.log"
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert "Traceback" not in done.stderr + done.stdout
    assert len(lines) <= 2, done.stderr  # a title, then the sentence
    said = lines[-1]
    assert said.startswith("Something went wrong (ref ") and said.endswith(f"The details are in {log_file}."), said
    ref = said.split("(ref ")[1].split(")")[0]
    logged = log_file.read_text()
    assert f"(ref {ref})" in logged and "Traceback" in logged and "no such table: audit" in logged


@pytest.mark.parametrize("text", ["train nosuchmodel", "trian cancer", "help", "help train"])
def test_a_usage_error_or_help_imports_no_heavy_library(tmp_path: Path, text: str) -> None:
    """Answered from the registry and the config alone: numpy, pandas, scipy, scikit-learn, MLflow, SQLAlchemy
    stay unloaded."""
    # The libraries are read before sys.argv is replaced by the command line (else the check sees none of them).
    probe = ("import sys\nheavy = set(sys.argv[2:])\nsys.argv = ['mlops-bot', 'cmd', sys.argv[1]]\n"
             "from bot.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('LOADED', sorted({m.split('.')[0] for m in sys.modules} & heavy))")
    done = subprocess.run([sys.executable, "-c", probe, text, *HEAVY], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env=user_env(MLOPS_HOME=str(tmp_path / "mlops")))
    assert done.stdout.strip().splitlines()[-1] == "LOADED []", done.stdout + done.stderr


# --- against an MLflow tracking server ---------------------------------------------------------------------
@pytest.fixture
def mlflow_server(tmp_path: Path, mlflow_template: Path) -> Iterator[str]:
    """A real `mlflow server` on a copy of the migrated template store."""
    from tests.support.processes import mlflow_server as running_mlflow_server

    store = tmp_path / "server"
    store.mkdir()
    copy_sqlite(mlflow_template, store / "mlflow.db")
    with running_mlflow_server(f"sqlite:///{store / 'mlflow.db'}", store / "artifacts",
                               log=tmp_path / "mlflow-server.log") as url:
        yield url


def test_json_is_one_document_on_stdout_against_a_tracking_server(tmp_path: Path, mlflow_server: str) -> None:
    """MLflow prints "🏃 View run …" and "Registered model … already exists" itself; with --json stdout holds
    only our JSON, our progress goes to stderr, MLflow's lines to the log file."""
    state = tmp_path / "mlops"
    env = user_env(MLOPS_HOME=str(state), MLFLOW_TRACKING_URI=mlflow_server)
    for version in (1, 2):  # the second train meets MLflow's "already exists" message
        done = subprocess.run([*CLI, "cmd", "train cancer n_estimators=20", "--json"], capture_output=True,
                              text=True, timeout=300, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["version"] == version
        assert "… Fitting random_forest" in done.stderr
        assert "View run" not in done.stderr + done.stdout and "already exists" not in done.stderr
    logged = (state / "mlops-bot.log").read_text()
    assert "View run" in logged and "already exists" in logged


def test_the_demo_twice_in_the_same_place_works_both_times(tmp_path: Path, mlflow_template: Path) -> None:
    """`mlops-bot demo` names versions by alias: the second run on the same store deploys, compares and rolls
    back the versions it just trained (not the first run's v2), and all state stays in ./.mlops."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    (work / ".mlops").mkdir(parents=True)
    copy_sqlite(mlflow_template, work / ".mlops" / "mlflow.db")
    runs = [subprocess.run([*CLI, "demo"], capture_output=True, text=True, timeout=600, cwd=work,
                           env=user_env(HOME=str(home)), stdin=subprocess.DEVNULL) for _ in range(2)]
    for run, (old, new) in zip(runs, [(1, 2), (3, 4)]):
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        assert f"Compare cancer: v{new} vs v{old}" in run.stdout
        assert f"production is now v{new} (was v{old})" in run.stdout
        assert f"production is now v{old} (was v{new})" in run.stdout, "the rollback undoes this run's deploy"
        assert f"The demo's state (MLflow runs and models, audit, approvals) is in {work / '.mlops'}" in run.stdout
    assert "production is now v3 (was v1)" in runs[1].stdout, "the second run deploys its own challenger"
    assert files_under(home) == []
