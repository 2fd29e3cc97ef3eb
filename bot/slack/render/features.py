"""Renderers for the Feast tools: materialize (online store refreshed) and skew (online vs offline per feature)."""

from __future__ import annotations

from bot.slack.render.message import Message, Section, Table
from bot.slack.render.registry import renders
from pipelines.monitor.feature_skew import SkewReport
from tools.catalog.materialize import MaterializeOut

SKEW_WATCH = 0.01  # a feature differing on more than 1% of rows is worth a look


@renders(MaterializeOut)
def _materialize(result: MaterializeOut) -> Message:
    return Message(
        title=f"Materialized {result.model}",
        summary=f":white_check_mark: The online store of {result.repo} holds {', '.join(result.views)} up "
        f"to {result.until}; the prediction service can answer {result.model} from entity keys.",
    )


@renders(SkewReport)
def _skew(report: SkewReport) -> Message:
    skewed = [f for f in report.features if f.rate > SKEW_WATCH]
    summary = (
        f":warning: {len(skewed)} of {len(report.features)} features differ between online and offline on "
        f"{report.rows} served rows: {', '.join(f'{f.feature} {f.rate:.1%}' for f in skewed[:5])}."
        if skewed
        else f":white_check_mark: Online and offline features agree on {report.rows} served rows."
    )
    table = Table(
        header=["feature", "compared", "mismatched", "rate"],
        rows=[[f.feature, str(f.compared), str(f.mismatched), f"{f.rate:.1%}"] for f in report.features],
    )
    examples = [f"• {f.feature}: {f.example}" for f in report.features if f.example]
    sections = [Section(table=table)] + ([Section(text="\n".join(examples[:10]))] if examples else [])
    return Message(title=f"Feature skew of {report.model}", summary=summary, sections=sections)
