"""Renderers of the model lifecycle's reads and its training: help, models, train, evaluate, compare, status,
history. User text goes in as it is; the Message boundary escapes it (bot/render/escape.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.slack import actions
from bot.slack.render.escape import Mrkdwn, join, md, mention
from bot.slack.render.format import arrow, fmt, signed
from bot.slack.render.message import Button, Message, Section, Table
from bot.slack.render.registry import renders

if TYPE_CHECKING:
    from pipelines.compare import CompareResult
    from pipelines.evaluate import EvaluateResult
    from pipelines.lineage.reproduce import ReproduceResult
    from tools.catalog.card import CardOut
    from tools.catalog.feedback import FeedbackOut
    from pipelines.train import TrainResult
    from tools.catalog.help import HelpOut
    from tools.catalog.history import HistoryOut
    from tools.catalog.models import ModelsOut
    from tools.catalog.status import StatusOut

RECOVERED_MARK = "†"


@renders("tools.catalog.help:HelpOut")
def _help(result: HelpOut) -> Message:
    rows = [[f"/mlops {e.usage}", e.description if result.topic else e.description.split(". ")[0]] for e in result.entries]
    sections = [Section(text="\n".join(f"• `/mlops {r[0][7:]}` — {r[1]}" for r in rows))]
    if result.topic:
        examples = [x for e in result.entries for x in e.examples]
        sections.append(Section(text="Examples:\n" + "\n".join(f"`/mlops {x}`" for x in examples)))
    approval = "deploy and rollback post an Approve / Cancel message; only permitted people can approve."
    return Message(title="mlops help" + (f": {result.topic}" if result.topic else ""),
                   summary="Run the model lifecycle from here. Models: " + ", ".join(f"`{m}`" for m in result.models),
                   sections=sections, context=[approval, "Mention me or DM me to ask in plain words."])


@renders("tools.catalog.models:ModelsOut")
def _models(result: ModelsOut) -> Message:
    table = Table(header=["model", "task", "metric", "production", "challenger", "versions"], rows=[
        [m.name, m.task, m.primary_metric,
         f"v{m.production} {fmt(m.production_metric)}" if m.production else "—",
         f"v{m.challenger} {fmt(m.challenger_metric)}" if m.challenger else "—", str(m.versions)]
        for m in result.models], align=["l", "l", "l", "r", "r", "r"])
    live = sum(1 for m in result.models if m.production)
    return Message(title="Models", summary=f"*{len(result.models)} models*, {live} in production.",
                   sections=[Section(table=table)], context=["Metric as recorded on the holdout at training."])


@renders("pipelines.train:TrainResult")
def _train(result: TrainResult) -> Message:
    primary = result.metrics.get(result.primary_metric)
    table = Table(header=["metric", "holdout"], rows=[[k, fmt(v)] for k, v in primary_first(result.metrics, result.primary_metric)])
    params = ", ".join(f"{k}={v}" for k, v in sorted(result.params.items())) or "defaults"
    lin = result.lineage
    return Message(
        title=f"Trained {result.model} v{result.version}",
        summary=f":white_check_mark: *{result.model} v{result.version}* is the new *challenger*: "
                f"{result.primary_metric} *{fmt(primary)}* on {result.rows_holdout} held-out rows.",
        sections=[Section(table=table), Section(text=f"*{result.estimator}* ({params}) on {result.rows_train} rows, {lin.window}.")],
        context=[f"data {lin.source} · {lin.rows} rows · sha256 {lin.sha256[:12]} · run `{result.run_id[:12]}` · {result.seconds:.1f}s",
                 f"Next: `/mlops compare {result.model}` then `/mlops deploy {result.model} {result.version}`",
                 *positive(result.positive_label)],
    )


@renders("pipelines.evaluate:EvaluateResult")
def _evaluate(result: EvaluateResult) -> Message:
    rows = [[k, fmt(v), fmt(result.trained_metrics.get(k))] for k, v in primary_first(result.metrics, result.primary_metric)]
    alias = f" ({', '.join(result.aliases)})" if result.aliases else ""
    return Message(
        title=f"Evaluation of {result.model} v{result.version}",
        summary=f"*{result.model} v{result.version}*{alias}: {result.primary_metric} "
                f"*{fmt(result.metrics.get(result.primary_metric))}* on {result.rows} "
                f"{'labelled live' if result.on == 'live' else 'held-out'} rows ({result.lineage.window}).",
        sections=[Section(table=Table(header=["metric", "now", "at training"], rows=rows))],
        context=[f"data {result.lineage.source} · sha256 {result.lineage.sha256[:12]}", *positive(result.positive_label)],
    )


@renders("pipelines.lineage.reproduce:ReproduceResult")
def _reproduce(result: ReproduceResult) -> Message:
    rows = [[name, fmt(then), fmt(now), "same" if then == now else "differs"]
            for name, (then, now) in result.metrics.items()]
    verdict = (":white_check_mark: every metric came out *identical*" if result.identical
               else ":warning: the metrics *differ*")
    notes = [Section(text="\n".join(f"• {d}" for d in result.differences))] if result.differences else []
    return Message(
        title=f"Reproduction of {result.model} v{result.version}",
        summary=md("*{}* v{} retrained from its record ({} rows): {}.", result.model, result.version, result.rows,
                   Mrkdwn(verdict)),
        sections=[Section(table=Table(header=["metric", "then", "now", ""], rows=rows)), *notes],
        context=[f"data sha256 {result.data_sha256[:12]} (the same as recorded) · nothing was registered"],
    )


@renders("tools.catalog.feedback:FeedbackOut")
def _feedback(result: FeedbackOut) -> Message:
    if not result.intents:
        return Message(title="Agent feedback", summary=f"No 👍/👎 on the agent's answers in the last {result.days} days.")
    rows = [[i.intent, str(i.useful), str(i.not_useful), f"{i.rate:.0%}" if i.rate is not None else "—"]
            for i in result.intents]
    return Message(title="Agent feedback", summary=f"👍/👎 on the agent's answers in the last {result.days} days, "
                                                   "per intent (the first tool it called).",
                   sections=[Section(table=Table(header=["intent", "👍", "👎", "useful"], rows=rows))],
                   context=["A low rate shows where the agent misreads: score a model on it with mlops-bot agent-eval."])


@renders("tools.catalog.card:CardOut")
def _card(result: CardOut) -> Message:
    card = result.card

    def interval(low: float | None, high: float | None) -> str:
        return f"{fmt(low)} – {fmt(high)}" if low is not None else "—"

    rows = [[m.name, fmt(m.value), interval(m.low, m.high)] for m in card.metrics]
    data = card.data
    sections = [
        Section(text=md("*Data:* {} · {} · {} rows · sha256 `{}`\n*Model:* {} ({})", data.source, data.window,
                        data.rows, data.sha256[:12], card.estimator,
                        ", ".join(f"{k}={v}" for k, v in sorted(card.params.items())) or "defaults")),
        Section(table=Table(header=["metric", "holdout", "95% interval"], rows=rows)),
    ]
    if card.replaced is not None:
        then = card.replaced.metrics.get(card.primary_metric)
        now = next((m.value for m in card.metrics if m.name == card.primary_metric), None)
        sections.append(Section(text=md("*Replaced* v{}: {} {} → {}", card.replaced.version, card.primary_metric,
                                        fmt(then), fmt(now))))
    if card.signoffs:
        sections.append(Section(text=md("*Approvals:* {}", join("; ", [
            md("{} asked by {}, approved by {} (change `{}`)", s.action, s.requested_by or "—", s.approved_by,
               s.digest or "—") for s in card.signoffs]))))
    sections.append(Section(text=md("*Known limitations:* {}", "; ".join(card.limitations) or "none stated")))
    return Message(title=f"Model card: {card.model} v{card.version}", summary=md("{}", card.description),
                   sections=sections, context=[f"{card.model} v{card.version}: model_card.md on its MLflow run"])


@renders("pipelines.compare:CompareResult")
def compare(result: CompareResult) -> Message:
    icon = {"better": ":large_green_circle:", "worse": ":red_circle:", "inconclusive": ":white_circle:",
            "same version": ":white_circle:"}[result.verdict]
    p = result.primary()
    a, b = f"v{result.a_version} ({result.a_ref})", f"v{result.b_version} ({result.b_ref})"
    verdict = {"better": f"{b} is *better* than {a}", "worse": f"{b} is *worse* than {a}",
               "inconclusive": f"no clear winner between {b} and {a}",
               "same version": f"{a} and {b} are the same version"}[result.verdict]
    table = Table(header=["metric", a, b, "delta", ""], rows=[
        [r.name + (" *" if r.name == result.primary_metric else ""), fmt(r.a), fmt(r.b), signed(r.delta),
         arrow(r.delta, r.greater_is_better)] for r in result.rows], align=["l", "r", "r", "r", "l"])
    return Message(
        title=f"Compare {result.model}: v{result.b_version} vs v{result.a_version}",
        summary=f"{icon} {verdict} on {result.primary_metric}: {fmt(p.b)} vs {fmt(p.a)} "
                f"(Δ {signed(p.delta)}, 95% CI [{signed(result.ci_low)}, {signed(result.ci_high)}]).",
        sections=[Section(table=table)],
        context=[f"{result.n_rows} identical held-out rows ({result.lineage.window}) · paired bootstrap, "
                 f"{result.n_bootstrap} resamples" + (f" of a random {result.bootstrap_rows:,} of those rows"
                                                      if 0 < result.bootstrap_rows < result.n_rows else "")
                 + " · * primary metric", *positive(result.positive_label)],
    )


@renders("tools.catalog.status:StatusOut")
def _status(result: StatusOut) -> Message:
    table = Table(header=["version", "aliases", result.primary_metric, "window", "rows", "created"], rows=[
        [f"v{v.version}", ",".join(v.aliases) or "", fmt(v.metric), v.window or "", str(v.rows or ""),
         f"{v.created_at:%Y-%m-%d %H:%M}"] for v in result.versions], align=["l", "l", "r", "l", "r", "l"])
    sections = [Section(table=table)] if result.versions else [Section(text=f"No versions yet: `/mlops train {result.model}`")]
    if result.pending:
        sections.append(Section(text=md("*Waiting for approval:* {}", join("; ", [
            md("{}{} by {} (until {:%H:%M} UTC)", p.tool, f" → v{p.to_version}" if p.to_version is not None else "",
               mention(p.requested_by), p.expires_at) for p in result.pending]))))
    if result.jobs:
        sections.append(Section(text=md("*Jobs:* {}", join("; ", [
            md("`{}` {} {} for {} since {:%H:%M:%S} UTC{}", j.job, j.tool, j.status, mention(j.user_id), j.created_at,
               f" ({j.progress})" if j.progress else "") for j in result.jobs]))))
    buttons = []
    if result.mlflow_ui_url and result.experiment_id:
        buttons.append(Button(text="Open in MLflow", action_id=actions.OPEN_MLFLOW,
                              url=f"{result.mlflow_ui_url.rstrip('/')}/#/models/{result.model}"))
    prod = f"v{result.production}" if result.production else "none"
    chal = f"v{result.challenger}" if result.challenger else "none"
    return Message(title=f"Status of {result.model}", summary=f"*{result.model}*: production *{prod}*, challenger *{chal}*, "
                   f"{result.total_versions} versions.", sections=sections, buttons=buttons,
                   context=[result.description] if result.description else [])


def _held_at(result: HistoryOut) -> Message:
    lines = []
    for h in result.held:
        if h.version is None:
            lines.append(md("*{}* held no version then.", h.alias))
            continue
        approved = md(", approved by {} (change `{}`)", mention(h.approved_by), h.digest) if h.approved_by else ""
        since = md(", since {:%Y-%m-%d %H:%M} UTC", h.since) if h.since else ""
        lines.append(md("*{}* was *v{}*{}, moved there by {}{}.", h.alias, h.version, since,
                        mention(h.by) if h.by else "someone unknown", approved))
    return Message(title=f"{result.model} at {result.at:%Y-%m-%d %H:%M} UTC", summary=join("\n", lines),
                   context=["from the alias moves recorded in MLflow, joined to the bot's audit log and approvals"])


@renders("tools.catalog.history:HistoryOut")
def _history(result: HistoryOut) -> Message:
    if result.at is not None:
        return _held_at(result)
    table = Table(header=["when (UTC)", "action", "who", "change", "outcome", "detail"], rows=[
        [f"{e.at:%Y-%m-%d %H:%M}", e.action, e.actor, _change(e.from_version, e.to_version), _outcome(e.outcome, e.source),
         (e.detail or "")[:60]] for e in result.entries], align=["l"] * 6)
    if not result.entries:
        return Message(title=f"History of {result.model}", summary="Nothing has happened to this model yet.")
    recovered = any(e.source != "audit" for e in result.entries)
    note = [f"{RECOVERED_MARK} recovered from the MLflow model's tags: the bot's audit log has no record of it."] if recovered else []
    images = [Path(result.chart_path)] if result.chart_path and Path(result.chart_path).is_file() else []
    return Message(title=f"History of {result.model}", summary=f"Last {len(result.entries)} actions on *{result.model}*, newest first.",
                   sections=[Section(table=table)], context=note, images=images)


def _outcome(outcome: str, source: str) -> str:
    return outcome if source == "audit" else f"{outcome} {RECOVERED_MARK}"


def _change(a: int | None, b: int | None) -> str:
    if b is None:
        return ""
    return f"v{a} → v{b}" if a else f"→ v{b}"


def positive(label: object) -> list[str]:
    """Which class roc_auc and f1 are about, for a binary model; the label is the data's text."""
    return [] if label is None else [f"Positive class: {label}"]


def primary_first(values: dict[str, float], primary: str) -> list[tuple[str, float]]:
    return sorted(values.items(), key=lambda kv: (kv[0] != primary, kv[0]))
