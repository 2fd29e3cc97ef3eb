"""Request, error and latency counters per model and arm, exposed in Prometheus' text format."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self.requests: dict[tuple[str, str], int] = defaultdict(int)
        self.rows: dict[tuple[str, str], int] = defaultdict(int)
        self.errors: dict[tuple[str, str], int] = defaultdict(int)  # (model, status code)
        self.buckets: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * (len(BUCKETS) + 1))
        self.sums: dict[tuple[str, str], float] = defaultdict(float)

    def observe(self, model: str, arm: str, seconds: float, rows: int) -> None:
        key = (model, arm)
        self.requests[key] += 1
        self.rows[key] += rows
        self.buckets[key][bisect_left(BUCKETS, seconds)] += 1
        self.sums[key] += seconds

    def error(self, model: str, status: int) -> None:
        self.errors[(model, str(status))] += 1

    def render(self, *, log_written: int, log_failed: int, log_pending: int, batches: dict[tuple[str, str], tuple[int, int]]) -> str:
        lines = [
            "# HELP mlops_predict_requests_total Requests answered, per model and arm.",
            "# TYPE mlops_predict_requests_total counter",
            *(f'mlops_predict_requests_total{{model="{m}",arm="{a}"}} {n}' for (m, a), n in sorted(self.requests.items())),
            "# HELP mlops_predict_rows_total Rows scored, per model and arm.",
            "# TYPE mlops_predict_rows_total counter",
            *(f'mlops_predict_rows_total{{model="{m}",arm="{a}"}} {n}' for (m, a), n in sorted(self.rows.items())),
            "# HELP mlops_predict_errors_total Requests refused or failed, per model and HTTP status.",
            "# TYPE mlops_predict_errors_total counter",
            *(f'mlops_predict_errors_total{{model="{m}",code="{c}"}} {n}' for (m, c), n in sorted(self.errors.items())),
            "# HELP mlops_predict_latency_seconds Time from request to answer, per model and arm.",
            "# TYPE mlops_predict_latency_seconds histogram",
        ]
        for (m, a), counts in sorted(self.buckets.items()):
            total = 0
            for bound, count in zip((*BUCKETS, float("inf")), counts, strict=True):
                total += count
                le = "+Inf" if bound == float("inf") else repr(bound)
                lines.append(f'mlops_predict_latency_seconds_bucket{{model="{m}",arm="{a}",le="{le}"}} {total}')
            lines.append(f'mlops_predict_latency_seconds_sum{{model="{m}",arm="{a}"}} {self.sums[(m, a)]:.6f}')
            lines.append(f'mlops_predict_latency_seconds_count{{model="{m}",arm="{a}"}} {total}')
        lines += [
            "# HELP mlops_predict_batches_total predict() calls after micro-batching, per model and arm.",
            "# TYPE mlops_predict_batches_total counter",
            *(f'mlops_predict_batches_total{{model="{m}",arm="{a}"}} {calls}' for (m, a), (calls, _) in sorted(batches.items())),
            "# HELP mlops_prediction_log_rows_total Prediction log rows written (outcome=written) or lost (failed).",
            "# TYPE mlops_prediction_log_rows_total counter",
            f'mlops_prediction_log_rows_total{{outcome="written"}} {log_written}',
            f'mlops_prediction_log_rows_total{{outcome="failed"}} {log_failed}',
            "# HELP mlops_prediction_log_pending Entries waiting to be written.",
            "# TYPE mlops_prediction_log_pending gauge",
            f"mlops_prediction_log_pending {log_pending}",
        ]
        return "\n".join(lines) + "\n"
