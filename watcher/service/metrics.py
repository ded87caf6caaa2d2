"""Prometheus metrics of one service process, on a registry of its own."""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from watcher.store.outbox import STATUSES
from watcher.types import CheckResult

__all__ = ["CONTENT_TYPE_LATEST", "ServiceMetrics"]

_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class ServiceMetrics:
    """Checks by outcome, check latency, queue lag, alerts by status, and the claim loop."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.checks = Counter("watcher_checks", "Checks by this process, by outcome", ["outcome"], registry=r)
        self.check_seconds = Histogram(
            "watcher_check_duration_seconds", "One check's fetch time", buckets=_LATENCY_BUCKETS, registry=r
        )
        self.queue_lag = Gauge(
            "watcher_queue_lag_seconds", "Now minus when the longest-waiting due watch fell due", registry=r
        )
        self.alerts = Gauge("watcher_alerts", "Alerts in the outbox, by status", ["status"], registry=r)
        self.in_flight = Gauge("watcher_checks_in_flight", "Watches claimed and not yet written", registry=r)
        self.claimed = Counter("watcher_watches_claimed", "Watches leased by this process", registry=r)
        self.stopped = Counter(
            "watcher_watches_stopped", "Watches that stopped by themselves, by reason", ["reason"], registry=r
        )
        self.claim_seconds = Histogram(
            "watcher_claim_duration_seconds",
            "Time of one claim of due watches",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
            registry=r,
        )
        for outcome in ("new", "changed", "unchanged", "not_modified", "held", "error", "not_stored"):
            self.checks.labels(outcome)

    def observe_check(self, result: CheckResult) -> None:
        self.checks.labels(result.outcome).inc()
        self.check_seconds.observe(max(result.duration_ms, 0.0) / 1000)

    def set_alerts(self, counts: dict[str, int]) -> None:
        for status in set(counts) | set(STATUSES):  # (a status gone from the outbox reads 0, "dead" too)
            self.alerts.labels(status).set(counts.get(status, 0))

    def render(self) -> bytes:
        return generate_latest(self.registry)
