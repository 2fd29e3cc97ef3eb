"""User text is escaped in one place: hostile text in every str field of every rendered model stays inert.

Every model in the renderer table (so a new one is covered as soon as it has a renderer), the approval message,
refusals and the alert messages are drawn, then every free-text field (every `str` that is not a `Literal`) is
filled with hostile Slack markup. What Slack would receive (blocks and fallback `text`) must carry none of it raw,
while the mentions and channel links we add ourselves still work; the terminal shows the text exactly as typed.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from bot.slack.render import render, render_outcome
from bot.slack.render.alerts import follow_up_message, incident_message, resolution_message, resolved_parent
from bot.slack.render.escape import Mrkdwn, channel, escape, join, link, md, mention
from bot.slack.render.message import Message, Section, Table
from tests.support.render_strategies import rendered_models, result_strategy
from tools.outcome import ApprovalRequest, Outcome
from tools.state import Incident

PIECES = ["<!channel>", "<!here>", "<!everyone>", "<@U123>", "<#C999>", "<https://evil.example|click>",
          "<!subteam^S1>", "&", ">", "<", "x", " "]
HOSTILE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join).filter(lambda s: "<" in s or "&" in s)
OUR_USER, OUR_CHANNEL = "U0OWN1", "C0OWN1"
# Fields that hold a Slack user id (shown as a mention) or a channel id (shown as a channel link).
USER_FIELDS = {"by", "requested_by", "set_by", "started_by", "user_id", "snoozed_by"}
CHANNEL_FIELDS = {"channel"}
OURS = re.compile(rf"<@{OUR_USER}>|<#{OUR_CHANNEL}>")


def fill(value: Any, text: str, *, field: str = "") -> Any:
    """`value` with every free-text str replaced by `text` (ids by our own ids), recursively through models."""
    if isinstance(value, BaseModel):
        updates = {}
        for name, info in type(value).model_fields.items():
            if "Literal" in str(info.annotation):  # verdicts, actions, statuses: ours to choose, not user text
                continue
            updates[name] = fill(getattr(value, name), text, field=name)
        return value.model_copy(update=updates)
    if isinstance(value, str):
        return OUR_USER if field in USER_FIELDS else OUR_CHANNEL if field in CHANNEL_FIELDS else text
    if isinstance(value, list):
        return [fill(v, text, field=field) for v in value]
    if isinstance(value, dict):
        return {fill(k, text): fill(v, text, field=str(k)) for k, v in value.items()}
    return value


def slack_texts(message: Message) -> list[str]:
    """Every string of the message that Slack reads as text: the fallback (plain: `@U1`), then every block's."""
    out = [message.fallback()]

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key == "text":
            out.append(node)

    walk(message.to_blocks())
    return out


def assert_inert(message: Message, typed: str) -> None:
    texts = slack_texts(message)
    for text in texts:
        rest = OURS.sub("", text)
        assert "<" not in rest and ">" not in rest, f"raw markup reaches Slack: {text!r}"
        assert not re.search(r"&(?!(amp|lt|gt);)", rest), f"a bare & reaches Slack: {text!r}"
    for text in texts[1:]:  # the blocks: our own ids only as working mentions / channel links, never dead text
        assert text.count(OUR_USER) == text.count(f"<@{OUR_USER}>"), text
        assert text.count(OUR_CHANNEL) == text.count(f"<#{OUR_CHANNEL}>"), text
    terminal = message.to_text()
    assert not re.search(r"&(amp|lt|gt);", terminal), f"entities on the terminal: {terminal!r}"
    if any(escape(typed) in t for t in texts):
        assert typed in terminal, "the terminal shows the user's text as typed"


@pytest.mark.parametrize("model", rendered_models(), ids=lambda c: c.__name__)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), typed=HOSTILE)
def test_hostile_text_in_any_field_of_any_rendered_model_is_inert(model: type[BaseModel], data: st.DataObject,
                                                                   typed: str) -> None:
    result = fill(data.draw(result_strategy(model)), typed)
    assert_inert(render(result), typed)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), typed=HOSTILE, model=st.sampled_from(rendered_models()))
