"""A change asked over MCP, decided in Slack: posted to the model's channel with the usual Approve / Cancel buttons,
a permitted click moves production; decided in a terminal instead, the Slack message says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.mcp.server import build_server
from tests.bot.slack.test_app import _text_of, running_bot
from tests.conftest import ACCESS_TOML, ADMIN, CANCER_TOML, DEPLOYER, TRAINER
from tests.support.fake_slack import FakeSlack
from tools.config import demo_config, parse_config
from tools.context import Context
from tools.settings import Paths
from tools.work.executor import InProcess

FORCED = {"model": "cancer", "version": "2", "force": True, "reason": "hotfix for the scorer"}


def ask_over_mcp(ctx: Context, tool: str, args: dict[str, Any]) -> Any:
    """One call with the SDK's client, connected in-process to the server `mlops-bot mcp` builds."""
    async def call() -> Any:
        with anyio.fail_after(300):
            async with Client(build_server(ctx, None)) as client:
                return await client.call_tool(tool, args)

    return anyio.run(call)


def approve_button(call: Any) -> str:
    return next(e["value"] for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == "mlops_approve")


def slack_env(monkeypatch: pytest.MonkeyPatch, fake: FakeSlack) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "test-secret")
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)


def test_an_mcp_deploy_is_posted_to_the_channel_and_a_permitted_click_deploys(cancer_home: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    raw = demo_config()
    raw["access"] = {"trainers": [TRAINER], "deployers": [DEPLOYER], "admins": [ADMIN]}
    raw["mcp"] = {"user": ADMIN, "channel": "C_OPS"}
    same = Context(config=parse_config(raw, source_path="test"), paths=Paths())  # the work runs on the bot's config
    with running_bot(cancer_home, InProcess(same), raw) as bot:
        slack_env(monkeypatch, bot.fake)
        asked = ask_over_mcp(bot.ctx, "deploy", FORCED)
        assert not asked.is_error and asked.structured_content["posted_in"] == "C_OPS"
        assert "with the Approve button in Slack (C_OPS)" in asked.content[0].text
        posted = bot.fake.wait_for("chat.postMessage", lambda c: "Approve deploy" in c.params.get("text", ""))
        assert posted.params["channel"] == "C_OPS" and "asked over MCP" in _text_of(posted.params)
        approval_id = approve_button(posted)
        assert approval_id == asked.structured_content["approval_id"]
        assert bot.production() == 1

        mark = bot.fake.mark()
        assert bot.click("mlops_approve", approval_id, user=DEPLOYER, message_ts=posted.response["ts"]) == 200
        refusal = bot.fake.wait_for("chat.postEphemeral", after=mark, timeout=120)
        assert "admin role" in refusal.params["text"] and bot.production() == 1  # a forced deploy needs an admin

        mark = bot.fake.mark()
        assert bot.click("mlops_approve", approval_id, user=ADMIN, message_ts=posted.response["ts"]) == 200
        done = bot.fake.wait_for("chat.update", lambda c: c.params["ts"] == posted.response["ts"], after=mark,
                                 timeout=120)
        assert "production is now *v2*" in _text_of(done.params)
        assert bot.production() == 2


def test_a_terminal_decision_updates_the_message_in_slack(cancer_home: Path, monkeypatch: pytest.MonkeyPatch,
                                                          configure: Callable[[str], Context]) -> None:
    ctx = configure(CANCER_TOML + ACCESS_TOML + f'\n[mcp]\nuser = "{ADMIN}"\nchannel = "#ml-deploys"\n')
    with FakeSlack() as fake:
        slack_env(monkeypatch, fake)
        asked = ask_over_mcp(ctx, "deploy", FORCED)
        posted = fake.wait_for("chat.postMessage", lambda c: "Approve deploy" in c.params.get("text", ""))
        assert posted.params["channel"] == "#ml-deploys"

        done = CliRunner().invoke(cli, ["approve", asked.structured_content["approval_id"]])
        assert done.exit_code == 0, done.output
        update = fake.wait_for("chat.update", lambda c: c.params["ts"] == posted.response["ts"])
        assert "production is now *v2*" in _text_of(update.params) and "in a terminal" in _text_of(update.params)
        assert "mlops_approve" not in _text_of(update.params)  # the buttons are gone


def test_without_slack_the_approval_still_waits_and_says_how_to_decide(cancer_home: Path,
                                                                       configure: Callable[[str], Context]) -> None:
    ctx = configure(CANCER_TOML + ACCESS_TOML + f'\n[mcp]\nuser = "{ADMIN}"\nchannel = "#ml-deploys"\n')
    asked = ask_over_mcp(ctx, "deploy", FORCED)
    assert asked.structured_content["posted_in"] is None
    approval_id = asked.structured_content["approval_id"]
    assert f"in a terminal: mlops-bot approve {approval_id}" in asked.content[0].text
    assert ctx.state.approval(approval_id).status == "pending"
