"""Monitoring settings: a model's monitor (as data, in the TOML or set from Slack) and the one scheduler's knobs."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
    materialize: bool = Field(False, description="a Feast-fed model: refresh its online store (the materialize tool) "
                                                 "before each check")

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


Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class QuietWindow(BaseModel):
    """A recurring time when nothing is posted (checks still run, incidents are recorded; one summary after)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64, description="what the window is for, shown in its summary, e.g. "
                                                               "\"weekend\" or \"nightly deploy\"")
    days: list[Day] = Field(list(DAYS),
                            description="the days the window starts on, e.g. [\"sat\", \"sun\"]; default every day")
    start: str = Field("00:00", description="when it starts, HH:MM in `timezone`")
    end: str = Field("24:00", description="when it ends, HH:MM; before `start` means the next day (22:00 to 06:00)")
    timezone: str = Field("UTC", description="the IANA time zone of start and end, e.g. Europe/Paris")
    models: list[str] = Field([], description="only these models; default every monitored model")

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
        if not match or int(match[2]) > 59 or int(match[1]) * 60 + int(match[2]) > 24 * 60:
            raise ValueError(f"'{value}' is not a time of day: use HH:MM, 00:00 to 24:00")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return _time_zone(value)

    @model_validator(mode="after")
    def _not_empty(self) -> QuietWindow:
        if _minutes(self.start) == _minutes(self.end):
            raise ValueError(f"quiet window {self.name}: start and end are the same time")
        return self

    def contains(self, at: datetime) -> bool:
        """Whether `at` (aware) falls inside the window."""
        from zoneinfo import ZoneInfo

        local = at.astimezone(ZoneInfo(self.timezone))
        minute, start, end = local.hour * 60 + local.minute, _minutes(self.start), _minutes(self.end)
        today, yesterday = DAYS[local.weekday()], DAYS[(local.weekday() - 1) % 7]
        if start < end:
            return today in self.days and start <= minute < end
        return (today in self.days and minute >= start) or (yesterday in self.days and minute < end)

    def applies_to(self, model: str) -> bool:
        return not self.models or model in self.models


class SeverityPolicy(BaseModel):
    """How bad a finding is, from its impact on performance: a drift that costs nothing measurable is a note for
    the daily digest; a realised or estimated (CBPE) drop of the primary metric past `impact_drop` pages at once."""

    model_config = ConfigDict(extra="forbid")

    impact_drop: float | None = Field(None,
                                      description="a drop of the primary metric (realised on labelled rows, else "
                                                  "estimated without labels by CBPE) larger than this is impact; "
                                                  "default: each model's own `max_drop`")
    unknown_impact: Literal["alert", "digest"] = Field("alert",
                                                       description="a drift whose impact cannot be measured (no "
                                                                   "labels and no CBPE estimate): \"alert\" posts it "
                                                                   "at once (medium or high by the share of drifted "
                                                                   "features), \"digest\" makes it a note")
    digest_at: str = Field("09:00", description="when the daily digest of notes is posted, HH:MM in `timezone`")
    timezone: str = Field("UTC", description="the IANA time zone of `digest_at`, e.g. Europe/Paris")

    @field_validator("impact_drop")
    @classmethod
    def _drop(cls, value: float | None) -> float | None:
        if value is not None and not value > 0.0:  # any metric's units (RMSE too), so no upper bound
            raise ValueError(f"impact_drop {value:g} is not a drop of a metric: use a positive number, e.g. 0.02")
        return value

    @field_validator("digest_at")
    @classmethod
    def _clock(cls, value: str) -> str:
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValueError(f"'{value}' is not a time of day for the digest: use HH:MM, 00:00 to 23:59")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return _time_zone(value)

    @property
    def digest_time(self) -> tuple[int, int]:
        hour, minute = self.digest_at.split(":")
        return int(hour), int(minute)


class MonitoringConfig(BaseModel):
    """What applies to every monitor: the severity policy and its digest, and recurring quiet windows."""

    model_config = ConfigDict(extra="forbid")

    severity: SeverityPolicy = Field(default_factory=SeverityPolicy,
                                     description="[monitoring.severity]: severity from impact, and the daily digest")
    quiet: list[QuietWindow] = Field(default_factory=list,
                                     description="recurring quiet windows ([[monitoring.quiet]]): checks run and "
                                                 "incidents are recorded, nothing is posted; one summary when it ends")


def _time_zone(value: str) -> str:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(value)
    except Exception:
        raise ValueError(f"'{value}' is not a time zone: use an IANA name such as UTC or Europe/Paris") from None
    return value


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


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
