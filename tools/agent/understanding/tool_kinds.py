"""The registry's tools sorted by what the reader needs to know of them: which change something, which need a
model, which take a data window. Read from the catalog, so a new tool is sorted by its own declaration."""

from __future__ import annotations

from tools.catalog import all_tools

TOOLS = all_tools()
MUTATING = {name for name, spec in TOOLS.items() if spec.mutates}
NEEDS_MODEL = {name for name, spec in TOOLS.items() if "model" in spec.input.model_fields
               and spec.input.model_fields["model"].is_required()}
WINDOWED = {name for name, spec in TOOLS.items() if {"last", "since", "until"} <= set(spec.input.model_fields)}
WINDOW_KEYS = ("last", "since", "until")
