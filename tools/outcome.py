"""What a tool call comes back as, from any surface and any executor: done, waiting for approval, refused, failed."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, SerializeAsAny


class ApprovalRequest(BaseModel):
    """A proposed mutating call waiting for a permitted person's Approve; it carries its id, not authority."""

    approval_id: str
    tool: str
    model: str | None
    args: dict[str, Any]
    plan: SerializeAsAny[BaseModel] | None = None
    requested_by: str
    expires_at: datetime
    digest: str | None = None  # of the exact change: a click after it changed is refused (tools/sign_off.py)
    two_person: bool = False  # the requester cannot approve it themselves


class Outcome(BaseModel):
    tool: str
    status: Literal["done", "needs_approval", "refused", "failed"]
    result: SerializeAsAny[BaseModel] | None = None
    approval: ApprovalRequest | None = None
    message: str | None = None  # what the user reads when refused or failed
    code: str | None = None
    ref: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("done", "needs_approval")
