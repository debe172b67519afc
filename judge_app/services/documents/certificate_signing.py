"""Ed25519 signing and verifying of certificate QR records.

The signing key is the organizer's (`services.integrity.organizer_key`, kept outside the contest file);
the contest file holds only the public keys it trusts. The public key can be exported as a small JSON
file so anyone can verify a certificate offline without the database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from judge_app.domain.ed25519 import verify


KEY_FILE_FORMAT = "judge_app-certificate-key/1"


def key_id_of(public_raw: bytes) -> bytes:
    return hashlib.sha256(public_raw).digest()[:4]


def new_key() -> tuple[bytes, bytes]:
    """(private raw 32 bytes, public raw 32 bytes)."""
    from cryptography.hazmat.primitives import serialization  # here: verifying alone does not need it

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return private, public


class Signer:
    def __init__(self, private_raw: bytes):
        self._key = Ed25519PrivateKey.from_private_bytes(private_raw)

    def sign(self, body: bytes) -> bytes:
        return self._key.sign(body)


def signature_ok(public_raw: bytes, body: bytes, signature: bytes) -> bool:
    """Checked by domain.ed25519 (as OpenSSL decides, without loading `cryptography`)."""
    return verify(public_raw, body, signature)


@dataclass(frozen=True)
class PublicKey:
    """A contest's public key as exported: enough to verify its certificates."""

    key_id: bytes
    public_raw: bytes
    contest: str = ""
    organizer: str = ""

    def to_json(self) -> str:
        from cryptography.hazmat.primitives import serialization

        pem = Ed25519PublicKey.from_public_bytes(self.public_raw).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")
        return json.dumps({
            "format": KEY_FILE_FORMAT, "algorithm": "Ed25519", "contest": self.contest, "organizer": self.organizer,
            "key_id": self.key_id.hex(), "public_key": self.public_raw.hex(), "public_key_pem": pem,
        }, ensure_ascii=False, indent=2) + "\n"


def read_public_key(path: Path) -> PublicKey:
    """A public key file written by `judge-app cert-key` (JSON), or a bare PEM public key."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        from judge_app.services.contest.contest_access import ServiceError

        raise ServiceError(f"无法读取公钥文件 {path}: {exc} (cannot read public key)") from None
    from cryptography.hazmat.primitives import serialization

    try:
        if text.lstrip().startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode("ascii"))
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError("not an Ed25519 key")
            raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return PublicKey(key_id_of(raw), raw)
        data = json.loads(text)
        raw = bytes.fromhex(data["public_key"])
        if len(raw) != 32:
            raise ValueError("public key must be 32 bytes")
        return PublicKey(key_id_of(raw), raw, data.get("contest", ""), data.get("organizer", ""))
    except (ValueError, KeyError, TypeError) as exc:
        from judge_app.services.contest.contest_access import ServiceError

        raise ServiceError(f"公钥文件 {path} 格式不对: {exc} (not a public key file)") from None
