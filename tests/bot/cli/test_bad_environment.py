"""A broken environment, met by the real CLI and by `serve` at start: one clear line naming the file and what to
do, a non-zero exit, no traceback, nothing changed, and no minutes of MLflow retries on an unwritable store."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import copy_sqlite
from tests.support.processes import free_port

CLI = [sys.executable, "-m", "bot.cli"]


def user_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MLFLOW_", "MLOPS_", "PYTEST_"))}
    return env | extra


def _can_mount() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


def read_only_run(folder: Path, cmd: list[str]) -> list[str]:
    """`cmd` run where `folder` is read-only. Root ignores file modes, so as root the folder is bind-mounted
    read-only in a private mount namespace (the real EROFS a read-only volume gives); otherwise chmod 555."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return cmd
    if not _can_mount():
        pytest.skip("running as root without mount namespaces: a read-only folder cannot be made")
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, "sh", str(folder), *cmd]


def said(done: subprocess.CompletedProcess[str]) -> str:
    """What the user read: non-zero exit, no traceback, the sentence on at most two lines (title, sentence)."""
    assert done.returncode != 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr and "Something went wrong" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 2, done.stderr
    return lines[-1]


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cmd(tmp_path: Path, text: str, env: dict[str, str], *extra: str, read_only: Path | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    argv = [*CLI, "cmd", text, *extra]
    return subprocess.run(read_only_run(read_only, argv) if read_only else argv, capture_output=True, text=True,
                          timeout=timeout, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL)


# --- the config file ----------------------------------------------------------------------------------------
def test_a_config_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    config = tmp_path / "mlops-bot.toml"
    config.write_bytes('[access]\ntrainers = ["Ünïcode"]\n'.encode("latin-1"))
    done = cmd(tmp_path, "models", user_env(MLOPS_HOME=str(tmp_path / "mlops")), "-c", str(config))
    line = said(done)
    assert f"Config file {config} is not UTF-8" in line and "Save it as UTF-8" in line
    assert not (tmp_path / "mlops" / "state.db").exists()


def test_a_config_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    """A folder where the file should be (the one unreadable path root cannot read either); as another user a
    file without read permission as well."""
    folder = tmp_path / "mlops-bot.toml"
    folder.mkdir()
    line = said(cmd(tmp_path, "models", user_env(MLOPS_HOME=str(tmp_path / "mlops")), "-c", str(folder)))
    assert f"Config file {folder} is not a file" in line
    if os.geteuid() != 0:
        unreadable = tmp_path / "locked.toml"
        unreadable.write_text("[access]\n")
        unreadable.chmod(0)
        line = said(cmd(tmp_path, "models", user_env(MLOPS_HOME=str(tmp_path / "mlops")), "-c", str(unreadable)))
        assert f"Config file {unreadable} cannot be read" in line and "chmod a+r" in line


# --- MLOPS_HOME -----------------------------------------------------------------------------------------------
def test_a_home_that_cannot_be_created_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    home = blocker / "mlops"
    line = said(cmd(tmp_path, "status cancer", user_env(MLOPS_HOME=str(home))))
    assert f"MLOPS_HOME {home} does not exist and cannot be created" in line and "point MLOPS_HOME" in line
    assert blocker.read_text() == "not a folder"


def test_a_read_only_home_is_named(tmp_path: Path, mlflow_template: Path) -> None:
    home = tmp_path / "mlops"
    home.mkdir()
    copy_sqlite(mlflow_template, home / "mlflow.db")
    before = digest(home)
    line = said(cmd(tmp_path, "status cancer", user_env(MLOPS_HOME=str(home)), read_only=home))
    assert f"MLOPS_HOME {home} is read-only" in line and "writable" in line
    assert digest(home) == before


# --- the stores -----------------------------------------------------------------------------------------------
def test_a_state_db_of_garbage_bytes_is_named_with_what_to_do(tmp_path: Path, mlflow_template: Path) -> None:
    home = tmp_path / "mlops"
    home.mkdir()
    copy_sqlite(mlflow_template, home / "mlflow.db")
    garbage = os.urandom(8192)
    (home / "state.db").write_bytes(garbage)
    line = said(cmd(tmp_path, "history cancer", user_env(MLOPS_HOME=str(home))))
    state = home / "state.db"
    assert f"state database {state} cannot be opened" in line and "not an SQLite database" in line
    assert f"mv {state} {state}.broken" in line
    assert state.read_bytes() == garbage  # told, not "repaired" over the operator's data


def test_an_unwritable_sqlite_tracking_store_fails_in_seconds(tmp_path: Path, mlflow_template: Path) -> None:
    """MLflow itself retries such a store for about 110 s; the user hears why at once."""
    store = tmp_path / "tracking"
    store.mkdir()
    copy_sqlite(mlflow_template, store / "mlflow.db")
    before = digest(store)
    env = user_env(MLOPS_HOME=str(tmp_path / "mlops"), MLFLOW_TRACKING_URI=f"sqlite:///{store / 'mlflow.db'}")
    started = time.monotonic()
    done = cmd(tmp_path, "train cancer", env, read_only=store, timeout=100)
    took = time.monotonic() - started
    line = said(done)
    assert f"MLflow store sqlite:///{store / 'mlflow.db'} cannot be written" in line and "MLFLOW_TRACKING_URI" in line
    assert "is read-only" in line
    assert took < 60, f"took {took:.0f} s"  # the interpreter and imports on a loaded 2-core box, not retries
    assert digest(store) == before


# --- serve at start -------------------------------------------------------------------------------------------
def serve(tmp_path: Path, home: Path, *, read_only: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`serve` as an operator starts it; it must exit by itself (a server that started would hit the timeout)."""
    env = user_env(MLOPS_HOME=str(home), SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="secret",
                   SLACK_API_URL="http://127.0.0.1:9/api/")
    argv = [*CLI, "serve", "--port", str(free_port()), "--host", "127.0.0.1", "--no-scheduler"]
    return subprocess.run(read_only_run(read_only, argv) if read_only else argv, capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("broken", ["garbage state.db", "uncreatable home"])
def test_serve_refuses_to_start_on_a_broken_home(tmp_path: Path, broken: str) -> None:
    if broken == "garbage state.db":
        home = tmp_path / "mlops"
        home.mkdir()
        (home / "state.db").write_bytes(b"\x00garbage" * 512)
        expected = f"state database {home / 'state.db'} cannot be opened: it is not an SQLite database"
    else:
        (tmp_path / "a-file").write_text("x")
        home = tmp_path / "a-file" / "mlops"
        expected = f"MLOPS_HOME {home} does not exist and cannot be created"
    done = serve(tmp_path, home)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert expected in done.stderr
    assert "serving HTTP" not in done.stderr


def test_serve_refuses_to_start_on_a_read_only_home(tmp_path: Path) -> None:
    home = tmp_path / "mlops"
    home.mkdir()
    done = serve(tmp_path, home, read_only=home)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"MLOPS_HOME {home} is read-only" in done.stderr
    assert list(home.iterdir()) == []
