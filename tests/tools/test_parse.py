"""Slash-command text to tool calls: verbs, positionals, key=value options, quotes, and the errors people make."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.errors import UsageError
from tools.catalog import all_tools
from tools.parse import ToolCall, literal, parse


@pytest.mark.parametrize(("text", "tool", "args"), [
    ("", "help", {}),
    ("   ", "help", {}),
    ("help train", "help", {"topic": "train"}),
    ("models", "list_models", {}),
    ("list_models", "list_models", {}),  # a tool's name works as well as its verb
    ("TRAIN cancer", "train", {"model": "cancer"}),
    ("train cancer last=30d n_estimators=300 max_depth=8",
     "train", {"model": "cancer", "last": "30d", "params": {"n_estimators": 300, "max_depth": 8}}),
    ("train cancer since=2026-01-01 until=30d", "train", {"model": "cancer", "since": "2026-01-01", "until": "30d"}),
    ("evaluate cancer", "evaluate", {"model": "cancer"}),
    ("evaluate cancer challenger last=7d", "evaluate", {"model": "cancer", "version": "challenger", "last": "7d"}),
    ("evaluate cancer version=3", "evaluate", {"model": "cancer", "version": "3"}),
    ("compare cancer production 3", "compare", {"model": "cancer", "a": "production", "b": "3"}),
    ("compare cancer b=3", "compare", {"model": "cancer", "b": "3"}),
    ("compare cancer b=3 2", "compare", {"model": "cancer", "b": "3", "a": "2"}),  # a named positional is skipped
    ('deploy cancer 2 force=true reason="hot fix for the scorer"',
     "deploy", {"model": "cancer", "version": "2", "force": "true", "reason": "hot fix for the scorer"}),
    ("deploy cancer 2 reason='it is = fine'", "deploy", {"model": "cancer", "version": "2", "reason": "it is = fine"}),
    ("rollback cancer", "rollback", {"model": "cancer"}),
    ("rollback cancer 1", "rollback", {"model": "cancer", "version": "1"}),
    ("status cancer", "status", {"model": "cancer"}),
    ("history cancer limit=5", "history", {"model": "cancer", "limit": "5"}),
])
def test_commands_parse_to_tool_calls(text: str, tool: str, args: dict[str, Any]) -> None:
    """Each documented form maps to one tool and its raw arguments (validation comes later, in dispatch)."""
    assert parse(text) == ToolCall(tool=tool, args=args)


@pytest.mark.parametrize(("text", "expected"), [
    ("trian cancer", ["Unknown command 'trian'", "Did you mean train?", "Commands: help, models, train"]),
    ("xyzzy", ["Unknown command 'xyzzy'", "Try: help"]),
    ("evaluate cancer 1 2", ["evaluate: unexpected '2'", "Usage: evaluate <model>"]),
    ("compare cancer lst=7d", ["compare has no option 'lst'", "Did you mean last?"]),
    ("history cancer limit=1 limit=2", ["limit is given twice"]),
    ("status =cancer", ["'=cancer' has no option name"]),
    ('deploy cancer 2 reason="unclosed', ["Close your quotes"]),
    ("status cancer force=true", ["status has no option 'force'"]),
])
def test_malformed_commands_are_usage_errors_that_say_what_to_write(text: str, expected: list[str]) -> None:
    """The parser refuses with a sentence naming the problem and, where it can, the right spelling or usage."""
    with pytest.raises(UsageError) as raised:
        parse(text)
    assert raised.value.code == "usage"
    for part in expected:
        assert part in str(raised.value)


def test_estimator_parameter_names_keep_their_case() -> None:
    """`train wine C=0.5` must override LogisticRegression's C, the demo wine model's own parameter."""
    assert parse("train wine C=0.5").args["params"] == {"C": 0.5}


def test_dashes_in_parameter_names_become_underscores() -> None:
    """`n-estimators=3` is read as n_estimators, as for the tool's own options (`max-depth`, `n-estimators`)."""
    assert parse("train cancer n-estimators=3 Max-Features=2").args["params"] == {"n_estimators": 3, "Max_Features": 2}


