"""Hyperparameter search: a seeded random search scored by cross-validation on the training side of the window.

Each trial is a child run under one parent run; the best parameters are refitted through `pipelines.train` (so the
version carries the same lineage, profile and holdout metrics as any training) and registered as the challenger.
Trials are scored on the training rows only, so the holdout that later judges the challenger against production
never took part in choosing it. Where trials run is the caller's choice (`map_trials`): in turn, over local
processes, or over a Dask cluster; a trial's score depends only on its parameters and the seed, never on where.

The unit of work is one fold of one trial (three per trial): small tasks keep every worker busy to the end instead
of one worker finishing a long trial alone. The training rows and the folds travel to each worker once (`shared`),
not with every task, and the child runs are written to MLflow by a background thread while the work goes on.
"""

from __future__ import annotations

import math
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, NamedTuple

from pydantic import BaseModel

from pipelines import estimators, metrics, scoring
from pipelines.tune import runs  # the child runs, written off the search's path
from pipelines.compare import CompareResult, compare
from pipelines.config import ModelSpec
from pipelines.data import datasets
from pipelines.data.window import Window
from pipelines.errors import DataError, UsageError
from pipelines.registry import PRODUCTION, Registry
from pipelines.train import TrainResult, train

FOLDS = 3
# (low, high, integer, log scale): ranges wide enough to matter, narrow enough that 20-40 trials find a good spot.
DEFAULT_SPACES: dict[str, dict[str, tuple[float, float, bool, bool]]] = {
    "random_forest": {
        "n_estimators": (50, 300, True, False),
        "max_depth": (2, 16, True, False),
        "min_samples_leaf": (1, 10, True, False),
        "max_features": (0.2, 1.0, False, False),
    },
    "gradient_boosting": {
        "learning_rate": (0.01, 0.3, False, True),
        "max_iter": (50, 300, True, False),
        "max_leaf_nodes": (8, 64, True, False),
        "l2_regularization": (1e-4, 1.0, False, True),
    },
    "logistic_regression": {"C": (1e-3, 100.0, False, True)},
    "ridge": {"alpha": (1e-3, 100.0, False, True)},
}
DEFAULT_SPACES["random_forest_regressor"] = DEFAULT_SPACES["random_forest"]
DEFAULT_SPACES["gradient_boosting_regressor"] = DEFAULT_SPACES["gradient_boosting"]

# What a trial process imports before its first task (a local fork server preloads them once).
TRIAL_IMPORTS = (
    "pandas",
    "sklearn.ensemble",
    "sklearn.linear_model",
    "sklearn.model_selection",
    "sklearn.pipeline",
    "sklearn.impute",
    "sklearn.preprocessing",
    "sklearn.metrics",
    "pipelines.tune",
)


class FoldTask(NamedTuple):
    number: int  # the trial's number, from 1
    params: dict[str, Any]
    fold: int  # which of the FOLDS splits


# map_trials(fn, tasks, shared) yields fn(task, **shared) for every task, in any order, and stops the tasks not
# yet run when the iterator is closed. `shared` is the same for every task: send it to each worker once.
MapTrials = Callable[[Callable[..., "FoldScore"], list[FoldTask], dict[str, Any]], Iterator["FoldScore"]]


class Range(BaseModel):
    low: float
    high: float
    integer: bool
    log: bool


class Trial(BaseModel):
    number: int
    params: dict[str, Any]
    score: float  # mean cross-validated primary metric
    seconds: float  # compute time of its folds, summed


class FoldScore(BaseModel):
    number: int
    fold: int
    score: float
    worker: str  # host:pid of the process that ran it
    started: float  # wall clock (time.time()), to tell each worker's busy and idle time
    ended: float
    cpu_s: float = 0.0  # CPU time of the thread that ran it: well below ended - started, it waited for a core


class WorkerUse(BaseModel):
    worker: str
    tasks: int
    busy_s: float
    cpu_s: float = 0.0  # of busy_s, the time it had a core (the rest: other processes held the cores)
    idle_s: float  # from the start of the search to its last task's end, the time this worker ran nothing


class TuneResult(BaseModel):
    model: str
    estimator: str
    parent_run_id: str
    experiment_id: str
    metric: str
    greater_is_better: bool
    space: dict[str, Range]
    trials_requested: int
    trials_done: int
    stopped_by_budget: bool
    best: Trial
    top: list[Trial]  # best first, at most 5
    trained: TrainResult  # the best parameters refitted on the whole training side and registered
    comparison: CompareResult | None  # challenger vs production on the holdout; None without a production
    seconds: float
    trials_per_minute: float
    ran_on: str  # where the trials ran, e.g. "dask (2 workers)"
    search_s: float = 0.0  # the trials alone, from sending the first to the last result
    workers: list[WorkerUse] = []  # what each worker did during the search


