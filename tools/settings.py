"""Where state lives, from the environment: MLOPS_HOME, MLFLOW_TRACKING_URI, MLOPS_STATE_URL, MLOPS_STATE_POOL_SIZE, MLFLOW_UI_URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class EnvSettings(BaseSettings):
    """Settings read from their documented environment names only.

    pydantic-settings matches env names case-insensitively and, when fields may be set by name, also reads the
    field name itself: `home` would pick up `HOME`, `workers` `WORKERS`. So fields are filled from the
    environment by their alias alone; callers in code still pass field names, translated here.
    """

    model_config = SettingsConfigDict(extra="ignore")

    def __init__(self, **values: Any) -> None:
        aliases = {name: f.validation_alias for name, f in type(self).model_fields.items()
                   if isinstance(f.validation_alias, str)}
        super().__init__(**{aliases.get(key, key): value for key, value in values.items()})


class Paths(EnvSettings):
    home: Path = Field(Path(".mlops"), validation_alias="MLOPS_HOME",
                       description="where the bot keeps its state database, MLflow files and log")
    config: str | None = Field(None, validation_alias="MLOPS_CONFIG",
                               description="the team's config file; default mlops-bot.toml in the working directory, "
                                           "else the demo")
    tracking_uri: str | None = Field(None, validation_alias="MLFLOW_TRACKING_URI",
                                     description="MLflow tracking server; default a SQLite store under MLOPS_HOME")
    state_url: str | None = Field(None, validation_alias="MLOPS_STATE_URL",
                                  description="SQLAlchemy URL of the state database; default SQLite under MLOPS_HOME "
                                              "(PostgreSQL for replicas)")
    mlflow_ui_url: str | None = Field(None, validation_alias="MLFLOW_UI_URL",
                                      description="where people open MLflow, for links in Slack; default the tracking "
                                                  "URI when it is http(s)")
    state_pool_size: int = Field(5, ge=1, le=100, validation_alias="MLOPS_STATE_POOL_SIZE",
                                 description="connections per process to the state database")

    @property
    def mlflow_uri(self) -> str:
        return self.tracking_uri or f"sqlite:///{self.home.resolve() / 'mlflow.db'}"

    @property
    def state_db_url(self) -> str:
        return self.state_url or f"sqlite:///{self.home.resolve() / 'state.db'}"

    @property
    def artifact_root(self) -> Path | None:
        # A tracking server decides where artifacts go; a database URI (SQLite, or PostgreSQL reached directly)
        # has no artifact store of its own, so artifacts go beside the home as in the embedded default.
        remote = self.tracking_uri is not None and self.tracking_uri.startswith(("http://", "https://", "databricks"))
        return None if remote else self.home.resolve() / "artifacts"
