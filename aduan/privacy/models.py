"""Personal-data duties (UU 27/2022): consent records; the security work adds requests and breaches."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Consent(models.Model):
    """The reporter agreed to a version of the privacy notice, at a time, through a channel."""

    reporter = models.ForeignKey(
        "complaints.Reporter", on_delete=models.CASCADE, related_name="consents"
    )
    notice_version = models.CharField(_("versi pemberitahuan"), max_length=20)
    channel = models.CharField(_("kanal"), max_length=10)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
