"""The team's configuration, validated from one TOML file: models (with their monitors), access, approvals, the
agent and compute. What a model is for the ML code (`ModelSpec`) lives in pipelines/config.py; this adds what only
the bot needs around it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipelines.config import ModelSpec, demo_models
from pipelines.errors import ConfigError
from tools.monitoring.settings import MonitoringConfig, MonitorSpec

CONFIG_FILE_NAME = "mlops-bot.toml"
DEMO_MODELS_NOTICE = ("{path} names no [models.<name>] tables, so the built-in demo models (cancer, wine, diabetes) "
                      "are served; add [models.<name>] tables to serve your own.")
log = logging.getLogger("mlops.config")
_told: set[str] = set()
_told_lock = threading.Lock()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelConfig(ModelSpec):
    """A model as configured: what the ML code needs (`ModelSpec`) and its scheduled check."""

    two_person: bool | None = Field(None, description="this model's own two-person rule; unset: [approvals] "
                                                      "two_person")
    monitor: MonitorSpec | None = Field(None,
                                        description="the scheduled check of this model; none means it is not monitored")


class Access(_Strict):
    """Slack user ids per role; '*' means everyone. Roles nest: admins may deploy, deployers may train."""

    trainers: list[str] = Field(default_factory=list, description="may train, tune, snooze alerts and cancel jobs")
    deployers: list[str] = Field(default_factory=list,
                                 description="may also deploy, roll back, change monitors and run A/B tests")
    admins: list[str] = Field(default_factory=list,
                              description="may also force a deploy past the gate and release a stuck lease (unlock)")

    @property
    def configured(self) -> bool:
        return bool(self.trainers or self.deployers or self.admins)


class Approvals(_Strict):
    two_person: bool = Field(False, description="deploy and rollback need an Approve from someone other than the "
                                                "person who asked (a model may set its own two_person)")
    expire_minutes: int = Field(15, gt=0,
                                description="a proposed deploy or rollback not approved within this many minutes "
                                            "expires, changing nothing")


class AgentConfig(_Strict):
    """Which chat model answers plain words; none configured means the built-in offline interpreter."""

    model: str | None = Field(None, description='"openai:gpt-4.1-mini", "anthropic:…", "ollama:llama3.1"; '
                              'with base_url any OpenAI-compatible server; keys come from the provider\'s env vars')
    base_url: str | None = Field(None, description="an OpenAI-compatible endpoint, e.g. http://localhost:8000/v1")
    max_steps: int = Field(8, ge=1, le=50, description="tool calls one request may make before the agent stops")
    trace: bool = Field(False, description="record each agent turn as an MLflow trace (experiment agent-turns) in "
                                           "the tracking store; history links the turn to its trace")
    temperature: float | None = Field(0.0, ge=0.0, le=2.0,
                                      description="sampling temperature of the chat model; none leaves the provider's "
                                                  "default")

    @field_validator("model")
    @classmethod
    def _provider_named(cls, model: str | None) -> str | None:
        if model is not None and model != "offline" and ":" not in model:
            raise ValueError(f"'{model}' needs a provider prefix, e.g. openai:{model} (or \"offline\")")
        return model


class Compute(_Strict):
    """Where tool work runs: a warm local process pool, or a Dask distributed cluster."""

    backend: Literal["local", "dask"] = Field("local",
                                              description="\"local\": a warm process pool on this machine; \"dask\": "
                                                          "the Dask cluster at `address`")
    workers: int = Field(2, ge=1, le=64, description="local pool processes (each imports the ML stack once)")
    address: str | None = Field(None, description="Dask scheduler, e.g. tcp://scheduler:8786")

    @model_validator(mode="after")
    def _dask_needs_address(self) -> Compute:
        if self.backend == "dask" and not self.address:
            raise ValueError("backend = \"dask\" needs address = \"tcp://<scheduler>:8786\"")
        return self


class McpConfig(_Strict):
    """Who an MCP client acts as (`mlops-bot mcp`): an identity looked up in [access] like a Slack user's."""

    user: str = Field("mcp", min_length=1, max_length=64,
                      description="the identity of a client over stdio, e.g. a Slack user id \"U123\"; its role comes "
                                  "from [access] (over HTTP each bearer token names its own identity)")
    channel: str | None = Field(None, description="Slack channel for approvals asked over MCP when the model's monitor "
                                                  "names none, e.g. #ml-deploys")


