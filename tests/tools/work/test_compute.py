"""A tune's trials over local processes: the same trials as one process, every worker used, the training data
handed to each process once, and every trial stored as a child run."""

from __future__ import annotations

import multiprocessing
import os
from functools import partial

from pipelines.tune import FOLDS, in_turn, parse_range, tune
from tools.context import Context
from tools.work.compute import _local_map

SPACE = {"n_estimators": "20..40", "max_depth": "2..5"}


def _new_children(before: set[multiprocessing.Process]) -> list[multiprocessing.Process]:
    """Child processes started since `before`: other tests in this worker may keep a pool of their own."""
    return [p for p in multiprocessing.active_children() if p not in before]


def test_trials_over_local_processes_match_one_process_and_are_all_stored(ctx: Context) -> None:
    before = set(multiprocessing.active_children())
    spec, space = ctx.spec("cancer"), {k: parse_range(k, v) for k, v in SPACE.items()}
    alone = tune(spec, ctx.registry, trials=4, space=space, map_trials=in_turn)
    spread = tune(
        spec,
        ctx.registry,
        trials=4,
        space=space,
        map_trials=partial(_local_map, n_jobs=2),
        ran_on="local processes (2)",
    )
    assert [(t.number, t.params, t.score) for t in spread.top] == [(t.number, t.params, t.score) for t in alone.top]
    assert spread.best == alone.best.model_copy(update={"seconds": spread.best.seconds})
    assert len(alone.workers) == 1 and alone.workers[0].tasks == 4 * FOLDS
    assert len(spread.workers) == 2, "both processes ran folds"
    assert sum(w.tasks for w in spread.workers) == 4 * FOLDS
    assert all(0 <= w.idle_s <= spread.search_s for w in spread.workers)
    assert not _new_children(before), "the trial processes exited with the tune"
    client = ctx.registry.client
    children = client.search_runs(
        [ctx.registry.experiment_id("cancer")], filter_string=f"tags.mlflow.parentRunId = '{spread.parent_run_id}'"
    )
    trials = [r for r in children if r.data.tags.get("mlops.kind") == "trial"]
    assert sorted(r.info.run_name for r in trials) == ["trial-001", "trial-002", "trial-003", "trial-004"]
    assert all(r.info.status == "FINISHED" and "cv_roc_auc" in r.data.metrics for r in trials)
    assert client.get_run(spread.parent_run_id).info.status == "FINISHED"


def seen_by(item: int, *, data: list[int]) -> tuple[int, int]:
    """Which process ran the item, and how many items its copy of the shared data has seen."""
    data.append(item)
    return os.getpid(), len(data)


def test_shared_data_reaches_each_process_once() -> None:
    seen = list(_local_map(seen_by, list(range(12)), {"data": list(range(1000))}, n_jobs=2))
    lengths: dict[int, list[int]] = {}
    for pid, length in seen:
        lengths.setdefault(pid, []).append(length)
    # One copy per process grows with each task it runs; a copy sent with every task would always be 1001 long.
    assert sorted(n for runs in lengths.values() for n in runs) != [1001] * 12
    assert all(sorted(runs) == list(range(1001, 1001 + len(runs))) for runs in lengths.values()), lengths


def test_a_search_stopped_early_leaves_no_process_behind() -> None:
    before = set(multiprocessing.active_children())
    results = _local_map(seen_by, list(range(200)), {"data": [1]}, n_jobs=2)
    next(results)
    results.close()
    assert not _new_children(before)
