"""The Slack app end to end: real Bolt AsyncApp under uvicorn, signed HTTP requests, a fake Slack Web API."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from mlflow.tracking import MlflowClient
from slack_sdk.models.blocks import Block

from bot.slack.app import build_app
from bot.slack.http import http_app
from bot.slack.render.message import MAX_BLOCKS, MAX_HEADER_CHARS, MAX_SECTION_CHARS
from bot.slack.runtime import SlackRuntime
from bot.slack.settings import SlackSettings
from tests.support import slack_requests as sr
from tests.support.fake_slack import FakeSlack
from tests.support.servers import BackgroundServer
from tools.config import demo_config, parse_config
from tools.context import Context
from tools.settings import Paths

SECRET = "test-signing-secret"
ADMIN, DEPLOYER, TRAINER, STRANGER = "U_ADMIN", "U_DEPLOYER", "U_TRAINER", "U_STRANGER"


@dataclass
class Bot:
    fake: FakeSlack
    url: str
    rt: SlackRuntime
    ctx: Context
    home: Path

    def slash(self, text: str, *, user: str = ADMIN, **kw: object) -> int:
        body, headers = sr.slash_command(text, user_id=user, secret=SECRET, response_url=self.fake.response_url(), **kw)
        response = sr.post(f"{self.url}/slack/events", body, headers)
        return response.status_code

    def click(self, action_id: str, value: str, *, user: str, message_ts: str) -> int:
        body, headers = sr.block_actions(action_id, value, user_id=user, channel_id="C_OPS", message_ts=message_ts,
                                         response_url=self.fake.response_url(), secret=SECRET)
        return sr.post(f"{self.url}/slack/events", body, headers).status_code

    def production(self) -> int | None:
        client = MlflowClient(tracking_uri=self.ctx.paths.mlflow_uri, registry_uri=self.ctx.paths.mlflow_uri)
        aliases = client.get_registered_model("cancer").aliases
        return int(aliases["production"]) if "production" in aliases else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_bot(home: Path, executor: object, raw: dict | None = None) -> Iterator[Bot]:
    """The app on `raw` (default: the demo models with three roles) over HTTP beside a fresh fake Slack Web API."""
    if raw is None:
        raw = demo_config()
        raw["access"] = {"trainers": [TRAINER], "deployers": [DEPLOYER], "admins": [ADMIN]}
        raw["approvals"] = {"expire_minutes": 15}
    ctx = Context(config=parse_config(raw, source_path="test"), paths=Paths())
    with FakeSlack() as fake:
        settings = SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.api_url, workers=2)
        app, rt = build_app(ctx, settings, executor=executor)
        with BackgroundServer(http_app(app), _free_port()) as server:
            yield Bot(fake=fake, url=server.url, rt=rt, ctx=ctx, home=home)
        rt.shutdown()


@pytest.fixture
def bot(mlops_home: Path, local_pool: object) -> Iterator[Bot]:
    with running_bot(mlops_home, local_pool) as running:
        yield running


HELP_POSTED = "mlops help"


def settle(bot: Bot) -> None:
    """Wait until everything sent so far has been handled, so "nothing (more) happened" can be checked.

    A later `/mlops help` must be answered; its listener ran after every earlier one had handed its work to the
    pool, so draining the pool then (shutdown waits) finishes any work the earlier requests started.
    """
    mark = bot.fake.mark()
    assert bot.slash("help") == 200
    bot.fake.wait_for("chat.postMessage", lambda c: HELP_POSTED in c.params.get("text", ""), after=mark, timeout=30)
    bot.rt.shutdown()


def _not_the_barrier(calls: list) -> list:
    return [c for c in calls if HELP_POSTED not in c.params.get("text", "")]


def _assert_valid_message(params: dict) -> None:
    """Every message the bot posts parses as Block Kit and stays within Slack's limits, with fallback text."""
    assert params.get("text"), "plain-text fallback missing"
    blocks = params.get("blocks") or []
    assert len(blocks) <= MAX_BLOCKS
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()
        if raw["type"] == "header":
            assert len(raw["text"]["text"]) <= MAX_HEADER_CHARS
        if raw["type"] == "section":
            assert len(raw["text"]["text"]) <= MAX_SECTION_CHARS


def _all_posted_valid(fake: FakeSlack) -> None:
    for call in fake.calls:
        if call.method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            _assert_valid_message(call.params)


def _text_of(params: dict) -> str:
    return params.get("text", "") + " ".join(str(b) for b in params.get("blocks") or [])


def test_healthz_answers(bot: Bot) -> None:
    import httpx

    assert httpx.get(f"{bot.url}/healthz").json() == {"ok": True}


