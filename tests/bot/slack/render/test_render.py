"""Renderers: every result model becomes Block Kit that Slack accepts (limits included) and readable terminal text."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from slack_sdk.models.blocks import Block

from bot.slack import actions
from bot.slack.render import RENDERERS, as_json, render, render_outcome
from bot.slack.render.escape import link, md
from bot.slack.render.message import MAX_BLOCKS, MAX_HEADER_CHARS, MAX_SECTION_CHARS, Button, Message, Section, Table
from pipelines.compare import CompareResult, MetricRow
from pipelines.data.datasets import Lineage
from pipelines.evaluate import EvaluateResult
from pipelines.promote import GateResult, MoveResult, Plan
from pipelines.train import TrainResult
from tests.support.render_strategies import result_strategy
from tools.catalog import all_tools
from tools.catalog.help import HelpEntry, HelpOut
from tools.catalog.history import HistoryEntry, HistoryOut
from tools.catalog.models import ModelRow, ModelsOut
from tools.catalog.status import PendingRow, StatusOut, VersionRow
from tools.outcome import ApprovalRequest, Outcome

AT = datetime(2026, 3, 15, 12, 30, tzinfo=UTC)
LINEAGE = Lineage(source="sklearn:breast_cancer", window="last=30d", start=AT - timedelta(days=30), end=None,
                  rows=569, sha256="ab" * 32)
GATE_OK = GateResult(passed=True, metric="roc_auc", greater_is_better=True, candidate=0.991, champion=0.985,
                     min_improvement=0.0, min_metric=0.9, reasons=[], rows=140)
GATE_FIRST = GateResult(passed=True, metric="roc_auc", greater_is_better=True, candidate=0.991, champion=None,
                        min_improvement=0.0, min_metric=0.9, reasons=[], rows=140)
GATE_FAIL = GateResult(passed=False, metric="roc_auc", greater_is_better=True, candidate=0.95, champion=0.99,
                       min_improvement=0.01, min_metric=0.97, rows=140,
                       reasons=["roc_auc 0.9500 is below the floor 0.97", "roc_auc 0.9500 does not beat production v1"])


def compare_result(verdict: str = "worse", *, task: str = "regression") -> CompareResult:
    rows = [MetricRow(name="rmse", a=52.0, b=60.5, delta=8.5, greater_is_better=False),
            MetricRow(name="r2", a=0.48, b=0.31, delta=-0.17, greater_is_better=True),
            MetricRow(name="mae", a=43.0, b=43.0, delta=0.0, greater_is_better=False)]
    return CompareResult(model="diabetes", a_ref="production", b_ref="challenger", a_version=1, b_version=2,
                         primary_metric="rmse", greater_is_better=False, rows=rows, ci_low=3.1, ci_high=13.9,
                         n_bootstrap=1000, verdict=verdict, n_rows=111, lineage=LINEAGE,
                         bootstrap_deltas=[8.0] * 1000)


def history(n: int, *, detail: str = "params={'n_estimators': 300}, requested by U0") -> HistoryOut:
    return HistoryOut(model="cancer", entries=[
        HistoryEntry(at=AT - timedelta(minutes=i), action=("deploy", "rollback", "train")[i % 3], actor=f"U{i:05d}" * 6,
                     outcome="ok", from_version=i or None, to_version=i + 1, detail=detail * 3, source="audit")
        for i in range(n)])


def samples() -> dict[str, BaseModel]:
    """One realistic instance per result model, plus the variants whose rendering differs."""
    return {
        "help": HelpOut(topic=None, models=["cancer", "wine"], entries=[
            HelpEntry(verb=t.verb, usage=t.usage, description=t.description, examples=list(t.examples),
                      needs_approval=t.needs_confirmation) for t in all_tools().values()]),
        "help-topic": HelpOut(topic="train", models=["cancer"], entries=[HelpEntry(
            verb="train", usage="train <model>", description="Train. More.", examples=["train cancer"],
            needs_approval=False)]),
        "models": ModelsOut(models=[
            ModelRow(name="cancer", description="d", task="binary", primary_metric="roc_auc", greater_is_better=True,
                     versions=3, production=1, challenger=3, production_metric=0.99, challenger_metric=float("nan")),
            ModelRow(name="wine", description="", task="multiclass", primary_metric="f1_macro", greater_is_better=True,
                     versions=0, production=None, challenger=None, production_metric=None, challenger_metric=None)]),
        "train": TrainResult(model="cancer", version=3, run_id="0123456789abcdef", experiment_id="1",
                             estimator="random_forest", params={"n_estimators": 300, "max_depth": None},
                             metrics={"roc_auc": 0.991, "accuracy": 0.96, "log_loss": float("nan")},
                             primary_metric="roc_auc", greater_is_better=True, rows_train=420, rows_holdout=149,
                             lineage=LINEAGE, seconds=1.234),
        "evaluate": EvaluateResult(model="cancer", version=1, aliases=["production"], metrics={"roc_auc": 0.98},
                                   primary_metric="roc_auc", greater_is_better=True, rows=140, lineage=LINEAGE,
                                   trained_metrics={}),
        "compare-worse": compare_result("worse"),
        "compare-better": compare_result("better"),
        "compare-inconclusive": compare_result("inconclusive"),
        "compare-same": compare_result("same version"),
        "plan": Plan(action="deploy", model="cancer", from_version=1, to_version=2, gate=GATE_FAIL, forced=True,
                     reason="hotfix"),
        "deployed": MoveResult(plan=Plan(action="deploy", model="cancer", from_version=None, to_version=1,
                                         gate=GATE_FIRST), by="U_ADMIN", at=AT),
        "deployed-forced": MoveResult(plan=Plan(action="deploy", model="cancer", from_version=1, to_version=2,
                                                gate=GATE_FAIL, forced=True, reason="hotfix for the scorer"),
                                      by="U_ADMIN", at=AT),
        "rolled-back": MoveResult(plan=Plan(action="rollback", model="cancer", from_version=2, to_version=1),
                                  by="U_ADMIN", at=AT),
        "status": StatusOut(model="cancer", description="Breast cancer", primary_metric="roc_auc", production=1,
                            challenger=2, total_versions=2, mlflow_ui_url="http://mlflow:5000", experiment_id="1",
                            versions=[VersionRow(version=2, aliases=["challenger"], created_at=AT, metric=0.98,
                                                 window="last=30d", rows=180, run_id="r2"),
                                      VersionRow(version=1, aliases=["production"], created_at=AT, metric=None,
                                                 window=None, rows=None, run_id=None)],
                            pending=[PendingRow(approval_id="a1", tool="deploy", requested_by="U1", expires_at=AT,
                                                to_version=2)]),
        "status-empty": StatusOut(model="wine", description="", primary_metric="f1_macro", production=None,
                                  challenger=None, versions=[], total_versions=0, pending=[]),
        "history": history(5),
        "history-empty": HistoryOut(model="cancer", entries=[]),
        "history-huge": history(200),
    }


def assert_slack_accepts(message: Message) -> list[dict[str, Any]]:
    """Blocks parse and validate with slack_sdk, and stay inside Slack's block, section and header limits."""
    blocks = message.to_blocks()
    assert 1 <= len(blocks) <= MAX_BLOCKS
    json.dumps(blocks)
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()
        if raw["type"] == "section":
            assert 1 <= len(raw["text"]["text"]) <= MAX_SECTION_CHARS
        elif raw["type"] == "header":
            assert 1 <= len(raw["text"]["text"]) <= MAX_HEADER_CHARS
        elif raw["type"] == "context":
            assert 1 <= len(raw["elements"]) <= 10
            assert all(1 <= len(e["text"]) <= MAX_SECTION_CHARS for e in raw["elements"])
    assert message.fallback().strip()
    assert message.to_text().strip()
    return blocks


