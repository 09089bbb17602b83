"""Liveness and readiness probes for load balancers and orchestrators, and the worker's health."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aduan.notifications.queries import DeliveryHealth, delivery_health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering."""
    return JsonResponse({"status": "ok"})


def _deliveries(health: DeliveryHealth) -> dict[str, Any]:
    """Counts and ages only: these probes are public, so no worker or host names."""
    last = health.last_beat_seconds
    return {
        "outbox": {
            "pending": health.pending,
            "sending": health.sending,
            "failed": health.failed,
            "oldest_pending_seconds": round(health.oldest_pending_seconds),
        },
        "worker": {
            "live": health.live_workers,
            "last_heartbeat_seconds": None if last is None else round(last),
        },
        "problems": health.problems,
    }


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """The database answers and every migration is applied; also the outbox and its workers.

    Only the first two decide readiness: a stopped worker must not take the web out of the load
    balancer (reports are still taken and their messages wait); /healthz/worker says that.
    """
    checks: dict[str, str] = {}
    body: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else f"{len(pending)} pending"
        if not pending:
            body = _deliveries(delivery_health())
    except DatabaseError as exc:
        checks["database"] = f"unreachable: {exc.__class__.__name__}"
    ready = all(value == "ok" for value in checks.values()) and "migrations" in checks
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks, **body},
        status=200 if ready else 503,
    )


@never_cache
@require_GET
def worker_health(request: HttpRequest) -> JsonResponse:
    """503 when no worker reports in while messages wait, or the oldest due one waits too long."""
    try:
        body = _deliveries(delivery_health())
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "unavailable", "problems": [f"database unreachable: {type(exc).__name__}"]},
            status=503,
        )
    ok = not body["problems"]
    return JsonResponse({"status": "ok" if ok else "failing", **body}, status=200 if ok else 503)
