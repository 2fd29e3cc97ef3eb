"""`mlops-bot mcp` with the SDK's real client, over stdio (spawned as an IDE does) and streamable HTTP (a real server on
a free port): the tools as listed, a read, a deploy that waits for a person, the terminal's approve, a refusal."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager, ExitStack
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from tests.bot.mcp.clients import CALL_TIMEOUT_S, TOKENS, http_server, over_http, over_stdio, terminal, text_of
from tests.conftest import ACCESS_TOML, ADMIN, CANCER_TOML, VIEWER, store_state
from tools.catalog import all_tools
from tools.context import Context

Connect = Callable[[str], AbstractAsyncContextManager[Client]]
FORCED = {"model": "cancer", "version": "2", "force": True, "reason": "hotfix for the scorer"}


@pytest.fixture(params=["stdio", "http"])
def connect(request: pytest.FixtureRequest, cancer_home: Path, tmp_path: Path,
            configure: Callable[[str], Context]) -> Iterator[Connect]:
    """`connect(identity)`: a client acting as that identity ([mcp] user over stdio, its bearer token over HTTP)."""
    config = tmp_path / "mlops-bot.toml"
    if request.param == "stdio":
        def spawn(identity: str) -> AbstractAsyncContextManager[Client]:
            configure(CANCER_TOML + ACCESS_TOML + f'\n[mcp]\nuser = "{identity}"\n')
            return over_stdio(cancer_home, config, tmp_path / "mcp-stdio.log")

        yield spawn
        return
    configure(CANCER_TOML + ACCESS_TOML)
    with ExitStack() as servers:
        url = servers.enter_context(http_server(cancer_home, config, tmp_path / "mcp-http.log"))
        yield lambda identity: over_http(url, TOKENS[identity])


def production(home: Path) -> int | None:
    return Context.load().registry.aliases("cancer").get("production")


def run(scenario: Callable[[], Any], log: Path) -> None:
    """Run an async scenario; when it fails, show what the server logged."""
    async def bounded() -> None:
        with anyio.fail_after(CALL_TIMEOUT_S * 2):
            await scenario()

    try:
        anyio.run(bounded)
    except BaseException:
        for name in ("mcp-stdio.log", "mcp-http.log"):
            if (log / name).exists():
                print(f"--- {name}\n{(log / name).read_text()[-4000:]}")
        raise


def test_a_deploy_waits_for_a_person_and_the_terminal_approves_it(connect: Connect, cancer_home: Path,
                                                                  tmp_path: Path) -> None:
    """Every registry tool is listed with its hints; status reads; deploy returns an approval id and the change and
    moves nothing; `mlops-bot approve ID` moves production; the approval tool then says it is done."""
    config = tmp_path / "mlops-bot.toml"
    asked: dict[str, Any] = {}

    async def ask() -> None:
        async with connect(ADMIN) as client:
            tools = {t.name: t for t in (await client.list_tools()).tools}
            assert list(tools) == list(all_tools())
            assert tools["deploy"].annotations.read_only_hint is False
            assert tools["deploy"].annotations.destructive_hint is True
            assert tools["rollback"].annotations.destructive_hint is True
            assert tools["status"].annotations.read_only_hint is True
            assert tools["status"].annotations.idempotent_hint is True
            assert tools["train"].annotations.destructive_hint is False
            assert tools["deploy"].input_schema["required"] == ["model", "version"]
            assert tools["deploy"].description.startswith(all_tools()["deploy"].description)

            status = await client.call_tool("status", {"model": "cancer"})
            assert not status.is_error, text_of(status)
            assert "production v1, challenger v2" in text_of(status)

            deploy = await client.call_tool("deploy", FORCED)
            said = text_of(deploy)
            assert not deploy.is_error, said
            assert deploy.structured_content["status"] == "needs_approval"
            approval_id = deploy.structured_content["approval_id"]
            assert "Approve deploy of cancer?" in said and "production v1 → v2" in said
            assert f"mlops-bot approve {approval_id}" in said
            assert deploy.structured_content["approval"]["plan"]["to_version"] == 2
            asked["id"] = approval_id

            state = await client.call_tool("approval", {"approval_id": approval_id})
            assert state.structured_content["result"]["status"] == "pending"

    run(ask, tmp_path)
    approval_id = asked["id"]
    assert production(cancer_home) == 1, "the deploy ran before anyone approved it"

    listed = terminal(cancer_home, config, "approvals", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [a["approval_id"] for a in json.loads(listed.stdout)] == [approval_id]

    approved = terminal(cancer_home, config, "approve", approval_id)
    assert approved.returncode == 0, approved.stdout + approved.stderr
    assert "Deployed cancer" in approved.stdout
    assert production(cancer_home) == 2

    async def poll() -> None:
        async with connect(ADMIN) as client:
            state = (await client.call_tool("approval", {"approval_id": approval_id})).structured_content["result"]
            assert state["status"] == "done"
            assert state["decided_by"].startswith("cli:") and state["requested_by"] == ADMIN

    run(poll, tmp_path)


def test_a_caller_without_the_role_is_refused_and_nothing_is_stored(connect: Connect, cancer_home: Path,
                                                                    tmp_path: Path) -> None:
    """A viewer may read over MCP but not ask for a deploy: a clear refusal, no approval, no audit row."""
    before = store_state(Context.load())

    async def refused() -> None:
        async with connect(VIEWER) as client:
            deploy = await client.call_tool("deploy", {"model": "cancer", "version": "2"})
            assert deploy.is_error
            assert "You don't have access to run deploy: it needs the deployer role." in text_of(deploy)
            assert deploy.structured_content["code"] == "access_denied"
            status = await client.call_tool("status", {"model": "cancer"})
            assert not status.is_error, text_of(status)

    run(refused, tmp_path)
    assert store_state(Context.load()) == before
