"""The backup file's encryption: AES-256-GCM over 1 MiB chunks (the STREAM construction).

Layout: ``MAGIC``, a 16-byte salt, then chunks, each a 4-byte big-endian length and the
sealed chunk. The file key is HKDF-SHA256 of the operator's backup key and the salt, so every
file has its own key and the chunk counter can be the nonce. The nonce's last byte marks the
final chunk: a file cut at a chunk boundary, chunks reordered, a changed byte or another key
all fail authentication, and nothing is restored from a file that does not open to its end.

Plain ``cryptography`` primitives (the library allauth's WebAuthn already brings in); the
format is small enough to read here in full.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"STEPCARE-BACKUP-1\n"
CHUNK = 1024 * 1024
_SALT = 16


class BackupFileError(Exception):
    """The file is not a stepcare backup, is damaged or truncated, or needs another key."""


def _file_key(key: str, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"stepcare backup v1").derive(key.encode())
    return AESGCM(derived)


def _nonce(counter: int, final: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def encrypt_stream(source: BinaryIO, target: BinaryIO, key: str) -> None:
    salt = os.urandom(_SALT)
    aead = _file_key(key, salt)
    target.write(MAGIC + salt)
    counter = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        final = not following
        sealed = aead.encrypt(_nonce(counter, final), chunk, MAGIC)
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if final:
            return
        chunk, counter = following, counter + 1


def decrypt_stream(source: BinaryIO, key: str) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk; raise BackupFileError at the first problem."""
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupFileError("This is not a stepcare backup file.")
    salt = source.read(_SALT)
    if len(salt) != _SALT:
        raise BackupFileError("The backup file is truncated.")
    aead = _file_key(key, salt)
    counter = 0
    header = source.read(4)
    while True:
        if len(header) != 4:
            raise BackupFileError("The backup file is truncated.")
        (length,) = struct.unpack(">I", header)
        if length > CHUNK + 16:
            raise BackupFileError("The backup file is damaged.")
        sealed = source.read(length)
        if len(sealed) != length:
            raise BackupFileError("The backup file is truncated.")
        header = source.read(4)
        final = not header
        try:
            yield aead.decrypt(_nonce(counter, final), sealed, MAGIC)
        except InvalidTag:
            if counter == 0:
                raise BackupFileError(
                    "The backup file cannot be opened with this key, or it is damaged."
                ) from None
            raise BackupFileError("The backup file is damaged or truncated.") from None
        if final:
            return
        counter += 1
