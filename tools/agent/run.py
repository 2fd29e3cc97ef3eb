"""One agent turn: a LangChain `create_agent` loop over the registry tools, for any chat model or the offline one.

The surface (Slack, `ask`, `chat`) passes the real caller, the conversation so far and its hooks; it gets back
the answer text, every Outcome to render, and the new messages to remember. Each turn is traced in the audit
log (request, every tool call with its arguments and outcome, the answer), so `history` shows it.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from tools.access import Caller
from tools.agent.guard import reads_only
from tools.agent import tracing
from tools.agent.redact import redact
from tools.agent.toolkit import Turn, acting, registry_tools
from tools.context import Context
from tools.outcome import Outcome
from tools.parse import ToolCall

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from tools.work.executor import Executor

log = logging.getLogger("mlops.agent")


class Reply(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    text: str
    calls: list[ToolCall] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    messages: list[dict[str, Any]] = Field(default_factory=list)  # this turn's messages, to remember


def chat_model(ctx: Context, *, spec: str | None = None, today: date | None = None) -> BaseChatModel:
    """The configured chat model (`[agent] model = "provider:name"`, or `spec`), else the offline interpreter."""
    settings = ctx.config.agent
    name = spec or settings.model
    if name in (None, "offline"):
        from tools.agent.offline import OfflineModel

        return OfflineModel(models={m: conf.description for m, conf in ctx.config.models.items()}, today=today)
    from langchain.chat_models import init_chat_model

    from pipelines.errors import ConfigError

    options: dict[str, Any] = {"temperature": settings.temperature} if settings.temperature is not None else {}
    if settings.base_url:
        options["base_url"] = settings.base_url
    try:
        return init_chat_model(name, **options)
    except ImportError as exc:
        provider = name.split(":", 1)[0]
        raise ConfigError(f"[agent] model = \"{name}\" needs the {provider} provider package "
                          f"({exc.name or 'missing'}): install it, e.g. uv sync --extra {provider}.") from None
    except Exception as exc:  # e.g. no API key in the environment: said plainly, without the key
        raise ConfigError(f"[agent] model = \"{name}\" could not be set up: {redact(str(exc))}") from None


def run_turn(ctx: Context, caller: Caller, text: str, *, history: list[dict[str, Any]] | None = None,
             dry_run: bool = False, on_call: Callable[[ToolCall], None] | None = None,
             approve: Callable[[Outcome], Outcome] | None = None, progress: Callable[[str], None] | None = None,
             model: BaseChatModel | None = None, executor: Executor | None = None,
             assume: dict[str, dict[str, Any]] | None = None, plan_approved: bool = False) -> Reply:
    """Answer one request; never raises: a broken model or tool becomes a sentence with a reference.

    `assume` gives dry-run calls a result (the evaluation says what a compare would conclude). Whatever the
    model, a request the interpreter reads as a question cannot make a change in this turn (`guard.reads_only`).
    `plan_approved`: the caller clicked Run on this request's plan preview (bot/slack/plans.py).
    """
    from langchain_core.messages import AIMessage, HumanMessage, messages_from_dict, messages_to_dict

    # On the agent surface every mutating call becomes an approval. A plan a person approved with Run runs as that
    # person: each step is checked against their role, and deploy/rollback still ask for their own approval.
    agent_caller = caller if plan_approved else caller.model_copy(update={"surface": "agent"})
    past = _usable(messages_from_dict(history or []))
    # The guard reads the request on the planner's own calendar: an evaluation set resolves its windows against its
    # header's date, and reading it on two calendars would also read it twice.
    from tools.agent.offline import OfflineModel

    today = model.today if isinstance(model, OfflineModel) else None
    turn = Turn(dry_run=dry_run, on_call=on_call, approve=approve, progress=progress, executor=executor,
                assume=assume or {}, reads_only=reads_only(ctx, text, past, today=today))
    request = HumanMessage(content=text)
    trace_id = None
    try:
        agent = _agent(ctx, model)
        limit = 2 * ctx.config.agent.max_steps + 1
        traced = [] if dry_run else tracing.callbacks(ctx)
        with acting(agent_caller, turn):
            state = agent.invoke({"messages": [*past, request]}, {"recursion_limit": limit, "callbacks": traced})
        trace_id = tracing.last_trace_id() if traced else None
        new = state["messages"][len(past):]
        answer = new[-1].text if new and isinstance(new[-1], AIMessage) else ""
    except Exception as exc:  # noqa: BLE001 - the person gets a sentence, the log gets the details
        answer = _failure(exc, ctx.config.agent.max_steps)
        new = [request, AIMessage(content=answer)]
    answer = redact(answer.strip() or "Done.")
    if new and isinstance(new[-1], AIMessage):
        new[-1] = AIMessage(content=answer)
    reply = Reply(text=answer, calls=turn.calls, outcomes=turn.outcomes, messages=messages_to_dict(new))
    if not dry_run:
        _trace(ctx, caller, text, reply, trace_id)
    return reply


# Agents already made, newest last: (context, model given or None, agent). Making one (the graph, a tool per registry
# tool) costs more than a turn of the offline interpreter, and nothing in it belongs to a turn. Kept by identity: a
# context is loaded once per process, and a caller that passes its own model passes the same one every turn.
_AGENTS: list[tuple[Context, BaseChatModel | None, Any]] = []
_AGENTS_KEPT = 8
_AGENTS_LOCK = threading.Lock()


def _agent(ctx: Context, model: BaseChatModel | None) -> Any:
    with _AGENTS_LOCK:
        for kept_ctx, kept_model, agent in _AGENTS:
            if kept_ctx is ctx and kept_model is model:
                return agent
    from langchain.agents import create_agent

    from prompts import load

    models = "\n".join(f"- {name}: {spec.description or spec.task} (primary metric {spec.primary_metric})"
                       for name, spec in sorted(ctx.config.models.items()))
    prompt = load("system").format(models=models, max_steps=ctx.config.agent.max_steps, guidance=load("guidance"))
    agent = create_agent(model or chat_model(ctx), registry_tools(ctx), system_prompt=prompt)
    with _AGENTS_LOCK:
        _AGENTS.append((ctx, model, agent))
        del _AGENTS[:-_AGENTS_KEPT]
    return agent


def _usable(messages: list[Any]) -> list[Any]:
    """Memory cut to start at a request: a model API rejects a tool result whose call was cut off. An alert the bot
    posted before the thread's first request stays, as the bot's note ("shhh 1h" under it is about its model)."""
    from langchain_core.messages import HumanMessage

    from tools.agent.offline import alerts_posted

    start = next((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), len(messages))
    return alerts_posted(messages[:start]) + messages[start:]


def _failure(exc: Exception, max_steps: int) -> str:
    from langgraph.errors import GraphRecursionError

    from pipelines.errors import UserError

    if isinstance(exc, GraphRecursionError):
        return f"I stopped after {max_steps} steps without finishing. Ask for less at once, or use /mlops commands."
    if isinstance(exc, UserError):
        return str(exc)
    ref = secrets.token_hex(2)
    log.error("agent turn failed (ref %s)", ref, exc_info=exc)
    return f"Something went wrong talking to the model (ref {ref}). The details are in the bot's log."


def _trace(ctx: Context, caller: Caller, text: str, reply: Reply, trace_id: str | None) -> None:
    steps = [{"tool": call.tool, "args": call.args, "status": outcome.status, "message": outcome.message}
             for call, outcome in zip(reply.calls, reply.outcomes, strict=False)]
    models = [c.args.get("model") for c in reply.calls if isinstance(c.args.get("model"), str)]
    try:
        ctx.state.audit(actor=caller.user_id, surface="agent", tool="agent", model=models[0] if models else None,
                        args={"request": redact(text)[:500], "steps": steps, "answer": reply.text[:500],
                              **({"trace": trace_id} if trace_id else {})},
                        outcome="ok")
    except Exception:  # a trace that cannot be written must not lose the answer
        log.exception("could not write the agent trace")
