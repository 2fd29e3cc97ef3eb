"""An incident as Slack messages: the one channel message with buttons, thread follow-ups, the resolution with
its postmortem; and the daily digest of low-severity notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.slack import actions
from bot.slack.render.escape import join, md
from bot.slack.render.format import fmt
from bot.slack.render.message import Button, Message, Section, Table
from bot.slack.render.monitoring import SEVERITY_ICON, postmortem_sections
from tools.catalog.check import MonitorCheck
from tools.monitoring.aliases import AliasMove
from tools.monitoring.digest import Digest
from tools.monitoring.quiet import QuietSummary
from tools.state import Incident

FEEDBACK = (actions.ALERT_USEFUL, actions.ALERT_NOISE)
KIND_TITLE = {"drift": "drift", "monitoring": "monitoring is failing", "data": "data validation failed"}


def incident_message(incident: Incident, *, check: MonitorCheck | None = None, mlflow_ui_url: str | None = None) -> Message:
    d = incident.details
    icon = SEVERITY_ICON.get(incident.severity, "")
    version = f" · production *v{incident.version}*" if incident.version else ""
    summary = f"{icon} *{incident.severity.upper()}* · *{incident.model}*{version}\n{incident.summary}"
    sections: list[Section] = []
    if d.get("top"):
        sections.append(Section(text="*Top drifted features*", table=Table(
            header=["feature", "test", "statistic", "PSI", ""],
            rows=[[str(f["column"])[:28], f["method"], _stat(f), fmt(f.get("psi"), 3), "DRIFT" if f["drifted"] else "ok"]
                  for f in d["top"]], align=["l", "l", "r", "r", "l"])))
    perf = d.get("performance")
    if perf:
        sections.append(Section(text=f"*{perf['metric']}* now {fmt(perf['now'])} vs {fmt(perf['at_training'])} at "
                                f"training ({perf['change']:+.4f}; allowed drop {perf['max_drop']:g})."))
    context = [f"incident #{incident.id} · opened {incident.opened_at:%Y-%m-%d %H:%M} UTC"
               + (f" · live window {d['window']} ({d['rows']} rows)" if d.get("window") else "")]
    buttons = []
    if incident.kind == "drift":
        value = str(incident.id)
        buttons += [Button(text="Why?", action_id=actions.ALERT_WHY, value=value),
                    Button(text="Retrain", action_id=actions.ALERT_RETRAIN, value=value, style="primary"),
                    Button(text="Compare", action_id=actions.ALERT_COMPARE, value=value)]
    buttons.append(Button(text="Snooze 24h", action_id=actions.ALERT_SNOOZE, value=str(incident.id)))
    buttons += feedback_buttons(incident)
    if mlflow_ui_url:
        buttons.append(Button(text="Open in MLflow", action_id=actions.OPEN_MLFLOW,
                              url=f"{mlflow_ui_url.rstrip('/')}/#/models/{incident.model}"))
    images = []
    if check is not None and check.drift.chart_path and Path(check.drift.chart_path).is_file():
        images.append(Path(check.drift.chart_path))
    return Message(title=f"{_plain_icon(incident.severity)} {incident.model}: {KIND_TITLE[incident.kind]}",
                   summary=summary, sections=sections, context=context, buttons=buttons, images=images)


def alias_moved_message(move: AliasMove, *, mlflow_ui_url: str | None = None) -> Message:
    """A registry alias moved outside the bot: which, from what to what, by whom where MLflow knows."""
    before = f"v{move.from_version}" if move.from_version is not None else "(none)"
    after = f"v{move.to_version}" if move.to_version is not None else "(deleted)"
    who = move.by or "unknown (MLflow does not record who moves an alias on this store)"
    buttons = []
    if mlflow_ui_url:
        buttons.append(Button(text="Open in MLflow", action_id=actions.OPEN_MLFLOW,
                              url=f"{mlflow_ui_url.rstrip('/')}/#/models/{move.model}"))
    return Message(title=f"{move.model}: {move.alias} moved outside the bot",
                   summary=md(":warning: *{}* alias *{}* moved {} → {}: moved outside the bot.", move.model, move.alias,
                              before, after),
                   sections=[Section(text=md("By: {}. It is in `history {}` and the audit log, marked external.", who,
                                             move.model))],
                   context=[f"noticed {move.at:%Y-%m-%d %H:%M:%S} UTC by the alias watch"], buttons=buttons)


def follow_up_message(incident: Incident, previous: str | None) -> Message:
    icon = SEVERITY_ICON.get(incident.severity, "")
    return Message(title=f"{incident.model}: severity {previous} → {incident.severity}",
                   summary=f"{icon} Severity changed from *{previous}* to *{incident.severity}*: {incident.summary}")


def resolution_message(incident: Incident) -> Message:
    """The resolution in the incident's thread, with its postmortem (timeline, TTA, TTR, root cause, versions)."""
    return Message(title=f"Resolved: {incident.model} {KIND_TITLE[incident.kind]}",
                   summary=f":white_check_mark: Resolved at {incident.resolved_at:%Y-%m-%d %H:%M} UTC: the latest "
                           f"check of *{incident.model}* is healthy again.",
                   sections=postmortem_sections(incident.postmortem) if incident.postmortem else [],
                   context=[f"`incident {incident.id}` shows this postmortem again"] if incident.postmortem else [])