def text_of(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")


@pytest.mark.parametrize("name", list(samples()))
def test_every_sample_renders_to_valid_block_kit(name: str) -> None:
    """Each result renders to blocks Slack accepts, with a non-empty fallback and terminal text."""
    assert_slack_accepts(render(samples()[name]))


def test_every_tool_result_model_has_a_sample_here() -> None:
    """The samples above cover every core tool's result model (every tool, new ones included, is fuzzed below)."""
    covered = {type(s) for s in samples().values()}
    core = {"help", "list_models", "train", "evaluate", "compare", "deploy", "rollback", "status", "history"}
    assert {all_tools()[name].result for name in core} <= covered


def test_a_huge_history_is_split_under_the_limits_without_losing_rows() -> None:
    """200 entries become several sections, each under 3,000 characters, and every row is still there."""
    result = history(200)
    blocks = assert_slack_accepts(render(result))
    sections = [b for b in blocks if b["type"] == "section"]
    assert len(sections) > 3
    shown = text_of(blocks)
    assert all(entry.actor in shown for entry in result.entries)
    for section in sections[1:]:
        assert section["text"]["text"].startswith("```") and section["text"]["text"].endswith("```")


def test_a_message_longer_than_fifty_blocks_is_cut_with_a_note_and_keeps_its_buttons() -> None:
    """Too many sections: cut to 50 blocks, the last section says so, the buttons survive."""
    message = Message(title="t", summary="s", sections=[Section(text=f"part {i}") for i in range(80)],
                      context=["c"], buttons=[Button(text="Approve", action_id="a", value="x")])
    blocks = assert_slack_accepts(message)
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-1]["type"] == "actions" and blocks[-2]["type"] == "context"
    assert "cut to fit Slack" in blocks[-3]["text"]["text"]


