"""`mlops-bot predict-server`: each configured model's production version over HTTP, MLflow's protocol in and out.

MLflow's routes: POST /invocations (the single model, or --default-model) · GET /ping · GET /health · GET /version.
Ours: POST /models/<name>/invocations · POST /models/<name>/feedback · GET /healthz · GET /models · GET /metrics.
Every route but /ping and /health sits behind the bearer token when one is set (guard.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.serving import feedback, payload
from bot.serving.guard import Guard, Refused, error, read_body
from bot.serving.log_writer import Entry, LogWriter
from bot.serving.metrics import CONTENT_TYPE, Figures, Metrics
from bot.serving.models import Follower, Loaded, Served
from bot.serving.settings import Limits, ServingSettings
from pipelines.config import FeastSource
from pipelines.registry import CHALLENGER, PRODUCTION
from pipelines.suggest import did_you_mean

log = logging.getLogger("mlops.predict")
Handler = Callable[[Request], Awaitable[Response]]


class PredictService:
    """The served models, the log writer and the registry follower; started and stopped with the app."""

    def __init__(self, ctx: Any, *, poll_seconds: float = 5.0, settings: ServingSettings | None = None,
                 limits: Limits | None = None, default_model: str | None = None) -> None:
        self.ctx = ctx
        self.poll_seconds = poll_seconds
        self.settings = settings if settings is not None else ServingSettings()
        self.limits = limits or Limits()
        self.served = {name: Served(name=name, task=spec.task, problem=f"Model {name} is not loaded yet; try again shortly.")
                       for name, spec in ctx.config.models.items()}
        only = next(iter(self.served)) if len(self.served) == 1 else None
        self.default_model = default_model or only
        self.score_pool = ThreadPoolExecutor(1, thread_name_prefix="predict")
        self.load_pool = ThreadPoolExecutor(1, thread_name_prefix="follow")
        # Parsing is CPU work on bodies up to --max-body-mb: off the event loop, two at a time.
        self.parse_pool = ThreadPoolExecutor(2, thread_name_prefix="parse")
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
        await loop.run_in_executor(self.load_pool, self._warm_feature_stores)
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
        self.parse_pool.shutdown(wait=True, cancel_futures=True)
        self.score_pool.shutdown(wait=True)

    async def _follow(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.poll_seconds)
            await loop.run_in_executor(self.load_pool, self.follower.refresh)

    # --- scoring -------------------------------------------------------------------------------------------
    async def invocations(self, request: Request) -> Response:
        return await self._invoke(request, request.path_params["name"])

    async def default_invocations(self, request: Request) -> Response:
        """MLflow's `POST /invocations`: the one model this service serves, or --default-model."""
        if self.default_model is None:
            raise Refused(404, f"This service serves {len(self.served)} models ({', '.join(sorted(self.served))}): "
                               "POST /models/<name>/invocations, or start it with --default-model.")
        return await self._invoke(request, self.default_model)

    async def _invoke(self, request: Request, name: str) -> Response:
        started = time.perf_counter()
        served = self._served(name)
        if served.problem:
            raise Refused(503, served.problem)
        raw = await read_body(request, limit=self.limits.max_body_bytes, seconds=self.limits.body_seconds)
        production = served.arms[PRODUCTION]
        rows = await self._off_loop(payload.parse, raw, request.headers.get("content-type"), production.columns,
                                    self.limits, self._online_lookup(name))
        arm, shadow = served.route(rows.key)
        loaded = served.arms.get(arm, production)
        values = rows.values if loaded.columns == production.columns else await self._off_loop(
            payload.matrix, rows.frame, loaded.columns)
        try:
            scores = await loaded.batcher.submit(values)
        except Exception as exc:  # checked rows failed the model itself: ours to fix, logged with a reference
            ref = secrets.token_hex(2)
            log.error("model %s v%d failed to predict (ref %s): %s", name, loaded.version, ref, exc)
            self.metrics.error(name, 500)
            return error(500, f"The model failed on this input (ref {ref}).")
        request_id = secrets.token_hex(12)
        seconds = time.perf_counter() - started
        test = served.test
        self.writer.add(Entry(request_id=request_id, model=name, version=loaded.version, arm=arm,
                              test_id=test.id if test else None, key=rows.key, columns=loaded.columns,
                              values=values, predictions=scores.predictions, proba=scores.proba,
                              latency_ms=seconds * 1000, at=datetime.now(UTC), entities=rows.entities))
        self.metrics.observe(name, arm, seconds, len(values))
        if shadow:
            asyncio.get_running_loop().create_task(self._shadow(served, rows, request_id))
        answer: dict[str, Any] = {"predictions": scores.predictions, "request_id": request_id, "model": name,
                                  "version": loaded.version, "arm": arm}
        if scores.proba is not None:
            answer["probabilities"] = scores.proba
        return JSONResponse(answer)

    async def _shadow(self, served: Served, rows: payload.Rows, request_id: str) -> None:
        """The challenger scores the same rows; logged as arm `shadow`, never answered."""
        challenger: Loaded | None = served.arms.get(CHALLENGER)
        if challenger is None:
            return
        started = time.perf_counter()
        try:
            values = await self._off_loop(payload.matrix, rows.frame, challenger.columns)
            scores = await challenger.batcher.submit(values)
        except Exception as exc:  # the caller already has production's answer; the shadow failure is counted
            self.metrics.error(served.name, 599)
            log.warning("shadow v%d of %s failed: %s", challenger.version, served.name, exc)
            return
        seconds = time.perf_counter() - started
        self.writer.add(Entry(request_id=request_id, model=served.name, version=challenger.version, arm="shadow",
                              test_id=served.test.id if served.test else None, key=rows.key,
                              columns=challenger.columns, values=values, predictions=scores.predictions,
                              proba=scores.proba, latency_ms=seconds * 1000, at=datetime.now(UTC),
                              entities=rows.entities))
        self.metrics.observe(served.name, "shadow", seconds, len(values))

    # --- labels --------------------------------------------------------------------------------------------
    async def feedback(self, request: Request) -> Response:
        name = request.path_params["name"]
        served = self._served(name)
        raw = await read_body(request, limit=min(self.limits.feedback_body_bytes, self.limits.max_body_bytes),
                              seconds=self.limits.body_seconds)
        labels = await self._off_loop(feedback.read, raw, task=served.task, classes=served.classes)
        counts = await self._off_loop(self._label, name, labels)
        return JSONResponse({key: n for key, n in counts.items() if n or key == "labelled"})

    def _label(self, name: str, labels: list[tuple[str, int, Any]]) -> dict[str, int]:
        self.writer.flush()  # a label may arrive before its request's row is written
        return feedback.apply(self.writer.engine, name, labels, at=datetime.now(UTC))

    # --- state ---------------------------------------------------------------------------------------------
    async def ping(self, _request: Request) -> Response:
        """MLflow's /ping and /health: 200 only when every model with a production version serves it."""
        unready = [reason for s in self.served.values() if (reason := s.unready)]
        if unready:
            return error(503, "Not ready: " + "; ".join(unready) + ".")
        return JSONResponse({"status": "ok"})

    async def version(self, _request: Request) -> Response:
        from mlflow.version import VERSION

        return Response(VERSION, media_type="application/json")  # as MLflow's server answers it

    async def healthz(self, _request: Request) -> Response:
        unready = {name: reason for name, s in self.served.items() if (reason := s.unready)}
        return JSONResponse({"ok": not unready, "live": True, "unready": unready,
                             "ready": {name: not s.problem for name, s in self.served.items()}})

    async def models(self, _request: Request) -> Response:
        return JSONResponse({"models": {name: s.describe() for name, s in self.served.items()}})

    async def prometheus(self, _request: Request) -> Response:
        return Response(self.metrics.render(), media_type=CONTENT_TYPE)

    # --- helpers -------------------------------------------------------------------------------------------
    def _online_lookup(self, name: str) -> payload.OnlineLookup | None:
        """For a model trained from Feast: entity keys -> its features from the online store; else None."""
        source = self.ctx.config.models[name].source
        if not isinstance(source, FeastSource):
            return None
        from pipelines.data import feature_store

        return functools.partial(feature_store.online, source)

    def _warm_feature_stores(self) -> None:
        """Feast takes seconds to import and open: done at start, not on the first request."""
        for name, spec in self.ctx.config.models.items():
            if isinstance(spec.source, FeastSource):
                from pipelines.data import feature_store

                try:
                    feature_store.serving_store(spec.source.repo)
                except Exception as exc:  # the request that needs it will say why; serving the others goes on
                    log.warning("model %s: Feast repository %s could not be opened: %s", name, spec.source.repo, exc)

    def _served(self, name: str) -> Served:
        served = self.served.get(name)
        if served is None:
            raise Refused(404, f"No model called {name[:80]}.{did_you_mean(name, self.served)} "
                               f"Served: {', '.join(sorted(self.served))}.")
        return served

    async def _off_loop(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.parse_pool, functools.partial(fn, *args, **kwargs))

    def model_of(self, path: str) -> str:
        """The model a path concerns, for the error metric; '(unknown)' for anything else."""
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "models" and parts[1] in self.served:
            return parts[1]
        if path == "/invocations" and self.default_model:
            return self.default_model
        return "(unknown)"

    def refused(self, path: str, status: int, message: str = "") -> None:
        """Every refusal is counted and logged (one line, never the body nor a token)."""
        model = self.model_of(path)
        self.metrics.error(model, status)
        log.info("refused %s (%s): %d %s", path[:120], model, status, message[:300])

    def guarded(self, handler: Handler) -> Handler:
        """A `Refused` becomes its 4xx; anything else a 500 with a reference, logged here, never a traceback out."""
        @functools.wraps(handler)
        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except Refused as exc:
                self.refused(request.url.path, exc.status, exc.message)
                return error(exc.status, exc.message)
            except Exception:
                ref = secrets.token_hex(2)
                log.exception("%s failed (ref %s)", request.url.path[:120], ref)
                self.metrics.error(self.model_of(request.url.path), 500)
                return error(500, f"Something went wrong (ref {ref}).")
        return route


def build_app(service: PredictService) -> Starlette:
    g = service.guarded
    routes = [
        Route("/invocations", g(service.default_invocations), methods=["POST"]),
        Route("/ping", g(service.ping), methods=["GET"]),
        Route("/health", g(service.ping), methods=["GET"]),
        Route("/version", g(service.version), methods=["GET"]),
        Route("/models/{name}/invocations", g(service.invocations), methods=["POST"]),
        Route("/models/{name}/feedback", g(service.feedback), methods=["POST"]),
        Route("/healthz", g(service.healthz), methods=["GET"]),
        Route("/models", g(service.models), methods=["GET"]),
        Route("/metrics", g(service.prometheus), methods=["GET"]),
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        service.refused(request.url.path, status, "no such route" if status == 404 else "")
        message = {404: f"No route {request.url.path[:120]}.", 405: f"{request.method} is not allowed here."}
        return error(status, message.get(status, "The request could not be served."))

    return Starlette(lifespan=service.lifespan, routes=routes, exception_handlers={HTTPException: http_error},
                     middleware=[Middleware(Guard, settings=service.settings, limits=service.limits,
                                            refused=service.refused)])
