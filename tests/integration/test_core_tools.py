"""Every core tool through parse + dispatch/confirm/cancel on a real MLflow store, checked in MLflow itself."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from mlflow.tracking import MlflowClient

from bot.render.results import render_outcome
from tests.conftest import (
    ACCESS_TOML, ADMIN, CANCER_TOML, DEPLOYER, TRAINER, VIEWER, approve, run, store_state,
)
from tools.access import Caller
from tools.context import Context
from tools.dispatch import cancel, confirm
from tools.registry import all_tools
from tools.state import approvals_table


def mlflow_client(ctx: Context) -> MlflowClient:
    """MLflow's own client on the bot's store (registry URI explicit: mlflow keeps a process-global one)."""
    return MlflowClient(tracking_uri=ctx.paths.mlflow_uri, registry_uri=ctx.paths.mlflow_uri)


def production(ctx: Context, model: str = "cancer") -> int | None:
    aliases = mlflow_client(ctx).get_registered_model(model).aliases
    return int(aliases["production"]) if "production" in aliases else None


def events(ctx: Context, model: str = "cancer") -> list[dict[str, Any]]:
    tags = mlflow_client(ctx).get_registered_model(model).tags
    return [json.loads(tags[k]) for k in sorted(tags) if k.startswith("mlops.event.")]


def slack(user: str) -> Caller:
    return Caller(user_id=user, surface="slack")


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


# --- deploy / rollback / approvals -------------------------------------------------------------------------
def test_deploy_waits_for_approval_then_moves_production(ctx: Context, cli_caller: Caller) -> None:
    """deploy only proposes; nothing moves until confirm, which sets `production`, tags MLflow and audits."""
    assert run(ctx, "train cancer", cli_caller).status == "done"
    proposed = run(ctx, "deploy cancer 1", cli_caller)
    assert proposed.status == "needs_approval"
    plan = proposed.approval.plan
    assert (plan.from_version, plan.to_version, plan.gate.passed) == (None, 1, True)
    assert production(ctx) is None
    done = confirm(ctx, proposed.approval.approval_id, cli_caller)
    assert done.status == "done", done.message
    assert (done.result.from_version, done.result.to_version) == (None, 1)
    assert production(ctx) == 1
    assert [(e["action"], e["from_version"], e["to_version"]) for e in events(ctx)] == [("deploy", None, 1)]
    deploy_rows = [e for e in ctx.state.audit_trail(model="cancer") if e.tool == "deploy"]
    assert [(e.outcome, e.to_version, e.approval_id) for e in deploy_rows] == [
        ("ok", 1, proposed.approval.approval_id)]


def test_admin_force_deploys_past_the_gate_with_a_reason(cancer_ctx: Context, cli_caller: Caller) -> None:
    """force=true with a reason proposes a forced plan; approving it moves production and keeps the reason."""
    proposed = run(cancer_ctx, 'deploy cancer 2 force=true reason="scorer hotfix"', cli_caller)
    assert proposed.status == "needs_approval", proposed.message
    assert proposed.approval.plan.forced and not proposed.approval.plan.gate.passed
    done = approve(cancer_ctx, proposed, cli_caller)
    assert done.status == "done" and done.result.plan.forced and done.result.plan.reason == "scorer hotfix"
    assert production(cancer_ctx) == 2
    assert events(cancer_ctx)[-1]["reason"] == "scorer hotfix"
    assert "Forced by an admin: scorer hotfix" in render_outcome(done).to_text()


def test_rollback_returns_to_the_previous_production_then_has_nothing_left(cancer_ctx: Context,
                                                                            cli_caller: Caller) -> None:
    """After v1 -> v2, rollback (approved) puts v1 back; another rollback says there is nothing earlier."""
    approve(cancer_ctx, run(cancer_ctx, 'deploy cancer 2 force=true reason="try it"', cli_caller), cli_caller)
    proposed = run(cancer_ctx, "rollback cancer", cli_caller)
    assert proposed.status == "needs_approval"
    assert (proposed.approval.plan.from_version, proposed.approval.plan.to_version) == (2, 1)
    assert production(cancer_ctx) == 2
    done = approve(cancer_ctx, proposed, cli_caller)
    assert done.status == "done" and production(cancer_ctx) == 1
    assert [e["action"] for e in events(cancer_ctx)] == ["deploy", "deploy", "rollback"]
    again = run(cancer_ctx, "rollback cancer", cli_caller)
    assert again.status == "refused" and again.code == "nothing_to_roll_back"
    assert "v1" in again.message and production(cancer_ctx) == 1


def test_an_approval_is_single_use(cancer_ctx: Context, cli_caller: Caller) -> None:
    """Confirming an approval a second time is refused and moves nothing, even after production moved on."""
    first = run(cancer_ctx, 'deploy cancer 2 force=true reason="x"', cli_caller)
    assert approve(cancer_ctx, first, cli_caller).status == "done"
    assert approve(cancer_ctx, run(cancer_ctx, "rollback cancer", cli_caller), cli_caller).status == "done"
    before = store_state(cancer_ctx)
    replay = confirm(cancer_ctx, first.approval.approval_id, cli_caller)
    assert replay.status == "refused" and replay.code == "approval"
    assert "already approved" in replay.message
    assert production(cancer_ctx) == 1
    assert store_state(cancer_ctx) == before


def test_cancel_changes_nothing_and_the_approval_cannot_be_used_after(cancer_ctx: Context, cli_caller: Caller) -> None:
    """cancel closes a pending approval: production, MLflow tags and the audit stay as they were."""
    before = store_state(cancer_ctx)
    proposed = run(cancer_ctx, 'deploy cancer 2 force=true reason="x"', cli_caller)
    cancelled = cancel(cancer_ctx, proposed.approval.approval_id, cli_caller)
    assert cancelled.status == "done" and "nothing was changed" in cancelled.message
    late = confirm(cancer_ctx, proposed.approval.approval_id, cli_caller)
    assert late.status == "refused" and "cancelled" in late.message
    after = store_state(cancer_ctx)
    assert {k: v for k, v in after.items() if k != "approvals"} == {k: v for k, v in before.items() if k != "approvals"}
    assert (proposed.approval.approval_id, "cancelled") in after["approvals"]


def test_an_expired_approval_is_refused(cancer_ctx: Context, cli_caller: Caller) -> None:
    """An approval past its expiry is refused, marked expired, and production does not move."""
    proposed = run(cancer_ctx, 'deploy cancer 2 force=true reason="x"', cli_caller)
    approval_id = proposed.approval.approval_id
    left = proposed.approval.expires_at - datetime.now(UTC)
    assert timedelta(minutes=14) < left <= timedelta(minutes=15)
    with cancer_ctx.state.engine.begin() as conn:
        conn.execute(approvals_table.update().where(approvals_table.c.id == approval_id)
                     .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    late = confirm(cancer_ctx, approval_id, cli_caller)
    assert late.status == "refused" and "expired" in late.message
    assert cancer_ctx.state.approval(approval_id).status == "expired"
    assert production(cancer_ctx) == 1


def test_approval_lifetime_comes_from_the_config(cancer_home: Path, configure: Callable[[str], Context],
                                                 cli_caller: Caller) -> None:
    """[approvals] expire_minutes sets how long a proposed deploy can be approved."""
    ctx = configure(CANCER_TOML + "\n[approvals]\nexpire_minutes = 2\n")
    proposed = run(ctx, 'deploy cancer 2 force=true reason="x"', cli_caller)
    left = proposed.approval.expires_at - datetime.now(UTC)
    assert timedelta(minutes=1) < left <= timedelta(minutes=2)


# --- history / status --------------------------------------------------------------------------------------
def test_history_lists_actions_and_survives_losing_the_state_db(cancer_home: Path, cancer_ctx: Context,
                                                                admin: Caller) -> None:
    """history shows the audit trail newest first; without state.db the deploys still come from MLflow tags."""
    entries = run(cancer_ctx, "history cancer", admin).result.entries
    assert [(e.action, e.to_version, e.source) for e in entries] == [
        ("train", 2, "audit"), ("deploy", 1, "audit"), ("train", 1, "audit")]
    assert "n_estimators" in (entries[0].detail or "") and "20" in (entries[0].detail or "")
    cancer_ctx.state.engine.dispose()
    for name in ("state.db", "state.db-wal", "state.db-shm"):
        (cancer_home / name).unlink(missing_ok=True)
    fresh = Context.load()
    after = run(fresh, "history cancer", admin).result.entries
    assert [(e.action, e.from_version, e.to_version, e.source) for e in after] == [("deploy", None, 1, "mlflow")]
    assert after[0].actor == "cli:tester"


def test_status_shows_versions_aliases_metrics_and_pending_approvals(cancer_ctx: Context, cli_caller: Caller,
                                                                     admin: Caller) -> None:
    """status lists versions newest first with their recorded metric and window, and pending deploys."""
    proposed = run(cancer_ctx, 'deploy cancer 2 force=true reason="x"', cli_caller)
    result = run(cancer_ctx, "status cancer", admin).result
    assert (result.production, result.challenger, result.total_versions) == (1, 2, 2)
    assert [(v.version, v.aliases, v.window, v.rows) for v in result.versions] == [
        (2, ["challenger"], "all data", 569), (1, ["production"], "all data", 569)]
    client = mlflow_client(cancer_ctx)
    for row in result.versions:
        assert row.metric == client.get_run(row.run_id).data.metrics["roc_auc"]
    assert [(p.approval_id, p.tool, p.to_version) for p in result.pending] == [
        (proposed.approval.approval_id, "deploy", 2)]


# --- access, agent, lock -----------------------------------------------------------------------------------
def test_roles_from_the_config_decide_who_may_propose_and_approve(cancer_home: Path,
                                                                  configure: Callable[[str], Context]) -> None:
    """A trainer cannot deploy or approve, a deployer cannot approve a forced deploy, an admin can."""
    ctx = configure(CANCER_TOML + ACCESS_TOML)
    before = store_state(ctx)
    for user, text in ((TRAINER, "deploy cancer 2"), (VIEWER, "train cancer"),
                       (DEPLOYER, 'deploy cancer 2 force=true reason="x"')):
        refused = run(ctx, text, slack(user))
        assert refused.status == "refused" and refused.code == "access_denied", (user, text, refused.message)
        assert "role" in refused.message
    assert store_state(ctx) == before
    proposed = run(ctx, 'deploy cancer 2 force=true reason="x"', slack(ADMIN))
    assert proposed.status == "needs_approval"
    for user in (TRAINER, DEPLOYER):
        refused = confirm(ctx, proposed.approval.approval_id, slack(user))
        assert refused.status == "refused" and refused.code == "access_denied"
    assert ctx.state.approval(proposed.approval.approval_id).status == "pending"
    assert production(ctx) == 1
    assert confirm(ctx, proposed.approval.approval_id, slack(ADMIN)).status == "done"
    assert production(ctx) == 2


def test_someone_else_cannot_cancel_without_the_role(cancer_home: Path, configure: Callable[[str], Context]) -> None:
    """Cancelling another person's request needs the role that could approve it."""
    ctx = configure(CANCER_TOML + ACCESS_TOML)
    proposed = run(ctx, 'deploy cancer 2 force=true reason="x"', slack(ADMIN))
    refused = cancel(ctx, proposed.approval.approval_id, slack(TRAINER))
    assert refused.status == "refused" and ctx.state.approval(proposed.approval.approval_id).status == "pending"


