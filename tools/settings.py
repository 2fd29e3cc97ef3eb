"""Where state lives, from the environment: MLOPS_HOME, MLFLOW_TRACKING_URI, MLOPS_STATE_URL, MLOPS_STATE_POOL_SIZE, MLFLOW_UI_URL."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Paths(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    home: Path = Field(Path(".mlops"), validation_alias=AliasChoices("MLOPS_HOME", "home"))
    config: str | None = Field(None, validation_alias=AliasChoices("MLOPS_CONFIG", "config"))
    tracking_uri: str | None = Field(None, validation_alias=AliasChoices("MLFLOW_TRACKING_URI", "tracking_uri"))
    state_url: str | None = Field(None, validation_alias=AliasChoices("MLOPS_STATE_URL", "state_url"))
    mlflow_ui_url: str | None = Field(None, validation_alias=AliasChoices("MLFLOW_UI_URL", "mlflow_ui_url"))
    state_pool_size: int = Field(5, ge=1, le=100, validation_alias=AliasChoices("MLOPS_STATE_POOL_SIZE", "state_pool_size"))

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
