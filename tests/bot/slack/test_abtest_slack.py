"""`/mlops abtest` through Slack: signed slash command, role check, Approve click, the test the service follows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.bot.slack.test_app import DEPLOYER, STRANGER, TRAINER, Bot, _all_posted_valid, _text_of, running_bot


@pytest.fixture
def online_bot(cancer_home: Path, local_pool: object) -> Iterator[Bot]:
    """The Slack app over the pre-trained home: cancer v1 in production, v2 as challenger."""
    with running_bot(cancer_home, local_pool) as running:
        yield running


def _buttons(call: Any) -> dict[str, str]:
    return {e["action_id"]: e["value"] for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]}


def test_an_online_test_is_started_from_slack_only_by_a_deployer_after_approval(online_bot: Bot) -> None:
    bot = online_bot
    mark = bot.fake.mark()
    assert bot.slash("abtest cancer 30%", user=TRAINER) == 200
    refusal = bot.fake.wait_for("chat.postEphemeral", after=mark, timeout=30)
    assert refusal.params["user"] == TRAINER and "deploy" in refusal.params["text"]
    assert bot.ctx.state.running_abtest("cancer") is None

    mark = bot.fake.mark()
    assert bot.slash("abtest cancer 30%", user=DEPLOYER) == 200
    proposal = bot.fake.wait_for("chat.postMessage", lambda c: "Start an online test of cancer" in c.params.get("text", ""),
                                 after=mark, timeout=30)
    assert "v2" in _text_of(proposal.params) and "30%" in _text_of(proposal.params)
    assert bot.ctx.state.running_abtest("cancer") is None, "nothing starts before approval"
    approval_id = _buttons(proposal)["mlops_approve"]

    mark = bot.fake.mark()
    assert bot.click("mlops_approve", approval_id, user=STRANGER, message_ts=proposal.response["ts"]) == 200
    stranger = bot.fake.wait_for("chat.postEphemeral", after=mark, timeout=30)
    assert stranger.params["user"] == STRANGER and "don't have access" in stranger.params["text"]
    assert bot.ctx.state.running_abtest("cancer") is None

    mark = bot.fake.mark()
    assert bot.click("mlops_approve", approval_id, user=DEPLOYER, message_ts=proposal.response["ts"]) == 200
    bot.fake.wait_for("chat.update", lambda c: c.params["ts"] == proposal.response["ts"]
                      and "answers 30% of requests" in _text_of(c.params), after=mark, timeout=60)
    running = bot.ctx.state.running_abtest("cancer")
    assert running is not None and running.challenger_version == 2 and running.share == pytest.approx(0.3)
    audited = [e for e in bot.ctx.state.audit_trail(model="cancer") if e.tool == "abtest"]
    assert len(audited) == 1 and audited[0].actor == DEPLOYER

    mark = bot.fake.mark()
    assert bot.slash("abtest cancer", user=TRAINER) == 200  # reading the report is for everyone
    report = bot.fake.wait_for("chat.update", lambda c: "Online test of cancer (30% to the challenger)" in c.params.get("text", ""),
                               after=mark, timeout=60)
    assert "not yet enough labels for a verdict" in _text_of(report.params)
    _all_posted_valid(bot.fake)
