"""Outbox rows (one message to one recipient), their delivery attempts, and in-app notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.lib.crypto import EncryptedTextField


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    INAPP = "inapp", _("Dalam aplikasi")


class OutboxQuerySet(models.QuerySet["Outbox"]):
    def due(self, now: object = None) -> OutboxQuerySet:
        now = now or timezone.now()
        return self.filter(status=Outbox.Status.PENDING, next_attempt_at__lte=now)

    def failed(self) -> OutboxQuerySet:
        return self.filter(status=Outbox.Status.FAILED)

    def stuck(self, before: object) -> OutboxQuerySet:
        """Held by a worker whose lease ran out (killed mid-send, most likely)."""
        return self.filter(status=Outbox.Status.SENDING, claimed_at__lt=before)

    def backlog(self) -> OutboxQuerySet:
        """Not delivered yet: waiting for a worker, for a retry, or on its way."""
        return self.filter(status__in=(Outbox.Status.PENDING, Outbox.Status.SENDING))


class Outbox(models.Model):
    """A message to deliver, written in the same transaction as the change that caused it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")
        SKIPPED = "skipped", _("Tidak dikirim (berhenti berlangganan)")

    channel = models.CharField(max_length=10, choices=ChannelKind.choices)
    template = models.CharField(max_length=60)
    # An email address or phone number: personal data, encrypted at rest (aduan/lib/crypto.py).
    recipient = EncryptedTextField(max_length=255, blank=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox",
    )
    context = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=5, default="id")
    # Stable per message: the channel call passes it on where the channel allows de-duplication.
    idempotency_key = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The lease: which worker holds the row and since when. The worker renews it just before it
    # sends (aduan/notifications/worker.py), so only a lease older than the reclaim time is free.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    # Temporary failures are retried until then (set at the first one; ADUAN_NOTIFY_RETRY_HOURS).
    retry_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_pending",
                condition=Q(status="pending"),
            ),
            models.Index(
                fields=["claimed_at"], name="outbox_sending", condition=Q(status="sending")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.template} #{self.pk}"


class DeliveryAttempt(models.Model):
    """One try at delivering an outbox row: written as the send starts, finished when it ends.

    An attempt with no `finished_at` whose row is no longer `sending` was cut off (its worker died
    mid-send); the worker that takes the row back closes it with that reason.
    """

    outbox = models.ForeignKey(Outbox, on_delete=models.CASCADE, related_name="delivery_attempts")
    worker = models.CharField(max_length=80)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(default=False)
    error = models.CharField(max_length=500, blank=True)


class Notification(models.Model):
    """An in-app message for a staff member."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.CASCADE
    )
    # The outbox row's idempotency key: delivering the same row twice creates one notification.
    key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]


class JobRun(models.Model):
    """When each periodic job last ran; locked while running so only one worker runs it.

    `held_at` is set when the clock moved further than ADUAN_JOB_CLOCK_JUMP_DAYS since the job's
    last run: an irreversible job then waits for an operator's `manage.py confirm_clock`.
    """

    name = models.CharField(max_length=60, primary_key=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_slot = models.CharField(max_length=40, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)


class JobSlot(models.Model):
    """One slot a job has run for (a date and time): each runs once, whatever the clock does."""

    job = models.CharField(max_length=60)
    slot = models.CharField(max_length=40)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="job_slot_once"),
        ]
        indexes = [models.Index(fields=["job", "taken_at"], name="job_slot_taken")]


class WorkerHeartbeat(models.Model):
    """A worker's sign of life and its delivery counts, one row per worker name (host and slot).

    The name survives restarts, so the counts are totals since the name first ran; a worker
    writes them at most every few seconds, so a killed worker loses only its last few.
    """

    name = models.CharField(max_length=80, primary_key=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveBigIntegerField(default=0)
    failed_attempts = models.PositiveBigIntegerField(default=0)
    failed = models.PositiveBigIntegerField(default=0)
    recovered = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("detak pekerja")
        verbose_name_plural = _("detak pekerja")

    def __str__(self) -> str:
        return self.name
