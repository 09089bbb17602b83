"""The admin's changes in the audit chain: the mixin every editable ModelAdmin uses.

Roles and the identity permission, routing rules, deadline rules, holidays, categories, agencies,
the score formula: an administrator's add, change or delete (inline rows and list edits included)
appends an entry with who did it, the values before and after, and the client's address. Values
that are personal data (a person's name, email, password hash) enter the chain only as a keyed
fingerprint, which shows that and when they changed; encrypted identity never enters it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import BaseModelForm
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest

from aduan.audit.log import plain, record
from aduan.lib.crypto import BlindIndexField, EncryptedTextField, blind_index
from aduan.lib.ratelimit import client_ip

# Per model: fields whose values are personal data, kept in the chain as fingerprints only.
PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    "accounts.user": frozenset({"password", "first_name", "last_name", "email", "display_name"}),
}
_BEFORE = "_aduan_audit_before"


def _fingerprint(value: Any) -> str:
    return "hmac:" + blind_index("admin-audit", str(value), str)[:16] if value else ""


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The values an entry records of an object: its columns (foreign keys by id) and its
    many-to-many links (sorted ids), personal data as fingerprints, encrypted identity left out."""
    personal = PERSONAL_FIELDS.get(obj._meta.label_lower, frozenset())
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or isinstance(field, EncryptedTextField | BlindIndexField):
            continue
        value = field.value_from_object(obj)
        values[field.attname] = _fingerprint(value) if field.name in personal else plain(value)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            linked = getattr(obj, m2m.name).values_list("pk", flat=True)
            values[m2m.name] = sorted(plain(pk) for pk in linked)
    return values


def _stored(obj: models.Model) -> dict[str, Any]:
    """The object as the database holds it now, before the admin's save."""
    current = type(obj)._default_manager.filter(pk=obj.pk).first()
    return snapshot(current) if current is not None else {}


def record_change(
    request: HttpRequest,
    verb: str,
    obj: models.Model,
    before: dict[str, Any],
    after: dict[str, Any],
    object_id: Any = None,
) -> None:
    """One entry: what changed (only the values that differ), by whom, from where."""
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    if verb == "change" and not changed:
        return  # saved without a change: nothing happened
    record(
        actor=request.user,
        action=f"admin.{verb}",
        object_type=obj._meta.label_lower,
        object_id=object_id if object_id is not None else obj.pk,
        before={k: before[k] for k in sorted(changed) if k in before},
        after={k: after[k] for k in sorted(changed) if k in after},
        ip=client_ip(request),
    )


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every add, change and delete is in the audit chain."""

    def save_model(self, request: HttpRequest, obj: Any, form: BaseModelForm, change: bool) -> None:
        # Many-to-many links are saved later (save_related), so the entry is written there.
        setattr(request, _BEFORE, _stored(obj) if change else {})
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: BaseModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        before = getattr(request, _BEFORE, {})
        obj = form.instance
        record_change(request, "change" if change else "add", obj, before, snapshot(obj))

    def save_formset(
        self, request: HttpRequest, form: BaseModelForm, formset: BaseModelFormSet, change: bool
    ) -> None:
        """Inline rows (a user's roles, an agency's units): one entry per row added, changed or
        deleted, after the formset is saved."""
        stored = {
            id(f.instance): (f.instance.pk, _stored(f.instance))
            for f in formset.initial_forms
            if f.instance.pk is not None
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_change(request, "add", obj, {}, snapshot(obj))
        for obj, _fields in formset.changed_objects:
            record_change(request, "change", obj, stored[id(obj)][1], snapshot(obj))
        for obj in formset.deleted_objects:
            pk, before = stored[id(obj)]
            record_change(request, "delete", obj, before, {}, object_id=pk)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        pk, before = obj.pk, snapshot(obj)
        super().delete_model(request, obj)
        record_change(request, "delete", obj, before, {}, object_id=pk)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        rows = [(obj, obj.pk, snapshot(obj)) for obj in queryset]
        super().delete_queryset(request, queryset)
        for obj, pk, before in rows:
            record_change(request, "delete", obj, before, {}, object_id=pk)
