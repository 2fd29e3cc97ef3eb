"""The scheduler's jobs (referenced by import path from the job store) and how their findings reach Slack."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.post import post, update
from bot.render.alerts import follow_up_message, incident_message, resolution_message, resolved_parent
from bot.render.results import render_outcome
from bot.work import carrier, runner
from tools import alerting, retraining
from tools.dispatch import Outcome

if TYPE_CHECKING:
    from bot.runtime import Runtime
    from bot.scheduler import Scheduler

log = logging.getLogger("mlops.scheduler")
_active: Scheduler | None = None


def attach(scheduler: Scheduler) -> None:
    global _active
    _active = scheduler


def detach(scheduler: Scheduler) -> None:
    global _active
    if _active is scheduler:
        _active = None


def sync_job() -> None:
    if _active is not None:
        _active.sync()


def check_job(model: str) -> None:
    """One model's tick; whatever goes wrong stays with this model, the other models' jobs run on."""
    scheduler = _active
    if scheduler is None or not scheduler.active:
        return
    rt = scheduler.rt
    try:
        result = alerting.tick(rt.ctx, model, run=runner(rt))  # on the executor, as a slash command's check
    except Exception:  # a bug or an outage outside dispatch: logged; the next tick tries again
        log.exception("monitoring check of %s failed", model)
        return
    for notice in result.notices:
        try:
            publish(rt, notice)
        except Exception:  # Slack unreachable after its retries: the incident stays in the DB and on App Home
            log.exception("could not post %s of incident %s", notice.kind, notice.incident.id)
    if result.retrain is not None:
        run_retrain(rt, model, reason=result.retrain)


def publish(rt: Runtime, notice: alerting.Notice) -> None:
    incident = notice.incident
    url = rt.ctx.paths.mlflow_ui_url
    if notice.kind == "open":
        if not incident.channel:
            log.warning("incident %s of %s has no channel to post in", incident.id, incident.model)
            return
        response_ts, channel = _post_in_channel(rt, incident.channel, incident_message(incident, check=notice.check,
                                                                                       mlflow_ui_url=url))
        if response_ts:
            rt.ctx.state.attach_incident_message(incident.id, channel=channel, message_ts=response_ts)
        return
    if not incident.channel or not incident.message_ts:
        return
    if notice.kind == "follow_up":
        post(rt.web, incident.channel, follow_up_message(incident, notice.previous_severity), thread_ts=incident.message_ts)
        rt.ctx.state.posted(incident.id, incident.severity)
    else:
        post(rt.web, incident.channel, resolution_message(incident), thread_ts=incident.message_ts)
        update(rt.web, incident.channel, incident.message_ts, resolved_parent(incident, mlflow_ui_url=url))


def run_retrain(rt: Runtime, model: str, *, reason: str) -> None:
    """The continuous-training loop, reported step by step in the incident's thread."""
    ctx = rt.ctx
    monitor = ctx.state.monitor(model)
    if monitor is None:
        return
    thread = _thread_for(rt, model, reason=reason, channel=monitor.settings.channel)

    def say(outcome: Outcome) -> None:
        if thread is None:
            return
        message = render_outcome(outcome)
        message.context.append("by the scheduler (continuous training policy)")
        post(rt.web, thread[0], message, thread_ts=thread[1])

    def notify(notice: alerting.Notice) -> None:
        try:
            publish(rt, notice)
        except Exception:  # Slack unreachable after its retries: the incident stays in the DB and on App Home
            log.exception("could not post %s of incident %s", notice.kind, notice.incident.id)

    try:
        retraining.retrain(ctx, model, auto_deploy=monitor.settings.auto_deploy, say=say, notify=notify,
                           run=runner(rt), carry_out=carrier(rt))
    except Exception:
        log.exception("continuous training of %s failed", model)


def _thread_for(rt: Runtime, model: str, *, reason: str, channel: str | None) -> tuple[str, str] | None:
    """(channel, ts) to report in: the open drift incident, else a message of its own for new data."""
    incident = rt.ctx.state.open_incident_for(model, "drift")
    if incident is not None and incident.channel and incident.message_ts:
        return incident.channel, incident.message_ts
    if not channel:
        return None
    from bot.render.message import Message

    why = "New training data" if reason == "new_data" else "Drift"
    ts, channel_id = _post_in_channel(rt, channel, Message(
        title=f"Retraining {model}", summary=f":arrows_counterclockwise: {why} for *{model}*: validating the data, "
        "training a challenger and comparing it with production (continuous training policy)."))
    return (channel_id, ts) if ts else None


def _post_in_channel(rt: Runtime, channel: str, message: object) -> tuple[str | None, str]:
    """Post and return (ts, channel id): Slack answers a #name with the id that chat.update needs."""
    response = rt.web.chat_postMessage(channel=channel, text=message.fallback(), blocks=message.to_blocks(),  # type: ignore[attr-defined]
                                       unfurl_links=False)
    ts, channel_id = response.get("ts"), response.get("channel") or channel
    from bot.post import upload_images

    upload_images(rt.web, channel_id, message, thread_ts=ts)  # type: ignore[arg-type]
    return ts, channel_id
