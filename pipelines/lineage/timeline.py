"""A picture of which version production held over time, with each version's primary metric at training."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.registry import AliasEvent


def render_timeline(model: str, moves: list[AliasEvent], metrics: dict[int, float], *, metric: str, now: datetime,
                    path: Path) -> Path:
    """A step line of production's version from the first move to `now`, each step labelled with its metric."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    times = [m.at for m in moves] + [now]
    versions = [m.to_version for m in moves]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    try:
        ax.step(times, [*versions, versions[-1]], where="post", color="#1d3557", linewidth=2)
        for move in moves:
            value = metrics.get(move.to_version)
            label = f"v{move.to_version}" + (f"  {metric} {value:.3f}" if value is not None else "")
            color = "#e76f51" if move.action == "rollback" else "#1d3557"
            ax.annotate(label, (move.at, move.to_version), textcoords="offset points", xytext=(4, 6), fontsize=8,
                        color=color)
        ax.set_yticks(sorted(set(versions)))
        ax.set_yticklabels([f"v{v}" for v in sorted(set(versions))])
        ax.set_ylabel("production")
        ax.set_title(f"{model}: production over time (rollbacks in orange)", fontsize=10, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        fig.autofmt_xdate()
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=100, format="png")
    finally:
        plt.close(fig)
    return path
