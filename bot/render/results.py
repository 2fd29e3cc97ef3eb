"""One renderer per result model: data in, Message out. Renderers never call MLflow.

Renderers are keyed by the result class's import path ("pipelines.monitor:DriftCheck"), so importing this module
imports no result module: a usage error or `help` must not pay for numpy, pandas, scipy or scikit-learn.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from bot.render.escape import escape, mention
from bot.render.message import Button, Message, Section, Table

if TYPE_CHECKING:
    from pipelines.compare import CompareResult
    from pipelines.drift_result import FeatureDrift
    from pipelines.evaluate import EvaluateResult
    from pipelines.monitor import DriftCheck
    from pipelines.promote import GateResult, MoveResult, Plan
    from pipelines.train import TrainResult
    from pipelines.tune import TuneResult
    from tools.catalog.cancel import CancelOut
    from tools.catalog.help import HelpOut
    from tools.catalog.history import HistoryOut
    from tools.catalog.models import ModelsOut
    from tools.catalog.status import StatusOut
    from tools.catalog.unlock import UnlockPlan, UnlockResult
    from tools.dispatch import ApprovalRequest, Outcome

Renderer = Callable[[Any], Message]


def _key(result: type | str) -> str:
    return result if isinstance(result, str) else f"{result.__module__}:{result.__qualname__}"


class _Renderers(dict[str, Renderer]):
    """Renderers by import path; a result class may be used as the key too (`TrainResult in RENDERERS`)."""

    def __contains__(self, result: object) -> bool:
        return isinstance(result, (type, str)) and super().__contains__(_key(result))

    def __getitem__(self, result: type | str) -> Renderer:
        return super().__getitem__(_key(result))


RENDERERS = _Renderers()
APPROVE_ACTION = "mlops_approve"
CANCEL_ACTION = "mlops_cancel"


def renders(result: type[BaseModel] | str) -> Callable[[Renderer], Renderer]:
    """Register a renderer for a result class, given as the class or as "module:Class" (imported lazily)."""

    def register(fn: Renderer) -> Renderer:
        RENDERERS[_key(result)] = fn
        return fn

    return register


def render(result: BaseModel) -> Message:
    for cls in type(result).__mro__:
        if cls in RENDERERS:
            return RENDERERS[cls](result)
    raise LookupError(f"no renderer for {type(result).__name__}")


def render_outcome(outcome: Outcome) -> Message:
    if outcome.status == "needs_approval" and outcome.approval is not None:
        return render_approval(outcome.approval)
    if outcome.status in ("refused", "failed"):
        title = "Not done" if outcome.status == "refused" else "Something went wrong"
        return Message(title=title, summary=f":warning: {outcome.message}", ephemeral=True)
    if outcome.result is None:
        return Message(title=outcome.tool, summary=outcome.message or "Done.")
    return render(outcome.result)


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
    table = Table(header=["metric", "holdout"], rows=[[k, fmt(v)] for k, v in _primary_first(result.metrics, result.primary_metric)])
    params = ", ".join(f"{k}={v}" for k, v in sorted(result.params.items())) or "defaults"
    lin = result.lineage
    return Message(
        title=f"Trained {result.model} v{result.version}",
        summary=f":white_check_mark: *{result.model} v{result.version}* is the new *challenger*: "
                f"{result.primary_metric} *{fmt(primary)}* on {result.rows_holdout} held-out rows.",
        sections=[Section(table=table), Section(text=f"*{result.estimator}* ({params}) on {result.rows_train} rows, {lin.window}.")],
        context=[f"data {lin.source} · {lin.rows} rows · sha256 {lin.sha256[:12]} · run `{result.run_id[:12]}` · {result.seconds:.1f}s",
                 f"Next: `/mlops compare {result.model}` then `/mlops deploy {result.model} {result.version}`",
                 *_positive(result.positive_label)],
    )


@renders("pipelines.tune:TuneResult")
def _tune(result: TuneResult) -> Message:
    trained = result.trained
    holdout = trained.metrics.get(result.metric)
    budget = f", stopped by its budget after {result.trials_done}" if result.stopped_by_budget else ""
    table = Table(header=["trial", f"cv {result.metric}", "params"], rows=[
        [str(t.number), fmt(t.score), escape(", ".join(f"{k}={_short(v)}" for k, v in sorted(t.params.items())))]
        for t in result.top], align=["r", "r", "l"])
    sections = [Section(table=table)]
    if result.comparison is not None:
        sections.extend(_compare(result.comparison).sections)
        verdict = {"better": "better than", "worse": "worse than", "inconclusive": "not clearly better than",
                   "same version": "the same as"}[result.comparison.verdict]
        sections.insert(1, Section(text=f"Against production v{result.comparison.a_version}: *{verdict}* it on "
                                        f"{result.metric} (95% CI [{result.comparison.ci_low:+.4f}, {result.comparison.ci_high:+.4f}])."))
    return Message(
        title=f"Tuned {result.model}: v{trained.version} is the challenger",
        summary=f":white_check_mark: Best of {result.trials_done}/{result.trials_requested} trials{budget}: "
                f"cv {result.metric} *{fmt(result.best.score)}*; refitted as *{result.model} v{trained.version}* "
                f"(holdout {result.metric} *{fmt(holdout)}*), now the *challenger*.",
        sections=sections,
        context=[f"{result.estimator} · {result.trials_per_minute:.1f} trials/min on {escape(result.ran_on)} · "
                 f"{result.seconds:.1f}s · parent run `{result.parent_run_id[:12]}`",
                 f"Next: `/mlops deploy {result.model} {trained.version}`"],
    )


def _short(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


@renders("pipelines.evaluate:EvaluateResult")
def _evaluate(result: EvaluateResult) -> Message:
    rows = [[k, fmt(v), fmt(result.trained_metrics.get(k))] for k, v in _primary_first(result.metrics, result.primary_metric)]
    alias = f" ({', '.join(result.aliases)})" if result.aliases else ""
    return Message(
        title=f"Evaluation of {result.model} v{result.version}",
        summary=f"*{result.model} v{result.version}*{alias}: {result.primary_metric} "
                f"*{fmt(result.metrics.get(result.primary_metric))}* on {result.rows} "
                f"{'labelled live' if result.on == 'live' else 'held-out'} rows ({result.lineage.window}).",
        sections=[Section(table=Table(header=["metric", "now", "at training"], rows=rows))],
        context=[f"data {result.lineage.source} · sha256 {result.lineage.sha256[:12]}", *_positive(result.positive_label)],
    )


@renders("pipelines.compare:CompareResult")
def _compare(result: CompareResult) -> Message:
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
                 + " · * primary metric", *_positive(result.positive_label)],
    )


@renders("pipelines.promote:Plan")
def _plan(plan: Plan) -> Message:
    return Message(title=f"{plan.action.title()} {plan.model}?", summary=_move_line(plan),
                   sections=_plan_sections(plan) + _online_section(plan))


def render_approval(request: ApprovalRequest) -> Message:
    from pipelines.promote import Plan

    plan = request.plan
    if isinstance(plan, Plan):
        summary = f":raised_hand: <@{request.requested_by}> asks to {plan.action}: " + _move_line(plan)
        sections = _plan_sections(plan) + _online_section(plan)
        title = f"Approve {plan.action} of {plan.model}?"
    elif plan is not None and any(cls in RENDERERS for cls in type(plan).__mro__):
        shown = render(plan)
        summary = f":raised_hand: <@{request.requested_by}> asks: {shown.summary}"
        sections, title = shown.sections, f"Approve: {shown.title}"
    else:
        args = ", ".join(f"{k}={v}" for k, v in request.args.items() if v not in (None, {}, ""))
        summary = f":raised_hand: <@{request.requested_by}> asks to run *{request.tool}* ({args})."
        sections, title = [], f"Approve {request.tool}?"
    return Message(
        title=title, summary=summary, sections=sections,
        context=[f"Expires {request.expires_at:%H:%M} UTC · only people with the right role can approve · ref {request.approval_id}"],
        buttons=[Button(text="Approve", action_id=APPROVE_ACTION, value=request.approval_id, style="primary"),
                 Button(text="Cancel", action_id=CANCEL_ACTION, value=request.approval_id, style="danger")],
    )


@renders("pipelines.promote:MoveResult")
def _move(result: MoveResult) -> Message:
    plan = result.plan
    verb = "Deployed" if plan.action == "deploy" else "Rolled back"
    forced = " (forced by an admin)" if plan.forced else ""
    return Message(
        title=f"{verb} {plan.model}",
        summary=f":rocket: *{plan.model}* production is now *v{plan.to_version}* (was "
                f"{'v' + str(plan.from_version) if plan.from_version else 'none'}){forced}.",
        sections=_plan_sections(plan),
        context=[f"by <@{result.by}> at {result.at:%Y-%m-%d %H:%M} UTC · `/mlops rollback {result.model}` undoes it"],
    )


@renders("tools.catalog.status:StatusOut")
def _status(result: StatusOut) -> Message:
    table = Table(header=["version", "aliases", result.primary_metric, "window", "rows", "created"], rows=[
        [f"v{v.version}", ",".join(v.aliases) or "", fmt(v.metric), v.window or "", str(v.rows or ""),
         f"{v.created_at:%Y-%m-%d %H:%M}"] for v in result.versions], align=["l", "l", "r", "l", "r", "l"])
    sections = [Section(table=table)] if result.versions else [Section(text=f"No versions yet: `/mlops train {result.model}`")]
    if result.pending:
        sections.append(Section(text="*Waiting for approval:* " + "; ".join(
            f"{p.tool}{f' → v{p.to_version}' if p.to_version is not None else ''} by <@{p.requested_by}> (until {p.expires_at:%H:%M} UTC)" for p in result.pending)))
    if result.jobs:
        sections.append(Section(text="*Jobs:* " + "; ".join(
            f"`{j.job}` {j.tool} {j.status} for {mention(j.user_id)} since {j.created_at:%H:%M:%S} UTC"
            + (f" ({escape(j.progress)})" if j.progress else "") for j in result.jobs)))
    buttons = []
    if result.mlflow_ui_url and result.experiment_id:
        buttons.append(Button(text="Open in MLflow", action_id="mlops_open_mlflow",
                              url=f"{result.mlflow_ui_url.rstrip('/')}/#/models/{result.model}"))
    prod = f"v{result.production}" if result.production else "none"
    chal = f"v{result.challenger}" if result.challenger else "none"
    return Message(title=f"Status of {result.model}", summary=f"*{result.model}*: production *{prod}*, challenger *{chal}*, "
                   f"{result.total_versions} versions.", sections=sections, buttons=buttons,
                   context=[result.description] if result.description else [])


@renders("tools.catalog.cancel:CancelOut")
def _cancel(result: CancelOut) -> Message:
    what = f"job `{result.job}` ({result.tool}" + (f" {result.model})" if result.model else ")")
    if result.status == "cancelled":
        return Message(title="Cancelled", summary=f":no_entry_sign: Cancelled {what} before it started; nothing was changed.")
    return Message(title="Stopping", summary=f":octagonal_sign: Asked {what} to stop; it stops at its next step "
                   "and registers nothing.")


@renders("tools.catalog.history:HistoryOut")
def _history(result: HistoryOut) -> Message:
    table = Table(header=["when (UTC)", "action", "who", "change", "outcome", "detail"], rows=[
        [f"{e.at:%Y-%m-%d %H:%M}", e.action, e.actor, _change(e.from_version, e.to_version), _outcome(e.outcome, e.source),
         (e.detail or "")[:60]] for e in result.entries], align=["l"] * 6)
    if not result.entries:
        return Message(title=f"History of {result.model}", summary="Nothing has happened to this model yet.")
    recovered = any(e.source != "audit" for e in result.entries)
    note = [f"{RECOVERED_MARK} recovered from the MLflow model's tags: the bot's audit log has no record of it."] if recovered else []
    return Message(title=f"History of {result.model}", summary=f"Last {len(result.entries)} actions on *{result.model}*, newest first.",
                   sections=[Section(table=table)], context=note)


RECOVERED_MARK = "†"


def _outcome(outcome: str, source: str) -> str:
    return outcome if source == "audit" else f"{outcome} {RECOVERED_MARK}"


def _change(a: int | None, b: int | None) -> str:
    if b is None:
        return ""
    return f"v{a} → v{b}" if a else f"→ v{b}"


def _move_line(plan: Plan) -> str:
    a = plan.from_version
    return f"*{plan.model}* production {'v' + str(a) if a else '(none)'} → *v{plan.to_version}*."


def _plan_sections(plan: Plan) -> list[Section]:
    """The gate and, for a forced deploy or a move with a reason, why: taken whole from the plan."""
    lines = _gate_lines(plan.gate) if plan.gate is not None else []
    if plan.forced:
        lines.append(f"*Forced by an admin*: {plan.reason}")
    elif plan.reason:
        lines.append(f"*Reason*: {plan.reason}")
    return [Section(text="\n".join(lines))] if lines else []


def _gate_lines(gate: GateResult) -> list[str]:
    champion = f" vs production {fmt(gate.champion)}" if gate.champion is not None else " (first deploy)"
    verdict = ":white_check_mark: passes the gate" if gate.passed else ":warning: *fails the gate*"
    lines = [f"{verdict}: {gate.metric} {fmt(gate.candidate)}{champion} on {gate.rows} held-out rows."]
    # With no production version there is nothing to beat: only the floor applies to a first deploy.
    rules = [f"beat production by {gate.min_improvement:g}"] if gate.champion is not None else []
    if gate.min_metric is not None:
        rules.append(f"{gate.metric} {'≥' if gate.greater_is_better else '≤'} {gate.min_metric:g}")
    if rules:
        lines.append("Rules: " + ", ".join(rules) + ".")
    lines += [f"• {r}" for r in gate.reasons]
    return lines


def _positive(label: object) -> list[str]:
    """Which class roc_auc and f1 are about, for a binary model; the label is the data's text."""
    return [] if label is None else [f"Positive class: {escape(str(label))}"]


