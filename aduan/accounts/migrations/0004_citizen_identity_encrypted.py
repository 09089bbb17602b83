"""Citizen accounts: name, email and phone move into encrypted columns; the username becomes opaque.

Before this, a citizen's username was their email or phone and their name sat in display_name, all
in plaintext. Each citizen gets a random "warga-…" username; the admin's history of changes to the
account is relabelled with it. Staff accounts are not touched. Reversible (for a rollback).
"""

import re
import secrets

import aduan.lib.crypto
from django.db import migrations, models

PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{6,}$")


def _phone(text):
    if not PHONE.match(text or ""):
        return ""
    from aduan.lib import phone

    return phone.normalise(text) or ""


def encrypt_citizens(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    user_type = ContentType.objects.filter(app_label="accounts", model="user").first()
    for user in User.objects.filter(is_citizen=True).order_by("pk"):
        if user.username.startswith("warga-") and not user.email and not user.display_name:
            continue  # already moved (a rerun)
        old = user.username
        user.citizen_email = (user.email or (old if "@" in old else "")).strip().lower()
        user.citizen_phone = _phone(old)
        user.citizen_name = (
            user.display_name or f"{user.first_name} {user.last_name}".strip()
        )
        user.username = "warga-" + secrets.token_hex(8)
        user.email = user.display_name = user.first_name = user.last_name = ""
        user.save()
        if user_type is not None:
            LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
                object_repr=user.username
            )


def decrypt_citizens(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(is_citizen=True).order_by("pk"):
        email, phone, name = user.citizen_email, user.citizen_phone, user.citizen_name
        user.username = email or phone or user.username
        user.email = email
        user.display_name = name
        user.citizen_email = user.citizen_phone = user.citizen_name = ""
        user.save()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_second_factors'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='citizen_email',
            field=aduan.lib.crypto.EncryptedTextField(blank=True, max_length=254, verbose_name='email warga'),
        ),
        migrations.AddField(
            model_name='user',
            name='citizen_email_index',
            field=aduan.lib.crypto.BlindIndexField(kind='email', source='citizen_email'),
        ),
        migrations.AddField(
            model_name='user',
            name='citizen_name',
            field=aduan.lib.crypto.EncryptedTextField(blank=True, max_length=150, verbose_name='nama warga'),
        ),
        migrations.AddField(
            model_name='user',
            name='citizen_phone',
            field=aduan.lib.crypto.EncryptedTextField(blank=True, max_length=20, verbose_name='nomor HP warga'),
        ),
        migrations.AddField(
            model_name='user',
            name='citizen_phone_index',
            field=aduan.lib.crypto.BlindIndexField(kind='phone', source='citizen_phone'),
        ),
        migrations.RunPython(encrypt_citizens, decrypt_citizens),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(condition=models.Q(('citizen_email_index', ''), _negated=True), fields=('citizen_email_index',), name='user_unique_citizen_email'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(condition=models.Q(('citizen_phone_index', ''), _negated=True), fields=('citizen_phone_index',), name='user_unique_citizen_phone'),
        ),
    ]
