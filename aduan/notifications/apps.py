"""The notifications app: outbox, channels, the worker and its jobs."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class NotificationsConfig(AppConfig):
    name = "aduan.notifications"

    def ready(self) -> None:
        from aduan.agencies.models import DeadlineRule, Holiday
        from aduan.complaints.deadlines import clear_display_cache

        # Countdowns on pages cache rules and holidays for a minute; an edit in this process
        # shows at once (other processes catch up within the minute).
        for model in (DeadlineRule, Holiday):
            post_save.connect(clear_display_cache, sender=model, weak=False)
            post_delete.connect(clear_display_cache, sender=model, weak=False)
