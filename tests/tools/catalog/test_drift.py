"""`drift` on the demo: the shifted recent window drifts, the calm older window does not; bad inputs change nothing."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from mlflow.tracking import MlflowClient

from pipelines.monitor.result import DriftCheck
from tests.conftest import approve, run, store_state
from tools.access import Caller

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)


def _deploy_cancer(ctx: Any) -> None:
    assert run(ctx, "train cancer", LOCAL).status == "done"
    assert approve(ctx, run(ctx, "deploy cancer 1", LOCAL), LOCAL).status == "done"


def test_shifted_window_drifts_and_calm_window_does_not(ctx: Any, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # this test's own /tmp, to see what drift leaves there
    _deploy_cancer(ctx)
    recent = run(ctx, "drift cancer", LOCAL)
    assert recent.status == "done", recent.message
    result: DriftCheck = recent.result
    assert result.report.enough_data and result.report.dataset_drift
    assert result.report.drifted_share >= 0.5
    assert result.version == 1 and result.window == "last=7d"
    assert result.performance is not None and result.performance.metric == "roc_auc"
    calm = run(ctx, "drift cancer since=60d until=30d", LOCAL).result
    assert not calm.report.dataset_drift and calm.report.drifted_count <= 2
    # The chart is a real PNG, kept in MLflow beside the production run.
    with open(result.chart_path, "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    client = MlflowClient(tracking_uri=ctx.paths.mlflow_uri)
    run_id = client.get_model_version_by_alias("cancer", "production").run_id
    folder = result.chart_artifact.rsplit("/", 1)[0]
    assert [a.path for a in client.list_artifacts(run_id, folder)] == [result.chart_artifact]
    # The local copy for uploading lives under MLOPS_HOME; nothing is left behind in the temp folder.
    assert Path(result.chart_path).parent == ctx.paths.home / "charts"
    assert list(scratch.glob("mlops-drift-*")) == []


def test_drift_without_a_chart_folder_logs_the_chart_and_leaves_no_temp_folder(
        ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.monitor.health import check

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    _deploy_cancer(ctx)
    before = set(scratch.iterdir())
    result = check(ctx.spec("cancer"), ctx.registry)
    assert result.chart_path is None and result.chart_artifact
    client = MlflowClient(tracking_uri=ctx.paths.mlflow_uri)
    run_id = client.get_model_version_by_alias("cancer", "production").run_id
    assert [a.path for a in client.list_artifacts(run_id, result.chart_artifact.rsplit("/", 1)[0])] == [
        result.chart_artifact]
    assert set(scratch.iterdir()) == before


def test_drift_json_from_cli_path_reports_verdict(ctx: Any) -> None:
    from bot.slack.render import as_json

    _deploy_cancer(ctx)
    payload = json.loads(as_json(run(ctx, "drift cancer", LOCAL)))
    assert payload["report"]["dataset_drift"] is True
    assert payload["report"]["features"][0]["column"]


def test_drift_before_any_deploy_and_on_a_tiny_window_are_clear(ctx: Any) -> None:
    assert run(ctx, "train cancer", LOCAL).status == "done"
    before = store_state(ctx)
    outcome = run(ctx, "drift cancer", LOCAL)
    assert outcome.status == "refused" and "no production version" in outcome.message
    assert approve(ctx, run(ctx, "deploy cancer 1", LOCAL), LOCAL).status == "done"
    tiny = run(ctx, "drift cancer last=5h", LOCAL)
    assert tiny.status == "done" and not tiny.result.report.enough_data
    assert "Not enough data" in tiny.result.report.message
    bad = run(ctx, "drift cancer last=banana", LOCAL)
    assert bad.status == "refused" and "last=banana" in bad.message
    assert before["versions"] == store_state(ctx)["versions"]


def test_drift_renders_table_and_chart_within_slack_limits(ctx: Any) -> None:
    from bot.slack.render import render

    _deploy_cancer(ctx)
    message = render(run(ctx, "drift cancer", LOCAL).result)
    blocks = message.to_blocks()
    text = json.dumps(blocks)
    assert "Dataset drift" in message.summary and "DRIFT" in text and "PSI" in text
    assert message.images and message.images[0].suffix == ".png"
    assert len(blocks) <= 50
