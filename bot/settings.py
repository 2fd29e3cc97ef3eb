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
                         description="threads that run, follow and post tool work (in `serve`'s work process)")
    work_niceness: int = Field(19, ge=0, le=19, validation_alias="MLOPS_WORK_NICENESS",
                               description="CPU niceness of `serve`'s work process and its local pool: the acks "
                                           "come first (0 shares the CPU with them equally)")

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
