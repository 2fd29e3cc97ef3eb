"""The registry's tools sorted by what the reader needs to know of them: which change something, which need a
model, which take a data window. Read from the catalog, so a new tool is sorted by its own declaration."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tools.catalog import all_tools

TOOLS = all_tools()
MUTATING = {name for name, spec in TOOLS.items() if spec.mutates}
NEEDS_MODEL = {name for name, spec in TOOLS.items() if "model" in spec.input.model_fields
               and spec.input.model_fields["model"].is_required()}
WINDOWED = {name for name, spec in TOOLS.items() if {"last", "since", "until"} <= set(spec.input.model_fields)}
WINDOW_KEYS = ("last", "since", "until")


def not_accepted(tool: str, args: dict[str, Any]) -> str | None:
    """Why the tool would not take these arguments ("snooze for at most 30d", "'100%' is not a test: …"), or None.
    A model name is not judged here (the configuration is not at hand): only what the tool itself allows."""
    spec = TOOLS.get(tool)
    if spec is None:
        return None
    try:
        spec.input.model_validate(args, context={})
    except ValidationError as error:
        reasons = [str(e.get("ctx", {}).get("error") or e.get("msg", "")).removeprefix("Value error, ")
                   for e in error.errors()]
        return f"{'; '.join(r for r in reasons if r) or 'those settings are not accepted'} (usage: `{spec.usage}`)"
    except ValueError as error:  # a window that does not parse, a user error raised by a validator
        return f"{error} (usage: `{spec.usage}`)"
    return None
