"""`approval`: where a proposed change stands (pending, approved, done, failed, cancelled, expired) and what it is.

The read an MCP client (or anyone holding the id) polls after a deploy or rollback came back "approval needed";
deciding is not done here but with the Approve / Cancel buttons or `mlops-bot approve|reject ID`.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, field_validator

from tools import sign_off
from tools.context import Context
from tools.inputs import ToolInput
from tools.registry import tool

if TYPE_CHECKING:
    from tools.state.approvals import Approval


class ApprovalIn(ToolInput):
    approval_id: str = Field(description="the id a deploy or rollback returned when it asked for approval, e.g. "
                                         "3f9a1c2b4d5e6f70")

    @field_validator("approval_id")
    @classmethod
    def _looks_like_an_approval(cls, value: str) -> str:
        if not re.fullmatch(r"[0-9a-f]{16}", value.lower()):
            raise ValueError(f"'{value}' is not an approval id: they are 16 hex characters, e.g. 3f9a1c2b4d5e6f70")
        return value.lower()


class ApprovalState(BaseModel):
    """One proposed change and where it stands; `outcome` says what came of it once it ran."""

    approval_id: str
    tool: str
    model: str | None
    change: str  # what it does, in a line: "deploy cancer: production v1 → v2 (forced)"
    args: dict[str, str]  # as asked, each value as text
    from_version: int | None = None
    to_version: int | None = None
    digest: str | None = None  # of the exact change (tools/sign_off.py): an approval of anything else is refused
    status: str  # pending | approved (running) | done | failed | cancelled | expired
    requested_by: str
    surface: str
    created_at: datetime
    expires_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    outcome: str | None = None

    @classmethod
    def of(cls, found: Approval) -> ApprovalState:
        status = found.status
        if status == "pending" and found.expires_at <= datetime.now(UTC):
            status = "expired"  # nobody decided in time; the row itself says so once someone tries
        plan = found.plan or {}
        return cls(approval_id=found.id, tool=found.tool, model=found.model, change=change(found),
                   args={k: v if isinstance(v, str) else json.dumps(v) for k, v in found.args.items() if v is not None},
                   from_version=plan.get("from_version"), to_version=plan.get("to_version"),
                   digest=sign_off.digest(found.plan), status=status, requested_by=found.requested_by,
                   surface=found.surface, created_at=found.created_at, expires_at=found.expires_at,
                   decided_by=found.decided_by, decided_at=found.decided_at, outcome=found.outcome)


def change(approval: Approval) -> str:
    """A proposed change in one line: a production move by its versions, anything else by its arguments."""
    plan = approval.plan or {}
    if plan.get("to_version") is not None:
        before = f"v{plan['from_version']}" if plan.get("from_version") else "none"
        forced = " (forced)" if plan.get("forced") else ""
        return f"{approval.tool} {approval.model}: production {before} → v{plan['to_version']}{forced}"
    shown = " ".join(f"{k}={v}" for k, v in approval.args.items() if v not in (None, "", {}, []))
    return f"{approval.tool} {shown}".strip()


@tool("approval", doing="looking up", input=ApprovalIn, result=ApprovalState, positional=("approval_id",),
      model_of=lambda args: None, usage="approval <id>",
      description="Show where a proposed deploy or rollback stands by its approval id: pending, approved and "
      "running, done, failed, cancelled or expired; who asked, who decided, the exact change and what came of it.",
      examples=("approval 3f9a1c2b4d5e6f70",))
def approval(args: ApprovalIn, ctx: Context) -> ApprovalState:
    return ApprovalState.of(ctx.state.approval(args.approval_id))
