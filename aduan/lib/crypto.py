"""Field-level encryption (AES-256-GCM) of personal data and keyed blind indexes for exact lookups.

A stored value reads ``v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>``. The version, the key id and
the field's identity (``app_label.model.field``) are the associated data, so a value copied into
another column, or with its key id edited, fails to decrypt. Failure always raises DecryptionError;
no code path returns ciphertext or a guess as if it were the value.

Rows load without decrypting: the column holds a `Sealed` value until the attribute is read, so a
page that never shows identity keeps working even if a key is missing, and saving a row whose
identity was not touched writes the same ciphertext back. Reading the attribute decrypts (or raises).

Keys come from settings (read from the environment by aduan/lib/keyring.py): the first of
ADUAN_ENCRYPTION_KEYS encrypts, all of them decrypt; `manage.py rotate_keys` re-encrypts.
Empty values are stored as the empty string, so "has an email" stays a cheap check.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.lookups import Exact, IsNull
from django.db.models.query_utils import DeferredAttribute

VERSION = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted: unknown key id, wrong key, or altered ciphertext."""


class Sealed:
    """A ciphertext as loaded from the database, not yet decrypted."""

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token

    @property
    def key_id(self) -> str:
        parts = self.token.split(":", 2)
        return parts[1] if len(parts) == 3 else ""

    def __repr__(self) -> str:
        return f"<Sealed key={self.key_id}>"

    def __str__(self) -> str:
        # Rendering a sealed value by mistake shows a marker, never the ciphertext.
        return "[terenkripsi]"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)


def _keys() -> dict[str, bytes]:
    keys: dict[str, bytes] = settings.ADUAN_ENCRYPTION_KEYS
    return keys


def current_key_id() -> str:
    return next(iter(_keys()))


def _aad(key_id: str, context: str) -> bytes:
    return f"{VERSION}:{key_id}:{context}".encode()


def encrypt(plaintext: str, context: str) -> str:
    """Encrypt with the current key; context is the field identity bound as associated data."""
    key_id = current_key_id()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_keys()[key_id]).encrypt(nonce, plaintext.encode(), _aad(key_id, context))
    return f"{VERSION}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str, context: str) -> str:
    version, _, rest = token.partition(":")
    key_id, _, body = rest.partition(":")
    if version != VERSION or not key_id or not body:
        raise DecryptionError(
            f"{context}: the stored value is not an encrypted value of this system"
        )
    key = _keys().get(key_id)
    if key is None:
        raise DecryptionError(
            f"{context}: encrypted with key {key_id!r}, which is not in ADUAN_ENCRYPTION_KEYS"
        )
    try:
        raw = base64.urlsafe_b64decode(body.encode())
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError(f"{context}: the stored value is damaged (not base64)") from exc
    if len(raw) < NONCE_BYTES + 16:
        raise DecryptionError(f"{context}: the stored value is damaged (too short)")
    try:
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(key_id, context))
    except InvalidTag as exc:
        raise DecryptionError(
            f"{context}: the value does not decrypt with key {key_id!r} "
            "(wrong key, altered value, or a value copied from another field)"
        ) from exc
    return plain.decode()


def is_stored_empty(instance: Any, name: str) -> bool:
    """Whether an encrypted field holds no value, without decrypting it (no key needed)."""
    return instance.__dict__.get(name) in (None, "")


def looks_encrypted(value: str) -> bool:
    return value.startswith(f"{VERSION}:") and value.count(":") >= 2


# ---------------------------------------------------------------------------------------------
# The model field


