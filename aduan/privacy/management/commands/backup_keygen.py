"""manage.py backup_keygen: make the X25519 key pair that backups are encrypted to."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.privacy.archive import generate_keypair


class Command(BaseCommand):
    help = (
        "Create a key pair for backups. Put the PUBLIC key on the server; keep the PRIVATE key "
        "off the server (see docs/backups.md): without it no backup can be restored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--private-key", required=True, type=Path, help="file to create (0600)")
        parser.add_argument("--public-key", required=True, type=Path, help="file to create")

    def handle(self, *args: Any, **options: Any) -> None:
        private_path: Path = options["private_key"]
        public_path: Path = options["public_key"]
        for path in (private_path, public_path):
            if path.exists():
                raise CommandError(f"{path} already exists; refusing to overwrite a key")
        private_pem, public_pem = generate_keypair()
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(private_pem)
        public_path.write_bytes(public_pem)
        self.stdout.write(
            self.style.SUCCESS(
                f"Private key: {private_path} (move it off this server now). "
                f"Public key: {public_path} (ADUAN_BACKUP_PUBLIC_KEY_FILE or --recipient-key)."
            )
        )
