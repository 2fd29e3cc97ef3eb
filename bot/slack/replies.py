"""A call from Slack, after the ack: dispatch it (checked, then run on the executor), then say what came of it.

A slow tool gets one "Working…" message when its job is queued, updated with progress and then with the
result; a refusal is told only to the person who asked; an approval request is posted for everyone to see.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from bot.slack.post import ephemeral, post, update
from bot.slack.render import render_outcome
from bot.slack.render.escape import escape, md, mention
from bot.slack.render.message import Message
from bot.slack.runtime import SlackRuntime
from tools.access import Caller
from tools.catalog import all_tools
from tools.dispatch import dispatch
from tools.errors import failure
from tools.outcome import Outcome
from tools.parse import ToolCall
from tools.state.jobs import Job
from tools.state.records import LeaseInfo
from tools.work import jobs
from tools.work.jobs import Origin

log = logging.getLogger("mlops.slack")
PROGRESS_EVERY_S = 2.0  # Slack rate-limits chat.update to about one a second per channel


def run_call(rt: SlackRuntime, call: ToolCall, *, text: str, channel: str, user: str,
             thread_ts: str | None = None) -> None:
    """Run one tool call for a Slack user and post what came of it; never raises into the pool."""
    try:
        _run(rt, call, text=text, channel=channel, user=user, thread_ts=thread_ts)
    except Exception as exc:  # Slack API trouble after the work: logged, and the user hears something went wrong
        told = failure(exc, log=log, doing=f"posting the result of {text!r}")
        try:
            rt.web.chat_postEphemeral(channel=channel, user=user, text=f"{escape(told.message)} (`{escape(text)}`)")
        except Exception:  # the channel itself may be unreachable; the log has it
            log.exception("could not tell %s either", user)


def _run(rt: SlackRuntime, call: ToolCall, *, text: str, channel: str, user: str, thread_ts: str | None) -> None:
    working: list[tuple[str, str]] = []  # the "Working…" message (ts, job id), once posted
    origin = Origin(text=text, channel=channel, thread_ts=thread_ts)

    def on_job(job: Job) -> None:
        if all_tools()[job.tool].slow:
            ts = post(rt.web, channel, _working(text, user, job.id), thread_ts=thread_ts)
            if ts:
                working.append((ts, job.id))
                rt.ctx.state.attach_job_message(job.id, channel=channel, message_ts=ts)

    def progress(line: str) -> None:
        if working:
            ts, job_id = working[0]
            update(rt.web, channel, ts, _working(text, user, job_id, line))

    outcome = dispatch(rt.ctx, call.tool, call.args, Caller(user_id=user, surface="slack", channel=channel),
                       executor=rt.executor, origin=origin, on_job=on_job, progress=_throttled(progress))
    deliver(rt, outcome, channel=channel, user=user, text=text, thread_ts=thread_ts,
            progress_ts=working[0][0] if working else None)


def resume(rt: SlackRuntime, job: Job) -> None:
    """Follow a job this process did not submit (the process that did restarted) and post its outcome as usual."""
    try:
        text, user = job.text or job.tool, job.user_id
        channel, ts = job.channel or "", job.message_ts

        def progress(line: str) -> None:
            if ts:
                update(rt.web, channel, ts, _working(text, user, job.id, line))

        outcome = jobs.follow(rt.ctx, job.id, None, on_progress=_throttled(progress))
        deliver(rt, outcome, channel=job.channel or "", user=user, text=text, thread_ts=job.thread_ts,
                progress_ts=job.message_ts)
    except Exception:  # see run_call
        log.exception("following adopted job %s failed", job.id)


def adopt(rt: SlackRuntime) -> list[Job]:
    """At start: follow and report the jobs a process that is gone left (tools/work/jobs.adoptable)."""
    adopted = jobs.adoptable(rt.ctx, rt.executor)
    for job in adopted:
        rt.submit(resume, job)
    return adopted


def deliver(rt: SlackRuntime, outcome: Outcome, *, channel: str, user: str, text: str, thread_ts: str | None,
            progress_ts: str | None) -> None:
    message = render_outcome(outcome)
    if outcome.code == "cancelled" and progress_ts:  # the channel saw it start, so it sees it stop
        update(rt.web, channel, progress_ts, Message(title=f"Cancelled: {text}", summary=f":no_entry_sign: {outcome.message or ''}"))
        return
    if outcome.status in ("refused", "failed"):
        if progress_ts:
            rt.web.chat_delete(channel=channel, ts=progress_ts)
        ephemeral(rt.web, channel, user, message, thread_ts=thread_ts)
    elif outcome.status == "needs_approval" and outcome.approval is not None:
        if progress_ts:
            rt.web.chat_delete(channel=channel, ts=progress_ts)
        ts = post(rt.web, channel, message, thread_ts=thread_ts)
        if ts:
            rt.ctx.state.attach_message(outcome.approval.approval_id, channel=channel, message_ts=ts)
    elif progress_ts:
        message.context.append(md("requested by {}: `{}`", mention(user), text))
        update(rt.web, channel, progress_ts, message)
    else:
        post(rt.web, channel, message, thread_ts=thread_ts)


def interrupted(rt: SlackRuntime, lease: LeaseInfo, what: str) -> None:
    """A dead job's "Working…" message, found on its lease when the lease is taken over: say what became of it."""
    notice = lease.notice or {}
    if notice.get("channel") and notice.get("ts"):
        update(rt.web, notice["channel"], notice["ts"], Message(
            title=f"Interrupted: {notice.get('text', lease.purpose)}",
            summary=f":x: This did not finish: {what}. Nothing more will happen; run it again if needed."))


def _working(text: str, user: str, job_id: str, line: str | None = None) -> Message:
    summary = md(":hourglass_flowing_sand: {} ran `{}` (job `{}`; `/mlops cancel {}` stops it){}", mention(user), text,
                 job_id, job_id, f"\n… {line}" if line else "…")
    return Message(title=f"Working: {text}", summary=summary)


def _throttled(fn: Callable[[str], Any]) -> Callable[[str], None]:
    """At most one progress update every PROGRESS_EVERY_S: chat.update is rate-limited."""
    last = [0.0]

    def throttled(line: str) -> None:
        if time.monotonic() - last[0] >= PROGRESS_EVERY_S:
            last[0] = time.monotonic()
            fn(line)

    return throttled
