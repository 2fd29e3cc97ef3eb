"""`help`: every verb with its usage line, or one verb in detail; read from the registry, never duplicated."""

from __future__ import annotations

from pydantic import BaseModel, Field

from pipelines.errors import UsageError
from pipelines.suggest import did_you_mean
from tools.context import Context
from tools.inputs import ToolInput
from tools.registry import TOOLS, tool


class HelpIn(ToolInput):
    topic: str | None = Field(None, description="a verb to explain, e.g. train")


class HelpEntry(BaseModel):
    verb: str
    usage: str
    description: str
    examples: list[str]
    needs_approval: bool


class HelpOut(BaseModel):
    topic: str | None
    entries: list[HelpEntry]
    models: list[str]


@tool("help", doing="gathering help", input=HelpIn, result=HelpOut, positional=("topic",), usage="help [verb]", inline=True,
      description="List the commands and how to use them, or explain one command.", examples=("help", "help train"))
def help_(args: HelpIn, ctx: Context) -> HelpOut:
    tools = [t for t in TOOLS.values() if t.name != "help"]
    if args.topic:
        chosen = [t for t in tools if args.topic in (t.verb, t.name)]
        if not chosen:
            hint = did_you_mean(args.topic, [t.verb for t in tools])
            raise UsageError(f"There is no command '{args.topic}'.{hint} Try: help")
        tools = chosen
    return HelpOut(topic=args.topic, models=sorted(ctx.config.models), entries=[
        HelpEntry(verb=t.verb, usage=t.usage, description=t.description, examples=list(t.examples),
                  needs_approval=t.needs_confirmation) for t in tools])
