"""Deploy, rollback and their approvals (single use, cancel, expiry, stale plans, busy), history and status, through
parse + dispatch/confirm/cancel on a real MLflow store, checked in MLflow itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.slack.render import render_outcome
from tests.conftest import CANCER_TOML, approve, run, store_state
from tests.support.core import events, mlflow_client, production
from tools.access import Caller
from tools.context import Context
from tools.dispatch import cancel, confirm
from tools.state import approvals_table


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
    token = cancer_ctx.state.take("model:cancer", holder="U_OTHER", purpose="train").token
    busy = approve(cancer_ctx, proposed, cli_caller)
    assert busy.status == "refused" and busy.code == "busy" and "Try again" in busy.message
    cancer_ctx.state.release("model:cancer", token)
    assert approve(cancer_ctx, proposed, cli_caller).status == "done"
    assert production(cancer_ctx) == 2
