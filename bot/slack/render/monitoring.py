"""Renderers for the monitoring tools: monitor, monitors, check, alerts, rate, snooze, validate."""

from __future__ import annotations

from bot.slack.render.escape import Mrkdwn, Text, channel, join, md, mention
from bot.slack.render.format import fmt
from bot.slack.render.message import Message, Section, Table
from bot.slack.render.registry import render, renders
from tools.catalog.alerts import AlertsOut, IncidentOut, RateAlertOut
from tools.catalog.check import MonitorCheck
from tools.catalog.monitor import MonitorOut, MonitorPlan
from tools.catalog.monitors import MonitorsOut, QuietShown, SeverityShown
from tools.catalog.snooze import SnoozeOut
from tools.catalog.validate import ValidateOut
from tools.monitoring.noise import AlertStats
from tools.monitoring.postmortem import Postmortem, duration
from tools.monitoring.settings import MonitorSpec
from tools.state import Incident, Monitor

SEVERITY_ICON = {"low": ":large_blue_circle:", "medium": ":large_yellow_circle:", "high": ":large_orange_circle:",
                 "critical": ":red_circle:"}


def where(channel_id: str | None) -> Mrkdwn:
    """A channel as a link when it is an id, else as the text given (a #name stays text)."""
    return channel(channel_id) if channel_id else Mrkdwn("—")


def policy(settings: MonitorSpec) -> str:
    parts = [f"every {settings.every}", f"window {settings.window}", f"cooldown {settings.cooldown}",
             f"on drift: {settings.on_drift}", f"on new data: {settings.on_new_data}"]
    if settings.auto_deploy:
        parts.append("auto-deploy through the gate")
    if settings.materialize:
        parts.append("materialize features first")
    return ", ".join(parts)


@renders(MonitorPlan)
def _plan(plan: MonitorPlan) -> Message:
    if plan.action == "stop":
        return Message(title=f"Stop monitoring {plan.model}?", summary=f"Stop the scheduled checks of *{plan.model}*.")
    verb = "Start" if plan.action == "start" else "Change"
    return Message(title=f"{verb} monitoring {plan.model}?",
                   summary=md("{} monitoring *{}*, alerts to {}: {}.", verb, plan.model, where(plan.after.channel),
                              policy(plan.after)))


@renders(MonitorOut)
def _monitor(result: MonitorOut) -> Message:
    m = result.monitor
    if m is None:
        return Message(title=f"Monitor of {result.model}", summary=f"*{result.model}* has no monitor. "
                       f"Start one: `/mlops monitor {result.model} every=1h`")
    lines = {"started": f":eyes: Monitoring *{m.model}* now", "changed": f":gear: Monitor of *{m.model}* changed",
             "stopped": f":octagonal_sign: Monitor of *{m.model}* stopped",
             "shown": f"Monitor of *{m.model}* is {'on' if m.enabled else 'off'}"}[result.action]
    summary = md("{}: {}; alerts to {}.", lines, policy(m.settings), where(m.settings.channel))
    sections = [Section(text=_last(m))]
    if result.open_incidents:
        sections.append(Section(text=md("*Open incidents*\n{}", join("\n", [incident_line(i) for i in result.open_incidents]))))
    return Message(title=f"Monitor of {result.model}", summary=summary, sections=sections,
                   context=[md("set by {} ({}) at {:%Y-%m-%d %H:%M} UTC", mention(m.set_by), m.surface, m.updated_at)])


