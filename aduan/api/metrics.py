"""The Prometheus metrics endpoint (/metrics, bearer token) and the request counters behind it.

Request counts and latencies are counted in each web process; under gunicorn set
PROMETHEUS_MULTIPROC_DIR so every process writes them to that directory and a scrape sums them
(docs/operations.md). Outbox, worker and escalation figures are read from the database at scrape
time, so they are the same whichever process answers. See docs/decisions/0010-metrics.md.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "aduan_http_requests", "Requests answered, by route and status.", ["method", "route", "status"]
)
LATENCY = Histogram(
    "aduan_http_request_duration_seconds",
    "Time to answer a request, by route.",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class RequestMetricsMiddleware:
    """Counts every request and its latency, labelled by URL pattern (never by the raw path)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.route or match.view_name) if match is not None else "(unmatched)"
        LATENCY.labels(route).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method or "", route, str(response.status_code)).inc()
        return response


class DeliveryCollector(Collector):
    """Outbox backlog, worker heartbeats and totals, and escalated complaints, read at scrape."""

    def collect(self) -> Iterator[Any]:
        from aduan.complaints.models import Complaint
        from aduan.complaints.states import FINAL
        from aduan.notifications.models import WorkerHeartbeat
        from aduan.notifications.queries import delivery_health

        health = delivery_health()
        outbox = GaugeMetricFamily(
            "aduan_outbox_messages", "Messages not delivered yet, or given up.", labels=["status"]
        )
        for status, value in (
            ("pending", health.pending),
            ("sending", health.sending),
            ("failed", health.failed),
        ):
            outbox.add_metric([status], value)
        yield outbox
        yield GaugeMetricFamily(
            "aduan_outbox_oldest_due_seconds",
            "How long the oldest message that is due has waited for a worker.",
            value=health.oldest_pending_seconds,
        )
        beat = GaugeMetricFamily(
            "aduan_worker_heartbeat_age_seconds",
            "Seconds since each worker last reported.",
            labels=["worker"],
        )
        up = GaugeMetricFamily(
            "aduan_worker_up",
            "1 while a worker has reported within ADUAN_WORKER_STALE_SECONDS.",
            labels=["worker"],
        )
        for w in health.workers:
            beat.add_metric([w.name], w.age_seconds)
            up.add_metric([w.name], 0 if w.stale else 1)
        yield beat
        yield up
        totals = {
            "sent": ("aduan_deliveries", "Messages delivered."),
            "failed_attempts": ("aduan_delivery_failures", "Delivery attempts that failed."),
            "failed": ("aduan_messages_failed", "Messages given up on (marked failed)."),
            "recovered": (
                "aduan_outbox_recovered",
                "Rows a restarted worker took back from its killed predecessor.",
            ),
        }
        families = {
            field: CounterMetricFamily(name, text, labels=["worker"])
            for field, (name, text) in totals.items()
        }
        for row in WorkerHeartbeat.objects.order_by("name").values("name", *totals):
            for field, family in families.items():
                family.add_metric([row["name"]], row[field])
        yield from families.values()
        escalated = GaugeMetricFamily(
            "aduan_escalated_complaints",
            "Open complaints by the highest escalation rung they reached in their current step.",
            labels=["rung"],
        )
        rows = (
            Complaint.objects.exclude(status__in=FINAL)
            .filter(escalation_level__gt=0)
            .values_list("escalation_level")
            .annotate(n=Count("id"))
            .values_list("escalation_level", "n")
        )
        for rung, count in sorted(rows):
            escalated.add_metric([str(rung)], count)
        yield escalated


def _authorised(request: HttpRequest) -> bool:
    expected = settings.ADUAN_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for a scraper holding ADUAN_METRICS_TOKEN; 404 when it is unset."""
    if not settings.ADUAN_METRICS_TOKEN:
        raise Http404
    if not _authorised(request):
        response = HttpResponse("unauthorised\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    database = CollectorRegistry()
    database.register(DeliveryCollector())
    body = generate_latest(requests) + generate_latest(database)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
