"""With `[agent] trace = true` a turn is an MLflow trace in the tracking store, and its audit row (so `history`)
names the trace; off by default, nothing is traced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import CANCER_TOML, run
from tools.access import Caller
from tools.agent.run import run_turn
from tools.agent.tracing import EXPERIMENT


def _traces(ctx: Any) -> Any:
    import mlflow

    mlflow.set_tracking_uri(ctx.paths.mlflow_uri)
    experiment = mlflow.get_experiment_by_name(f"mlops/{EXPERIMENT}")
    return None if experiment is None else mlflow.search_traces(locations=[experiment.experiment_id])


def test_a_traced_turn_is_in_mlflow_and_history_names_it(mlops_home: Path, configure: Any,
                                                          cli_caller: Caller) -> None:
    ctx = configure(CANCER_TOML + "\n[agent]\ntrace = true\n")
    assert run(ctx, "train cancer n_estimators=10", cli_caller).status == "done"
    reply = run_turn(ctx, cli_caller, "what is the status of cancer?")
    assert [c.tool for c in reply.calls] == ["status"], reply.text
    traces = _traces(ctx)
    assert traces is not None and len(traces) == 1
    trace_id = traces["trace_id"].iloc[0]
    turn = next(e for e in ctx.state.audit_trail(model="cancer") if e.tool == "agent")
    assert turn.args["trace"] == trace_id
    history = run(ctx, "history cancer", cli_caller).result.entries
    assert any(e.action == "agent" and f"trace={trace_id}" in (e.detail or "") for e in history)


def test_no_trace_unless_asked(mlops_home: Path, configure: Any, cli_caller: Caller) -> None:
    ctx = configure(CANCER_TOML)
    run_turn(ctx, cli_caller, "what models do you have?")
    assert _traces(ctx) is None or len(_traces(ctx)) == 0
