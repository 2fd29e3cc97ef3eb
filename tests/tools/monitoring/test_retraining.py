"""Continuous training without Slack: the validation gate refuses a bad batch, the promotion gate refuses a worse
challenger; nothing is trained or deployed past either, and the audit names the scheduler."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import approve, run
from tools.access import Caller
from tools.catalog.validate import ValidateOut
from tools.context import Context
from tools.monitoring.alerting import Notice
from tools.monitoring.retraining import retrain
from tools.outcome import Outcome

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)


def _training_csv(path: Path, *, drop: str | None = None, scale: str | None = None) -> None:
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    frame.columns = [str(c).replace(" ", "_") for c in frame.columns]
    if scale:
        frame[scale] = frame[scale] * 1000  # a unit change upstream: values far outside the training range
    if drop:
        frame = frame.drop(columns=[drop])
    frame.to_csv(path, index=False)


def _config(configure: Any, source: Path, gate: str) -> Context:
    return configure(f"""
[models.cancer]
task = "binary"
source = {{ kind = "csv", path = "{source}" }}
target = "target"
estimator = "random_forest"
params = {{ n_estimators = 30, max_depth = 4 }}
primary_metric = "roc_auc"
gate = {gate}
""")


def test_validation_gate_refuses_a_batch_with_a_missing_column_and_nothing_is_trained(
        mlops_home: Path, tmp_path: Path, configure: Any) -> None:
    source = tmp_path / "train.csv"
    _training_csv(source)
    ctx = _config(configure, source, "{ min_metric = 0.9 }")
    assert run(ctx, "train cancer", LOCAL).status == "done"
    assert approve(ctx, run(ctx, "deploy cancer 1", LOCAL), LOCAL).status == "done"
    _training_csv(source, drop="mean_radius", scale="worst_area")
    said: list[Outcome] = []
    heard: list[Notice] = []
    last = retrain(ctx, "cancer", auto_deploy=True, say=said.append, notify=heard.append)
    assert [o.tool for o in said] == ["validate_data"]
    # The refused batch is an incident of its own (not only a line in the retraining thread), opened once.
    assert [(n.kind, n.incident.kind) for n in heard] == [("open", "data")]
    incident = ctx.state.open_incident_for("cancer", "data")
    assert incident is not None and incident.version == 1 and "failed validation" in incident.summary
    assert "mean_radius" in incident.summary and "mean_radius" in " ".join(incident.details["problems"])
    again: list[Notice] = []
    retrain(ctx, "cancer", auto_deploy=False, say=lambda _o: None, notify=again.append)
    assert again == [] and ctx.state.open_incident_for("cancer", "data").id == incident.id
    assert isinstance(last.result, ValidateOut) and not last.result.report.passed
    problems = " ".join(last.result.report.problems)
    assert "column(s) missing: mean_radius" in problems and "worst_area" in problems
    assert [v.version for v in ctx.registry.versions("cancer")] == [1]
    assert [e.tool for e in ctx.state.audit_trail(model="cancer")] == ["deploy", "train"]


def test_auto_deploy_stops_at_a_failing_promotion_gate(mlops_home: Path, tmp_path: Path, configure: Any) -> None:
    source = tmp_path / "train.csv"
    _training_csv(source)
    ctx = _config(configure, source, "{ min_improvement = 0.5 }")  # no retrain can beat production by 0.5 AUC
    assert run(ctx, "train cancer", LOCAL).status == "done"
    assert approve(ctx, run(ctx, "deploy cancer 1 force=true reason=first", LOCAL), LOCAL).status == "done"
    said: list[Outcome] = []
    last = retrain(ctx, "cancer", auto_deploy=True, say=said.append)
    assert [o.tool for o in said] == ["validate_data", "train", "compare", "deploy"]
    assert last.status == "refused" and last.code == "gate_failed"
    assert ctx.registry.aliases("cancer") == {"production": 1, "challenger": 2}
    train = ctx.state.audit_trail(model="cancer")[0]
    assert (train.tool, train.actor, train.surface) == ("train", "scheduler", "scheduler")


def test_a_batch_that_passes_again_resolves_the_data_incident(mlops_home: Path, tmp_path: Path, configure: Any) -> None:
    source = tmp_path / "train.csv"
    _training_csv(source)
    ctx = _config(configure, source, "{ min_metric = 0.9 }")
    assert run(ctx, "train cancer", LOCAL).status == "done"
    assert approve(ctx, run(ctx, "deploy cancer 1", LOCAL), LOCAL).status == "done"
    _training_csv(source, drop="mean_radius")
    heard: list[Notice] = []
    retrain(ctx, "cancer", auto_deploy=False, say=lambda _o: None, notify=heard.append)
    opened = ctx.state.open_incident_for("cancer", "data")
    assert opened is not None
    _training_csv(source)
    said: list[Outcome] = []
    retrain(ctx, "cancer", auto_deploy=False, say=said.append, notify=heard.append)
    assert [(n.kind, n.incident.id) for n in heard] == [("open", opened.id), ("resolve", opened.id)]
    assert ctx.state.open_incident_for("cancer", "data") is None
    assert ctx.state.incident(opened.id).status == "resolved"
    assert [o.tool for o in said] == ["validate_data", "train", "compare"]
