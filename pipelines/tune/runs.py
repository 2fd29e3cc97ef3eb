"""The MLflow record of a tune: a parent run, one child run per trial written off the search's path, and the
parent's end with the best parameters (FINISHED, or KILLED when the tune stopped on an error or a cancel)."""

from __future__ import annotations

import queue
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.config import ModelSpec
    from pipelines.registry import Registry
    from pipelines.tune import Range, Trial


def start_parent(spec: ModelSpec, registry: Registry, *, trials: int, space: dict[str, Range], ran_on: str) -> str:
    run = registry.client.create_run(
        registry.experiment_id(spec.name),
        run_name=f"tune-{spec.name}",
        tags={"mlops.model": spec.name, "mlops.kind": "tune", "mlops.trials": str(trials), "mlops.ran_on": ran_on},
    )
    registry.client.log_param(run.info.run_id, "space", {k: v.model_dump() for k, v in space.items()})
    return run.info.run_id


class ChildRuns:
    """Each finished trial as a child run of the tune, written by a background thread as trials end (and during
    the refit, where a core is free): the search never waits on MLflow, and `close` waits for the last write."""

    def __init__(self, registry: Registry, parent: str, spec: ModelSpec) -> None:
        self.registry, self.parent, self.spec = registry, parent, spec
        self._queue: queue.SimpleQueue[Trial | None] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._write, name=f"tune-runs-{parent[:8]}", daemon=True)
        self._thread.start()

    def add(self, trial: Trial) -> None:
        self._queue.put(trial)

    def close(self, *, raise_error: bool = True) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and raise_error:
            raise self._error

    def _write(self) -> None:
        while (trial := self._queue.get()) is not None:
            if self._error is None:  # after a failed write, drain without writing: close() reports the first error
                try:
                    _log_trial(self.registry, self.parent, self.spec, trial)
                except Exception as exc:
                    self._error = exc


def _log_trial(registry: Registry, parent: str, spec: ModelSpec, trial: Trial) -> None:
    from mlflow.entities import Metric, Param

    client = registry.client
    run = client.create_run(
        registry.experiment_id(spec.name),
        run_name=f"trial-{trial.number:03d}",
        tags={"mlflow.parentRunId": parent, "mlops.model": spec.name, "mlops.kind": "trial"},
    )
    now = int(time.time() * 1000)
    logged = [Metric("seconds", trial.seconds, now, 0)]
    if trial.score == trial.score:  # NaN (an undefined AUC) is not logged
        logged.append(Metric(f"cv_{spec.primary_metric}", trial.score, now, 0))
    client.log_batch(run.info.run_id, params=[Param(k, str(v)) for k, v in trial.params.items()], metrics=logged)
    client.set_terminated(run.info.run_id)


def end_parent(registry: Registry, parent: str, best: Trial | None, spec: ModelSpec, status: str) -> None:
    client = registry.client
    if best is not None:
        if best.score == best.score:
            client.log_metric(parent, f"best_cv_{spec.primary_metric}", best.score)
        for name, value in best.params.items():
            client.log_param(parent, f"best.{name}", value)
    client.set_terminated(parent, status=status)
