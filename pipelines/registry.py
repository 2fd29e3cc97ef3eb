"""The one door to MLflow: tracking store, registered models, aliases and their history."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from pipelines.data.urls import sqlalchemy_url
from pipelines.errors import MlflowUnavailable, UnknownModel, UnknownVersion

if TYPE_CHECKING:
    from mlflow.entities.model_registry import ModelVersion
    from mlflow.tracking import MlflowClient

PRODUCTION = "production"
CHALLENGER = "challenger"
EVENT_TAG_PREFIX = "mlops.event."


class VersionInfo(BaseModel):
    version: int
    run_id: str | None
    created_at: datetime
    aliases: list[str]
    tags: dict[str, str]


class AliasEvent(BaseModel):
    """One move of the production alias, kept as a tag on the registered model so it outlives the bot's DB."""

    action: str  # deploy | rollback
    from_version: int | None
    to_version: int
    by: str
    at: datetime
    reason: str | None = None


class WebhookInfo(BaseModel):
    """A registry webhook as registered, and how MLflow's test delivery to it went."""

    id: str
    name: str
    url: str
    events: list[str]
    test_status: int | None  # the receiver's HTTP status, None when MLflow could not reach it
    test_error: str | None  # None: the test delivery was accepted


def connect(tracking_uri: str, *, artifact_root: Path | None = None) -> Registry:
    """A Registry on `tracking_uri`, or MlflowUnavailable with the reason when it cannot be reached."""
    # MLflow's HTTP client retries for minutes by default; a chat user needs an answer in seconds.
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "1")
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "10")
    tracking_uri = sqlalchemy_url(tracking_uri)
    if tracking_uri.startswith(("http://", "https://")):
        _without_feast_headers()
        _probe_http(tracking_uri)
    elif tracking_uri.startswith("sqlite:///"):
        folder = Path(tracking_uri.removeprefix("sqlite:///")).parent
        if not folder.is_dir():
            raise MlflowUnavailable(f"MLflow store {tracking_uri} is unreachable: folder {folder} does not exist.")
    try:
        from mlflow.tracking import MlflowClient

        client = MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)
        client.search_experiments(max_results=1)  # forces the store open (and migrates a new SQLite store)
    except MlflowUnavailable:
        raise
    except Exception as exc:  # every backend fails in its own way; the user needs the URI and the cause
        raise MlflowUnavailable(f"MLflow store {tracking_uri} is unreachable: {_first_line(exc)}") from None
    return Registry(client, tracking_uri=tracking_uri, artifact_root=artifact_root)


def _without_feast_headers() -> None:
    """Load MLflow's request-header plugins now, all but Feast's.

    With the `feast` extra installed, MLflow loads Feast's header plugin on the first call to a tracking server. It
    imports all of Feast (seconds, in every CLI call), and it sends the pod's Kubernetes service-account token, or
    the caller's Feast token, to whatever tracking server is configured. This bot authenticates to MLflow with
    MLflow's own settings (MLFLOW_TRACKING_TOKEN, ...), and it uses Feast only as a feature store, so the plugin
    has no job here. MLflow offers no switch for it: its loader sees the entry points without Feast's, once.
    """
    import sys

    if "mlflow.tracking.request_header.registry" in sys.modules:
        return
    import mlflow.utils.plugins as plugins

    everything = plugins._get_entry_points

    def without_feast(group: str) -> list[Any]:
        return [e for e in everything(group) if not e.value.startswith("feast.")]

    plugins._get_entry_points = without_feast
    try:
        import mlflow.tracking.request_header.registry  # noqa: F401 - registers the plugins, once per process
    finally:
        plugins._get_entry_points = everything


