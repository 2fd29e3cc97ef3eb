"""MLflow registry webhooks on `serve`: POST /mlflow/webhook, counted on GET /metrics.

MLflow (3.3+) signs each delivery the Standard Webhooks way: `X-MLflow-Signature: v1,<base64 HMAC-SHA256>` of
`<delivery id>.<timestamp>.<body>` with the secret the webhook was registered with (`MLOPS_MLFLOW_WEBHOOK_SECRET`),
and `X-MLflow-Timestamp` in Unix seconds. A delivery without a valid signature, or older than five minutes, is
refused (401) and counted in `mlops_webhook_refused_total`; a malformed one gets a 400 that names what is wrong.
Nothing a refused delivery says is acted on.

A valid alias created/deleted event only says "look at this model now": the work process looks through the
alias watch (tools/monitoring/aliases.look), as the poll does, so the registry itself, not the payload, says
where the alias went, and a move seen by both is told once. MLflow's retries of one delivery carry the same
signature, so the one request claim (tools/work/runtime.first_delivery) runs it once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import time
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

if TYPE_CHECKING:
    from bot.slack.runtime import SlackRuntime
    from tools.work.queue import Submitter

log = logging.getLogger("mlops.webhook")
PATH = "/mlflow/webhook"
MAX_BODY_BYTES = 64 * 1024  # an alias event is ~200 bytes; MLflow's largest payloads (tags, descriptions) a few KB
BODY_SECONDS = 10.0
FRESH_SECONDS = 5 * 60  # as Standard Webhooks and Slack: a delivery older than this may be a replay
ALIAS_ENTITY = "model_version_alias"
EVENTS = (f"{ALIAS_ENTITY}.created", f"{ALIAS_ENTITY}.deleted")  # what `webhooks register` subscribes to
REFUSALS = ("no_secret", "missing_signature", "bad_timestamp", "stale", "bad_signature")


class Delivery(BaseModel):
    """MLflow's envelope: {"entity", "action", "timestamp", "data"} (and "workspace" with workspaces on)."""

    model_config = ConfigDict(extra="ignore")
    entity: str
    action: str
    timestamp: str
    data: dict[str, Any]


class AliasEvent(BaseModel):
    """`data` of model_version_alias.created (with `version`) and .deleted."""

    model_config = ConfigDict(extra="ignore")
    name: str
    alias: str
    version: str | None = None