def test_oversized_text_is_split_and_clipped_to_the_limits() -> None:
    """A 7,000-character summary, a 400-character title and button text are split or clipped, never rejected."""
    message = Message(title="T" * 400, summary="x" * 7000, context=["c" * 5000],
                      buttons=[Button(text="B" * 200, action_id="a", value="v" * 5000)])
    blocks = assert_slack_accepts(message)
    assert sum(len(b["text"]["text"]) for b in blocks if b["type"] == "section") == 7000
    assert blocks[0]["text"]["text"].endswith("…") and len(blocks[0]["text"]["text"]) == MAX_HEADER_CHARS


def test_compare_says_the_verdict_the_interval_and_which_way_is_better() -> None:
    """For rmse a rise is worse: the table's arrows and the summary say so, with the 95% interval."""
    message = render(compare_result("worse"))
    assert "v2 (challenger) is *worse* than v1 (production)" in message.summary
    assert "95% CI [+3.1000, +13.9000]" in message.summary
    text = message.to_text()
    assert "+8.5000  ▲ worse" in text and "-0.1700  ▼ worse" in text and "+0.0000  =" in text
    assert "bootstrap_deltas" not in as_json(Outcome(tool="compare", status="done", result=compare_result()))


def test_an_approval_request_carries_its_id_on_both_buttons_and_shows_the_gate() -> None:
    """Approve and Cancel carry only the approval id; the message shows the change, the gate and the reason."""
    plan = samples()["plan"]
    request = ApprovalRequest(approval_id="abc123", tool="deploy", model="cancer", args={"version": "2"}, plan=plan,
                              requested_by="U1", expires_at=AT)
    message = render_outcome(Outcome(tool="deploy", status="needs_approval", approval=request))
    assert_slack_accepts(message)
    assert [(b.action_id, b.value) for b in message.buttons] == [(actions.APPROVE, "abc123"), (actions.CANCEL, "abc123")]
    assert "production v1 → *v2*" in message.summary
    gate = message.sections[0].text or ""
    assert "fails the gate" in gate and "below the floor 0.97" in gate and "Forced by an admin*: hotfix" in gate


def test_an_approval_without_a_plan_lists_the_arguments() -> None:
    """An agent-proposed train (no plan) still renders with its arguments and both buttons."""
    request = ApprovalRequest(approval_id="id9", tool="train", model="cancer", requested_by="U1", expires_at=AT,
                              args={"model": "cancer", "params": {"n_estimators": 10}, "last": None})
    message = render_outcome(Outcome(tool="train", status="needs_approval", approval=request))
    assert_slack_accepts(message)
    assert "*train*" in message.summary and "n_estimators" in message.summary and "last" not in message.summary


@pytest.mark.parametrize(("status", "title"), [("refused", "Not done"), ("failed", "Something went wrong")])
def test_refusals_and_failures_are_ephemeral_and_show_the_message(status: str, title: str) -> None:
    """Errors go only to the person who asked, with the sentence they can act on."""
    message = render_outcome(Outcome(tool="train", status=status, message="Model cancer is busy.", code="busy"))
    assert_slack_accepts(message)
    assert message.ephemeral and message.title == title and "Model cancer is busy." in message.summary
    assert json.loads(as_json(Outcome(tool="train", status=status, message="m", code="busy")))["error"] == "m"


