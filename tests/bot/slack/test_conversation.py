"""The agent in Slack over signed HTTP: a mention trains (after its approval) and answers in the thread; the
thread's memory survives a restart, so "now ship it" there proposes that version, which a stranger cannot approve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.slack.app import build_app
from bot.slack.http import http_app
from bot.slack.settings import SlackSettings
from tests.bot.slack.test_app import (  # noqa: F401 - `bot` is a fixture
    DEPLOYER,
    SECRET,
    STRANGER,
    TRAINER,
    Bot,
    _all_posted_valid,
    _free_port,
    _text_of,
    bot,
)
from tests.support import slack_requests as sr
from tests.support.servers import BackgroundServer
from tools.context import Context
from tools.settings import Paths


def mention(url: str, text: str, *, user: str, thread_ts: str | None = None) -> dict[str, Any]:
    event = sr.app_mention(text, user=user, channel="C_OPS", thread_ts=thread_ts)
    body, headers = sr.event_callback(event, secret=SECRET)
    assert sr.post(f"{url}/slack/events", body, headers).status_code == 200
    return event


def click(bot: Bot, url: str, action: str, value: str, *, user: str, ts: str) -> None:
    body, headers = sr.block_actions(action, value, user_id=user, channel_id="C_OPS", message_ts=ts,
                                     response_url=bot.fake.response_url(), secret=SECRET)
    assert sr.post(f"{url}/slack/events", body, headers).status_code == 200


def approval_in(call: Any) -> str:
    return next(e["value"] for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == "mlops_approve")


def test_mention_trains_in_thread_and_now_ship_it_after_a_restart(bot: Bot, mlops_home: Path) -> None:
    first = mention(bot.url, "retrain cancer please", user=TRAINER)
    thread = first["ts"]
    bot.fake.wait_for("chat.postMessage", lambda c: "is thinking" in _text_of(c.params) and c.params.get("thread_ts") == thread)
    asked = bot.fake.wait_for("chat.postMessage", lambda c: "Approve train" in c.params.get("text", ""), timeout=30)
    assert asked.params["thread_ts"] == thread, "the agent answers in the mention's thread"
    bot.fake.wait_for("chat.update", lambda c: "needs approval" in _text_of(c.params), timeout=30)
    assert bot.ctx.registry.versions("cancer") == [], "an agent's train waits for a person's approval"

    mark = bot.fake.mark()
    click(bot, bot.url, "mlops_approve", approval_in(asked), user=TRAINER, ts=asked.response["ts"])
    bot.fake.wait_for("chat.update", lambda c: "Trained cancer v1" in c.params.get("text", ""), timeout=90, after=mark)

    # A new process on the same stores: fresh objects, nothing kept in memory but the databases.
    restarted = Context(config=bot.ctx.config, paths=Paths())
    app, rt = build_app(restarted, SlackSettings(bot_token="xoxb-test", signing_secret=SECRET,
                                                 api_url=bot.fake.api_url, workers=2))
    with BackgroundServer(http_app(app), _free_port()) as server:
        mark = bot.fake.mark()
        mention(server.url, "now ship it", user=DEPLOYER, thread_ts=thread)
        proposal = bot.fake.wait_for("chat.postMessage", lambda c: "Approve deploy" in c.params.get("text", ""),
                                     timeout=60, after=mark)
        assert proposal.params["thread_ts"] == thread
        assert "production (none) → *v1*" in _text_of(proposal.params), "'it' is the version this thread trained"

        mark = bot.fake.mark()
        click(bot, server.url, "mlops_approve", approval_in(proposal), user=STRANGER, ts=proposal.response["ts"])
        refusal = bot.fake.wait_for("chat.postEphemeral", after=mark, timeout=30)
        assert refusal.params["user"] == STRANGER and "don't have access" in refusal.params["text"]
        assert bot.production() is None

        mark = bot.fake.mark()
        click(bot, server.url, "mlops_approve", approval_in(proposal), user=DEPLOYER, ts=proposal.response["ts"])
        bot.fake.wait_for("chat.update", lambda c: "production is now *v1*" in _text_of(c.params), timeout=60, after=mark)
    rt.shutdown()
    assert bot.production() == 1
    deploys = [e for e in restarted.state.audit_trail(model="cancer") if e.tool == "deploy"]
    assert [(d.actor, d.requested_by, d.surface) for d in deploys] == [(DEPLOYER, DEPLOYER, "slack")]
    traces = [e for e in restarted.state.audit_trail(model="cancer") if e.tool == "agent"]
    assert {t.args["request"] for t in traces} == {"retrain cancer please", "now ship it"}
    _all_posted_valid(bot.fake)


def test_plain_words_question_gets_the_same_rendered_result(bot: Bot) -> None:
    event = mention(bot.url, "what models do you have?", user=STRANGER)
    call = bot.fake.wait_for("chat.postMessage", lambda c: c.params.get("text", "").startswith("Models"), timeout=30)
    assert call.params["thread_ts"] == event["ts"] and "cancer" in _text_of(call.params)
    answer = bot.fake.wait_for("chat.update", lambda c: "Here are the models" in _text_of(c.params))
    assert answer.params["channel"] == "C_OPS"
    _all_posted_valid(bot.fake)
