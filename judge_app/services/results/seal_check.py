"""Checking a signed-off round's seal: the verdict from what the tables hold.

Apart from `services.results.seal` (which seals, voids and reads through SQLModel) so that the light read
path — `judge-app rank` on a sound SQLite file, answered with `sqlite3` alone — reaches the very
same verdict: both hand `verdict` the sign-off, its seal record, a way to run the audit trail's
SQL and the manifest of the round as it stands (`current_manifest`, over a Session or a plain
connection: `store.seal_inputs` and `store.round_inputs` read either).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import field

from judge_app.domain import audit_target, ed25519
from judge_app.domain import seal as sealing
from judge_app.domain.results import RoundResult, compute_round
from judge_app.store.contest_ids import StoredContest
from judge_app.store.round_inputs import load_round_inputs
from judge_app.store.seal_inputs import ALL_SCORES, FORMAT, FORMAT_KEY, round_material, score_material
from judge_app.domain.records import frozen_record

NOT_SIGNED, UNSEALED, INTACT, BROKEN = "not-signed", "unsealed", "intact", "broken"

Rows = Callable[[str, dict], list]  # (SQL with :named parameters, parameters) → rows as tuples


@frozen_record
class SealCheck:
    round: str
    status: str
    digest: str = ""
    problem: str = ""
    differences: list[sealing.Difference] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        return self.status == BROKEN

    @property
    def short(self) -> str:
        return sealing.short(self.digest)

    def message(self) -> str:
        return (f"轮次 {self.round} 签署后的封印不符, 结果可能已被篡改: {self.problem} "
                f"(the sealed result of round {self.round} was changed after sign-off)")


@frozen_record
class SealRecord:
    """A `round_seal` row as stored."""

    digest: str
    manifest: str
    signature: str
    key_id: str
    public_key: str
    voided_at: str | None
    void_reason: str | None


def _result_material(result: RoundResult) -> dict[str, list]:
    return {s.code: [{"components": s.components, "total": s.total, "rank": s.rank, "award": s.award}]
            for s in result.standings}


def current_manifest(session, stored: StoredContest, round_key: str,
                     result: RoundResult | None = None, form: int = FORMAT,
                     sealed: sealing.Manifest | None = None) -> sealing.Manifest:
    """The manifest of the round as it stands: its tables and the result computed from them
    (`result`: the one the caller already computed and is about to show, e.g. `rank`'s), in the
    format `form` of the seal it is compared with. With `sealed` (checking, format 2), the score
    table is hashed as a whole first; only when that differs from the seal are its entries
    worked out (the sealed manifest is signed, so equal wholes mean equal entries).
    `session`: a Session or a plain sqlite3 connection (the light read path)."""
    quick = sealed is not None and form >= 2
    material = round_material(session, round_key, form, score_detail=not quick)
    if result is None:
        result = compute_round(stored.contest.round(round_key), load_round_inputs(session, stored, round_key))
    material[sealing.RESULT] = _result_material(result)
    now = sealing.manifest(material)
    if quick:
        was = sealed.get("score", {})
        if ALL_SCORES in was and now["score"].get(ALL_SCORES) == was[ALL_SCORES]:
            now["score"] = dict(was)
        else:
            now["score"] = sealing.manifest({"score": score_material(session, round_key)})["score"]
    return now


_SIGNOFF_EVENT = "SELECT id, new FROM audit_event WHERE action = 'signoff' AND target = :t ORDER BY id DESC LIMIT 1"
_ENDED = "SELECT action, target FROM audit_event WHERE id > :i AND action IN ('unlock', 'seal.void')"


def _recorded(value) -> dict:
    try:
        found = json.loads(value) if value else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def signoff_event(rows: Rows, round_key: str) -> dict:
    """What the newest sign-off event of the round recorded (digest, key), {} for older sign-offs."""
    found = rows(_SIGNOFF_EVENT, {"t": f"signoff:{round_key}"})
    return _recorded(found[0][1]) if found else {}


def vanished_signoff(rows: Rows, round_key: str) -> str | None:
    """The seal digest of a sign-off the trail holds as current although its row is gone (None: none)."""
    found = rows(_SIGNOFF_EVENT, {"t": f"signoff:{round_key}"})
    if not found:
        return None
    event_id, new = found[0]
    for _action, target in rows(_ENDED, {"i": event_id}):
        parsed = audit_target.parse(target)
        if parsed is not None and parsed[1] == round_key:
            return None
    try:
        recorded = json.loads(new) if new else {}
    except ValueError:
        recorded = {}
    return str(recorded.get("seal") or "?") if isinstance(recorded, dict) else "?"


def verdict(round_key: str, signed: bool, seal: SealRecord | None, rows: Rows,
            manifest_now: Callable[[int, sealing.Manifest], sealing.Manifest]) -> SealCheck:
    """The round's seal check: `signed` — a current sign-off exists; `seal` — its newest seal
    record; `manifest_now(form, sealed)` — the round as it stands, in the sealed manifest's format."""
    if not signed:
        vanished = vanished_signoff(rows, round_key)
        if vanished is not None:
            return SealCheck(round_key, BROKEN, vanished, "签署记录在软件外被删除或撤销 (the sign-off row was removed "
                                                          "outside the app)")
        return SealCheck(round_key, NOT_SIGNED)
    recorded = signoff_event(rows, round_key)
    if seal is None:
        if recorded.get("seal"):
            return SealCheck(round_key, BROKEN, recorded["seal"], "封印记录被删除 (the seal row was deleted)")
        return SealCheck(round_key, UNSEALED)
    if seal.voided_at:
        return SealCheck(round_key, BROKEN, seal.digest, f"封印已于 {seal.voided_at} 作废: {seal.void_reason} (seal voided)")
    if recorded.get("seal") != seal.digest or recorded.get("key_id") != seal.key_id:
        return SealCheck(round_key, BROKEN, seal.digest,
                         "封印与签署时审计记录中的摘要或密钥不符 (the seal differs from the one recorded at sign-off)")
    try:
        signature = bytes.fromhex(seal.signature)
        public = bytes.fromhex(seal.public_key)
        sealed = json.loads(seal.manifest)
    except ValueError:
        return SealCheck(round_key, BROKEN, seal.digest, "封印记录无法读取 (the seal record is unreadable)")
    if len(public) != 32 or not ed25519.verify(public, sealing.signed_body(round_key, seal.digest), signature):
        return SealCheck(round_key, BROKEN, seal.digest, "封印的签名不符 (the seal's signature does not match)")
    if sealing.digest(sealed) != seal.digest:
        return SealCheck(round_key, BROKEN, seal.digest, "封印清单与摘要不符 (the sealed manifest does not match its digest)")
    form = FORMAT if FORMAT_KEY in sealed else 1  # seals made before format 2 keep verifying
    found = sealing.differences(sealed, manifest_now(form, sealed))
    if found:
        return SealCheck(round_key, BROKEN, seal.digest, sealing.describe(found), found)
    return SealCheck(round_key, INTACT, seal.digest)
