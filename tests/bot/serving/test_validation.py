"""Bad inputs get a 4xx naming row, column or limit (never a 500), one bad client never fails another's request,
and labels are checked, kept once and never flipped."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import numpy as np
import pytest

from pipelines.data import prediction_log
from tests.support.predict_server import RunningService


@pytest.fixture(scope="module")
def cancer_rows() -> Any:
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    frame.columns = [str(c).replace(" ", "_") for c in frame.columns]
    return frame.drop(columns=["target"]), frame["target"]


def records(record: dict[str, Any], column: str, literal: str) -> bytes:
    """A dataframe_records body whose `column` of row 1 is `literal`, written as raw JSON text."""
    second = json.dumps({**record, column: "@@"}).replace('"@@"', literal)
    return f'{{"dataframe_records": [{json.dumps(record)}, {second}]}}'.encode()


def test_every_bad_input_is_a_4xx_naming_the_problem_and_stores_nothing(cancer_ctx: Any, cancer_rows: Any) -> None:
    X, _ = cancer_rows
    record = X.iloc[0].to_dict()
    columns = list(X.columns)
    split = {"columns": columns, "data": [list(record.values())]}
    cases = [
        (records(record, "mean_area", "Infinity"), "Column mean_area, row 1: inf is not finite"),
        (records(record, "mean_area", "-Infinity"), "Column mean_area, row 1: -inf is not finite"),
        (records(record, "mean_area", "1e999"), "Column mean_area, row 1: inf is not finite"),
        (records(record, "mean_area", "1e39"), "Column mean_area, row 1: 1e+39 is beyond float32's range"),
        (records(record, "mean_area", "1" + "0" * 400), "Column mean_area must be a number; row 1 has 1000"),
        (records(record, "mean_area", "NaN"), "NaN is not a JSON value; send null"),
        (records(record, "mean_area", '"big"'), "Column mean_area must be a number; row 1 has 'big'"),
        (records(record, "mean_area", "[1, 2]"), "Column mean_area must be a number; row 1 has"),
        (records(record, "mean_area", '{"a": 1}'), "Column mean_area must be a number; row 1 has"),
        (json.dumps({"dataframe_split": {**split, "columns": [7, *columns[1:]]}}).encode(),
         "Column names must be strings; got 7 (int)"),
        (json.dumps({"dataframe_split": {**split, "columns": [*columns[:-1], columns[0]]}}).encode(),
         "Column 'mean_radius' appears twice"),
        (json.dumps({"dataframe_records": [record]})[:-3].encode() + b', "mean_radius": 99.0}]}',
         "Key 'mean_radius' appears twice in object 0"),
        (b'{"inputs": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "the limit is 32"),
        (b"", "The body is not valid JSON"),
        (b"\xff\xfe{", "The body is not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"dataframe_records": [[1, 2]]}', "dataframe_records row 0 must be an object"),
        (b'{"instances": [[[1.0]]]}', "instances row 0 must be a list of 30 values"),
        (b'{"inputs": {"mean_radius": [[1.0]]}}', "one number per row"),
        (json.dumps({"dataframe_records": [record], "key": {"a": 1}}).encode(), "key must be a string"),
    ]
    with RunningService(cancer_ctx) as svc, svc.client() as http:
        for body, named in cases:
            answer = http.post("/models/cancer/invocations", content=body, headers={"content-type": "application/json"})
            assert answer.status_code == 400, (body[:80], answer.text[:300])
            refused = answer.json()
            assert refused["error_code"] == "BAD_REQUEST" and named in refused["message"], (body[:80], refused)
            assert "Traceback" not in answer.text and len(refused["message"]) < 500
        for content_type, status in [("text/plain", 415), ("application/json; charset=latin-1", 415),
                                     ("application/json; format=pandas-split", 415)]:
            answer = http.post("/models/cancer/invocations", content=b"{}", headers={"content-type": content_type})
            assert answer.status_code == status and answer.json()["message"], content_type
        bad_csv = http.post("/models/cancer/invocations", content=b"mean_radius\n1\n", headers={"content-type": "text/csv"})
        assert bad_csv.status_code == 400 and "Missing column(s) mean_texture" in bad_csv.json()["message"]
        ok = http.post("/models/cancer/invocations", json={"dataframe_records": [record, {**record, "mean_area": None}]})
        assert ok.status_code == 200, ok.text  # null is a missing value, as in MLflow's server
        from tests.bot.serving.test_predict_server import scraped

        counted = scraped(http.get("/metrics").text)
        assert counted[("mlops_predict_errors_total", (("code", "400"), ("model", "cancer")))] == len(cases) + 1
        assert counted[("mlops_predict_errors_total", (("code", "415"), ("model", "cancer")))] == 3
        assert not any(key[1] and ("code", "500") in key[1] for key in counted)
    assert len(prediction_log.read(cancer_ctx.paths.state_db_url, "cancer")) == 2  # the one good request, two rows


def test_a_failing_batch_is_scored_request_by_request_so_only_the_offender_fails(cancer_ctx: Any, cancer_rows: Any) -> None:
    from bot.serving.batching import Batcher, scorer

    X, _ = cancer_rows
    fitted = cancer_ctx.registry.load_model("cancer", 1)
    columns = list(X.columns)
    from concurrent.futures import ThreadPoolExecutor

    async def scenario() -> tuple[list[Any], Batcher]:
        with ThreadPoolExecutor(1) as pool:
            batcher = Batcher(scorer(fitted, columns, "binary"), pool)
            poisoned = X.iloc[:2].to_numpy(dtype=float).copy()
            poisoned[1, 3] = np.inf  # past the payload checks: the model itself refuses it
            inputs = [X.iloc[i:i + 1].to_numpy(dtype=float) for i in range(12)]
            inputs.insert(5, poisoned)
            # All submitted in one tick: the first drain takes them as one batch, which fails as a whole.
            return await asyncio.gather(*(batcher.submit(v) for v in inputs), return_exceptions=True), batcher

    results, batcher = asyncio.run(scenario())
    assert isinstance(results[5], ValueError)
    good = [r for i, r in enumerate(results) if i != 5]
    assert [r.predictions for r in good] == [[p] for p in fitted.predict(X.iloc[:12]).tolist()]
    assert batcher.calls == 12  # the failed call is not counted; each good request then scored alone


def test_bad_clients_never_fail_good_ones_under_concurrency(cancer_ctx: Any, cancer_rows: Any) -> None:
    X, _ = cancer_rows
    good_statuses: list[int] = []
    bad_statuses: list[int] = []
    lock = threading.Lock()

    def client(svc: RunningService, i: int, bad: bool) -> None:
        with svc.client() as http:
            for n in range(15):
                row = X.iloc[(i * 15 + n) % len(X)].to_dict()
                body = records(row, "mean_area", "Infinity") if bad else json.dumps({"dataframe_records": [row]}).encode()
                status = http.post("/models/cancer/invocations", content=body,
                                   headers={"content-type": "application/json"}).status_code
                with lock:
                    (bad_statuses if bad else good_statuses).append(status)

    with RunningService(cancer_ctx) as svc:
        threads = [threading.Thread(target=client, args=(svc, i, i >= 24)) for i in range(26)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert good_statuses == [200] * 360
    assert bad_statuses == [400] * 30
    assert len(prediction_log.read(cancer_ctx.paths.state_db_url, "cancer")) == 360  # logged rows = 200 answers


def test_labels_are_checked_kept_once_and_never_flipped(cancer_ctx: Any, cancer_rows: Any) -> None:
    X, y = cancer_rows
    with RunningService(cancer_ctx) as svc, svc.client() as http:
        ids = [http.post("/models/cancer/invocations", json={"dataframe_records": [X.iloc[i].to_dict()]}).json()["request_id"]
               for i in range(3)]
        two = http.post("/models/cancer/invocations", json={"dataframe_records": X.iloc[3:5].to_dict(orient="records")})
        feedback = "/models/cancer/feedback"
        refusals = [
            ({"request_id": ids[0], "label": "malignant"}, 400, "must be one of the model's classes 0, 1"),
            ({"request_id": ids[0], "label": {"a": 1}}, 400, "must be one of the model's classes"),
            ({"request_id": ids[0], "label": True}, 400, "got True"),
            ({"request_id": ids[0], "label": 2}, 400, "got 2"),
            ({"request_id": ids[0], "label": "x" * 200_000}, 400, "got 'xxxxx"),
            ({"request_id": ids[0], "label": 1, "row": 1}, 404, "row 1"),
            ({"request_id": "0" * 24, "label": 1}, 404, "only a request this service answered"),
            ([{"request_id": ids[1], "label": 1}, {"request_id": ids[0], "label": 7}], 400, "got 7"),
        ]
        for body, status, named in refusals:
            answer = http.post(feedback, json=body)
            assert answer.status_code == status and named in answer.json()["message"], (str(body)[:80], answer.text[:300])
            assert len(answer.text) < 1000  # a 200 kB label is not quoted back
        huge = http.post(feedback, json={"request_id": ids[0], "label": "x" * (2 * 1024 * 1024)})
        assert huge.status_code == 413  # feedback bodies are small: 1 MB at most
        first = int(y.iloc[0])
        assert http.post(feedback, json={"request_id": ids[0], "label": first}).json() == {"labelled": 1}
        assert http.post(feedback, json={"request_id": ids[0], "label": float(first)}).json() == {"labelled": 0,
                                                                                                  "unchanged": 1}
        flipped = http.post(feedback, json=[{"request_id": ids[2], "label": 1}, {"request_id": ids[0], "label": 1 - first}])
        assert flipped.status_code == 409 and flipped.json()["error_code"] == "RESOURCE_CONFLICT"
        assert "the first label stands" in flipped.json()["message"]
        assert http.post(feedback, json={"request_id": two.json()["request_id"], "label": [0, 1]}).json() == {"labelled": 2}
    frame = prediction_log.read(cancer_ctx.paths.state_db_url, "cancer").set_index(["request_id", "row"])
    assert frame.loc[(ids[0], 0), "target"] == first  # never flipped
    assert frame["target"].notna().sum() == 3  # ids[0] and the two-row request; the refused calls stored nothing
