"""`mlops-bot approvals`, `approve ID`, `reject ID`: what waits, and the terminal operator's decision on it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from tests.conftest import ACCESS_TOML, CANCER_TOML, TRAINER, run, store_state
from tools.access import Caller
from tools.context import Context

FORCED = 'deploy cancer 2 force=true reason="hotfix for the scorer"'


@pytest.fixture
def ctx(cancer_home: Path, configure: Callable[[str], Context]) -> Context:
    return configure(CANCER_TOML + ACCESS_TOML)


def asked(ctx: Context, text: str = FORCED, user: str = "U_ADMIN") -> str:
    """A change asked for as the agent (or an MCP client) asks: it waits; its approval id."""
    outcome = run(ctx, text, Caller(user_id=user, surface="agent"))
    assert outcome.status == "needs_approval", outcome.message
    return outcome.approval.approval_id


def terminal(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.stdout, done.stderr


def test_nothing_waiting_says_so(ctx: Context) -> None:
    assert terminal("approvals") == (0, "No approvals are waiting.\n", "")
    code, out, _ = terminal("approvals", "--json")
    assert code == 0 and json.loads(out) == []


def test_approvals_lists_each_waiting_change_with_how_to_decide(ctx: Context) -> None:
    first = asked(ctx)
    second = asked(ctx, "train cancer", user=TRAINER)
    code, out, _ = terminal("approvals")
    assert code == 0
    assert first in out and "deploy cancer: production v1 → v2 (forced)" in out and "U_ADMIN" in out
    assert second in out and "train model=cancer" in out and TRAINER in out
    assert "mlops-bot approve <id>" in out
    code, out, _ = terminal("approvals", "--json")
    listed = json.loads(out)
    assert [(a["approval_id"], a["status"], a["surface"]) for a in listed] == [(first, "pending", "agent"),
                                                                           (second, "pending", "agent")]
    assert (listed[0]["from_version"], listed[0]["to_version"], listed[0]["args"]["force"]) == (1, 2, "true")
    assert listed[0]["digest"] and listed[0]["change"] == "deploy cancer: production v1 → v2 (forced)"


def test_approve_carries_out_the_change_once(ctx: Context) -> None:
    approval_id = asked(ctx)
    code, out, err = terminal("approve", approval_id)
    assert code == 0, err
    assert "Deployed cancer" in out and "production is now v2" in out
    assert ctx.registry.aliases("cancer")["production"] == 2
    approval = ctx.state.approval(approval_id)
    assert approval.status == "done" and approval.decided_by.startswith("cli:")
    deploys = [e for e in ctx.state.audit_trail(model="cancer") if e.tool == "deploy" and e.approval_id == approval_id]
    assert [(e.outcome, e.requested_by) for e in deploys] == [("ok", "U_ADMIN")]

    again = terminal("approve", approval_id)
    assert again[0] == 1 and "already approved and carried out" in again[2]
    assert terminal("approvals", "--json")[1].strip() == "[]"


def test_reject_changes_nothing_and_cannot_be_approved_after(ctx: Context) -> None:
    approval_id = asked(ctx)
    before = store_state(ctx)
    code, out, err = terminal("reject", approval_id.upper())  # ids are read case-insensitively
    assert code == 0, err
    assert "nothing was changed" in out
    assert ctx.state.approval(approval_id).status == "cancelled"
    after = store_state(ctx)
    assert after["aliases"] == before["aliases"] and after["versions"] == before["versions"]

    code, _, err = terminal("approve", approval_id)
    assert code == 1 and "already cancelled" in err
    assert ctx.registry.aliases("cancer")["production"] == 1


def test_an_unknown_id_is_refused_with_a_clear_message(ctx: Context) -> None:
    before = store_state(ctx)
    for verb in ("approve", "reject"):
        code, out, err = terminal(verb, "0123456789abcdef")
        assert code == 1 and "That approval does not exist" in err and "Traceback" not in out + err
    assert store_state(ctx) == before


def test_a_change_that_moved_since_it_was_asked_is_not_carried_out(ctx: Context) -> None:
    """Two asks for the same deploy; once the first is carried out, the second no longer describes what is there."""
    first, second = asked(ctx), asked(ctx)
    assert terminal("approve", first)[0] == 0
    before = store_state(ctx)
    code, _, err = terminal("approve", second)
    assert code == 1
    assert "The deploy of cancer changed since this was proposed: Version 2 of cancer is already in production." in err
    assert store_state(ctx)["aliases"] == before["aliases"] and ctx.state.approval(second).status != "done"


def test_a_broken_config_is_told_in_one_line(tmp_path: Path, mlops_home: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[access\n")
    code, out, err = terminal("approvals", "--config", str(bad))
    assert code == 1 and "is not valid TOML" in err and "Traceback" not in err
