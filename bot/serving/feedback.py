"""Labels for served requests: checked against the model, joined to the rows the service logged, first label kept.

A label is one of the model's classes (a finite number for a regression), for a request id this service issued
and a row it answered. The first label of a row stands: sending the same one again changes nothing, a different
one is refused (409), so a client cannot flip the labels monitoring reads. All or nothing per call.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, Field, ValidationError

from bot.serving.guard import Refused
from pipelines.data.prediction_log import predictions_table

MAX_LABELS = 10_000


class Label(BaseModel):
    request_id: str = Field(min_length=1, max_length=32)
    label: Any = Field(description="the true value; a list gives one per row of a multi-row request")
    row: int | None = Field(None, ge=0, le=1_000_000, description="the row of the request this label belongs to "
                                                                  "(default 0)")


def read(raw: bytes, *, task: str, classes: list[Any] | None) -> list[tuple[str, int, Any]]:
    """(request_id, row, label) triples from a /feedback body, every label checked; a `Refused` 400 otherwise."""
    usage = 'Feedback must be {"request_id": "…", "label": …} or a list of them'
    try:
        body = json.loads(raw, parse_constant=_no_constant)
        items = [Label.model_validate(item) for item in (body if isinstance(body, list) else [body])]
    except ValidationError as exc:
        first = exc.errors()[0]
        raise Refused(400, f"{usage} ({'.'.join(map(str, first['loc']))}: {first['msg']}).") from None
    except (ValueError, RecursionError) as exc:
        raise Refused(400, f"{usage}; the body is not valid JSON ({str(exc).splitlines()[0][:200]}).") from None
    labels: list[tuple[str, int, Any]] = []
    for item in items:
        values = item.label if isinstance(item.label, list) else [item.label]
        first_row = 0 if isinstance(item.label, list) else item.row or 0
        labels += [(item.request_id, first_row + i, value) for i, value in enumerate(values)]
        if len(labels) > MAX_LABELS:
            raise Refused(400, f"More than {MAX_LABELS} labels in one call; the limit is {MAX_LABELS}.")
    return [(rid, row, checked(value, task=task, classes=classes, where=f"request {rid} row {row}"))
            for rid, row, value in labels]


def checked(value: Any, *, task: str, classes: list[Any] | None, where: str) -> Any:
    """The label as stored: one of the classes, or a finite number for a regression."""
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if task == "regression":
        if not numeric or not math.isfinite(value):
            raise Refused(400, f"The label of {where} must be a finite number; got {_show(value)}.")
        return value
    if classes is None:
        raise Refused(503, "The model's classes are not known until it is loaded; try again shortly.")
    for known in classes:
        # 1.0 for class 1 is the same label; True is not, nor "1"
        if type(known) is str and value == known or numeric and type(known) is not str and value == known:
            return known
    raise Refused(400, f"The label of {where} must be one of the model's classes "
                       f"{', '.join(map(_show, classes[:20]))}; got {_show(value)}.")


def apply(engine: sa.Engine, model: str, labels: list[tuple[str, int, Any]], *, at: datetime) -> dict[str, int]:
    """Store each label once. Unknown id or row: 404; a different label on a labelled row: 409; nothing stored."""
    t = predictions_table
    counts = {"labelled": 0, "unchanged": 0}
    with engine.begin() as conn:
        for request_id, row, label in labels:
            stored = json.dumps(label)
            where = (t.c.model == model, t.c.request_id == request_id, t.c.row == row)
            # one statement: two concurrent calls cannot both see the row unlabelled
            done = conn.execute(t.update().where(*where, t.c.label.is_(None)).values(label=stored, labelled_at=at))
            if done.rowcount:
                counts["labelled"] += 1
                continue
            existing = conn.execute(sa.select(t.c.label).where(*where).limit(1)).first()
            if existing is None:
                raise Refused(404, f"Unknown request_id {_show(request_id)} (row {row}) for model {model}: only a "
                                   "request this service answered can be labelled; no label was stored.")
            if existing.label != stored:
                raise Refused(409, f"Request {request_id} row {row} already has label {existing.label}; the first "
                                   f"label stands and {_show(label)} was refused. No label of this call was stored.")
            counts["unchanged"] += 1
    return counts


def _no_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"