@renders(MonitorsOut)
def _monitors(result: MonitorsOut) -> Message:
    lease = result.scheduler
    runner = (f"scheduler: `{lease.holder}` (heartbeat {lease.heartbeat_at:%H:%M:%S} UTC)" if lease
              else "scheduler: none running (start `mlops-bot serve` or `mlops-bot scheduler`)")
    if not result.monitors:
        return Message(title="Monitors", summary="No model is monitored. Start with `/mlops monitor <model> every=1h`.",
                       context=[runner])
    table = Table(header=["model", "every", "channel", "on drift", "last", "checks", "open", f"alerts {result.days}d",
                          "noise"], rows=[
        [m.model, m.settings.every if m.enabled else "off", m.settings.channel or "—", m.settings.on_drift,
         _result(m, result.quiet_now.get(m.model)), str(m.checks), str(result.open_incidents.get(m.model, 0)),
         str(result.alerts.get(m.model, AlertStats()).alerts), noise(result.alerts.get(m.model, AlertStats()))]
        for m in result.monitors],
        align=["l", "l", "l", "l", "l", "r", "r", "r", "r"])
    sections = [Section(table=table), Section(text=md("*Severity*: {}{}", severity_line(result.severity), (
        f" {result.notes_waiting} note(s) wait for the next digest." if result.notes_waiting else "")))]
    if result.quiet:
        sections.append(Section(text=md("*Quiet windows* (checks run, nothing posted, one summary after)\n{}",
                                        join("\n", [quiet_line(w) for w in result.quiet]))))
    quiet_now = [f"{model}: {why}" for model, why in sorted(result.quiet_now.items())]
    if quiet_now:
        sections.append(Section(text=md("*Quiet now*: {}", "; ".join(quiet_now))))
    return Message(title="Monitors", summary=f"*{len(result.monitors)}* monitored models.", sections=sections,
                   context=[runner, f"noise: alerts marked Noise (more Noise than Useful votes) of the rated ones, "
                                    f"over {result.days} days; the guide's Monitoring page says how to tune a noisy "
                                    "monitor"])


def noise(stats: AlertStats) -> str:
    """"40% of 5": the noise rate and how many alerts it rests on; "—" before anyone rated one."""
    return f"{stats.noise_rate:.0%} of {stats.rated}" if stats.noise_rate is not None else "—"


def severity_line(policy: SeverityShown) -> str:
    """The severity policy in one sentence."""
    drop = f"{policy.impact_drop:g}" if policy.impact_drop is not None else "the model's max_drop"
    unknown = "alerts" if policy.unknown_impact == "alert" else "is a note"
    return (f"a drop of the primary metric past {drop} (on labelled rows, else estimated by CBPE) pages at once; "
            f"a drift without that impact is a low note in the daily digest at {policy.digest_at} {policy.timezone}; "
            f"a drift whose impact cannot be measured {unknown}.")


def quiet_line(window: QuietShown) -> str:
    days = "every day" if len(window.days) == 7 else ", ".join(window.days)
    scope = f" · {', '.join(window.models)}" if window.models else ""
    return f"• {window.name}: {days} {window.start}–{window.end} {window.timezone}{scope}"


@renders(AlertsOut)
def _alerts(result: AlertsOut) -> Message:
    scope = f" of {result.model}" if result.model else ""
    if not result.incidents:
        return Message(title=f"Alerts{scope}", summary=":large_green_circle: No open incidents.")
    return Message(title=f"Alerts{scope}", summary=f"*{len(result.incidents)}* incident(s), newest first.",
                   sections=[Section(text=join("\n", [incident_line(i) for i in result.incidents]))])


@renders(IncidentOut)
def _incident(result: IncidentOut) -> Message:
    i = result.incident
    sections = []
    if i.acknowledged_at:
        sections.append(Section(text=md("Acknowledged by {} at {:%Y-%m-%d %H:%M} UTC.", mention(i.acknowledged_by or "?"),
                                        i.acknowledged_at)))
    if i.postmortem is not None:
        sections += postmortem_sections(i.postmortem)
    else:
        if i.root_cause is not None:
            sections.append(Section(text=md("*Root cause at opening*: {}", i.root_cause.verdict[:600])))
        if result.events:
            sections.append(Section(text=join("\n", [md("• {:%m-%d %H:%M} {} {}{}", e.at, mention(e.by), e.action,
                                                        f" ({e.detail})" if e.detail else "") for e in result.events])))
    return Message(title=f"Incident #{i.id}", summary=md("{}", incident_line(i)), sections=sections)


def postmortem_sections(pm: Postmortem) -> list[Section]:
    """A postmortem: times, timeline, the root cause ranking at opening, the versions involved."""
    times = md("*Postmortem* · time to acknowledge *{}* · time to resolve *{}*", duration(pm.time_to_acknowledge),
               duration(pm.time_to_resolve))
    if pm.acknowledged_by is None:
        times = md("{} (nobody acted on it before it resolved)", times)
    steps = join("\n", [md("• {:%m-%d %H:%M:%S} {}{}", s.at, s.what[:300],
                           md(" — {}", mention(s.by)) if s.by and s.by != "monitor" else "") for s in pm.timeline])
    sections = [Section(text=times), Section(text=md("*Timeline* (UTC)\n{}", steps))]
    cause = pm.root_cause
    if cause is not None and cause.features:
        sections.append(Section(text=md("*Root cause at opening* ({}): {}", cause.basis, cause.verdict[:500]), table=Table(
            header=["feature", "impact", "drift", "reliance"],
            rows=[[f.feature[:28], fmt(f.impact, 4), fmt(f.drift, 2), fmt(f.importance, 4)] for f in cause.features],
            align=["l", "r", "r", "r"])))
    elif cause is not None:
        sections.append(Section(text=md("*Root cause at opening*: {}", cause.verdict[:500])))
    versions = ", ".join(f"v{v}" for v in pm.versions) or "—"
    sections.append(Section(text=md("*Versions*: production v{} at opening, v{} at resolution; involved: {}",
                                    pm.production_at_open if pm.production_at_open is not None else "?",
                                    pm.production_at_resolve if pm.production_at_resolve is not None else "?", versions)))
    return sections


