"""Writes the prediction log off the request path: a thread drains a queue in batches, one INSERT per batch.

A request only appends its arrays to the queue (no JSON, no SQL); the thread encodes and inserts. `flush()` waits
until everything queued before it is committed (feedback calls it so a label always finds its row), and `close()`
flushes the rest, so a clean shutdown loses nothing.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import sqlalchemy as sa

from pipelines.data.prediction_log import ENTITIES_FIELD, predictions_table

log = logging.getLogger("mlops.predict.log")
MAX_BATCH = 5_000


@dataclass
class Entry:
    """One scored request (or one arm of it), as the handler had it."""

    request_id: str
    model: str
    version: int
    arm: str
    test_id: str | None
    key: str | None
    columns: list[str]
    values: np.ndarray
    predictions: list[Any]
    proba: list[list[float]] | None
    latency_ms: float
    at: datetime
    entities: list[dict[str, Any]] | None = None  # each row's entity keys, when its features came from Feast


class LogWriter:
    def __init__(self, engine: sa.Engine, *, interval: float = 0.2) -> None:
        self.engine = engine  # the state store's: its migrations made the table
        self.interval = interval
        self.written = 0
        self.failed = 0
        self._queue: queue.SimpleQueue[Entry | threading.Event | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="prediction-log", daemon=True)
        self._thread.start()

    def add(self, entry: Entry) -> None:
        self._queue.put(entry)

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    def flush(self, timeout: float = 30.0) -> bool:
        """Block until every entry queued so far is committed."""
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def close(self, timeout: float = 60.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        stop = False
        while not stop:
            try:
                first = self._queue.get(timeout=self.interval)
            except queue.Empty:
                continue
            items = [first]
            # Gather for up to `interval` so a trickle of requests costs one commit, not one each; a flush or a
            # stop ends the wait at once.
            deadline = time.monotonic() + self.interval
            while len(items) < MAX_BATCH and isinstance(items[-1], Entry):
                remaining = deadline - time.monotonic()
                try:
                    items.append(self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = any(item is None for item in items)
            entries = [item for item in items if isinstance(item, Entry)]
            if entries:
                self._write(entries)
            for item in items:
                if isinstance(item, threading.Event):
                    item.set()

    def _write(self, entries: list[Entry]) -> None:
        rows = [row for entry in entries for row in _rows(entry)]
        try:
            with self.engine.begin() as conn:
                conn.execute(predictions_table.insert(), rows)
            self.written += len(rows)
        except Exception:  # the service must keep answering; the loss is counted and logged
            self.failed += len(rows)
            log.exception("could not write %d prediction log rows", len(rows))


def _rows(entry: Entry) -> list[dict[str, Any]]:
    values = entry.values.tolist()
    out = []
    for i, row in enumerate(values):
        features = {c: (None if v != v else v) for c, v in zip(entry.columns, row, strict=True)}
        if entry.entities is not None:  # the keys the features were read by, so a skew check can look them up
            features[ENTITIES_FIELD] = entry.entities[i]
        out.append({
            "request_id": entry.request_id, "row": i, "model": entry.model, "version": entry.version,
            "arm": entry.arm, "test_id": entry.test_id, "key": entry.key, "features": json.dumps(features),
            "prediction": json.dumps(entry.predictions[i]),
            "proba": json.dumps(entry.proba[i]) if entry.proba is not None else None,
            "latency_ms": entry.latency_ms, "at": entry.at, "label": None, "labelled_at": None,
        })
    return out

