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
from tools.catalog import all_tools
from tools.dispatch import confirm

EXAMPLES = int(os.environ.get("MLOPS_FUZZ_EXAMPLES", "200"))
TOOLS = all_tools()
VERBS = sorted({t.verb for t in TOOLS.values()})
# Reads a viewer may run on the configured model (Feast's tools refuse a model without a Feast source): half the
# well-formed examples use one, so many examples run a tool for real whatever else the registry gains.
READ_VERBS = sorted({t.verb for t in TOOLS.values() if not t.mutates and t.verb not in ("skew",)})
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


PLAUSIBLE = st.sampled_from(["7d", "30d", "1", "2", "10", "production", "challenger", "true", "0.5", "roc_auc"])
BY_KEY = {"last": ["7d", "30d", "60d", "400d"], "since": ["2026-10-01", "60d", "2031-01-01"], "until": ["30d", "2026-11-01"],
          "version": ["1", "production", "challenger", "7"], "a": ["1", "production"], "b": ["1", "challenger"],
          "limit": ["1", "5", "0", "1000"], "force": ["true", "false"], "reason": ["hot fix", ""],
          "topic": VERBS}


@st.composite
def commands(draw: Any) -> str:
    """Mostly well-formed (the configured model, the tool's own keys, plausible values) so most examples reach the
    tool itself; the rest hostile, so refusals are exercised too."""
    well_formed = draw(st.integers(0, 19)) < 17
    verb = draw(st.sampled_from(READ_VERBS if well_formed and draw(st.booleans()) else VERBS))
    own = sorted(f for t in TOOLS.values() if t.verb == verb for f in t.input.model_fields if f != "model")
    takes_model = any(t.verb == verb and "model" in t.input.model_fields for t in TOOLS.values())
    model = ("cancer" if takes_model else "") if well_formed else draw(
        st.sampled_from(["cancer", "cancr", "nosuch", "<!here>", ""]))
    values = PLAUSIBLE if well_formed else WORDS
    positionals = [] if well_formed else draw(st.lists(WORDS, max_size=2))
    key_pool = st.sampled_from(own) if own and well_formed else st.one_of(
        st.sampled_from(FIELDS), st.from_regex(r"[a-z_]{1,10}", fullmatch=True))
    keys = draw(st.lists(key_pool, max_size=2 if well_formed else 4, unique=True))
    options = [f"{key}={quoted(draw(st.sampled_from(BY_KEY[key]) if well_formed and key in BY_KEY else values))}"
               for key in keys]
    return " ".join(part for part in [verb, model, *map(quoted, positionals), *options] if part)


def test_fuzzed_commands_never_crash_dispatch(tmp_path: Path, mlops_home: Path, configure: Any) -> None:
    ctx = configure(ACCESS_TOML + CANCER_TOML)
    # A trained version in production, so read-only calls (status, evaluate, compare, drift, history…) run their
    # tools for real.
    me = Caller(user_id="cli:fuzz", surface="cli", trusted=True)
    assert run(ctx, "train cancer n_estimators=10", me).status == "done"
    proposed = run(ctx, "deploy cancer 1", me)
    assert confirm(ctx, proposed.approval.approval_id, me).status == "done"
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
    assert sum(seen.values()) >= EXAMPLES, seen
    # Both kinds are exercised in earnest: many examples ran a tool (or stopped at a viewer's access check after
    # validation), many were refused for what was typed.
    assert seen.get("done", 0) >= EXAMPLES // 5 and seen.get("refused", 0) >= EXAMPLES // 5, seen
    # A viewer changed nothing, whatever it typed: no model trained or moved, no action of its audited as done.
    assert [v.version for v in ctx.registry.versions("cancer")] == [1]
    assert [e for e in ctx.state.audit_trail(limit=1000) if e.outcome == "ok" and e.actor == VIEWER] == []
    assert ctx.registry.alias_version("cancer", "production") == 1
