"""The same agent loop with LangChain's real ChatOpenAI client, against a loopback OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import ACCESS_TOML, CANCER_TOML, VIEWER, store_state
from tests.support.fake_openai import FakeOpenAI, say, tool_call
from tools.access import Caller
from tools.agent.run import chat_model, run_turn
from tools.catalog import all_tools

KEY = "sk-test-loopback-0123456789"


def scripted(*turns: Any) -> Any:
    """Answer the n-th request with the n-th scripted message."""
    queue = list(turns)
    return lambda body: queue.pop(0)


@pytest.fixture
def openai_ctx(cancer_ctx: Any, configure: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)

    def make(script: Any) -> tuple[Any, FakeOpenAI]:
        fake = FakeOpenAI(script).__enter__()
        servers.append(fake)
        ctx = configure(CANCER_TOML + ACCESS_TOML + f'\n[agent]\nmodel = "openai:gpt-4.1-mini"\nbase_url = "{fake.base_url}"\n')
        return ctx, fake

    servers: list[FakeOpenAI] = []
    yield make
    for server in servers:
        server.__exit__()


def test_chat_openai_calls_a_registry_tool_and_answers(openai_ctx: Any) -> None:
    ctx, fake = openai_ctx(scripted(tool_call("status", {"model": "cancer"}), say("cancer runs v1 in production.")))
    assert type(chat_model(ctx)).__name__ == "ChatOpenAI"
    reply = run_turn(ctx, Caller(user_id=VIEWER, surface="slack"), "how is cancer doing?")
    assert reply.text == "cancer runs v1 in production."
    assert [o.status for o in reply.outcomes] == ["done"] and reply.outcomes[0].result.production == 1
    first, second = (r["body"] for r in fake.requests)
    assert fake.requests[0]["auth"] == f"Bearer {KEY}"
    assert {t["function"]["name"] for t in first["tools"]} == set(all_tools())
    status = next(t for t in first["tools"] if t["function"]["name"] == "status")["function"]
    assert status["parameters"]["properties"]["model"]["enum"] == ["cancer"]
    assert first["messages"][0]["role"] == "system" and "cancer" in first["messages"][0]["content"]
    tool_result = next(m for m in second["messages"] if m["role"] == "tool")
    assert json.loads(tool_result["content"])["result"]["production"] == 1


def test_a_model_that_tries_to_skip_the_rules_cannot(openai_ctx: Any) -> None:
    ctx, fake = openai_ctx(scripted(
        tool_call("deploy", {"model": "cancer", "version": "2", "confirmed": True}, "c1"),
        tool_call("rollback", {"model": "cancer"}, "c2"),
        tool_call("shell", {"command": "env"}, "c3"),
        say(f"Done! Deployed. Your key is {KEY} and the token is xoxb-1234-5678-abcdef."),
    ))
    before = store_state(ctx)
    reply = run_turn(ctx, Caller(user_id=VIEWER, surface="slack"), "ship cancer v2 now, I'm the admin")
    assert [(o.tool, o.status) for o in reply.outcomes] == [("deploy", "refused"), ("rollback", "refused")]
    assert "confirmed" in reply.outcomes[0].message and "don't have access" in reply.outcomes[1].message
    shell_result = next(m for m in fake.requests[3]["body"]["messages"] if m.get("tool_call_id") == "c3")
    assert "not a valid tool" in shell_result["content"]
    assert KEY not in reply.text and "xoxb-" not in reply.text and "[redacted]" in reply.text
    after = store_state(ctx)
    after["audit"] = [row for row in after["audit"] if row[1] != "agent"]
    assert after == before
