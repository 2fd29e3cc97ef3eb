"""Monitoring settings: a model's monitor (as data, in the TOML or set from Slack) and the one scheduler's knobs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tools.settings import EnvSettings


class MonitorSpec(BaseModel):
    """A scheduled check of one model: how often, where alerts go, and what to do about findings."""

    model_config = ConfigDict(extra="forbid")

    every: str = Field("1h", description="how often to check, e.g. 30m, 1h, 5s")
    channel: str | None = Field(None, description="Slack channel for alerts, e.g. #ml-alerts")
    window: str = Field("7d", description="the live window each check looks at, ending now")
    cooldown: str = Field("6h", description="at most one thread follow-up per incident this often")
    on_drift: Literal["alert", "retrain"] = Field("alert",
                                                  description="\"alert\": post an alert; \"retrain\": also retrain and "
                                                              "propose the result for approval")
    on_new_data: Literal["ignore", "retrain"] = Field("ignore",
                                                      description="\"retrain\": retrain when the source has new rows "
                                                                  "since the last training")
    auto_deploy: bool = Field(False, description="deploy a retrained challenger when it passes the promotion gate")
    min_new_rows: int = Field(1, ge=1, description="new-data trigger: the training source grew by this many rows")

    @field_validator("every", "window", "cooldown")
    @classmethod
    def _durations(cls, value: str, info: Any) -> str:
        from pipelines.data.window import parse_duration
        from pipelines.errors import UserError

        try:
            parse_duration(value, option=info.field_name)
        except UserError as exc:
            raise ValueError(exc.message) from None
        return value

    def seconds(self, option: Literal["every", "window", "cooldown"]) -> float:
        from pipelines.data.window import parse_duration

        return parse_duration(getattr(self, option), option=option).total_seconds()


class SchedulerSettings(EnvSettings):
    """The one scheduler's lease and job store knobs."""

    lease_seconds: float = Field(30.0, gt=0, validation_alias="MLOPS_SCHEDULER_LEASE_SECONDS",
                                 description="a standby takes over at most this long after the holder stops beating")
    sync_seconds: float = Field(10.0, gt=0, validation_alias="MLOPS_SCHEDULER_SYNC_SECONDS",
                                description="how often monitor changes made anywhere are picked up")
    alias_seconds: float = Field(60.0, gt=0, validation_alias="MLOPS_SCHEDULER_ALIAS_SECONDS",
                                 description="how often the registry's aliases are compared with the last look, to "
                                             "notice a move made outside the bot")
    misfire_grace_seconds: int = Field(300, gt=0,
                                       validation_alias="MLOPS_SCHEDULER_MISFIRE_SECONDS",
                                       description="a check late by less than this still runs (once: coalesced)")

    @property
    def heartbeat_seconds(self) -> float:
        return self.lease_seconds / 3
