"""Read-only tools, train, evaluate and compare through parse + dispatch on a real MLflow store, checked in
MLflow itself."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.slack.render import render_outcome
from tests.conftest import run
from tests.support.core import mlflow_client
from tools.access import Caller
from tools.catalog import all_tools
from tools.context import Context


# --- read-only tools ---------------------------------------------------------------------------------------
def test_help_lists_every_verb_and_explains_one(ctx: Context, admin: Caller) -> None:
    """help answers any Slack user with every registered verb's usage; `help train` gives its examples."""
    out = run(ctx, "help", admin)
    assert out.status == "done"
    verbs = {e.verb for e in out.result.entries}
    assert verbs == {t.verb for t in all_tools().values() if t.name != "help"}
    assert out.result.models == ["cancer", "diabetes", "wine"]
    one = run(ctx, "help train", admin).result
    assert [e.verb for e in one.entries] == ["train"] and "train cancer" in one.entries[0].examples
    bad = run(ctx, "help trian", admin)
    assert bad.status == "refused" and "Did you mean train?" in bad.message


def test_models_on_an_empty_store_lists_configured_models(ctx: Context, admin: Caller) -> None:
    """models works before anything was trained: every configured model, no versions, no production."""
    out = run(ctx, "models", admin)
    assert out.status == "done"
    assert [(m.name, m.versions, m.production, m.challenger) for m in out.result.models] == [
        ("cancer", 0, None, None), ("diabetes", 0, None, None), ("wine", 0, None, None)]


def test_models_shows_production_and_challenger_with_recorded_metric(cancer_ctx: Context, admin: Caller) -> None:
    """models reports the aliases and the primary metric MLflow recorded for each at training."""
    row = next(m for m in run(cancer_ctx, "models", admin).result.models if m.name == "cancer")
    client = mlflow_client(cancer_ctx)
    recorded = {v: client.get_run(client.get_model_version("cancer", str(v)).run_id).data.metrics["roc_auc"]
                for v in (1, 2)}
    assert (row.versions, row.production, row.challenger) == (2, 1, 2)
    assert (row.production_metric, row.challenger_metric) == (recorded[1], recorded[2])


# --- train -------------------------------------------------------------------------------------------------
def test_train_registers_a_challenger_with_params_metrics_lineage_and_profile(ctx: Context, cli_caller: Caller) -> None:
    """train logs a run with params, metrics and lineage tags, registers v1 as challenger, stores the drift profile."""
    out = run(ctx, "train cancer", cli_caller)
    assert out.status == "done", out.message
    result = out.result
    assert (result.model, result.version, result.alias) == ("cancer", 1, "challenger")
    client = mlflow_client(ctx)
    assert {k: int(v) for k, v in client.get_registered_model("cancer").aliases.items()} == {"challenger": 1}
    version = client.get_model_version("cancer", "1")
    assert version.run_id == result.run_id
    run_data = client.get_run(result.run_id).data
    assert run_data.params["param.n_estimators"] == "100" and run_data.params["param.max_depth"] == "6"
    assert run_data.params["estimator"] == "random_forest" and run_data.params["window"] == "all data"
    assert run_data.metrics["roc_auc"] == pytest.approx(result.metrics["roc_auc"])
    assert 0.9 < result.metrics["roc_auc"] <= 1.0
    tags = run_data.tags
    assert tags["mlops.source"] == "sklearn:breast_cancer"
    assert tags["mlops.rows"] == "569" == str(result.lineage.rows)
    assert tags["mlops.data_sha256"] == result.lineage.sha256 and len(result.lineage.sha256) == 64
    assert tags["mlops.config_hash"] == ctx.config.digest()
    assert result.rows_train + result.rows_holdout == 569
    assert "drift/reference_profile.json" in [a.path for a in client.list_artifacts(result.run_id, "drift")]
    profile = json.loads(Path(client.download_artifacts(result.run_id, "drift/reference_profile.json")).read_text())
    assert profile, "the reference profile is empty"
    from mlflow.models import get_model_info

    info = get_model_info(version.source)
    assert info.signature is not None and "mean_radius" in info.signature.inputs.input_names()
    audit = ctx.state.audit_trail(model="cancer")
    assert [(e.tool, e.outcome, e.to_version, e.actor) for e in audit] == [("train", "ok", 1, cli_caller.user_id)]


def test_train_with_param_overrides_fits_and_records_them(ctx: Context, cli_caller: Caller) -> None:
    """key=value options after the model override the configured params, in MLflow and in the fitted model."""
    out = run(ctx, "train cancer n_estimators=7 max_depth=2 class_weight=balanced", cli_caller)
    assert out.status == "done", out.message
    assert out.result.params == {"n_estimators": 7, "max_depth": 2, "class_weight": "balanced"}
    params = mlflow_client(ctx).get_run(out.result.run_id).data.params
    assert (params["param.n_estimators"], params["param.max_depth"]) == ("7", "2")
    fitted = ctx.registry.load_model("cancer", 1).named_steps["model"]
    assert (fitted.n_estimators, fitted.max_depth, fitted.class_weight) == (7, 2, "balanced")


