"""Serving Slack over Socket Mode (an app-level token; no public URL): connect, serve until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

log = logging.getLogger("mlops.serve")
CLOSE_TIMEOUT_S = 10


async def socket_mode(app: Any, app_token: str) -> None:
    """Connect over Socket Mode and serve until SIGINT or SIGTERM.

    Built here, inside the running loop: the handler's aiohttp session needs one at construction.
    """
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(app, app_token)
    # Our own SIGINT/SIGTERM handling, through the loop's self-pipe: a process manager's SIGTERM stops the bot
    # cleanly (by default it killed it on the spot), and a stop request cannot be lost to where the main thread is.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await handler.connect_async()
        await stop.wait()
        log.info("stop requested: closing the Socket Mode connection")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        try:
            await asyncio.wait_for(handler.close_async(), timeout=CLOSE_TIMEOUT_S)
        except Exception:  # a connection that will not close politely is dropped with the process
            log.warning("the Socket Mode connection did not close within %d s", CLOSE_TIMEOUT_S, exc_info=True)
