"""Slack secrets and serving knobs from the environment; secrets never print."""

from __future__ import annotations

from pydantic import Field, SecretStr

from tools.settings import EnvSettings


class SlackSettings(EnvSettings):
    bot_token: SecretStr = Field(validation_alias="SLACK_BOT_TOKEN")
    signing_secret: SecretStr = Field(validation_alias="SLACK_SIGNING_SECRET")
    app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    api_url: str = Field("https://slack.com/api/", validation_alias="SLACK_API_URL")
    workers: int = Field(4, ge=1, le=64, validation_alias="MLOPS_WORKERS",
                         description="threads for tool work; separate from Bolt's, so long jobs never delay acks")

    @property
    def base_url(self) -> str:
        return self.api_url if self.api_url.endswith("/") else self.api_url + "/"


class SchedulerSettings(EnvSettings):
    """The one scheduler's lease and job store knobs (documented in the README under Monitoring)."""

    lease_seconds: float = Field(30.0, gt=0, validation_alias="MLOPS_SCHEDULER_LEASE_SECONDS",
                                 description="a standby takes over at most this long after the holder stops beating")
    sync_seconds: float = Field(10.0, gt=0, validation_alias="MLOPS_SCHEDULER_SYNC_SECONDS",
                                description="how often monitor changes made anywhere are picked up")
    misfire_grace_seconds: int = Field(300, gt=0,
                                       validation_alias="MLOPS_SCHEDULER_MISFIRE_SECONDS",
                                       description="a check late by less than this still runs (once: coalesced)")

    @property
    def heartbeat_seconds(self) -> float:
        return self.lease_seconds / 3
