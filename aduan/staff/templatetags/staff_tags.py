"""Template helpers of the staff console: the menu, and the deadline label of a complaint."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.staff.nav import menu

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_menu(context: Any) -> list[tuple[str, str]]:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return menu(request.user)


@register.filter
def time_left(due: Any) -> str:
    """'sisa 2 hari' / 'lewat 5 jam', in whole days when more than a day."""
    if not due:
        return ""
    delta = due - timezone.now()
    seconds = abs(delta.total_seconds())
    amount = (
        _("%(n)d hari") % {"n": seconds // 86400}
        if seconds >= 86400
        else _("%(n)d jam") % {"n": max(1, seconds // 3600)}
    )
    if delta.total_seconds() < 0:
        return _("lewat %(amount)s") % {"amount": amount}
    return _("sisa %(amount)s") % {"amount": amount}


@register.simple_tag
def staff_logout_url() -> str:
    """The sign-out address when the sign-in pages are installed (sign-out is a POST form)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("staff:logout")
    except NoReverseMatch:
        return ""
