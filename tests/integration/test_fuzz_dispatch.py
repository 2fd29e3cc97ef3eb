"""Fuzzed commands through parse and the whole of dispatch: a tool call, an approval or a refusal; never a crash.

Each example is what a Slack user without any role could type after /mlops: a verb from the registry, a model name
(configured, misspelt, hostile, empty), positionals and key=value options whose keys are the tool's own fields or
made up, and values drawn from numbers, words, windows, hostile text. Mutating calls stop at the access check
(the caller is a viewer), read-only calls run for real against a fresh home. The README's figure is EXAMPLES.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ACCESS_TOML, CANCER_TOML, VIEWER, run
from tools.access import Caller
from tools.registry import all_tools

EXAMPLES = int(os.environ.get("MLOPS_FUZZ_EXAMPLES", "200"))
TOOLS = all_tools()
VERBS = sorted({t.verb for t in TOOLS.values()})
FIELDS = sorted({f for t in TOOLS.values() for f in t.input.model_fields})
HOSTILE = ["<!channel>", "<@U123|x>", "&amp;", "'", '"', "=", "\\", "\u202e", "🙂", "%s", "{0}", "\x00",
           "../../etc/passwd", "nan", "inf", "-1", "1e309", "9" * 40, "true", "none", "30d", "0d", "-7d",
           "2026-13-45", "production", "challenger", " "]
WORDS = st.one_of(st.sampled_from(HOSTILE), st.integers(-10**6, 10**6).map(str),
                  st.floats(allow_nan=True, allow_infinity=True).map(repr),
                  st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12))


def quoted(value: str) -> str:
    """A value as a person would type it: bare when it has no space or quote, else in the other quotes."""
    if not value or any(c.isspace() for c in value) or "'" in value or '"' in value:
        return '"' + value.replace('"', "'") + '"'
    return value


@st.composite
def commands(draw: Any) -> str:
    verb = draw(st.sampled_from(VERBS))
    model = draw(st.sampled_from(["cancer", "cancr", "nosuch", "<!here>", ""]))
    positionals = draw(st.lists(WORDS, max_size=2))
    keys = draw(st.lists(st.one_of(st.sampled_from(FIELDS), st.from_regex(r"[a-z_]{1,10}", fullmatch=True)),
                         max_size=4))
    options = [f"{key}={quoted(draw(WORDS))}" for key in keys]
    return " ".join(part for part in [verb, model, *map(quoted, positionals), *options] if part)


def test_fuzzed_commands_never_crash_dispatch(tmp_path: Path, mlops_home: Path, configure: Any) -> None:
    ctx = configure(ACCESS_TOML + CANCER_TOML)
    viewer = Caller(user_id=VIEWER, surface="slack", channel="C_FUZZ")
    seen: dict[str, int] = {}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(commands())
    def one(text: str) -> None:
        outcome = run(ctx, text, viewer)
        seen[outcome.status] = seen.get(outcome.status, 0) + 1
        assert outcome.status in ("done", "refused", "needs_approval"), (text, outcome.message)
        if outcome.status == "refused":
            assert outcome.message and "Traceback" not in outcome.message and "ref " not in outcome.message

    one()
    print(f"fuzzed {sum(seen.values())} commands through dispatch: {seen}")
    assert seen.get("refused", 0) > 0 and sum(seen.values()) >= EXAMPLES, seen
    # A viewer changed nothing, whatever it typed: no model trained, no action audited as done.
    assert ctx.registry.versions("cancer") == []
    assert [e for e in ctx.state.audit_trail(limit=1000) if e.outcome == "ok"] == []
