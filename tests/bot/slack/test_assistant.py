"""The assistant panel over signed HTTP against the fake Slack: a thread starts with suggested prompts about our
models; a question gets a status, a title and a streamed answer (or, where streaming is refused, a message updated
in place) with 👍/👎 that are kept; slash grammar typed as text works; an approval a stranger clicks changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.bot.slack.test_app import ADMIN, DEPLOYER, SECRET, STRANGER, TRAINER, Bot, _text_of, running_bot
from tests.support import slack_requests as sr
from tools.config import demo_config

PANEL = "D_PANEL"


def _raw() -> dict[str, Any]:
    raw = demo_config()
    raw["access"] = {"trainers": [TRAINER], "deployers": [DEPLOYER], "admins": [ADMIN]}
    raw["models"]["wine"]["monitor"] = {"every": "1h", "channel": "C_WINE_ALERTS"}
    return raw


def _send(bot: Bot, event: dict[str, Any]) -> None:
    body, headers = sr.event_callback(event, secret=SECRET)
    assert sr.post(f"{bot.url}/slack/events", body, headers).status_code == 200


def _thread_started(bot: Bot, thread_ts: str, viewing: str, user: str = TRAINER) -> None:
    _send(bot, {"type": "assistant_thread_started", "event_ts": thread_ts, "assistant_thread": {
        "user_id": user, "channel_id": PANEL, "thread_ts": thread_ts,
        "context": {"channel_id": viewing, "team_id": "T0MLOPS", "enterprise_id": None}}})


def _ask(bot: Bot, text: str, thread_ts: str, user: str = TRAINER) -> None:
    event = sr.direct_message(text, user=user, channel=PANEL, thread_ts=thread_ts)
    _send(bot, event)


def test_a_thread_offers_prompts_and_a_question_streams_its_answer_with_feedback(mlops_home: Path,
                                                                                 local_pool: object) -> None:
    with running_bot(mlops_home, local_pool, _raw()) as bot:
        thread = sr.message_ts()
        _thread_started(bot, thread, viewing="C_WINE_ALERTS")
        prompts = bot.fake.wait_for("assistant.threads.setSuggestedPrompts", timeout=60)
        offered = [p["message"] for p in json.loads(prompts.params["prompts"])] if isinstance(
            prompts.params["prompts"], str) else [p["message"] for p in prompts.params["prompts"]]
        assert len(offered) >= 3 and any("cancer" in p for p in offered)

        # Typed slash grammar, naming no model: the model is the one whose alert channel the person is viewing.
        _ask(bot, "/mlops status", thread)
        stopped = bot.fake.wait_for("chat.stopStream", timeout=120)
        streamed = " ".join(json.dumps(c.params) for c in bot.fake.calls
                            if c.method in ("chat.startStream", "chat.appendStream", "chat.stopStream"))
        assert "Status of wine" in streamed, streamed
        assert [c.params["title"] for c in bot.fake.calls_to("assistant.threads.setTitle")] == ["status"]
        bot.fake.wait_for("assistant.threads.setStatus", lambda c: c.params.get("status") == "", timeout=60)
        statuses = [c.params.get("status") for c in bot.fake.calls_to("assistant.threads.setStatus")]
        assert statuses[0] == "is thinking…" and "looking up wine…" in statuses
        blocks = stopped.params["blocks"]
        blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
        up = next(e for b in blocks for e in b.get("elements", []) if e["action_id"] == "mlops_feedback_up")

        mark = bot.fake.mark()
        body, headers = sr.block_actions("mlops_feedback_up", up["value"], user_id=TRAINER, channel_id=PANEL,
                                         message_ts=stopped.params["ts"], response_url=bot.fake.response_url(),
                                         secret=SECRET)
        assert sr.post(f"{bot.url}/slack/events", body, headers).status_code == 200
        bot.fake.wait_for("chat.postEphemeral", lambda c: "Thanks" in c.params.get("text", ""), after=mark)
        kept = [e for e in bot.ctx.state.audit_trail(limit=50) if e.tool == "agent_feedback"]
        assert [(e.actor, e.args["useful"], e.args["intent"]) for e in kept] == [(TRAINER, True, "status")]
        # The admin view: per intent, how useful people found the answers.
        from tests.conftest import run
        from tools.access import Caller

        report = run(bot.ctx, "feedback", Caller(user_id=ADMIN, surface="slack")).result
        assert [(i.intent, i.useful, i.not_useful, i.rate) for i in report.intents] == [("status", 1, 0, 1.0)]


def test_without_streaming_the_answer_is_a_message_and_approvals_keep_their_rules(mlops_home: Path,
                                                                                  local_pool: object) -> None:
    with running_bot(mlops_home, local_pool, _raw()) as bot:
        bot.fake.fail("chat.startStream", error="not_allowed_token_type", times=10)
        thread = sr.message_ts()
        _thread_started(bot, thread, viewing="C_GENERAL", user=DEPLOYER)
        _ask(bot, "train cancer", thread, user=TRAINER)
        bot.fake.wait_for("chat.update", lambda c: "asked by" in _text_of(c.params), timeout=120)
        assert bot.ctx.registry.versions("cancer") == [], "the agent proposes a training; nothing trained yet"
        approval = bot.fake.wait_for("chat.postMessage", lambda c: "Approve" in c.params.get("text", ""),
                                     timeout=60)
        value = next(e["value"] for b in approval.params["blocks"] if b["type"] == "actions"
                     for e in b["elements"] if e["action_id"] == "mlops_approve")
        mark = bot.fake.mark()
        assert bot.click("mlops_approve", value, user=STRANGER, message_ts=approval.response["ts"]) == 200
        refusal = bot.fake.wait_for("chat.postEphemeral", after=mark, timeout=60)
        assert refusal.params["user"] == STRANGER and "don't have access" in refusal.params["text"]
        assert bot.ctx.registry.versions("cancer") == []
