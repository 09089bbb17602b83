"""Template filters for a complaint's deadline: `{{ c|time_left }}` and `{{ c|deadline_state }}`."""

from __future__ import annotations

from django import template

from aduan.complaints.deadlines import countdown
from aduan.complaints.models import Complaint

register = template.Library()


@register.filter
def time_left(complaint: Complaint) -> str:
    """ "Sisa 3 hari kerja", "Terlambat 2 jam", "Jeda: menunggu jawaban pelapor", or ""."""
    found = countdown(complaint)
    return found.label if found else ""


@register.filter
def deadline_state(complaint: Complaint) -> str:
    """One of paused, overdue, due_soon, on_track (for a CSS class), or ""."""
    found = countdown(complaint)
    return found.state if found else ""
