"""The console's navigation per role, with the bounded count of each queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from aduan.accounts.models import Role
from aduan.complaints.access import scope_of
from aduan.complaints.queues import COUNT_LIMIT, bounded_count, queue_queryset, queues_for


@dataclass(frozen=True)
class QueueLink:
    slug: str
    label: str
    url: str
    count: int

    @property
    def count_label(self) -> str:
        return f"{COUNT_LIMIT}+" if self.count > COUNT_LIMIT else str(self.count)


def _maybe(name: str) -> str:
    """Links to pages other parts of the console provide, when they are installed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def queue_links(user: Any) -> list[QueueLink]:
    links = []
    for queue in queues_for(user):
        count = bounded_count(queue_queryset(user, queue)) if queue.slug != "semua" else -1
        links.append(
            QueueLink(
                queue.slug,
                str(queue.label),
                reverse("staff:queue", args=[queue.slug]),
                count,
            )
        )
    return links


def menu(user: Any) -> list[tuple[str, str]]:
    scope = scope_of(user)
    items: list[tuple[str, str]] = [(_("Antrean"), reverse("staff:home"))]
    if Role.VERIFIER in scope.roles:
        items.append((_("Catat aduan"), reverse("staff:intake")))
    for label, name in [
        (_("Laporan"), "staff:reports"),
        (_("Pemberitahuan"), "staff:notifications"),
        (_("Piket"), "staff:duty"),
        (_("Token API"), "staff:tokens"),
    ]:
        url = _maybe(name)
        if url:
            items.append((label, url))
    if {Role.ADMINISTRATOR, Role.VERIFIER} & scope.roles:
        items.append((_("Pengiriman pesan"), reverse("staff:deliveries")))
    if Role.DPO in scope.roles:
        items.append((_("Pelindungan data"), reverse("staff:privacy")))
    if Role.ADMINISTRATOR in scope.roles and getattr(user, "is_staff", False):
        items.append((_("Administrasi"), reverse("admin:index")))
    return items
