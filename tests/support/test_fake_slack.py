"""Proof that the Slack test harness is faithful: real slack-sdk clients and a real Bolt app accept it."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_bolt import Ack, App, Respond
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.request import BoltRequest
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook import WebhookClient

from tests.support import slack_requests as sr
from tests.support.fake_slack import BOT_USER_ID, FakeSlack

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) + b"\r\n--not-a-boundary\r\n"
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*iris* v3 is live"}}]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=fake.api_url)


def test_post_message_is_recorded_with_decoded_blocks_and_token(fake: FakeSlack, client: WebClient) -> None:
    resp = client.chat_postMessage(channel="C_OPS", text="iris v3 is live", blocks=BLOCKS, thread_ts="1.2")

    call = fake.wait_for("chat.postMessage")
    assert call.params["blocks"] == BLOCKS
    assert call.params["thread_ts"] == "1.2"
    assert call.token == TOKEN and call.headers["authorization"] == f"Bearer {TOKEN}"
    assert resp["channel"] == "C_OPS" and resp["message"]["blocks"] == BLOCKS
    assert resp["ts"] == call.response["ts"]


def test_json_string_params_in_a_form_body_are_decoded(fake: FakeSlack, client: WebClient) -> None:
    client.api_call("chat.update", params={"channel": "C1", "ts": "1.1", "blocks": json.dumps(BLOCKS)})

    call = fake.calls_to("chat.update")[0]
    assert call.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert call.params["blocks"] == BLOCKS


def test_ts_values_increase_and_other_methods_answer_ok(fake: FakeSlack, client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel="C1", text=str(i))["ts"] for i in range(3)]
    other = client.api_call("reactions.add", params={"name": "eyes", "channel": "C1", "timestamp": stamps[0]})

    assert stamps == sorted(stamps, key=float) and len(set(stamps)) == 3
    assert stamps[0] == "1700000000.000100"
    assert other["ok"] is True and fake.calls_to("reactions.add")[0].params["name"] == "eyes"


def test_async_web_client_works_against_the_fake(fake: FakeSlack) -> None:
    async def scenario() -> tuple[Any, Any, Any]:
        web = AsyncWebClient(token=TOKEN, base_url=fake.api_url)
        posted = await web.chat_postMessage(channel="C_OPS", text="hi", blocks=BLOCKS)
        user = await web.users_info(user="U_ADMIN")
        dm = await web.conversations_open(users="U_ADMIN")
        return posted, user, dm

    posted, user, dm = asyncio.run(scenario())

    assert posted["ok"] and fake.wait_for("chat.postMessage").params["blocks"] == BLOCKS
    assert user["user"]["id"] == "U_ADMIN" and dm["channel"]["id"].startswith("D")
    assert all(c.token == TOKEN for c in fake.calls)


def test_files_upload_v2_records_the_uploaded_bytes(fake: FakeSlack, client: WebClient) -> None:
    resp = client.files_upload_v2(
        channel="C_OPS", file=PNG, filename="chart.png", title="Drift", initial_comment="drift report"
    )

    assert [c.method for c in fake.calls] == [
        "files.getUploadURLExternal", "upload", "files.completeUploadExternal"
    ]
    (upload,) = fake.uploads
    assert upload.content == PNG and upload.content.startswith(b"\x89PNG")
    assert (upload.filename, upload.title, upload.channel_id) == ("chart.png", "Drift", "C_OPS")
    assert upload.initial_comment == "drift report" and upload.completed
    assert resp["file"]["id"] == upload.file_id


def test_fail_makes_the_sdk_raise_once_then_succeed(fake: FakeSlack, client: WebClient) -> None:
    fake.fail("chat.postMessage", error="ratelimited")

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="first")
    second = client.chat_postMessage(channel="C1", text="second")

    assert raised.value.response["error"] == "ratelimited"
    assert second["ok"] is True
    assert [c.response["ok"] for c in fake.calls_to("chat.postMessage")] == [False, True]


def test_response_url_records_the_posted_json(fake: FakeSlack) -> None:
    resp = WebhookClient(fake.response_url("cmd")).send(text="done", response_type="ephemeral")

    call = fake.wait_for("response_url")
    assert resp.status_code == 200 and resp.body == "ok"
    assert call.params == {"text": "done", "response_type": "ephemeral", "_name": "cmd"}


def test_wait_for_times_out_listing_what_it_saw(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel="C1", text="x")
    mark = fake.mark()

    with pytest.raises(AssertionError, match=r"chat\.delete(.|\n)*chat\.postMessage"):
        fake.wait_for("chat.delete", timeout=0.1)
    with pytest.raises(AssertionError):
        fake.wait_for("chat.postMessage", timeout=0.1, after=mark)


def test_signature_verifies_and_tampering_or_staleness_does_not() -> None:
    verifier = SignatureVerifier(SECRET)
    body, headers = sr.slash_command("models", response_url="http://127.0.0.1:1/r", secret=SECRET)
    stale_body, stale_headers = sr.slash_command(
        "models", response_url="http://127.0.0.1:1/r", secret=SECRET, timestamp=sr.stale_timestamp()
    )

    assert verifier.is_valid_request(body, headers)
    assert not verifier.is_valid_request(body.replace(b"models", b"deploy"), headers)
    assert not verifier.is_valid_request(body, sr.bad_signature(headers))
    assert not verifier.is_valid_request(stale_body, stale_headers)
    assert parse_qs(body.decode())["text"] == ["models"]


def test_post_adds_slack_retry_headers(fake: FakeSlack) -> None:
    body, headers = sr.url_verification("c", secret=SECRET)

    assert sr.post(fake.response_url("retry"), body, headers, retry_num=1).status_code == 200
    call = fake.wait_for("response_url")
    assert call.headers["x-slack-retry-num"] == "1" and call.headers["x-slack-retry-reason"] == "http_timeout"
    assert call.headers["x-slack-signature"] == headers["X-Slack-Signature"]


def _bolt_app(fake: FakeSlack) -> App:
    return App(
        client=WebClient(token=TOKEN, base_url=fake.api_url),
        signing_secret=SECRET,
        request_verification_enabled=True,
        token_verification_enabled=False,
    )


def _dispatch(app: App, body: bytes, headers: dict[str, str]) -> int:
    return app.dispatch(BoltRequest(body=body.decode(), headers=headers)).status


def test_bolt_acks_a_signed_slash_command_and_refuses_a_stale_one(fake: FakeSlack) -> None:
    app = _bolt_app(fake)

    @app.command("/mlops")
    def mlops(ack: Ack, respond: Respond, command: dict[str, Any]) -> None:
        ack()
        respond(f"you said {command['text']}")

    url = fake.response_url("cmd")
    signed = sr.slash_command("models", response_url=url, secret=SECRET)
    stale = sr.slash_command("models", response_url=url, secret=SECRET, timestamp=sr.stale_timestamp())
    forged_body, headers = sr.slash_command("models", response_url=url, secret=SECRET)

    assert _dispatch(app, *signed) == 200
    assert fake.wait_for("response_url").params["text"] == "you said models"
    assert fake.calls_to("auth.test"), "Bolt authorises the first request with auth.test"
    assert _dispatch(app, *stale) == 401
    assert _dispatch(app, forged_body, sr.bad_signature(headers)) == 401


def test_async_bolt_app_acks_and_responds_through_the_fake(fake: FakeSlack) -> None:
    async def scenario() -> int:
        # AsyncApp has no token_verification_enabled: it calls auth.test lazily on the first request.
        app = AsyncApp(client=AsyncWebClient(token=TOKEN, base_url=fake.api_url), signing_secret=SECRET)

        @app.command("/mlops")
        async def mlops(ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any]) -> None:
            await ack()
            await respond(text=f"on it: {command['text']}", response_type="in_channel")

        body, headers = sr.slash_command("train iris", response_url=fake.response_url("a1"), secret=SECRET)
        resp = await app.async_dispatch(AsyncBoltRequest(body=body.decode(), headers=headers))
        # The listener runs as a task after the ack; let it finish before the loop closes.
        await asyncio.to_thread(fake.wait_for, "response_url")
        return resp.status

    assert asyncio.run(scenario()) == 200
    assert fake.wait_for("response_url").params == {
        "text": "on it: train iris", "response_type": "in_channel", "_name": "a1"
    }
    assert fake.calls_to("auth.test")[0].params == {"team_id": "T0001"}


def test_bolt_parses_button_clicks_events_and_url_verification(fake: FakeSlack) -> None:
    app = _bolt_app(fake)
    seen: dict[str, Any] = {}

    @app.action("approve")
    def approve(ack: Ack, action: dict[str, Any], body: dict[str, Any]) -> None:
        ack()
        seen["action"] = (action["value"], body["user"]["id"], body["container"]["message_ts"])

    @app.event("app_mention")
    def mention(event: dict[str, Any], say: Any) -> None:
        say(text="on it", thread_ts=event["ts"])

    click = sr.block_actions(
        "approve", "apr-1", user_id="U_ADMIN", channel_id="C_OPS", message_ts="1700000000.000100",
        response_url=fake.response_url(), secret=SECRET,
    )
    event = sr.app_mention("status iris", user="U_ADMIN", channel="C_OPS", ts="1700000001.000100")
    challenge = sr.url_verification("xyz", secret=SECRET)

    assert _dispatch(app, *click) == 200
    assert seen["action"] == ("apr-1", "U_ADMIN", "1700000000.000100")
    assert event["text"].startswith(f"<@{BOT_USER_ID}>")
    assert _dispatch(app, *sr.event_callback(event, event_id="Ev1", secret=SECRET)) == 200
    reply = fake.wait_for("chat.postMessage")
    # Bolt hands listeners a client whose default params add the team_id of the request.
    assert reply.params == {
        "channel": "C_OPS", "text": "on it", "thread_ts": "1700000001.000100", "team_id": "T0001"
    }
    verified = app.dispatch(BoltRequest(body=challenge[0].decode(), headers=challenge[1]))
    assert verified.status == 200 and json.loads(verified.body) == {"challenge": "xyz"}


def test_direct_message_builder_has_im_shape() -> None:
    first, second = sr.direct_message("hi", user="U1"), sr.direct_message("again", user="U1")

    assert first["channel_type"] == "im" and first["channel"] == "D_DM" and first["type"] == "message"
    assert first["ts"] != second["ts"] and float(first["ts"]) <= time.time() + 1


def test_legacy_files_upload_and_response_overrides(fake: FakeSlack, client: WebClient) -> None:
    fake.set_response("users.info", {"ok": True, "user": {"id": "U1", "is_admin": True}})

    legacy = client.files_upload(channels="C_OPS", file=PNG, filename="old.png", title="Old")
    user = client.users_info(user="U1")

    assert fake.uploads[0].content == PNG and legacy["file"]["name"] == "old.png"
    assert user["user"]["is_admin"] is True
