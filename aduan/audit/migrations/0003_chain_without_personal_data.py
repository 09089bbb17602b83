"""The audit chain rebuilt without personal data (DESIGN §6: citizens by an opaque reference).

Until now each entry hashed the actor's username (a citizen's email or phone) and the IP address,
so neither could ever be erased. This migration walks the chain once:

- checks it with the old rule and records the outcome, so rebuilding cannot hide earlier tampering;
- names citizens by their account's opaque username (accounts 0004), also where a login attempt
  recorded a citizen's contact as the object;
- moves every IP address into an AuditAddress row, leaving a salted digest in the entry;
- keeps each entry's old hash (legacy_hash), so last hashes printed before still anchor;
- rehashes and relinks every entry with the new rule and appends one entry saying all this.
"""

import hashlib
import json
import secrets

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

GENESIS_HASH = "0" * 64
BATCH = 1000
DELETED_ACCOUNT = "akun-dihapus"


def _sha(payload):
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _common(entry):
    return {
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": str(entry.object_id),
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
        "created_at": entry.created_at.isoformat(),
        "prev_hash": entry.prev_hash,
    }


def old_hash(entry):
    return _sha({**_common(entry), "ip": entry.ip})


def new_hash(entry):
    return _sha(
        {**_common(entry), "ip_digest": entry.ip_digest, "legacy_hash": entry.legacy_hash}
    )


def _digest(salt, ip):
    return hashlib.sha256(f"{salt}|{ip}".encode()).hexdigest()


def _is_contact(text):
    text = (text or "").strip()
    return "@" in text or (len(text) >= 8 and text.lstrip("+").replace(" ", "").isdigit())


def _contact_index(text):
    from aduan.lib import crypto

    kind = "email" if "@" in text else "phone"
    return crypto.blind_index(kind, text, crypto.BlindIndexField.NORMALISERS[kind])


def rebuild(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditAddress = apps.get_model("audit", "AuditAddress")
    AuditHead = apps.get_model("audit", "AuditHead")
    User = apps.get_model("accounts", "User")
    if not AuditEntry.objects.exists():
        return
    users = {u.pk: u for u in User.objects.only("pk", "username", "is_citizen")}
    by_contact = {}
    for pk, email_index, phone_index in User.objects.filter(is_citizen=True).values_list(
        "pk", "citizen_email_index", "citizen_phone_index"
    ):
        for index in (email_index, phone_index):
            if index:
                by_contact[index] = users[pk].username
    head = AuditHead.objects.filter(id=1).first()
    problem = ""
    prev_old = prev_new = GENESIS_HASH
    count = 0
    entries, addresses = [], []

    def flush():
        AuditEntry.objects.bulk_update(
            entries,
            ["actor_label", "object_id", "ip_digest", "legacy_hash", "prev_hash", "entry_hash"],
        )
        AuditAddress.objects.bulk_create(addresses)
        entries.clear()
        addresses.clear()

    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=BATCH):
        if not problem:
            if entry.prev_hash != prev_old:
                problem = f"entry #{entry.pk}: previous-hash link broken"
            elif old_hash(entry) != entry.entry_hash:
                problem = f"entry #{entry.pk}: content did not match its hash"
        prev_old = entry.entry_hash
        entry.legacy_hash = entry.entry_hash
        actor = users.get(entry.actor_id) if entry.actor_id else None
        if actor is not None and actor.is_citizen:
            entry.actor_label = actor.username
        elif entry.actor_id and actor is None and _is_contact(entry.actor_label):
            entry.actor_label = DELETED_ACCOUNT
        if entry.object_type == "accounts.user" and _is_contact(entry.object_id):
            entry.object_id = by_contact.get(_contact_index(entry.object_id), entry.object_id)
        if entry.ip:
            salt = secrets.token_hex(16)
            entry.ip_digest = _digest(salt, entry.ip)
            addresses.append(
                AuditAddress(
                    entry_id=entry.pk,
                    ip=entry.ip,
                    salt=salt,
                    public=actor is None or actor.is_citizen,
                    created_at=entry.created_at,
                )
            )
        entry.prev_hash = prev_new
        entry.entry_hash = new_hash(entry)
        prev_new = entry.entry_hash
        count += 1
        entries.append(entry)
        if len(entries) >= BATCH:
            flush()
    flush()
    old_head = head.last_hash if head is not None else GENESIS_HASH
    old_count = head.count if head is not None else 0
    if not problem and (old_head != prev_old or old_count != count):
        problem = f"the head recorded {old_count} entries, the log held {count}"
    note = AuditEntry(
        actor_label="system",
        action="audit.rebuilt_without_personal_data",
        object_type="audit.auditentry",
        object_id="",
        before={"last_hash": old_head, "count": old_count, "intact": not problem},
        after={"entries": count, "problem": problem},
        reason=(
            "Warga disebut dengan rujukan akun; alamat IP dipindah ke catatan terpisah "
            "yang dapat dihapus (UU 27/2022)."
        ),
        ip_digest="",
        legacy_hash="",
        created_at=django.utils.timezone.now(),
        prev_hash=prev_new,
    )
    note.entry_hash = new_hash(note)
    note.save(force_insert=True)
    AuditHead.objects.update_or_create(
        id=1, defaults={"last_hash": note.entry_hash, "count": count + 1}
    )


def restore(apps, schema_editor):
    """Back to addresses inside the chain (those not yet erased), rehashed with the old rule."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditAddress = apps.get_model("audit", "AuditAddress")
    AuditHead = apps.get_model("audit", "AuditHead")
    kept = dict(AuditAddress.objects.values_list("entry_id", "ip"))
    prev = GENESIS_HASH
    count = 0
    entries = []
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=BATCH):
        entry.ip = kept.get(entry.pk)
        entry.prev_hash = prev
        entry.entry_hash = old_hash(entry)
        prev = entry.entry_hash
        count += 1
        entries.append(entry)
        if len(entries) >= BATCH:
            AuditEntry.objects.bulk_update(entries, ["ip", "prev_hash", "entry_hash"])
            entries.clear()
    AuditEntry.objects.bulk_update(entries, ["ip", "prev_hash", "entry_hash"])
    if count:
        AuditHead.objects.update_or_create(id=1, defaults={"last_hash": prev, "count": count})


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_actor'),
        ('accounts', '0004_citizen_identity_encrypted'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditAddress',
            fields=[
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='address', serialize=False, to='audit.auditentry')),
                ('ip', models.GenericIPAddressField()),
                ('salt', models.CharField(max_length=32)),
                ('public', models.BooleanField(default=True)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'alamat IP catatan audit',
                'verbose_name_plural': 'alamat IP catatan audit',
            },
        ),
        migrations.AddField(
            model_name='auditentry',
            name='ip_digest',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='legacy_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(rebuild, restore),
        migrations.RemoveField(
            model_name='auditentry',
            name='ip',
        ),
    ]
