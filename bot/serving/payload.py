"""A request body in, a checked float matrix out: MLflow's scoring-server parsing, then our limits and checks.

The layouts (`dataframe_split`, `dataframe_records`, `instances`, `inputs`, CSV) are read by MLflow's own
`mlflow.pyfunc.scoring_server` functions, so what its server accepts we accept. Around them: a depth limit before
the JSON parser recurses, duplicate keys and NaN refused while parsing (Python's parser silently keeps the last key),
then the rows are checked against the model's columns, finite and within float32 (the trees cast to it) before any
model sees them. Every problem is a `Refused` 400 naming the row, the column or the limit. Runs on a worker thread.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.serving.guard import Refused
from bot.serving.settings import Limits

FORMATS = ("dataframe_split", "dataframe_records", "instances", "inputs")
FLOAT32_MAX = float(np.finfo(np.float32).max)
FLOAT64_MAX = int(np.finfo(np.float64).max)
_OPENERS = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSERS = np.frombuffer(b"]}", dtype=np.uint8)


@dataclass
class Rows:
    frame: Any  # the pandas DataFrame MLflow's parser made; the shadow arm reads its own columns from it
    values: np.ndarray  # (n, len(columns)) float64 in the signature's column order
    key: str | None  # the caller's routing key, for sticky A/B assignment
    entities: list[dict[str, Any]] | None = None  # each row's entity keys, when its features came from Feast


# Reads a model's features from its online store by entity keys: {"driver_id": [1001, 1002]} -> Online.
OnlineLookup = Callable[[dict[str, list[Any]]], Any]


def parse(raw: bytes, content_type: str | None, columns: list[str], limits: Limits,
          online: OnlineLookup | None = None) -> Rows:
    """Read a body the way MLflow's scoring server does and check it against the model's input columns.

    `{"entities": {...}}` instead of a layout: the features are read from the model's online store (`online`).
    """
    mime, charset = _content_type(content_type)
    key = None
    entities = None
    if mime == "text/csv":
        frame = _csv(raw)
    else:
        body = _json(raw, limits)
        if not isinstance(body, dict):
            raise Refused(400, f"The body must be a JSON object with one of {', '.join(FORMATS)}.")
        key = _key(body.get("key"))
        if "entities" in body:
            frame, entities = _online(body, online, limits)
        else:
            frame = _frame(body, columns)
    if len(frame) == 0:
        raise Refused(400, "The request holds no rows.")
    if len(frame) > limits.max_rows:
        raise Refused(400, f"{len(frame)} rows in one request; the limit is {limits.max_rows} rows.")
    if frame.shape[1] > limits.max_columns:
        raise Refused(400, f"{frame.shape[1]} columns in one request; the limit is {limits.max_columns} columns.")
    return Rows(frame=frame, values=matrix(frame, columns), key=key, entities=entities)


def matrix(frame: Any, columns: list[str]) -> np.ndarray:
    """The model's columns as float64, checked: names, duplicates, numbers, finite, within float32."""
    names = list(frame.columns)
    odd = [c for c in names if not isinstance(c, str)]
    if odd:
        raise Refused(400, f"Column names must be strings; got {_show(odd[0])} ({type(odd[0]).__name__}).")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise Refused(400, f"Column {_show(name)} appears twice; send each column once.")
        seen.add(name)
    missing = [c for c in columns if c not in seen]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise Refused(400, f"Missing column(s) {shown}; the model takes {len(columns)} columns: "
                           f"{', '.join(columns[:8])}…")
    values = np.empty((len(frame), len(columns)), dtype=np.float64)
    for j, name in enumerate(columns):
        column = frame[name].to_numpy()
        try:
            values[:, j] = column.astype(np.float64)
        except (TypeError, ValueError, OverflowError):
            row, value = _first_bad(column)
            raise Refused(400, f"Column {name} must be a number; row {row} has {_show(value)}.") from None
    bad = np.isinf(values) | (np.abs(np.nan_to_num(values)) > FLOAT32_MAX)
    if bad.any():
        row, j = (int(i) for i in np.argwhere(bad)[0])
        what = "is not finite" if np.isinf(values[row, j]) else f"is beyond float32's range (±{FLOAT32_MAX:.4g})"
        raise Refused(400, f"Column {columns[j]}, row {row}: {values[row, j]:g} {what}; send a finite number, or "
                           "null for a missing value.")
    return values