def test_train_is_acked_fast_and_result_posted_by_updating_one_message(bot: Bot) -> None:
    started = time.perf_counter()
    assert bot.slash("train cancer", user=TRAINER) == 200
    assert time.perf_counter() - started < 3.0
    working = bot.fake.wait_for("chat.postMessage", lambda c: "Working" in c.params.get("text", ""))
    done = bot.fake.wait_for("chat.update", lambda c: "Trained cancer v1" in c.params.get("text", ""), timeout=60)
    assert done.params["ts"] == working.response["ts"], "the progress message is updated, not a new one"
    assert "challenger" in _text_of(done.params)
    client = MlflowClient(tracking_uri=bot.ctx.paths.mlflow_uri, registry_uri=bot.ctx.paths.mlflow_uri)
    assert {k: int(v) for k, v in client.get_registered_model("cancer").aliases.items()} == {"challenger": 1}
    _all_posted_valid(bot.fake)


def test_help_status_models_history_post_in_channel(bot: Bot) -> None:
    for text, expect in (("help", "mlops help"), ("models", "Models"), ("status cancer", "Status of cancer"),
                         ("history cancer", "History of cancer")):
        mark = bot.fake.mark()
        assert bot.slash(text) == 200
        call = bot.fake.wait_for("chat.postMessage", lambda c, e=expect: e in c.params.get("text", ""), after=mark,
                                 timeout=60)
        assert call.params["channel"] == "C_OPS"
    _all_posted_valid(bot.fake)


def test_bad_command_answered_in_ack_only_to_its_author(bot: Bot) -> None:
    body, headers = sr.slash_command("trian cancer", user_id=ADMIN, secret=SECRET, response_url=bot.fake.response_url())
    response = sr.post(f"{bot.url}/slack/events", body, headers)
    assert response.status_code == 200
    payload = response.json()
    assert payload["response_type"] == "ephemeral"
    assert "Did you mean train" in payload["text"]
    settle(bot)
    assert not _not_the_barrier(bot.fake.calls_to("chat.postMessage"))


def test_unknown_model_error_is_ephemeral_without_traceback(bot: Bot) -> None:
    assert bot.slash("status canser") == 200
    call = bot.fake.wait_for("chat.postEphemeral")
    assert call.params["user"] == ADMIN
    assert "Unknown model 'canser'" in call.params["text"] and "Traceback" not in _text_of(call.params)
    assert not bot.fake.calls_to("chat.postMessage")


@pytest.mark.parametrize("tamper", ["signature", "stale"])
def test_bad_signature_or_stale_timestamp_is_rejected_and_nothing_runs(bot: Bot, tamper: str) -> None:
    if tamper == "signature":
        body, headers = sr.slash_command("train cancer", user_id=ADMIN, secret=SECRET, response_url=bot.fake.response_url())
        headers = sr.bad_signature(headers)
    else:
        body, headers = sr.slash_command("train cancer", user_id=ADMIN, secret=SECRET,
                                         response_url=bot.fake.response_url(), timestamp=sr.stale_timestamp())
    assert sr.post(f"{bot.url}/slack/events", body, headers).status_code == 401
    settle(bot)
    assert not _not_the_barrier([c for c in bot.fake.calls if c.method.startswith("chat.")])
    assert bot.ctx.state.audit_trail() == []


def test_an_exact_replay_of_a_signed_command_runs_once(bot: Bot) -> None:
    body, headers = sr.slash_command("status cancer", user_id=ADMIN, secret=SECRET, response_url=bot.fake.response_url())
    assert sr.post(f"{bot.url}/slack/events", body, headers).status_code == 200
    bot.fake.wait_for("chat.postMessage", lambda c: "Status of cancer" in c.params.get("text", ""), timeout=60)
    replay = sr.post(f"{bot.url}/slack/events", body, headers)
    assert replay.status_code == 200 and replay.content == b""  # 200 so Slack does not retry; nothing acted on
    settle(bot)
    status_posts = [c for c in bot.fake.calls_to("chat.postMessage") if "Status of cancer" in c.params.get("text", "")]
    assert len(status_posts) == 1


@pytest.mark.parametrize("timestamp", ["soon", "", "12.5"])
def test_a_malformed_timestamp_is_unauthorised_not_a_server_error(bot: Bot, timestamp: str) -> None:
    body, headers = sr.slash_command("train cancer", user_id=ADMIN, secret=SECRET, response_url=bot.fake.response_url())
    headers = {**headers, "X-Slack-Request-Timestamp": timestamp}
    response = sr.post(f"{bot.url}/slack/events", body, headers)
    assert response.status_code == 401 and "Traceback" not in response.text
    settle(bot)
    assert bot.ctx.state.audit_trail() == []