def test_an_approval_of_any_plan_with_hostile_text_is_inert_and_names_the_asker(data: st.DataObject, typed: str,
                                                                                 model: type[BaseModel]) -> None:
    plan = fill(data.draw(result_strategy(model)), typed)
    request = ApprovalRequest(approval_id="a1", tool=typed, model=typed, args={"reason": typed, "model": typed},
                              plan=plan if model.__name__.endswith("Plan") else None, requested_by=OUR_USER,
                              expires_at=datetime(2026, 1, 1, tzinfo=UTC))
    message = render_outcome(Outcome(tool="deploy", status="needs_approval", approval=request))
    assert_inert(message, typed)
    assert f"<@{OUR_USER}>" in message.to_blocks()[1]["text"]["text"]


@given(typed=HOSTILE, status=st.sampled_from(["refused", "failed"]))
def test_refusals_that_repeat_the_input_are_inert(typed: str, status: str) -> None:
    message = render_outcome(Outcome(tool="train", status=status, message=f"Unknown model '{typed}'."))
    assert message.ephemeral
    assert_inert(message, typed)


def _incident(typed: str) -> Incident:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return Incident(id=7, model=typed, kind="drift", severity="high", posted_severity="high", status="resolved", summary=typed,
                    version=3, channel=OUR_CHANNEL, message_ts="1.2", opened_at=at, last_posted_at=at, resolved_at=at,
                    details={"window": typed, "rows": 10,
                             "top": [{"column": typed, "method": "ks", "p_value": 0.01, "statistic": 0.3, "psi": 0.2,
                                      "drifted": True}],
                             "performance": {"metric": typed, "now": 0.8, "at_training": 0.9, "change": -0.1,
                                             "max_drop": 0.05}})


@given(typed=HOSTILE)
def test_alert_messages_with_hostile_model_summary_and_columns_are_inert(typed: str) -> None:
    incident = _incident(typed)
    for message in (incident_message(incident, mlflow_ui_url="http://mlflow"), follow_up_message(incident, "low"),
                    resolution_message(incident), resolved_parent(incident)):
        assert_inert(message, typed)


def test_our_markup_survives_and_user_text_inside_it_is_escaped() -> None:
    line = md("{} set {} for {} in {} · {}", mention("U42"), "<!channel>", "a & b", channel("C42"),
              link("http://h/x?a=1&b=<2>", "<label>"))
    assert isinstance(line, Mrkdwn)
    assert str(line) == ("<@U42> set &lt;!channel&gt; for a &amp; b in <#C42> · "
                         "<http://h/x?a=1&amp;b=%3C2%3E|&lt;label&gt;>")
    message = Message(title="t", summary=line)
    assert message.to_blocks()[1]["text"]["text"] == str(line)
    assert message.to_text().splitlines()[1] == "@U42 set <!channel> for a & b in #C42 · <label> (http://h/x?a=1&b=%3C2%3E)"


def test_anything_that_is_not_an_id_is_text_not_a_mention() -> None:
    assert str(mention("<!channel>")) == "&lt;!channel&gt;"
    assert str(mention("U1|x>")) == "U1|x&gt;"
    assert str(channel("#general")) == "#general"
    assert str(join(", ", [mention("U1"), "<!here>"])) == "<@U1>, &lt;!here&gt;"


def test_an_f_string_that_drops_our_type_is_escaped_whole_safe_if_ugly() -> None:
    """Forgetting `md` cannot leak: the mention shows as text, which the property tests above would catch."""
    message = Message(title="t", summary=f"by {mention('U1')} <!channel>")
    assert message.to_blocks()[1]["text"]["text"] == "by &lt;@U1&gt; &lt;!channel&gt;"


def test_a_long_escaped_text_is_cut_between_entities_not_inside_one() -> None:
    message = Message(title="<" * 200, summary="x" + "<" * 5000, context=["&" * 4000],
                      sections=[Section(table=Table(header=["col"], rows=[["<!here>"]] * 400))])
    for text in slack_texts(message):
        assert not re.search(r"&(?!(amp|lt|gt);)", text.removesuffix("…")), text[-20:]
    assert json.dumps(message.to_blocks())
