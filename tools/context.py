"""What every tool call runs against: config, MLflow registry, state store, built lazily and shared."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tools.config import Config, load_config
from tools.settings import Paths

if TYPE_CHECKING:
    from pipelines.registry import Registry
    from tools.state import StateStore


@dataclass
class Context:
    config: Config
    paths: Paths
    _registry: Registry | None = field(default=None, repr=False)
    _state: StateStore | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Told (lock, what happened) when work takes over a dead holder's lock; the Slack app updates its notice.
    on_takeover: Callable[[Any, str], None] | None = field(default=None, repr=False)
    _checked: set[str] = field(default_factory=set, repr=False)

    @classmethod
    def load(cls, *, config_path: str | None = None, paths: Paths | None = None) -> Context:
        paths = paths or Paths()
        return cls(config=load_config(config_path or paths.config), paths=paths)

    @property
    def registry(self) -> Registry:
        """Connected on first use; a failed connection is retried next time rather than remembered."""
        with self._lock:
            if self._registry is None:
                from pipelines.registry import connect
                from tools.state.files import check_tracking_files, setup_lock

                check_tracking_files(self.paths)  # an unwritable SQLite file: told now, not after MLflow's retries
                with setup_lock(self.paths.mlflow_uri):  # MLflow migrates a new store on first open
                    self._registry = connect(self.paths.mlflow_uri, artifact_root=self.paths.artifact_root)
            return self._registry

    @property
    def state(self) -> StateStore:
        with self._lock:
            if self._state is None:
                from tools.state.files import open_state

                self._state = open_state(self.paths)
            return self._state

    def check_stores(self) -> None:
        """What a long-running process checks at start: the state store opens and the MLflow store's files can
        be written (without connecting to MLflow, which imports it). A ConfigError names what to fix."""
        from tools.state.files import check_tracking_files

        check_tracking_files(self.paths)
        self.state  # noqa: B018 - opened (and created or migrated) here, so a broken one is reported now

    def spec(self, model: str):  # noqa: ANN201 - ModelSpec, imported lazily by callers
        """A model's config: estimator params checked on first use (that check imports scikit-learn); a
        prediction-log live source pointed at the state DB unless it names its own."""
        spec = self.config.models[model]
        if model not in self._checked:
            spec.check_params()
            self._checked.add(model)
        live = spec.live
        if live is not None and live.kind == "predictions" and live.url is None:
            from pipelines.data.urls import sqlalchemy_url

            url = sqlalchemy_url(self.paths.state_db_url)
            return spec.model_copy(update={"live": live.model_copy(update={"url": url})})
        return spec