class Registry:
    """Thin facade over MlflowClient with the vocabulary of this product (champion, challenger, history)."""

    def __init__(self, client: MlflowClient, *, tracking_uri: str, artifact_root: Path | None = None) -> None:
        self.client = client
        self.tracking_uri = tracking_uri
        self.artifact_root = artifact_root

    def experiment_id(self, model: str) -> str:
        name = f"mlops/{model}"
        found = self.client.get_experiment_by_name(name)
        if found is not None:
            return found.experiment_id
        location = (self.artifact_root / model).resolve().as_uri() if self.artifact_root else None
        try:
            return self.client.create_experiment(name, artifact_location=location)
        except Exception as exc:  # another process (a replica, a trial) created it between our read and now
            if not _already_exists(exc) or (found := self.client.get_experiment_by_name(name)) is None:
                raise
            return found.experiment_id

    def exists(self, model: str) -> bool:
        return self._registered(model) is not None

    def _registered(self, model: str) -> Any:
        """The registered model, or None; one lookup serves its aliases and tags alike."""
        from mlflow.exceptions import MlflowException

        try:
            return self.client.get_registered_model(model)
        except MlflowException:
            return None

    def versions(self, model: str) -> list[VersionInfo]:
        registered = self._registered(model)
        if registered is None:
            return []
        aliases = {alias: int(v) for alias, v in registered.aliases.items()}
        by_version: dict[int, list[str]] = {}
        for alias, version in aliases.items():
            by_version.setdefault(version, []).append(alias)
        found = self.client.search_model_versions(f"name = '{model}'", max_results=1000)
        return sorted(
            (
                VersionInfo(
                    version=int(v.version), run_id=v.run_id,
                    created_at=datetime.fromtimestamp(v.creation_timestamp / 1000, UTC),
                    aliases=sorted(by_version.get(int(v.version), [])), tags=dict(v.tags or {}),
                )
                for v in found
            ),
            key=lambda v: v.version,
        )

    def aliases(self, model: str) -> dict[str, int]:
        registered = self._registered(model)
        return {alias: int(v) for alias, v in registered.aliases.items()} if registered is not None else {}

    def alias_version(self, model: str, alias: str) -> int | None:
        return self.aliases(model).get(alias)

    def resolve(self, model: str, ref: str | int) -> ModelVersion:
        """A version by number or alias, or UnknownVersion naming what exists."""
        from mlflow.exceptions import MlflowException

        ref_text = str(ref).strip().lower()
        try:
            if ref_text.isdigit():
                return self.client.get_model_version(model, ref_text)
            return self.client.get_model_version_by_alias(model, ref_text)
        except MlflowException:
            pass
        versions = self.versions(model)
        if not versions:
            raise UnknownVersion(f"Model {model} has no versions yet. Train one first: train {model}")
        listed = ", ".join(
            f"{v.version}" + (f" ({', '.join(v.aliases)})" if v.aliases else "") for v in versions[-10:]
        )
        what = f"version {ref_text}" if ref_text.isdigit() else f"alias '{ref_text}'"
        raise UnknownVersion(f"Model {model} has no {what}. Versions: {listed}.")

    def set_alias(self, model: str, alias: str, version: int) -> None:
        from mlflow.exceptions import MlflowException

        try:
            self.client.set_registered_model_alias(model, alias, str(version))
        except MlflowException:
            # MLflow's SQL store sets an alias by read-then-insert: two processes setting the same new alias at
            # once make the second insert fail on the unique key. The row exists now, so once more updates it
            # (the last writer wins, as if they had come one after the other); a real error fails again.
            self.client.set_registered_model_alias(model, alias, str(version))

    def record_event(self, model: str, event: AliasEvent) -> None:
        """Keep `event` as a tag of its own. The key is its time plus a random suffix, not a count of the tags
        already there: two writers counting at once would both write the same key and one event would be lost.
        Keys sort in time order, after the numbered keys (000001…) of earlier releases."""
        at = event.at.astimezone(UTC)
        key = f"{EVENT_TAG_PREFIX}{at:%Y%m%dT%H%M%S%f}Z-{secrets.token_hex(4)}"
        self.client.set_registered_model_tag(model, key, event.model_dump_json())

    def events(self, model: str) -> list[AliasEvent]:
        registered = self._registered(model)
        if registered is None:
            return []
        tags = registered.tags or {}
        return [AliasEvent.model_validate_json(tags[k]) for k in sorted(tags) if k.startswith(EVENT_TAG_PREFIX)]

    def production_stack(self, model: str) -> list[int]:
        """Versions production has held, oldest first; a rollback pops back to an earlier one."""
        stack: list[int] = []
        for event in self.events(model):
            if event.action == "rollback" and event.to_version in stack:
                del stack[len(stack) - stack[::-1].index(event.to_version):]
            else:
                stack.append(event.to_version)
        return stack

    def fail_orphan_runs(self, model: str, *, started_after: datetime, reason: str) -> list[str]:
        """End as FAILED the model's runs still RUNNING that a dead job started; their ids."""
        found = self.client.get_experiment_by_name(f"mlops/{model}")
        if found is None:
            return []
        since_ms = int(started_after.timestamp() * 1000) - 1000  # clocks of one host; a second of slack
        runs = self.client.search_runs([found.experiment_id], filter_string=f"attributes.status = 'RUNNING' "
                                       f"and attributes.start_time >= {since_ms}", max_results=100)
        for run in runs:
            self.client.set_tag(run.info.run_id, "mlops.ended_reason", reason[:5000])
            self.client.set_terminated(run.info.run_id, status="FAILED")
        return [run.info.run_id for run in runs]

    def run(self, run_id: str) -> Any:
        return self.client.get_run(run_id)

    def load_model(self, model: str, version: int) -> Any:
        import mlflow.sklearn

        mlflow.set_tracking_uri(self.tracking_uri)
        mlflow.set_registry_uri(self.tracking_uri)
        return mlflow.sklearn.load_model(f"models:/{model}/{version}")

    def download_json(self, run_id: str, path: str) -> dict[str, Any] | None:
        from mlflow.exceptions import MlflowException

        # Into a folder we remove: without dst_path MLflow leaves a fresh temp folder behind on every call.
        with tempfile.TemporaryDirectory(prefix="mlops-artifact-") as folder:
            try:
                local = self.client.download_artifacts(run_id, path, dst_path=folder)
            except (MlflowException, OSError):
                return None
            return json.loads(Path(local).read_text())

    def ensure_registered(self, model: str) -> None:
        if self.exists(model):
            return
        try:
            self.client.create_registered_model(model, description=f"Managed by mlops-bot: {model}")
        except Exception as exc:  # registered by another process meanwhile: what we wanted
            if not _already_exists(exc):
                raise

    def register_webhook(self, *, name: str, url: str, events: list[str], secret: str) -> WebhookInfo:
        """Create the registry webhook `name`, or point the one of that name at `url` with `secret` and `events`
        (registering again is how the URL or secret changes); then MLflow sends it a test delivery. Needs a
        tracking server on a SQL store: a file store has no webhooks."""
        hook = next((h for h in _all(self.client.list_webhooks) if h.name == name), None)
        if hook is None:
            hook = self.client.create_webhook(name=name, url=url, events=events, secret=secret, status="ACTIVE",
                                              description="alias moves for mlops-bot")
        else:
            hook = self.client.update_webhook(hook.webhook_id, url=url, events=events, secret=secret, status="ACTIVE")
        tested = self.client.test_webhook(hook.webhook_id, event=events[0])
        return WebhookInfo(id=hook.webhook_id, name=hook.name, url=hook.url, events=[str(e) for e in hook.events],
                           test_status=tested.response_status, test_error=None if tested.success else
                           (tested.error_message or (tested.response_body or "")[:300]))

    def require(self, model: str) -> None:
        if not self.exists(model):
            raise UnknownModel(f"Model {model} has no versions in MLflow yet. Train one first: train {model}")


def _all(page_of: Any) -> list[Any]:
    """Every item of one of MlflowClient's paged listings."""
    items, token = [], None
    while True:
        page = page_of(max_results=100, page_token=token)
        items += list(page)
        token = page.token
        if not token:
            return items


def _already_exists(exc: Exception) -> bool:
    return getattr(exc, "error_code", None) == "RESOURCE_ALREADY_EXISTS"


def _probe_http(uri: str) -> None:
    try:
        with urllib.request.urlopen(f"{uri.rstrip('/')}/health", timeout=3) as response:  # noqa: S310 - our config
            if response.status >= 500:
                raise MlflowUnavailable(f"MLflow at {uri} is unhealthy (HTTP {response.status}). Try again shortly.")
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise MlflowUnavailable(f"MLflow at {uri} is unreachable ({_first_line(exc)}). Check MLFLOW_TRACKING_URI.") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]
