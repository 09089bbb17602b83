"""Reporter identity encrypted at rest (AES-256-GCM), with blind indexes for phone, email and NIK."""

import aduan.lib.crypto
from django.db import migrations

CONTEXTS = {
    column: f"complaints.reporter.{column}" for column in ("name", "nik", "phone", "email", "address")
}
INDEXES = {"nik_index": ("nik", "nik"), "phone_index": ("phone", "phone"), "email_index": ("email", "email")}


def encrypt_rows(apps, schema_editor):
    aduan.lib.crypto.encrypt_existing_rows(
        schema_editor.connection, "complaints_reporter", CONTEXTS, INDEXES
    )


def decrypt_rows(apps, schema_editor):
    aduan.lib.crypto.encrypt_existing_rows(
        schema_editor.connection, "complaints_reporter", CONTEXTS, INDEXES, reverse=True
    )


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0002_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='reporter',
            name='email_index',
            field=aduan.lib.crypto.BlindIndexField(kind='email', source='email'),
        ),
        migrations.AddField(
            model_name='reporter',
            name='nik_index',
            field=aduan.lib.crypto.BlindIndexField(kind='nik', source='nik'),
        ),
        migrations.AddField(
            model_name='reporter',
            name='phone_index',
            field=aduan.lib.crypto.BlindIndexField(kind='phone', source='phone'),
        ),
        migrations.AlterField(
            model_name='reporter',
            name='address',
            field=aduan.lib.crypto.EncryptedTextField(blank=True, max_length=255, verbose_name='alamat'),
        ),
        migrations.AlterField(
            model_name='reporter',
            name='email',
            field=aduan.lib.crypto.EncryptedTextField(blank=True, max_length=254, verbose_name='email'),
        ),
        migrations.AlterField(
            model_name='reporter',
            name='name',
            field=aduan.lib.crypto.EncryptedTextField(blank=True, max_length=150, verbose_name='nama'),
        ),
        migrations.AlterField(
            model_name='reporter',
            name='nik',
            field=aduan.lib.crypto.EncryptedTextField(blank=True, max_length=16, verbose_name='NIK'),
        ),
        migrations.AlterField(
            model_name='reporter',
            name='phone',
            field=aduan.lib.crypto.EncryptedTextField(blank=True, max_length=20, verbose_name='telepon/WhatsApp'),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
