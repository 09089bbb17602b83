"""Migration 0007: channel references and original messages already stored in plaintext on complaints
are moved to their reporter record and encrypted; going back restores them (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from aduan.complaints.models import Complaint, Follower
from aduan.complaints.search import ensure_sqlite_index
from aduan.lib.crypto import looks_encrypted

BEFORE = [("complaints", "0006_queue_covering_indexes")]
AFTER = [("complaints", "0007_channel_reference_and_original_message_are_identity")]
REFERENCE = "WA dari +62 857 9090 1212"
MESSAGE = "Saya Dewi Anggraini Contoh, sampah di ujung gang belum diangkut."

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.fixture
def at_0006() -> Iterator[MigrationExecutor]:
    executor = _migrate(BEFORE)
    yield executor
    # Leave the database as every other test expects it.
    _migrate(executor.loader.graph.leaf_nodes())
    ensure_sqlite_index(connection)


def _raw(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def test_plaintext_already_stored_is_moved_to_the_reporter_and_encrypted(
    at_0006: MigrationExecutor,
) -> None:
    old = at_0006.loader.project_state(BEFORE).apps
    category = old.get_model("agencies", "Category").objects.create(
        slug="sampah", name="Sampah", group="Lingkungan", default_classification="complaint"
    )
    reporter = old.get_model("complaints", "Reporter").objects.create(name="Dewi Anggraini")
    Old = old.get_model("complaints", "Complaint")
    now = timezone.now()
    common = {"category": category, "classification": "complaint", "created_at": now}
    with_reporter = Old.objects.create(
        tracking_code="ADU-AAA-AAA-AAA",
        title="Sampah belum diangkut",
        description="Di ujung gang.",
        channel="whatsapp",
        channel_reference=REFERENCE,
        original_message=MESSAGE,
        reporter=reporter,
        **common,
    )
    without_reporter = Old.objects.create(
        tracking_code="ADU-BBB-BBB-BBB",
        title="Surat warga",
        description="Permohonan perbaikan saluran.",
        channel="letter",
        channel_reference="Surat No. 045/912/RT-07",
        **common,
    )
    untouched = Old.objects.create(
        tracking_code="ADU-CCC-CCC-CCC", title="Web", description="Dari situs.", **common
    )

    _migrate(AFTER)
    # And the app's later migrations, so that today's models below can read the rows back.
    _migrate(at_0006.loader.graph.leaf_nodes())

    stored = _raw(
        "SELECT channel_reference, original_message FROM complaints_reporter ORDER BY id", []
    )
    assert len(stored) == 2
    assert all(looks_encrypted(str(value)) for value in stored[0])
    assert looks_encrypted(str(stored[1][0])) and stored[1][1] == ""
    first = Complaint.objects.get(pk=with_reporter.pk)
    assert first.reporter is not None and first.reporter.pk == reporter.pk
    assert (first.reporter.channel_reference, first.reporter.original_message) == (
        REFERENCE,
        MESSAGE,
    )
    assert first.reporter.name == "Dewi Anggraini"
    second = Complaint.objects.get(pk=without_reporter.pk)
    assert second.reporter is not None
    assert second.reporter.channel_reference == "Surat No. 045/912/RT-07"
    assert Follower.objects.filter(complaint=second, reporter=second.reporter).exists()
    assert Complaint.objects.get(pk=untouched.pk).reporter_id is None

    _migrate(BEFORE)

    assert _raw(
        "SELECT channel_reference, original_message FROM complaints_complaint WHERE id = %s",
        [with_reporter.pk],
    ) == [(REFERENCE, MESSAGE)]
