"""Hostile text end to end: real Bolt over HTTP with signed requests; every call to the fake Slack Web API scanned.

A model whose config description, feature name and class label carry Slack control sequences, and commands whose
reason, option values and model name carry them too. After the work has finished, no request the bot made to
Slack (postMessage, update, postEphemeral, views.publish, uploads, response_url) and no ack may contain a raw
`<!channel>`, `<!here>`, foreign `<@…>` or `<https://…|…>`: Slack would ping the channel or show a fake link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.slack.test_app import ADMIN, SECRET, Bot, _text_of, running_bot
from tests.pipelines.data.test_label_types import weather
from tests.support import slack_requests as sr
from tools.config import demo_config

EVIL = "<!channel> <!here> <@U0EVIL> <https://evil.example|click> &"
RAW = re.compile(r"<!channel>|<!here>|<!everyone>|<@U0EVIL>|<https://evil\.example")
FEATURE = "humid<!here>&"
WINDOW = "since=2014-01-01 until=2015-12-31"


@pytest.fixture
def bot(mlops_home: Path, local_pool: object, tmp_path: Path) -> Iterator[Bot]:
    frame = weather().rename(columns={"humidity": FEATURE})
    frame["umbrella"] = frame["umbrella"].map({"yes": "<!channel>", "no": "no"})
    table = tmp_path / "weather.csv"
    frame.to_csv(table, index=False)
    raw = demo_config()
    source = {"kind": "csv", "path": str(table)}
    raw["models"]["umbrella"] = {
        "task": "binary", "target": "umbrella", "features": [FEATURE, "temp", "pressure"], "timestamp": "date",
        "estimator": "logistic_regression", "primary_metric": "roc_auc", "source": source, "live": source,
        "positive_label": "<!channel>", "description": f"Umbrella or not {EVIL}", "gate": {"min_metric": 0.5}}
    raw["access"] = {"admins": [ADMIN]}
    with running_bot(mlops_home, local_pool, raw) as running:
        yield running


def _slash(bot: Bot, text: str, acks: list[str]) -> int:
    """Send `/mlops text` as ADMIN; keep the ack's body, which Slack shows to the user too."""
    mark = bot.fake.mark()
    body, headers = sr.slash_command(text, user_id=ADMIN, secret=SECRET, response_url=bot.fake.response_url())
    response = sr.post(f"{bot.url}/slack/events", body, headers)
    assert response.status_code == 200
    acks.append(response.text)
    return mark


def _event(bot: Bot, event: dict) -> None:
    body, headers = sr.event_callback(event, secret=SECRET)
    assert sr.post(f"{bot.url}/slack/events", body, headers).status_code == 200


def _said(call: object) -> str:
    return _text_of(call.params)  # type: ignore[attr-defined]


def test_no_message_the_bot_posts_carries_raw_control_sequences_from_user_text(bot: Bot) -> None:
    acks: list[str] = []
    # A config description, shown publicly by status.
    mark = _slash(bot, "status umbrella", acks)
    status = bot.fake.wait_for("chat.postMessage", lambda c: "Status of umbrella" in c.params.get("text", ""),
                               after=mark, timeout=60)
    assert "Umbrella or not &lt;!channel&gt;" in _said(status)
    # An unknown model name and a bad option value, repeated in the (ephemeral) refusals.
    mark = _slash(bot, "status <!channel>", acks)
    bot.fake.wait_for("chat.postEphemeral", after=mark, timeout=60)
    mark = _slash(bot, "train umbrella C=<!here>", acks)
    bot.fake.wait_for("chat.postEphemeral", after=mark, timeout=60)
    # A training whose class label is hostile: the public Working… post, its progress and the result.
    mark = _slash(bot, f"train umbrella {WINDOW}", acks)
    trained = bot.fake.wait_for("chat.update", lambda c: "Trained umbrella v1" in c.params.get("text", ""),
                                after=mark, timeout=120)
    assert "Positive class: &lt;!channel&gt;" in _said(trained)
    # A reason on a forced deploy: the public approval message, then the approved result in its place.
    mark = _slash(bot, f'deploy umbrella 1 force=true reason="{EVIL}"', acks)
    ask = bot.fake.wait_for("chat.postMessage", lambda c: "Approve deploy" in c.params.get("text", ""),
                            after=mark, timeout=60)
    assert f"<@{ADMIN}> asks" in _said(ask), "our own mention still works"
    approval = next(e["value"] for b in ask.params["blocks"] if b["type"] == "actions" for e in b["elements"])
    mark = bot.fake.mark()
    assert bot.click("mlops_approve", approval, user=ADMIN, message_ts=ask.response["ts"]) == 200
    done = bot.fake.wait_for("chat.update", lambda c: "production is now" in _said(c), after=mark, timeout=120)
    assert f"approved by <@{ADMIN}>" in _said(done)
    # Column names of the data, in the drift report.
    mark = _slash(bot, f"drift umbrella {WINDOW}", acks)
    drift = bot.fake.wait_for("chat.update", lambda c: "Drift check of umbrella" in c.params.get("text", ""),
                              after=mark, timeout=120)
    assert "humid&lt;!here&gt;&amp;" in _said(drift)
    # The agent, asked about it in plain words in a thread, and App Home.
    mark = bot.fake.mark()
    _event(bot, sr.app_mention(f"how is umbrella doing? {EVIL}", user=ADMIN, channel="C_OPS"))
    bot.fake.wait_for("chat.update", lambda c: "asked by" in _said(c), after=mark, timeout=120)
    mark = bot.fake.mark()
    _event(bot, {"type": "app_home_opened", "user": ADMIN, "channel": "D1", "tab": "home", "event_ts": "1.1"})
    bot.fake.wait_for("views.publish", after=mark, timeout=60)
    # Everything settled: a last command is answered after all of the above has been handed over and finished.
    mark = _slash(bot, "help", acks)
    bot.fake.wait_for("chat.postMessage", lambda c: "mlops help" in c.params.get("text", ""), after=mark, timeout=60)
    bot.rt.shutdown()

    methods = {c.method for c in bot.fake.calls}
    assert {"chat.postMessage", "chat.update", "chat.postEphemeral", "views.publish"} <= methods
    leaks = [(c.method, m.group(0)) for c in bot.fake.calls
             for m in RAW.finditer(json.dumps(c.params, default=str, ensure_ascii=False))]
    leaks += [("ack", m.group(0)) for ack in acks for m in RAW.finditer(ack)]
    assert leaks == [], f"raw control sequences reached Slack: {leaks}"
    # Escaped once, not twice: a person would read "&lt;" instead of "<".
    twice = [c.method for c in bot.fake.calls if re.search(r"&amp;(amp|lt|gt);", json.dumps(c.params, default=str))]
    assert twice == [], f"text escaped twice in {twice}"