def test_terminal_text_has_no_slack_markup() -> None:
    """to_text turns our links into 'text (url)' and drops bold and code fences."""
    message = Message(title="T", summary=md("*bold* and {}", link("http://x", "a link")),
                      sections=[Section(table=Table(header=["a", "b"], rows=[["1", "2"]]))])
    text = message.to_text()
    assert "bold and a link (http://x)" in text and "*" not in text and "```" not in text


def test_terminal_text_keeps_clock_times_and_drops_emoji_codes() -> None:
    message = Message(title="T", summary=":hourglass: expires 13:32:49 UTC :+1:")
    assert message.to_text().splitlines()[1] == "expires 13:32:49 UTC "
    assert "13:32:49" in message.fallback()


# --- every tool's result, fuzzed (strategies shared with the escaping property test) -----------------------


def _result_types() -> list[type[BaseModel]]:
    return sorted({t.result for t in all_tools().values()}, key=lambda c: c.__name__)


@pytest.mark.parametrize("result_type", _result_types(), ids=lambda c: c.__name__)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_result_of_any_tool_renders_within_slack_limits(result_type: type[BaseModel], data: st.DataObject) -> None:
    """Arbitrary (type-valid) results of every registered tool render to blocks Slack accepts."""
    result = data.draw(result_strategy(result_type))
    assert_slack_accepts(render(result))


def test_every_renderer_key_names_a_result_model_that_exists() -> None:
    """Renderers are registered by import path (so this module imports no numpy): each path must resolve to a
    pydantic model, or a renamed result would silently lose its renderer."""
    import importlib

    for key in RENDERERS.keys():
        module, _, name = key.partition(":")
        cls = getattr(importlib.import_module(module), name, None)
        assert isinstance(cls, type) and issubclass(cls, BaseModel), key


# --- what a user reads, result by result ---------------------------------------------------------------------
def test_help_lists_every_verb_with_its_usage() -> None:
    text = render(samples()["help"]).to_text()
    assert all(f"/mlops {t.usage}" in text for t in all_tools().values())
    assert "Models: `cancer`, `wine`" in text


def test_models_shows_production_and_challenger_with_their_metric() -> None:
    lines = render(samples()["models"]).to_text().splitlines()
    assert "2 models, 1 in production." in lines
    cancer = next(line for line in lines if line.startswith("cancer"))
    assert "v1 0.9900" in cancer and "v3 —" in cancer, "an undefined metric shows as a dash, not nan"
    assert next(line for line in lines if line.startswith("wine")).split()[-3:] == ["—", "—", "0"]


def test_train_says_the_new_challenger_its_metric_and_the_next_step() -> None:
    text = render(samples()["train"]).to_text()
    assert "cancer v3 is the new challenger: roc_auc 0.9910 on 149 held-out rows." in text
    assert next(line for line in text.splitlines() if line.startswith("log_loss")).split() == ["log_loss", "—"]
    assert "nan" not in text
    assert "/mlops deploy cancer 3" in text


def test_evaluate_shows_the_metric_now_and_at_training() -> None:
    text = render(samples()["evaluate"]).to_text()
    assert "cancer v1 (production): roc_auc 0.9800 on 140 held-out rows (last=30d)." in text


def test_compare_shows_an_undefined_delta_as_a_dash_like_the_rest_of_the_table() -> None:
    """A metric undefined on one side (nan) gives a nan delta: shown as "—", never "+nan"."""
    result = compare_result("inconclusive")
    result.rows.append(MetricRow(name="log_loss", a=float("nan"), b=0.2, delta=float("nan"), greater_is_better=False))
    text = render(result).to_text()
    row = next(line for line in text.splitlines() if line.startswith("log_loss"))
    assert row.split() == ["log_loss", "—", "0.2000", "—", "="]
    assert "nan" not in text


def test_a_plain_deploy_shows_the_gate_it_passed() -> None:
    result = MoveResult(plan=Plan(action="deploy", model="cancer", from_version=1, to_version=2, gate=GATE_OK),
                        by="U_ADMIN", at=AT)
    text = render(result).to_text()
    assert "cancer production is now v2 (was v1)." in text
    assert "passes the gate: roc_auc 0.9910 vs production 0.9850 on 140 held-out rows." in text
    assert "Rules: beat production by 0, roc_auc ≥ 0.9." in text
    assert "Forced" not in text and "None" not in text


