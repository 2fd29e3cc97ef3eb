"""Opening the stores under MLOPS_HOME on a broken environment: one sentence naming the file and what to do.

A missing or read-only MLOPS_HOME, a state.db overwritten with garbage, an MLflow SQLite file that cannot be
written: each is the operator's to fix, so each is a ConfigError (shown as it is, exit code 1), never a traceback
or "something went wrong".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.errors import ConfigError, MlflowUnavailable
from tools.state.sqlite_files import why_not_sqlite, why_not_writable
from tools.settings import Paths
from tools.state.setup_lock import sqlite_path

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

