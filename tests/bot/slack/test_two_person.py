"""Two-person approvals in Slack over signed HTTP: the requester's own click is refused only to them and changes
nothing, the approval survives a restart, and a second deployer's click deploys once."""

from __future__ import annotations

from pathlib import Path

from bot.slack.app import build_app
from bot.slack.http import http_app
from bot.slack.settings import SlackSettings
from tests.bot.slack.test_app import ADMIN, DEPLOYER, SECRET, TRAINER, _free_port, _text_of, running_bot
from tests.support.servers import BackgroundServer
from tools.config import demo_config
from tools.context import Context
from tools.settings import Paths


def test_the_requester_cannot_approve_their_own_deploy_a_second_deployer_can(mlops_home: Path,
                                                                              local_pool: object) -> None:
    raw = demo_config()
    raw["access"] = {"trainers": [TRAINER], "deployers": [DEPLOYER], "admins": [ADMIN]}
    raw["approvals"] = {"two_person": True}
    with running_bot(mlops_home, local_pool, raw) as bot:
        assert bot.slash("train cancer", user=TRAINER) == 200
        bot.fake.wait_for("chat.update", lambda c: "Trained cancer v1" in c.params.get("text", ""), timeout=120)
        mark = bot.fake.mark()
        assert bot.slash("deploy cancer 1", user=DEPLOYER) == 200
        call = bot.fake.wait_for("chat.postMessage", lambda c: "Approve deploy" in c.params.get("text", ""),
                                 timeout=60, after=mark)
        assert "someone other than the requester" in _text_of(call.params) and "change " in _text_of(call.params)
        approval_id = next(e["value"] for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]
                           if e["action_id"] == "mlops_approve")
        ts = call.response["ts"]

        mark = bot.fake.mark()
        assert bot.click("mlops_approve", approval_id, user=DEPLOYER, message_ts=ts) == 200
        refusal = bot.fake.wait_for("chat.postEphemeral", after=mark, timeout=60)
        assert refusal.params["user"] == DEPLOYER and "someone else must approve" in refusal.params["text"]
        assert bot.production() is None and bot.ctx.state.approval(approval_id).status == "pending"
        assert not [c for c in bot.fake.calls_to("chat.update") if c.params.get("ts") == ts]

        # A restart in between: the approval and its rule are in the state database, not in the process.
        restarted = Context(config=bot.ctx.config, paths=Paths())
        settings = SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=bot.fake.api_url, workers=1)
        app, rt = build_app(restarted, settings, executor=local_pool)
        with BackgroundServer(http_app(app), _free_port()) as server:
            bot.url = server.url
            mark = bot.fake.mark()
            assert bot.click("mlops_approve", approval_id, user=ADMIN, message_ts=ts) == 200
            done = bot.fake.wait_for("chat.update", lambda c: c.params["ts"] == ts, timeout=60, after=mark)
            assert "production is now *v1*" in _text_of(done.params)
        rt.shutdown()
        assert bot.production() == 1
        deploys = [e for e in bot.ctx.state.audit_trail(model="cancer") if e.tool == "deploy" and e.outcome == "ok"]
        assert [(e.actor, e.requested_by) for e in deploys] == [(ADMIN, DEPLOYER)]