class Config(_Strict):
    models: dict[str, ModelConfig] = Field(
        description="one table per model, [models.<name>]; none means the built-in demo models")
    access: Access = Field(default_factory=Access,
                           description="who may do what ([access]); unset means no one in Slack may change anything "
                                       "(the terminal's own user always may)")
    approvals: Approvals = Field(default_factory=Approvals,
                                 description="how proposed deploys and rollbacks are approved ([approvals])")
    agent: AgentConfig = Field(default_factory=AgentConfig,
                               description="the chat model behind plain-language requests ([agent])")
    compute: Compute = Field(default_factory=Compute, description="where tool work runs ([compute])")
    mcp: McpConfig = Field(default_factory=McpConfig, description="who MCP clients act as ([mcp])")
    monitoring: MonitoringConfig = Field(default_factory=MonitoringConfig,
                                         description="what applies to every monitor: quiet windows ([monitoring])")
    source_path: str = Field("<built-in demo>", exclude=True)
    demo_models: bool = Field(False, exclude=True, description="the file named no models, so the demo's are used")

    @field_validator("models")
    @classmethod
    def _name_models(cls, models: dict[str, ModelConfig]) -> dict[str, ModelSpec]:
        if not models:
            raise ValueError("at least one model must be configured under [models.<name>]")
        for name, spec in models.items():
            spec.name = name
        return models

    def check_params(self) -> None:
        """Every model's estimator params (imports scikit-learn); see ModelSpec.check_params."""
        for spec in self.models.values():
            spec.check_params()

    def digest(self) -> str:
        """A short hash of what shapes a training, logged with every run for lineage: who may act, how approvals
        work and where work runs are left out, so changing them does not make versions look differently made."""
        exclude: Any = {"access": True, "agent": True, "compute": True, "approvals": True, "mcp": True,
                        "monitoring": True, "models": {"__all__": {"two_person"}}}
        return hashlib.sha256(self.model_dump_json(exclude=exclude).encode()).hexdigest()[:16]

    @property
    def notice(self) -> str | None:
        """What a person starting the bot should be told about this config, once (see `load_config`)."""
        return DEMO_MODELS_NOTICE.format(path=self.source_path) if self.demo_models else None


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Load `path`, else $MLOPS_CONFIG, else ./mlops-bot.toml, else the built-in demo config."""
    chosen = path or os.environ.get("MLOPS_CONFIG")
    if chosen is None and Path(CONFIG_FILE_NAME).is_file():
        chosen = CONFIG_FILE_NAME
    if chosen is None:
        return parse_config(demo_config(), source_path="<built-in demo>")
    file = Path(chosen)
    if file.exists() and not file.is_file():
        raise ConfigError(f"Config file {file} is not a file (a folder?). Pass the path of mlops-bot.toml.")
    if not file.is_file():
        raise ConfigError(f"Config file {file} does not exist.")
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"Config file {file} is not UTF-8 text (byte {exc.start}: {exc.reason}). Save it as "
                          "UTF-8; TOML files must be.") from None
    except OSError as exc:
        raise ConfigError(f"Config file {file} cannot be read ({exc.strerror}). Make it readable by this user "
                          "(chmod a+r).") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Config file {file} is not valid TOML: {exc}.") from None
    config = parse_config(raw, source_path=str(file))
    if config.notice:
        with _told_lock:  # said once per process and file, however many times the config is loaded
            key = str(file.resolve())
            first = key not in _told
            _told.add(key)
        if first:
            log.warning(config.notice)
    return config


def parse_config(raw: dict[str, Any], *, source_path: str) -> Config:
    """Validate a parsed TOML table; one without `models` (only [access], say) keeps the demo models."""
    demo = "models" not in raw
    if demo:
        raw = {**raw, "models": demo_models()}
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise ConfigError(f"Config {source_path} is invalid: {problems}.") from None
    config.source_path = source_path
    config.demo_models = demo and source_path != "<built-in demo>"
    return config


def demo_config() -> dict[str, Any]:
    """The built-in config: the three demo models and nothing else."""
    return {"models": demo_models()}