def test_a_forced_deploy_says_who_forced_it_and_why() -> None:
    """The reason given with force=true is what the result says (it once said "Forced by an admin: None")."""
    text = render(samples()["deployed-forced"]).to_text()
    assert "cancer production is now v2 (was v1) (forced by an admin)." in text
    assert "Forced by an admin: hotfix for the scorer" in text
    assert "fails the gate" in text and "None" not in text


def test_a_first_deploy_states_only_the_rules_that_apply() -> None:
    """With no production version there is nothing to beat: no "beat production by 0"."""
    text = render(samples()["deployed"]).to_text()
    assert "cancer production is now v1 (was none)." in text
    assert "(first deploy)" in text and "Rules: roc_auc ≥ 0.9." in text
    assert "beat production" not in text


def test_a_rollback_names_both_versions() -> None:
    text = render(samples()["rolled-back"]).to_text()
    assert "Rolled back cancer" in text and "cancer production is now v1 (was v2)." in text
    assert "gate" not in text


def test_status_lists_versions_and_pending_approvals() -> None:
    text = render(samples()["status"]).to_text()
    assert "cancer: production v1, challenger v2, 2 versions." in text
    assert "Waiting for approval: deploy → v2 by @U1" in text


def test_status_of_a_pending_approval_without_a_version_does_not_say_vnone() -> None:
    """An agent-proposed train waits for approval with no version to move to: no "train → vNone"."""
    status = samples()["status"].model_copy(update={"pending": [
        PendingRow(approval_id="a2", tool="train", requested_by="U1", expires_at=AT, to_version=None)]})
    text = render(status).to_text()
    assert "Waiting for approval: train by @U1 (until 12:30 UTC)" in text
    assert "None" not in text


def test_history_marks_rows_recovered_from_mlflow_tags() -> None:
    """Alias moves found only in MLflow's tags look different from audited rows, and the note says why."""
    result = HistoryOut(model="cancer", entries=[
        HistoryEntry(at=AT, action="deploy", actor="U_ADMIN", outcome="ok", from_version=1, to_version=2,
                     source="audit"),
        HistoryEntry(at=AT - timedelta(days=1), action="deploy", actor="U_OLD", outcome="ok", from_version=None,
                     to_version=1, detail="first", source="mlflow")])
    message = render(result)
    lines = message.to_text().splitlines()
    audited = next(line for line in lines if "U_ADMIN" in line)
    recovered = next(line for line in lines if "U_OLD" in line)
    assert "†" not in audited and "ok †" in recovered
    assert any("† recovered from the MLflow model's tags" in c for c in message.context)
    assert "†" not in render(history(3)).to_text(), "a history with only audited rows has no mark and no note"


def test_drift_says_the_verdict_the_top_features_and_performance() -> None:
    from pipelines.drift.result import DriftReport, FeatureDrift
    from pipelines.monitor.result import DriftCheck, Performance

    feature = FeatureDrift(column="mean_area", kind="numeric", method="ks", statistic=0.4, p_value=1e-9,
                           threshold=0.05, drifted=True, psi=0.31, missing_reference=0, missing_current=0, score=3)
    report = DriftReport(features=[feature], n_reference=400, n_current=277, drifted_count=1, drifted_share=1.0,
                         dataset_drift=True, enough_data=True, message="Dataset drift: 1 of 1 features drifted (100%)")
    check = DriftCheck(model="cancer", version=1, window="last=7d", lineage=LINEAGE, report=report,
                       performance=Performance(metric="roc_auc", greater_is_better=True, now=0.9, at_training=0.99,
                                               change=-0.09, max_drop=0.05, degraded=True, rows=100))
    text = render(check).to_text()
    assert "Dataset drift: 1 of 1 features drifted (100%)" in text
    assert next(line for line in text.splitlines() if line.startswith("mean_area")).split() == [
        "mean_area", "ks", "p=1e-09", "0.05", "0.310", "DRIFT"]
    assert "roc_auc 0.9000 now vs 0.9900 at training (-0.0900, allowed drop 0.05) — degraded on 100 labelled rows." in text
