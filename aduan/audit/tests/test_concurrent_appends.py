"""Many writers at once still produce one linear chain (the head row is locked while appending)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from aduan.audit.log import record, verify_chain
from aduan.audit.models import AuditEntry, AuditHead


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_the_chain_linear() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real row locks between connections")
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(15):
                with transaction.atomic():
                    record(actor=f"writer{n}", action="test.parallel", after={"i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEntry.objects.count() == 60
    assert AuditHead.objects.get(id=1).count == 60
    assert verify_chain()[0] is True
