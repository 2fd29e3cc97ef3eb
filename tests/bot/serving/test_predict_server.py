"""The prediction service under real uvicorn on a real MLflow store: answers, 400s, alias moves, the log, feedback."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pytest

from pipelines.data import prediction_log
from tests.support.predict_server import RunningService
from tests.support.waiting import wait_until


@pytest.fixture(scope="module")
def cancer_rows() -> Any:
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    frame.columns = [str(c).replace(" ", "_") for c in frame.columns]
    return frame.drop(columns=["target"]), frame["target"]


def logged(ctx: Any, **kwargs: Any) -> Any:
    return prediction_log.read(ctx.paths.state_db_url, "cancer", **kwargs)


def test_predictions_match_mlflow_pyfunc_in_every_payload_layout(cancer_ctx: Any, cancer_rows: Any) -> None:
    import mlflow.pyfunc

    X, _ = cancer_rows
    rows = X.iloc[:25]
    mlflow.set_tracking_uri(cancer_ctx.paths.mlflow_uri)
    expected = mlflow.pyfunc.load_model("models:/cancer/1").predict(rows).tolist()
    fitted = cancer_ctx.registry.load_model("cancer", 1)
    proba = fitted.predict_proba(rows)
    payloads = {
        "dataframe_split": {"dataframe_split": rows.to_dict(orient="split")},
        "dataframe_records": {"dataframe_records": rows.to_dict(orient="records")},
        "instances": {"instances": rows.to_dict(orient="records")},
        "inputs": {"inputs": rows.to_dict(orient="list")},
    }
    with RunningService(cancer_ctx) as svc, svc.client() as http:
        for layout, body in payloads.items():
            answer = http.post("/models/cancer/invocations", json=body)
            assert answer.status_code == 200, (layout, answer.text)
            got = answer.json()
            assert got["predictions"] == expected, layout
            assert got["version"] == 1 and got["arm"] == "production" and len(got["request_id"]) == 24
            assert np.allclose(got["probabilities"], proba, atol=1e-6), layout
        models = http.get("/models").json()["models"]
        assert models["cancer"]["versions"]["production"]["version"] == 1
        assert models["wine"]["problem"].startswith("Model wine has no production version")
        assert http.get("/healthz").json()["ready"] == {"cancer": True, "wine": False, "diabetes": False}
        assert http.get("/healthz").json()["ok"] is True  # wine and diabetes have no production version to load


BAD_PAYLOADS = [
    ({"dataframe_records": [{"mean_radius": 1.0}]}, "Missing column(s) mean_texture"),
    ({"dataframe_split": {"columns": ["a"], "data": [[1, 2]]}}, "dataframe_split could not be read"),
    ({"instances": [[1.0, 2.0]]}, "instances row 0 must be a list of 30 values"),
    ({"rows": []}, "Give exactly one of dataframe_split"),
    ({"inputs": {"mean_radius": [1.0, 2.0], "mean_texture": [1.0]}}, "same number of values"),
    ({"dataframe_records": []}, "holds no rows"),
    ({"dataframe_records": [{}], "instances": []}, "(got dataframe_records, instances)"),
    ("not an object", "must be a JSON object"),
]


def test_bad_payloads_get_a_400_naming_the_problem(cancer_ctx: Any) -> None:
    with RunningService(cancer_ctx) as svc, svc.client() as http:
        for body, names in BAD_PAYLOADS:
            answer = http.post("/models/cancer/invocations", json=body)
            assert answer.status_code == 400, (body, answer.text)
            assert names in answer.json()["message"], body
            assert answer.json()["error_code"] == "BAD_REQUEST"


def test_wrong_types_unknown_model_and_invalid_json_are_named(cancer_ctx: Any, cancer_rows: Any) -> None:
    X, _ = cancer_rows
    record = X.iloc[0].to_dict()
    with RunningService(cancer_ctx) as svc, svc.client() as http:
        bad = http.post("/models/cancer/invocations", json={"dataframe_records": [record, {**record, "mean_area": "big"}]})
        assert bad.status_code == 400 and "Column mean_area must be a number; row 1 has 'big'" in bad.json()["error"]
        unknown = http.post("/models/cancre/invocations", json={"dataframe_records": [record]})
        assert unknown.status_code == 404 and "Did you mean cancer" in unknown.json()["error"]
        garbage = http.post("/models/cancer/invocations", content=b"{nope", headers={"content-type": "application/json"})
        assert garbage.status_code == 400 and "not valid JSON" in garbage.json()["error"]
        metrics = scraped(http.get("/metrics").text)
        assert metrics[("mlops_predict_errors_total", (("code", "400"), ("model", "cancer")))] == 2
        assert metrics[("mlops_predict_errors_total", (("code", "404"), ("model", "(unknown)")))] == 1
        assert logged(cancer_ctx).empty  # nothing refused reached the log


def test_the_log_holds_every_request_and_feedback_joins(cancer_ctx: Any, cancer_rows: Any) -> None:
    X, y = cancer_rows
    with RunningService(cancer_ctx) as svc, svc.client() as http:
        ids = []
        for i in range(40):
            answer = http.post("/models/cancer/invocations", json={"dataframe_records": [X.iloc[i].to_dict()]})
            ids.append(answer.json()["request_id"])
        two = http.post("/models/cancer/invocations", json={"dataframe_records": X.iloc[40:42].to_dict(orient="records")})
        ids_two = two.json()["request_id"]
        labels = [{"request_id": rid, "label": int(y.iloc[i])} for i, rid in enumerate(ids[:30])]
        assert http.post("/models/cancer/feedback", json=labels).json() == {"labelled": 30}
        assert http.post("/models/cancer/feedback", json={"request_id": ids_two, "label": [int(y.iloc[40]), int(y.iloc[41])]}).json() == {"labelled": 2}
        unknown = http.post("/models/cancer/feedback", json=[{"request_id": ids[30], "label": 1}, {"request_id": "feedbeef", "label": 0}])
        assert unknown.status_code == 404 and "feedbeef" in unknown.json()["message"]
        bad = http.post("/models/cancer/feedback", json={"label": 1})
        assert bad.status_code == 400 and "request_id" in bad.json()["error"]
        metrics = scraped(http.get("/metrics").text)
        arm = (("arm", "production"), ("model", "cancer"))
        assert metrics[("mlops_predict_requests_total", arm)] == 41
        assert metrics[("mlops_predict_latency_seconds_count", arm)] == 41
        assert metrics[("mlops_predict_batches_total", arm)] <= 41  # micro-batching never adds calls
    frame = logged(cancer_ctx)  # the service stopped cleanly: everything is written
    assert len(frame) == 42 and set(frame["request_id"]) == {*ids, ids_two}
    assert frame["target"].notna().sum() == 32  # the all-or-nothing 404 stored no label for ids[30]
    joined = frame.set_index("request_id").loc[ids[:30]]
    assert joined["target"].tolist() == y.iloc[:30].tolist()
    assert np.allclose(frame.loc[frame["request_id"] == ids[0], X.columns].to_numpy()[0], X.iloc[0].to_numpy())


def test_a_clean_shutdown_writes_every_answered_request_still_queued(cancer_ctx: Any, cancer_rows: Any) -> None:
    X, _ = cancer_rows
    with RunningService(cancer_ctx) as svc, svc.client() as http:
        # The writer now gathers for a minute before a batch: without the flush on shutdown the rows would be lost.
        svc.service.writer.interval = 60.0
        ids = [http.post("/models/cancer/invocations", json={"dataframe_records": [X.iloc[i].to_dict()]}).json()["request_id"]
               for i in range(25)]
        assert svc.service.writer.written == 0
        started = time.monotonic()
    assert time.monotonic() - started < 30, "shutdown waited for the batch window instead of flushing"
    frame = logged(cancer_ctx)
    assert sorted(frame["request_id"]) == sorted(ids)


def test_an_alias_move_swaps_the_version_under_traffic_without_a_failed_request(cancer_ctx: Any, cancer_rows: Any) -> None:
    X, _ = cancer_rows
    body = {"dataframe_records": X.iloc[:3].to_dict(orient="records")}
    seen: list[tuple[int, int]] = []
    stop = threading.Event()

    def traffic(svc: RunningService) -> None:
        with svc.client() as http:
            while not stop.is_set():
                answer = http.post("/models/cancer/invocations", json=body)
                seen.append((answer.status_code, answer.json().get("version", -1)))

    with RunningService(cancer_ctx, poll_seconds=0.2) as svc:
        workers = [threading.Thread(target=traffic, args=(svc,)) for _ in range(3)]
        for w in workers:
            w.start()
        try:
            wait_until(lambda: len(seen) > 20)
            cancer_ctx.registry.set_alias("cancer", "production", 2)
            wait_until(lambda: sum(v == 2 for _, v in seen) > 20, timeout=60)
        finally:
            stop.set()
            for w in workers:
                w.join()
        # A version that fails to load leaves the serving one in place and says so.
        version = cancer_ctx.registry.client.create_model_version("cancer", "file:///nonexistent/model", run_id=None)
        cancer_ctx.registry.set_alias("cancer", "production", int(version.version))
        with svc.client() as http:
            described = wait_until(lambda: http.get("/models").json()["models"]["cancer"]["load_errors"].get("production"))
            assert described["version"] == int(version.version)
            assert http.get("/models").json()["models"]["cancer"]["versions"]["production"]["version"] == 2
            assert http.post("/models/cancer/invocations", json=body).json()["version"] == 2
    assert {status for status, _ in seen} == {200}
    versions = [v for _, v in seen]
    assert versions[0] == 1 and versions[-1] == 2


PREDICTIONS_TOML = """
[models.cancer]
task = "binary"
source = { kind = "sklearn", dataset = "breast_cancer" }
live = { kind = "predictions" }
target = "target"
timestamp = "event_time"
estimator = "random_forest"
params = { n_estimators = 30, max_depth = 4 }
primary_metric = "roc_auc"
"""


def test_drift_reads_the_prediction_log_and_sees_a_shift_sent_through_the_service(
        mlops_home: Any, configure: Any, cancer_rows: Any, cli_caller: Any) -> None:
    from tests.conftest import approve, run

    ctx = configure(PREDICTIONS_TOML)
    assert run(ctx, "train cancer", cli_caller).status == "done"
    assert approve(ctx, run(ctx, "deploy cancer 1", cli_caller), cli_caller).status == "done"
    X, y = cancer_rows
    empty = run(ctx, "drift cancer last=1h", cli_caller)
    assert empty.status == "refused" and "No predictions of model cancer were logged" in empty.message
    shifted = X.copy()
    moved = list(X.columns[:18])
    shifted[moved] += 0.8 * X[moved].std()
    with RunningService(ctx) as svc, svc.client() as http:
        def send(frame: Any, labels: Any) -> None:
            for start in range(0, len(frame), 50):
                answer = http.post("/models/cancer/invocations",
                                   json={"dataframe_split": frame.iloc[start:start + 50].to_dict(orient="split")})
                rid = answer.json()["request_id"]
                http.post("/models/cancer/feedback", json={"request_id": rid, "label": labels.iloc[start:start + 50].tolist()})

        send(X.iloc[:300], y.iloc[:300])
        calm = run(ctx, "drift cancer last=1h", cli_caller)
        assert calm.status == "done", calm.message
        assert not calm.result.report.dataset_drift and calm.result.lineage.rows == 300
        assert calm.result.lineage.source.startswith("predictions:sqlite:")
        assert calm.result.performance is not None and calm.result.performance.rows == 300
        assert calm.result.performance.now > 0.9
        estimate = calm.result.estimate  # calibrated on the holdout at training, stored with v1
        assert estimate is not None and estimate.rows == 300
        assert abs(estimate.roc_auc - calm.result.performance.now) < 0.05
        scored = run(ctx, "evaluate cancer live=true last=1h", cli_caller)  # the labelled log rows, not the holdout
        assert scored.status == "done", scored.message
        assert scored.result.on == "live" and scored.result.rows == 300 and scored.result.metrics["roc_auc"] > 0.9
        http.post("/models/cancer/invocations", json={"dataframe_split": X.iloc[:5].to_dict(orient="split")})
        unlabelled = run(ctx, "evaluate cancer live=true last=1h", cli_caller)
        assert unlabelled.status == "done" and unlabelled.result.rows == 300  # the 5 unlabelled rows are left out
        send(shifted, y)
    drifted = run(ctx, "drift cancer last=1h", cli_caller)
    assert drifted.status == "done", drifted.message
    assert drifted.result.lineage.rows == 305 + len(X)
    assert drifted.result.report.dataset_drift
    flagged = {f.column for f in drifted.result.report.features if f.drifted}
    assert flagged <= set(moved) and len(flagged) >= len(moved) // 2


def scraped(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """The /metrics page as Prometheus reads it: (series, sorted labels) → value."""
    from prometheus_client.parser import text_string_to_metric_families

    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}