class _EncryptedAttribute(DeferredAttribute):
    """Keeps Sealed or plaintext in the instance dict; decrypts on read and caches the plaintext."""

    field: EncryptedTextField

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = decrypt(value.token, self.field.context)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class _EmptyOnlyExact(Exact):
    """Ciphertexts are randomised: equality can only be asked of the empty value."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            raise TypeError(
                f"{self.lhs.target.context} is encrypted and cannot be searched; "
                "use its blind index (aduan.lib.crypto.blind_lookup)"
            )
        return ""


class EncryptedTextField(models.TextField):
    """A text column stored encrypted with AES-256-GCM; reads decrypt or raise DecryptionError."""

    descriptor_class = _EncryptedAttribute

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return Sealed(value)

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, Sealed):
            return value
        return str(value)

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        # The raw slot, not the attribute: an untouched Sealed value is written back as it is,
        # without needing (or using) the key.
        return model_instance.__dict__.get(self.attname)

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        if isinstance(value, Sealed):
            return value.token
        return encrypt(str(value), self.context)

    def value_to_string(self, obj: Any) -> str:
        return str(getattr(obj, self.attname) or "")

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _EmptyOnlyExact
        return None


# ---------------------------------------------------------------------------------------------
# Blind indexes


def normalise_email(value: str) -> str:
    return value.strip().lower()


def normalise_phone(value: str) -> str:
    """Indonesian numbers in one form: 0812…, 62812…, +62 812-… and 812… all become +62812…."""
    digits = re.sub(r"\D", "", value)
    if not digits:
        return ""
    if digits.startswith("62"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    return "+62" + digits


def normalise_nik(value: str) -> str:
    return re.sub(r"\D", "", value)


def _hmac(key: bytes, kind: str, normalised: str) -> str:
    return hmac.new(key, f"{kind}\x00{normalised}".encode(), hashlib.sha256).hexdigest()


def blind_index(kind: str, value: str, normalise: Callable[[str], str]) -> str:
    """HMAC-SHA256 of the normalised value under the current index key ('' for an empty value)."""
    normalised = normalise(value or "")
    if not normalised:
        return ""
    return _hmac(settings.ADUAN_BLIND_INDEX_KEY, kind, normalised)


class BlindIndexField(models.CharField):
    """An indexed HMAC of another (encrypted) field, recomputed whenever that field's plaintext is set.

    While the source field still holds its untouched Sealed value the stored index is kept, so saves
    need no key; rotate_keys reads every value and so recomputes every index.
    """

    NORMALISERS: dict[str, Callable[[str], str]] = {
        "email": normalise_email,
        "phone": normalise_phone,
        "nik": normalise_nik,
    }

    def __init__(self, *args: Any, source: str = "", kind: str = "", **kwargs: Any) -> None:
        self.source = source
        self.kind = kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["kind"] = self.kind
        for key, default in (("max_length", 64), ("blank", True), ("editable", False)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        kwargs.pop("db_index", None)
        return name, path, args, kwargs

    def compute(self, plaintext: str) -> str:
        return blind_index(self.kind, plaintext, self.NORMALISERS[self.kind])

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        raw = model_instance.__dict__.get(self.source)
        if isinstance(raw, Sealed):
            return model_instance.__dict__.get(self.attname, "")
        value = self.compute(raw or "")
        setattr(model_instance, self.attname, value)
        return value


def index_candidates(kind: str, value: str) -> list[str]:
    """The index values that match value: under the current key and, during a rotation, the previous."""
    normalise = BlindIndexField.NORMALISERS[kind]
    normalised = normalise(value or "")
    if not normalised:
        return []
    keys = [settings.ADUAN_BLIND_INDEX_KEY]
    previous = getattr(settings, "ADUAN_BLIND_INDEX_PREVIOUS_KEY", None)
    if previous:
        keys.append(previous)
    return [_hmac(key, kind, normalised) for key in keys]


def blind_lookup(model: type[models.Model], source: str, value: str) -> Q:
    """A filter matching rows whose encrypted `source` field equals value after normalisation.

    Example: ``Reporter.objects.filter(blind_lookup(Reporter, "phone", "0812 3456 7890"))``.
    An empty value matches nothing.
    """
    for field in model._meta.concrete_fields:
        if isinstance(field, BlindIndexField) and field.source == source:
            return Q(**{f"{field.attname}__in": index_candidates(field.kind, value)})
    raise LookupError(f"{model._meta.label} has no blind index for {source!r}")


# ---------------------------------------------------------------------------------------------
# Data migrations: encrypting columns that held plaintext


def encrypt_existing_rows(
    connection: Any,
    table: str,
    contexts: dict[str, str],
    indexes: dict[str, tuple[str, str]] | None = None,
    reverse: bool = False,
) -> int:
    """Encrypt (or, with reverse, decrypt) the given columns of every row, with raw SQL.

    contexts maps column → field identity (app_label.model.field); indexes maps an index column →
    (source column, kind). Values already encrypted are left alone, so a rerun is harmless.
    """
    indexes = indexes or {}
    qn = connection.ops.quote_name
    columns = list(contexts)
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(qn(c) for c in columns)} FROM {qn(table)}")  # noqa: S608
        rows = cursor.fetchall()
        for row in rows:
            pk, values = row[0], dict(zip(columns, row[1:], strict=True))
            plain: dict[str, str] = {}
            new: dict[str, Any] = {}
            for column, value in values.items():
                if not value:
                    plain[column] = ""
                    continue
                if reverse:
                    plain[column] = (
                        decrypt(value, contexts[column]) if looks_encrypted(value) else value
                    )
                    new[column] = plain[column]
                elif looks_encrypted(value):
                    plain[column] = decrypt(value, contexts[column])
                else:
                    plain[column] = value
                    new[column] = encrypt(value, contexts[column])
            for index_column, (source, kind) in indexes.items():
                new[index_column] = (
                    ""
                    if reverse
                    else blind_index(kind, plain[source], BlindIndexField.NORMALISERS[kind])
                )
            if new:
                assignments = ", ".join(f"{qn(c)} = %s" for c in new)
                cursor.execute(
                    f"UPDATE {qn(table)} SET {assignments} WHERE id = %s",  # noqa: S608
                    [*new.values(), pk],
                )
                changed += 1
    return changed
