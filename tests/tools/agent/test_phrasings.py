"""The offline interpreter's reading of 100+ plain requests, through `mlops-bot ask --dry-run --json`.

Every phrasing goes through the real agent loop (create_agent, the offline chat model, the registry tools in
dry-run mode) and the exact-match rate of the planned calls is reported; the README quotes it.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.tools.agent.phrasings import PHRASINGS
from tools.agent.understand import MUTATING

TARGET = 0.95


def expected(calls: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    march1 = date(today.year if (today.month, today.day) >= (3, 1) else today.year - 1, 3, 1)
    dates = {"{today}": today.isoformat(), "{yesterday}": date.fromordinal(today.toordinal() - 1).isoformat(),
             "{month_start}": today.replace(day=1).isoformat(), "{march1}": march1.isoformat()}
    return json.loads(_fill(json.dumps(calls), dates))


def _fill(text: str, dates: dict[str, str]) -> str:
    for key, value in dates.items():
        text = text.replace(key, value)
    return text


def planned(text: str) -> tuple[int, list[dict[str, Any]]]:
    from bot.cli.agent import ask

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = ask(text, dry_run=True, json_output=True, yes=False)
    return code, json.loads(out.getvalue())


def test_phrasings_exact_match_rate(mlops_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(PHRASINGS) >= 100
    today = date.today()
    misses, mutating_on_refusals = [], []
    for text, calls in PHRASINGS:
        code, got = planned(text)
        want = expected(calls, today)
        if got != want:
            misses.append((text, want, got))
        if not calls:
            mutating_on_refusals += [c for c in got if c["tool"] in MUTATING]
            assert code == 2, f"{text!r} is not understood, so it exits 2 like a malformed command"
        elif got == want:
            assert code == 0, text
    rate = 1 - len(misses) / len(PHRASINGS)
    with capsys.disabled():
        print(f"\nphrasings: {len(PHRASINGS) - len(misses)}/{len(PHRASINGS)} exact = {rate:.1%}")
        for text, want, got in misses:
            print(f"  MISS {text!r}\n     want {want}\n     got  {got}")
    assert not mutating_on_refusals, mutating_on_refusals
    assert rate >= TARGET, misses


def test_ask_dry_run_json_from_the_terminal(mlops_home: Path) -> None:
    """The issue's "done when", as a user runs it: train then compare, nothing executed."""
    text = "retrain the cancer model on the last 30 days and compare it with production"
    done = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--dry-run", "--json", text],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"tool": "train", "args": {"model": "cancer", "last": "30d"}},
                                       {"tool": "compare", "args": {"model": "cancer"}}]
    assert not (mlops_home / "state.db").exists() or _no_runs(mlops_home), "a dry run executes nothing"


def _no_runs(home: Path) -> bool:
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=f"sqlite:///{home / 'mlflow.db'}")
    return not client.search_registered_models()


def test_held_out_phrasings_are_reported_and_refusals_never_mutate(mlops_home: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from tests.tools.agent.phrasings import HELD_OUT

    today = date.today()
    hits = 0
    with capsys.disabled():
        for text, calls in HELD_OUT:
            _code, got = planned(text)
            hits += got == expected(calls, today)
            if got != expected(calls, today):
                print(f"  HELD-OUT MISS {text!r}: want {calls} got {got}")
            if not calls:
                assert not [c for c in got if c["tool"] in MUTATING], text
        print(f"\nheld-out phrasings: {hits}/{len(HELD_OUT)} exact = {hits / len(HELD_OUT):.1%}")
