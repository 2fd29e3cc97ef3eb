"""What the service serves per model: production (and challenger during a test), following the registry.

`Follower.refresh()` reads the aliases and the running online test; a moved alias loads the new version beside the
old one and swaps a single reference when it is ready, so requests in flight finish on the version they started
with and none is dropped. A version that fails to load leaves the old one serving; the failure is logged and shown
in /models.
"""

from __future__ import annotations

import hashlib
import logging
import random
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from bot.serving.batching import Batcher, scorer
from pipelines.registry import CHALLENGER, PRODUCTION

log = logging.getLogger("mlops.predict")


@dataclass
class Loaded:
    model: str
    version: int
    columns: list[str]
    task: str
    batcher: Batcher
    loaded_at: datetime
    classes: list[Any] | None = None  # what a label may be (classifiers); None for regression


@dataclass
class LoadFailure:
    version: int
    error: str
    at: datetime


@dataclass
class Served:
    name: str
    task: str
    arms: dict[str, Loaded] = field(default_factory=dict)  # production, challenger
    failures: dict[str, LoadFailure] = field(default_factory=dict)
    test: Any = None  # the running ABTest, if any
    problem: str | None = None  # why nothing is served (no production version yet)
    production_alias: int | None = None  # the version the registry names, once read
    refreshed: bool = False

    @property
    def unready(self) -> str | None:
        """Why a model that should serve does not (never read yet, or its production version failed to load)."""
        if not self.refreshed:
            return f"model {self.name} has not been read from the registry yet"
        if self.production_alias is not None and PRODUCTION not in self.arms:
            return f"model {self.name} v{self.production_alias} is not loaded"
        return None

    @property
    def classes(self) -> list[Any] | None:
        """The classes a label may take: those of every arm served (a test's arms may differ)."""
        known = [c for arm in self.arms.values() for c in (arm.classes or [])]
        return list(dict.fromkeys(known)) if known else None

    def route(self, key: str | None) -> tuple[str, bool]:
        """(arm that answers, whether the challenger also scores in the shadow)."""
        test = self.test
        if test is None or CHALLENGER not in self.arms:
            return PRODUCTION, False
        if test.mode == "shadow":
            return PRODUCTION, True
        return (CHALLENGER if assign(test.id, key) < test.share else PRODUCTION), False

    def describe(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "versions": {arm: {"version": a.version, "loaded_at": a.loaded_at.isoformat()} for arm, a in self.arms.items()},
            "test": None if self.test is None else {"id": self.test.id, "mode": self.test.mode, "share": self.test.share},
            "load_errors": {arm: {"version": f.version, "error": f.error, "at": f.at.isoformat()}
                            for arm, f in self.failures.items()},
            "problem": self.problem,
        }


def assign(test_id: str, key: str | None) -> float:
    """A number in [0, 1): fixed per (test, key), so a caller stays on one arm; random without a key."""
    if key is None:
        return random.random()
    digest = hashlib.blake2b(f"{test_id}:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


class Follower:
    """Loads what the registry and the online tests say should be served. Runs on a worker thread."""

    def __init__(self, ctx: Any, served: dict[str, Served], score_executor: Executor) -> None:
        self.ctx = ctx
        self.served = served
        self.score_executor = score_executor

    def refresh(self) -> None:
        for name, served in self.served.items():
            try:
                self._refresh_one(name, served)
            except Exception as exc:  # MLflow or the state DB briefly away: keep serving what is loaded
                log.warning("could not refresh model %s: %s", name, str(exc).splitlines()[0] if str(exc) else exc)

    def _refresh_one(self, name: str, served: Served) -> None:
        registry = self.ctx.registry
        aliases = registry.aliases(name)
        test = self.ctx.state.running_abtest(name)
        wanted = {PRODUCTION: aliases.get(PRODUCTION)}
        if test is not None:
            wanted[CHALLENGER] = aliases.get(CHALLENGER)
        for arm, version in wanted.items():
            current = served.arms.get(arm)
            failed = served.failures.get(arm)
            if version is None or (current and current.version == version) or (failed and failed.version == version):
                continue
            try:
                loaded = self.load(name, version, served.task)
            except Exception as exc:  # a broken version must never take the serving one down
                served.failures[arm] = LoadFailure(version=version, error=_first_line(exc), at=datetime.now(UTC))
                kept = f"v{current.version} keeps serving" if current else "nothing is served on this arm"
                log.error("model %s: %s v%d failed to load (%s); %s", name, arm, version, _first_line(exc), kept)
                continue
            served.arms[arm] = loaded  # one reference swap: in-flight requests keep the batcher they hold
            served.failures.pop(arm, None)
            log.info("model %s: serving %s v%d", name, arm, version)
        served.production_alias = wanted[PRODUCTION]
        served.refreshed = True
        if test is None:
            served.arms.pop(CHALLENGER, None)
        served.test = test if test is not None and CHALLENGER in served.arms else None
        served.problem = None if PRODUCTION in served.arms else (
            f"Model {name} has no production version to serve. Deploy one: deploy {name} <version>")

    def load(self, name: str, version: int, task: str) -> Loaded:
        fitted = self.ctx.registry.load_model(name, version)
        columns = _columns(self.ctx.registry, name, version, fitted)
        classes = None if task == "regression" else np.asarray(fitted.classes_).tolist()
        return Loaded(model=name, version=version, columns=columns, task=task,
                      batcher=Batcher(scorer(fitted, columns, task), self.score_executor), loaded_at=datetime.now(UTC),
                      classes=classes)


def _columns(registry: Any, name: str, version: int, fitted: Any) -> list[str]:
    """The signature's input columns (what MLflow's server validates), else what the estimator was fitted on."""
    from mlflow.models import get_model_info

    try:
        signature = get_model_info(f"models:/{name}/{version}").signature
    except Exception:  # an unreadable MLmodel still leaves the fitted names
        signature = None
    if signature is not None and signature.inputs is not None:
        return list(signature.inputs.input_names())
    names = getattr(fitted, "feature_names_in_", None)
    if names is None:
        raise ValueError(f"model {name} v{version} has neither a signature nor feature names")
    return [str(n) for n in names]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]
