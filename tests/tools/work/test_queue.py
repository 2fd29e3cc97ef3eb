"""`serve`'s split: the web process only acks; a work process of its own claims, runs, follows and posts.

The app is served as `serve` serves it (`build_split_app` under uvicorn, a spawned work process with its own local
pool) against a fake Slack Web API; the last tests run `mlops-bot serve` itself and kill its processes.
"""

from __future__ import annotations

import gc
import os
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.slack.app import build_split_app
from bot.slack.http import http_app
from bot.slack.settings import SlackSettings
from tests.support import slack_requests as sr
from tests.support.fake_slack import FakeSlack
from tests.support.processes import free_port, parent_of
from tests.support.servers import BackgroundServer
from tests.support.waiting import wait_until
from tools.config import demo_config, parse_config
from tools.context import Context
from tools.settings import Paths
from tools.work.queue import WorkProcess

SECRET = "split-signing-secret"
TRAINER = "U_TRAINER"


@dataclass
class Split:
    fake: FakeSlack
    url: str
    work: WorkProcess
    ctx: Context

    def slash(self, text: str) -> tuple[int, str, dict[str, str]]:
        body, headers = sr.slash_command(text, user_id=TRAINER, secret=SECRET, response_url=self.fake.response_url())
        response = sr.post(f"{self.url}/slack/events", body, headers)
        return response.status_code, response.text, headers

    def posted(self, needle: str, *, after: int = 0, method: str = "chat.postMessage", timeout: float = 60) -> str:
        call = self.fake.wait_for(method, lambda c: needle in c.params.get("text", ""), timeout=timeout, after=after)
        return call.params["text"]


@contextmanager
def split_bot(home: Path) -> Iterator[Split]:
    raw = demo_config()
    raw["access"] = {"trainers": [TRAINER]}
    raw["compute"] = {"workers": 1}
    ctx = Context(config=parse_config(raw, source_path="test"), paths=Paths())
    with FakeSlack() as fake:
        settings = SlackSettings(bot_token="xoxb-split", signing_secret=SECRET, api_url=fake.api_url, workers=2)
        app, work = build_split_app(ctx, settings)
        try:
            with BackgroundServer(http_app(app), free_port()) as server:
                yield Split(fake=fake, url=server.url, work=work, ctx=ctx)
        finally:
            work.stop()


@pytest.fixture
def split(mlops_home: Path) -> Iterator[Split]:
    with split_bot(mlops_home) as running:
        yield running


def test_the_work_after_the_ack_runs_in_the_work_process(split: Split) -> None:
    status, ack, _ = split.slash("train cancer")
    assert status == 200 and "Working on `/mlops train cancer`" in ack
    split.posted("Trained cancer v1", method="chat.update", timeout=180)
    with split.ctx.state.engine.connect() as conn:
        owners = conn.execute(sa.text("select owner, status from jobs where tool = 'train'")).all()
    assert owners == [(f"{socket.gethostname()}:{split.work.pid}", "done")], "the job was submitted by the work process"
    assert split.work.pid != os.getpid() and parent_of(split.work.pid) == os.getpid()

    mark = split.fake.mark()
    assert split.slash("status cancer")[0] == 200
    assert "v1" in split.posted("cancer", after=mark)
    split.work.drain(timeout=60)
    assert split.work.outstanding() == 0
    assert gc.get_freeze_count() > 0, "start-up's objects are out of the collector's reach (no full-collection stalls)"