def _train_and_propose_deploy(bot: Bot) -> tuple[str, str]:
    assert bot.slash("train cancer", user=TRAINER) == 200
    bot.fake.wait_for("chat.update", lambda c: "Trained cancer v1" in c.params.get("text", ""), timeout=60)
    mark = bot.fake.mark()
    assert bot.slash("deploy cancer 1", user=DEPLOYER) == 200
    call = bot.fake.wait_for("chat.postMessage", lambda c: "Approve deploy" in c.params.get("text", ""), timeout=30, after=mark)
    buttons = [e for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    approve = next(b for b in buttons if b["action_id"] == "mlops_approve")
    assert "production (none) → *v1*" in _text_of(call.params) and "passes the gate" in _text_of(call.params)
    return approve["value"], call.response["ts"]


def test_deploy_needs_approval_and_a_permitted_click_deploys_once(bot: Bot) -> None:
    approval_id, ts = _train_and_propose_deploy(bot)
    assert bot.production() is None, "nothing moves before approval"
    mark = bot.fake.mark()
    assert bot.click("mlops_approve", approval_id, user=STRANGER, message_ts=ts) == 200
    refusal = bot.fake.wait_for("chat.postEphemeral", after=mark)
    assert refusal.params["user"] == STRANGER and "don't have access" in refusal.params["text"]
    assert bot.production() is None
    mark = bot.fake.mark()
    assert bot.click("mlops_approve", approval_id, user=DEPLOYER, message_ts=ts) == 200
    updated = bot.fake.wait_for("chat.update", lambda c: c.params["ts"] == ts, timeout=30, after=mark)
    assert "production is now *v1*" in _text_of(updated.params) and "approved by <@U_DEPLOYER>" in _text_of(updated.params)
    assert bot.production() == 1
    # A double click (or Slack retrying the request) finds the approval used: nothing runs again.
    mark = bot.fake.mark()
    assert bot.click("mlops_approve", approval_id, user=ADMIN, message_ts=ts) == 200
    again = bot.fake.wait_for("chat.postEphemeral", after=mark)
    assert "already" in again.params["text"]
    deploys = [e for e in bot.ctx.state.audit_trail(model="cancer") if e.tool == "deploy"]
    assert len(deploys) == 1 and deploys[0].actor == DEPLOYER and deploys[0].requested_by == DEPLOYER
    _all_posted_valid(bot.fake)


def test_cancel_and_expired_approvals_change_nothing(bot: Bot) -> None:
    approval_id, ts = _train_and_propose_deploy(bot)
    mark = bot.fake.mark()
    assert bot.click("mlops_cancel", approval_id, user=DEPLOYER, message_ts=ts) == 200
    cancelled = bot.fake.wait_for("chat.update", lambda c: c.params["ts"] == ts, after=mark)
    assert "Cancelled by <@U_DEPLOYER>" in _text_of(cancelled.params)
    assert bot.click("mlops_approve", approval_id, user=DEPLOYER, message_ts=ts) == 200
    bot.fake.wait_for("chat.postEphemeral", lambda c: "already cancelled" in c.params["text"], after=mark)
    assert bot.production() is None
    # An expired approval: its clock has run out by the time of the click.
    mark = bot.fake.mark()
    assert bot.slash("deploy cancer 1", user=DEPLOYER) == 200
    call = bot.fake.wait_for("chat.postMessage", lambda c: "Approve deploy" in c.params.get("text", ""), after=mark)
    fresh = next(e["value"] for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"])
    import sqlalchemy as sa

    from tools.state import approvals_table
    with bot.ctx.state.engine.begin() as conn:
        conn.execute(approvals_table.update().where(approvals_table.c.id == fresh).values(expires_at=sa.func.datetime("now", "-1 minute")))
    assert bot.click("mlops_approve", fresh, user=DEPLOYER, message_ts=call.response["ts"]) == 200
    expired = bot.fake.wait_for("chat.update", lambda c: c.params["ts"] == call.response["ts"], after=mark)
    assert "expired" in _text_of(expired.params)
    assert bot.production() is None


def test_pending_approval_survives_a_restart(bot: Bot) -> None:
    approval_id, ts = _train_and_propose_deploy(bot)
    restarted = Context(config=bot.ctx.config, paths=Paths())  # a new process: fresh objects, same stores
    settings = SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=bot.fake.api_url, workers=1)
    app, rt = build_app(restarted, settings, executor=bot.rt.executor)
    with BackgroundServer(http_app(app), _free_port()) as server:
        body, headers = sr.block_actions("mlops_approve", approval_id, user_id=DEPLOYER, channel_id="C_OPS", message_ts=ts,
                                         response_url=bot.fake.response_url(), secret=SECRET)
        mark = bot.fake.mark()
        assert sr.post(f"{server.url}/slack/events", body, headers).status_code == 200
        bot.fake.wait_for("chat.update", lambda c: "production is now" in _text_of(c.params), timeout=30, after=mark)
    rt.shutdown()
    assert bot.production() == 1


def test_retried_event_is_answered_once(bot: Bot) -> None:
    event = sr.app_mention("status cancer", user=ADMIN, channel="C_OPS")
    body, headers = sr.event_callback(event, event_id="Ev_RETRY", secret=SECRET)
    assert sr.post(f"{bot.url}/slack/events", body, headers).status_code == 200
    bot.fake.wait_for("chat.postMessage", lambda c: "Status of cancer" in c.params.get("text", ""))
    body, headers = sr.event_callback(event, event_id="Ev_RETRY", secret=SECRET)
    assert sr.post(f"{bot.url}/slack/events", body, headers, retry_num=1).status_code == 200
    settle(bot)
    posted = [c for c in bot.fake.calls_to("chat.postMessage") if "Status of cancer" in c.params.get("text", "")]
    assert len(posted) == 1
    assert posted[0].params["thread_ts"] == event["ts"], "mentions are answered in a thread"


def test_direct_message_in_plain_words_gets_help_in_thread(bot: Bot) -> None:
    event = sr.direct_message("what can you do?", user=ADMIN)
    body, headers = sr.event_callback(event, secret=SECRET)
    assert sr.post(f"{bot.url}/slack/events", body, headers).status_code == 200
    call = bot.fake.wait_for("chat.postMessage", lambda c: "/mlops train" in _text_of(c.params))
    assert call.params["thread_ts"] == event["ts"]


def test_no_access_configured_refuses_mutations_with_instructions(mlops_home: Path, local_pool: object) -> None:
    ctx = Context(config=parse_config(demo_config(), source_path="test"), paths=Paths())
    with FakeSlack() as fake:
        app, rt = build_app(ctx, SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.api_url),
                            executor=local_pool)
        with BackgroundServer(http_app(app), _free_port()) as server:
            body, headers = sr.slash_command("train cancer", user_id=ADMIN, secret=SECRET, response_url=fake.response_url())
            assert sr.post(f"{server.url}/slack/events", body, headers).status_code == 200
            call = fake.wait_for("chat.postEphemeral", timeout=30)
            assert "access is not configured" in call.params["text"] and "[access]" in call.params["text"]
        rt.shutdown()
    assert ctx.state.audit_trail() == []


