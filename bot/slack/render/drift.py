"""Renderer of a drift check: the dataset verdict, the most drifted features, predictions and performance.

Column names and category values come from the data, so they are user text: given to the Message as they are and
escaped at its boundary, like everything else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.slack.render.format import fmt, signed
from bot.slack.render.message import Message, Section, Table
from bot.slack.render.registry import renders

if TYPE_CHECKING:
    from pipelines.drift.result import FeatureDrift
    from pipelines.monitor.result import DriftCheck, RootCause


@renders("pipelines.monitor.result:DriftCheck")
def _drift(result: DriftCheck) -> Message:
    report = result.report
    if not report.enough_data:
        return Message(title=f"Drift check of {result.model}", summary=f":grey_question: {report.message}",
                       context=[f"live window {result.window} · production v{result.version}"])
    icon = ":red_circle:" if report.dataset_drift else ":large_green_circle:"
    top = report.top(8)
    table = Table(header=["feature", "test", "statistic", "threshold", "PSI", ""], rows=[
        [f.column[:28], f.method, _stat(f), f"{f.threshold:g}", fmt(f.psi, 3), "DRIFT" if f.drifted else "ok"] for f in top],
        align=["l", "l", "r", "r", "r", "l"])
    lines = []
    if result.prediction is not None:
        p = result.prediction
        lines.append(f"*Predictions*: {'drifted' if p.drifted else 'stable'} ({p.method} {_stat(p)}, PSI {fmt(p.psi, 3)}).")
    if result.performance is not None:
        perf = result.performance
        state = ":red_circle: *degraded*" if perf.degraded else "holding"
        lines.append(f"*Performance*: {perf.metric} {fmt(perf.now)} now vs {fmt(perf.at_training)} at training "
                     f"({perf.change:+.4f}, allowed drop {perf.max_drop:g}) — {state}"
                     f" on {perf.rows} labelled rows.")
    if result.estimate is not None:
        est = result.estimate
        lines.append(f"*Estimated without labels* ({est.method}): roc_auc {fmt(est.roc_auc)}, accuracy "
                     f"{fmt(est.accuracy)} on {est.rows} rows.")
    sections = [Section(table=table)] + ([Section(text="\n".join(lines))] if lines else [])
    images = [Path(result.chart_path)] if result.chart_path and _is_file(Path(result.chart_path)) else []
    return Message(title=f"Drift check of {result.model}", summary=f"{icon} {report.message}", sections=sections,
                   images=images, context=[f"live window {result.window} ({report.n_current} rows) vs training profile of "
                                           f"production v{result.version} · top features by drift"])


@renders("pipelines.monitor.result:RootCause")
def _why(result: RootCause) -> Message:
    """The verdict sentence, the drifted features ranked by impact, and the top feature's chart."""
    impact = result.estimated_impact
    sections = []
    if result.features:
        unit = impact.metric or "metric"
        table = Table(header=["feature", "drift", "reliance", f"impact ({unit})"], rows=[
            [c.feature[:28], fmt(c.drift, 2), fmt(c.importance, 3), signed(c.impact, 3)] for c in result.features[:8]],
            align=["l", "r", "r", "r"])
        sections.append(Section(table=table))
    basis = {"realised": f"realised on {impact.rows} labelled rows", "estimated": f"estimated without labels (CBPE) "
             f"on {impact.rows} rows", "none": "no labels and no label-free estimate: ranked by drift x reliance"}
    images = [Path(result.chart_path)] if result.chart_path and _is_file(Path(result.chart_path)) else []
    icon = ":mag:" if result.features else ":large_green_circle:"
    return Message(title=f"Why: {result.model}", summary=f"{icon} {result.verdict}", sections=sections, images=images,
                   context=[f"live window {result.window} ({result.n_current} rows) · production v{result.version} · "
                            f"{result.drifted} of {result.n_features} features drifted · impact "
                            f"{basis[impact.basis]}; drift > 1 is past its threshold; reliance is the metric's drop "
                            "when the feature is shuffled (at training)"])


def _is_file(path: object) -> bool:
    try:
        return path.is_file()  # type: ignore[attr-defined]
    except OSError:  # a name too long for the file system is no chart either
        return False


def _stat(f: FeatureDrift) -> str:
    if f.p_value is not None:
        return f"p={f.p_value:.3g}"
    return fmt(f.statistic, 3)
