"""`materialize`: load a Feast-fed model's feature values into its online store, for serving from entity keys."""

from __future__ import annotations

from pydantic import BaseModel

from pipelines.config import FeastSource
from pipelines.errors import UserError
from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.registry import tool


class MaterializeIn(ToolInput):
    model: ModelName


class MaterializeOut(BaseModel):
    model: str
    repo: str
    views: list[str]
    until: str  # ISO time the online store now holds values up to


@tool(
    "materialize",
    doing="materializing features of",
    input=MaterializeIn,
    result=MaterializeOut,
    role="trainer",
    mutates=True,
    slow=True,
    positional=("model",),
    usage="materialize <model>",
    description="Load the newest feature values of a model whose source is a Feast feature repository into its "
    "online store (each feature view from where it last stopped), so the prediction service can answer requests "
    "that carry only entity keys.",
    examples=("materialize drivers",),
)
def materialize(args: MaterializeIn, ctx: Context) -> MaterializeOut:
    from pipelines.data import feature_store

    spec = ctx.spec(args.model)
    if not isinstance(spec.source, FeastSource):
        raise UserError(f"Model {args.model} does not read its features from Feast: there is nothing to materialize.")
    done = feature_store.materialize(spec.source)
    return MaterializeOut(
        model=args.model, repo=done.repo, views=done.views, until=done.end.isoformat(timespec="seconds")
    )
