"""The seal of a signed-off round: a canonical digest of everything its result depends on.

What is sealed is a *manifest*: for each table the round's result depends on (the contest
definition, every input, the published result), for each row key in it (an entry code, a
component key, a judge code …), the SHA-256 of that key's rows in canonical form. The seal's
digest is the SHA-256 of the canonical manifest; the organizer signs the digest.

Canonical form: JSON, keys sorted, no spaces, UTF-8, non-ASCII kept; a value that is not a
JSON type is written as its text (`Decimal` → "12.50"); readers give booleans as 0/1 so SQLite
and PostgreSQL give the same bytes. Lists keep their order, so a reader orders its rows.
Keeping one hash per row key, not only the total, is what lets a broken seal name the table
and the entry that differ.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from judge_app.domain.records import frozen_record

SHORT = 16  # hex digits of the digest printed on the results notice
RESULT = "result"  # the table of the published result (computed, not stored)


def _text(value):
    """Values JSON has no type for: bytes as hex, anything else (Decimal, date) as its text."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def canonical(value) -> bytes:
    """The one byte form of a value: what is hashed, on every machine and database engine.
    (Readers give booleans as 0/1: SQLite and PostgreSQL return them differently.)"""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_text).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


Material = Mapping[str, Mapping[str, object]]  # table → row key → that key's rows (any JSON-able value)
Manifest = dict[str, dict[str, str]]  # table → row key → hash


def manifest(material: Material) -> Manifest:
    """Hash each row key's rows of each table."""
    return {table: {key: sha256(canonical(rows)) for key, rows in sorted(keys.items())}
            for table, keys in sorted(material.items())}


def digest(sealed: Manifest) -> str:
    """The seal's digest: SHA-256 of the canonical manifest (what the organizer signs)."""
    return sha256(canonical(sealed))


def short(full_digest: str) -> str:
    return full_digest[:SHORT]


@frozen_record
class Difference:
    table: str
    key: str
    kind: str  # changed | added | removed

    def __str__(self) -> str:
        verb = {"changed": "被修改 (changed)", "added": "被添加 (added)", "removed": "被删除 (removed)"}[self.kind]
        return f"表 {self.table} 中 {self.key} {verb}"


def differences(sealed: Manifest, now: Manifest) -> list[Difference]:
    """What differs between the manifest sealed at sign-off and the one computed now; the
    published result's differences come last (they follow from the others)."""
    found: list[Difference] = []
    for table in sorted(set(sealed) | set(now), key=lambda t: (t == RESULT, t)):  # causes before the result
        old, new = sealed.get(table, {}), now.get(table, {})
        for key in sorted(set(old) | set(new)):
            if key not in new:
                found.append(Difference(table, key, "removed"))
            elif key not in old:
                found.append(Difference(table, key, "added"))
            elif old[key] != new[key]:
                found.append(Difference(table, key, "changed"))
    return found


def describe(found: list[Difference], limit: int = 5) -> str:
    """One line naming what differs (the first few), for refusals and warnings."""
    text = "; ".join(str(d) for d in found[:limit])
    if len(found) > limit:
        text += f"; 另有 {len(found) - limit} 处 (and {len(found) - limit} more)"
    return text


def signed_body(round_key: str, full_digest: str) -> bytes:
    """The bytes the organizer's key signs: which round, which digest."""
    return canonical({"format": "judge_app-seal/1", "round": round_key, "digest": full_digest})
