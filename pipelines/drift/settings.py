"""Drift thresholds, per model in the TOML; kept apart from the engine so loading config stays light."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class DriftConfig(BaseModel):
    """Drift thresholds for one model; validated from the model's `[drift]` TOML table."""

    model_config = ConfigDict(extra="forbid")

    ks_max_rows: int = Field(
        default=1000, ge=1, description="KS / chi-square while the smaller sample has at most this many rows"
    )
    ks_p_value: float = Field(default=0.05, gt=0.0, lt=1.0,
                              description="a numeric column drifts when the Kolmogorov-Smirnov p-value is below this")
    wasserstein_threshold: float = Field(
        default=0.1, gt=0.0, description="Wasserstein distance / reference std"
    )
    chi2_p_value: float = Field(default=0.05, gt=0.0, lt=1.0,
                                description="a categorical column drifts when the chi-squared p-value is below this")
    jensenshannon_threshold: float = Field(
        default=0.1, gt=0.0, description="Jensen-Shannon distance, natural log"
    )
    psi_watch: float = Field(default=0.1, ge=0.0,
                             description="population stability index from which a column is worth watching")
    psi_act: float = Field(default=0.25, ge=0.0, description="population stability index from which a column drifts")
    categorical_max_unique: int = Field(
        default=5, ge=0, description="numeric with <= this many distinct values is categorical"
    )
    dataset_drift_share: float = Field(default=0.5, gt=0.0, le=1.0,
                                       description="the dataset drifts when at least this share of columns drift")
    min_rows: int = Field(default=30, ge=1, description="fewer current rows => not enough data, no verdict")

    @model_validator(mode="after")
    def _psi_levels_ordered(self) -> DriftConfig:
        if self.psi_act < self.psi_watch:
            raise ValueError(f"psi_act ({self.psi_act}) must be at least psi_watch ({self.psi_watch})")
        return self
