"""Numbers as the renderers show them: one place for digits, signs and the better/worse arrow."""

from __future__ import annotations


def fmt(value: float | None, digits: int = 4) -> str:
    if value is None or value != value:
        return "—"
    return f"{value:.{digits}f}" if abs(value) < 1000 else f"{value:,.1f}"


def signed(value: float | None, digits: int = 4) -> str:
    """A delta with its sign, or "—" where it is undefined, as `fmt` shows an undefined value."""
    if value is None or value != value:
        return "—"
    return f"{value:+.{digits}f}"


def arrow(delta: float, greater_is_better: bool) -> str:
    if delta != delta or abs(delta) < 1e-12:
        return "="
    better = (delta > 0) == greater_is_better
    return ("▲" if delta > 0 else "▼") + (" better" if better else " worse")