def signature(secret: str, delivery_id: str, timestamp: str, body: bytes) -> str:
    """MLflow's signature of a delivery (mlflow.webhooks.delivery signs the same bytes), "v1,<base64>"."""
    digest = hmac.new(secret.encode(), f"{delivery_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str | None, headers: Any, body: bytes, *, now: float) -> str | None:
    """Why the delivery cannot be trusted (one of REFUSALS), or None when it is MLflow's and fresh."""
    if not secret:
        return "no_secret"
    given = headers.get("x-mlflow-signature") or ""
    delivery_id, stamp = headers.get("x-mlflow-delivery-id") or "", (headers.get("x-mlflow-timestamp") or "").strip()
    if not given or not delivery_id:
        return "missing_signature"
    if not stamp.isdigit():
        return "bad_timestamp"
    if abs(now - int(stamp)) > FRESH_SECONDS:
        return "stale"
    wanted = signature(secret, delivery_id, stamp, body).encode()
    # Standard Webhooks allows several space-separated signatures (a secret being rotated): any one may match.
    if not any(hmac.compare_digest(s.encode(), wanted) for s in given.split()):
        return "bad_signature"
    return None


def parse(body: bytes) -> Delivery:
    """The delivery, or ValueError with what is wrong in a sentence (pydantic's first error)."""
    try:
        return Delivery.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise ValueError(f"not an MLflow webhook delivery: {where}: {first['msg']}") from None


def look_at_aliases(rt: SlackRuntime, model: str) -> None:
    """The work process's part: the alias watch of one model, its external moves posted like the poll's."""
    from bot.slack.alerts import SlackReporter
    from tools.monitoring import aliases

    aliases.look(rt.ctx, SlackReporter(rt).alias_moved, models=[model])


class MlflowWebhook:
    """The route and its counters; `models` are the configured ones (events of others are acknowledged, ignored)."""

    def __init__(self, *, secret: str | None, models: Collection[str], work: Submitter) -> None:
        from prometheus_client import CollectorRegistry, Counter

        self.secret, self.models, self.work = secret, frozenset(models), work
        self.metrics = CollectorRegistry()
        self.refused = Counter(
            "mlops_webhook_refused", "MLflow webhook deliveries refused, by reason.", ["reason"], registry=self.metrics
        )
        self.received = Counter(
            "mlops_webhook_deliveries",
            "MLflow webhook deliveries accepted, by outcome "
            "(looked: an alias event of a configured model; ignored: any other).",
            ["outcome"],
            registry=self.metrics,
        )
        for reason in REFUSALS:  # every series from the start, so a dashboard's rate() sees the first refusal
            self.refused.labels(reason)
        for outcome in ("looked", "ignored", "malformed"):
            self.received.labels(outcome)
        if not secret:
            log.warning("MLOPS_MLFLOW_WEBHOOK_SECRET is not set: MLflow webhook deliveries are refused")

    def routes(self) -> list[Any]:
        from starlette.routing import Route

        return [Route(PATH, self.receive, methods=["POST"]), Route("/metrics", self.scrape, methods=["GET"])]

    async def receive(self, request: Any) -> Any:
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        from bot.serving.guard import Refused, read_body
        from tools.work.queue import RequestId, handling

        length = request.headers.get("content-length")
        if request.headers.get("transfer-encoding") is not None or length is None:
            return _no(411, "content-length required")  # MLflow always sends one; a stream's size is unknown
        if not length.strip().isdigit() or int(length) > MAX_BODY_BYTES:
            return _no(413, f"body larger than {MAX_BODY_BYTES} bytes")
        try:
            body = await read_body(request, limit=MAX_BODY_BYTES, seconds=BODY_SECONDS)
        except Refused as exc:
            return _no(exc.status, exc.message)
        reason = verify(self.secret, request.headers, body, now=time.time())
        if reason is not None:
            self.refused.labels(reason).inc()
            log.warning(
                "refused an MLflow webhook delivery (%s) from %s",
                reason,
                request.client.host if request.client else "?",
            )
            return _no(401, _SAYS[reason])
        try:
            delivery = await run_in_threadpool(parse, body)  # off the event loop, as every route's parsing
            event = AliasEvent.model_validate(delivery.data) if delivery.entity == ALIAS_ENTITY else None
        except (ValueError, ValidationError) as exc:
            self.received.labels("malformed").inc()
            message = str(exc) if not isinstance(exc, ValidationError) else f"not an alias event: {exc.errors()[0]}"
            return _no(400, message)
        if event is None or delivery.action not in ("created", "deleted"):
            self.received.labels("ignored").inc()
            return JSONResponse({"ok": True, "ignored": f"{delivery.entity}.{delivery.action} is not an alias move"})
        if event.name not in self.models:
            self.received.labels("ignored").inc()
            return JSONResponse({"ok": True, "ignored": f"{event.name} is not a configured model"})
        self.received.labels("looked").inc()
        # The signed delivery's identity: a retry of it (same signature) runs nothing a second time.
        handling(
            RequestId(timestamp=request.headers["x-mlflow-timestamp"], signature=request.headers["x-mlflow-signature"])
        )
        self.work.submit(look_at_aliases, event.name)
        return JSONResponse({"ok": True, "looking_at": event.name}, status_code=202)

    async def scrape(self, _request: Any) -> Any:
        from prometheus_client import generate_latest
        from starlette.responses import Response

        from bot.serving.metrics import CONTENT_TYPE

        return Response(generate_latest(self.metrics), media_type=CONTENT_TYPE)


_SAYS = {
    "no_secret": "MLOPS_MLFLOW_WEBHOOK_SECRET is not set on this server: no delivery can be verified",
    "missing_signature": "X-MLflow-Signature and X-MLflow-Delivery-Id are required (register the webhook with a secret)",
    "bad_timestamp": "X-MLflow-Timestamp must be Unix seconds",
    "stale": f"X-MLflow-Timestamp is more than {FRESH_SECONDS} s away from now",
    "bad_signature": "the signature does not match MLOPS_MLFLOW_WEBHOOK_SECRET",
}


def _no(status: int, message: str) -> Any:
    from starlette.responses import JSONResponse

    headers = {"Connection": "close"} if status in (408, 411, 413) else None
    return JSONResponse({"ok": False, "error": message}, status_code=status, headers=headers)
