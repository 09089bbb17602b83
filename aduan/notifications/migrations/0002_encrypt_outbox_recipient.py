"""Outbox recipients (email addresses, phone numbers) encrypted at rest."""

import aduan.lib.crypto
from django.db import migrations

CONTEXTS = {"recipient": "notifications.outbox.recipient"}


def encrypt_rows(apps, schema_editor):
    aduan.lib.crypto.encrypt_existing_rows(schema_editor.connection, "notifications_outbox", CONTEXTS)


def decrypt_rows(apps, schema_editor):
    aduan.lib.crypto.encrypt_existing_rows(
        schema_editor.connection, "notifications_outbox", CONTEXTS, reverse=True
    )


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='outbox',
            name='recipient',
            field=aduan.lib.crypto.EncryptedTextField(blank=True, max_length=255),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
