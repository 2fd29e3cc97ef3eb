"""Where logs go: one file under MLOPS_HOME for our log and every library's chatter, never the user's screen.

MLflow prints straight to stdout and stderr ("🏃 View run …", "Registered model … already exists"), so besides
routing loggers, the CLI runs tool work with `sys.stdout`/`sys.stderr` pointed at the log (`chatter_to_log`).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

LOG_FILE = "mlops-bot.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"
_QUIET = ("alembic", "urllib3", "git", "httpx", "httpcore", "matplotlib", "PIL", "asyncio", "websockets", "aiohttp")


def log_path(home: Path) -> Path:
    return home.resolve() / LOG_FILE


def setup(home: Path, *, console: int | None = None) -> Path:
    """Send every logger to `home`/mlops-bot.log; `console` (a level) also shows our own `mlops.*` lines on stderr.

    Idempotent: a second call only moves the file if `home` changed.
    """
    # Library defaults that would otherwise write into $HOME or onto the terminal; the user's own settings win.
    os.environ.setdefault("MLFLOW_CONFIGURE_LOGGING", "false")  # MLflow's handler writes to stderr itself
    os.environ.setdefault("MPLCONFIGDIR", str(home.resolve() / "matplotlib"))
    # MLflow's usage telemetry keeps an id in ~/.config/mlflow and posts to the internet: a bot on a team's server
    # does neither unless its operator sets MLFLOW_DISABLE_TELEMETRY=false.
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    path = log_path(home)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _LazyFileHandler | _ConsoleHandler) or getattr(handler, "_mlops_default", False):
            root.removeHandler(handler)
            handler.close()  # the replaced file stays open otherwise, until the garbage collector notices
    root.setLevel(logging.INFO)
    file_handler = _LazyFileHandler(path)
    file_handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(file_handler)
    if console is not None:
        stream = _ConsoleHandler()
        stream.setLevel(console)
        stream.addFilter(lambda record: record.name.startswith("mlops"))
        stream.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(stream)
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)  # library warnings are log lines, not terminal noise
    warnings.simplefilter("default")
    return path


@contextlib.contextmanager
def chatter_to_log() -> Iterator[None]:
    """Run a block with sys.stdout/sys.stderr going to the log: what libraries print never reaches the screen."""
    with contextlib.redirect_stdout(_LogStream("stdout")), contextlib.redirect_stderr(_LogStream("stderr")):
        yield


class _LogStream(io.TextIOBase):
    """A text stream whose complete lines become log records of logger `library.<name>`."""

    def __init__(self, name: str) -> None:
        self._log = logging.getLogger(f"library.{name}")
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            if line.strip():
                self._log.info(line.rstrip())
        return len(text)

    def flush(self) -> None:
        if self._pending.strip():
            self._log.info(self._pending.rstrip())
        self._pending = ""


class _LazyFileHandler(logging.FileHandler):
    """Appends to the log file, creating it (and its folder) only when there is something to write."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8", delay=True)

    def _open(self):  # noqa: ANN202 - signature of logging.FileHandler
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        # The log itself cannot be written (a read-only or missing MLOPS_HOME): the command says so in one line;
        # logging's own "--- Logging error ---" traceback on the terminal would only bury that line.
        pass


class _ConsoleHandler(logging.StreamHandler):
    def __init__(self) -> None:
        super().__init__(sys.__stderr__)
