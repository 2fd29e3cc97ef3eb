"""`mlops-bot mcp`: the MCP server, on the official SDK's low-level `Server`, over stdio or streamable HTTP (/mcp).

The transport is chosen at run time; the tools are the registry's (bot/mcp/tools.py), each call made through
`dispatch` as the caller bot/mcp/auth.py names, on this process's executor (tools/work/executor.command_executor:
here, or the Dask cluster the config names).
"""

from __future__ import annotations

import functools
import logging
import sys
from typing import TYPE_CHECKING, Any

from tools import logs

if TYPE_CHECKING:
    from mcp.server import Server

    from bot.mcp.settings import McpSettings
    from tools.context import Context
    from tools.work.executor import Executor

log = logging.getLogger("mlops.mcp")
NAME = "mlops-bot"
INSTRUCTIONS = ("ML model lifecycle tools (train, evaluate, compare, deploy, rollback, drift, status, history…) for "
                "the team's configured models, tracked in MLflow. Reads answer at once. A change (deploy, rollback, "
                "train…) is never made directly: the call returns an approval id and the exact change, a person "
                "approves it in Slack or with `mlops-bot approve ID`, and the `approval` tool says where it stands.")


def run_server(*, http: bool, host: str, port: int, config_path: str | None) -> int:
    """Serve until the client goes (stdio) or the process is stopped (HTTP); 1 when it cannot start."""
    from pydantic import ValidationError

    from pipelines.errors import UserError
    from tools.context import Context
    from tools.settings import Paths
    from tools.work.executor import command_executor

    logs.setup(Paths().home, console=logging.INFO if http else logging.WARNING)
    try:
        ctx = Context.load(config_path=config_path)
        settings = _settings(http=http)
        executor = command_executor(ctx)
    except (UserError, ValidationError) as exc:
        print(f"mlops-bot mcp: {_said(exc)}", file=sys.stderr)
        return 1
    server = build_server(ctx, executor)
    try:
        if http:
            assert settings is not None
            _serve_http(server, settings, host=host, port=port)
        else:
            import anyio

            print(f"mlops-bot mcp: {len(ctx.config.models)} models, acting as {ctx.config.mcp.user} "
                  f"({_role(ctx, ctx.config.mcp.user)}) over stdio", file=sys.stderr)
            anyio.run(_serve_stdio, server)
    except KeyboardInterrupt:
        pass
    finally:
        executor.shutdown()
    return 0


def build_server(ctx: Context, executor: Executor | None) -> Server[Any]:
    """The SDK server: tools/list from the registry, tools/call through dispatch on a worker thread."""
    import anyio.to_thread
    import mcp_types as types
    from mcp.server import Server, ServerRequestContext

    from bot.mcp import tools
    from bot.mcp.auth import caller_for

    listing = tools.listed(ctx)  # the registry and the config are fixed for the life of the process

    async def list_tools(_: ServerRequestContext[Any],
                         __: types.PaginatedRequestParams | None) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listing)

    async def call_tool(request: ServerRequestContext[Any],
                        params: types.CallToolRequestParams) -> types.CallToolResult:
        caller = caller_for(ctx.config, request.request)
        work = functools.partial(tools.call, ctx, params.name, dict(params.arguments or {}), caller, executor=executor)
        return await anyio.to_thread.run_sync(work)

    from importlib.metadata import version

    return Server(NAME, version=version("mlops-chatops"), instructions=INSTRUCTIONS, on_list_tools=list_tools,
                  on_call_tool=call_tool,
                  get_tool_input_schema=lambda name: next((t.input_schema for t in listing if t.name == name), None))


async def _serve_stdio(server: Server[Any]) -> None:
    from mcp.server.stdio import stdio_server

    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())


def _serve_http(server: Server[Any], settings: McpSettings, *, host: str, port: int) -> None:
    import uvicorn
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from bot.mcp.auth import BearerGate

    async def healthz(_: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    app = server.streamable_http_app(streamable_http_path="/mcp", host=host,
                                     custom_starlette_routes=[Route("/healthz", healthz)])
    log.info("MCP over streamable HTTP at http://%s:%d/mcp for %s", host, port, ", ".join(sorted(settings.tokens)))
    config = uvicorn.Config(BearerGate(app, settings), host=host, port=port, log_level="warning",
                            timeout_graceful_shutdown=5, lifespan="on")
    uvicorn.Server(config).run()


def _settings(*, http: bool) -> McpSettings | None:
    """The bearer tokens; HTTP without any refuses to start (a ConfigError that says how to set them)."""
    if not http:
        return None
    from bot.mcp.settings import MAKE_ONE, McpSettings
    from pipelines.errors import ConfigError

    settings = McpSettings()
    if not settings.tokens:
        raise ConfigError("--http needs bearer tokens: set MLOPS_MCP_TOKENS to a JSON object of identity → token, "
                          f"e.g. '{{\"U123\": \"<token>\"}}' (make a token with {MAKE_ONE}); each identity's role "
                          "comes from [access].")
    return settings


def _role(ctx: Context, user: str) -> str:
    from tools.access import Caller, role_of

    return role_of(Caller(user_id=user, surface="mcp"), ctx.config.access)


def _said(exc: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):  # MLOPS_MCP_TOKENS that does not parse or holds a short token
        first = exc.errors()[0]
        return f"MLOPS_MCP_TOKENS is invalid: {str(first['msg']).removeprefix('Value error, ')}."
    return str(exc)