def digest_message(digest: Digest) -> Message:
    """A channel's daily digest: each drift without measured impact since the last one, and where it stands."""
    lines = []
    for note in digest.notes:
        incident = digest.incidents.get(note.incident_id)
        state = ("paged since" if incident.message_ts else "open") if incident and incident.status == "open" else "resolved"
        lines.append(md("{} *{}* #{} · {:%a %H:%M} UTC · {}\n      {}\n      _{}_", SEVERITY_ICON["low"], note.model,
                        note.incident_id, note.at, state, note.summary[:300], note.reason[:300]))
    return Message(title=f"Daily digest: {len(digest.notes)} note(s) of {', '.join(digest.models)}",
                   summary=md(":memo: *Daily digest* · {} drift note(s) without measured impact on performance, "
                              "not paged: {}.", len(digest.notes), ", ".join(digest.models)),
                   sections=[Section(text=join("\n", lines))],
                   context=["a drop of performance past the severity policy pages at once; `monitors` shows the "
                            "policy, `incident <id>` one incident"])


def resolved_parent(incident: Incident, *, mlflow_ui_url: str | None = None) -> Message:
    """The channel message, updated in place once the incident is resolved: same facts, no action buttons."""
    message = incident_message(incident, mlflow_ui_url=mlflow_ui_url)
    message.title = f"Resolved: {incident.model} {KIND_TITLE[incident.kind]}"
    message.summary = md(":white_check_mark: *RESOLVED* at {:%Y-%m-%d %H:%M} UTC · was {} · {}", incident.resolved_at,
                         incident.severity, incident.summary)
    message.buttons = [b for b in message.buttons if b.url or b.action_id in FEEDBACK]  # was it worth the page?
    return message


def feedback_buttons(incident: Incident) -> list[Button]:
    """Useful / Noise: every alert's, so `monitors` can show each monitor's noise rate."""
    return [Button(text="Useful", action_id=actions.ALERT_USEFUL, value=str(incident.id)),
            Button(text="Noise", action_id=actions.ALERT_NOISE, value=str(incident.id))]


def quiet_summary_message(summary: QuietSummary) -> Message:
    """One message when a quiet time ends: each incident that spoke in it, what it said, and where it stands."""
    lines = []
    for incident_id, incident in sorted(summary.incidents.items()):
        steps = []
        for h in (h for h in summary.held if h.incident_id == incident_id):
            verb = {"open": "opened", "follow_up": "became", "resolve": "resolved"}.get(h.kind, h.kind)
            steps.append(f"{verb} {h.severity if h.kind != 'resolve' else ''}".strip() + f" {h.at:%a %H:%M}")
        state = "still open: its alert follows" if incident.status == "open" and not incident.message_ts else (
            "still open" if incident.status == "open" else "resolved")
        lines.append(md("{} *{}* {} #{}: {} · {}\n      {}", SEVERITY_ICON.get(incident.severity, ""), incident.model,
                        KIND_TITLE[incident.kind], incident.id, " → ".join(steps), state, incident.summary[:200]))
    models = sorted({h.model for h in summary.held})
    return Message(title=f"While quiet: {len(summary.incidents)} incident(s) of {', '.join(models)}",
                   summary=md(":zzz: While {} ({}), since {:%Y-%m-%d %H:%M} UTC: {} notice(s) held for {} "
                              "incident(s), nothing posted. Checks ran as usual.", ", ".join(models),
                              "; ".join(summary.reasons), summary.since, len(summary.held), len(summary.incidents)),
                   sections=[Section(text=join("\n", lines))] if lines else [],
                   context=["the quiet time has ended; later findings are posted as usual"])


def _stat(f: dict[str, Any]) -> str:
    return f"p={f['p_value']:.3g}" if f.get("p_value") is not None else fmt(f.get("statistic"), 3)


def _plain_icon(severity: str) -> str:
    return {"low": "🔵", "medium": "🟡", "high": "🟠", "critical": "🔴"}.get(severity, "")