def test_a_request_another_replica_claimed_is_acked_and_runs_nothing(split: Split) -> None:
    """The request's identity crosses to the work process, which claims it before running anything."""
    body, headers = sr.slash_command("help", user_id=TRAINER, secret=SECRET, response_url=split.fake.response_url())
    assert split.ctx.state.first_delivery(headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"])
    mark = split.fake.mark()
    assert sr.post(f"{split.url}/slack/events", body, headers).status_code == 200  # acked: it could be a first
    split.work.drain(timeout=60)  # its task has run in the work process: claim lost, nothing done
    assert [c for c in split.fake.calls[mark:] if c.method.startswith("chat.")] == []
    assert split.slash("help")[0] == 200  # a request of its own is answered
    split.posted("mlops help", after=mark)


def test_stopping_finishes_the_queued_work_first(split: Split) -> None:
    mark = split.fake.mark()
    for _ in range(3):
        assert split.slash("help")[0] == 200
    split.work.stop()
    helps = [c for c in split.fake.calls[mark:] if "mlops help" in c.params.get("text", "")]
    assert len(helps) == 3
    assert not _alive(split.work.pid)


def test_a_killed_work_process_is_replaced_and_the_next_command_answered(split: Split) -> None:
    first = split.work.pid
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: split.work.restarts == 1 and split.work.pid != first, timeout=30,
               what="a new work process", every=0.05)
    mark = split.fake.mark()
    assert split.slash("help")[0] == 200
    split.posted("mlops help", after=mark, timeout=120)
    split.work.drain(timeout=60)  # nothing counted as outstanding for ever
    assert not _alive(first)


def test_serve_killed_takes_its_work_process_along_and_ctrl_c_stops_both(tmp_path: Path, mlflow_template: Path) -> None:
    from tests.conftest import copy_sqlite
    from tests.support.processes import BIN, background, child_env, stop, wait_healthy

    home = tmp_path / "mlops"
    home.mkdir()
    copy_sqlite(mlflow_template, home / "mlflow.db")
    with FakeSlack() as fake:
        env = child_env(MLOPS_HOME=str(home), SLACK_BOT_TOKEN="xoxb-s", SLACK_SIGNING_SECRET=SECRET,
                        SLACK_API_URL=fake.api_url)
        for how in ("kill -9 of the web process", "Ctrl-C"):
            port = free_port()
            log = tmp_path / f"serve-{how[:4]}.log"
            with background([str(BIN / "mlops-bot"), "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--no-scheduler"], env=env, cwd=tmp_path, log=log) as proc:
                wait_healthy(f"http://127.0.0.1:{port}/healthz", proc, log, timeout=120)
                (work,) = wait_until(lambda: _work_processes(proc.pid), timeout=60, what="the work process",
                                     every=0.05)
                body, headers = sr.slash_command("help", user_id=TRAINER, secret=SECRET,
                                                 response_url=fake.response_url())
                mark = fake.mark()
                assert sr.post(f"http://127.0.0.1:{port}/slack/events", body, headers).status_code == 200
                fake.wait_for("chat.postMessage", lambda c: "mlops help" in c.params.get("text", ""), after=mark,
                              timeout=120)
                if how == "Ctrl-C":
                    stop(proc, sig=signal.SIGINT, grace=60)  # the terminal sends it to the whole group
                    assert proc.returncode == 0, log.read_text()
                    assert "stopped" in log.read_text() and "Traceback" not in log.read_text()
                else:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)
                wait_until(lambda: not _alive(work), timeout=30, what=f"the work process gone after {how}",
                           every=0.05)


def _work_processes(pid: int) -> list[int]:
    """`serve`'s spawned children but multiprocessing's resource tracker."""
    from tests.support.processes import children_of

    return [c for c in children_of(pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").exists() and " Z " not in Path(f"/proc/{pid}/stat").read_text()


def _priority_of_lowered(niceness: int, out: Any) -> None:
    from tools.work.queue import lower_priority

    lower_priority(niceness)
    out.put((os.nice(0), os.sched_getscheduler(0)))


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux's idle scheduling class is not on this system")
def test_the_lowest_niceness_also_puts_the_work_in_the_idle_class() -> None:
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    seen = {}
    for niceness in (19, 5):
        out = spawn.Queue()
        child = spawn.Process(target=_priority_of_lowered, args=(niceness, out))
        child.start()
        seen[niceness] = out.get(timeout=60)
        child.join(timeout=60)
    base = os.nice(0)
    assert seen[19] == (min(base + 19, 19), os.SCHED_IDLE)
    assert seen[5] == (min(base + 5, 19), os.SCHED_OTHER), "only the lowest priority changes the class"
