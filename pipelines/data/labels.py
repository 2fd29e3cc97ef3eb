"""Class labels of any type pandas reads (strings, booleans, integers, categoricals) as ids 0..k-1 for metrics.

Metrics see one id per class in a fixed order: sorted labels for multiclass, `[negative, positive]` for binary,
so `scores[:, 1]` is always the positive class. The positive class is the configured `positive_label`, else the
one the version recorded at training, else the obvious one (1, True, "yes"), else the minority class.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pipelines.config import ModelSpec
from pipelines.errors import DataError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

Label = bool | int | float | str
POSITIVE_ATTR = "mlops_positive_label_"  # recorded on a fitted pipeline, so evaluation agrees with training
_OBVIOUS = ("1", "true", "yes", "y", "positive", "pos")


def plain(label: Any) -> Label:
    """A numpy or pandas scalar as the Python value it stands for (JSON-able, hashable like the original)."""
    value = label.item() if hasattr(label, "item") else label
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, bool | int | float | str) else str(value)


def order(spec: ModelSpec, fitted: Sequence[Any], y: pd.Series | None) -> list[Label]:
    """Every class a version knows or the data holds; `[negative, positive]` for a binary model."""
    seen: dict[Label, None] = {}
    for model in fitted:
        for label in getattr(model, "classes_", ()):
            seen.setdefault(plain(label), None)
    counts = _counts(y)
    for label in counts:
        seen.setdefault(label, None)
    labels = _sorted(seen)
    if spec.task != "binary":
        return labels
    if len(labels) > 2:
        raise DataError(f"Model {spec.name} is binary but its target '{spec.target}' holds {len(labels)} classes "
                        f"({_listing(labels)}); set task = \"multiclass\" or map the target to two values.")
    recorded = next((getattr(m, POSITIVE_ATTR) for m in fitted if hasattr(m, POSITIVE_ATTR)), None)
    positive = positive_label(spec, labels, counts, recorded=recorded)
    return [label for label in labels if label != positive] + [positive]


def positive_label(spec: ModelSpec, labels: list[Label], counts: dict[Label, int], *,
                   recorded: Label | None = None) -> Label:
    if spec.positive_label is not None:
        match = _match(spec.positive_label, labels)
        if match is None:
            raise DataError(f"positive_label {spec.positive_label!r} of model {spec.name} is not one of its classes "
                            f"({_listing(labels)}).")
        return match
    if recorded is not None and _match(recorded, labels) is not None:
        return _match(recorded, labels)  # type: ignore[return-value]
    obvious = [label for label in labels if str(label).strip().lower() in _OBVIOUS]
    if len(obvious) == 1:
        return obvious[0]
    if len(labels) == 1:
        return labels[0]
    # The minority class; on a tie, the later label in sorted order, so the choice never depends on row order.
    return min(reversed(labels), key=lambda label: counts.get(label, 0))


def encode(values: Iterable[Any], labels: list[Label], *, what: str, spec: ModelSpec) -> np.ndarray:
    """Labels as their ids in `labels`; a label outside them (or a missing one) is the data's fault."""
    import numpy as np

    index = {label: i for i, label in enumerate(labels)}
    unique, inverse = _unique_inverse(values)
    ids = np.array([index.get(plain(u), -1) for u in unique], dtype=np.int64)
    if (ids < 0).any():
        bad = [str(u) for u, i in zip(unique, ids) if i < 0][:5]
        raise DataError(f"The {what} of model {spec.name} holds values that are not classes ({', '.join(bad)}); "
                        f"the target '{spec.target}' must have no missing values.")
    return ids[inverse]


def _unique_inverse(values: Iterable[Any]) -> tuple[list[Any], np.ndarray]:
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(values, dtype=object) if not hasattr(values, "dtype") else values,
                                  use_na_sentinel=True)
    uniques_list = list(uniques)
    if (codes < 0).any():  # a missing label gets an id of its own so `encode` can name it
        codes = np.where(codes < 0, len(uniques_list), codes)
        uniques_list.append("<missing>")
    return uniques_list, np.asarray(codes)


def _counts(y: pd.Series | None) -> dict[Label, int]:
    if y is None or len(y) == 0:
        return {}
    import pandas as pd

    counted = pd.Series(y).value_counts(dropna=True)
    return {plain(label): int(n) for label, n in counted.items()}


def _sorted(labels: Iterable[Label]) -> list[Label]:
    items = list(labels)
    try:
        return sorted(items)
    except TypeError:  # mixed types (1 and "a"): order by text, still deterministic
        return sorted(items, key=lambda label: (type(label).__name__, str(label)))


def _match(wanted: Label, labels: list[Label]) -> Label | None:
    for label in labels:
        if label == wanted and type(label) is type(wanted):
            return label
    for label in labels:  # "1" in the config for an integer class 1, "true" for True
        if str(label).strip().lower() == str(wanted).strip().lower():
            return label
    return None


def _listing(labels: list[Label]) -> str:
    return ", ".join(repr(label) for label in labels[:10]) + (" …" if len(labels) > 10 else "")
