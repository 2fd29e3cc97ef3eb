"""A pending change is never decided in words: "reject that rollback" under a rollback waiting for approval plans
nothing (before, it planned the rollback again: a change asked for by a request to stop one). Asking who rejected or
approved a change stays a read of its history, and a rollback asked for plainly keeps its call."""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread

_PENDING = thread(
    {"role": "user", "content": "rollback wine 3"},
    {"role": "tool", "tool": "rollback", "args": {"model": "wine", "version": "3"}, "status": "needs_approval",
     "approval": {"id": "a1b2c3d4e5f60718", "args": {"model": "wine", "version": "3"}}},
    {"role": "assistant", "content": "Rolling wine back from v5 to v3 needs approval: Approve / Cancel posted."})


def test_a_pending_change_rejected_in_words_plans_nothing() -> None:
    for said in ("reject that rollback", "deny it", "please decline the rollback", "veto this", "turn down the change"):
        assert steps(said, _PENDING) == [], said
    assert steps("deny the deploy of cancer 4") == []


def test_who_rejected_a_change_is_its_history_and_a_plain_rollback_keeps_its_call() -> None:
    assert steps("who rejected the deploy of cancer?") == [("history", {"model": "cancer"})]
    assert steps("rollback wine to 3") == [("rollback", {"model": "wine", "version": "3"})]
