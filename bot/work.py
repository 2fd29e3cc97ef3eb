"""The work a slash command, a mention or a button sets off, after the ack: hand it to the executor, then post.

The web process keeps only cheap steps: the precheck (so a refusal is instant and "Working…" is never posted for a
call that will be refused), the job row, following its progress, rendering and posting. The tool body, with the
whole of dispatch around it, runs in a worker (tools/worker.py).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from typing import Any, Literal

from bot.post import ephemeral, post, update
from bot.render.escape import escape, md, mention
from bot.render.message import Message
from bot.render.results import render_outcome
from bot.runtime import Runtime
from tools import jobs
from tools.access import Caller
from tools.dispatch import Outcome, confirm, dispatch, precheck
from tools.parse import ToolCall
from tools.registry import all_tools
from tools.state.jobs import Job
from tools.state.locks import LockInfo

log = logging.getLogger("mlops.slack")
PROGRESS_EVERY_S = 2.0  # Slack rate-limits chat.update to about one a second per channel


def run_call(rt: Runtime, call: ToolCall, *, text: str, channel: str, user: str, thread_ts: str | None = None) -> None:
    """Run one tool call for a Slack user and post what came of it; never raises into the pool."""
    try:
        _run(rt, call, text=text, channel=channel, user=user, thread_ts=thread_ts)
    except Exception:  # Slack API trouble after the work: logged, and the user hears something went wrong
        log.exception("posting the result of %r failed", text)
        try:
            rt.web.chat_postEphemeral(channel=channel, user=user, text=f"Something went wrong running `{escape(text)}`.")
        except Exception:  # the channel itself may be unreachable; the log has it
            log.exception("could not tell %s either", user)


def execute(rt: Runtime, tool: str, args: dict[str, Any], caller: Caller, *,
            kind: Literal["dispatch", "confirm"] = "dispatch", approval_id: str | None = None,
            model: str | None = None, on_progress: Callable[[str], None] | None = None) -> Outcome:
    """A tool call's outcome: inline for the cheap tools, else as a job on the executor, followed to its end."""
    inline = all_tools()[tool].inline if tool in all_tools() else True
    if inline or rt.executor is None:
        if kind == "confirm":
            return confirm(rt.ctx, approval_id or "", caller, progress=on_progress)
        return dispatch(rt.ctx, tool, args, caller, progress=on_progress)
    job, handle = jobs.submit(rt.ctx, rt.executor, kind=kind, tool=tool, args=args, caller=caller,
                              approval_id=approval_id, model=model)
    return jobs.follow(rt.ctx, job.id, handle, on_progress=on_progress)


def runner(rt: Runtime) -> jobs.Run:
    """`execute` as a plain tool-call runner, for the alert buttons and the scheduler (tools/ cannot import bot/)."""
    return lambda tool, args, caller: execute(rt, tool, args, caller)


def carrier(rt: Runtime) -> jobs.Confirm:
    """Carry out an approval the way an Approve click does: as a confirm job on the executor."""
    return lambda approval, caller: execute(rt, approval.tool, approval.args, caller, kind="confirm",
                                            approval_id=approval.approval_id, model=approval.model)


def _run(rt: Runtime, call: ToolCall, *, text: str, channel: str, user: str, thread_ts: str | None) -> None:
    tool = all_tools()[call.tool]
    caller = Caller(user_id=user, surface="slack", channel=channel)
    if tool.inline or rt.executor is None:
        outcome = dispatch(rt.ctx, call.tool, call.args, caller)
        deliver(rt, outcome, channel=channel, user=user, text=text, thread_ts=thread_ts, progress_ts=None)
        return
    refusal = precheck(rt.ctx, call.tool, call.args, caller)
    if refusal is not None:
        deliver(rt, refusal, channel=channel, user=user, text=text, thread_ts=thread_ts, progress_ts=None)
        return
    job, handle = jobs.submit(rt.ctx, rt.executor, kind="dispatch", tool=call.tool, args=call.args, caller=caller,
                              text=text, channel=channel, thread_ts=thread_ts)
    progress_ts = None
    if tool.slow:
        progress_ts = post(rt.web, channel, _working(text, user, job.id), thread_ts=thread_ts)
        if progress_ts:
            rt.ctx.state.attach_job_message(job.id, channel=channel, message_ts=progress_ts)
    outcome = jobs.follow(rt.ctx, job.id, handle, on_progress=_progress(rt, channel, progress_ts, text, user, job.id))
    deliver(rt, outcome, channel=channel, user=user, text=text, thread_ts=thread_ts, progress_ts=progress_ts)


def resume(rt: Runtime, job: Job) -> None:
    """Follow a job this process did not submit (the web process restarted) and post its outcome as usual."""
    try:
        text, user = job.text or job.tool, job.user_id
        outcome = jobs.follow(rt.ctx, job.id, None,
                              on_progress=_progress(rt, job.channel or "", job.message_ts, text, user, job.id))
        deliver(rt, outcome, channel=job.channel or "", user=user, text=text, thread_ts=job.thread_ts,
                progress_ts=job.message_ts)
    except Exception:  # see run_call
        log.exception("following adopted job %s failed", job.id)


def adopt(rt: Runtime) -> list[Job]:
    """At start: follow the jobs a Dask worker still runs for us; close local-pool jobs whose web process died."""
    from tools.locking import recover_stale

    # First the locks of dead workers: taking one over ends its runs, closes its job and turns its "Working…"
    # message into "Interrupted" (Context.on_takeover). Left to the loop below, the lock would just be deleted.
    recover_stale(rt.ctx)
    adopted = []
    for job in rt.ctx.state.active_jobs():
        if job.channel is None:
            continue
        if job.backend == "dask" and rt.executor is not None and rt.executor.backend == "dask":
            adopted.append(job)
        elif job.backend == "local" and _dead_here(job.owner):
            rt.ctx.state.release_job_lock(job)
            rt.ctx.state.finish_job(job.id, status="failed", message=(
                f"The bot restarted while job {job.id} ran in its local pool, so it stopped unfinished. Run it again."))
            adopted.append(job)
    for job in adopted:
        rt.submit(resume, job)
    return adopted


def deliver(rt: Runtime, outcome: Outcome, *, channel: str, user: str, text: str, thread_ts: str | None,
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


def _working(text: str, user: str, job_id: str, line: str | None = None) -> Message:
    summary = md(":hourglass_flowing_sand: {} ran `{}` (job `{}`; `/mlops cancel {}` stops it){}", mention(user), text,
                 job_id, job_id, f"\n… {line}" if line else "…")
    return Message(title=f"Working: {text}", summary=summary)


def _progress(rt: Runtime, channel: str, progress_ts: str | None, text: str, user: str,
              job_id: str) -> Callable[[str], None] | None:
    if not progress_ts:
        return None
    last = [0.0]

    def progress(line: str) -> None:
        if time.monotonic() - last[0] >= PROGRESS_EVERY_S:
            last[0] = time.monotonic()
            update(rt.web, channel, progress_ts, _working(text, user, job_id, line))

    return progress


def _dead_here(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


def interrupted(rt: Runtime, lock: LockInfo, what: str) -> None:
    """A dead job's "Working…" message, found on its lock when the lock is taken over: say what became of it."""
    notice = lock.notice or {}
    if notice.get("channel") and notice.get("ts"):
        update(rt.web, notice["channel"], notice["ts"], Message(
            title=f"Interrupted: {notice.get('text', lock.tool)}",
            summary=f":x: This did not finish: {what}. Nothing more will happen; run it again if needed."))