def parse_range(name: str, text: str) -> Range:
    """`low..high`: integers give an integer range; a float range spanning 100× or more is searched on a log scale."""
    low_text, sep, high_text = text.partition("..")
    try:
        if not sep:
            raise ValueError
        low, high = float(low_text), float(high_text)
    except ValueError:
        raise UsageError(f"{name}={text} is not a range: write {name}=low..high, e.g. max_depth=2..12") from None
    if not (math.isfinite(low) and math.isfinite(high)) or low >= high:
        raise UsageError(f"{name}={text}: the low end must be below the high end, e.g. {name}=2..12")
    integer = _is_int(low_text) and _is_int(high_text)
    return Range(low=low, high=high, integer=integer, log=not integer and low > 0 and high / low >= 100)


def search_space(estimator: str, given: dict[str, Range]) -> dict[str, Range]:
    """The given ranges alone when there are any (checked against the estimator), else its default space."""
    if not given:
        return {
            name: Range(low=lo, high=hi, integer=i, log=g) for name, (lo, hi, i, g) in DEFAULT_SPACES[estimator].items()
        }
    for name, r in given.items():
        estimators.validate_params(estimator, {name: int(r.low) if r.integer else r.low})
        estimators.validate_params(estimator, {name: int(r.high) if r.integer else r.high})
    return given


def sample(space: dict[str, Range], trials: int, *, random_state: int) -> list[dict[str, Any]]:
    """Every trial's parameters drawn up front by scikit-learn's `ParameterSampler` from one seed: the same seed
    gives the same search."""
    from scipy.stats import loguniform, randint, uniform
    from sklearn.model_selection import ParameterSampler

    def distribution(r: Range) -> Any:
        if r.integer:
            return randint(int(r.low), int(r.high) + 1)
        return loguniform(r.low, r.high) if r.log else uniform(r.low, r.high - r.low)

    sampler = ParameterSampler(
        {name: distribution(r) for name, r in space.items()}, n_iter=trials, random_state=random_state
    )
    return [
        {name: int(value) if space[name].integer else float(value) for name, value in params.items()}
        for params in sampler
    ]


def folds(spec: ModelSpec, X: Any, y: Any) -> list[tuple[Any, Any]]:
    """The FOLDS (fit rows, score rows) splits every trial is scored on: stratified for classification, seeded."""
    from sklearn.model_selection import KFold, StratifiedKFold

    splitter = (KFold if spec.task == "regression" else StratifiedKFold)(
        FOLDS, shuffle=True, random_state=spec.random_state
    )
    return list(splitter.split(X, y))


def score_fold(spec: ModelSpec, task: FoldTask, *, X: Any, y: Any, splits: list[tuple[Any, Any]]) -> FoldScore:
    """The primary metric of one parameter set on one fold; top-level so any worker can unpickle it."""
    started, cpu = time.time(), time.thread_time()
    fit_rows, score_rows = splits[task.fold]
    pipeline = estimators.build(spec.estimator, {**spec.params, **task.params}, random_state=spec.random_state)
    pipeline.fit(X.iloc[fit_rows], y.iloc[fit_rows])
    scored = scoring.predict(pipeline, spec, X.iloc[score_rows], y.iloc[score_rows])
    score = metrics.compute_one(spec.task, spec.primary_metric, scored.y_true, scored.y_pred, scored.scores)
    return FoldScore(
        number=task.number,
        fold=task.fold,
        score=float(score),
        worker=f"{socket.gethostname()}:{os.getpid()}",
        started=started,
        ended=time.time(),
        cpu_s=time.thread_time() - cpu,
    )


def in_turn(fn: Callable[..., FoldScore], tasks: list[FoldTask], shared: dict[str, Any]) -> Iterator[FoldScore]:
    return (fn(task, **shared) for task in tasks)


