"""The team's configuration: models, data sources, gates, access, validated from one TOML file."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipelines.drift_settings import DriftConfig
from pipelines.errors import ConfigError

CONFIG_FILE_NAME = "mlops-bot.toml"
DEMO_MODELS_NOTICE = ("{path} names no [models.<name>] tables, so the built-in demo models (cancer, wine, diabetes) "
                      "are served; add [models.<name>] tables to serve your own.")
log = logging.getLogger("mlops.config")
_told: set[str] = set()
_told_lock = threading.Lock()
Task = Literal["binary", "multiclass", "regression"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SklearnSource(_Strict):
    """One of scikit-learn's bundled datasets, with a deterministic synthetic timestamp so windows work."""

    kind: Literal["sklearn"]
    dataset: Literal["breast_cancer", "wine", "diabetes", "iris"]
    days: int = Field(365, gt=0, description="synthetic timestamps spread over this many days up to today")


class DemoLiveSource(_Strict):
    """Live traffic for a demo model: recent rows are shifted on purpose so drift is visible."""

    kind: Literal["demo_live"]
    dataset: Literal["breast_cancer", "wine", "diabetes", "iris"]
    days: int = Field(60, gt=0)
    shift_days: int = Field(14, ge=0, description="rows in this many most recent days are shifted")
    rows_per_day: int = Field(40, gt=0)


class FileSource(_Strict):
    kind: Literal["csv", "parquet"]
    path: str


class SqlSource(_Strict):
    kind: Literal["sql"]
    url: str
    query: str


class PredictionsSource(_Strict):
    """What the prediction service answered (its log), labels joined where feedback arrived; live sources only."""

    kind: Literal["predictions"]
    url: str | None = Field(None, description="SQLAlchemy URL of the log; default: the bot's state database")


Source = Annotated[SklearnSource | DemoLiveSource | FileSource | SqlSource | PredictionsSource,
                   Field(discriminator="kind")]


class Gate(_Strict):
    """The promotion gate a candidate must pass before it may become production."""

    min_improvement: float = Field(0.0, ge=0.0, description="must beat the champion's primary metric by this")
    min_metric: float | None = Field(None, description="absolute floor (ceiling for lower-is-better)")


def _duration(value: str, option: str) -> str:
    from pipelines.window import parse_duration

    parse_duration(value, option=option)
    return value


class MonitorSpec(_Strict):
    """A scheduled check of one model: how often, where alerts go, and what to do about findings."""

    every: str = Field("1h", description="how often to check, e.g. 30m, 1h, 5s")
    channel: str | None = Field(None, description="Slack channel for alerts, e.g. #ml-alerts")
    window: str = Field("7d", description="the live window each check looks at, ending now")
    cooldown: str = Field("6h", description="at most one thread follow-up per incident this often")
    on_drift: Literal["alert", "retrain"] = "alert"
    on_new_data: Literal["ignore", "retrain"] = "ignore"
    auto_deploy: bool = Field(False, description="deploy a retrained challenger when it passes the promotion gate")
    min_new_rows: int = Field(1, ge=1, description="new-data trigger: the training source grew by this many rows")

    @field_validator("every", "window", "cooldown")
    @classmethod
    def _durations(cls, value: str, info: Any) -> str:
        from pipelines.errors import UserError

        try:
            return _duration(value, info.field_name)
        except UserError as exc:
            raise ValueError(exc.message) from None

    def seconds(self, option: Literal["every", "window", "cooldown"]) -> float:
        from pipelines.window import parse_duration

        return parse_duration(getattr(self, option), option=option).total_seconds()


class ModelSpec(_Strict):
    name: str = ""
    description: str = ""
    task: Task
    source: Source
    live: Source | None = None
    target: str
    features: list[str] | None = None
    timestamp: str | None = Field(None, description="column holding event time; enables windows")
    estimator: str
    params: dict[str, Any] = Field(default_factory=dict)
    primary_metric: str
    positive_label: bool | int | float | str | None = Field(
        None, description="binary only: the positive class (default 1, True, \"yes\", else the minority class)")
    test_size: float = Field(0.25, gt=0.0, lt=1.0)
    random_state: int = 42
    gate: Gate = Field(default_factory=Gate)
    max_drop: float = Field(0.05, ge=0.0, description="degradation when the primary metric worsens by more")
    drift: DriftConfig = Field(default_factory=DriftConfig)
    monitor: MonitorSpec | None = None

    @model_validator(mode="after")
    def _metric_fits_task(self) -> ModelSpec:
        if isinstance(self.source, PredictionsSource):
            raise ValueError("source: the prediction log can only be a live source (live = { kind = \"predictions\" })")
        from pipelines.metrics import metrics_for_task

        if self.positive_label is not None and self.task != "binary":
            raise ValueError(f"positive_label applies to binary models only, not to task {self.task}")
        known = metrics_for_task(self.task)
        if self.primary_metric not in known:
            raise ValueError(f"primary_metric '{self.primary_metric}' is not one of {sorted(known)} for task {self.task}")
        from pipelines.estimators import ESTIMATORS

        if self.estimator not in ESTIMATORS:
            raise ValueError(f"estimator '{self.estimator}' is not one of {sorted(ESTIMATORS)}")
        if ESTIMATORS[self.estimator].task_kind != ("regression" if self.task == "regression" else "classification"):
            raise ValueError(f"estimator '{self.estimator}' cannot do {self.task}")
        return self

    def check_params(self) -> None:
        """The estimator params against scikit-learn's own constraints, as a config error naming the key.

        Kept out of loading: it imports scikit-learn, and a usage error or `help` must answer without it. The
        Context checks a model's params before a verb first uses it.
        """
        from pipelines.errors import UserError
        from pipelines.estimators import validate_params

        try:
            validate_params(self.estimator, self.params)
        except UserError as exc:
            raise ConfigError(f"Config models.{self.name}.params is invalid: {exc.message}") from None


