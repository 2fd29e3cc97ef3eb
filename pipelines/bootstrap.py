"""Paired bootstrap of a metric difference, all resamples at once as array operations.

A resample is a row of counts (how often each row was drawn), so every metric becomes a weighted sum: AUC by
ranks (Mann-Whitney, ties counted half), the label metrics from weighted confusion counts, the regression
metrics from weighted residual sums. The draws are the ones a loop of `rng.integers(0, n, n)` per round makes,
so the interval equals the one sklearn's metrics give resample by resample, about a thousand times faster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipelines.errors import UsageError

if TYPE_CHECKING:
    import numpy as np

    from pipelines.scoring import Scored

MAX_ROWS = 50_000  # larger holdouts are subsampled (without replacement) for the interval; the result says so
_CELLS_PER_CHUNK = 1_000_000  # resamples x rows held in memory at once (8 MB a float array)


def paired_deltas(task: str, metric: str, a: Scored, b: Scored, *, n_bootstrap: int, random_state: int,
                  max_rows: int = MAX_ROWS) -> tuple[np.ndarray, int]:
    """`metric(b) - metric(a)` on `n_bootstrap` shared resamples (undefined ones dropped), and the rows used."""
    import numpy as np

    if n_bootstrap < 0:
        raise UsageError("n_bootstrap must be at least 0.")
    n = len(a.y_true)
    if n == 0 or n_bootstrap == 0:
        return np.array([]), n
    if n > max_rows:
        keep = np.sort(np.random.default_rng([random_state, 1]).choice(n, size=max_rows, replace=False))
        a, b = _rows(a, keep), _rows(b, keep)
        n = max_rows
    score_a, score_b = _scorer(task, metric, a), _scorer(task, metric, b)
    deltas = _over_resamples(lambda w: score_b(w) - score_a(w), n, n_bootstrap, random_state)
    return deltas[~np.isnan(deltas)], n  # a resample with a single class has no AUC: skipped, not biased


def interval(task: str, metric: str, s: Scored, *, n_bootstrap: int = 1000, random_state: int = 0,
             level: float = 0.95) -> tuple[float, float] | None:
    """A percentile bootstrap interval of one version's metric on its rows; None where it is undefined."""
    import numpy as np

    n = len(s.y_true)
    if n == 0:
        return None
    if n > MAX_ROWS:
        s = _rows(s, np.sort(np.random.default_rng([random_state, 1]).choice(n, size=MAX_ROWS, replace=False)))
        n = MAX_ROWS
    values = _over_resamples(_scorer(task, metric, s), n, n_bootstrap, random_state)
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return None
    low, high = np.quantile(values, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(low), float(high)


def _over_resamples(score: Callable[[np.ndarray], np.ndarray], n: int, n_bootstrap: int,
                    random_state: int) -> np.ndarray:
    """`score` on `n_bootstrap` resamples of `n` rows, in chunks that keep memory bounded."""
    import numpy as np

    rng = np.random.default_rng(random_state)
    chunk = max(1, _CELLS_PER_CHUNK // n)
    out = []
    for start in range(0, n_bootstrap, chunk):
        rounds = min(chunk, n_bootstrap - start)
        idx = rng.integers(0, n, size=(rounds, n))  # the same stream as one call of size n per round
        counts = np.bincount((idx + (np.arange(rounds) * n)[:, None]).ravel(), minlength=rounds * n)
        weights = counts.reshape(rounds, n).astype(np.float64)
        out.append(score(weights))
    return np.concatenate(out)


def _rows(s: Scored, keep: np.ndarray) -> Scored:
    from pipelines.scoring import Scored

    return Scored(y_true=s.y_true[keep], y_pred=s.y_pred[keep], scores=None if s.scores is None else s.scores[keep],
                  classes=s.classes)


def _scorer(task: str, metric: str, s: Scored) -> Callable[[np.ndarray], np.ndarray]:
    """The metric of one version as a function of resample weights (rounds x rows) -> (rounds,)."""
    import numpy as np

    y, p = s.y_true, s.y_pred
    if task == "regression":
        return _regression(metric, y.astype(np.float64), p.astype(np.float64))
    k = s.scores.shape[1] if s.scores is not None else int(max(y.max(), p.max())) + 1
    if metric == "accuracy":
        hit = (y == p).astype(np.float64)
        return lambda w: w @ hit / w.sum(axis=1)
    if metric == "f1":
        return _binary_f1(y, p)
    if metric in ("f1_macro", "precision_macro", "recall_macro"):
        return _macro(metric, y, p, k)
    assert s.scores is not None
    if metric == "log_loss":
        eps = np.finfo(np.float64).eps
        loss = -np.log(np.clip(s.scores[np.arange(len(y)), y], eps, 1 - eps))
        return lambda w: w @ loss / w.sum(axis=1)
    if metric == "roc_auc":
        return _auc((y == 1).astype(np.float64), s.scores[:, 1])
    if metric == "roc_auc_ovr":
        per_class = [_auc((y == c).astype(np.float64), s.scores[:, c]) for c in range(k)]
        return lambda w: np.mean([auc(w) for auc in per_class], axis=0)  # NaN if any class is absent, as sklearn
    raise UsageError(f"No bootstrap for metric {metric}.")


def _auc(positive: np.ndarray, score: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """Weighted Mann-Whitney AUC: P(score of a positive > score of a negative), ties counted half.

    Rows are taken in score order and grouped by tied score. Few groups (a forest's votes): weights are summed
    per group. Many (boosting's near-distinct scores): that sum has as many segments as rows and was 3/4 of a
    1M-row compare, so each positive gathers the running negative weight at its group's start and end instead.
    """
    import numpy as np

    order = np.argsort(score, kind="mergesort")
    ranked = score[order]
    new_group = np.r_[True, ranked[1:] != ranked[:-1]]
    starts = np.flatnonzero(new_group)
    pos = positive[order]
    if starts.size * 4 <= ranked.size:
        return _auc_by_groups(order, starts, pos)
    group = np.cumsum(new_group) - 1
    ends = np.r_[starts[1:], ranked.size]
    positives = np.flatnonzero(pos)
    return _auc_by_gathers(order, pos, positives, starts[group[positives]], ends[group[positives]])


def _auc_by_groups(order: np.ndarray, starts: np.ndarray,
                   pos: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    import numpy as np

    neg = 1.0 - pos

    def auc(w: np.ndarray) -> np.ndarray:
        ws = w[:, order]
        p = np.add.reduceat(ws * pos, starts, axis=1)
        q = np.add.reduceat(ws * neg, starts, axis=1)
        below = np.cumsum(q, axis=1) - q
        return _ratio((p * (below + 0.5 * q)).sum(axis=1), p.sum(axis=1), q.sum(axis=1))

    return auc


def _auc_by_gathers(order: np.ndarray, pos: np.ndarray, positives: np.ndarray, first: np.ndarray,
                    last: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """`first`, `last`: each positive's group of tied scores, [first, last) in score order."""
    import numpy as np

    neg = 1.0 - pos
    n = order.size

    def auc(w: np.ndarray) -> np.ndarray:
        ws = w[:, order]
        below = np.zeros((w.shape[0], n + 1))  # below[:, j]: negative weight of the first j rows by score
        np.cumsum(ws * neg, axis=1, out=below[:, 1:])
        wp = ws[:, positives]
        pairs = 0.5 * (wp * (below[:, first] + below[:, last])).sum(axis=1)
        return _ratio(pairs, wp.sum(axis=1), below[:, n])

    return auc


def _ratio(pairs: np.ndarray, n_pos: np.ndarray, n_neg: np.ndarray) -> np.ndarray:
    import numpy as np

    with np.errstate(invalid="ignore", divide="ignore"):
        value = pairs / (n_pos * n_neg)
    return np.where((n_pos > 0) & (n_neg > 0), value, np.nan)


def _binary_f1(y: np.ndarray, p: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    import numpy as np

    tp, fp, fn = (((p == 1) & (y == 1)).astype(np.float64), ((p == 1) & (y == 0)).astype(np.float64),
                  ((p == 0) & (y == 1)).astype(np.float64))

    def f1(w: np.ndarray) -> np.ndarray:
        t, f_p, f_n = w @ tp, w @ fp, w @ fn
        denominator = 2 * t + f_p + f_n
        return np.divide(2 * t, denominator, out=np.zeros_like(t), where=denominator > 0)  # zero_division=0

    return f1


def _macro(metric: str, y: np.ndarray, p: np.ndarray, k: int) -> Callable[[np.ndarray], np.ndarray]:
    """Macro average over the classes a resample holds (in truth or prediction), as sklearn's unique_labels."""
    import numpy as np

    truth, pred = np.eye(k)[y], np.eye(k)[p]
    both = truth * pred

    def macro(w: np.ndarray) -> np.ndarray:
        tp, support, predicted = w @ both, w @ truth, w @ pred
        if metric == "precision_macro":
            num, den = tp, predicted
        elif metric == "recall_macro":
            num, den = tp, support
        else:
            num, den = 2 * tp, support + predicted
        per_class = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
        present = (support + predicted) > 0
        return (per_class * present).sum(axis=1) / present.sum(axis=1)

    return macro


def _regression(metric: str, y: np.ndarray, p: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    import numpy as np

    residual = y - p
    if metric == "rmse":
        squared = residual**2
        return lambda w: np.sqrt(w @ squared / w.sum(axis=1))
    if metric == "mae":
        absolute = np.abs(residual)
        return lambda w: w @ absolute / w.sum(axis=1)
    centred = y - y.mean()  # centred once, so the weighted variance does not lose digits to cancellation
    squared, c1, c2 = residual**2, centred, centred**2

    def r2(w: np.ndarray) -> np.ndarray:
        total = w.sum(axis=1)
        ss_res = w @ squared
        ss_tot = w @ c2 - (w @ c1) ** 2 / total
        with np.errstate(invalid="ignore", divide="ignore"):
            value = 1.0 - ss_res / ss_tot
        # sklearn's force_finite: a constant target scores 1 if predicted exactly, else 0
        return np.where(ss_tot > 1e-12 * np.maximum(1.0, w @ c2), value, np.where(ss_res == 0, 1.0, 0.0))

    return r2