def tune(
    spec: ModelSpec,
    registry: Registry,
    *,
    trials: int,
    window: Window | None = None,
    space: dict[str, Range] | None = None,
    budget_s: float | None = None,
    map_trials: MapTrials = in_turn,
    ran_on: str = "one process",
    config_digest: str = "",
    progress: Callable[[str], None] | None = None,
) -> TuneResult:
    started = time.perf_counter()
    say = progress or (lambda _line: None)
    chosen = search_space(spec.estimator, space or {})
    dataset = datasets.load(spec, window=window)
    held = datasets.holdout_mask(dataset.X, test_size=spec.test_size, random_state=spec.random_state)
    X, y = dataset.X[~held].reset_index(drop=True), dataset.y[~held].reset_index(drop=True)
    if len(X) < FOLDS * 10:
        raise DataError(
            f"The window {dataset.lineage.window} of model {spec.name} has {len(X)} training rows: too "
            f"few to tune with {FOLDS}-fold cross-validation. Widen the window."
        )
    greater = metrics.metric(spec.task, spec.primary_metric).greater_is_better
    parent = runs.start_parent(spec, registry, trials=trials, space=chosen, ran_on=ran_on)
    done: list[Trial] = []
    scored: list[FoldScore] = []
    stopped_by_budget = False
    children = runs.ChildRuns(registry, parent, spec)
    results: Iterator[Trial] = iter(())
    try:
        say(f"trial 0/{trials}, {ran_on}")
        drawn = sample(chosen, trials, random_state=spec.random_state)
        tasks = [FoldTask(number, params, fold) for number, params in enumerate(drawn, 1) for fold in range(FOLDS)]
        search_started = time.time()
        results = _trials(
            map_trials(partial(score_fold, spec), tasks, {"X": X, "y": y, "splits": folds(spec, X, y)}), drawn, scored
        )
        for trial in results:
            done.append(trial)
            children.add(trial)
            best = _best(done, greater)
            say(f"trial {len(done)}/{trials}, best {spec.primary_metric} {best.score:.3f}")
            if budget_s is not None and time.perf_counter() - started > budget_s and len(done) < trials:
                stopped_by_budget = True
                _close(results)
                break
        search_ended = time.time()
        best = _best(done, greater)
        say(f"best of {len(done)} trials: {spec.primary_metric} {best.score:.3f}; refitting and registering")
        trained = train(
            spec, registry, window=window, params=best.params, config_digest=config_digest, parent_run_id=parent
        )
        comparison = None
        if registry.alias_version(spec.name, PRODUCTION) is not None:
            say("comparing the challenger with production")
            comparison = compare(spec, registry, a=PRODUCTION, b=str(trained.version), window=window)
        children.close()
        runs.end_parent(registry, parent, best, spec, "FINISHED")
    except BaseException:
        _close(results)
        children.close(raise_error=False)  # the trials that ended stay on record under the killed parent
        runs.end_parent(registry, parent, _best(done, greater) if done else None, spec, "KILLED")
        raise
    seconds = time.perf_counter() - started
    return TuneResult(
        model=spec.name,
        estimator=spec.estimator,
        parent_run_id=parent,
        experiment_id=registry.experiment_id(spec.name),
        metric=spec.primary_metric,
        greater_is_better=greater,
        space=chosen,
        trials_requested=trials,
        trials_done=len(done),
        stopped_by_budget=stopped_by_budget,
        best=best,
        top=sorted(done, key=lambda t: -t.score if greater else t.score)[:5],
        trained=trained,
        comparison=comparison,
        seconds=round(seconds, 2),
        trials_per_minute=round(len(done) / seconds * 60, 1),
        ran_on=ran_on,
        search_s=round(search_ended - search_started, 2),
        workers=worker_use(scored, search_started, search_ended),
    )


def worker_use(scored: list[FoldScore], started: float, ended: float) -> list[WorkerUse]:
    """Per worker: tasks run, busy seconds, and idle seconds between the search's start and its end."""
    by: dict[str, list[FoldScore]] = {}
    for s in scored:
        by.setdefault(s.worker, []).append(s)
    span = ended - started
    return [
        WorkerUse(
            worker=w,
            tasks=len(runs),
            busy_s=round(busy := sum(r.ended - r.started for r in runs), 3),
            cpu_s=round(sum(r.cpu_s for r in runs), 3),
            idle_s=round(max(0.0, span - busy), 3),
        )
        for w, runs in sorted(by.items())
    ]


def _trials(results: Iterator[FoldScore], drawn: list[dict[str, Any]], scored: list[FoldScore]) -> Iterator[Trial]:
    """Trials as their last fold comes back; the score is the folds' mean taken in fold order, as one process
    would, so it is the same number wherever the folds ran."""
    pending: dict[int, dict[int, FoldScore]] = {}
    try:
        for result in results:
            scored.append(result)
            got = pending.setdefault(result.number, {})
            got[result.fold] = result
            if len(got) == FOLDS:
                parts = [got[f] for f in range(FOLDS)]
                del pending[result.number]
                yield Trial(
                    number=result.number,
                    params=drawn[result.number - 1],
                    score=float(sum(p.score for p in parts) / FOLDS),
                    seconds=round(sum(p.ended - p.started for p in parts), 3),
                )
    finally:
        _close(results)  # stopped early: the tasks still queued are dropped


def _best(done: list[Trial], greater: bool) -> Trial:
    valid = [t for t in done if t.score == t.score] or done  # a NaN score (undefined AUC) never wins
    return (max if greater else min)(valid, key=lambda t: (t.score, -t.number))


def _close(results: Iterable[Trial]) -> None:
    close = getattr(results, "close", None)
    if close is not None:
        close()  # a generator's cleanup stops the trials still queued


def _is_int(text: str) -> bool:
    return text.strip().lstrip("+-").isdigit()
