"""Real processes for multi-process tests: free ports, our CLI and `mlflow server` as subprocesses, always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.waiting import wait_until

BIN = Path(sys.executable).parent
# A child must see only the settings a test gives it, never the developer's own.
_INHERITED = ("MLFLOW_", "MLOPS_", "SLACK_")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_INHERITED)}
    env.update(settings)
    env.pop("MLOPS_TEST_POSTGRES_URL", None)
    return env


def mlops_bot(*args: str, env: dict[str, str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "mlops-bot"), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


@contextmanager
def background(cmd: list[str], *, env: dict[str, str], cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process in its own group (servers fork workers), killed with all its children at the end."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield proc
        finally:
            stop(proc)


def stop(proc: subprocess.Popen[bytes], *, sig: int = signal.SIGTERM, grace: float = 5) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
        except ProcessLookupError:
            pass
    else:  # the leader died; its workers may not have
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, *, timeout: float) -> None:
    def answering() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                return response.status == 200
        except OSError:
            return False

    try:
        wait_until(answering, timeout=timeout, what=f"{url} to answer", every=0.25)
    except AssertionError as exc:
        raise RuntimeError(f"{exc}:\n{log.read_text()[-3000:]}") from None


@contextmanager
def mlflow_server(backend_uri: str, artifacts: Path, *, log: Path, **env: str) -> Iterator[str]:
    """`mlflow server` on `backend_uri` (SQLite or PostgreSQL), artifacts proxied to `artifacts` (mlflow-artifacts:),
    with `env` added to its environment."""
    port = free_port()
    cmd = [str(BIN / "mlflow"), "server", "--backend-store-uri", backend_uri, "--artifacts-destination",
           artifacts.as_uri(), "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    # The GenAI job runner starts a dozen huey worker processes we never use: on 2 cores they slow every test.
    with background(cmd, env=child_env(MLFLOW_SERVER_ENABLE_JOB_EXECUTION="false", **env), cwd=artifacts.parent, log=log) as proc:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(f"{url}/health", proc, log, timeout=180)  # a new backend store migrates first: ~30 s
        yield url


def parent_of(pid: int) -> int:
    """A live process's parent pid (Linux /proc): `serve`'s work happens in a child of the web process."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])  # after "(comm)": state, then ppid


def children_of(pid: int) -> list[int]:
    """The live child processes of `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if parent_of(int(stat.parent.name)) == pid:
                found.append(int(stat.parent.name))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue  # gone meanwhile
    return found
