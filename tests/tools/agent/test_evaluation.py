"""The evaluation set and `mlops-bot agent-eval`: the held-out file stays held out, and the command scores a set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tools.agent import evaluation

EVAL = Path(__file__).parent / "eval"
HELD_OUT_HEADER = "# HELD OUT: the interpreter's rules are never tuned against this file"


def test_held_out_keeps_its_size_and_header() -> None:
    text = (EVAL / "held_out.jsonl").read_text(encoding="utf-8")
    assert HELD_OUT_HEADER in text.splitlines()[1], "the held-out file says it is held out, in its header"
    cases, today = evaluation.load(EVAL / "held_out.jsonl")
    assert len(cases) >= 100 and today is not None
    dev, _ = evaluation.load(EVAL / "dev.jsonl")
    assert len(dev) + len(cases) >= 300
    held = {c.text.lower() for c in cases}
    repeats = [c.id for c in dev if c.text.lower() in held]  # ids only: a failure must not print held-out texts
    assert not repeats, f"held-out requests are fresh; these dev requests repeat held-out ones: {repeats}"


def test_every_expected_call_is_a_registry_call_with_valid_args(ctx: Any) -> None:
    from tools.catalog import all_tools

    tools = all_tools()
    for name in ("dev.jsonl", "held_out.jsonl"):
        cases, _ = evaluation.load(EVAL / name)
        for case in cases:
            for call in case.expected:
                tools[call["tool"]].input.model_validate(call["args"], context={"config": ctx.config})


def test_score_counts_exact_plans_per_intent_and_mutations_on_reads() -> None:
    cases = [evaluation.Case("a", "how is cancer doing?", [{"tool": "status", "args": {"model": "cancer"}}]),
             evaluation.Case("b", "show me the deploy history of cancer", [{"tool": "history", "args": {"model": "cancer"}}]),
             evaluation.Case("c", "thanks!", [])]
    got = [[{"tool": "status", "args": {"model": "cancer"}}],
           [{"tool": "deploy", "args": {"model": "cancer", "version": "2"}}], []]
    score = evaluation.score(cases, got)
    assert (score.total, score.exact, score.accuracy) == (3, 2, 0.6667)
    assert score.by_intent["history"].model_dump() == {"total": 1, "exact": 0}
    assert score.by_intent[evaluation.NO_CALL].exact == 1
    assert [m.id for m in score.misses] == ["b"] and score.mutating_on_reads == 1


def test_agent_eval_scores_the_dev_set_and_logs_a_run(mlops_home: Path) -> None:
    from bot.cli import app

    done = CliRunner().invoke(app, ["agent-eval", str(EVAL / "dev.jsonl"), "--json"])
    assert done.exit_code == 0, done.output
    score = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("{")))
    assert set(score) >= {"total", "exact", "accuracy", "by_intent", "misses"}
    assert score["total"] == 7026 and score["accuracy"] >= 0.998, score["misses"]
    assert score["mutating_on_reads"] == 0
    import mlflow

    client = mlflow.MlflowClient(tracking_uri=f"sqlite:///{mlops_home / 'mlflow.db'}")
    experiment = client.get_experiment_by_name(evaluation.EXPERIMENT)
    [run] = client.search_runs([experiment.experiment_id])
    assert run.data.metrics["accuracy"] == score["accuracy"] and "accuracy.deploy" in run.data.metrics
    assert "dev.jsonl" in [a.path for a in client.list_artifacts(run.info.run_id)]


def test_conditional_deploy_is_read_from_the_plan_itself(ctx: Any) -> None:
    from tools.agent.run import chat_model

    case = evaluation.Case("x", "retrain cancer and ship it if it beats production", [])
    calls = evaluation.plan(ctx, case, chat_model(ctx))
    assert [c.get("when") for c in calls] == [None, None, "if_better"]
    case = evaluation.Case("y", "retrain cancer and ship it", [])
    assert all("when" not in c for c in evaluation.plan(ctx, case, chat_model(ctx)))


def test_a_share_is_rounded_down_so_a_miss_never_reads_as_a_hundred_percent() -> None:
    from tools.agent.evaluation import percent

    assert percent(3181, 3182) == "99.9%"
    assert percent(5, 5) == "100.0%"
    assert percent(2, 3) == "66.6%"
