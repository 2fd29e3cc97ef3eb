"""`card`: a version's model card, rebuilt from what training recorded plus what happened to it since."""

from __future__ import annotations

from pydantic import BaseModel

from pipelines.lineage import card as cards
from pipelines.lineage.card import ModelCard, Replaced, Signoff
from pipelines.errors import UnknownVersion
from tools.context import Context
from tools.inputs import ModelName, ToolInput, VersionRef
from tools.registry import tool


class CardIn(ToolInput):
    model: ModelName
    version: VersionRef = "production"


class CardOut(BaseModel):
    card: ModelCard
    markdown: str


@tool("card", doing="writing the model card of", input=CardIn, result=CardOut, positional=("model", "version"),
      usage="card <model> [version|alias]",
      description="A version's model card: intended use, data window and hash, features, params, metrics with "
      "intervals, the version it replaced, approvals with their digests, known limitations.",
      examples=("card cancer", "card cancer 2"))
def card(args: CardIn, ctx: Context) -> CardOut:
    from tools.sign_off import digest

    found = ctx.registry.resolve(args.model, args.version)
    version = int(found.version)
    recorded = ctx.registry.download_json(found.run_id, cards.CARD_JSON)
    if recorded is None:
        raise UnknownVersion(f"Version {version} of {args.model} was trained before model cards were written.",
                             hint=f"Reproduce it (reproduce {args.model} {version}) or train a new version.")
    written = ModelCard.model_validate(recorded)
    moves = [e for e in ctx.registry.events(args.model) if e.to_version == version and e.action == "deploy"]
    if moves and moves[0].from_version is not None:
        earlier = ctx.registry.resolve(args.model, moves[0].from_version)
        written.replaced = Replaced(version=moves[0].from_version,
                                    metrics=dict(ctx.registry.client.get_run(earlier.run_id).data.metrics))
    for entry in reversed(ctx.state.audit_trail(model=args.model, limit=1000)):
        if entry.tool in ("deploy", "rollback") and entry.outcome == "ok" and entry.to_version == version:
            approval = ctx.state.approval(entry.approval_id) if entry.approval_id else None
            written.signoffs.append(Signoff(action=entry.tool, at=entry.at, requested_by=entry.requested_by,
                                            approved_by=entry.actor, digest=digest(approval.plan) if approval else None))
    return CardOut(card=written, markdown=cards.to_markdown(written))
