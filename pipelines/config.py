"""What a model is, as the ML code needs it: its task, data sources, estimator, metric and promotion gate.

The rest of the team's configuration (access, approvals, the agent, compute, monitors) and the loading of
`mlops-bot.toml` live in tools/config.py: none of it is ML.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pipelines.drift.settings import DriftConfig
from pipelines.errors import ConfigError

Task = Literal["binary", "multiclass", "regression"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SklearnSource(_Strict):
    """One of scikit-learn's bundled datasets, with a deterministic synthetic timestamp so windows work."""

    kind: Literal["sklearn"] = Field(description="\"sklearn\"")
    dataset: Literal["breast_cancer", "wine", "diabetes", "iris"] = Field(description="which bundled dataset")
    days: int = Field(365, gt=0, description="synthetic timestamps spread over this many days up to today")


class DemoLiveSource(_Strict):
    """Live traffic for a demo model: recent rows are shifted on purpose so drift is visible."""

    kind: Literal["demo_live"] = Field(description="\"demo_live\"")
    dataset: Literal["breast_cancer", "wine", "diabetes", "iris"] = Field(
        description="which bundled dataset the live rows are drawn from")
    days: int = Field(60, gt=0, description="days of live traffic, up to today")
    shift_days: int = Field(14, ge=0, description="rows in this many most recent days are shifted")
    rows_per_day: int = Field(40, gt=0, description="live rows per day")


class FileSource(_Strict):
    kind: Literal["csv", "parquet"] = Field(description="\"csv\" or \"parquet\"")
    path: str = Field(description="the file; a relative path is read from the directory the command runs in")


class SqlSource(_Strict):
    kind: Literal["sql"] = Field(description="\"sql\"")
    url: str = Field(description="SQLAlchemy URL of the database, e.g. postgresql+psycopg://user@host/db")
    query: str = Field(description="the SELECT whose rows are the dataset")


class PredictionsSource(_Strict):
    """What the prediction service answered (its log), labels joined where feedback arrived; live sources only."""

    kind: Literal["predictions"] = Field(description="\"predictions\"")
    url: str | None = Field(None, description="SQLAlchemy URL of the log; default: the bot's state database")


class FeastSource(_Strict):
    """A Feast feature repository: entity rows (keys, event time, label) from a file or SQL source, their features
    joined point-in-time by Feast for training, read from the online store at serving."""

    kind: Literal["feast"] = Field(description="\"feast\"")
    repo: str = Field(description="the feature repository: the folder holding feature_store.yaml")
    entity_source: Annotated[FileSource | SqlSource, Field(discriminator="kind")] = Field(
        description="where the entity rows come from (a csv, parquet or sql source): entity keys, the event "
                    "timestamp (the model's `timestamp`) and the label (its `target`)")
    features: list[str] = Field(default_factory=list,
                                description="feature references \"view:feature\"; or give feature_service")
    feature_service: str | None = Field(None, description="a Feast feature service naming the features")
    max_age: str | None = Field(None, description="serving refuses a feature value older than this (e.g. 2h, 1d); "
                                                  "none: only Feast's own ttl applies")

    @model_validator(mode="after")
    def _features_named_once(self) -> FeastSource:
        if bool(self.features) == bool(self.feature_service):
            raise ValueError("a feast source names its features by `features` or `feature_service`, exactly one")
        odd = [ref for ref in self.features if ref.count(":") != 1 or "" in ref.split(":")]
        if odd:
            raise ValueError(f"feature reference '{odd[0]}' is not \"view:feature\"")
        if self.max_age is not None:
            from pipelines.data.window import parse_duration
            from pipelines.errors import UserError

            try:
                parse_duration(self.max_age, option="max_age")
            except UserError as exc:
                raise ValueError(exc.message) from None
        return self


Source = Annotated[SklearnSource | DemoLiveSource | FileSource | SqlSource | PredictionsSource | FeastSource,
                   Field(discriminator="kind")]


class Gate(_Strict):
    """The promotion gate a candidate must pass before it may become production."""

    min_improvement: float = Field(0.0, ge=0.0, description="must beat the champion's primary metric by this")
    min_metric: float | None = Field(None, description="absolute floor (ceiling for lower-is-better)")


class ModelSpec(_Strict):
    name: str = ""
    description: str = Field("", description="one line shown in `models` and the Home tab")
    task: Task = Field(description="\"classification\" or \"regression\"")
    source: Source = Field(description="where training data comes from (one of the source tables below)")
    live: Source | None = Field(None,
                                description="where live data comes from, for drift and health checks; none means the "
                                            "training source")
    target: str = Field(description="the column to predict")
    features: list[str] | None = Field(None,
                                       description="the columns to train on; none means every column but the target "
                                                   "and the timestamp")
    timestamp: str | None = Field(None, description="column holding event time; enables windows")
    estimator: str = Field(
        description="a name from `models` (e.g. random_forest, logistic_regression, gradient_boosting)")
    params: dict[str, Any] = Field(default_factory=dict,
                                   description="the estimator's hyperparameters; a train command's key=value arguments "
                                               "override them")
    primary_metric: str = Field(
        description="the metric the gate, compare and health checks judge by (e.g. roc_auc, f1, rmse)")
    positive_label: bool | int | float | str | None = Field(
        None, description="binary only: the positive class (default 1, True, \"yes\", else the minority class)")
    test_size: float = Field(0.25, gt=0.0, lt=1.0, description="share of rows held out to evaluate a training")
    random_state: int = Field(42, description="seed for the split and the estimator, so a training can be repeated")
    gate: Gate = Field(default_factory=Gate, description="the promotion gate ([models.<name>.gate])")
    max_drop: float = Field(0.05, ge=0.0, description="degradation when the primary metric worsens by more")
    limitations: list[str] = Field(default_factory=list,
                                   description="what this model is known not to do well, for its model card")
    drift: DriftConfig = Field(default_factory=DriftConfig,
                               description="drift tests and thresholds ([models.<name>.drift])")

    @model_validator(mode="after")
    def _metric_fits_task(self) -> ModelSpec:
        if isinstance(self.source, PredictionsSource):
            raise ValueError("source: the prediction log can only be a live source (live = { kind = \"predictions\" })")
        feast = [s for s in (self.source, self.live) if isinstance(s, FeastSource)]
        if feast and not self.timestamp:
            raise ValueError("a feast source needs `timestamp`: the entity rows' event time the features are joined at")
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


def demo_models() -> dict[str, dict[str, Any]]:
    """Three models on scikit-learn's bundled datasets, one per task, each with a live source."""
    return {
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
