"""Re-encrypting every encrypted value with the current key and recomputing every blind index."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction

from aduan.lib.crypto import BlindIndexField, EncryptedTextField, Sealed, current_key_id


@dataclass
class RotationResult:
    rows_seen: int = 0
    values_reencrypted: int = 0
    indexes_recomputed: int = 0
    per_model: dict[str, int] = field(default_factory=dict)


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def rotate(batch_size: int = 500) -> RotationResult:
    """Bring every row to the current key and index key. Idempotent: a second run changes nothing.

    Works in batches of primary keys, each in its own short transaction with the rows locked, so
    the site keeps running while a large table is rotated.
    """
    result = RotationResult()
    current = current_key_id()
    for model, fields in encrypted_models():
        indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        manager = model._base_manager
        last_pk = None
        changed_rows = 0
        while True:
            with transaction.atomic():
                batch = manager.select_for_update().order_by("pk")
                if last_pk is not None:
                    batch = batch.filter(pk__gt=last_pk)
                rows = list(batch[:batch_size])
                for row in rows:
                    result.rows_seen += 1
                    update: list[str] = []
                    for f in fields:
                        raw = row.__dict__.get(f.attname)
                        getattr(row, f.attname)  # decrypts (or raises DecryptionError)
                        if isinstance(raw, Sealed) and raw.key_id != current:
                            update.append(f.attname)
                            result.values_reencrypted += 1
                    for index in indexes:
                        fresh = index.compute(getattr(row, index.source) or "")
                        if fresh != getattr(row, index.attname):
                            update.append(index.attname)
                            result.indexes_recomputed += 1
                    if update:
                        row.save(update_fields=update)
                        changed_rows += 1
            if len(rows) < batch_size:
                break
            last_pk = rows[-1].pk
        result.per_model[model._meta.label] = changed_rows
    return result
