"""Whether an SQLite database file can be opened for writing, asked of the file system before any driver is.

Why ask first: a store that cannot be written fails late and badly. MLflow retries an unwritable SQLite store
for about 110 s before giving up, and SQLite itself says only "attempt to write a readonly database" or "unable
to open database file", naming no file. Here the answer names the file or folder and the reason, in a second.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

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
