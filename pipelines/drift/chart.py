"""A PNG of the most drifted features: reference vs current distributions, one small panel each."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pipelines.drift.columns import category_key
from pipelines.drift.profile import CategoricalProfile, NumericProfile, ReferenceProfile
from pipelines.drift.result import DriftReport, FeatureDrift

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_REFERENCE_COLOR = "#4C72B0"
_CURRENT_COLOR = "#DD8452"
_DRIFTED_COLOR = "#C0392B"
_OK_COLOR = "#2E7D32"
_MAX_CATEGORIES = 10


def render_drift_chart(
    profile: ReferenceProfile,
    current: pd.DataFrame,
    report: DriftReport,
    *,
    path: Path,
    top: int = 4,
    title: str = "",
) -> Path:
    """Draw the `top` most drifted features of `report` to `path` (PNG) and return the path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    frame = current.rename(columns=lambda c: str(c))
    features = [
        f
        for f in report.top(len(report.features))
        if f.column in profile.features and f.column in frame.columns
    ][: max(top, 1)]
    n_cols = 1 if len(features) <= 1 else 2
    n_rows = max(1, math.ceil(len(features) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(5.6 * n_cols, 3.5 * n_rows + 0.6), squeeze=False)
    try:
        for ax, feature in zip(axes.flat, features, strict=False):
            feature_profile = profile.features[feature.column]
            if isinstance(feature_profile, NumericProfile) and feature.kind == "numeric":
                _numeric_panel(ax, feature_profile, frame[feature.column])
            elif isinstance(feature_profile, CategoricalProfile):
                _categorical_panel(ax, feature_profile, frame[feature.column])
            ax.set_title(
                _panel_title(feature),
                fontsize=10,
                loc="left",
                color=_DRIFTED_COLOR if feature.drifted else _OK_COLOR,
            )
            ax.spines[["top", "right"]].set_visible(False)
            ax.tick_params(labelsize=8)
        for ax in list(axes.flat)[len(features) :]:
            ax.axis("off")
        if not features:
            axes.flat[0].text(0.5, 0.5, "No features to show", ha="center", va="center", fontsize=12)
        heading = title or report.message
        if title:
            heading = f"{title}\n{report.message}"
        fig.suptitle(heading, fontsize=12, x=0.01, y=0.995, ha="left", va="top")
        handles = [
            plt.Rectangle((0, 0), 1, 1, color=c, alpha=0.7) for c in (_REFERENCE_COLOR, _CURRENT_COLOR)
        ]
        fig.legend(
            handles,
            [f"reference (n={report.n_reference:,})", f"current (n={report.n_current:,})"],
            loc="upper right",
            fontsize=9,
            frameon=False,
            ncols=2,
        )
        fig.tight_layout()  # leaves room for the suptitle; the legend sits beside it
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=100, format="png")
    finally:
        plt.close(fig)
    return path


def _panel_title(feature: FeatureDrift) -> str:
    verdict = "DRIFTED" if feature.drifted else "ok"
    if feature.method == "none" or feature.statistic is None:
        detail = feature.note or "no test"
    elif feature.p_value is not None:
        sign = "<" if feature.p_value < feature.threshold else "≥"
        detail = f"{feature.method} p={feature.p_value:.2g} {sign} {feature.threshold:g}"
    else:
        sign = ">" if feature.statistic > feature.threshold else "≤"
        detail = f"{feature.method} {feature.statistic:.3g} {sign} {feature.threshold:g}"
    psi = f", PSI {feature.psi:.2f}" if feature.psi is not None else ""
    return f"{feature.column} — {verdict}\n{detail}{psi}"


def _numeric_panel(ax: Axes, profile: NumericProfile, series: pd.Series) -> None:
    reference = np.asarray(profile.sample, dtype=np.float64)
    current = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    current = current[np.isfinite(current)]
    if reference.size == 0 or current.size == 0:
        ax.text(0.5, 0.5, "no values on one side", ha="center", va="center", transform=ax.transAxes)
        return
    # Clip the range to the bulk of both windows so one outlier does not squash the picture.
    low = min(np.quantile(reference, 0.005), np.quantile(current, 0.005))
    high = max(np.quantile(reference, 0.995), np.quantile(current, 0.995))
    if not high > low:
        low, high = low - 0.5, high + 0.5
    bins = np.linspace(low, high, 41).tolist()
    for values, color in ((reference, _REFERENCE_COLOR), (current, _CURRENT_COLOR)):
        # Values outside the range are left out (not piled into the edge bins, which would look like spikes).
        ax.hist(values, bins=bins, density=True, histtype="stepfilled", alpha=0.35, color=color)
        ax.hist(values, bins=bins, density=True, histtype="step", linewidth=1.4, color=color)
    ax.set_yticks([])  # density values mean little to a reader; the shapes are the message
    ax.set_ylabel("density", fontsize=8)


def _categorical_panel(ax: Axes, profile: CategoricalProfile, series: pd.Series) -> None:
    reference = pd.Series(profile.counts, dtype="float64")
    if profile.numeric_keys:
        values = pd.to_numeric(series, errors="coerce")
        current = values.dropna().map(category_key).value_counts()
    else:
        current = series.dropna().astype(str).value_counts()
    shares = pd.DataFrame(
        {"reference": reference / max(reference.sum(), 1), "current": current / max(current.sum(), 1)}
    ).fillna(0.0)
    shares = shares.loc[shares.max(axis=1).sort_values(ascending=False).index]
    if len(shares) > _MAX_CATEGORIES:
        head = shares.iloc[: _MAX_CATEGORIES - 1]
        other = (
            shares.iloc[_MAX_CATEGORIES - 1 :].sum().rename(f"other ({len(shares) - _MAX_CATEGORIES + 1})")
        )
        shares = pd.concat([head, other.to_frame().T])
    x = np.arange(len(shares))
    width = 0.4
    ax.bar(x - width / 2, shares["reference"], width, color=_REFERENCE_COLOR, alpha=0.8)
    ax.bar(x + width / 2, shares["current"], width, color=_CURRENT_COLOR, alpha=0.8)
    labels = [
        (str(k) if len(str(k)) <= 12 else str(k)[:11] + "…") + ("\n(new)" if k not in reference.index else "")
        for k in shares.index
    ]
    ax.set_xticks(
        x, labels, rotation=30 if len(shares) > 4 else 0, ha="right" if len(shares) > 4 else "center"
    )
    ax.set_ylabel("share", fontsize=8)
