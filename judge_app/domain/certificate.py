"""Certificates as data: serial numbers from a pattern and the compact record a QR code carries.

Serial pattern
    A Python format string with `{seq}` (required, e.g. `{seq:03d}`) and optionally `{year}`
    and `{round}`: `东直工证〔{year}〕{seq:03d}号` → 东直工证〔2025〕007号. `seq` counts up within a
    contest and is never reused, so serials never repeat.

QR record (version 1), signed with the contest's Ed25519 key
    version  u8      = 1
    key id   4 bytes   first 4 bytes of SHA-256 of the public key (which contest signed it)
    date     u16     days since 2000-01-01 (the issue date printed on the certificate)
    seq      u32
    serial, recipient, award, entry code: each u8 length + UTF-8 bytes
    signature 64 bytes over everything before it
The payload is the base32 text of the record without `=` padding: only A–Z and 2–7, which QR
codes hold in their compact alphanumeric mode and no decoder misreads as Shift-JIS.
"""

from __future__ import annotations

import base64
import binascii
import string
import struct
from dataclasses import dataclass
from datetime import date, timedelta

RECORD_VERSION = 1
SIGNATURE_BYTES = 64
KEY_ID_BYTES = 4
EPOCH = date(2000, 1, 1)
SERIAL_FIELDS = {"seq", "year", "round"}


class PayloadError(ValueError):
    """The text is not a certificate payload (wrong characters, truncated, unknown version)."""


def serial_pattern_problems(pattern: str) -> list[str]:
    """What is wrong with a serial pattern, as sentences; empty when it is usable."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        return [f"编号格式无法解析: {pattern!r}: {exc} (bad serial pattern)"]
    out = []
    if "seq" not in fields:
        out.append(f"编号格式必须含 {{seq}}: {pattern!r} (serial pattern needs {{seq}})")
    unknown = sorted(set(fields) - SERIAL_FIELDS)
    if unknown:
        out.append(f"编号格式中的未知字段: {', '.join(unknown)}; 可用 seq, year, round (unknown serial field)")
    if not out:
        try:
            format_serial(pattern, 1, 2000, "r")
        except (ValueError, TypeError) as exc:
            out.append(f"编号格式无法使用: {pattern!r}: {exc} (bad serial pattern)")
    return out


def format_serial(pattern: str, seq: int, year: int, round_key: str) -> str:
    return pattern.format(seq=seq, year=year, round=round_key)


@dataclass(frozen=True)
class CertificateRecord:
    """What a certificate's QR code states, signed."""

    key_id: bytes
    issued_on: date
    seq: int
    serial: str
    recipient: str
    award: str
    entry_code: str

    def body(self) -> bytes:
        """The signed bytes."""
        if len(self.key_id) != KEY_ID_BYTES:
            raise ValueError("key id must be 4 bytes")
        out = bytearray(struct.pack(">B4sHI", RECORD_VERSION, self.key_id, (self.issued_on - EPOCH).days, self.seq))
        for text in (self.serial, self.recipient, self.award, self.entry_code):
            raw = text.encode("utf-8")
            if len(raw) > 255:
                raise ValueError(f"too long for a certificate record: {text!r}")
            out.append(len(raw))
            out += raw
        return bytes(out)


def encode_payload(record: CertificateRecord, signature: bytes) -> str:
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError("an Ed25519 signature is 64 bytes")
    return base64.b32encode(record.body() + signature).decode("ascii").rstrip("=")


def decode_payload(payload: str) -> tuple[CertificateRecord, bytes, bytes]:
    """(record, signed body, signature) from payload text; PayloadError when it cannot be read.

    Spaces and line breaks are ignored and lower case is accepted (a scanner or a person typing);
    a scanned link (`https://…/verify.html#PAYLOAD`) is read from its `#` on.
    """
    text = "".join(payload.split())
    if "#" in text:
        text = text.rpartition("#")[2]
    text = text.upper()
    if not text:
        raise PayloadError("空的验证码 (empty payload)")
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise PayloadError("验证码含有无效字符或长度不对 (not a base32 payload)") from None
    if len(raw) < 11 + 4 + SIGNATURE_BYTES:
        raise PayloadError("验证码太短 (payload too short)")
    body, signature = raw[:-SIGNATURE_BYTES], raw[-SIGNATURE_BYTES:]
    version, key_id, days, seq = struct.unpack(">B4sHI", body[:11])
    if version != RECORD_VERSION:
        raise PayloadError(f"未知的验证码版本 {version} (unknown payload version)")
    texts, pos = [], 11
    for _ in range(4):
        if pos >= len(body):
            raise PayloadError("验证码不完整 (payload truncated)")
        n = body[pos]
        chunk = body[pos + 1:pos + 1 + n]
        if len(chunk) != n:
            raise PayloadError("验证码不完整 (payload truncated)")
        try:
            texts.append(chunk.decode("utf-8"))
        except UnicodeDecodeError:
            raise PayloadError("验证码内容无法解读 (payload text is not UTF-8)") from None
        pos += 1 + n
    if pos != len(body):
        raise PayloadError("验证码长度不对 (payload has trailing bytes)")
    record = CertificateRecord(key_id, EPOCH + timedelta(days=days), seq, *texts)
    return record, body, signature
