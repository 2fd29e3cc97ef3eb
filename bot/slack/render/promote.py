"""Renderers of production moves: the deploy / rollback plan, its Approve / Cancel message, the move's result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.slack import actions
from bot.slack.render.escape import md, mention
from bot.slack.render.format import fmt
from bot.slack.render.message import Button, Message, Section
from bot.slack.render.registry import RENDERERS, render, renders

if TYPE_CHECKING:
    from pipelines.promote import GateResult, MoveResult, Plan
    from tools.catalog.approval import ApprovalState
    from tools.outcome import ApprovalRequest


@renders("tools.catalog.approval:ApprovalState")
def _approval_state(state: ApprovalState) -> Message:
    icon = {"pending": ":hourglass:", "approved": ":gear:", "done": ":white_check_mark:", "failed": ":x:",
            "cancelled": ":no_entry_sign:", "expired": ":hourglass:"}.get(state.status, ":grey_question:")
    decided = (md(" · {} by {} at {:%Y-%m-%d %H:%M} UTC", state.status, mention(state.decided_by), state.decided_at)
               if state.decided_by and state.decided_at else "")
    sections = [Section(text=md("*Outcome:* {}", state.outcome))] if state.outcome else []
    return Message(title=f"Approval {state.approval_id}: {state.status}",
                   summary=md("{} {} — asked by {} ({}){}", icon, state.change, mention(state.requested_by),
                              state.surface, decided),
                   sections=sections,
                   context=[f"expires {state.expires_at:%Y-%m-%d %H:%M} UTC"
                            + (f" · change {state.digest}" if state.digest else "")])


@renders("pipelines.promote:Plan")
def _plan(plan: Plan) -> Message:
    return Message(title=f"{plan.action.title()} {plan.model}?", summary=_move_line(plan),
                   sections=_plan_sections(plan) + _online_section(plan))


def render_approval(request: ApprovalRequest) -> Message:
    from pipelines.promote import Plan

    plan = request.plan
    asker = mention(request.requested_by)
    if isinstance(plan, Plan):
        summary = md(":raised_hand: {} asks to {}: {}", asker, plan.action, _move_line(plan))
        sections = _plan_sections(plan) + _online_section(plan)
        title = f"Approve {plan.action} of {plan.model}?"
    elif plan is not None and any(cls in RENDERERS for cls in type(plan).__mro__):
        shown = render(plan)
        summary = md(":raised_hand: {} asks: {}", asker, shown.summary)
        sections, title = shown.sections, f"Approve: {shown.title}"
    else:
        args = ", ".join(f"{k}={v}" for k, v in request.args.items() if v not in (None, {}, ""))
        summary = md(":raised_hand: {} asks to run *{}* ({}).", asker, request.tool, args)
        sections, title = [], f"Approve {request.tool}?"
    return Message(
        title=title, summary=summary, sections=sections,
        context=[f"Expires {request.expires_at:%H:%M} UTC · "
                 + ("someone other than the requester with the right role must approve"
                    if request.two_person else "only people with the right role can approve")
                 + f" · ref {request.approval_id}" + (f" · change {request.digest}" if request.digest else "")],
        buttons=[Button(text="Approve", action_id=actions.APPROVE, value=request.approval_id, style="primary"),
                 Button(text="Cancel", action_id=actions.CANCEL, value=request.approval_id, style="danger")],
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
        context=[md("by {} at {:%Y-%m-%d %H:%M} UTC · `/mlops rollback {}` undoes it", mention(result.by), result.at,
                    result.model)],
    )


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


def _online_section(plan: Plan) -> list[Section]:
    return [Section(text=f":bar_chart: {plan.online}")] if plan.online else []
