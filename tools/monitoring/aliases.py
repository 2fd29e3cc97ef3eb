"""The alias watch: a registry alias moved outside the bot (a script, the MLflow UI) is noticed, audited, told.

Every poll compares each configured model's aliases with the ones seen last (state table `aliases_seen`). A move
is the bot's own when the audit log holds a successful action of this model that put the alias's new version in
place recently (deploy and rollback move production, train and tune challenger); any other move is external: it enters the audit log (tool
`alias_moved`, surface `external`, so `history` shows it) and is returned for the surface to post in the model's
alert channel. The first look at a model is a baseline and says nothing.

The poll is one way to look; an MLflow registry webhook (bot/slack/mlflow_webhook.py) is the other: it looks at
the one model at once, through `look` like the poll. Each move is claimed in `aliases_seen` by one atomic
statement, so a move both of them see is audited and told once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from pydantic import BaseModel

from tools.context import Context
from tools.state.base import now

log = logging.getLogger("mlops.aliases")
EXTERNAL_TOOL = "alias_moved"
EXTERNAL_SURFACE = "external"
OWN_MOVE_WITHIN = timedelta(minutes=15)  # an audited action this recent explains a move to its version
MOVES = {"deploy": "production", "rollback": "production", "train": "challenger", "tune": "challenger"}  # tool: alias
SETTLE_SECONDS = 2.0  # a bot action moves the alias a moment before it is audited: look twice before accusing


class AliasMove(BaseModel):
    model: str
    alias: str
    from_version: int | None  # None: the alias is new
    to_version: int | None  # None: the alias was deleted
    by: str | None = None  # who, where MLflow knows (a local store does not)
    at: datetime
    channel: str | None = None  # the model's alert channel, if it has one


def look(ctx: Context, tell: Callable[[AliasMove], None] | None, *, models: Iterable[str] | None = None,
         settle: float = SETTLE_SECONDS) -> list[AliasMove]:
    """Watch (the poll: every model; a webhook: its model) and tell each external move; a move that cannot be told
    (Slack unreachable) is logged: it is in the audit log and `history` all the same."""
    moves = watch(ctx, models=models, settle=settle)
    for move in moves:
        try:
            if tell is not None:
                tell(move)
        except Exception:
            log.exception("could not tell the move of %s of %s", move.alias, move.model)
    return moves


def watch(ctx: Context, *, models: Iterable[str] | None = None, settle: float = SETTLE_SECONDS) -> list[AliasMove]:
    """One look at the aliases of `models` (default: every configured model); the external moves found (already
    audited)."""
    moves: list[AliasMove] = []
    for model in ctx.config.models if models is None else models:
        try:
            moves += _watch_model(ctx, model, settle=settle)
        except Exception:  # MLflow unreachable or one model's trouble: the next poll looks again
            log.warning("could not look at the aliases of %s", model, exc_info=True)
    return moves


def record(ctx: Context, move: AliasMove) -> None:
    """Enter an external move in the audit log (and so in `history`), marked as external."""
    ctx.state.audit(actor=move.by or "outside the bot", surface=EXTERNAL_SURFACE, tool=EXTERNAL_TOOL, model=move.model,
                    args={"alias": move.alias, "external": True}, outcome="ok", from_version=move.from_version,
                    to_version=move.to_version, message=f"{move.alias} moved outside the bot")


def channel_for(ctx: Context, model: str) -> str | None:
    monitor = ctx.state.monitor(model)
    if monitor is not None and monitor.settings.channel:
        return monitor.settings.channel
    spec = ctx.config.models.get(model)
    return spec.monitor.channel if spec is not None and spec.monitor is not None else None


def _watch_model(ctx: Context, model: str, *, settle: float) -> list[AliasMove]:
    current = ctx.registry.aliases(model)
    seen = ctx.state.seen_aliases(model)
    if seen is None or seen == current:
        if seen is None:
            ctx.state.see_aliases(model, current)
        return []
    changed = [a for a in sorted(set(seen) | set(current)) if seen.get(a) != current.get(a)]
    unexplained = [a for a in changed if not _own(ctx, model, a, current.get(a))]
    if unexplained and settle > 0:
        time.sleep(settle)
        unexplained = [a for a in unexplained if not _own(ctx, model, a, current.get(a))]
    # Claimed after the settle: a process that dies while settling leaves the move to the next look.
    claimed = [a for a in changed if ctx.state.claim_alias_move(model, a, seen.get(a), current.get(a))]
    unexplained = [a for a in unexplained if a in claimed]  # another look (poll or webhook) told the others
    channel = channel_for(ctx, model) if unexplained else None
    moves = [AliasMove(model=model, alias=a, from_version=seen.get(a), to_version=current.get(a), at=now(),
                       channel=channel) for a in unexplained]
    for move in moves:
        record(ctx, move)
        log.warning("%s of %s moved outside the bot: %s -> %s", move.alias, model, move.from_version, move.to_version)
    return moves


def _own(ctx: Context, model: str, alias: str, version: int | None) -> bool:
    """Did an audited action of the bot recently move `alias` to `version`?"""
    since = now() - OWN_MOVE_WITHIN
    for entry in ctx.state.audit_trail(model=model, limit=50):
        if entry.at < since:
            break
        if entry.outcome == "ok" and entry.surface != EXTERNAL_SURFACE and version is not None \
                and MOVES.get(entry.tool) == alias and entry.to_version == version:
            return True
    return False
