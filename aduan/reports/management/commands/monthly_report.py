"""`manage.py monthly_report --month 2026-07 [--agency CODE] --format html|pdf|xlsx|csv [--out FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.agencies.models import Agency
from aduan.reports import documents, files, monthly
from aduan.reports.period import InvalidMonth, Month


class Command(BaseCommand):
    help = "Write the monthly monitoring and evaluation report for a month (and one agency)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="TTTT-BB, e.g. 2026-07")
        parser.add_argument("--agency", default="", help="agency code (its whole subtree)")
        parser.add_argument("--format", default="html", choices=files.FORMATS)
        parser.add_argument("--out", default="", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = Month.parse(options["month"])
        except InvalidMonth as exc:
            raise CommandError(str(exc)) from None
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"No agency with code {options['agency']!r}.")
        report = monthly.build(month, agency=agency)
        documents.attach(report)  # the preface and the month's draft, as the console shows them
        data = files.render(report, options["format"], link_base=settings.ADUAN_BASE_URL)
        if options["out"]:
            Path(options["out"]).write_bytes(data)
            self.stderr.write(f"Wrote {options['out']} ({len(data)} bytes).")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
