"""The backup file format refuses a truncated, altered or wrongly keyed file."""

from __future__ import annotations

import io

import pytest

from stepcare.backups import crypto
from stepcare.backups.crypto import BackupFileError, decrypt_stream, encrypt_stream

KEY = "k" * 40


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK", 64)


def _sealed(data: bytes, key: str = KEY) -> bytes:
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), out, key)
    return out.getvalue()


def _open(blob: bytes, key: str = KEY) -> bytes:
    return b"".join(decrypt_stream(io.BytesIO(blob), key))


@pytest.mark.parametrize("size", [0, 1, 64, 65, 1000])
def test_what_is_sealed_opens_unchanged(size):
    data = bytes(range(256)) * 4
    assert _open(_sealed(data[:size])) == data[:size]


def test_another_key_is_refused():
    with pytest.raises(BackupFileError, match="cannot be opened with this key"):
        _open(_sealed(b"x" * 500), key="z" * 40)


def test_a_changed_byte_is_refused():
    blob = bytearray(_sealed(b"x" * 500))
    blob[-30] ^= 1
    with pytest.raises(BackupFileError, match="damaged"):
        _open(bytes(blob))


def test_a_file_cut_at_a_chunk_boundary_is_refused():
    blob = _sealed(b"x" * 500)
    first_chunk_end = len(crypto.MAGIC) + 16 + 4 + 64 + 16
    with pytest.raises(BackupFileError, match="damaged or truncated"):
        _open(blob[: first_chunk_end + 4 + 64 + 16])


def test_a_file_cut_mid_chunk_is_refused():
    with pytest.raises(BackupFileError, match="truncated"):
        _open(_sealed(b"x" * 500)[:-7])


def test_something_else_is_refused():
    with pytest.raises(BackupFileError, match="not a stepcare backup"):
        _open(b"SQLite format 3\x00" + b"\x00" * 100)
