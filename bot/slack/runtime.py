"""The Slack app's runtime: the shared work runtime plus the Slack client its tasks post with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tools.work.runtime import Runtime

if TYPE_CHECKING:
    from bot.slack.settings import SlackSettings

RATE_LIMIT_RETRIES = 5  # Slack allows about one message a second per channel; a 429 says how long to wait


@dataclass
class SlackRuntime(Runtime):
    web: Any = None  # slack_sdk.WebClient: sync, used from worker threads


def web_client(settings: SlackSettings) -> Any:
    """The sync client worker threads and the scheduler post with: HTTP 429 answers are retried after Retry-After."""
    from slack_sdk import WebClient
    from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

    return WebClient(token=settings.bot_token.get_secret_value(), base_url=settings.base_url,
                     retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)])
