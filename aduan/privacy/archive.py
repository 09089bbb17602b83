"""The encrypted backup archive format: X25519 + HKDF key wrapping, chunked AES-256-GCM stream.

Layout of a file:

    b"ADUANBK1\\n"  4-byte header length  header JSON  chunk*

The header carries the sender's ephemeral X25519 public key and the random 256-bit data key,
wrapped (AES-GCM) under a key derived from the X25519 exchange with the recipient's public key.
Only the holder of the recipient's private key can unwrap it, so the server that writes backups
cannot read them afterwards. The body is a sequence of chunks, each ``4-byte length ‖ ciphertext``
under the data key with a nonce made of a random prefix and the chunk counter; the last chunk is
flagged in its associated data, so reordering, removal or truncation fails authentication.
"""

from __future__ import annotations

import base64
import json
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"ADUANBK1\n"
CHUNK = 1024 * 1024
INFO = b"aduan backup v1 key wrap"


class ArchiveError(Exception):
    """The archive is unreadable: wrong key, corrupted, truncated, or not an Aduan backup."""


# ---------------------------------------------------------------------------------------------
# Keys


def generate_keypair() -> tuple[bytes, bytes]:
    """(private PEM, public PEM) of a new X25519 key pair."""
    private = X25519PrivateKey.generate()
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, public_pem


def load_public_key(path: Path) -> X25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"{path}: not a readable PEM public key ({exc})") from exc
    if not isinstance(key, X25519PublicKey):
        raise ArchiveError(f"{path}: not an X25519 public key (make one with backup_keygen)")
    return key


def load_private_key(path: Path) -> X25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ArchiveError(f"{path}: not a readable PEM private key ({exc})") from exc
    if not isinstance(key, X25519PrivateKey):
        raise ArchiveError(f"{path}: not an X25519 private key")
    return key


def _raw(public: X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=INFO + ephemeral + recipient).derive(shared)


# ---------------------------------------------------------------------------------------------
# Writing


class EncryptingWriter:
    """A write-only file object: buffers into chunks, encrypts each, writes them to `out`."""

    def __init__(self, out: IO[bytes], recipient: X25519PublicKey, meta: dict[str, Any]) -> None:
        self.out = out
        self.key = os.urandom(32)
        self.prefix = os.urandom(8)
        self.counter = 0
        self.buffer = bytearray()
        self.aead = AESGCM(self.key)
        ephemeral = X25519PrivateKey.generate()
        eph_raw, rec_raw = _raw(ephemeral.public_key()), _raw(recipient)
        kek = _kek(ephemeral.exchange(recipient), eph_raw, rec_raw)
        wrap_nonce = os.urandom(12)
        header = {
            "format": 1,
            "kem": "X25519-HKDF-SHA256",
            "cipher": "AES-256-GCM",
            "ephemeral_public": base64.b64encode(eph_raw).decode(),
            "recipient_public": base64.b64encode(rec_raw).decode(),
            "wrap_nonce": base64.b64encode(wrap_nonce).decode(),
            "wrapped_key": base64.b64encode(
                AESGCM(kek).encrypt(wrap_nonce, self.key, MAGIC)
            ).decode(),
            "nonce_prefix": base64.b64encode(self.prefix).decode(),
            "chunk_size": CHUNK,
            "meta": meta,
        }
        blob = json.dumps(header, sort_keys=True).encode()
        self.header_blob = blob
        out.write(MAGIC + struct.pack(">I", len(blob)) + blob)

    def _aad(self, last: bool) -> bytes:
        return self.header_blob + struct.pack(">Q?", self.counter, last)

    def _emit(self, data: bytes, last: bool) -> None:
        nonce = self.prefix + struct.pack(">I", self.counter)
        sealed = self.aead.encrypt(nonce, data, self._aad(last))
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.counter += 1

    def write(self, data: bytes) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._emit(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        self._emit(bytes(self.buffer), last=True)
        self.buffer.clear()
        self.out.flush()


# ---------------------------------------------------------------------------------------------
# Reading


def read_header(stream: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    if stream.read(len(MAGIC)) != MAGIC:
        raise ArchiveError("not an Aduan backup archive (wrong magic bytes)")
    size_raw = stream.read(4)
    if len(size_raw) != 4:
        raise ArchiveError("archive truncated inside its header")
    (size,) = struct.unpack(">I", size_raw)
    if size > 1024 * 1024:
        raise ArchiveError("archive header is implausibly large (corrupted)")
    blob = stream.read(size)
    if len(blob) != size:
        raise ArchiveError("archive truncated inside its header")
    try:
        header = json.loads(blob)
    except ValueError as exc:
        raise ArchiveError("archive header is corrupted") from exc
    if header.get("format") != 1:
        raise ArchiveError(f"unsupported archive format {header.get('format')!r}")
    return header, blob


def decrypt_chunks(stream: IO[bytes], private: X25519PrivateKey) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk; raises ArchiveError on any damage, truncation included."""
    header, blob = read_header(stream)
    try:
        eph_raw = base64.b64decode(header["ephemeral_public"])
        rec_raw = base64.b64decode(header["recipient_public"])
        ephemeral = X25519PublicKey.from_public_bytes(eph_raw)
        prefix = base64.b64decode(header["nonce_prefix"])
        wrap_nonce = base64.b64decode(header["wrap_nonce"])
        wrapped = base64.b64decode(header["wrapped_key"])
    except (KeyError, ValueError) as exc:
        raise ArchiveError("archive header is corrupted") from exc
    if rec_raw != _raw(private.public_key()):
        raise ArchiveError("this archive was encrypted for a different key pair")
    kek = _kek(private.exchange(ephemeral), eph_raw, rec_raw)
    try:
        data_key = AESGCM(kek).decrypt(wrap_nonce, wrapped, MAGIC)
    except InvalidTag as exc:
        raise ArchiveError("the archive's data key does not unwrap (corrupted header)") from exc
    aead = AESGCM(data_key)
    counter = 0
    while True:
        size_raw = stream.read(4)
        if len(size_raw) != 4:
            raise ArchiveError(f"archive truncated after {counter} chunks (no final chunk)")
        (size,) = struct.unpack(">I", size_raw)
        if size > header.get("chunk_size", CHUNK) + 16:
            raise ArchiveError(f"chunk {counter} has an impossible length (corrupted)")
        sealed = stream.read(size)
        if len(sealed) != size:
            raise ArchiveError(f"archive truncated inside chunk {counter}")
        nonce = prefix + struct.pack(">I", counter)
        for last in (False, True):
            try:
                plain = aead.decrypt(nonce, sealed, blob + struct.pack(">Q?", counter, last))
            except InvalidTag:
                continue
            break
        else:
            raise ArchiveError(f"chunk {counter} does not authenticate (corrupted or altered)")
        if last and stream.read(1):
            # Checked before the final chunk is handed on: a reader that stops there still sees it.
            raise ArchiveError("data after the final chunk (archive altered)")
        yield plain
        counter += 1
        if last:
            return


class DecryptingReader:
    """A read-only file object over decrypt_chunks, for tarfile's streaming mode."""

    def __init__(self, stream: IO[bytes], private: X25519PrivateKey) -> None:
        self.chunks = decrypt_chunks(stream, private)
        self.buffer = b""
        self.done = False

    def read(self, size: int = -1) -> bytes:
        while not self.done and (size < 0 or len(self.buffer) < size):
            try:
                self.buffer += next(self.chunks)
            except StopIteration:
                self.done = True
        if size < 0:
            data, self.buffer = self.buffer, b""
        else:
            data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data