def test_without_access_config_a_slack_train_is_refused_with_instructions(ctx: Context, admin: Caller) -> None:
    """No [access] table: Slack users may look but not train, and the message says how to grant access."""
    before = store_state(ctx)
    refused = run(ctx, "train cancer", admin)
    assert refused.status == "refused" and refused.code == "access_denied"
    assert "access is not configured" in refused.message
    assert "[access]" in refused.message and "mlops-bot.toml" in refused.message
    assert store_state(ctx) == before
    assert run(ctx, "status cancer", admin).status == "done"


def test_an_agent_train_becomes_an_approval(mlops_home: Path, configure: Callable[[str], Context]) -> None:
    """A mutating call from the agent surface never runs directly; the approval, once confirmed, trains."""
    ctx = configure(CANCER_TOML + ACCESS_TOML)
    proposed = run(ctx, "train cancer n_estimators=10", Caller(user_id=TRAINER, surface="agent"))
    assert proposed.status == "needs_approval"
    assert proposed.approval.args["params"] == {"n_estimators": 10}
    assert ctx.registry.versions("cancer") == [] and ctx.state.audit_trail() == []
    done = confirm(ctx, proposed.approval.approval_id, slack(TRAINER))
    assert done.status == "done", done.message
    assert done.result.version == 1 and done.result.params["n_estimators"] == 10
    assert ctx.registry.alias_version("cancer", "challenger") == 1