def _online_section(plan: Plan) -> list[Section]:
    return [Section(text=f":bar_chart: {plan.online}")] if plan.online else []


def _primary_first(values: dict[str, float], primary: str) -> list[tuple[str, float]]:
    return sorted(values.items(), key=lambda kv: (kv[0] != primary, kv[0]))


def as_json(outcome: Outcome) -> str:
    if outcome.status in ("refused", "failed"):
        return json.dumps({"error": outcome.message, "code": outcome.code or outcome.status, "ref": outcome.ref})
    payload = outcome.result if outcome.result is not None else outcome.approval
    return payload.model_dump_json(indent=2, exclude={"bootstrap_deltas"}) if payload else "{}"


@renders("pipelines.monitor:DriftCheck")
def _drift(result: DriftCheck) -> Message:
    from pathlib import Path

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


def _is_file(path: object) -> bool:
    try:
        return path.is_file()  # type: ignore[attr-defined]
    except OSError:  # a name too long for the file system is no chart either
        return False


def _stat(f: FeatureDrift) -> str:
    if f.p_value is not None:
        return f"p={f.p_value:.3g}"
    return fmt(f.statistic, 3)


def _lock_line(plan: UnlockPlan) -> str:
    owner = {True: "its process is still running", False: "its process is gone",
             None: "its process is on another host"}[plan.owner_alive]
    beat = f"; {plan.stale}" if plan.stale else f"; last heartbeat {plan.heartbeat_at:%H:%M:%S} UTC"
    return (f"*{plan.model}* is locked by *{plan.tool}* of {plan.holder} since {plan.since:%H:%M:%S} UTC "
            f"({plan.owner or 'owner unknown'}): {owner}{beat}.")


@renders("tools.catalog.unlock:UnlockPlan")
def _unlock_plan(plan: UnlockPlan) -> Message:
    warn = "" if plan.stale else "\n:warning: The holder looks alive: its work goes on and will record its result."
    reason = f" Reason: {plan.reason}" if plan.reason else ""
    return Message(title=f"Unlock {plan.model}?", summary=_lock_line(plan) + reason + warn)


@renders("tools.catalog.unlock:UnlockResult")
def _unlock(result: UnlockResult) -> Message:
    runs = (f" MLflow run {', '.join(f'`{r[:12]}`' for r in result.failed_runs)} marked FAILED."
            if result.failed_runs else "")
    return Message(title=f"Unlocked {result.model}",
                   summary=f":unlock: Released. {_lock_line(result)}{runs}",
                   context=[f"reason: {result.reason}"] if result.reason else [])


from bot.render import monitoring  # noqa: E402,F401 - registers the monitoring tools' renderers
from bot.render import online as _online  # noqa: E402,F401 - registers the online-test renderers