def test_train_on_a_window_uses_only_its_rows(ctx: Context, cli_caller: Caller) -> None:
    """last=120d trains on roughly a third of the year of demo data and records the window."""
    out = run(ctx, "train cancer last=120d", cli_caller)
    assert out.status == "done", out.message
    lineage = out.result.lineage
    assert lineage.window == "last=120d"
    assert 150 < lineage.rows < 230  # 569 rows spread over 365 days
    assert lineage.end is None and lineage.start is not None
    assert abs((datetime.now(UTC) - lineage.start) - timedelta(days=120)) < timedelta(minutes=5)
    tags = mlflow_client(ctx).get_run(out.result.run_id).data.tags
    assert tags["mlops.window"] == "last=120d" and tags["mlops.rows"] == str(lineage.rows)
    older = run(ctx, "train cancer since=300d until=150d", cli_caller).result
    assert older.lineage.window == "since=300d until=150d" and older.version == 2
    assert older.lineage.sha256 != lineage.sha256


def test_second_train_moves_the_challenger_not_production(cancer_ctx: Context, admin: Caller) -> None:
    """In the pre-trained store the challenger is the newest version and production stays where it was deployed."""
    assert cancer_ctx.registry.aliases("cancer") == {"production": 1, "challenger": 2}
    params = mlflow_client(cancer_ctx).get_run(cancer_ctx.registry.resolve("cancer", "2").run_id).data.params
    assert (params["param.n_estimators"], params["param.max_depth"]) == ("20", "3")


# --- evaluate / compare ------------------------------------------------------------------------------------
def test_evaluate_by_alias_and_by_number(cancer_ctx: Context, admin: Caller) -> None:
    """evaluate defaults to production, accepts a number or alias, and on all data matches the training holdout."""
    default = run(cancer_ctx, "evaluate cancer", admin).result
    assert (default.version, default.aliases) == (1, ["production"])
    by_number = run(cancer_ctx, "evaluate cancer 2", admin).result
    by_alias = run(cancer_ctx, "evaluate cancer challenger", admin).result
    assert by_number.version == by_alias.version == 2 and by_number.aliases == ["challenger"]
    assert by_number.metrics == by_alias.metrics
    # The holdout is a function of row content, so all data gives back the rows held out at training.
    for result in (default, by_number):
        assert result.metrics["roc_auc"] == pytest.approx(result.trained_metrics["roc_auc"])
        assert result.rows == pytest.approx(569 * 0.25, rel=0.2)
    windowed = run(cancer_ctx, "evaluate cancer 1 last=90d", admin).result
    assert windowed.lineage.window == "last=90d" and windowed.rows < default.rows


def test_compare_production_and_challenger_gives_deltas_interval_and_verdict(cancer_ctx: Context,
                                                                             admin: Caller) -> None:
    """compare scores both versions on the same rows; deltas are b - a and the verdict follows the interval."""
    result = run(cancer_ctx, "compare cancer", admin).result
    assert (result.a_version, result.b_version) == (1, 2)
    assert result.rows[0].name == "roc_auc"
    for row in result.rows:
        assert row.delta == pytest.approx(row.b - row.a)
    assert result.ci_low <= result.primary().delta <= result.ci_high
    if result.ci_low > 0:
        assert result.verdict == "better"
    elif result.ci_high < 0:
        assert result.verdict == "worse"
    else:
        assert result.verdict == "inconclusive"
    assert result.n_bootstrap == 1000 and len(result.bootstrap_deltas) > 900


def test_compare_of_a_version_with_itself_says_same_version(ctx: Context, cli_caller: Caller) -> None:
    """Comparing a version with itself by alias and number gives zero deltas, a zero interval, "same version"."""
    assert run(ctx, "train diabetes", cli_caller).status == "done"
    outcome = run(ctx, "compare diabetes challenger 1", cli_caller)
    assert outcome.result.verdict == "same version"
    assert all(r.delta == 0 for r in outcome.result.rows)
    assert (outcome.result.ci_low, outcome.result.ci_high) == (0.0, 0.0)
    assert "same version" in render_outcome(outcome).to_text()


def test_compare_where_lower_is_better_calls_a_higher_error_worse(ctx: Context, cli_caller: Caller) -> None:
    """For rmse a positive delta is worse: a stump forest against the configured one on diabetes."""
    assert run(ctx, "train diabetes", cli_caller).status == "done"
    assert run(ctx, "train diabetes n_estimators=5 max_depth=1", cli_caller).status == "done"
    result = run(ctx, "compare diabetes 1 2", cli_caller).result
    rmse = next(r for r in result.rows if r.name == "rmse")
    r2 = next(r for r in result.rows if r.name == "r2")
    assert result.primary_metric == "rmse" and not result.greater_is_better
    assert rmse.delta > 0 and rmse.improved is False
    assert r2.delta < 0 and r2.improved is False
    assert result.ci_low > 0 and result.verdict == "worse"
    assert "worse" in render_outcome(run(ctx, "compare diabetes 1 2", cli_caller)).summary


def test_evaluate_scores_the_model_now_registered_under_a_version(ctx: Context, cli_caller: Caller) -> None:
    """After the registered model is deleted in MLflow and retrained, v1 is the new model, not a cached old one."""
    assert run(ctx, "train cancer", cli_caller).status == "done"
    assert run(ctx, "evaluate cancer 1", cli_caller).status == "done"
    mlflow_client(ctx).delete_registered_model("cancer")
    retrained = run(ctx, "train cancer n_estimators=2 max_depth=1", cli_caller).result
    assert retrained.version == 1
    evaluated = run(ctx, "evaluate cancer 1", cli_caller).result
    assert evaluated.metrics["roc_auc"] == pytest.approx(retrained.metrics["roc_auc"])
