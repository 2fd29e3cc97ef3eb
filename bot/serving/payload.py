"""MLflow scoring-server JSON in, a checked float matrix out; every problem named in a 400 the caller can act on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

FORMATS = ("dataframe_split", "dataframe_records", "instances", "inputs")
MAX_ROWS = 10_000


class BadPayload(ValueError):
    """The request body does not fit the model; the message goes back as the 400's `error`."""


@dataclass
class Rows:
    values: np.ndarray  # (n, len(columns)) float64 in the signature's column order
    key: str | None  # the caller's routing key, for sticky A/B assignment


def parse(body: Any, columns: list[str]) -> Rows:
    """Read one of MLflow's four JSON layouts and validate it against the model's input columns."""
    if not isinstance(body, dict):
        raise BadPayload(f"The body must be a JSON object with one of {', '.join(FORMATS)}.")
    given = [f for f in FORMATS if f in body]
    unknown = sorted(set(body) - set(FORMATS) - {"key", "params"})
    if len(given) != 1:
        what = "none" if not given else ", ".join(given)
        raise BadPayload(f"Give exactly one of {', '.join(FORMATS)} (got {what}).")
    if unknown:
        raise BadPayload(f"Unknown field(s) {', '.join(unknown)}; expected one of {', '.join(FORMATS)} and optional key.")
    key = body.get("key")
    if key is not None and not isinstance(key, str | int):
        raise BadPayload("key must be a string or an integer (it keeps a caller on one arm of an A/B test).")
    layout = given[0]
    records = _records(layout, body[layout], columns)
    if not records:
        raise BadPayload(f"{layout} holds no rows.")
    if len(records) > MAX_ROWS:
        raise BadPayload(f"{len(records)} rows in one request; send at most {MAX_ROWS}.")
    return Rows(values=_matrix(records, columns), key=None if key is None else str(key)[:128])


def _records(layout: str, data: Any, columns: list[str]) -> list[dict[str, Any]]:
    if layout == "dataframe_split":
        if not isinstance(data, dict) or not isinstance(data.get("data"), list):
            raise BadPayload('dataframe_split must be an object {"columns": [...], "data": [[...], ...]}.')
        names = data.get("columns", columns)
        if not isinstance(names, list):
            raise BadPayload("dataframe_split.columns must be a list of column names.")
        return [_positional(row, names, i, layout) for i, row in enumerate(data["data"])]
    if layout == "dataframe_records":
        if not isinstance(data, list):
            raise BadPayload("dataframe_records must be a list of {column: value} objects.")
        return [_record(row, i, layout) for i, row in enumerate(data)]
    if isinstance(data, dict):  # {"column": [values...]}: the columnar form of instances / inputs
        lengths = {len(v) if isinstance(v, list) else -1 for v in data.values()}
        if -1 in lengths or len(lengths) != 1:
            raise BadPayload(f"{layout} as an object must map every column to a list of the same length.")
        n = lengths.pop()
        return [{c: v[i] for c, v in data.items()} for i in range(n)]
    if not isinstance(data, list):
        raise BadPayload(f"{layout} must be a list of rows or an object of columns.")
    return [_record(row, i, layout) if isinstance(row, dict) else _positional(row, columns, i, layout)
            for i, row in enumerate(data)]


def _record(row: Any, i: int, layout: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise BadPayload(f"{layout} row {i} must be an object of column: value.")
    return row


def _positional(row: Any, names: list[str], i: int, layout: str) -> dict[str, Any]:
    if not isinstance(row, list) or len(row) != len(names):
        raise BadPayload(f"{layout} row {i} must be a list of {len(names)} values, one per column.")
    return dict(zip(names, row, strict=True))


def _matrix(records: list[dict[str, Any]], columns: list[str]) -> np.ndarray:
    missing = [c for c in columns if c not in records[0]]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise BadPayload(f"Missing column(s) {shown}; the model takes {len(columns)} columns: {', '.join(columns[:8])}…")
    try:
        values = np.array([[row[c] for c in columns] for row in records], dtype=np.float64)
    except KeyError as exc:
        raise BadPayload(f"A row lacks column {exc.args[0]}.") from None
    except (TypeError, ValueError):
        for i, row in enumerate(records):
            for c in columns:
                if c not in row:
                    raise BadPayload(f"Row {i} lacks column {c}.") from None
                if not _is_number(row[c]):
                    raise BadPayload(f"Column {c} must be a number; row {i} has {str(row[c])[:40]!r}.") from None
        raise BadPayload("The rows could not be read as numbers.") from None
    return values


def _is_number(value: Any) -> bool:
    if value is None:
        return True  # a missing value: the model's imputer fills it
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
