"""The prediction service's boundary under real uvicorn: tokens, body size and time, slow heads, the bind check."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from typing import Any

import pytest

from pipelines.data import prediction_log
from tests.support.predict_server import RunningService
from tests.support.raw_http import raw_request, send_huge
from tests.support.waiting import wait_until

TOKEN = "predict-token-0123456789"
LABELS_TOKEN = "labels-token-9876543210"


@pytest.fixture(scope="module")
def record() -> dict[str, float]:
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    frame.columns = [str(c).replace(" ", "_") for c in frame.columns]
    return frame.drop(columns=["target"]).iloc[0].to_dict()


def test_with_a_token_nothing_unauthenticated_reaches_the_model_or_the_labels(cancer_ctx: Any, record: Any) -> None:
    body = {"dataframe_records": [record]}
    with RunningService(cancer_ctx, token=TOKEN, feedback_token=LABELS_TOKEN, default_model="cancer") as svc:
        with svc.client() as anyone, svc.client("wrong-token-0123456789") as wrong, svc.client(TOKEN) as app, \
                svc.client(LABELS_TOKEN) as labeller:
            assert anyone.get("/ping").status_code == 200 and anyone.get("/health").status_code == 200
            routes = [("POST", "/invocations"), ("POST", "/models/cancer/invocations"), ("GET", "/models"),
                      ("GET", "/metrics"), ("GET", "/version"), ("GET", "/healthz"), ("POST", "/models/nope/invocations")]
            for method, path in routes:
                for client in (anyone, wrong, labeller):
                    answer = client.request(method, path, json=body)
                    assert answer.status_code == 401, (method, path, answer.text)
                    assert answer.json()["error_code"] == "UNAUTHENTICATED"
                    assert answer.headers["www-authenticate"] == "Bearer"
            bearerless = anyone.post("/invocations", json=body, headers={"Authorization": TOKEN})
            assert bearerless.status_code == 401
            served = app.post("/models/cancer/invocations", json=body)
            assert served.status_code == 200, served.text
            assert app.post("/invocations", json=body).status_code == 200
            rid = served.json()["request_id"]
            # The prediction token does not open the labels: a client that scores cannot also poison its labels.
            for client in (anyone, app):
                assert client.post("/models/cancer/feedback", json={"request_id": rid, "label": 0}).status_code == 401
            assert labeller.post("/models/cancer/feedback", json={"request_id": rid, "label": 1}).json() == {"labelled": 1}
            assert app.get("/version").status_code == 200
    frame = prediction_log.read(cancer_ctx.paths.state_db_url, "cancer")
    assert len(frame) == 2  # the two authenticated requests; no refused one was logged
    assert frame.set_index("request_id").loc[rid, "target"] == 1


def test_without_a_feedback_token_the_prediction_token_opens_every_route(cancer_ctx: Any, record: Any) -> None:
    with RunningService(cancer_ctx, token=TOKEN) as svc, svc.client(TOKEN) as app, svc.client() as anyone:
        rid = app.post("/models/cancer/invocations", json={"dataframe_records": [record]}).json()["request_id"]
        assert anyone.post("/models/cancer/feedback", json={"request_id": rid, "label": 1}).status_code == 401
        assert app.post("/models/cancer/feedback", json={"request_id": rid, "label": 1}).status_code == 200


def test_a_huge_declared_body_is_refused_on_its_headers_and_costs_nothing(cancer_ctx: Any, record: Any) -> None:
    with RunningService(cancer_ctx, max_body_bytes=1024 * 1024) as svc:
        # 300 MB declared, 10 bytes sent: the answer comes without the server waiting for (or reading) the rest.
        head = ("POST /models/cancer/invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Length: {300 * 1024 * 1024}\r\n\r\n")
        status, answer = raw_request(svc.port, head, b'{"datafram')
        assert status == 413
        refused = json.loads(answer)
        assert refused["error_code"] == "REQUEST_LIMIT_EXCEEDED" and "1 MB" in refused["message"]
        assert "--max-body-mb" in refused["message"]
        with svc.client() as http:
            # Sent without a length (chunked), a body is refused on its headers too: 411, whatever its size.
            chunks = (b'{"dataframe_records": [' + b" " * 65536 for _ in range(40))
            streamed = http.post("/models/cancer/invocations", content=chunks,
                                 headers={"content-type": "application/json"})
            assert streamed.status_code == 411 and "Content-Length" in streamed.json()["message"]
            assert streamed.headers["connection"] == "close"
            small = http.post("/models/cancer/invocations", content=iter([json.dumps({"dataframe_records": [record]})
                                                                          .encode()]),
                              headers={"content-type": "application/json"})
            assert small.status_code == 411  # not only large ones: the length is what is missing
            assert http.post("/models/cancer/invocations", json={"dataframe_records": [record]}).status_code == 200
            bad_length = raw_request(svc.port, "POST /models/cancer/invocations HTTP/1.1\r\nHost: x\r\n"
                                               "Content-Length: 12abc\r\n\r\n")
            assert bad_length[0] == 400
            errors = http.get("/metrics").text
            assert 'mlops_predict_errors_total{code="413",model="cancer"} 1.0' in errors
            assert 'mlops_predict_errors_total{code="411",model="cancer"} 2.0' in errors
    assert len(prediction_log.read(cancer_ctx.paths.state_db_url, "cancer")) == 1


def test_huge_bodies_sent_without_a_length_cost_the_server_no_memory(cancer_ctx: Any, record: Any) -> None:
    """Chunked 300 MB bodies, one after another, against the production uvicorn config: each is refused with 411 on
    its headers (a few MiB sent before the answer), and neither they nor bodies read and then refused (20 MB of
    invalid JSON under the 32 MB limit) stay in memory. The cyclic collector is off meanwhile: a long-running server
    with a large heap runs its full passes rarely, so a refused body kept alive by a reference cycle (as one was by
    `asyncio.wait_for`'s task) would show here as growth."""
    import gc

    import psutil

    mib = 1024 * 1024
    process = psutil.Process()  # the service runs in this process, in a thread
    start = "POST /models/cancer/invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    with RunningService(cancer_ctx) as svc, svc.client() as http:
        assert http.post("/models/cancer/invocations", json={"dataframe_records": [record]}).status_code == 200
        invalid = send_huge(svc.port, f"{start}Content-Length: {20 * mib}\r\n\r\n", mb=20, chunked=False)
        assert invalid[0] == 400  # once first, so the allocator's pools for a 20 MB body exist before measuring
        gc.collect()
        gc.disable()
        try:
            before = process.memory_info().rss
            peak = before
            for _ in range(6):
                status, sent = send_huge(svc.port, f"{start}Transfer-Encoding: chunked\r\n\r\n", mb=300, chunked=True)
                assert status == 411 and sent < 16 * mib, (status, sent / mib)
                peak = max(peak, process.memory_info().rss)
            for _ in range(4):
                status, _ = send_huge(svc.port, f"{start}Content-Length: {20 * mib}\r\n\r\n", mb=20, chunked=False)
                assert status == 400
            after = process.memory_info().rss
            assert http.post("/models/cancer/invocations", json={"dataframe_records": [record]}).status_code == 200
        finally:
            gc.enable()
    growth, chunked_peak = (after - before) / mib, (peak - before) / mib
    print(f"RSS growth {growth:.1f} MiB (peak over the chunked bodies +{chunked_peak:.1f} MiB)")
    assert chunked_peak < 16, chunked_peak  # 1.8 GB of chunked bodies: nothing of them kept
    assert growth < 64, growth  # 80 MB read and refused: none of it outlives its request (one would be 40 MiB)


def test_a_body_refused_while_read_is_dropped_at_once() -> None:
    """What `read_body` read before a 413 or a 408 is freed with the request, not left to the cyclic collector
    (`asyncio.wait_for`'s task held it in a cycle: 32 MiB per refused body until a full collection)."""
    import asyncio
    import gc
    import tracemalloc

    from bot.serving.guard import Refused, read_body

    class Streaming:
        def __init__(self, pieces: int, pause: float = 0.0) -> None:
            self.pieces, self.pause = pieces, pause

        async def stream(self) -> Any:
            for _ in range(self.pieces):
                await asyncio.sleep(self.pause)
                yield b"x" * (1 << 20)

    async def refused(request: Any, seconds: float) -> int:
        try:
            await read_body(request, limit=32 << 20, seconds=seconds)
        except Refused as exc:
            return exc.status
        return 200

    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        assert asyncio.run(refused(Streaming(100), seconds=30)) == 413
        assert tracemalloc.get_traced_memory()[0] < 4 << 20
        assert asyncio.run(refused(Streaming(30, pause=0.01), seconds=0.15)) == 408
        assert tracemalloc.get_traced_memory()[0] < 4 << 20
        assert asyncio.run(refused(Streaming(3), seconds=30)) == 200
    finally:
        tracemalloc.stop()
        gc.enable()


def test_slow_heads_are_closed_and_slow_bodies_time_out(cancer_ctx: Any, record: Any) -> None:
    with RunningService(cancer_ctx, header_seconds=1.0, body_seconds=1.0) as svc:
        dribbling = socket.create_connection(("127.0.0.1", svc.port), timeout=30)
        dribbling.sendall(b"POST /models/cancer/invocations HTTP/1.1\r\nHost: x\r\n")  # never ends its head
        started = time.monotonic()
        assert dribbling.recv(1024) == b""  # closed by the server
        assert time.monotonic() - started < 25
        dribbling.close()
        status, answer = raw_request(svc.port, "POST /models/cancer/invocations HTTP/1.1\r\nHost: x\r\n"
                                     "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n", b'{"dataframe')
        assert status == 408 and "did not arrive within 1 s" in json.loads(answer)["message"]
        with svc.client() as http:  # the service is still answering
            assert http.post("/models/cancer/invocations", json={"dataframe_records": [record]}).status_code == 200


def test_nesting_rows_and_columns_over_the_limits_are_named(cancer_ctx: Any, record: Any) -> None:
    with RunningService(cancer_ctx, max_rows=50, max_columns=40) as svc, svc.client() as http:
        deep = b'{"inputs": ' + b"[" * 5000 + b"]" * 5000 + b"}"
        answer = http.post("/models/cancer/invocations", content=deep, headers={"content-type": "application/json"})
        assert answer.status_code == 400 and "the limit is 32" in answer.json()["message"]
        many = http.post("/models/cancer/invocations", json={"dataframe_records": [record] * 51})
        assert many.status_code == 400 and "the limit is 50 rows" in many.json()["message"]
        wide = http.post("/models/cancer/invocations",
                         json={"dataframe_records": [{**record, **{f"extra_{i}": 1 for i in range(20)}}]})
        assert wide.status_code == 400 and "the limit is 40 columns" in wide.json()["message"]
        assert http.post("/models/cancer/invocations", json={"dataframe_records": [record] * 50}).status_code == 200


def test_health_is_503_until_every_production_model_is_loaded(cancer_ctx: Any) -> None:
    with RunningService(cancer_ctx, poll_seconds=0.2) as svc, svc.client() as http:
        assert http.get("/health").status_code == 200  # wine and diabetes have no production version to load
        assert http.get("/healthz").json()["ok"] is True
        broken = cancer_ctx.registry.client.create_model_version("wine", "file:///nonexistent/model", run_id=None) \
            if cancer_ctx.registry.client.search_registered_models(filter_string="name='wine'") else None
        if broken is None:
            cancer_ctx.registry.client.create_registered_model("wine")
            broken = cancer_ctx.registry.client.create_model_version("wine", "file:///nonexistent/model", run_id=None)
        cancer_ctx.registry.set_alias("wine", "production", int(broken.version))
        answer = wait_until(lambda: (r := http.get("/ping")).status_code == 503 and r)
        assert answer.json()["error_code"] == "TEMPORARILY_UNAVAILABLE"
        assert f"model wine v{broken.version} is not loaded" in answer.json()["message"]
        assert http.get("/healthz").json()["ok"] is False


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "example.org"])
def test_predict_server_beyond_loopback_without_a_token_refuses_to_start(host: str, mlops_home: Any) -> None:
    done = subprocess.run([sys.executable, "-m", "bot.cli", "predict-server", "--host", host, "--port", "1"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "MLOPS_SERVING_TOKEN" in done.stderr and "--insecure" in done.stderr


def test_loopback_hosts_are_recognised() -> None:
    from bot.serving.main import is_loopback

    assert all(map(is_loopback, ["127.0.0.1", "localhost", "::1", "[::1]", "127.8.0.1"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.4", "my-host"]))
