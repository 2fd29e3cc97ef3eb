"""Bad input gets a clear message and changes nothing: not MLflow (models, runs, versions, aliases), not the audit."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipelines.errors import ConfigError
from tests.conftest import CANCER_TOML, run, store_state
from tools.access import Caller
from tools.context import Context


def refused(ctx: Context, text: str, caller: Caller, *, code: str | None = None) -> str:
    """Run `text`, assert it was refused (never crashed) and that nothing changed; return the message."""
    before = store_state(ctx)
    outcome = run(ctx, text, caller)
    assert outcome.status == "refused", f"{text!r} gave {outcome.status}: {outcome.message}"
    assert "Traceback" not in outcome.message and "ref " not in outcome.message
    if code is not None:
        assert outcome.code == code, outcome.message
    assert store_state(ctx) == before, f"{text!r} changed the stores"
    return outcome.message


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the request itself ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("train cancr", ["Unknown model 'cancr'", "Did you mean cancer?", "cancer, diabetes, wine"]),
    ("evaluate nosuch", ["Unknown model 'nosuch'", "Configured models"]),
    ("deploy nosuch 1", ["Unknown model 'nosuch'"]),
])
def test_unknown_model_names_the_configured_ones(cancer_ctx: Context, cli_caller: Caller, text: str,
                                                 expected: list[str]) -> None:
    """A model that is not configured is refused with the list of configured models and a close match."""
    message = refused(cancer_ctx, text, cli_caller, code="unknown_model")
    for part in expected:
        assert part in message


def test_unknown_verb_suggests_the_close_one_and_lists_commands(cancer_ctx: Context, cli_caller: Caller) -> None:
    """A misspelt verb is refused as a usage error with a suggestion and the list of commands."""
    message = refused(cancer_ctx, "trian cancer", cli_caller, code="usage")
    assert "Unknown command 'trian'" in message and "Did you mean train?" in message
    assert "Commands:" in message and "deploy" in message


@pytest.mark.parametrize(("text", "expected"), [
    ("train cancer n_estimators=-3", ["n_estimators", "random_forest"]),
    ("train cancer n_estimatorz=5", ["no parameter n_estimatorz", "Did you mean n_estimators?"]),
    ("train cancer last=banana", ["last=banana is not a duration", "last=7d"]),
    ("train cancer last=0d", ["last=0d is not a duration"]),
    ("train cancer since=yesterday", ["since=yesterday is not a date", "2026-01-31"]),
    ("train cancer last=7d since=2026-01-01", ["either last= or since="]),
    ("compare cancer lst=7d", ["compare has no option 'lst'", "Did you mean last?"]),
    ("history cancer limit=banana", ["limit", "Usage: history"]),
    ("history cancer limit=0", ["limit", "Usage: history"]),
    ("evaluate cancer ../etc", ["is not a version"]),
    ("deploy cancer", ["version", "Usage: deploy"]),
    ("status cancer extra", ["unexpected 'extra'", "Usage: status"]),
    ('deploy cancer 2 reason="unclosed', ["Close your quotes"]),
    ("train cancer last=999999d", ["last=999999d"]),
])
def test_bad_option_values_are_usage_errors(cancer_ctx: Context, cli_caller: Caller, text: str,
                                           expected: list[str]) -> None:
    """Malformed options are refused before anything runs, with what was wrong and how to write it."""
    message = refused(cancer_ctx, text, cli_caller, code="usage")
    for part in expected:
        assert part in message, message


def test_force_without_a_reason_is_refused(cancer_ctx: Context, cli_caller: Caller) -> None:
    """force=true needs a non-blank reason, even from an admin."""
    for text in ("deploy cancer 2 force=true", 'deploy cancer 2 force=true reason="  "'):
        message = refused(cancer_ctx, text, cli_caller, code="usage")
        assert "needs a reason" in message and 'reason="' in message


# --- data --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("window", "expected"), [
    ("since=2000-01-01 until=2000-02-01",
     "No rows of model cancer fall in the window since=2000-01-01 until=2000-02-01"),
    ("since=2026-02-01 until=2026-01-01", "The window is empty"),
    ("since={3 days ago} until={today}", "too few to train"),
])
def test_a_window_without_enough_rows_is_refused(cancer_ctx: Context, cli_caller: Caller, window: str,
                                                 expected: str) -> None:
    """A window with no rows (or too few) is refused with the window named; nothing is trained."""
    # Demo rows sit at fixed offsets before today's midnight (one every ~0.64 days), so whole days are stable.
    today = datetime.now(UTC).date()
    window = window.format_map({"today": today.isoformat(), "3 days ago": (today - timedelta(days=3)).isoformat()})
    assert expected in refused(cancer_ctx, f"train cancer {window}", cli_caller)


def _csv_model(path: Path) -> str:
    return f"""