def test_app_home_lists_models(bot: Bot) -> None:
    body, headers = sr.event_callback({"type": "app_home_opened", "user": ADMIN, "channel": "D1", "tab": "home",
                                       "event_ts": "1.1"}, secret=SECRET)
    assert sr.post(f"{bot.url}/slack/events", body, headers).status_code == 200
    call = bot.fake.wait_for("views.publish")
    assert call.params["user_id"] == ADMIN
    text = str(call.params["view"]["blocks"])
    assert "cancer" in text and "wine" in text and "Open alerts" in text


def test_tune_reports_trials_and_cancel_from_slack_stops_it(bot: Bot) -> None:
    import re

    assert bot.slash("tune cancer trials=200 n_estimators=5..10 max_depth=2..3", user=TRAINER) == 200
    working = bot.fake.wait_for("chat.postMessage", lambda c: "Working: tune cancer" in c.params.get("text", ""),
                                timeout=30)
    job = re.search(r"job `(j[0-9a-f]{6})`", _text_of(working.params)).group(1)
    ts = working.response["ts"]
    bot.fake.wait_for("chat.update", lambda c: c.params["ts"] == ts and re.search(
        r"trial \d+/200, best roc_auc 0\.\d{3}", _text_of(c.params)) is not None, timeout=120)
    mark = bot.fake.mark()
    assert bot.slash(f"cancel {job}", user=TRAINER) == 200
    stopped = bot.fake.wait_for("chat.update", lambda c: c.params["ts"] == ts and "Cancelled" in c.params["text"],
                                timeout=120, after=mark)
    assert f"Cancelled by {TRAINER}" in _text_of(stopped.params)
    assert bot.ctx.state.job(job).status == "cancelled"
    assert not bot.ctx.registry.exists("cancer"), "a cancelled tune registers nothing"
    _all_posted_valid(bot.fake)
