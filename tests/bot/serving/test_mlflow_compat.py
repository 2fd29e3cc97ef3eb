"""A client written for MLflow's scoring server works unchanged: the same request table against `mlflow models serve`
on the same registered model and against ours, request by request: same status class, identical predictions.

The deliberate differences (docs/guide/serving.md) are asserted too, so the list stays true."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.predict_server import RunningService
from tests.support.waiting import wait_until

JSON = "application/json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def mlflow_server(cancer_ctx: Any) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "MLFLOW_TRACKING_URI": cancer_ctx.paths.mlflow_uri}
    process = subprocess.Popen([sys.executable, "-m", "mlflow", "models", "serve", "-m", "models:/cancer/1",
                                "--env-manager", "local", "--host", "127.0.0.1", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"mlflow models serve ended: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            return httpx.get(f"{url}/ping", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(up, timeout=180, what="mlflow models serve to answer /ping", every=0.5)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: the uvicorn it starts goes too
        process.wait(timeout=60)


def request_table(X: Any) -> list[tuple[str, str, bytes]]:
    rows = X.iloc[:7]
    record = rows.iloc[0].to_dict()
    cols = list(X.columns)

    def with_value(literal: str) -> bytes:
        return json.dumps({"dataframe_records": [{**record, "mean_area": "@@"}]}).replace('"@@"', literal).encode()

    def body(value: Any) -> bytes:
        return json.dumps(value).encode()

    return [
        ("split", JSON, body({"dataframe_split": rows.to_dict(orient="split")})),
        ("split without index", JSON, body({"dataframe_split": {"columns": cols, "data": rows.values.tolist()}})),
        ("records", JSON, body({"dataframe_records": rows.to_dict(orient="records")})),
        ("instances", JSON, body({"instances": rows.to_dict(orient="records")})),
        ("inputs columnar", JSON, body({"inputs": rows.to_dict(orient="list")})),
        ("inputs one row of scalars", JSON, body({"inputs": record})),
        ("unknown fields ignored", JSON, body({"dataframe_records": [record], "foo": 1, "params": None})),
        ("extra column ignored", JSON, body({"dataframe_records": [{**record, "zzz": 1}]})),
        ("numbers as strings", JSON, body({"dataframe_records": [{**record, "mean_area": "650.5"}]})),
        ("null is missing", JSON, body({"dataframe_records": [{**record, "mean_area": None}]})),
        ("charset", "application/json; charset=utf-8", body({"dataframe_records": [record]})),
        ("csv with a header", "text/csv", rows.to_csv(index=False).encode()),
        ("missing column", JSON, body({"dataframe_records": [{"mean_radius": 1.0}]})),
        ("string value", JSON, body({"dataframe_records": [{**record, "mean_area": "big"}]})),
        ("Infinity", JSON, with_value("Infinity")),
        ("1e999", JSON, with_value("1e999")),
        ("beyond float32", JSON, with_value("1e39")),
        ("huge integer", JSON, with_value("1" + "0" * 400)),
        ("nested value", JSON, with_value("[1, 2]")),
        ("two layouts", JSON, body({"dataframe_records": [record], "instances": [record]})),
        ("no layout", JSON, body({"rows": [record]})),
        ("a list", JSON, body([record])),
        ("invalid json", JSON, b"{nope"),
        ("split, wrong width", JSON, body({"dataframe_split": {"columns": cols, "data": [[1.0] * 29]}})),
        ("csv, missing columns", "text/csv", b"mean_radius\n1.0\n"),
        ("wrong content type", "text/plain", b"{}"),
        ("latin-1", "application/json; charset=latin-1", body({"dataframe_records": [record]})),
    ]


DIFFERENCES = [  # (name, body, MLflow's status, ours): ours refuses what would score a silently wrong row
    ("NaN literal", "NaN", 200, 400),
    ("duplicate key", "DUP", 200, 400),
]


def test_an_mlflow_client_gets_the_same_answers_from_both_servers(cancer_ctx: Any, mlflow_server: str) -> None:
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    frame.columns = [str(c).replace(" ", "_") for c in frame.columns]
    X = frame.drop(columns=["target"])
    table = request_table(X)
    with RunningService(cancer_ctx, default_model="cancer") as ours, httpx.Client(timeout=60) as http:
        for name, content_type, content in table:
            theirs = http.post(f"{mlflow_server}/invocations", content=content, headers={"content-type": content_type})
            mine = http.post(f"{ours.url}/invocations", content=content, headers={"content-type": content_type})
            assert theirs.status_code // 100 == mine.status_code // 100, (name, theirs.text[:300], mine.text[:300])
            if theirs.status_code == 200:
                assert mine.json()["predictions"] == theirs.json()["predictions"], name
            elif theirs.headers.get("content-type", "").startswith(JSON):
                assert set(theirs.json()) >= {"error_code", "message"}
                assert mine.json()["error_code"] and mine.json()["message"], name  # the fields MLflow clients read
                assert "Traceback" not in mine.text and "stack_trace" not in mine.json()
        for path in ("/ping", "/health", "/version"):
            theirs, mine = http.get(f"{mlflow_server}{path}"), http.get(f"{ours.url}{path}")
            assert theirs.status_code == mine.status_code == 200, path
        assert http.get(f"{ours.url}/version").text == http.get(f"{mlflow_server}/version").text

        record = X.iloc[0].to_dict()
        for name, literal, mlflow_status, our_status in DIFFERENCES:
            if literal == "DUP":
                content = json.dumps({"dataframe_records": [record]})[:-3].encode() + b', "mean_radius": 99.0}]}'
            else:
                content = json.dumps({"dataframe_records": [{**record, "mean_area": "@@"}]}).replace('"@@"', literal).encode()
            theirs = http.post(f"{mlflow_server}/invocations", content=content, headers={"content-type": JSON})
            mine = http.post(f"{ours.url}/invocations", content=content, headers={"content-type": JSON})
            assert (theirs.status_code, mine.status_code) == (mlflow_status, our_status), name
