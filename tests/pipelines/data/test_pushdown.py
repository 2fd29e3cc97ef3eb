"""Large sources are read narrowly: only the model's columns leave SQL and Parquet, and Parquet skips row groups
outside the window."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.config import ModelSpec
from pipelines.data import datasets
from pipelines.data.window import Window

START = datetime(2014, 1, 1, tzinfo=UTC)


def _spec(source: dict) -> ModelSpec:
    return ModelSpec(name="wide", task="regression", target="y", features=["x"], timestamp="t", estimator="ridge",
                     primary_metric="rmse", source=source)


def _rows(n: int) -> pd.DataFrame:
    return pd.DataFrame({"t": [START + timedelta(hours=h) for h in range(n)], "x": np.arange(n, dtype=float),
                         "y": 2.0 * np.arange(n), "notes": ["a long text column the model never reads"] * n})


def test_sql_reads_only_the_models_columns(tmp_path: Path) -> None:
    path = tmp_path / "wide.db"
    frame = _rows(48)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE wide (t TIMESTAMP, x REAL, y REAL, notes TEXT)")
        conn.executemany("INSERT INTO wide VALUES (?, ?, ?, ?)", [
            (r.t.strftime("%Y-%m-%d %H:%M:%S"), r.x, r.y, r.notes) for r in frame.itertuples()])
    model = _spec({"kind": "sql", "url": f"sqlite:///{path}", "query": "SELECT * FROM wide"})
    whole = datasets.load(model)
    windowed = datasets.load(model, window=Window(since="2014-01-02", until="2014-01-02T03:00"))
    assert list(whole.frame.columns) == ["x", "y", "t"] and len(whole.frame) == 48
    assert list(windowed.frame.columns) == ["x", "y", "t"] and list(windowed.frame["x"]) == [24.0, 25.0, 26.0]


def test_parquet_reads_only_the_models_columns_and_the_windows_rows(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "wide.parquet"
    pq.write_table(pa.Table.from_pandas(_rows(96), preserve_index=False), path, row_group_size=24)
    model = _spec({"kind": "parquet", "path": str(path)})
    read: list[int] = []
    original = pd.read_parquet

    def counting(*args: object, **kwargs: object) -> pd.DataFrame:
        out = original(*args, **kwargs)
        read.append(len(out))
        return out

    monkeypatch.setattr(pd, "read_parquet", counting)
    windowed = datasets.load(model, window=Window(since="2014-01-02", until="2014-01-02T03:00"))
    assert list(windowed.frame.columns) == ["x", "y", "t"] and list(windowed.frame["x"]) == [24.0, 25.0, 26.0]
    assert read == [3], "the filter reached the reader: rows outside the window were never materialised"