class Access(_Strict):
    """Slack user ids per role; '*' means everyone. Roles nest: admins may deploy, deployers may train."""

    trainers: list[str] = Field(default_factory=list)
    deployers: list[str] = Field(default_factory=list)
    admins: list[str] = Field(default_factory=list)

    @property
    def configured(self) -> bool:
        return bool(self.trainers or self.deployers or self.admins)


class Approvals(_Strict):
    expire_minutes: int = Field(15, gt=0)


class AgentConfig(_Strict):
    """Which chat model answers plain words; none configured means the built-in offline interpreter."""

    model: str | None = Field(None, description='"openai:gpt-4.1-mini", "anthropic:…", "ollama:llama3.1"; '
                              'with base_url any OpenAI-compatible server; keys come from the provider\'s env vars')
    base_url: str | None = Field(None, description="an OpenAI-compatible endpoint, e.g. http://localhost:8000/v1")
    max_steps: int = Field(8, ge=1, le=50, description="tool calls one request may make before the agent stops")
    temperature: float | None = Field(0.0, ge=0.0, le=2.0)

    @field_validator("model")
    @classmethod
    def _provider_named(cls, model: str | None) -> str | None:
        if model is not None and model != "offline" and ":" not in model:
            raise ValueError(f"'{model}' needs a provider prefix, e.g. openai:{model} (or \"offline\")")
        return model


class Compute(_Strict):
    """Where tool work runs: a warm local process pool, or a Dask distributed cluster."""

    backend: Literal["local", "dask"] = "local"
    workers: int = Field(2, ge=1, le=64, description="local pool processes (each imports the ML stack once)")
    address: str | None = Field(None, description="Dask scheduler, e.g. tcp://scheduler:8786")

    @model_validator(mode="after")
    def _dask_needs_address(self) -> Compute:
        if self.backend == "dask" and not self.address:
            raise ValueError("backend = \"dask\" needs address = \"tcp://<scheduler>:8786\"")
        return self


class Config(_Strict):
    models: dict[str, ModelSpec]
    access: Access = Field(default_factory=Access)
    approvals: Approvals = Field(default_factory=Approvals)
    agent: AgentConfig = Field(default_factory=AgentConfig)
    compute: Compute = Field(default_factory=Compute)
    source_path: str = Field("<built-in demo>", exclude=True)
    demo_models: bool = Field(False, exclude=True, description="the file named no models, so the demo's are used")

    @field_validator("models")
    @classmethod
    def _name_models(cls, models: dict[str, ModelSpec]) -> dict[str, ModelSpec]:
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
        """A short hash of the effective config, logged with every run for lineage."""
        return hashlib.sha256(self.model_dump_json(exclude={"access", "agent", "compute"}).encode()).hexdigest()[:16]

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
    demo_models = "models" not in raw
    if demo_models:
        raw = {**raw, "models": demo_config()["models"]}
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}" for err in exc.errors()[:5]
        )
        raise ConfigError(f"Config {source_path} is invalid: {problems}.") from None
    config.source_path = source_path
    config.demo_models = demo_models and source_path != "<built-in demo>"
    return config


def demo_config() -> dict[str, Any]:
    """Three models on scikit-learn's bundled datasets, one per task, each with a live source."""
    return {
        "models": {
            "cancer": {
                "description": "Breast cancer diagnosis (binary)",
                "task": "binary",
                "source": {"kind": "sklearn", "dataset": "breast_cancer"},
                "live": {"kind": "demo_live", "dataset": "breast_cancer"},
                "target": "target",
                "timestamp": "event_time",
                "estimator": "random_forest",
                "params": {"n_estimators": 100, "max_depth": 6},
                "primary_metric": "roc_auc",
                "gate": {"min_improvement": 0.0, "min_metric": 0.9},
            },
            "wine": {
                "description": "Wine cultivar (multiclass)",
                "task": "multiclass",
                "source": {"kind": "sklearn", "dataset": "wine"},
                "live": {"kind": "demo_live", "dataset": "wine"},
                "target": "target",
                "timestamp": "event_time",
                "estimator": "logistic_regression",
                "params": {"C": 1.0},
                "primary_metric": "f1_macro",
                "gate": {"min_metric": 0.8},
            },
            "diabetes": {
                "description": "Diabetes progression (regression)",
                "task": "regression",
                "source": {"kind": "sklearn", "dataset": "diabetes"},
                "live": {"kind": "demo_live", "dataset": "diabetes"},
                "target": "target",
                "timestamp": "event_time",
                "estimator": "random_forest_regressor",
                "params": {"n_estimators": 100, "max_depth": 5},
                "primary_metric": "rmse",
                "max_drop": 5.0,
                "gate": {"min_metric": 80.0},
            },
        }
    }