[models.tabular]
task = "binary"
source = {{ kind = "csv", path = "{path}" }}
target = "label"
estimator = "logistic_regression"
primary_metric = "roc_auc"
"""


def _write_csv(path: Path, *, label: bool = True, text_feature: bool = False) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.normal(size=80), "b": rng.normal(size=80)})
    if text_feature:
        frame["b"] = rng.choice(["red", "green"], size=80)
    if label:
        frame["label"] = (frame["a"] > 0).astype(int)
    frame.to_csv(path, index=False)


def test_a_valid_csv_source_trains(mlops_home: Path, tmp_path: Path, configure: Callable[[str], Context],
                                   cli_caller: Caller) -> None:
    """The control for the CSV cases below: the same config with good data trains."""
    _write_csv(tmp_path / "data.csv")
    ctx = configure(_csv_model(tmp_path / "data.csv"))
    outcome = run(ctx, "train tabular", cli_caller)
    assert outcome.status == "done", outcome.message
    assert outcome.result.lineage.source == f"csv:{tmp_path / 'data.csv'}" and outcome.result.lineage.rows == 80


@pytest.mark.parametrize(("kind", "expected"), [
    ("missing", "does not exist"),
    ("no_target", "lacks column(s) label"),
    ("text_feature", "Feature(s) b of model tabular are not numeric"),
])
def test_bad_data_files_are_refused_with_the_cause(mlops_home: Path, tmp_path: Path,
                                                   configure: Callable[[str], Context], cli_caller: Caller,
                                                   kind: str, expected: str) -> None:
    """A missing CSV, one lacking the target, or a text feature is refused naming the file or column."""
    path = tmp_path / "data.csv"
    if kind != "missing":
        _write_csv(path, label=kind != "no_target", text_feature=kind == "text_feature")
    ctx = configure(_csv_model(path))
    message = refused(ctx, "train tabular", cli_caller, code="data")
    assert expected in message
    if kind == "missing":
        assert str(path) in message


# --- versions, gate, rollback ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "code", "expected"), [
    ("evaluate cancer 9", "unknown_version", ["no version 9", "1 (production)", "2 (challenger)"]),
    ("evaluate cancer staging", "unknown_version", ["no alias 'staging'"]),
    ("compare cancer 1 9", "unknown_version", ["no version 9"]),
    ("deploy cancer 9", "unknown_version", ["no version 9"]),
    ("deploy cancer 1", "user_error", ["already in production"]),
    ("evaluate wine", "unknown_model", ["no versions", "train wine"]),
    ("rollback cancer 2", "unknown_version", ["never in production", "deploy cancer 2"]),
])
def test_versions_that_do_not_exist_are_refused(cancer_ctx: Context, cli_caller: Caller, text: str, code: str,
                                                expected: list[str]) -> None:
    """evaluate/compare/deploy of a version or alias that does not exist names what does; no approval is made."""
    message = refused(cancer_ctx, text, cli_caller, code=code)
    for part in expected:
        assert part in message, message


@pytest.mark.parametrize(("gate", "expected"), [
    ("min_improvement = 0.5", "does not beat production v1"),
    ("min_metric = 0.9999", "below the floor 0.9999"),
])
def test_a_deploy_failing_the_gate_is_refused_without_an_approval(cancer_home: Path,
                                                                  configure: Callable[[str], Context],
                                                                  cli_caller: Caller, gate: str,
                                                                  expected: str) -> None:
    """Without force, a version failing the gate gets no Approve button; the message says why and how to force."""
    ctx = configure(CANCER_TOML.replace("gate = { min_improvement = 0.0, min_metric = 0.9 }", f"gate = {{ {gate} }}"))
    message = refused(ctx, "deploy cancer 2", cli_caller, code="gate_failed")
    assert "does not pass the promotion gate" in message and expected in message
    assert "force=true" in message
    assert ctx.state.pending_approvals() == []


def test_rollback_with_no_earlier_version_says_so(cancer_ctx: Context, cli_caller: Caller) -> None:
    """Production has only ever been v1: rollback is refused and says there is nothing to go back to."""
    message = refused(cancer_ctx, "rollback cancer", cli_caller, code="nothing_to_roll_back")
    assert "no production version before v1" in message
    assert "no versions" in refused(cancer_ctx, "rollback diabetes", cli_caller, code="unknown_model")


# --- stores and config -------------------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["http", "sqlite"])
def test_an_unreachable_mlflow_is_named_quickly(mlops_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                cli_caller: Caller, where: str) -> None:
    """With MLflow unreachable, every tool answers within seconds with the URI, and nothing is audited."""
    uri = (f"http://127.0.0.1:{closed_port()}" if where == "http"
           else f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'mlflow.db'}")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    ctx = Context.load()
    for text in ("models", "train cancer", "status cancer", "deploy cancer 1"):
        started = time.monotonic()
        outcome = run(ctx, text, cli_caller)
        assert time.monotonic() - started < 30, "no retry storm: the refusal comes within seconds, not minutes"
        assert outcome.status == "refused" and outcome.code == "mlflow_unavailable", (text, outcome.message)
        assert uri in outcome.message
    if where == "sqlite":
        assert "does not exist" in outcome.message and not (tmp_path / "no").exists()
    assert ctx.state.audit_trail() == []


def test_a_config_that_is_not_toml_is_named(mlops_home: Path, configure: Callable[[str], Context]) -> None:
    """Broken TOML stops loading with the file and the parser's position."""
    with pytest.raises(ConfigError) as raised:
        configure(CANCER_TOML + "\n[models.wine\n")
    assert "mlops-bot.toml is not valid TOML" in str(raised.value) and "line" in str(raised.value)


@pytest.mark.parametrize(("toml", "key"), [
    (CANCER_TOML + "\n[acess]\nadmins = [\"U1\"]\n", "acess"),
    (CANCER_TOML.replace("target = ", "n_estimator = 3\ntarget = "), "models.cancer.n_estimator"),
    (CANCER_TOML.replace("min_metric = 0.9", "min_metrik = 0.9"), "models.cancer.gate.min_metrik"),
])
def test_an_unknown_config_key_is_named(mlops_home: Path, configure: Callable[[str], Context], toml: str,
                                        key: str) -> None:
    """A misspelt key anywhere in the config is refused, naming its full path."""
    with pytest.raises(ConfigError) as raised:
        configure(toml)
    assert f"{key}: Extra inputs are not permitted" in str(raised.value)


def test_a_missing_config_file_is_named(mlops_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MLOPS_CONFIG pointing nowhere is an error naming the path, not a silent fallback to the demo."""
    monkeypatch.setenv("MLOPS_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(ConfigError, match="nope.toml does not exist"):
        Context.load()
