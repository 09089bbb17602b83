"""manage.py rotate_keys: old keys keep decrypting; the command moves every value to the current key."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from aduan.complaints import actions
from aduan.complaints.models import Reporter
from aduan.lib.crypto import blind_lookup
from aduan.lib.keyring import DEV_BLIND_INDEX_KEY, DEV_ENCRYPTION_KEY
from aduan.notifications.models import Outbox
from aduan.testing import City, submit

NEW_KEY = os.urandom(32)


def _key_ids(table: str, column: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
        return {row[0].split(":")[1] for row in cursor.fetchall()}


def _submit_two(city: City) -> None:
    submit(city)
    submit(
        city,
        reporter=actions.ReporterDetails(
            name="Budi", phone="0857 1000 2000", email="b@example.test"
        ),
    )


def test_an_old_key_still_decrypts_after_a_new_key_is_added(city: City, settings: object) -> None:
    _submit_two(city)
    settings.ADUAN_ENCRYPTION_KEYS = {"k2": NEW_KEY, "dev": DEV_ENCRYPTION_KEY}  # type: ignore[attr-defined]

    names = sorted(r.name for r in Reporter.objects.all())

    assert names == ["Budi", "Siti Aminah"]


def test_rotate_keys_moves_every_value_to_the_current_key(city: City, settings: object) -> None:
    _submit_two(city)
    settings.ADUAN_ENCRYPTION_KEYS = {"k2": NEW_KEY, "dev": DEV_ENCRYPTION_KEY}  # type: ignore[attr-defined]
    out = StringIO()

    call_command("rotate_keys", "--batch-size", "1", stdout=out)

    assert _key_ids("complaints_reporter", "name") == {"k2"}
    assert _key_ids("notifications_outbox", "recipient") == {"k2"}
    assert "values re-encrypted" in out.getvalue()
    settings.ADUAN_ENCRYPTION_KEYS = {"k2": NEW_KEY}  # type: ignore[attr-defined]
    assert sorted(r.name for r in Reporter.objects.all()) == ["Budi", "Siti Aminah"]
    assert {o.recipient for o in Outbox.objects.exclude(recipient="")} >= {"b@example.test"}


def test_a_second_rotation_changes_nothing(city: City, settings: object) -> None:
    _submit_two(city)
    settings.ADUAN_ENCRYPTION_KEYS = {"k2": NEW_KEY, "dev": DEV_ENCRYPTION_KEY}  # type: ignore[attr-defined]
    call_command("rotate_keys", stdout=StringIO())
    out = StringIO()

    call_command("rotate_keys", stdout=out)

    assert "0 values re-encrypted, 0 blind indexes recomputed" in out.getvalue()


def test_rotate_keys_recomputes_blind_indexes_for_a_new_index_key(
    city: City, settings: object
) -> None:
    _submit_two(city)
    settings.ADUAN_BLIND_INDEX_KEY = os.urandom(32)  # type: ignore[attr-defined]
    settings.ADUAN_BLIND_INDEX_PREVIOUS_KEY = DEV_BLIND_INDEX_KEY  # type: ignore[attr-defined]
    # During the rotation window lookups still work through the previous key.
    assert Reporter.objects.filter(blind_lookup(Reporter, "phone", "085710002000")).count() == 1

    call_command("rotate_keys", stdout=StringIO())

    settings.ADUAN_BLIND_INDEX_PREVIOUS_KEY = None  # type: ignore[attr-defined]
    assert Reporter.objects.filter(blind_lookup(Reporter, "phone", "085710002000")).count() == 1
    assert Reporter.objects.filter(blind_lookup(Reporter, "email", "B@example.test")).count() == 1


def test_rotate_keys_stops_with_a_clear_message_when_an_old_key_is_missing(
    city: City, settings: object
) -> None:
    _submit_two(city)
    settings.ADUAN_ENCRYPTION_KEYS = {"k2": NEW_KEY}  # type: ignore[attr-defined]

    with pytest.raises(CommandError, match="not in ADUAN_ENCRYPTION_KEYS"):
        call_command("rotate_keys", stdout=StringIO())