# --- reading -------------------------------------------------------------------------------------------------
def _content_type(value: str | None) -> tuple[str, str]:
    """(mime, charset), refused as MLflow's server refuses them (415) except that a missing header means JSON."""
    if not value:
        return "application/json", "utf-8"
    mime, *rest = (part.strip() for part in value.split(";"))
    params = {k.strip().lower(): v.strip().strip('"') for k, _, v in (p.partition("=") for p in rest if p)}
    charset = params.pop("charset", "utf-8").lower()
    if charset != "utf-8":
        raise Refused(415, f"Only UTF-8 is accepted (got charset {_show(charset)}).")
    if params:
        raise Refused(415, f"Unrecognised content type parameter(s) {', '.join(sorted(params))}.")
    if mime.lower() not in ("application/json", "text/csv"):
        raise Refused(415, f"Send application/json (MLflow's JSON layouts) or text/csv with a header; "
                           f"got {_show(mime)}.")
    return mime.lower(), charset


def _json(raw: bytes, limits: Limits) -> Any:
    depth = _depth(raw)
    if depth > limits.max_depth:
        raise Refused(400, f"The JSON is nested {depth} levels deep; the limit is {limits.max_depth}.")
    objects = 0

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal objects
        made = dict(pairs)
        if len(made) != len(pairs):
            seen: set[str] = set()
            twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
            raise Refused(400, f"Key {_show(twice)} appears twice in object {objects} of the body (for "
                               f"dataframe_records, row {objects}); send each column once.")
        objects += 1
        return made

    def no_nan(constant: str) -> float:
        if constant == "NaN":
            raise Refused(400, "NaN is not a JSON value; send null for a missing value.")
        return float(constant)  # ±Infinity: refused below with its row and column

    try:
        return json.loads(raw, object_pairs_hook=no_duplicates, parse_constant=no_nan)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refused(400, f"The body is not valid JSON: {_first_line(exc)}.") from None
    except RecursionError:
        raise Refused(400, "The JSON is nested too deeply to read.") from None


def _depth(raw: bytes) -> int:
    """How deep [ and { nest, counted without parsing (a bracket inside a string only over-counts)."""
    data = np.frombuffer(raw, dtype=np.uint8)
    steps = np.isin(data, _OPENERS).astype(np.int32) - np.isin(data, _CLOSERS).astype(np.int32)
    return int(np.cumsum(steps).max()) if len(steps) else 0


def _frame(body: dict[str, Any], columns: list[str]) -> Any:
    """MLflow's parsing of the one layout given; unknown top-level fields are ignored, as MLflow ignores them."""
    import pandas as pd
    from mlflow.pyfunc import scoring_server

    given = [f for f in FORMATS if f in body]
    if len(given) != 1:
        raise Refused(400, f"Give exactly one of {', '.join(FORMATS)} (got {', '.join(given) or 'none'}).")
    layout = given[0]
    data = body[layout]
    if layout == "dataframe_records" and isinstance(data, list):
        row = next((i for i, r in enumerate(data) if not isinstance(r, dict)), None)
        if row is not None:
            raise Refused(400, f"dataframe_records row {row} must be an object of column: value.")
    if layout == "dataframe_split" and isinstance(data, dict) and "columns" not in data:
        data = {**data, "columns": columns}  # positional rows in the signature's order
    try:
        parsed = scoring_server.infer_and_parse_data({layout: data})
    except Exception as exc:  # MLflow's own refusal, or pandas' on a shape it cannot read: the first line only
        huge = _huge_int(data) if layout == "dataframe_records" else None
        if huge is not None:  # pandas 2 fails the whole frame on one; name its row and column as matrix() does
            row, name, value = huge
            raise Refused(400, f"Column {name} must be a number; row {row} has {_show(value)}.") from None
        raise Refused(400, f"{layout} could not be read: {_first_line(exc)}") from None
    if isinstance(parsed, pd.DataFrame):
        return parsed
    if isinstance(parsed, dict):  # columns: {"name": [values…]}, or one row of scalars
        arrays = {name: np.asarray(v) for name, v in parsed.items()}
        if any(a.ndim > 1 for a in arrays.values()):
            raise Refused(400, f"{layout}: each column must hold one number per row.")
        lengths = {a.size if a.ndim else 1 for a in arrays.values()}
        if len(lengths) > 1:
            raise Refused(400, f"{layout}: every column must hold the same number of values.")
        return pd.DataFrame({name: np.atleast_1d(a) for name, a in arrays.items()})
    rows = np.asarray(parsed)
    if rows.ndim != 2 or rows.shape[1] != len(columns):
        raise Refused(400, f"{layout} row 0 must be a list of {len(columns)} values, one per column, or an object "
                           "of column: value.")
    return pd.DataFrame(rows, columns=columns)  # positional rows in the signature's order


