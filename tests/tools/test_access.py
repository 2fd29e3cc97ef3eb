"""Who may do what (roles from the config, the agent, no access config) and one action per model at a time,
through parse + dispatch on a real MLflow store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import ACCESS_TOML, ADMIN, CANCER_TOML, DEPLOYER, TRAINER, VIEWER, run, store_state
from tests.support.core import production, slack
from tools.access import Caller
from tools.context import Context
from tools.dispatch import cancel, confirm


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


def test_a_busy_model_refuses_a_second_action_until_the_lease_is_released(ctx: Context, cli_caller: Caller) -> None:
    """While another action holds the model's lease, train is refused as busy and nothing is trained."""
    token = ctx.state.take("model:cancer", holder="U_OTHER", purpose="deploy").token
    refused = run(ctx, "train cancer", cli_caller)
    assert refused.status == "refused" and refused.code == "busy"
    assert "busy" in refused.message and "deploy by U_OTHER" in refused.message
    assert ctx.registry.versions("cancer") == []
    assert run(ctx, "train wine", cli_caller).status == "done"  # the lease is per model
    ctx.state.release("model:cancer", token)
    assert run(ctx, "train cancer n_estimators=-3", cli_caller).status == "refused"
    assert run(ctx, "train cancer", cli_caller).status == "done"  # a refused run released its lease
