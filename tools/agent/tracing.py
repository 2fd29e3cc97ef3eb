"""MLflow tracing of agent turns (`[agent] trace = true`): each turn's model calls, tool calls and answer as a
trace in the same tracking store, in the experiment `mlops/agent-turns`; the audit row of the turn keeps the trace id,
so `history` leads to it. Off by default: a trace holds the request's words."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.context import Context

log = logging.getLogger("mlops.agent")
EXPERIMENT = "agent-turns"  # as Registry names experiments: mlops/agent-turns, artifacts under MLOPS_HOME


def callbacks(ctx: Context) -> list[Any]:
    """The LangChain callback that records the turn, or none when tracing is off or cannot start."""
    if not ctx.config.agent.trace:
        return []
    try:
        import mlflow
        from mlflow.langchain.langchain_tracer import MlflowLangchainTracer

        mlflow.set_tracking_uri(ctx.paths.mlflow_uri)
        mlflow.set_experiment(experiment_id=ctx.registry.experiment_id(EXPERIMENT))
        return [MlflowLangchainTracer()]
    except Exception:  # a trace that cannot be written must not cost the answer
        log.exception("agent tracing could not start; answering without it")
        return []


def last_trace_id() -> str | None:
    """The turn's trace, written out before the turn is answered (MLflow exports traces in the background), so
    `history` right after finds it."""
    try:
        import mlflow

        mlflow.flush_trace_async_logging()
        return mlflow.get_last_active_trace_id(thread_local=True)
    except Exception:  # noqa: BLE001 - no trace id is no link, nothing more
        return None
