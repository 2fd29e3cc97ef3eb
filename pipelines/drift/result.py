"""What a drift check reports, as plain models: importable without numpy, pandas or scipy (renderers, the CLI)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Kind = Literal["numeric", "categorical"]
Method = Literal["ks", "wasserstein", "chi2", "jensenshannon", "none"]


class FeatureDrift(BaseModel):
    """The drift verdict for one column."""

    column: str
    kind: Kind
    method: Method
    statistic: float | None
    p_value: float | None
    threshold: float
    drifted: bool
    psi: float | None
    psi_level: Literal["ok", "watch", "act"] | None = None
    missing_reference: float
    missing_current: float
    unseen_categories: int = 0
    note: str | None = None
    # Comparable across methods: > 1 means past the threshold (distance / threshold, or -log p / -log alpha).
    score: float = 0.0


class DriftReport(BaseModel):
    """Per-feature results plus the dataset verdict; `message` is the line a human reads first."""

    features: list[FeatureDrift]
    n_reference: int
    n_current: int
    drifted_count: int
    drifted_share: float
    dataset_drift: bool
    enough_data: bool
    message: str

    def top(self, n: int = 5) -> list[FeatureDrift]:
        """The `n` most drifted features: drifted ones first, then by score."""
        ranked = sorted(self.features, key=lambda f: (not f.drifted, -f.score, f.column))
        return ranked[: max(n, 0)]
