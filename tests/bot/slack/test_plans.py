"""Plan preview over signed HTTP: a chained request shows its plan with Run / Cancel and runs nothing; a stranger's
Run is checked against their role at each step and changes nothing; a plan is decided once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.bot.slack.test_app import SECRET, STRANGER, TRAINER, Bot, _text_of, running_bot
from tests.support import slack_requests as sr

REQUEST = "retrain cancer on the last 60 days and compare it with production"


def _mention(bot: Bot, text: str, user: str) -> dict[str, Any]:
    event = sr.app_mention(text, user=user, channel="C_OPS")
    body, headers = sr.event_callback(event, secret=SECRET)
    assert sr.post(f"{bot.url}/slack/events", body, headers).status_code == 200
    return event


def _plan(bot: Bot, user: str) -> tuple[str, str]:
    mark = bot.fake.mark()
    _mention(bot, REQUEST, user)
    call = bot.fake.wait_for("chat.postMessage", lambda c: c.params.get("text", "").startswith("Plan"),
                             timeout=60, after=mark)
    text = _text_of(call.params)
    assert "1. train cancer last=60d" in text and "2. compare cancer" in text
    run = next(e for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]
               if e["action_id"] == "mlops_plan_run")
    return run["value"], call.response["ts"]


def test_a_chained_request_waits_for_run_and_a_run_is_checked_and_used_once(mlops_home: Path,
                                                                            local_pool: object) -> None:
    with running_bot(mlops_home, local_pool) as bot:
        plan_id, ts = _plan(bot, TRAINER)
        assert bot.ctx.registry.versions("cancer") == [], "nothing runs before Run"

        mark = bot.fake.mark()
        assert bot.click("mlops_plan_run", plan_id, user=STRANGER, message_ts=ts) == 200
        refusal = bot.fake.wait_for("chat.postEphemeral", lambda c: c.params.get("user") == STRANGER, timeout=120,
                                    after=mark)
        assert "don't have access" in refusal.params["text"]
        assert bot.ctx.registry.versions("cancer") == [], "a stranger's Run trains nothing"
        again = bot.fake.mark()
        assert bot.click("mlops_plan_run", plan_id, user=TRAINER, message_ts=ts) == 200
        refused = bot.fake.wait_for("chat.postEphemeral", after=again, timeout=60)
        assert "already decided" in refused.params["text"]

        plan_id, ts = _plan(bot, TRAINER)
        mark = bot.fake.mark()
        assert bot.click("mlops_plan_run", plan_id, user=TRAINER, message_ts=ts) == 200
        bot.fake.wait_for("chat.postMessage", lambda c: "Trained cancer v1" in _text_of(c.params), timeout=180,
                          after=mark)
        assert [v.version for v in bot.ctx.registry.versions("cancer")] == [1]
        assert not [c for c in bot.fake.calls[mark:] if "Approve train" in _text_of(c.params)], "Run was the approval"
