"""The registry as MCP tools: every tool once, its schema and hints read from the registry; the approval tool's
answers as a polling client reads them."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import anyio
import pytest
from mcp import Client

from bot.mcp import tools
from bot.mcp.server import build_server
from tools.catalog import all_tools
from tools.config import demo_config, parse_config
from tools.context import Context
from tools.registry import Tool

DEMO: Any = SimpleNamespace(config=parse_config(demo_config(), source_path="<built-in demo>"))
LISTED = {t.name: t for t in tools.listed(DEMO)}


@pytest.mark.parametrize("spec", list(all_tools().values()), ids=list(all_tools()))
def test_each_registry_tool_is_listed_with_its_schema_and_hints(spec: Tool) -> None:
    listed = LISTED[spec.name]
    assert listed.input_schema["type"] == "object"
    assert set(listed.input_schema.get("properties", {})) == set(spec.input.model_fields)
    assert listed.description.startswith(spec.description)
    hints = listed.annotations
    assert hints.read_only_hint is (not spec.mutates)
    if spec.mutates:
        assert hints.destructive_hint is spec.needs_confirmation
        assert "returns an approval id" in listed.description and f"the {spec.role} role" in listed.description
    else:
        assert hints.destructive_hint is False and hints.idempotent_hint is True
    if "model" in listed.input_schema.get("properties", {}):
        assert listed.input_schema["properties"]["model"]["enum"] == ["cancer", "diabetes", "wine"]


def test_nothing_but_the_registry_is_listed() -> None:
    assert list(LISTED) == list(all_tools())


def poll(ctx: Context, approval_id: str) -> Any:
    async def call() -> Any:
        with anyio.fail_after(120):
            async with Client(build_server(ctx, None)) as client:
                return await client.call_tool("approval", {"approval_id": approval_id})

    return anyio.run(call)


def test_the_approval_tool_tells_pending_expired_and_unknown(ctx: Context) -> None:
    waiting = ctx.state.propose(tool="deploy", model="cancer", args={"model": "cancer", "version": "2"},
                                plan={"model": "cancer", "from_version": 1, "to_version": 2}, requested_by="U1",
                                surface="agent", ttl=timedelta(minutes=15))
    late = ctx.state.propose(tool="deploy", model="cancer", args={"model": "cancer", "version": "2"}, plan=None,
                             requested_by="U1", surface="agent", ttl=timedelta(seconds=-1))
    pending = poll(ctx, waiting.id)
    assert not pending.is_error
    state = pending.structured_content["result"]
    assert (state["status"], state["change"], state["to_version"]) == ("pending", "deploy cancer: production v1 → v2", 2)
    assert poll(ctx, late.id).structured_content["result"]["status"] == "expired"
    unknown = poll(ctx, "0123456789abcdef")
    assert unknown.is_error and "That approval does not exist" in unknown.content[0].text
    malformed = poll(ctx, "../etc")
    assert malformed.is_error and "is not an approval id" in malformed.content[0].text
