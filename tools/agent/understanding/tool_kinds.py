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


# Tools that pick the versions they act on themselves: an online test always puts the challenger against production
_OWN_VERSIONS = {"abtest": "an online test always puts the current challenger against production, so it can't test "
                           "versions of your choosing; to compare two versions offline: `compare {model} {a} {b}`"}


def not_taken(tool: str, model: str | None, settings: list[tuple[str, Any]], versions: list[str]) -> str | None:
    """Why a call can't carry what its own clause said, or None: estimator settings to a tool without them ("reproduce
    cancer v3 but with max_depth=10": a reproduction retrains as recorded), numbered versions to a tool that picks its
    own ("abtest cancer v3 against v5")."""
    spec = TOOLS.get(tool)
    if spec is None or tool in ("train", "help"):  # "what does on_drift=retrain do": the option asked about
        return None
    fields = set(spec.input.model_fields)
    extra = [f"{key}={value}" for key, value in settings if key not in fields]
    if extra:
        keys = ", ".join(k.split("=")[0] for k in extra)
        return (f"I can't do that as asked: `{tool}` takes no {keys} (usage: `{spec.usage}`); other settings make a "
                f"new training: `train {model or '<model>'} {' '.join(extra)}`.")
    numbered = [v for v in versions if v.isdigit()]
    if numbered and tool in _OWN_VERSIONS:
        a, b = (numbered + ["challenger"])[:2]
        return f"I can't do that as asked: {_OWN_VERSIONS[tool].format(model=model or '<model>', a=a, b=b)}."
    return None



def _options() -> dict[str, str]:
    """Each option by the one command that takes it ("on_drift=retrain" is the monitor's, "at=" history's): what a
    question about an option is asked of. An option more than one command takes (model, all, last) names none."""
    taken: dict[str, set[str]] = {}
    for spec in TOOLS.values():
        for option in spec.input.model_fields:
            taken.setdefault(option, set()).add(spec.verb)
    return {option: verbs.pop() for option, verbs in taken.items() if len(verbs) == 1}


OPTION_OF = _options()