def test_a_busy_model_refuses_a_second_action_until_the_lock_is_released(ctx: Context, cli_caller: Caller) -> None:
    """While another action holds the model's lock, train is refused as busy and nothing is trained."""
    token = ctx.state.acquire("cancer", holder="U_OTHER", tool="deploy")
    refused = run(ctx, "train cancer", cli_caller)
    assert refused.status == "refused" and refused.code == "busy"
    assert "busy" in refused.message and "deploy by U_OTHER" in refused.message
    assert ctx.registry.versions("cancer") == []
    assert run(ctx, "train wine", cli_caller).status == "done"  # the lock is per model
    ctx.state.release("cancer", token)
    assert run(ctx, "train cancer n_estimators=-3", cli_caller).status == "refused"
    assert run(ctx, "train cancer", cli_caller).status == "done"  # a refused run released its lock


def test_an_approval_is_refused_when_production_moved_since_it_was_proposed(cancer_ctx: Context,
                                                                            cli_caller: Caller) -> None:
    """Two pending deploys from v1: once one runs, the other's plan is stale and it changes nothing."""
    first = run(cancer_ctx, 'deploy cancer 2 force=true reason="a"', cli_caller)
    second = run(cancer_ctx, 'deploy cancer 2 force=true reason="b"', cli_caller)
    assert approve(cancer_ctx, second, cli_caller).status == "done"
    stale = approve(cancer_ctx, first, cli_caller)
    assert stale.status == "refused" and "changed since this was proposed" in stale.message
    assert production(cancer_ctx) == 2 and [e["reason"] for e in events(cancer_ctx)] == [None, "b"]


