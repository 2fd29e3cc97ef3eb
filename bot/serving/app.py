"""`mlops-bot predict-server`: each configured model's production version over HTTP, MLflow's payloads in.

POST /models/<name>/invocations · POST /models/<name>/feedback · GET /healthz · GET /models · GET /metrics
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.serving import payload
from bot.serving.log_writer import Entry, LogWriter, apply_feedback
from bot.serving.metrics import CONTENT_TYPE, Figures, Metrics
from bot.serving.models import Follower, Loaded, Served
from pipelines.registry import CHALLENGER
from pipelines.suggest import did_you_mean

log = logging.getLogger("mlops.predict")


class Label(BaseModel):
    request_id: str = Field(min_length=1, max_length=32)
    label: Any = Field(description="the true value; a list gives one per row of a multi-row request")
    row: int | None = Field(None, ge=0, description="the row of the request this label belongs to (default 0)")


class PredictService:
    """The served models, the log writer and the registry follower; started and stopped with the app."""

    def __init__(self, ctx: Any, *, poll_seconds: float = 5.0) -> None:
        self.ctx = ctx
        self.poll_seconds = poll_seconds
        self.served = {name: Served(name=name, task=spec.task, problem=f"Model {name} is not loaded yet; try again shortly.")
                       for name, spec in ctx.config.models.items()}
        self.score_pool = ThreadPoolExecutor(1, thread_name_prefix="predict")
        self.load_pool = ThreadPoolExecutor(1, thread_name_prefix="follow")
        self.follower = Follower(ctx, self.served, self.score_pool)
        self.writer = LogWriter(ctx.state.engine)
        self.metrics = Metrics(Figures(
            batches=lambda: {(name, arm): a.batcher.calls
                             for name, s in self.served.items() for arm, a in s.arms.items()},
            written=lambda: self.writer.written, failed=lambda: self.writer.failed,
            pending=lambda: self.writer.pending))
        self._poller: asyncio.Task[None] | None = None

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.load_pool, self.follower.refresh)
        self._poller = loop.create_task(self._follow())
        try:
            yield
        finally:
            self._poller.cancel()
            await loop.run_in_executor(None, self.close)

    def close(self) -> None:
        self.writer.close()  # everything answered is written before the process ends
        self.load_pool.shutdown(wait=True, cancel_futures=True)
        self.score_pool.shutdown(wait=True)

    async def _follow(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.poll_seconds)
            await loop.run_in_executor(self.load_pool, self.follower.refresh)

    # --- routes ------------------------------------------------------------------------------------------
    async def invocations(self, request: Request) -> Response:
        started = time.perf_counter()
        name = request.path_params["name"]
        served = self.served.get(name)
        if served is None:
            return self._error(name, 404, f"No model called {name}.{did_you_mean(name, self.served)} "
                                          f"Served: {', '.join(sorted(self.served))}.")
        if served.problem:
            return self._error(name, 503, served.problem)
        if "csv" in request.headers.get("content-type", ""):
            return self._error(name, 415, "Send JSON (application/json) with dataframe_split, dataframe_records, "
                                          "instances or inputs; CSV is not accepted.")
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError) as exc:
            return self._error(name, 400, f"The body is not valid JSON: {exc}.")
        key = body.get("key") if isinstance(body, dict) else None
        arm, shadow = served.route(None if key is None else str(key))
        loaded = served.arms[arm]
        try:
            rows = payload.parse(body, loaded.columns)
        except payload.BadPayload as exc:
            return self._error(name, 400, str(exc))
        try:
            scores = await loaded.batcher.submit(rows.values)
        except Exception as exc:  # the model itself failed: logged with a reference, never shown raw
            ref = secrets.token_hex(2)
            log.error("model %s v%d failed to predict (ref %s): %s", name, loaded.version, ref, exc)
            return self._error(name, 500, f"The model failed on this input (ref {ref}).")
        request_id = secrets.token_hex(12)
        seconds = time.perf_counter() - started
        test = served.test
        self.writer.add(Entry(request_id=request_id, model=name, version=loaded.version, arm=arm,
                              test_id=test.id if test else None, key=rows.key, columns=loaded.columns,
                              values=rows.values, predictions=scores.predictions, proba=scores.proba,
                              latency_ms=seconds * 1000, at=datetime.now(UTC)))
        self.metrics.observe(name, arm, seconds, len(rows.values))
        if shadow:
            asyncio.get_running_loop().create_task(self._shadow(served, body, request_id, rows.key))
        answer: dict[str, Any] = {"predictions": scores.predictions, "request_id": request_id, "model": name,
                                  "version": loaded.version, "arm": arm}
        if scores.proba is not None:
            answer["probabilities"] = scores.proba
        return JSONResponse(answer)

    async def _shadow(self, served: Served, body: Any, request_id: str, key: str | None) -> None:
        """The challenger scores the same rows; logged as arm `shadow`, never answered."""
        challenger: Loaded | None = served.arms.get(CHALLENGER)
        if challenger is None:
            return
        started = time.perf_counter()
        try:
            rows = payload.parse(body, challenger.columns)
            scores = await challenger.batcher.submit(rows.values)
        except Exception as exc:  # the caller already has production's answer; the shadow failure is counted
            self.metrics.error(served.name, 599)
            log.warning("shadow v%d of %s failed: %s", challenger.version, served.name, exc)
            return
        seconds = time.perf_counter() - started
        self.writer.add(Entry(request_id=request_id, model=served.name, version=challenger.version, arm="shadow",
                              test_id=served.test.id if served.test else None, key=key, columns=challenger.columns,
                              values=rows.values, predictions=scores.predictions, proba=scores.proba,
                              latency_ms=seconds * 1000, at=datetime.now(UTC)))
        self.metrics.observe(served.name, "shadow", seconds, len(rows.values))

    async def feedback(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in self.served:
            return self._error(name, 404, f"No model called {name}.{did_you_mean(name, self.served)}")
        try:
            raw = json.loads(await request.body())
            items = [Label.model_validate(item) for item in (raw if isinstance(raw, list) else [raw])]
        except ValueError as exc:  # JSON and pydantic errors alike
            first = exc.errors()[0] if isinstance(exc, ValidationError) else None
            where = f"{'.'.join(map(str, first['loc']))}: {first['msg']}" if first else str(exc)
            return self._error(name, 400, f"Feedback must be {{\"request_id\": \"…\", \"label\": …}} or a list of "
                                          f"them ({where}).")
        labels: list[tuple[str, int, Any]] = []
        for item in items:
            if isinstance(item.label, list):
                labels += [(item.request_id, i, value) for i, value in enumerate(item.label)]
            else:
                labels.append((item.request_id, item.row or 0, item.label))
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, self._label, name, labels)
        except LookupError as exc:
            return self._error(name, 404, f"Unknown {exc.args[0]}; no label was stored.")
        return JSONResponse({"labelled": len(labels)})

    def _label(self, name: str, labels: list[tuple[str, int, Any]]) -> None:
        self.writer.flush()  # a label may arrive before its request's row is written
        apply_feedback(self.writer.engine, name, labels, at=datetime.now(UTC))

    async def healthz(self, _request: Request) -> Response:
        ready = {name: not s.problem for name, s in self.served.items()}
        return JSONResponse({"ok": True, "ready": ready})

    async def models(self, _request: Request) -> Response:
        return JSONResponse({"models": {name: s.describe() for name, s in self.served.items()}})

    async def prometheus(self, _request: Request) -> Response:
        return Response(self.metrics.render(), media_type=CONTENT_TYPE)

    def _error(self, name: str, status: int, message: str) -> Response:
        self.metrics.error(name if name in self.served else "(unknown)", status)
        return JSONResponse({"error": message}, status_code=status)


def build_app(service: PredictService) -> Starlette:
    return Starlette(lifespan=service.lifespan, routes=[
        Route("/models/{name}/invocations", service.invocations, methods=["POST"]),
        Route("/models/{name}/feedback", service.feedback, methods=["POST"]),
        Route("/healthz", service.healthz, methods=["GET"]),
        Route("/models", service.models, methods=["GET"]),
        Route("/metrics", service.prometheus, methods=["GET"]),
    ])
