"""`[compute] backend = "dask"` against a real `dask scheduler` and two `dask worker` processes started from this venv:
`/mlops train`, an approved deploy, `/mlops tune` and `/mlops drift` through the real Slack app run on the workers
(their logs name each job) with the same results as the local pool on the same seed."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.slack.app import build_app
from bot.slack.http import http_app
from bot.slack.settings import SlackSettings
from tests.conftest import ACCESS_TOML, CANCER_TOML, DEPLOYER, TRAINER, copy_sqlite
from tests.support import slack_requests as sr
from tests.support.fake_slack import FakeSlack
from tests.support.processes import BIN, background, child_env, free_port, mlops_bot
from tests.support.servers import BackgroundServer
from tests.support.waiting import wait_until
from tools.config import parse_config
from tools.context import Context
from tools.settings import Paths
from tools.state.jobs import jobs_table

SECRET = "dask-signing-secret"
TUNE = "tune cancer trials=3 n_estimators=5..15 max_depth=2..5"


@dataclass
class DaskProcesses:
    address: str
    logs: list[Path]  # one per worker

    def worker_lines(self) -> str:
        return "\n".join(log.read_text(errors="replace") for log in self.logs)


@pytest.fixture(scope="module")
def dask_processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaskProcesses]:
    """`dask scheduler` and two `dask worker`s (one thread each) on free loopback ports; all killed at the end."""
    folder = tmp_path_factory.mktemp("dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = child_env()
    logs = [folder / f"worker-{i}.log" for i in (1, 2)]
    with ExitStack() as stack:
        stack.enter_context(background(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            env=env, cwd=folder, log=folder / "scheduler.log"))
        for i, log in enumerate(logs, start=1):
            stack.enter_context(background(
                [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard", "--name", f"w{i}",
                 "--local-directory", str(folder / f"w{i}")], env=env, cwd=folder, log=log))
        _wait_for_workers(address, 2, folder)
        yield DaskProcesses(address=address, logs=logs)


def _wait_for_workers(address: str, n: int, folder: Path) -> None:
    from distributed import Client

    def ready() -> bool:
        try:
            with Client(address, timeout="2s", set_as_default=False) as client:
                return len(client.scheduler_info()["workers"]) == n
        except OSError:
            return False

    wait_until(ready, what=f"{n} dask workers to join (logs in {folder})", timeout=120)


def _slack_flow(ctx: Context, executor: Any) -> dict[str, dict[str, Any]]:
    """train, deploy + Approve, tune, drift through the Slack app; the outcome of each job, by tool, from its row."""
    with FakeSlack() as fake:
        settings = SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.api_url, workers=2)
        app, rt = build_app(ctx, settings, executor=executor)
        try:
            with BackgroundServer(http_app(app), free_port()) as server:
                def slash(text: str, user: str) -> None:
                    signed = sr.slash_command(text, user_id=user, secret=SECRET, response_url=fake.response_url())
                    assert sr.post(f"{server.url}/slack/events", *signed).status_code == 200

                def answered(method: str, words: str, mark: int) -> Any:
                    return fake.wait_for(method, lambda c: words in c.params.get("text", ""), timeout=240, after=mark)

                mark = fake.mark()
                slash("train cancer", TRAINER)
                answered("chat.update", "Trained cancer v1", mark)
                mark = fake.mark()
                slash("deploy cancer 1", DEPLOYER)
                proposal = answered("chat.postMessage", "Approve deploy", mark)
                approval_id = next(e["value"] for b in proposal.params["blocks"] if b["type"] == "actions"
                                   for e in b["elements"] if e["action_id"] == "mlops_approve")
                mark = fake.mark()
                clicked = sr.block_actions("mlops_approve", approval_id, user_id=DEPLOYER, channel_id="C_OPS",
                                           message_ts=proposal.response["ts"], response_url=fake.response_url(),
                                           secret=SECRET)
                assert sr.post(f"{server.url}/slack/events", *clicked).status_code == 200
                answered("chat.update", "production is now", mark)
                mark = fake.mark()
                slash(TUNE, TRAINER)
                answered("chat.update", "Tuned cancer: v2 is the challenger", mark)
                mark = fake.mark()
                slash("drift cancer", TRAINER)
                answered("chat.update", "Drift check of cancer", mark)
        finally:
            rt.shutdown()
    with ctx.state.engine.connect() as conn:
        rows = conn.execute(sa.select(jobs_table).order_by(jobs_table.c.created_at)).mappings().all()
    return {row["tool"] if row["kind"] == "dispatch" else "approve": dict(row) for row in rows}


def _results(jobs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What must not depend on where the work ran: metrics, trials, the winner, the drift verdicts."""
    import json

    out = {tool: json.loads(job["outcome"])["result"] for tool, job in jobs.items()}
    drift = out["check_drift"]
    return {
        "train": out["train"]["metrics"],
        "deployed": out["approve"]["plan"],
        "tune": ([(t["number"], t["params"], t["score"]) for t in out["tune"]["top"]], out["tune"]["best"]["number"],
                 out["tune"]["trained"]["metrics"], out["tune"]["trials_done"]),
        "drift": (drift["version"], drift["lineage"]["rows"], drift["report"]["dataset_drift"],
                  [(f["column"], f["method"], f["drifted"]) for f in drift["report"]["features"]]),
    }