def test_an_approval_refused_as_busy_can_be_approved_once_the_model_is_free(cancer_ctx: Context,
                                                                            cli_caller: Caller) -> None:
    """Approve while another action holds the lock: refused as busy, and the same approval works afterwards."""
    proposed = run(cancer_ctx, 'deploy cancer 2 force=true reason="x"', cli_caller)
    token = cancer_ctx.state.acquire("cancer", holder="U_OTHER", tool="train")
    busy = approve(cancer_ctx, proposed, cli_caller)
    assert busy.status == "refused" and busy.code == "busy" and "Try again" in busy.message
    cancer_ctx.state.release("cancer", token)
    assert approve(cancer_ctx, proposed, cli_caller).status == "done"
    assert production(cancer_ctx) == 2


def test_evaluate_scores_the_model_now_registered_under_a_version(ctx: Context, cli_caller: Caller) -> None:
    """After the registered model is deleted in MLflow and retrained, v1 is the new model, not a cached old one."""
    assert run(ctx, "train cancer", cli_caller).status == "done"
    assert run(ctx, "evaluate cancer 1", cli_caller).status == "done"
    mlflow_client(ctx).delete_registered_model("cancer")
    retrained = run(ctx, "train cancer n_estimators=2 max_depth=1", cli_caller).result
    assert retrained.version == 1
    evaluated = run(ctx, "evaluate cancer 1", cli_caller).result
    assert evaluated.metrics["roc_auc"] == pytest.approx(retrained.metrics["roc_auc"])
