"""The organizer's Ed25519 signing key: kept in the user's data directory, never in a contest file.

It signs the seal of each sign-off and every certificate. The key file is
`organizer-key.json` in `$JUDGE_APP_KEY_DIR`, else in `keys/` under the user data directory,
written with mode 0600 and created on first use. A contest file holds only public keys and
signatures, so a copy of it (a backup on a USB stick) is not enough to sign anything.

`export_key` writes the key as a passphrase-protected PKCS#8 PEM file (scrypt or the best
encryption the library offers); `import_key` reads one on another laptop.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from judge_app.services.documents.certificate_signing import key_id_of
from judge_app.services.contest.contest_access import ServiceError

KEY_DIR_ENV = "JUDGE_APP_KEY_DIR"
KEY_FILE = "organizer-key.json"
FORMAT = "judge_app-organizer-key/1"
MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class OrganizerKey:
    private_raw: bytes
    public_raw: bytes

    @property
    def key_id(self) -> bytes:
        return key_id_of(self.public_raw)

    def sign(self, body: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.private_raw).sign(body)


def key_dir() -> Path:
    given = os.environ.get(KEY_DIR_ENV)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("judge_app", appauthor=False)) / "keys"


def key_path() -> Path:
    return key_dir() / KEY_FILE


def _from_private(private_raw: bytes) -> OrganizerKey:
    key = Ed25519PrivateKey.from_private_bytes(private_raw)
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return OrganizerKey(private_raw, public)


def _write(key: OrganizerKey, created_at: str) -> None:
    path = key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(path.parent, 0o700)
    except OSError:
        pass
    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"format": FORMAT, "private_key": key.private_raw.hex(), "public_key": key.public_raw.hex(),
                   "created_at": created_at}, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def stored_key() -> OrganizerKey | None:
    """The key in the key directory, or None when there is none yet."""
    path = key_path()
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        key = _from_private(bytes.fromhex(data["private_key"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ServiceError(f"签名密钥文件 {path} 无法读取: {exc} (cannot read the signing key)") from None
    return key


def organizer_key(created_at: str, adopt: bytes | None = None) -> tuple[OrganizerKey, bool]:
    """The organizer's key, created on first use; (key, created). `adopt`: a private key to take
    as the new key when there is none yet (the key an older contest file held)."""
    key = stored_key()
    if key is not None:
        return key, False
    if adopt is not None:
        key = _from_private(adopt)
    else:
        key = _from_private(Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()))
    _write(key, created_at)
    return key, True


def _passphrase_ok(passphrase: str) -> bytes:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise ServiceError(f"口令至少 {MIN_PASSPHRASE} 个字符 (the passphrase needs at least {MIN_PASSPHRASE} characters)")
    return passphrase.encode("utf-8")


def export_key(out: Path, passphrase: str) -> OrganizerKey:
    """Write the key, protected by the passphrase, to `out` (mode 0600); refuses if there is no key."""
    secret = _passphrase_ok(passphrase)
    key = stored_key()
    if key is None:
        raise ServiceError(f"{key_path()} 中还没有签名密钥 (no signing key yet)")
    pem = Ed25519PrivateKey.from_private_bytes(key.private_raw).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(secret))
    out.unlink(missing_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return key


def import_key(path: Path, passphrase: str, created_at: str, replace: bool = False) -> OrganizerKey:
    """Install the key from an exported file; a different key already here is replaced only when asked."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ServiceError(f"无法读取 {path}: {exc} (cannot read the key file)") from None
    try:
        loaded = serialization.load_pem_private_key(data, password=(passphrase or "").encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise ServiceError(f"{path}: 口令不对或文件不是导出的签名密钥 ({exc}) (wrong passphrase or not a key file)") from None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ServiceError(f"{path}: 不是 Ed25519 密钥 (not an Ed25519 key)")
    key = _from_private(loaded.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                             serialization.NoEncryption()))
    here = stored_key()
    if here is not None and here.public_raw != key.public_raw and not replace:
        raise ServiceError(f"{key_path()} 中已有另一把签名密钥 (key id {here.key_id.hex()}); 加 --replace 替换 "
                           f"(another key is installed)")
    _write(key, created_at)
    return key
