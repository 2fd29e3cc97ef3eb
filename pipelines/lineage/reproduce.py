"""Rebuild a registered version from its recorded lineage and say whether the result is the same.

The record is what training logged on the version's run: the data window's bounds, row count and content hash,
the config hash, the parameters, the code version and the library versions. Reproduction reads the same window,
refuses if the source no longer yields the same data (saying what differs), refits with the same parameters and
seed, and compares every recorded metric. It registers nothing: it is evidence.
"""

from __future__ import annotations

import ast
import json
import time
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from pipelines.config import ModelSpec
from pipelines.data.window import Window
from pipelines.errors import DataError
from pipelines.registry import Registry
from pipelines.train import code_version, environment_json, fit

TOLERANCE = 1e-12  # the same fit on the same data gives the same floats; anything else is a difference


class ReproduceResult(BaseModel):
    model: str
    version: int
    identical: bool
    metrics: dict[str, tuple[float, float]]  # name: (original, now), as JSON [original, now]
    differences: list[str]  # what is not the same: metrics, and the code, config or libraries it ran with
    rows: int
    data_sha256: str
    seconds: float


def reproduce(spec: ModelSpec, registry: Registry, *, version: str, config_digest: str,
              progress: Any = None) -> ReproduceResult:
    started = time.perf_counter()
    found = registry.resolve(spec.name, version)
    run = registry.client.get_run(found.run_id)
    tags, logged = run.data.tags, run.data.params
    window = _window(tags)
    params = {k.removeprefix("param."): _value(v) for k, v in logged.items() if k.startswith("param.")}
    differences = _setting_differences(tags, config_digest, spec)
    done = fit(spec, window=window, params=params, progress=progress)
    then_sha, now_sha = tags.get("mlops.data_sha256", ""), done.lineage.sha256
    if then_sha and then_sha != now_sha:
        then_rows = tags.get("mlops.rows", "?")
        raise DataError(
            f"Version {found.version} of {spec.name} cannot be reproduced: its source ({tags.get('mlops.source')}) "
            f"no longer yields the same data for the window {tags.get('mlops.window')}: {then_rows} rows then, "
            f"{done.lineage.rows} now; content hash {then_sha[:12]} then, {now_sha[:12]} now.")
    metrics = {name: (run.data.metrics[name], now) for name, now in done.values.items() if name in run.data.metrics}
    changed = [f"{name}: {then:.6g} then, {now:.6g} now" for name, (then, now) in metrics.items()
               if abs(then - now) > TOLERANCE]
    return ReproduceResult(model=spec.name, version=int(found.version), identical=not changed, metrics=metrics,
                           differences=changed + differences, rows=done.lineage.rows, data_sha256=now_sha,
                           seconds=round(time.perf_counter() - started, 3))


def _window(tags: dict[str, str]) -> Window:
    start, end = tags.get("mlops.window.start") or None, tags.get("mlops.window.end") or None
    iso = lambda text: datetime.fromisoformat(text).isoformat()  # noqa: E731 - the recorded bound, as a point
    return Window(since=iso(start) if start else None, until=iso(end) if end else None)


def _value(text: str) -> Any:
    """A parameter as MLflow stored it (text) back to the value it was: 300, 0.5, True, None, or a word."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _setting_differences(tags: dict[str, str], config_digest: str, spec: ModelSpec) -> list[str]:
    """What the version was made with that is not what runs now: worth knowing, not by itself a failure."""
    found = []
    if (then := tags.get("mlops.config_hash")) and then != config_digest:
        found.append(f"config hash {then} then, {config_digest} now (the model's config changed since)")
    if (then := tags.get("mlops.code_version")) and then != (now := code_version()):
        found.append(f"code {then} then, {now} now")
    if then_env := tags.get("mlops.environment"):
        before, now_env = json.loads(then_env), json.loads(environment_json())
        found += [f"{name} {before.get(name)} then, {now_env[name]} now"
                  for name in sorted(now_env) if before.get(name) != now_env[name]]
    else:
        found.append("library versions were not recorded for this version (trained before they were)")
    return found
