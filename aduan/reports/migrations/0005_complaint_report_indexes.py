"""Two indexes on the complaint table that only the reports need.

They live here, as plain SQL, so the complaint model stays the domain's own: the open-queue index
lets the dashboard count open complaints per agency from the index alone, and the resolved_at
index finds a month's completions without reading every complaint.
"""

from django.db import migrations

INDEXES = {
    "reports_complaint_open_queue": "(status, agency_id, due_at, paused_at, created_at)",
    "reports_complaint_resolved": "(resolved_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_completion_figure"),
        ("complaints", "0001_initial"),
    ]
    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON complaints_complaint {columns}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
