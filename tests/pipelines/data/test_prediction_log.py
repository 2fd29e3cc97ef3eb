"""Reading the prediction log: labels an earlier version stored unchecked (objects, lists, Infinity) are skipped
and counted, so one bad row never fails drift or a check for the whole window."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from pipelines.data import prediction_log


def test_bad_stored_labels_are_skipped_and_counted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    engine = sa.create_engine(url)
    prediction_log.log_metadata.create_all(engine)
    labels = [json.dumps(1), json.dumps({"a": 1}), json.dumps([0, 1]), "Infinity", json.dumps(0), None, "not json"]
    with engine.begin() as conn:
        conn.execute(prediction_log.predictions_table.insert(), [
            {"request_id": f"r{i}", "row": 0, "model": "cancer", "version": 1, "arm": "production",
             "features": json.dumps({"x": float(i)}), "prediction": "1", "latency_ms": 1.0,
             "at": datetime(2026, 12, 1, tzinfo=UTC), "label": label} for i, label in enumerate(labels)])
    frame = prediction_log.read(url, "cancer", engine=engine)
    assert frame["target"].tolist()[:1] == [1] and frame["target"].iloc[4] == 0
    assert int(frame["target"].notna().sum()) == 2 and frame.attrs["skipped_labels"] == 4
    engine.dispose()
