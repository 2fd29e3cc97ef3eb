"""`mlops-bot mcp --http`: a request without a known bearer token gets 401 and reaches nothing; no tokens, no server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.bot.mcp.clients import TOKENS, env_for, http_server, over_http
from tests.conftest import ACCESS_TOML, CANCER_TOML, store_state
from tests.support.processes import BIN
from tools.context import Context

INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}


def post(url: str, headers: dict[str, str]) -> tuple[int, Any, str]:
    request = urllib.request.Request(url, data=json.dumps(INITIALIZE).encode(), method="POST", headers={
        "Content-Type": "application/json", "Accept": "application/json, text/event-stream", **headers})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers, refused.read().decode()


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer not-a-token-anyone-was-given-000000"},
    {"Authorization": f"Basic {TOKENS['U_ADMIN']}"}, {"Authorization": f"Bearer {TOKENS['U_ADMIN']}x"},
], ids=["missing", "wrong", "not-bearer", "extended"])
def test_a_request_without_a_known_bearer_token_gets_401(cancer_home: Path, tmp_path: Path,
                                                         configure: Callable[[str], Context],
                                                         headers: dict[str, str]) -> None:
    """401 with a WWW-Authenticate challenge and a body naming MLOPS_MCP_TOKENS; the stores are untouched."""
    before = store_state(configure(CANCER_TOML + ACCESS_TOML))
    with http_server(cancer_home, tmp_path / "mlops-bot.toml", tmp_path / "mcp-http.log") as url:
        status, answer_headers, body = post(url, headers)
        assert status == 401, body
        assert answer_headers.get("WWW-Authenticate", "").startswith("Bearer")
        assert json.loads(body)["error"] == "invalid_token" and "MLOPS_MCP_TOKENS" in body
        granted, _, _ = post(url, {"Authorization": f"Bearer {TOKENS['U_ADMIN']}"})
        assert granted == 200

        async def wrong_token_with_the_real_client() -> None:
            with pytest.raises(Exception):  # noqa: B017, PT011 - the SDK's own error for an HTTP 401
                async with over_http(url, "not-a-token-anyone-was-given-000000") as client:
                    await client.list_tools()

        anyio.run(wrong_token_with_the_real_client)
    assert store_state(Context.load()) == before


def test_http_without_tokens_refuses_to_start(cancer_home: Path, tmp_path: Path,
                                              configure: Callable[[str], Context]) -> None:
    """No MLOPS_MCP_TOKENS: exit 1 with how to set them, rather than a server that anyone on the network may use."""
    import subprocess

    configure(CANCER_TOML)
    env = env_for(cancer_home, tmp_path / "mlops-bot.toml")
    done = subprocess.run([str(BIN / "mlops-bot"), "mcp", "--http", "--port", "1"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "MLOPS_MCP_TOKENS" in done.stderr and "secrets.token_urlsafe" in done.stderr
    short = subprocess.run([str(BIN / "mlops-bot"), "mcp", "--http", "--port", "1"], cwd=tmp_path,
                           env={**env, "MLOPS_MCP_TOKENS": json.dumps({"U1": "short"})},
                           capture_output=True, text=True, timeout=120)
    assert short.returncode == 1 and "shorter than 24 characters" in short.stderr
