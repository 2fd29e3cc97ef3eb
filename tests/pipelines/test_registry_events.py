"""Alias moves recorded by two writers at once, and a cancel that meets a broken store."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mlflow.tracking import MlflowClient

from pipelines.registry import AliasEvent, Registry
from tools.access import Caller
from tools.context import Context
from tools.dispatch import cancel


class _ReadThenWait(Registry):
    """Every read of the event list waits until the other writer has read too: the race, made certain."""

    barrier = threading.Barrier(2)

    def events(self, model: str) -> list[AliasEvent]:
        found = super().events(model)
        self.barrier.wait(timeout=10)
        return found


def test_two_writers_at_once_lose_no_alias_event(ctx: Context) -> None:
    """Two processes (here: two clients in two threads) record a move each at the same moment: both are kept."""
    ctx.registry.ensure_registered("cancer")
    uri = ctx.paths.mlflow_uri
    writers = [_ReadThenWait(MlflowClient(tracking_uri=uri, registry_uri=uri), tracking_uri=uri) for _ in range(2)]
    errors: list[BaseException] = []

    def record(registry: Registry, version: int) -> None:
        try:
            registry.record_event("cancer", AliasEvent(action="deploy", from_version=None, to_version=version,
                                                       by=f"U{version}", at=datetime.now(UTC)))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=record, args=(w, v)) for w, v in zip(writers, (1, 2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(e.to_version for e in ctx.registry.events("cancer")) == [1, 2]


def test_events_keep_their_order_after_the_numbered_keys_of_earlier_releases(ctx: Context) -> None:
    registry = ctx.registry
    registry.ensure_registered("cancer")
    old = AliasEvent(action="deploy", from_version=None, to_version=1, by="U0", at=datetime(2025, 1, 1, tzinfo=UTC))
    registry.client.set_registered_model_tag("cancer", "mlops.event.000001", old.model_dump_json())
    for version in (2, 3):
        registry.record_event("cancer", AliasEvent(action="deploy", from_version=version - 1, to_version=version,
                                                   by="U1", at=datetime.now(UTC)))
    assert [e.to_version for e in registry.events("cancer")] == [1, 2, 3]
    assert registry.production_stack("cancer") == [1, 2, 3]


def test_cancel_on_a_broken_store_says_something_went_wrong_with_a_reference(mlops_home: Path,
                                                                              cli_caller: Caller) -> None:
    """An unexpected error in cancel is mapped like any other: a short message with a reference, no traceback.
    (A state.db of garbage is the operator's to fix and is told plainly instead: test_bad_environment.py.)"""
    import sqlite3

    from tools.state import StateStore

    StateStore(f"sqlite:///{mlops_home / 'state.db'}").engine.dispose()
    with sqlite3.connect(mlops_home / "state.db") as db:
        db.execute("DROP TABLE approvals")  # at the newest migration, yet a table gone: nothing a user did
    outcome: Any = cancel(Context.load(), "a1b2c3", cli_caller)
    assert outcome.status == "failed" and outcome.ref
    assert outcome.message.startswith(f"Something went wrong (ref {outcome.ref})")
