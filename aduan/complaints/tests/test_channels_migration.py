"""Migration 0009: today's channel list becomes rows of the channel table; existing complaints keep
their stored code, now checked against the table (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from aduan.complaints.channels import Channel
from aduan.complaints.models import Complaint
from aduan.complaints.search import ensure_sqlite_index

BEFORE = [("complaints", "0008_publishing")]
AFTER = [("complaints", "0009_channels")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.fixture
def at_0008() -> Iterator[MigrationExecutor]:
    executor = _migrate(BEFORE)
    yield executor
    _migrate(executor.loader.graph.leaf_nodes())
    ensure_sqlite_index(connection)


def test_existing_complaints_keep_their_channel_and_read_its_name(
    at_0008: MigrationExecutor,
) -> None:
    old = at_0008.loader.project_state(BEFORE).apps
    category = old.get_model("agencies", "Category").objects.create(
        slug="sampah", name="Sampah", group="Lingkungan", default_classification="complaint"
    )
    Old = old.get_model("complaints", "Complaint")
    common = {"category": category, "classification": "complaint", "created_at": timezone.now()}
    codes = {"ADU-AAA-AAA-AAA": "whatsapp", "ADU-BBB-BBB-BBB": "lapor", "ADU-CCC-CCC-CCC": "web"}
    for code, channel in codes.items():
        Old.objects.create(
            tracking_code=code, title="t", description="d", channel=channel, **common
        )
    # A code written by hand some day, not in the list: it is kept, on a switched-off row.
    Old.objects.create(
        tracking_code="ADU-DDD-DDD-DDD", title="t", description="d", channel="faks", **common
    )

    _migrate(AFTER)
    _migrate(at_0008.loader.graph.leaf_nodes())

    names = dict(Complaint.objects.values_list("tracking_code", "channel__name"))
    assert names == {
        "ADU-AAA-AAA-AAA": "WhatsApp",
        "ADU-BBB-BBB-BBB": "SP4N-LAPOR!",
        "ADU-CCC-CCC-CCC": "Situs web",
        "ADU-DDD-DDD-DDD": "faks",
    }
    assert Complaint.objects.get(tracking_code="ADU-DDD-DDD-DDD").channel.is_active is False
    assert set(Channel.objects.filter(is_active=True).values_list("code", flat=True)) == {
        "web",
        "whatsapp",
        "sms",
        "email",
        "phone",
        "social",
        "walk_in",
        "letter",
        "lapor",
        "api",
    }


def test_the_table_refuses_a_code_that_is_not_a_channel(at_0008: MigrationExecutor) -> None:
    _migrate(at_0008.loader.graph.leaf_nodes())
    from aduan.agencies.models import Category

    category = Category.objects.create(slug="s", name="S", default_classification="complaint")
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.create(
            tracking_code="ADU-EEE-EEE-EEE",
            title="t",
            description="d",
            category=category,
            classification="complaint",
            channel_id="tidak-ada",
        )
