"""An agency's overdue queue can be answered from the partial index built for it (PostgreSQL).

With a handful of rows the planner would rather scan the table, so table scans are switched off
for the check: what it proves is that the query implies the index's condition, which silently
stops being true if the open statuses change on one side only. Timings: docs/performance.md.
"""

from __future__ import annotations

import pytest
from django.db import connection

from aduan.complaints import queues
from aduan.testing import City

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads PostgreSQL's query plans"
)


def _plan(qs: object) -> str:
    sql, params = qs.query.sql_with_params()  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_an_agencys_overdue_queue_reads_the_open_due_index(city: City) -> None:
    overdue = queues.QUEUES["terlambat"]
    ids = queues.ordered(queues.queue_queryset(city.officer_a, overdue), overdue).values("pk")
    plan = _plan(ids[:26])
    assert "complaint_open_due" in plan, plan
