"""Reading the encryption and blind-index keys from the environment (no Django imports: settings uses it).

ADUAN_ENCRYPTION_KEYS   "k2:<base64 32 bytes>,k1:<base64 32 bytes>" — the first key encrypts, all decrypt.
ADUAN_BLIND_INDEX_KEY   "<base64 32 bytes>" — the HMAC key of the blind indexes.
ADUAN_BLIND_INDEX_PREVIOUS_KEY (optional) — the index key being rotated away from; lookups try both
                        until `manage.py rotate_keys` has recomputed every index.

Outside production, unset keys fall back to fixed development keys (key id "dev") so that a
fresh checkout runs; production refuses to start without real keys and refuses the development ones.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from aduan.lib.env import ConfigError

KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
KEY_BYTES = 32
# DEVELOPMENT ONLY: derived from public constants, so anyone can decrypt data written with them.
DEV_KEY_ID = "dev"
DEV_ENCRYPTION_KEY = hashlib.sha256(b"aduan development-only encryption key").digest()
DEV_BLIND_INDEX_KEY = hashlib.sha256(b"aduan development-only blind index key").digest()


@dataclass(frozen=True)
class Keys:
    encryption: dict[str, bytes]  # ordered: the first is the current key
    blind_index: bytes
    blind_index_previous: bytes | None


def _decode_key(name: str, raw: str) -> bytes:
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ConfigError(f"{name} holds a key that is not valid base64") from exc
    if len(key) != KEY_BYTES:
        raise ConfigError(
            f"{name} holds a key of {len(key)} bytes; keys must be {KEY_BYTES} random bytes "
            "in base64 (python -c 'import os,base64;print(base64.b64encode(os.urandom(32)).decode())')"
        )
    return key


def parse_encryption_keys(raw: str, name: str = "ADUAN_ENCRYPTION_KEYS") -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        key_id, sep, value = item.partition(":")
        if not sep or not KEY_ID.match(key_id):
            raise ConfigError(
                f"{name} must be a comma-separated list of keyid:base64key "
                "(key ids: letters, digits, - or _, up to 16)"
            )
        if key_id in keys:
            raise ConfigError(f"{name} names key id {key_id!r} twice")
        keys[key_id] = _decode_key(name, value)
    if not keys:
        raise ConfigError(f"{name} holds no keys")
    return keys


def load_keys(environ: Mapping[str, str], production: bool) -> Keys:
    """Read the keys, raising ConfigError naming the variable when one is missing or malformed."""
    raw_keys = (environ.get("ADUAN_ENCRYPTION_KEYS") or "").strip()
    raw_index = (environ.get("ADUAN_BLIND_INDEX_KEY") or "").strip()
    raw_previous = (environ.get("ADUAN_BLIND_INDEX_PREVIOUS_KEY") or "").strip()
    if raw_keys:
        encryption = parse_encryption_keys(raw_keys)
    elif production:
        raise ConfigError(
            "ADUAN_ENCRYPTION_KEYS is required in production (keyid:base64key, see docs/security.md)"
        )
    else:
        encryption = {DEV_KEY_ID: DEV_ENCRYPTION_KEY}
    if raw_index:
        blind_index = _decode_key("ADUAN_BLIND_INDEX_KEY", raw_index)
    elif production:
        raise ConfigError(
            "ADUAN_BLIND_INDEX_KEY is required in production (base64 of 32 random bytes)"
        )
    else:
        blind_index = DEV_BLIND_INDEX_KEY
    previous = _decode_key("ADUAN_BLIND_INDEX_PREVIOUS_KEY", raw_previous) if raw_previous else None
    if production:
        if DEV_ENCRYPTION_KEY in encryption.values() or DEV_KEY_ID in encryption:
            raise ConfigError("ADUAN_ENCRYPTION_KEYS must not contain the development key")
        if blind_index == DEV_BLIND_INDEX_KEY:
            raise ConfigError("ADUAN_BLIND_INDEX_KEY must not be the development key")
    return Keys(encryption, blind_index, previous)
