"""What the monitors find, told in Slack: one message per incident, follow-ups and the resolution (with its
postmortem) in its thread, one summary when a quiet time ends, one digest a day of the low-severity notes, and
continuous training reported step by step in the incident's thread."""

from __future__ import annotations

import logging

from bot.slack.post import post, post_in_channel, update
from bot.slack.render import render_outcome
from bot.slack.render.alerts import (
    alias_moved_message,
    digest_message,
    follow_up_message,
    incident_message,
    quiet_summary_message,
    resolution_message,
    resolved_parent,
)
from bot.slack.render.message import Message
from bot.slack.runtime import SlackRuntime
from tools.monitoring import retraining
from tools.monitoring.aliases import AliasMove
from tools.monitoring.alerting import Notice
from tools.monitoring.digest import Digest
from tools.monitoring.quiet import QuietSummary
from tools.outcome import Outcome

log = logging.getLogger("mlops.scheduler")


class SlackReporter:
    """The scheduler's reporter (tools/monitoring/scheduler.Reporter) for a Slack runtime."""

    def __init__(self, rt: SlackRuntime) -> None:
        self.rt = rt

    def publish(self, notice: Notice) -> None:
        rt, incident = self.rt, notice.incident
        url = rt.ctx.paths.mlflow_ui_url
        if notice.kind == "open":
            if not incident.channel:
                log.warning("incident %s of %s has no channel to post in", incident.id, incident.model)
                return
            ts, channel = post_in_channel(rt.web, incident.channel,
                                          incident_message(incident, check=notice.check, mlflow_ui_url=url))
            if ts:
                rt.ctx.state.attach_incident_message(incident.id, channel=channel, message_ts=ts)
            return
        if not incident.channel or not incident.message_ts:
            return
        if notice.kind == "follow_up":
            post(rt.web, incident.channel, follow_up_message(incident, notice.previous_severity),
                 thread_ts=incident.message_ts)
            rt.ctx.state.posted(incident.id, incident.severity)
        else:
            post(rt.web, incident.channel, resolution_message(incident), thread_ts=incident.message_ts)
            update(rt.web, incident.channel, incident.message_ts, resolved_parent(incident, mlflow_ui_url=url))

    def alias_moved(self, move: AliasMove) -> None:
        """An alias moved outside the bot: told in the model's alert channel (it is audited either way)."""
        if not move.channel:
            log.warning("%s of %s moved outside the bot, and the model has no alert channel", move.alias, move.model)
            return
        post_in_channel(self.rt.web, move.channel, alias_moved_message(move, mlflow_ui_url=self.rt.ctx.paths.mlflow_ui_url))

    def quiet_summary(self, summary: QuietSummary) -> None:
        """A quiet time ended: one message in the channel of what was held (the still-open alerts follow)."""
        post_in_channel(self.rt.web, summary.channel, quiet_summary_message(summary))

    def digest(self, digest: Digest) -> None:
        """The daily digest of a channel's low-severity notes: one message."""
        post_in_channel(self.rt.web, digest.channel, digest_message(digest))

    def retrain(self, model: str, *, reason: str) -> None:
        """The continuous-training loop, reported step by step in the incident's thread."""
        ctx = self.rt.ctx
        monitor = ctx.state.monitor(model)
        if monitor is None:
            return
        thread = self._thread_for(model, reason=reason, channel=monitor.settings.channel)

        def say(outcome: Outcome) -> None:
            if thread is None:
                return
            message = render_outcome(outcome)
            message.context.append("by the scheduler (continuous training policy)")
            post(self.rt.web, thread[0], message, thread_ts=thread[1])

        def notify(notice: Notice) -> None:
            try:
                self.publish(notice)
            except Exception:  # Slack unreachable after its retries: the incident stays in the DB and on App Home
                log.exception("could not post %s of incident %s", notice.kind, notice.incident.id)

        retraining.retrain(ctx, model, auto_deploy=monitor.settings.auto_deploy, say=say, notify=notify,
                           executor=self.rt.executor)

    def _thread_for(self, model: str, *, reason: str, channel: str | None) -> tuple[str, str] | None:
        """(channel, ts) to report in: the open drift incident, else a message of its own for new data."""
        incident = self.rt.ctx.state.open_incident_for(model, "drift")
        if incident is not None and incident.channel and incident.message_ts:
            return incident.channel, incident.message_ts
        if not channel:
            return None
        why = "New training data" if reason == "new_data" else "Drift"
        ts, channel_id = post_in_channel(self.rt.web, channel, Message(
            title=f"Retraining {model}", summary=f":arrows_counterclockwise: {why} for *{model}*: validating the data, "
            "training a challenger and comparing it with production (continuous training policy)."))
        return (channel_id, ts) if ts else None
