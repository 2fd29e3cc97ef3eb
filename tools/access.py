"""Who may call what: roles come from the config, checked once in dispatch and never by a prompt."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from tools.config import Access
from tools.errors import AccessDenied
from tools.registry import Role

Surface = Literal["slack", "cli", "agent", "scheduler", "mcp"]
_RANK: dict[str, int] = {"viewer": 0, "trainer": 1, "deployer": 2, "admin": 3}


class Caller(BaseModel):
    user_id: str
    surface: Surface
    trusted: bool = False  # the local CLI user owns the machine and the stores: treated as admin
    channel: str | None = None  # where the request came from, when a channel is the natural default
    # When the person acted, as the surface saw it (a button's action_ts): two clicks can be handled in either
    # order, and what they settle must follow the order they were made in.
    asked_at: datetime | None = None


def role_of(caller: Caller, access: Access) -> Role:
    if caller.trusted:
        return "admin"
    for role, members in (("admin", access.admins), ("deployer", access.deployers), ("trainer", access.trainers)):
        if caller.user_id in members or "*" in members:
            return role  # type: ignore[return-value]
    return "viewer"


def check(caller: Caller, access: Access, needed: Role, *, what: str) -> None:
    if _RANK[role_of(caller, access)] >= _RANK[needed]:
        return
    if not access.configured:
        raise AccessDenied(
            f"No one may {what} yet: access is not configured.",
            hint="Add Slack user ids to mlops-bot.toml, e.g. [access] trainers = [\"U123\"], deployers = [\"U123\"], "
            "admins = [\"U456\"], then restart the bot.",
        )
    raise AccessDenied(f"You don't have access to {what}: it needs the {needed} role.",
                       hint="Ask an admin to add you under [access] in mlops-bot.toml.")
