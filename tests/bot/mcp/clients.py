"""The SDK's own MCP client against a real `mlops-bot mcp`: spawned over stdio, or over HTTP with a bearer token."""

from __future__ import annotations

import json
import subprocess
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from tests.support.processes import BIN, background, child_env, free_port, mlops_bot, wait_healthy

# Starting the server imports the tool stack; a deploy's plan evaluates both versions: generous on a busy machine.
CALL_TIMEOUT_S = 300.0
TOKENS = {"U_ADMIN": "admin-token-0123456789abcdef0123", "U_VIEWER": "viewer-token-0123456789abcdef012"}


def env_for(home: Path, config: Path, **extra: str) -> dict[str, str]:
    return child_env(MLOPS_HOME=str(home), MLOPS_CONFIG=str(config), **extra)


@asynccontextmanager
async def over_stdio(home: Path, config: Path, log: Path) -> AsyncIterator[Client]:
    """`mlops-bot mcp` spawned as an IDE would, its stderr kept in `log`."""
    params = StdioServerParameters(command=str(BIN / "mlops-bot"), args=["mcp"], env=env_for(home, config),
                                   cwd=str(config.parent))
    with log.open("w") as errlog:
        async with Client(stdio_client(params, errlog=errlog), read_timeout_seconds=CALL_TIMEOUT_S) as client:
            yield client


@contextmanager
def http_server(home: Path, config: Path, log: Path) -> Iterator[str]:
    """`mlops-bot mcp --http` on a free port with TOKENS; yields the /mcp URL once it answers."""
    port = free_port()
    env = env_for(home, config, MLOPS_MCP_TOKENS=json.dumps(TOKENS))
    cmd = [str(BIN / "mlops-bot"), "mcp", "--http", "--port", str(port)]
    with background(cmd, env=env, cwd=config.parent, log=log) as proc:
        wait_healthy(f"http://127.0.0.1:{port}/healthz", proc, log, timeout=180)
        yield f"http://127.0.0.1:{port}/mcp"


@asynccontextmanager
async def over_http(url: str, token: str) -> AsyncIterator[Client]:
    import httpx2

    timeout = httpx2.Timeout(30.0, read=CALL_TIMEOUT_S)
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=timeout) as http:
        async with Client(streamable_http_client(url, http_client=http), read_timeout_seconds=CALL_TIMEOUT_S) as client:
            yield client


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


def terminal(home: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mlops-bot <args>` from a terminal on the same home and config, as the operator would type it."""
    return mlops_bot(*args, env=env_for(home, config), cwd=config.parent)
