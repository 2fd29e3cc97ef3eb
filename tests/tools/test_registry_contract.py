"""One contract every registered tool keeps, checked over the whole registry (scikit-learn's check_estimator idea)."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import BaseModel

from bot.slack.render import RENDERERS
from pipelines.errors import UnknownModel, UsageError
from tools.catalog import all_tools
from tools.config import demo_config, parse_config
from tools.dispatch import validate
from tools.parse import parse
from tools.registry import Tool

# The demo models and one fed by a Feast repository, for the examples of the Feast tools (materialize, skew).
FEAST_MODEL = {"task": "binary", "target": "label", "timestamp": "event_time", "estimator": "logistic_regression",
               "primary_metric": "roc_auc", "source": {"kind": "feast", "repo": "features", "features": ["d:x"],
                                                       "entity_source": {"kind": "csv", "path": "entities.csv"}}}
CTX: Any = SimpleNamespace(config=parse_config({"models": {**demo_config()["models"], "drivers": FEAST_MODEL}},
                                               source_path="<built-in demo>"))
TOOLS = all_tools()


def each_tool() -> Any:
    return pytest.mark.parametrize("tool", list(TOOLS.values()), ids=list(TOOLS))


@each_tool()
def test_it_describes_itself_for_people_and_for_an_llm(tool: Tool) -> None:
    """A function-calling-safe name, a sentence of description, a usage line starting with its verb, examples."""
    assert re.fullmatch(r"[a-z][a-z0-9_]{1,63}", tool.name)
    assert len(tool.description) >= 30 and tool.description.endswith(".")
    assert tool.usage.split()[0] == tool.verb
    assert tool.examples, "give at least one example command"
    assert tool.name in all_tools(), "import its module in tools/catalog/__init__.py so help lists it in place"


@each_tool()
def test_its_input_model_is_strict_and_documented(tool: Tool) -> None:
    """Unknown fields are forbidden and every field has a description the agent can read."""
    assert tool.input.model_config.get("extra") == "forbid"
    for name, field in tool.input.model_fields.items():
        assert field.description, f"{tool.name}.{name} has no description"
    assert set(tool.positional) <= set(tool.input.model_fields)
    assert tool.extra_options_field is None or tool.extra_options_field in tool.input.model_fields


@each_tool()
def test_its_result_model_has_a_renderer(tool: Tool) -> None:
    """Slack, the CLI and the agent can all show what the tool returns."""
    assert issubclass(tool.result, BaseModel)
    assert any(cls in RENDERERS for cls in tool.result.__mro__), f"no renderer for {tool.result.__name__}"


@each_tool()
def test_its_verb_and_examples_parse_and_validate(tool: Tool) -> None:
    """The verb is a command, and every documented example parses to this tool and passes validation."""
    assert parse(tool.verb).tool == tool.name
    assert sum(t.verb == tool.verb for t in TOOLS.values()) == 1
    for example in tool.examples:
        call = parse(example)
        assert call.tool == tool.name, example
        assert isinstance(validate(tool, call.args, CTX), tool.input)


@each_tool()
def test_bad_input_is_rejected_by_validation(tool: Tool) -> None:
    """An unknown field, and (for model tools) an unknown model, are refused before the tool runs."""
    good = parse(tool.examples[0]).args
    with pytest.raises(UsageError) as raised:
        validate(tool, {**good, "no_such_option": 1}, CTX)
    assert f"Usage: {tool.usage}" in str(raised.value)
    if "model" in tool.input.model_fields:
        with pytest.raises(UnknownModel, match="Unknown model 'nosuch'"):
            validate(tool, {**good, "model": "nosuch"}, CTX)
    for field in ("last", "since", "until"):
        if field in tool.input.model_fields:
            with pytest.raises(UsageError, match=f"{field}=banana"):
                validate(tool, {**good, field: "banana"}, CTX)


@each_tool()
def test_mutation_and_confirmation_flags_agree(tool: Tool) -> None:
    """What changes state needs more than a viewer; what needs confirmation mutates and can plan and execute."""
    if tool.mutates:
        assert tool.role != "viewer"
    if tool.needs_confirmation:
        assert tool.mutates and tool.plan is not None and tool.plan_type is not None and tool.execute is not None
        assert any(cls in RENDERERS for cls in tool.plan_type.__mro__), "the plan is shown on the Approve message"
    if tool.role_for is not None:
        assert tool.mutates


def test_the_core_verbs_of_the_slash_command_exist() -> None:
    """Every verb DESIGN.md promises for /mlops is registered."""
    verbs = {t.verb for t in TOOLS.values()}
    assert {"help", "models", "train", "evaluate", "compare", "deploy", "rollback", "status", "history"} <= verbs
    assert {name for name, t in TOOLS.items() if t.needs_confirmation} >= {"deploy", "rollback"}