def _online(body: dict[str, Any], online: OnlineLookup | None,
            limits: Limits) -> tuple[Any, list[dict[str, Any]]]:
    """Entity keys in, the features the online store holds for them out; a missing or stale value is refused."""
    from pipelines.data.feature_store import MissingEntity, StaleFeature
    from pipelines.errors import DataError

    if online is None:
        raise Refused(400, f"This model does not read its features from Feast; send one of {', '.join(FORMATS)}.")
    given = [f for f in FORMATS if f in body]
    if given:
        raise Refused(400, f"Give either entities or {given[0]}, not both.")
    entities = body["entities"]
    if not isinstance(entities, dict) or not entities:
        raise Refused(400, 'entities must be an object of key: [values…], e.g. {"driver_id": [1001, 1002]}.')
    for name, values in entities.items():
        if not isinstance(values, list) or not values:
            raise Refused(400, f"entities.{_show(name)[1:-1]} must be a non-empty list of key values.")
        if len(values) > limits.max_rows:
            raise Refused(400, f"{len(values)} rows in one request; the limit is {limits.max_rows} rows.")
        odd = next((v for v in values if isinstance(v, bool) or not isinstance(v, int | str)), None)
        if odd is not None:
            raise Refused(400, f"entities.{_show(name)[1:-1]}: a key must be an integer or a string; got {_show(odd)}.")
    try:
        found = online(entities)
    except MissingEntity as exc:
        raise Refused(404, exc.message) from None
    except StaleFeature as exc:
        raise Refused(422, exc.message) from None
    except DataError as exc:
        raise Refused(400, exc.message) from None
    return found.frame, found.entities


def _csv(raw: bytes) -> Any:
    from mlflow.pyfunc import scoring_server

    try:
        text = raw.decode("utf-8")
        return scoring_server.parse_csv_input(io.StringIO(text))
    except Exception as exc:
        raise Refused(400, f"The CSV could not be read (send a header line, then one line per row): "
                           f"{_first_line(exc)}") from None


def _key(key: Any) -> str | None:
    if key is None:
        return None
    if isinstance(key, bool) or not isinstance(key, str | int):
        raise Refused(400, "key must be a string or an integer (it keeps a caller on one arm of an A/B test).")
    return str(key)[:128]


def _huge_int(records: Any) -> tuple[int, str, int] | None:
    """The first integer beyond float's range in dataframe_records, looked for only once reading failed."""
    if not isinstance(records, list):
        return None
    for i, record in enumerate(records):
        for name, value in record.items() if isinstance(record, dict) else ():
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > FLOAT64_MAX:
                return i, name, value
    return None


def _first_bad(column: np.ndarray) -> tuple[int, Any]:
    for i, value in enumerate(column):
        try:
            float(value)
        except (TypeError, ValueError, OverflowError):
            return i, value
    return 0, column[0] if len(column) else None


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _first_line(exc: BaseException) -> str:
    text = (getattr(exc, "message", None) or str(exc)).strip() or type(exc).__name__
    # MLflow's messages may quote the whole input; a refusal names the problem, not the payload
    line = text.splitlines()[0]
    return line if len(line) <= 300 else line[:297] + "…"
