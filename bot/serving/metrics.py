"""Request, error and latency metrics per model and arm, by `prometheus_client`, on a registry per service (so two
services in one process, as in the tests, never share counts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics, generate_latest, values
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
disable_created_metrics()  # a `_created` series per label set doubles the page and no dashboard here reads it
# In-process values, whatever the environment says: importing feast (MLflow loads its request-header plugin on the
# first call to a tracking server) sets PROMETHEUS_MULTIPROC_DIR, which would turn every counter made after it into
# a file shared by all registries of the process. This service counts per registry and never pre-forks.
values.ValueClass = values.MutexValue


class Figures:
    """What the service counts elsewhere, read at scrape time: micro-batches per arm and the prediction log."""

    def __init__(self, batches: Callable[[], dict[tuple[str, str], int]], written: Callable[[], int],
                 failed: Callable[[], int], pending: Callable[[], int]) -> None:
        self.batches, self.written, self.failed, self.pending = batches, written, failed, pending


class _Scraped(Collector):
    def __init__(self, figures: Figures) -> None:
        self.figures = figures

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        batches = CounterMetricFamily("mlops_predict_batches", "predict() calls after micro-batching, per model and "
                                      "arm.", labels=["model", "arm"])
        for (model, arm), calls in sorted(self.figures.batches().items()):
            batches.add_metric([model, arm], calls)
        log = CounterMetricFamily("mlops_prediction_log_rows", "Prediction log rows written (outcome=written) or "
                                  "lost (failed).", labels=["outcome"])
        log.add_metric(["written"], self.figures.written())
        log.add_metric(["failed"], self.figures.failed())
        pending = GaugeMetricFamily("mlops_prediction_log_pending", "Entries waiting to be written.",
                                    value=self.figures.pending())
        yield from (batches, log, pending)


class Metrics:
    def __init__(self, figures: Figures | None = None) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("mlops_predict_requests", "Requests answered, per model and arm.",
                                ["model", "arm"], registry=self.registry)
        self.rows = Counter("mlops_predict_rows", "Rows scored, per model and arm.", ["model", "arm"],
                            registry=self.registry)
        self.errors = Counter("mlops_predict_errors", "Requests refused or failed, per model and HTTP status.",
                              ["model", "code"], registry=self.registry)
        self.latency = Histogram("mlops_predict_latency_seconds", "Time from request to answer, per model and arm.",
                                 ["model", "arm"], buckets=BUCKETS, registry=self.registry)
        if figures is not None:
            self.registry.register(_Scraped(figures))

    def observe(self, model: str, arm: str, seconds: float, rows: int) -> None:
        self.requests.labels(model, arm).inc()
        self.rows.labels(model, arm).inc(rows)
        self.latency.labels(model, arm).observe(seconds)

    def error(self, model: str, status: int) -> None:
        self.errors.labels(model, str(status)).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
