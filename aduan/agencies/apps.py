"""The agencies app: after every migrate or flush, a database without deadline rules gets the defaults."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def restore_default_deadlines(
    sender: AppConfig, using: str = "default", apps: Any = global_apps, **kwargs: Any
) -> None:
    """DESIGN §3's time limits for a database with no deadline rule at all.

    The rows are written by a data migration; `flush` (and every transactional test, which
    flushes when it ends) removes them, and a complaint without a deadline is never escalated.
    A database whose rules an administrator has edited keeps them as they are.
    """
    try:
        rule = apps.get_model("agencies", "DeadlineRule")
    except LookupError:
        return  # migrated back to before the table existed
    if rule.objects.using(using).exists():
        return
    import_module("aduan.agencies.migrations.0002_default_deadlines").create(apps, None)


class AgenciesConfig(AppConfig):
    name = "aduan.agencies"

    def ready(self) -> None:
        post_migrate.connect(restore_default_deadlines, sender=self)
