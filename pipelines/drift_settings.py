"""Drift thresholds, per model in the TOML; kept apart from the engine so loading config stays light."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class DriftConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ks_max_rows: int = Field(1000, gt=0, description="KS / chi-square while the smaller sample has at most this many rows")
    ks_p_value: float = Field(0.05, gt=0, lt=1)
    wasserstein_threshold: float = Field(0.1, gt=0, description="Wasserstein distance / reference std")
    chi2_p_value: float = Field(0.05, gt=0, lt=1)
    jensenshannon_threshold: float = Field(0.1, gt=0)
    psi_watch: float = 0.1
    psi_act: float = 0.25
    categorical_max_unique: int = Field(5, ge=1, description="numeric with at most this many values is categorical")
    dataset_drift_share: float = Field(0.5, gt=0, le=1, description="dataset drift when this share of features drift")
    min_rows: int = Field(30, ge=1, description="fewer current rows answer 'not enough data'")
