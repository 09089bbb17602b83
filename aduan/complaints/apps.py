from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_search_index(using: str = "default", **kwargs: Any) -> None:
    # SQLite table rebuilds in later migrations drop the full-text triggers; put them back.
    from django.db import connections

    from aduan.complaints.search import ensure_sqlite_index

    ensure_sqlite_index(connections[using])


class ComplaintsConfig(AppConfig):
    name = "aduan.complaints"

    def ready(self) -> None:
        post_migrate.connect(_repair_search_index, sender=self)
