"""Micro-batching: requests that arrive while a predict call runs are scored together in the next one.

scikit-learn's cost per call is mostly fixed overhead (validation, tree traversal set-up), so 30 rows cost little
more than one. Batching is opportunistic: a lone request is scored at once (no waiting window, so latency at
concurrency 1 is untouched); under load, the queue that builds up during one call becomes the next call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_BATCH_ROWS = 4_096


@dataclass
class Scores:
    predictions: list[Any]
    proba: list[list[float]] | None  # index = class label id; classifiers only


class Batcher:
    """One per loaded version; lives on the event loop, scores on `executor`."""

    def __init__(self, score: Callable[[np.ndarray], Scores], executor: Executor) -> None:
        self._score = score
        self._executor = executor
        self._waiting: list[tuple[np.ndarray, asyncio.Future[Scores]]] = []
        self._draining = False
        self.calls = 0
        self.rows = 0

    async def submit(self, values: np.ndarray) -> Scores:
        future: asyncio.Future[Scores] = asyncio.get_running_loop().create_future()
        self._waiting.append((values, future))
        if not self._draining:
            self._draining = True
            asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._waiting:
                batch = self._take()
                stacked = batch[0][0] if len(batch) == 1 else np.vstack([values for values, _ in batch])
                try:
                    scored = await loop.run_in_executor(self._executor, self._score, stacked)
                except Exception as exc:
                    if len(batch) == 1:
                        _settle(batch[0][1], exc)
                    else:  # one request's rows failed the call: score each alone so only the offender hears of it
                        for values, future in batch:
                            await self._alone(values, future)
                    continue
                self.calls += 1
                self.rows += len(stacked)
                start = 0
                for values, future in batch:
                    end = start + len(values)
                    if not future.done():
                        future.set_result(Scores(
                            predictions=scored.predictions[start:end],
                            proba=scored.proba[start:end] if scored.proba is not None else None))
                    start = end
        finally:
            self._draining = False

    async def _alone(self, values: np.ndarray, future: asyncio.Future[Scores]) -> None:
        try:
            scored = await asyncio.get_running_loop().run_in_executor(self._executor, self._score, values)
        except Exception as exc:
            _settle(future, exc)
            return
        self.calls += 1
        self.rows += len(values)
        if not future.done():
            future.set_result(scored)

    def _take(self) -> list[tuple[np.ndarray, asyncio.Future[Scores]]]:
        taken, rows = 0, 0
        for values, _ in self._waiting:
            if taken and rows + len(values) > MAX_BATCH_ROWS:
                break
            taken += 1
            rows += len(values)
        batch, self._waiting = self._waiting[:taken], self._waiting[taken:]
        return batch


def _settle(future: asyncio.Future[Scores], exc: Exception) -> None:
    if not future.done():
        future.set_exception(exc)


def scorer(fitted: Any, columns: list[str], task: str) -> Callable[[np.ndarray], Scores]:
    """One call per batch: probabilities once, the predicted class taken from them (what predict() does)."""
    import pandas as pd

    if task == "regression":
        def score_regression(values: np.ndarray) -> Scores:
            return Scores(predictions=np.asarray(fitted.predict(pd.DataFrame(values, columns=columns))).tolist(),
                          proba=None)
        return score_regression

    classes = np.asarray(fitted.classes_)
    numeric = np.issubdtype(classes.dtype, np.integer) and classes.min() >= 0
    width = max(int(classes.max()) + 1, 2) if numeric else len(classes)
    slots = classes.astype(int) if numeric else np.arange(len(classes))

    def score_classes(values: np.ndarray) -> Scores:
        proba = np.asarray(fitted.predict_proba(pd.DataFrame(values, columns=columns)))
        aligned = np.zeros((len(values), width))
        aligned[:, slots] = proba
        return Scores(predictions=classes[np.argmax(proba, axis=1)].tolist(), proba=aligned.round(6).tolist())

    return score_classes
