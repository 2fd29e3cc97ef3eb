"""The stores' files: whether an SQLite file can be used, one process at a time setting a store up, and opening the
state store with one sentence naming what to fix.

A store that cannot be written fails late and badly: MLflow retries an unwritable SQLite store for about 110 s, and
SQLite itself says only "attempt to write a readonly database", naming no file. A missing or read-only MLOPS_HOME, a
state.db overwritten with garbage, an MLflow file that cannot be written: each is the operator's to fix, so each is a
ConfigError (shown as it is, exit code 1), never a traceback. And two to four processes starting on a fresh
MLOPS_HOME would race on MLflow's schema and our own tables: whoever holds `setup_lock` creates or migrates, the others
wait, then find the schema in place (PostgreSQL serialises with an advisory lock in migrate.py instead).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.errors import ConfigError, MlflowUnavailable
from tools.settings import Paths

if TYPE_CHECKING:
    from tools.state import StateStore


def ensure_home(home: Path) -> None:
    """Create MLOPS_HOME if need be and check it can be written (the stores, their journals and the log go there)."""
    try:
        home.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ConfigError(f"MLOPS_HOME {home} is a file, not a folder. Point MLOPS_HOME at a folder "
                          "(it is created if missing).") from None
    except OSError as exc:
        raise ConfigError(f"MLOPS_HOME {home} does not exist and cannot be created ({exc.strerror}). Create it, "
                          "or point MLOPS_HOME at a folder you can write.") from None
    if not os.access(home, os.W_OK | os.X_OK):
        raise ConfigError(f"MLOPS_HOME {home} is read-only. Make it writable (chmod u+w), or point MLOPS_HOME at "
                          "a folder you can write.")


def open_state(paths: Paths) -> StateStore:
    """The state store, created and migrated if new; a clear ConfigError when its SQLite file cannot be used."""
    import sqlalchemy as sa

    from tools.state import StateStore

    if not paths.state_url:
        ensure_home(paths.home)
    path = sqlite_path(paths.state_db_url)
    if path is not None and (problem := why_not_writable(path)):
        raise ConfigError(f"The bot's state database {path} cannot be written: {problem}. Make it writable, or "
                          "set MLOPS_STATE_URL (or MLOPS_HOME) to a place you can write.")
    try:
        return StateStore(paths.state_db_url, pool_size=paths.state_pool_size)
    except sa.exc.DatabaseError as exc:
        if path is None or (problem := why_not_sqlite(path)) is None:
            raise  # not a broken file: an outage or a bug, reported with a reference by the caller
        raise ConfigError(f"The bot's state database {path} cannot be opened: {problem}. Move it aside "
                          f"(mv {path} {path}.broken) and run again to start a new one; its audit trail and "
                          "pending approvals stay in the moved file.") from exc


def check_tracking_files(paths: Paths) -> None:
    """For an SQLite tracking store: its folder and file can be written. Cheap, and imports no MLflow."""
    if not paths.tracking_uri:
        ensure_home(paths.home)
    path = sqlite_path(paths.mlflow_uri)
    if path is None or not path.parent.exists():  # a missing folder: the registry says "unreachable", URI and all
        return
    if problem := why_not_writable(path):
        raise MlflowUnavailable(f"MLflow store {paths.mlflow_uri} cannot be written: {problem}. Make it writable, "
                                "or set MLFLOW_TRACKING_URI (or MLOPS_HOME) to a store you can write.")


WAIT_S = 120.0  # a first MLflow migration takes seconds; minutes mean a stuck process worth reporting


@contextmanager
def setup_lock(url: str, *, timeout: float = WAIT_S) -> Iterator[None]:
    path = sqlite_path(url)
    if path is None or not path.parent.is_dir():  # a missing folder is the caller's error to report, not ours to make
        yield
        return
    from filelock import FileLock, Timeout

    lock_file = path.with_name(path.name + ".lock")
    try:
        with FileLock(str(lock_file), timeout=timeout):
            yield
    except Timeout:
        raise ConfigError(f"Another process has been setting up {path} for over {int(timeout)} s "
                          f"(lock {lock_file}). If none is running, delete the lock file and start again.") from None


def sqlite_path(url: str) -> Path | None:
    """The database file of an SQLite URL; None for in-memory databases and other engines."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    rest = rest.split("?", 1)[0]
    return Path(rest) if rest and rest != ":memory:" else None


_HEADER = b"SQLite format 3\x00"


def why_not_writable(path: Path) -> str | None:
    """Why `path` (an SQLite database, existing or to be created) cannot be written; None when it can.

    SQLite writes its journal or WAL beside the file, so the folder must be writable as well as the file.
    `os.access` answers for the real user and also reports a read-only file system (EROFS), even for root.
    """
    folder = path.parent
    if not folder.exists():
        return f"its folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} is read-only"
    if path.exists():
        if not path.is_file():
            return f"{path} is not a file"
        if not os.access(path, os.R_OK | os.W_OK):
            return f"{path} is read-only"
    return None


def why_not_sqlite(path: Path) -> str | None:
    """Why an existing, non-empty `path` is not an SQLite database (overwritten, truncated, another format)."""
    try:
        with path.open("rb") as file:
            head = file.read(len(_HEADER))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"it cannot be read ({exc.strerror})"
    if head and head != _HEADER:
        return "it is not an SQLite database (garbage bytes where the header should be)"
    if not head:
        return None  # an empty file is a new database to SQLite
    try:  # the header is right; the pages may still be broken
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5) as conn:
            verdict = conn.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc):  # another process is writing: that is a healthy database
            return None
        return f"it is damaged ({exc})"
    if verdict and verdict[0] != "ok":
        return f"it is damaged ({verdict[0]})"
    return None
