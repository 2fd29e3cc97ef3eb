"""One process at a time creates or migrates a store: a file lock beside an SQLite database.

Two to four processes starting on a fresh MLOPS_HOME otherwise race on MLflow's schema migrations and on our
own tables (`table audit already exists`, a half-migrated `mlflow.db`). Whoever holds the lock creates or
migrates; the others wait, then find the schema in place. Anything that creates or migrates a store (our
tables, MLflow's, Alembic migrations) runs inside `setup_lock(url)`. Other databases serialise with their own
lock (PostgreSQL: an advisory lock taken by the migration code); here they get no file lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from pipelines.errors import ConfigError

WAIT_S = 120.0  # a first MLflow migration takes seconds; minutes mean a stuck process worth reporting


@contextmanager
def setup_lock(url: str, *, timeout: float = WAIT_S) -> Iterator[None]:
    path = sqlite_path(url)
    if path is None or not path.parent.is_dir():  # a missing folder is the caller's error to report, not ours to make
        with nullcontext():
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
