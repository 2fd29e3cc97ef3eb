"""A monitored Slack bot for tests: real Bolt under uvicorn, a real APScheduler at second-scale intervals,
the fake Slack Web API, and a live CSV the test rewrites to make the window drift or calm down."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.slack.alerts import SlackReporter
from bot.slack.app import build_app
from bot.slack.http import http_app
from bot.slack.runtime import SlackRuntime
from bot.slack.settings import SlackSettings
from tests.support import slack_requests as sr
from tests.support.fake_slack import FakeSlack
from tests.support.servers import BackgroundServer
from tests.support.waiting import wait_until
from tools.config import parse_config
from tools.context import Context
from tools.monitoring.scheduler import Scheduler
from tools.monitoring.settings import SchedulerSettings
from tools.settings import Paths

SECRET = "monitoring-signing-secret"
ADMIN, DEPLOYER, TRAINER, VIEWER = "U_ADMIN", "U_DEPLOYER", "U_TRAINER", "U_VIEWER"
FAST = SchedulerSettings(lease_seconds=1.5, sync_seconds=0.5, misfire_grace_seconds=60)


def model_spec(live: Path, *, monitor: dict[str, Any] | None = None, gate: dict[str, Any] | None = None,
               source: dict[str, Any] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "task": "binary", "source": source or {"kind": "sklearn", "dataset": "breast_cancer"},
        "live": {"kind": "csv", "path": str(live)}, "target": "target", "timestamp": "event_time",
        "estimator": "random_forest", "params": {"n_estimators": 30, "max_depth": 4}, "primary_metric": "roc_auc",
        "gate": gate or {"min_improvement": 0.0, "min_metric": 0.9},
    }
    if monitor is not None:
        spec["monitor"] = monitor
    return spec


def cancer_config(live: Path, *, twin: dict[str, Any] | None = None, **options: Any) -> Context:
    """The cancer model on a live CSV (and, given its spec, `twin`: the same model under another name)."""
    models = {"cancer": model_spec(live, **options)}
    if twin is not None:
        models["twin"] = twin
    raw = {"models": models, "access": {"trainers": [TRAINER], "deployers": [DEPLOYER], "admins": [ADMIN]}}
    return Context(config=parse_config(raw, source_path="test"), paths=Paths())


def write_live(path: Path, *, shifted: int, rows: int = 400, seed: int = 0) -> None:
    """Live rows from the training distribution; the first `shifted` of the 30 features moved by 1 std."""
    import numpy as np
    import pandas as pd
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    frame.columns = [str(c).replace(" ", "_") for c in frame.columns]
    features = [c for c in frame.columns if c != "target"]
    rng = np.random.default_rng(seed)
    live = frame.iloc[rng.integers(0, len(frame), size=rows)].reset_index(drop=True)[features].astype(float)
    std = frame[features].std()
    live += rng.normal(0.0, 0.02, size=live.shape) * std.to_numpy()
    for column in features[:shifted]:
        live[column] += 1.0 * std[column]
    now = pd.Timestamp.now(tz="UTC")
    live["event_time"] = [now - pd.Timedelta(hours=float(h)) for h in rng.uniform(0.1, 48.0, size=rows)]
    tmp = path.with_suffix(".tmp")
    live.to_csv(tmp, index=False)
    tmp.replace(path)  # a check never reads half a file


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class MonitoredBot:
    fake: FakeSlack
    ctx: Context
    url: str = ""
    rt: SlackRuntime | None = None
    scheduler: Scheduler | None = None
    _server: BackgroundServer | None = field(default=None, repr=False)

    def start(self, *, scheduler: bool = True) -> MonitoredBot:
        settings = SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=self.fake.api_url, workers=2)
        app, self.rt = build_app(self.ctx, settings)
        self._server = BackgroundServer(http_app(app), free_port()).__enter__()
        self.url = self._server.url
        if scheduler:
            self.scheduler = Scheduler(self.ctx, SlackReporter(self.rt), executor=self.rt.executor, settings=FAST).start()
        return self

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
        if self._server is not None:
            self._server.__exit__(None, None, None)
        if self.rt is not None:
            self.rt.shutdown()
        self.scheduler = self._server = self.rt = None

    def slash(self, text: str, *, user: str = DEPLOYER, channel: str = "C_OPS") -> None:
        body, headers = sr.slash_command(text, user_id=user, channel_id=channel, secret=SECRET,
                                         response_url=self.fake.response_url())
        assert sr.post(f"{self.url}/slack/events", body, headers).status_code == 200

    def click(self, action_id: str, value: str, *, user: str, message_ts: str, channel: str = "C_OPS",
              at: int | None = None) -> None:
        """Press a button; `at` (epoch seconds) is when it was pressed, now if not given."""
        body, headers = sr.block_actions(action_id, value, user_id=user, channel_id=channel, message_ts=message_ts,
                                         response_url=self.fake.response_url(), secret=SECRET, timestamp=at)
        assert sr.post(f"{self.url}/slack/events", body, headers).status_code == 200

    def event(self, event: dict[str, Any]) -> None:
        body, headers = sr.event_callback(event, secret=SECRET)
        assert sr.post(f"{self.url}/slack/events", body, headers).status_code == 200

    def checks(self, model: str = "cancer") -> int:
        monitor = self.ctx.state.monitor(model)
        return monitor.checks if monitor else 0

    def wait_checks(self, more: int, *, timeout: float = 60, model: str = "cancer") -> None:
        """Wait until `more` further checks have run (an event that must happen, before asserting silence)."""
        target = self.checks(model) + more
        wait_until(lambda: self.checks(model) >= target, timeout=timeout, what=f"{more} more checks of {model}")



def posts(fake: FakeSlack, *, thread: str | None = None, top_level: bool = False) -> list[Any]:
    calls = [c for c in fake.calls if c.method == "chat.postMessage" and c.response.get("ok")]
    if top_level:
        return [c for c in calls if not c.params.get("thread_ts")]
    if thread is not None:
        return [c for c in calls if c.params.get("thread_ts") == thread]
    return calls


def text_of(call: Any) -> str:
    return str(call.params.get("text", "")) + " " + str(call.params.get("blocks", ""))
