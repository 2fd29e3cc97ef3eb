"""The real agent loop (LangChain create_agent) with the offline interpreter, on real MLflow and state stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import ACCESS_TOML, CANCER_TOML, TRAINER, VIEWER, store_state
from tools.access import Caller
from tools.agent.run import run_turn
from tools.dispatch import confirm
from tools.outcome import Outcome

CLI = Caller(user_id="cli:tester", surface="cli", trusted=True)


def yes(ctx: Any) -> Any:
    """The terminal's inline approval, answered yes by the trusted local user."""
    return lambda outcome: confirm(ctx, outcome.approval.approval_id, CLI)


def test_question_is_answered_with_the_tool_result(cancer_ctx: Any) -> None:
    reply = run_turn(cancer_ctx, Caller(user_id=VIEWER, surface="slack"), "how is cancer doing?")
    assert [c.tool for c in reply.calls] == ["status"]
    assert reply.outcomes[0].status == "done" and reply.outcomes[0].result.production == 1
    assert reply.text == "cancer: production is v1, challenger v2."
    assert [m["type"] for m in reply.messages] == ["human", "ai", "tool", "ai"], "the loop ran tool then answer"


def test_mutating_call_becomes_an_approval_and_changes_nothing(cancer_ctx: Any, configure: Any) -> None:
    ctx = configure(CANCER_TOML + ACCESS_TOML)
    before = store_state(ctx)
    reply = run_turn(ctx, Caller(user_id=TRAINER, surface="slack"), "please retrain cancer on the last 60 days")
    assert [o.status for o in reply.outcomes] == ["needs_approval"]
    assert "needs approval" in reply.text
    after = store_state(ctx)
    assert after["aliases"] == before["aliases"] and after["versions"] == before["versions"]
    [pending] = ctx.state.pending_approvals(model="cancer")
    assert (pending.tool, pending.args, pending.requested_by, pending.surface) == (
        "train", {"model": "cancer", "last": "60d", "since": None, "until": None, "params": {}}, TRAINER, "agent")


def test_validation_answers_and_a_snooze_waits_for_approval(cancer_ctx: Any, configure: Any) -> None:
    ctx = configure(CANCER_TOML + ACCESS_TOML)
    checked = run_turn(ctx, Caller(user_id=VIEWER, surface="slack"), "is the new training data ok for cancer?")
    assert [c.tool for c in checked.calls] == ["validate_data"] and checked.outcomes[0].status == "done"
    assert checked.text.startswith("The cancer data on ") and "validation gate" in checked.text
    asked = run_turn(ctx, Caller(user_id=TRAINER, surface="slack"), "snooze cancer alerts for 3 days")
    assert [o.status for o in asked.outcomes] == ["needs_approval"]
    monitor = ctx.state.monitor("cancer")
    assert monitor is None or not monitor.snoozed, "nothing is silenced before someone approves"
    [pending] = ctx.state.pending_approvals()
    assert (pending.tool, pending.args, pending.surface) == ("snooze", {"model": "cancer", "duration": "3d"}, "agent")


def test_refusals_and_tool_errors_come_back_as_text(cancer_ctx: Any, configure: Any) -> None:
    ctx = configure(CANCER_TOML + ACCESS_TOML)
    reply = run_turn(ctx, Caller(user_id=VIEWER, surface="slack"), "deploy cancer v2")
    assert reply.outcomes[0].status == "refused"
    assert "don't have access" in reply.text and "Traceback" not in reply.text
    reply = run_turn(ctx, Caller(user_id=VIEWER, surface="slack"), "evaluate cancer v99")
    assert reply.outcomes[0].status == "refused" and "evaluate did not run" in reply.text
    reply = run_turn(ctx, Caller(user_id=VIEWER, surface="slack"), "retrain churn")
    assert reply.calls == [] and "I don't know a model called 'churn'" in reply.text


def test_chain_trains_compares_and_proposes_a_deploy_only_if_better(mlops_home: Path, ctx: Any) -> None:
    from tests.conftest import approve, run

    assert run(ctx, "train cancer", CLI).status == "done"
    assert approve(ctx, run(ctx, "deploy cancer 1", CLI), CLI).status == "done"
    reply = run_turn(ctx, CLI, "retrain cancer with 5 trees and max depth 1, and deploy it if it is better",
                     approve=yes(ctx))
    assert [(c.tool, c.args) for c in reply.calls] == [
        ("train", {"model": "cancer", "params": {"n_estimators": 5, "max_depth": 1}}), ("compare", {"model": "cancer"})]
    verdict = reply.outcomes[1].result.verdict
    assert verdict != "better", "a 5-tree stump forest does not beat the default forest"
    assert "not better than production, so I did not propose a deploy" in reply.text
    assert ctx.registry.aliases("cancer") == {"production": 1, "challenger": 2}

    # The same conversation: "it" is the version this conversation trained.
    later = run_turn(ctx, CLI, "now ship it", history=reply.messages)
    assert [(c.tool, c.args) for c in later.calls] == [("deploy", {"model": "cancer", "version": "2"})]
    assert later.outcomes[0].status == "refused" and "gate" in later.outcomes[0].message.lower()
    again = run_turn(ctx, CLI, "compare it with v1", history=reply.messages + later.messages)
    assert [(c.tool, c.args) for c in again.calls] == [("compare", {"model": "cancer", "a": "1", "b": "2"})]


def test_steps_are_bounded(cancer_ctx: Any, configure: Any) -> None:
    ctx = configure(CANCER_TOML + "\n[agent]\nmax_steps = 1\n")
    reply = run_turn(ctx, CLI, "evaluate cancer and show its history")
    assert "stopped after 1 steps" in reply.text
    assert [c.tool for c in reply.calls] == ["evaluate"]


def test_each_turn_is_traced_and_shown_in_history(cancer_ctx: Any) -> None:
    from tests.conftest import run

    run_turn(cancer_ctx, Caller(user_id=TRAINER, surface="slack"), "compare cancer on the last 90 days")
    [trace] = [e for e in cancer_ctx.state.audit_trail(model="cancer") if e.tool == "agent"]
    assert trace.actor == TRAINER and trace.surface == "agent"
    assert trace.args["request"] == "compare cancer on the last 90 days"
    assert trace.args["steps"] == [{"tool": "compare", "args": {"model": "cancer", "last": "90d"}, "status": "done",
                                    "message": None}]
    history: Outcome = run(cancer_ctx, "history cancer", CLI)
    assert history.result.entries[0].action == "agent" and "compare" in history.result.entries[0].detail


def test_a_turn_reads_its_request_once_on_the_planners_calendar(mlops_home: Path, ctx: Any,
                                                                monkeypatch: Any) -> None:
    """The guard and the planner read the same request on the same date (an eval set's header date), so the
    reading is made once and both judge the same plan."""
    from datetime import date

    from tools.agent import understand
    from tools.agent.offline import OfflineModel

    dates: list[date] = []
    reading = understand._reading

    def counted(text: str, models: dict[str, str], *, today: date, memory: Any) -> Any:
        dates.append(today)
        return reading(text, models, today=today, memory=memory)

    monkeypatch.setattr(understand, "_reading", counted)
    model = OfflineModel(models={m: c.description for m, c in ctx.config.models.items()}, today=date(2026, 12, 5))
    reply = run_turn(ctx, CLI, "who deployed cancer in the last 3 weeks?", dry_run=True, model=model)
    assert [c.tool for c in reply.calls] == ["history"]
    assert dates == [date(2026, 12, 5)], "one reading, on the planner's date"
