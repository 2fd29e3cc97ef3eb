"""The one registry of tools: each declared once (tools/catalog/), used by every surface through dispatch.

This module only holds the declarations; importing `tools.catalog` declares every tool, in the order help lists
them, and is where callers look tools up (`all_tools`, `by_verb`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

if TYPE_CHECKING:
    from tools.context import Context

Role = Literal["viewer", "trainer", "deployer", "admin"]


@dataclass
class Tool:
    name: str
    verb: str  # the word after /mlops
    description: str  # what an LLM and a person read to decide to use it
    usage: str  # e.g. "compare <model> [a] [b] [last=7d]"
    input: type[BaseModel]
    result: type[BaseModel]
    run: Callable[[Any, Context], BaseModel]
    role: Role = "viewer"
    mutates: bool = False
    needs_confirmation: bool = False
    positional: tuple[str, ...] = ()
    extra_options_field: str | None = None  # unknown key=value options land here (train's param overrides)
    examples: tuple[str, ...] = ()
    slow: bool = False  # worth a "working on it" message with progress
    doing: str = ""  # the status line while it runs: "training" (cancer…); the tool's name when empty
    inline: bool = False  # cheap enough for the web process itself, so it never queues behind long work (help, cancel)
    takes_lock: bool = True  # a mutating tool holds its model's lock while it runs (not `unlock` itself)
    plan: Callable[[Any, Context], BaseModel] | None = None
    plan_type: type[BaseModel] | None = None
    execute: Callable[[Any, Any, Context, str], BaseModel] | None = None  # (plan, args, ctx, by)
    role_for: Callable[[Any], Role] | None = None  # a stricter role for some inputs (deploy with force)
    mutates_for: Callable[[Any], bool] | None = None  # a mutating tool whose some inputs only read (abtest report)
    model_of: Callable[[Any], str | None] = field(default=lambda args: getattr(args, "model", None))
    reads_only: Callable[[Any], bool] | None = None  # some inputs only look (monitor <model>): no role, no approval
    origin_field: str | None = None  # filled with the caller's channel when not given (where alerts go)

    def required_role(self, args: BaseModel) -> Role:
        return self.role_for(args) if self.role_for else self.role

    def mutates_with(self, args: BaseModel) -> bool:
        return self.mutates and (self.mutates_for is None or self.mutates_for(args))


TOOLS: dict[str, Tool] = {}  # in declaration order: the catalog imports its modules in the order help shows


def tool(name: str, *, verb: str | None = None, input: type[BaseModel], result: type[BaseModel], description: str,
         usage: str, **options: Any) -> Callable[[Callable[[Any, Context], BaseModel]], Tool]:
    """Declare a tool; the decorated function is its `run(args, ctx)`."""

    def register(run: Callable[[Any, Context], BaseModel]) -> Tool:
        if name in TOOLS:
            raise RuntimeError(f"tool {name} declared twice")
        declared = Tool(name=name, verb=verb or name, description=description, usage=usage, input=input,
                        result=result, run=run, **options)
        TOOLS[name] = declared
        return declared

    return register
