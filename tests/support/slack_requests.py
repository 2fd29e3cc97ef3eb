"""Builders for HTTP requests signed exactly as Slack signs them: slash commands, button clicks, events."""

from __future__ import annotations

import itertools
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from tests.support.fake_slack import BOT_USER_ID, TEAM_DOMAIN, TEAM_ID

API_APP_ID = "A0MLOPS"
# The deprecated verification token Slack still puts in every payload; Bolt ignores it.
VERIFICATION_TOKEN = "verification-token"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

Signed = tuple[bytes, dict[str, str]]

_seq = itertools.count(1)


def sign(
    body: bytes, *, secret: str, timestamp: int | None = None, content_type: str = FORM
) -> dict[str, str]:
    """Headers Slack sends with `body`: content type, request timestamp and the v0 HMAC signature."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def stale_timestamp() -> int:
    """Ten minutes ago: past the five minutes Slack's verifiers accept, so the request must be refused."""
    return int(time.time()) - 600


def bad_signature(headers: dict[str, str]) -> dict[str, str]:
    """The same headers with a well-formed signature that does not match the body."""
    signature = headers["X-Slack-Signature"]
    flipped = "1" if signature[-1] == "0" else "0"
    return {**headers, "X-Slack-Signature": signature[:-1] + flipped}


def post(
    url: str, body: bytes, headers: dict[str, str], *, retry_num: int | None = None, timeout: float = 10
) -> httpx.Response:
    """POST a built request; `retry_num` adds the headers Slack sends when it redelivers after a timeout."""
    sent = dict(headers)
    if retry_num is not None:
        sent["X-Slack-Retry-Num"] = str(retry_num)
        sent["X-Slack-Retry-Reason"] = "http_timeout"
    return httpx.post(url, content=body, headers=sent, timeout=timeout)


def slash_command(
    text: str,
    *,
    user_id: str = "U_ADMIN",
    channel_id: str = "C_OPS",
    command: str = "/mlops",
    response_url: str,
    team_id: str = TEAM_ID,
    trigger_id: str | None = None,
    secret: str,
    timestamp: int | None = None,
) -> Signed:
    """A slash command invocation, form-encoded with the fields Slack sends, in Slack's order."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": _channel_name(channel_id),
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": API_APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or _trigger_id(),
    }
    body = urlencode(fields).encode()
    return body, sign(body, secret=secret, timestamp=timestamp)


def block_actions(
    action_id: str,
    value: str,
    *,
    user_id: str,
    channel_id: str,
    message_ts: str,
    block_id: str = "b",
    response_url: str,
    secret: str,
    timestamp: int | None = None,
    message_blocks: list[dict[str, Any]] | None = None,
) -> Signed:
    """A button click on a message: form-encoded `payload=<json>` shaped like Slack's block_actions."""
    now = time.time() if timestamp is None else float(timestamp)
    blocks = message_blocks if message_blocks is not None else [
        {"type": "actions", "block_id": block_id, "elements": [
            {"type": "button", "action_id": action_id, "value": value,
             "text": {"type": "plain_text", "text": "Go"}},
        ]}
    ]
    payload = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": TEAM_ID},
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {
            "type": "message", "message_ts": message_ts, "channel_id": channel_id, "is_ephemeral": False,
        },
        "trigger_id": _trigger_id(),
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": _channel_name(channel_id)},
        "message": {"type": "message", "user": BOT_USER_ID, "ts": message_ts, "text": "", "blocks": blocks},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [{
            "action_id": action_id, "block_id": block_id, "value": value, "type": "button",
            "text": {"type": "plain_text", "text": "Go", "emoji": True}, "action_ts": f"{now:.6f}",
        }],
    }
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return body, sign(body, secret=secret, timestamp=timestamp)


def event_callback(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    secret: str,
    timestamp: int | None = None,
    team_id: str = TEAM_ID,
) -> Signed:
    """The Events API envelope around `event`; reuse `event_id` to model Slack redelivering an event."""
    now = int(time.time()) if timestamp is None else timestamp
    envelope = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": API_APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": now,
        "authorizations": [{
            "enterprise_id": None, "team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True,
            "is_enterprise_install": False,
        }],
        "is_ext_shared_channel": False,
        "event_context": f"4-{uuid.uuid4().hex}",
    }
    body = json.dumps(envelope).encode()
    return body, sign(body, secret=secret, timestamp=timestamp, content_type=JSON)


def url_verification(challenge: str, *, secret: str, timestamp: int | None = None) -> Signed:
    """The handshake Slack sends when the Events request URL is saved."""
    payload = {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    body = json.dumps(payload).encode()
    return body, sign(body, secret=secret, timestamp=timestamp, content_type=JSON)


def app_mention(
    text: str, user: str, channel: str, ts: str | None = None, thread_ts: str | None = None
) -> dict[str, Any]:
    """An app_mention event; Slack's text always contains the `<@bot>` mention, so it is added if missing."""
    mention = f"<@{BOT_USER_ID}>"
    full = text if mention in text else f"{mention} {text}"
    return _message_event("app_mention", full, user, channel, ts, thread_ts)


def direct_message(
    text: str, user: str, channel: str = "D_DM", ts: str | None = None, thread_ts: str | None = None
) -> dict[str, Any]:
    """A message.im event: a user writing to the bot in its DM."""
    event = _message_event("message", text, user, channel, ts, thread_ts)
    event["channel_type"] = "im"
    return event


def message_ts() -> str:
    """A fresh, unique Slack-style ts for events built here."""
    return f"{time.time():.6f}"[:-3] + f"{next(_seq) % 1000:03d}"


def _message_event(
    kind: str, text: str, user: str, channel: str, ts: str | None, thread_ts: str | None
) -> dict[str, Any]:
    ts = ts or message_ts()
    event: dict[str, Any] = {
        "type": kind,
        "client_msg_id": str(uuid.uuid4()),
        "user": user,
        "text": text,
        "blocks": [{"type": "rich_text", "block_id": "rt", "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
        ]}],
        "team": TEAM_ID,
        "channel": channel,
        "ts": ts,
        "event_ts": ts,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def _trigger_id() -> str:
    return f"{int(time.time())}.{next(_seq)}.{uuid.uuid4().hex[:24]}"


def _channel_name(channel_id: str) -> str:
    if channel_id.startswith("D"):
        return "directmessage"
    return channel_id.lower().removeprefix("c").removeprefix("_") or "general"
