"""Slack's assistant panel, in the work process: suggested prompts when a thread starts, a status naming the step
while the agent works, a title from the first request, the answer streamed (plan and steps as task chunks, then
the text), and 👍/👎 feedback kept in the audit log.

Streaming needs a workspace and token that allow it; when `chat.startStream` is refused the same content goes out
as a message that is updated as the work goes, exactly as in a channel thread. Approvals are posted as ordinary
messages with buttons, so the clicker's role, the expiry and the audit are the same as anywhere.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import TYPE_CHECKING, Any

from bot.slack.post import ephemeral, post, update
from bot.slack.render import render_outcome
from bot.slack.render.escape import escape, md, mention
from bot.slack.render.message import Button, Message
from bot.slack.runtime import SlackRuntime
from tools.access import Caller
from tools.catalog import all_tools
from tools.errors import failure

if TYPE_CHECKING:
    from tools.parse import ToolCall

log = logging.getLogger("mlops.slack")
FEEDBACK_UP, FEEDBACK_DOWN = "mlops_feedback_up", "mlops_feedback_down"
STATUS_EVERY_S = 1.0
_SLASH = re.compile(r"^\s*/mlops\b\s*", re.IGNORECASE)  # slash commands do not work in assistant threads: typed


def context_key(channel: str, thread_ts: str) -> str:
    return f"assistant-context:{channel}:{thread_ts}"


def started(rt: SlackRuntime, payload: dict[str, Any]) -> None:
    """A new assistant thread: remember what the person is looking at, and offer prompts about our models."""
    thread = payload["assistant_thread"]
    channel, ts = thread["channel_id"], thread["thread_ts"]
    _remember_context(rt, channel, ts, thread.get("context") or {})
    try:
        rt.web.assistant_threads_setSuggestedPrompts(channel_id=channel, thread_ts=ts, title="Try asking:",
                                                      prompts=suggested_prompts(rt))
    except Exception as exc:  # an older workspace without the assistant API: the thread still works
        log.warning("could not set suggested prompts in %s: %s", channel, exc)


def context_changed(rt: SlackRuntime, payload: dict[str, Any]) -> None:
    thread = payload["assistant_thread"]
    _remember_context(rt, thread["channel_id"], thread["thread_ts"], thread.get("context") or {})


def suggested_prompts(rt: SlackRuntime) -> list[dict[str, str]]:
    names = list(rt.ctx.config.models)
    first, second = names[0], names[1] if len(names) > 1 else names[0]
    asks = [f"How is {first} doing?", f"Compare {first} challenger with production",
            f"Has {second}'s data drifted this week?", f"What was deployed for {first} lately?"]
    return [{"title": a, "message": a} for a in asks]


def reply(rt: SlackRuntime, event_id: str, payload: dict[str, Any]) -> None:
    """Answer one message in an assistant thread; never raises into the work process."""
    if event_id and not rt.ctx.state.first_sighting(event_id):
        return
    channel, user, thread = payload["channel"], payload.get("user", ""), payload["thread_ts"]
    text = _SLASH.sub("", payload.get("text") or "").strip() or "help"
    try:
        _reply(rt, text, channel=channel, user=user, thread=thread, team=payload.get("team"))
    except Exception as exc:  # Slack or the state DB failing after the ack: logged; the person hears something broke
        told = failure(exc, log=log, doing=f"answering in an assistant thread of {user}")
        try:
            rt.web.chat_postMessage(channel=channel, thread_ts=thread, text=escape(told.message))
        except Exception:
            log.exception("could not tell %s either", user)


def record_feedback(rt: SlackRuntime, body: dict[str, Any], useful: bool) -> None:
    """A 👍/👎 on an answer: kept in the audit log with the turn and its intent, answered only to the clicker."""
    user = body["user"]["id"]
    turn, _, intent = body["actions"][0]["value"].partition("|")
    channel = (body.get("channel") or {}).get("id") or body["container"]["channel_id"]
    rt.ctx.state.audit(actor=user, surface="slack", tool="agent_feedback", model=None,
                       args={"turn": turn, "intent": intent or "none", "useful": useful}, outcome="ok")
    ephemeral(rt.web, channel, user, Message(title="Thanks", summary="Thanks — noted." if useful else
                                             "Thanks — noted; this helps us see where the agent misreads."),
              thread_ts=body["container"].get("thread_ts"))


def _reply(rt: SlackRuntime, text: str, *, channel: str, user: str, thread: str, team: str | None) -> None:
    from tools.agent.memory import slack_thread
    from tools.agent.run import run_turn

    key = slack_thread(channel, thread)
    history = rt.ctx.state.recall(key)
    if not history:
        _call_quietly(rt.web.assistant_threads_setTitle, channel_id=channel, thread_ts=thread, title=text[:60])
    request = _with_viewed_model(rt, text, channel, thread)
    _set_status(rt, channel, thread, "is thinking…")
    answer = _Answer(rt, channel=channel, thread=thread, user=user, team=team)
    last = [0.0]

    def on_call(call: ToolCall) -> None:
        tool = all_tools().get(call.tool)
        model = call.args.get("model")
        doing = f"{(tool.doing or tool.name) if tool else call.tool}{' ' + model if isinstance(model, str) else ''}…"
        answer.step(doing)
        if time.monotonic() - last[0] >= STATUS_EVERY_S:  # the status is rate-limited like any write
            last[0] = time.monotonic()
            _set_status(rt, channel, thread, doing)

    turn = secrets.token_hex(4)
    done = run_turn(rt.ctx, Caller(user_id=user, surface="slack", channel=channel), request, history=history,
                    on_call=on_call, executor=rt.executor)
    rt.ctx.state.remember(key, done.messages)
    intent = done.calls[0].tool if done.calls else "none"
    shown = [render_outcome(o) for o in done.outcomes if o.status == "done"]
    answer.finish(done.text, [m.to_text() for m in shown], feedback=f"{turn}|{intent}")
    for outcome in done.outcomes:
        if outcome.status == "needs_approval" and outcome.approval is not None:
            ts = post(rt.web, channel, render_outcome(outcome), thread_ts=thread)
            rt.ctx.state.link_approval(outcome.approval.approval_id, key)
            if ts:
                rt.ctx.state.attach_message(outcome.approval.approval_id, channel=channel, message_ts=ts)
        elif outcome.status in ("refused", "failed"):
            post(rt.web, channel, render_outcome(outcome), thread_ts=thread)
    _set_status(rt, channel, thread, "")


class _Answer:
    """The answer as it is written: a stream where Slack allows one, else a message updated in place."""

    def __init__(self, rt: SlackRuntime, *, channel: str, thread: str, user: str, team: str | None) -> None:
        self.rt, self.channel, self.thread, self.user = rt, channel, thread, user
        self.steps: list[str] = []
        self.stream: Any = None
        self.fallback_ts: str | None = None
        try:
            self.stream = rt.web.chat_stream(channel=channel, thread_ts=thread, recipient_user_id=user,
                                             recipient_team_id=team, buffer_size=1)
            self.stream.append(markdown_text="_Working on it…_\n")
        except Exception as exc:  # streaming not allowed here (scopes, workspace, not an assistant thread)
            log.info("streaming unavailable in %s (%s): posting and updating instead", channel, exc)
            self.stream = None
            self.fallback_ts = post(rt.web, channel, self._progress(), thread_ts=thread)

    def step(self, doing: str) -> None:
        from slack_sdk.models.messages.chunk import TaskUpdateChunk

        self.steps.append(doing)
        number = len(self.steps)
        if self.stream is not None:
            self._safely(lambda: self.stream.append(chunks=[TaskUpdateChunk(
                id=str(number), title=f"{number}. {doing}", status="in_progress")]))
        elif self.fallback_ts:
            update(self.rt.web, self.channel, self.fallback_ts, self._progress())

    def finish(self, text: str, results: list[str], *, feedback: str) -> None:
        from slack_sdk.models.blocks import ActionsBlock, ButtonElement
        from slack_sdk.models.messages.chunk import TaskUpdateChunk

        buttons = [Button(text="👍", action_id=FEEDBACK_UP, value=feedback),
                   Button(text="👎", action_id=FEEDBACK_DOWN, value=feedback)]
        body = "\n\n".join([text, *results])
        if self.stream is not None:
            done = [TaskUpdateChunk(id=str(n), title=f"{n}. {s}", status="complete")
                    for n, s in enumerate(self.steps, 1)]
            blocks = [ActionsBlock(elements=[ButtonElement(text=b.text, action_id=b.action_id, value=b.value)
                                             for b in buttons]).to_dict()]
            if self._safely(lambda: self.stream.stop(markdown_text=body, chunks=done or None, blocks=blocks)):
                return
        said = Message(title="mlops", summary=body, context=[md("asked by {}", mention(self.user))], buttons=buttons)
        if self.fallback_ts:
            update(self.rt.web, self.channel, self.fallback_ts, said)
        else:
            post(self.rt.web, self.channel, said, thread_ts=self.thread)

    def _progress(self) -> Message:
        plan = "\n".join(f"{n}. {s}" for n, s in enumerate(self.steps, 1)) or "thinking…"
        return Message(title="mlops", summary=md(":hourglass_flowing_sand: {}\n{}", mention(self.user), plan))

    def _safely(self, write: Any) -> bool:
        """A stream Slack stops accepting midway ends cleanly: the rest goes out as a message."""
        try:
            write()
            return True
        except Exception as exc:
            log.warning("the answer stream in %s broke off (%s): finishing as a message", self.channel, exc)
            self.stream = None
            return False


def _with_viewed_model(rt: SlackRuntime, text: str, channel: str, thread: str) -> str:
    """A request that names no model is about the model whose alert channel the person is looking at, if any."""
    names = rt.ctx.config.models
    if any(re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) for name in names):
        return text
    viewing = _viewed_channel(rt, channel, thread)
    for name, spec in names.items():
        if viewing and spec.monitor is not None and spec.monitor.channel in (viewing, f"#{viewing}"):
            return f"{text} ({name})"
    return text


def _remember_context(rt: SlackRuntime, channel: str, thread_ts: str, context: dict[str, Any]) -> None:
    if context.get("channel_id"):
        rt.ctx.state.remember(context_key(channel, thread_ts), [{"viewing": context["channel_id"]}])


def _viewed_channel(rt: SlackRuntime, channel: str, thread: str) -> str | None:
    remembered = rt.ctx.state.recall(context_key(channel, thread), limit=1)
    return remembered[-1].get("viewing") if remembered else None


def _set_status(rt: SlackRuntime, channel: str, thread: str, status: str) -> None:
    _call_quietly(rt.web.assistant_threads_setStatus, channel_id=channel, thread_ts=thread, status=status)


def _call_quietly(method: Any, **params: Any) -> None:
    try:
        method(**params)
    except Exception as exc:  # the panel's niceties never stop the answer
        log.info("%s failed: %s", getattr(method, "__name__", method), exc)
