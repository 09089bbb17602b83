from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_search_index(using: str = "default", **kwargs: Any) -> None:
    # SQLite table rebuilds in later migrations drop the full-text triggers; put them back.
    from django.db import connections

    from aduan.complaints.search import ensure_sqlite_index

    ensure_sqlite_index(connections[using])


def _initial_channels(using: str = "default", **kwargs: Any) -> None:
    # A database emptied by `flush` (as transactional tests do) gets the initial channels back, as
    # migration 0009 wrote them; a table with any row is the administrator's and stays as it is.
    from aduan.complaints.channels import INITIAL, Channel

    if Channel.objects.using(using).exists():
        return
    Channel.objects.using(using).bulk_create(
        Channel(code=code, name=name, kind=kind, usually_geotagged=geo, position=10 * i)
        for i, (code, name, kind, geo) in enumerate(INITIAL, start=1)
    )


class ComplaintsConfig(AppConfig):
    name = "aduan.complaints"

    def ready(self) -> None:
        post_migrate.connect(_repair_search_index, sender=self)
        post_migrate.connect(_initial_channels, sender=self)
