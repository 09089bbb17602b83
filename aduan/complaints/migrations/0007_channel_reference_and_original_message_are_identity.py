"""The channel reference and the original message are identity (DESIGN §6): moved from the complaint
to its reporter record and encrypted there, like the name and the phone number.

A complaint that had either but no reporter record gets one (holding only these two), so that they
are opened, exported, corrected and anonymised with the rest of the identity. Reversible: going back
decrypts them into the complaint's columns again.
"""

import aduan.lib.crypto
from django.db import migrations


def _joined(held, value):
    # A reporter record is normally one complaint's; should two share it, keep both texts.
    return f"{held}\n\n{value}" if held and value and value != held else held or value


def move_to_reporter(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Reporter = apps.get_model("complaints", "Reporter")
    Follower = apps.get_model("complaints", "Follower")
    db = schema_editor.connection.alias
    rows = (
        Complaint.objects.using(db)
        .exclude(channel_reference="", original_message="")
        .values_list("pk", "reporter_id", "created_at", "channel_reference", "original_message")
        .order_by("pk")
    )
    for pk, reporter_id, created_at, reference, message in rows.iterator(chunk_size=500):
        if reporter_id is None:
            # Encrypted on save by the field itself (context complaints.reporter.<field>).
            reporter = Reporter.objects.using(db).create(
                channel_reference=reference, original_message=message, created_at=created_at
            )
            Complaint.objects.using(db).filter(pk=pk).update(reporter=reporter)
            Follower.objects.using(db).create(
                complaint_id=pk, reporter=reporter, source="reporter", created_at=created_at
            )
            continue
        reporter = Reporter.objects.using(db).get(pk=reporter_id)
        reporter.channel_reference = _joined(reporter.channel_reference, reference)
        reporter.original_message = _joined(reporter.original_message, message)
        reporter.save(update_fields=["channel_reference", "original_message"])
    _check_constraints_now(schema_editor)


def _check_constraints_now(schema_editor):
    # PostgreSQL defers the new rows' foreign-key checks to the commit and refuses to alter a table
    # with such checks pending; the columns are dropped in this same transaction.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def move_back(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Reporter = apps.get_model("complaints", "Reporter")
    db = schema_editor.connection.alias
    holders = Reporter.objects.using(db).exclude(channel_reference="", original_message="")
    for reporter in holders.order_by("pk").iterator(chunk_size=500):
        Complaint.objects.using(db).filter(reporter_id=reporter.pk).update(
            channel_reference=reporter.channel_reference[:500],
            original_message=reporter.original_message,
        )


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0006_queue_covering_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="reporter",
            name="channel_reference",
            field=aduan.lib.crypto.EncryptedTextField(
                blank=True,
                help_text="Nomor pengirim, akun media sosial, tautan unggahan, nomor surat.",
                max_length=500,
                verbose_name="rujukan kanal",
            ),
        ),
        migrations.AddField(
            model_name="reporter",
            name="original_message",
            field=aduan.lib.crypto.EncryptedTextField(
                blank=True, max_length=5000, verbose_name="pesan asli"
            ),
        ),
        migrations.RunPython(move_to_reporter, move_back),
        migrations.RemoveField(
            model_name="complaint",
            name="channel_reference",
        ),
        migrations.RemoveField(
            model_name="complaint",
            name="original_message",
        ),
    ]