@pytest.mark.parametrize(("text", "value"), [
    ("300", 300), ("-3", -3), ("0.1", 0.1), ("1e3", 1000.0), ("true", True), ("FALSE", False),
    ("none", None), ("null", None), ("balanced", "balanced"), ("7d", "7d"), ("", ""),
])
def test_option_values_become_python_literals(text: str, value: object) -> None:
    """Param overrides are typed the way a person means them; anything else stays text."""
    parsed = literal(text)
    assert parsed == value and type(parsed) is type(value)


def test_every_verb_in_the_registry_parses() -> None:
    """The parser reads verbs from the registry, so every registered verb (and tool name) is a command."""
    for name, tool in all_tools().items():
        assert parse(tool.verb).tool == name
        assert parse(name).tool == name


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_any_text_parses_or_is_a_usage_error(text: str) -> None:
    """Whatever is typed, the parser answers with a tool call or a UsageError, never another exception."""
    try:
        call = parse(text)
    except UsageError as exc:
        assert str(exc)
    else:
        assert call.tool in all_tools()


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted({t.verb for t in all_tools().values()})),
       st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,12}=[A-Za-z0-9._-]{1,12}", fullmatch=True), max_size=4))
def test_key_value_options_never_crash_the_parser(verb: str, options: list[str]) -> None:
    """Any verb with any key=value options parses or is refused as usage; known keys land under their name."""
    try:
        call = parse(" ".join([verb, "cancer", *options]))
    except UsageError:
        return
    tool = all_tools()[call.tool]
    for option in options:
        key, _, value = option.partition("=")
        if key in tool.input.model_fields and key != tool.extra_options_field:
            assert call.args[key] == value


MODEL_NAMES = st.from_regex(r"[a-z][a-z0-9_-]{0,15}", fullmatch=True)
WINDOWS = st.sampled_from(["7d", "30d", "12h", "2w", "2026-01-01", "2026-11-30T08:00"])
VERSIONS = st.one_of(st.integers(1, 999).map(str), st.sampled_from(["production", "challenger"]))
REASONS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters='"\\'),
                  min_size=1, max_size=30).filter(lambda t: t.strip() == t and t)


@st.composite
def valid_commands(draw: Any) -> tuple[str, str, dict[str, Any]]:
    """A well-formed command as a person writes it, with the exact call it must become."""
    model = draw(MODEL_NAMES)
    kind = draw(st.sampled_from(["train", "evaluate", "deploy", "history", "compare"]))
    verb = draw(st.sampled_from([kind, kind.upper(), kind.capitalize()]))
    if kind == "train":
        args: dict[str, Any] = {"model": model}
        words = [verb, model]
        if draw(st.booleans()):
            args["last"] = draw(WINDOWS)
            words.append(f"last={args['last']}")
        params = draw(st.dictionaries(st.sampled_from(["n_estimators", "max_depth", "C"]), st.integers(1, 500),
                                      max_size=2))
        if params:
            args["params"] = params
            words += [f"{k}={v}" for k, v in params.items()]
        return " ".join(words), "train", args
    if kind == "evaluate":
        version = draw(VERSIONS)
        return f"{verb} {model} {version}", "evaluate", {"model": model, "version": version}
    if kind == "deploy":
        version, reason = draw(VERSIONS), draw(REASONS)
        return f'{verb} {model} {version} reason="{reason}"', "deploy", {"model": model, "version": version,
                                                                          "reason": reason}
    if kind == "history":
        limit = str(draw(st.integers(1, 200)))
        return f"{verb} {model} limit={limit}", "history", {"model": model, "limit": limit}
    a, b = draw(VERSIONS), draw(VERSIONS)
    return f"{verb} {model} {a} {b}", "compare", {"model": model, "a": a, "b": b}


@settings(max_examples=300, deadline=None)
@given(valid_commands())
def test_well_formed_commands_become_exactly_their_call(command: tuple[str, str, dict[str, Any]]) -> None:
    """Not merely "no crash": every well-formed command parses, to the call it spells."""
    text, tool, args = command
    assert parse(text) == ToolCall(tool=tool, args=args)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab=1_-.,:;!?é🚀", " ", "\t", "\n", "\r", "\xa0", "\u2003"]), max_size=40))
def test_the_quick_split_of_quote_free_text_is_shlex_s(text: str) -> None:
    """Text without quotes or backslashes skips shlex (the ack pays for it), so it must split exactly as shlex does,
    unicode spaces included (shlex keeps them inside a token)."""
    import shlex

    from tools.parse import tokens_of

    assert tokens_of(text) == shlex.split(text)