@renders(SnoozeOut)
def _snooze(result: SnoozeOut) -> Message:
    which = ", ".join(result.models) if result.model == "all" else result.model
    return Message(title=f"Snoozed {result.model}", summary=md(
        ":zzz: Alerts of *{}* are quiet until {:%Y-%m-%d %H:%M} UTC by {}: checks still run and incidents are "
        "recorded; one summary of what happened follows when it ends.", which, result.until, mention(result.by)))


@renders(RateAlertOut)
def _rate(result: RateAlertOut) -> Message:
    word = "useful" if result.verdict == "useful" else "noise"
    return Message(title=f"Incident #{result.incident} rated {word}", summary=md(
        "Thanks: you marked incident #{} of *{}* as *{}* ({} useful, {} noise so far). `monitors` shows each "
        "monitor's noise rate.", result.incident, result.model, word, result.useful, result.noise))


@renders(MonitorCheck)
def _check(result: MonitorCheck) -> Message:
    message = render(result.drift)
    message.title = f"Check of {result.model}"
    if result.severity:
        message.summary = md("{} *{}*: {}", SEVERITY_ICON.get(result.severity, ""), result.severity, message.summary)
    if result.impact is not None and result.impact.reason:
        message.sections.append(Section(text=md("*Severity from impact*: {}", result.impact.reason)))
    new = result.new_data
    if new is not None:
        text = (f"*New data*: the training source grew by {new.grew_by} rows" + (" and has newer rows" if new.newer else "")
                if new.triggered else f"*New data*: none since the last check ({new.now.rows} rows)"
                if new.before else f"*New data*: baseline taken ({new.now.rows} rows)")
        message.sections.append(Section(text=text))
    return message


@renders(ValidateOut)
def _validate(result: ValidateOut) -> Message:
    report = result.report
    if report.passed:
        return Message(title=f"Validation of {result.model}", summary=f":white_check_mark: {report.rows} rows "
                       f"({result.window}) pass the data validation gate on {report.columns_checked} columns.")
    return Message(title=f"Validation of {result.model}", summary=f":no_entry: {report.rows} rows ({result.window}) "
                   "*fail* the data validation gate; they will not be trained on.",
                   sections=[Section(text="\n".join(f"• {p}" for p in report.problems[:20]))])


def incident_line(i: Incident) -> str:
    """One incident on one line; plain text (escaped where it is shown), cut before escaping so no entity splits."""
    state = "open" if i.status == "open" else f"resolved {i.resolved_at:%m-%d %H:%M}" if i.resolved_at else i.status
    version = f" · production v{i.version}" if i.version else ""
    return (f"{SEVERITY_ICON.get(i.severity, '')} *{i.model}* {i.kind} ({i.severity}){version} · since "
            f"{i.opened_at:%m-%d %H:%M} UTC · {state} · {i.summary[:200]}")


def _last(m: Monitor) -> Text:
    if m.last_check_at is None:
        return "Not checked yet."
    text = f"Last check {m.last_check_at:%Y-%m-%d %H:%M:%S} UTC: {_result(m)}"
    if m.last_message:
        text += f" — {m.last_message[:300]}"
    if m.snoozed:
        return md("{}\nSnoozed until {:%Y-%m-%d %H:%M} UTC by {}.", text, m.snoozed_until, mention(m.snoozed_by or "?"))
    return text


def _result(m: Monitor, quiet: str | None = None) -> str:
    if m.snoozed:
        return f"{m.last_result or '—'} (snoozed)"
    if quiet:
        return f"{m.last_result or '—'} (quiet)"
    if m.last_result == "failed":
        return f"failed ×{m.failures}"
    return m.last_result or "—"
