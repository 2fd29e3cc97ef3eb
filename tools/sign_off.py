"""Who may sign off a proposed change, and on exactly what.

Two rules on top of the role check: with `two_person`, the person who asked for a deploy or rollback cannot also
approve it; and an approval is bound to a digest of the exact change (model, target, the version it replaces, the
newest version there was, the gate's evidence). When the click comes, the change is planned again under the
model's lease: a different digest means something moved since the proposal, so the click is refused and a fresh
approval takes its place.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from pipelines.errors import UserError
from tools.errors import ApprovalError

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import BaseModel

    from tools.access import Caller
    from tools.context import Context
    from tools.state.approvals import Approval

# What people read on the approval and what would make it a different change; not the online test's running
# numbers (they move every second and are cited for context only).
_NOT_THE_CHANGE = ("online",)


class StaleApproval(ApprovalError):
    """The change planned now differs from the one approved."""

    code = "stale_approval"


def digest(plan: dict[str, Any] | None) -> str | None:
    """A short, stable fingerprint of the change a plan makes."""
    if plan is None:
        return None
    bound = {k: v for k, v in plan.items() if k not in _NOT_THE_CHANGE}
    return hashlib.sha256(json.dumps(bound, sort_keys=True, default=str).encode()).hexdigest()[:16]


def two_person(ctx: Context, model: str | None) -> bool:
    """The model's own `two_person` when it sets one, else `[approvals] two_person`."""
    spec = ctx.config.models.get(model or "")
    if spec is not None and spec.two_person is not None:
        return spec.two_person
    return ctx.config.approvals.two_person


def check_second_person(ctx: Context, approval: Approval, caller: Caller) -> None:
    if two_person(ctx, approval.model) and caller.user_id == approval.requested_by:
        raise ApprovalError(
            f"You asked for this {approval.tool} of {approval.model}, so someone else must approve it "
            "(two-person rule). Nothing was changed.",
            hint="Ask another person with the role to click Approve, or in a terminal: mlops-bot approve "
                 f"{approval.id}")


def planned_now(approval: Approval, plan: Callable[[], BaseModel]) -> dict[str, Any]:
    """The change as it would be planned now; one that can no longer be made at all refuses the click."""
    try:
        return plan().model_dump(mode="json")
    except UserError as exc:
        raise ApprovalError(f"The {approval.tool} of {approval.model} changed since this was proposed: {exc} "
                            "Nothing was changed.") from None


def check_unchanged(approval: Approval, planned_now: dict[str, Any]) -> None:
    """Refuse when the change planned now is not the one that was approved."""
    then, now = digest(approval.plan), digest(planned_now)
    if then != now:
        differences = sorted(k for k in {*(approval.plan or {}), *planned_now} - set(_NOT_THE_CHANGE)
                             if (approval.plan or {}).get(k) != planned_now.get(k))
        raise StaleApproval(
            f"The {approval.tool} of {approval.model} changed since it was proposed ({', '.join(differences)} "
            f"differ; approved {then}, now {now}). Nothing was changed; a fresh approval follows.")
