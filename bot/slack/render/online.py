"""Renderers for online tests: the proposal, the start/stop outcome and the per-arm report."""

from __future__ import annotations

from bot.slack.render.escape import md, mention
from bot.slack.render.format import fmt
from bot.slack.render.message import Message, Section, Table
from bot.slack.render.registry import renders
from pipelines.monitor.online import OnlineReport
from tools.catalog.abtest import AbtestOut, AbtestPlan

_ICON = {"better": ":large_green_circle:", "worse": ":red_circle:", "no clear difference yet": ":white_circle:",
         "not yet enough labels": ":hourglass_flowing_sand:"}


@renders(AbtestPlan)
def _plan(plan: AbtestPlan) -> Message:
    if plan.action == "stop":
        return Message(title=f"Stop the online test of {plan.model}?",
                       summary=f"Production v{plan.production_version} answers every request again; the challenger "
                               f"v{plan.challenger_version} stops receiving traffic.")
    what = ("score every request in the shadow (answers still come from production)" if plan.mode == "shadow"
            else f"answer *{plan.share:.0%}* of requests, sticky per `key`")
    return Message(title=f"Start an online test of {plan.model}?",
                   summary=f"Challenger *v{plan.challenger_version}* would {what}; production is "
                           f"*v{plan.production_version}*.")


@renders(AbtestOut)
def _abtest(result: AbtestOut) -> Message:
    if result.report is None:
        return Message(title=f"Online test of {result.model}", summary=f":white_check_mark: {result.message}")
    message = render_report(result.report)
    if result.action == "stop":
        message.summary = md(":white_check_mark: {}\n{}", result.message, message.summary)
    return message


def render_report(report: OnlineReport) -> Message:
    name = report.primary_metric
    rows = [[a.arm, ",".join(f"v{v}" for v in a.versions) or "—", str(a.requests), str(a.labelled),
             fmt(a.p50_ms, 1), fmt(a.p99_ms, 1), fmt(a.metric),
             f"[{fmt(a.ci_low)}, {fmt(a.ci_high)}]" if a.ci_low is not None else "—"] for a in report.arms]
    table = Table(header=["arm", "version", "requests", "labelled", "p50 ms", "p99 ms", name, "95% CI"], rows=rows,
                  align=["l", "l", "r", "r", "r", "r", "r", "l"])
    challenger = report.arms[-1].arm if len(report.arms) > 1 else "challenger"
    if report.difference is not None and report.diff_low is not None and report.diff_high is not None:
        diff = (f"{challenger} − production: {report.difference:+.4f} "
                f"(95% CI [{report.diff_low:+.4f}, {report.diff_high:+.4f}])")
    else:
        diff = f"needs {report.min_labels} labelled rows per arm (send labels to /models/{report.model}/feedback)"
    verdict = {"better": f"the challenger is *better* on {name}", "worse": f"the challenger is *worse* on {name}",
               "no clear difference yet": f"no clear difference on {name} yet",
               "not yet enough labels": "not yet enough labels for a verdict"}[report.verdict]
    stopped = f" {report.stopped_at:%Y-%m-%d %H:%M} UTC" if report.stopped_at else ""
    state = "running" if report.running else f"stopped{stopped}"
    mode = "shadow" if report.mode == "shadow" else f"{report.share:.0%} to the challenger"
    return Message(
        title=f"Online test of {report.model} ({mode})",
        summary=f"{_ICON[report.verdict]} {verdict}. {diff}.",
        sections=[Section(table=table)],
        context=[md("test {} · {} · started {:%Y-%m-%d %H:%M} UTC by {} · bootstrap intervals · "
                    "`/mlops abtest {} stop` ends it", report.test_id, state, report.started_at,
                    mention(report.started_by), report.model)],
    )
