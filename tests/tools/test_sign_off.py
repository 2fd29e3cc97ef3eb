"""Two-person approvals and approvals bound to the exact change, through dispatch as every surface calls it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import ADMIN, CANCER_TOML, DEPLOYER, TRAINER, run
from tests.support.core import production
from tools.access import Caller
from tools.dispatch import confirm

SECOND_ADMIN = "U_ADMIN_2"
TWO_PERSON_TOML = f"""
[access]
trainers = ["{TRAINER}"]
deployers = ["{DEPLOYER}"]
admins = ["{ADMIN}", "{SECOND_ADMIN}"]

[approvals]
two_person = true
"""


def slack(user: str) -> Caller:
    return Caller(user_id=user, surface="slack", channel="C_OPS")


def test_the_requester_cannot_approve_and_a_second_person_deploys_once(mlops_home: Path, configure: Any) -> None:
    ctx = configure(TWO_PERSON_TOML + CANCER_TOML)
    assert run(ctx, "train cancer n_estimators=10", slack(TRAINER)).status == "done"
    proposed = run(ctx, "deploy cancer 1", slack(DEPLOYER))
    assert proposed.status == "needs_approval" and proposed.approval.two_person and proposed.approval.digest
    approval_id = proposed.approval.approval_id

    own = confirm(ctx, approval_id, slack(DEPLOYER))
    assert own.status == "refused" and "someone else must approve" in own.message
    assert production(ctx) is None and ctx.state.approval(approval_id).status == "pending"

    done = confirm(ctx, approval_id, slack(ADMIN))
    assert done.status == "done" and production(ctx) == 1
    again = confirm(ctx, approval_id, slack(SECOND_ADMIN))
    assert again.status == "refused" and production(ctx) == 1
    moves = [e for e in ctx.state.audit_trail(model="cancer") if e.tool == "deploy" and e.outcome == "ok"]
    assert [(e.actor, e.requested_by, e.approval_id, e.args["approved_digest"]) for e in moves] == [
        (ADMIN, DEPLOYER, approval_id, proposed.approval.digest)]


def test_a_model_may_opt_out_of_the_rule_the_team_sets(mlops_home: Path, configure: Any) -> None:
    ctx = configure(TWO_PERSON_TOML + CANCER_TOML + "two_person = false\n")
    assert run(ctx, "train cancer n_estimators=10", slack(TRAINER)).status == "done"
    proposed = run(ctx, "deploy cancer 1", slack(DEPLOYER))
    assert not proposed.approval.two_person
    assert confirm(ctx, proposed.approval.approval_id, slack(DEPLOYER)).status == "done" and production(ctx) == 1


def test_a_click_after_the_change_moved_is_refused_and_a_fresh_approval_follows(mlops_home: Path,
                                                                                 configure: Any) -> None:
    ctx = configure(TWO_PERSON_TOML + CANCER_TOML)
    for params in ("n_estimators=10", "n_estimators=12 max_depth=2"):
        assert run(ctx, f"train cancer {params}", slack(TRAINER)).status == "done"
    first = run(ctx, "deploy cancer 1", slack(DEPLOYER))
    assert confirm(ctx, first.approval.approval_id, slack(ADMIN)).status == "done"
    proposed = run(ctx, 'deploy cancer 2 force=true reason="try the shallow one"', slack(ADMIN))
    assert proposed.status == "needs_approval"
    # A newer version appears before the click: the change the admins approve is no longer the one proposed.
    assert run(ctx, "train cancer n_estimators=14", slack(TRAINER)).status == "done"

    stale = confirm(ctx, proposed.approval.approval_id, slack(SECOND_ADMIN))
    assert stale.status == "needs_approval" and "changed since it was proposed" in stale.message
    assert "newest_version" in stale.message and production(ctx) == 1
    assert ctx.state.approval(proposed.approval.approval_id).status == "failed"
    fresh = stale.approval
    assert fresh.approval_id != proposed.approval.approval_id and fresh.digest != proposed.approval.digest
    assert fresh.requested_by == ADMIN and fresh.plan.newest_version == 3
    assert confirm(ctx, fresh.approval_id, slack(SECOND_ADMIN)).status == "done" and production(ctx) == 2


def test_history_at_an_instant_names_the_version_who_moved_it_and_the_approval(mlops_home: Path,
                                                                               configure: Any) -> None:
    from datetime import UTC, datetime, timedelta

    ctx = configure(TWO_PERSON_TOML + CANCER_TOML)
    for params in ("n_estimators=10", "n_estimators=12 max_depth=2"):
        assert run(ctx, f"train cancer {params}", slack(TRAINER)).status == "done"
    before_any = datetime.now(UTC)
    first = run(ctx, "deploy cancer 1", slack(DEPLOYER))
    assert confirm(ctx, first.approval.approval_id, slack(ADMIN)).status == "done"
    between = datetime.now(UTC)
    second = run(ctx, 'deploy cancer 2 force=true reason="shallow"', slack(ADMIN))
    assert confirm(ctx, second.approval.approval_id, slack(SECOND_ADMIN)).status == "done"

    def held(at: datetime) -> Any:
        outcome = run(ctx, f"history cancer at={at.isoformat()}", slack(TRAINER))
        assert outcome.status == "done", outcome.message
        return outcome.result.held[0]

    assert held(before_any).version is None
    then = held(between)
    assert (then.version, then.by, then.approved_by, then.approval_id, then.digest) == (
        1, DEPLOYER, ADMIN, first.approval.approval_id, first.approval.digest)
    now = held(datetime.now(UTC))
    assert (now.version, now.by, now.approved_by, now.digest) == (2, ADMIN, SECOND_ADMIN, second.approval.digest)
    future = run(ctx, f"history cancer at={(datetime.now(UTC) + timedelta(days=1)).isoformat()}", slack(TRAINER))
    assert future.status == "refused" and "future" in future.message


def test_history_draws_production_over_time(mlops_home: Path, configure: Any) -> None:
    ctx = configure(TWO_PERSON_TOML + CANCER_TOML)
    for params in ("n_estimators=10", "n_estimators=12 max_depth=2"):
        assert run(ctx, f"train cancer {params}", slack(TRAINER)).status == "done"
    assert confirm(ctx, run(ctx, "deploy cancer 1", slack(DEPLOYER)).approval.approval_id, slack(ADMIN)).status == "done"
    forced = run(ctx, 'deploy cancer 2 force=true reason="x"', slack(ADMIN))
    assert confirm(ctx, forced.approval.approval_id, slack(SECOND_ADMIN)).status == "done"
    assert run(ctx, "history cancer", slack(TRAINER)).result.chart_path is None, "a picture only when asked"
    drawn = Path(run(ctx, "history cancer timeline=true", slack(TRAINER)).result.chart_path)
    assert drawn.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and drawn.stat().st_size > 5_000
