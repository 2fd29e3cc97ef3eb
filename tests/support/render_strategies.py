"""Hypothesis strategies for result models, shared by the renderer fuzz test and the escaping property test.

Most models are drawn by `st.from_type`; the overrides keep the drawn values inside what a renderer may assume
(a compare result has a row for its primary metric; free-form JSON fields cannot be drawn from `Any`).
"""

from __future__ import annotations

import importlib
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from bot.slack.render import RENDERERS
from pipelines.lineage.card import ModelCard
from pipelines.compare import CompareResult, MetricRow
from pipelines.train import TrainResult
from pipelines.tune import Trial, TuneResult
from tools.monitoring.settings import MonitorSpec
from tools.state import Incident, LeaseInfo, Monitor

_PARAM = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10))
_OVERRIDES: dict[type[BaseModel], st.SearchStrategy[Any]] = {
    TrainResult: st.builds(TrainResult, params=st.dictionaries(st.text(max_size=10), _PARAM, max_size=4)),
    CompareResult: st.builds(CompareResult).flatmap(lambda r: st.just(r.model_copy(update={
        "rows": [MetricRow(name=r.primary_metric, a=1.0, b=0.5, delta=-0.5, greater_is_better=r.greater_is_better),
                 *r.rows]}))),
}
_CARD = st.builds(ModelCard, params=st.dictionaries(st.text(max_size=10), _PARAM, max_size=4),
                  environment=st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=3))
st.register_type_strategy(ModelCard, _CARD)
_TRIAL = st.builds(Trial, params=st.dictionaries(st.text(max_size=10), _PARAM, max_size=4))
_OVERRIDES[TuneResult] = st.builds(TuneResult, best=_TRIAL, top=st.lists(_TRIAL, max_size=5),
                                   trained=_OVERRIDES[TrainResult],
                                   comparison=st.none() | _OVERRIDES[CompareResult])

# Free-form JSON fields (what a check found, the data marker) are not drawn: hypothesis cannot draw Any.
st.register_type_strategy(Incident, st.builds(Incident, details=st.just({"top": ["a"]})))
st.register_type_strategy(Monitor, st.builds(Monitor, data_marker=st.none()))
st.register_type_strategy(LeaseInfo, st.builds(LeaseInfo, notice=st.none()))
_DURATIONS = st.sampled_from(["5s", "30m", "1h", "7d"])
st.register_type_strategy(MonitorSpec, st.builds(MonitorSpec, every=_DURATIONS, window=_DURATIONS, cooldown=_DURATIONS))


def result_strategy(result_type: type[BaseModel]) -> st.SearchStrategy[Any]:
    return _OVERRIDES.get(result_type, st.from_type(result_type))


def rendered_models() -> list[type[BaseModel]]:
    """Every model the renderer table knows, resolved from its import path: a new renderer is covered at once."""
    out = []
    for key in RENDERERS.keys():
        module, _, name = key.partition(":")
        out.append(getattr(importlib.import_module(module), name))
    return sorted(out, key=lambda c: f"{c.__module__}.{c.__qualname__}")