def test_slack_commands_run_on_real_dask_workers_with_the_local_pools_results(
        dask_processes: DaskProcesses, mlops_home: Path, tmp_path: Path, configure: Any, local_pool: Any,
        mlflow_template: Path) -> None:
    on_dask = configure(CANCER_TOML + ACCESS_TOML + f'\n[compute]\nbackend = "dask"\naddress = "{dask_processes.address}"\n')
    dask_jobs = _slack_flow(on_dask, None)  # None: the app makes its executor from [compute], as `serve` does
    assert {job["backend"] for job in dask_jobs.values()} == {"dask"}
    assert all(job["status"] == "done" for job in dask_jobs.values()), {t: j["message"] for t, j in dask_jobs.items()}
    logged = dask_processes.worker_lines()
    for job in dask_jobs.values():
        pid = job["worker"].rpartition(":")[2]
        assert re.search(rf"job {job['id']}: (dispatch|confirm) {job['tool']} for U_\w+ on \S+:{pid}\b", logged), (
            f"job {job['id']} ({job['tool']}) is not in the workers' logs")
    assert _results(dask_jobs) and '"ran_on": "dask workers"' in dask_jobs["tune"]["outcome"]

    local_home = tmp_path / "local-home"
    local_home.mkdir()
    copy_sqlite(mlflow_template, local_home / "mlflow.db")  # the same empty migrated store the dask run began with
    local_ctx = Context(config=parse_config(tomllib.loads(CANCER_TOML + ACCESS_TOML), source_path="local"),
                        paths=Paths(home=local_home, config=None, tracking_uri=None, state_url=None, mlflow_ui_url=None))
    local_jobs = _slack_flow(local_ctx, local_pool)
    assert {job["backend"] for job in local_jobs.values()} == {"local"}
    assert _results(dask_jobs) == _results(local_jobs)



def test_cmd_and_ask_run_tune_on_the_dask_workers(dask_processes: DaskProcesses, mlops_home: Path,
                                                  tmp_path: Path) -> None:
    """The terminal path makes its own Dask client from [compute]: `cmd tune` and `ask … tune` run on the workers
    (before, the CLI never made a client and tune failed with "No clients found")."""
    config = tmp_path / "mlops-bot.toml"
    config.write_text(CANCER_TOML + f'\n[compute]\nbackend = "dask"\naddress = "{dask_processes.address}"\n')
    env = child_env(MLOPS_HOME=str(mlops_home), MLOPS_CONFIG=str(config))
    done = mlops_bot("cmd", "tune cancer trials=8 n_estimators=5..15", "--json", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["ran_on"] == "dask workers" and result["trials_done"] == 8
    asked = mlops_bot("ask", "retrain cancer", "--json", "--yes", env=env, cwd=tmp_path)
    assert asked.returncode == 0, asked.stdout + asked.stderr
    outcomes = json.loads(asked.stdout)["outcomes"]
    assert [(o["tool"], o["status"]) for o in outcomes] == [("train", "done")], outcomes
    logged = dask_processes.worker_lines()
    for tool in ("tune", "train"):
        assert re.search(rf"job \w+: dispatch {tool} for cli:\S+ on ", logged), f"the workers ran the terminal's {tool}"
