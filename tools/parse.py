"""Slash-command text to a tool call: a verb, positional values, then key=value options (quotes allowed)."""

from __future__ import annotations

import re
import shlex
from functools import cache
from typing import Any

from pydantic import BaseModel

from pipelines.errors import UsageError
from pipelines.suggest import did_you_mean
from tools.catalog import all_tools, by_verb
from tools.registry import Tool


class ToolCall(BaseModel):
    tool: str
    args: dict[str, Any]

    def __reduce__(self) -> tuple[Any, ...]:
        return _unpickle_call, (self.tool, self.args)  # plain data: slash commands cross to the work process pickled


def _unpickle_call(tool: str, args: dict[str, Any]) -> ToolCall:
    return ToolCall(tool=tool, args=args)


_WORD = re.compile(r"[^ \t\r\n]+")  # shlex's own whitespace, so both split alike


def tokens_of(text: str) -> list[str]:
    """Split like a POSIX shell. Most commands have no quote or backslash, and for them a regex split gives the same
    tokens as shlex at a fraction of its cost, which the slash-command ack pays."""
    if not any(c in text for c in "'\"\\"):
        return _WORD.findall(text)
    try:
        return shlex.split(text)
    except ValueError as exc:
        raise UsageError(f"Could not read that command ({exc}). Close your quotes, e.g. reason=\"a reason\".") from None


def parse(text: str) -> ToolCall:
    tokens = tokens_of(text.strip())
    if not tokens:
        return ToolCall(tool="help", args={})
    verb, rest = tokens[0].lower(), tokens[1:]
    tool = by_verb(verb) or all_tools().get(verb)
    if tool is None:
        verbs = [t.verb for t in all_tools().values()]
        hint = did_you_mean(verb, verbs)
        raise UsageError(f"Unknown command '{verb}'.{hint}", hint=f"Commands: {', '.join(verbs)}. Try: help")
    return ToolCall(tool=tool.name, args=_arguments(tool, rest))


def _arguments(tool: Tool, tokens: list[str]) -> dict[str, Any]:
    fields = _fields(tool.input)
    args: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    positional = list(tool.positional)
    for token in tokens:
        key, sep, value = token.partition("=")
        if not sep:
            if not positional:
                raise UsageError(f"{tool.verb}: unexpected '{token}'.", hint=f"Usage: {tool.usage}")
            args[positional.pop(0)] = token
            continue
        raw_key = key.strip().replace("-", "_")
        key = raw_key.lower().replace("-", "_")
        if not key:
            raise UsageError(f"{tool.verb}: '{token}' has no option name.", hint=f"Usage: {tool.usage}")
        if key in fields and key != tool.extra_options_field:
            if key in args:
                raise UsageError(f"{tool.verb}: {key} is given twice.", hint=f"Usage: {tool.usage}")
            args[key] = value
            if key in positional:
                positional.remove(key)
        elif tool.extra_options_field:
            extra[raw_key] = literal(value)  # estimator params are case-sensitive (LogisticRegression's C)
        else:
            options = [f for f in fields if f not in tool.positional]
            hint = did_you_mean(key, options)
            raise UsageError(f"{tool.verb} has no option '{key}'.{hint}", hint=f"Usage: {tool.usage}")
    if extra:
        args[tool.extra_options_field] = extra  # type: ignore[index]
    return args


@cache
def _fields(model: type[BaseModel]) -> tuple[str, ...]:
    """A tool's option names, in order, looked up once: pydantic's `model_fields` is a chain of descriptor calls on
    every access, which every slash command's ack would pay."""
    return tuple(model.model_fields)


def literal(value: str) -> Any:
    """`300` -> 300, `0.1` -> 0.1, `true` -> True, `none` -> None, anything else stays text."""
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("none", "null"):
        return None
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value
