"""Input pieces shared by tools: a configured model's name, a data window."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from pipelines.data.window import Window
from pipelines.errors import UnknownModel
from pipelines.suggest import did_you_mean


def _known_model(name: str, info: ValidationInfo) -> str:
    config = (info.context or {}).get("config")
    if config is None or name in config.models:
        return name
    hint = did_you_mean(name, config.models)
    raise UnknownModel(f"Unknown model '{name}'.{hint} Configured models: {', '.join(sorted(config.models))}.")


ModelName = Annotated[str, Field(min_length=1, max_length=64, description="a configured model, e.g. cancer"),
                      AfterValidator(_known_model)]
def _version_ref(ref: str) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,63}|\d{1,9}", ref):
        raise ValueError(f"'{ref}' is not a version: use a number (3) or an alias (production, challenger)")
    return ref.lower()


VersionRef = Annotated[str, Field(description="a version number or alias: production, challenger, 3"),
                       AfterValidator(_version_ref)]


class ToolInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Windowed(ToolInput):
    last: str | None = Field(None, description="window length ending now, e.g. 7d, 12h, 2w")
    since: str | None = Field(None, description="window start: ISO date or time ago (60d)")
    until: str | None = Field(None, description="window end: ISO date or time ago (30d)")

    @model_validator(mode="after")
    def _window_parses(self) -> Windowed:
        self.window()
        return self

    def window(self) -> Window:
        return Window(last=self.last, since=self.since, until=self.until)
