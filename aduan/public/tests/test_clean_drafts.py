"""Photos of abandoned reports are deleted once no session can reach them."""

from __future__ import annotations

import os
import time
from io import StringIO
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from aduan.public.tests.conftest import fill_report, send, upload
from aduan.testing import City

pytestmark = pytest.mark.django_db


def test_it_deletes_old_draft_photos_and_keeps_recent_ones(db: None) -> None:
    old = default_storage.save("draft/old.jpg", ContentFile(b"x"))
    new = default_storage.save("draft/new.jpg", ContentFile(b"y"))
    month_ago = time.time() - 30 * 86400
    os.utime(default_storage.path(old), (month_ago, month_ago))
    out = StringIO()
    call_command("clean_drafts", stdout=out)
    assert not default_storage.exists(old)
    assert default_storage.exists(new)
    assert "Deleted 1 abandoned draft photo file(s)." in out.getvalue()


def test_it_is_quiet_when_there_are_no_drafts(db: None) -> None:
    out = StringIO()
    call_command("clean_drafts", stdout=out)
    assert "Deleted 0" in out.getvalue()


def test_sending_a_report_removes_its_draft_photos(client: Any, city: City) -> None:
    fill_report(client, city)
    client.post("/aduan/baru/foto/", {"photos": [upload()]})
    _dirs, before = default_storage.listdir("draft")
    assert len(before) == 2  # the photo and its thumbnail
    send(client)
    _dirs, after = default_storage.listdir("draft")
    assert after == []
