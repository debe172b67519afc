"""Use case: seal a round at its sign-off, and check the seal before anything official is issued.

The seal (`domain.seal`) covers the round's definition, every input and the published result
(`store.seal_inputs` plus the result computed now), signed with the organizer's key
(`services.contest_key`). `check` recomputes it: `rank` warns on a broken seal, the notice,
certificates, showcase, exports and the stage refuse (`require_intact`), and `audit verify`
reports it. The sign-off's audit event repeats the digest and key, so deleting or replacing
the seal row is noticed too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session, select

from judge_app.domain import audit_target
from judge_app.domain import seal as sealing
from judge_app.domain.results import RoundResult, compute_round
from judge_app.services.certificate_signing import signature_ok
from judge_app.services.contest_access import ServiceError, require_contest
from judge_app.services.contest_key import contest_signer
from judge_app.store import audit
from judge_app.store.contest_store import StoredContest, load_contest
from judge_app.store.database import Database
from judge_app.store.models import RoundSealRow, SignoffRow
from judge_app.store.round_inputs import load_round_inputs
from judge_app.store.seal_inputs import ALL_SCORES, FORMAT, FORMAT_KEY, round_material, score_material

NOT_SIGNED, UNSEALED, INTACT, BROKEN = "not-signed", "unsealed", "intact", "broken"


class SealBroken(ServiceError):
    """The signed-off round's data no longer matches its seal: nothing official is issued."""


@dataclass(frozen=True)
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


def _result_material(result: RoundResult) -> dict[str, list]:
    return {s.code: [{"components": s.components, "total": s.total, "rank": s.rank, "award": s.award}]
            for s in result.standings}


def current_manifest(session: Session, stored: StoredContest, round_key: str,
                     result: RoundResult | None = None, form: int = FORMAT,
                     sealed: sealing.Manifest | None = None) -> sealing.Manifest:
    """The manifest of the round as it stands: its tables and the result computed from them
    (`result`: the one the caller already computed and is about to show, e.g. `rank`'s), in the
    format `form` of the seal it is compared with. With `sealed` (checking, format 2), the score
    table is hashed as a whole first; only when that differs from the seal are its entries
    worked out (the sealed manifest is signed, so equal wholes mean equal entries)."""
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


def seal_round(session: Session, stored: StoredContest, round_key: str, signoff: SignoffRow,
               actor: str) -> RoundSealRow:
    """Seal the round for this (just added) sign-off, signed with the organizer's key."""
    sealed = current_manifest(session, stored, round_key)
    full = sealing.digest(sealed)
    key = contest_signer(session, stored, actor)
    row = RoundSealRow(signoff_id=signoff.id, round_key=round_key, digest=full,
                       manifest=sealing.canonical(sealed).decode("utf-8"),
                       signature=key.sign(sealing.signed_body(round_key, full)).hex(),
                       key_id=key.key_id.hex(), public_key=key.public_raw.hex(), sealed_at=signoff.signed_at)
    session.add(row)
    session.flush()
    return row


def _current_signoff(session: Session, round_key: str) -> SignoffRow | None:
    return session.exec(select(SignoffRow).where(SignoffRow.round_key == round_key, SignoffRow.revoked_at == None)  # noqa: E711
                        .order_by(SignoffRow.id.desc())).first()


def _signoff_event(session: Session, round_key: str) -> dict:
    """What the newest sign-off event of the round recorded (digest, key), {} for older sign-offs."""
    row = session.execute(text("SELECT new FROM audit_event WHERE action = 'signoff' AND target = :t "
                               "ORDER BY id DESC LIMIT 1"), {"t": f"signoff:{round_key}"}).first()
    try:
        value = json.loads(row[0]) if row and row[0] else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _vanished_signoff(session: Session, round_key: str) -> str | None:
    """The seal digest of a sign-off the trail holds as current although its row is gone (None: none)."""
    last = session.execute(text("SELECT id, new FROM audit_event WHERE action = 'signoff' AND target = :t "
                                "ORDER BY id DESC LIMIT 1"), {"t": f"signoff:{round_key}"}).first()
    if last is None:
        return None
    for action, target in session.execute(text(
            "SELECT action, target FROM audit_event WHERE id > :i AND action IN ('unlock', 'seal.void')"),
            {"i": last[0]}):
        parsed = audit_target.parse(target)
        if parsed is not None and parsed[1] == round_key:
            return None
    try:
        recorded = json.loads(last[1]) if last[1] else {}
    except ValueError:
        recorded = {}
    return str(recorded.get("seal") or "?") if isinstance(recorded, dict) else "?"


def check_in_session(session: Session, stored: StoredContest, round_key: str,
                     result: RoundResult | None = None) -> SealCheck:
    signoff = _current_signoff(session, round_key)
    if signoff is None:
        vanished = _vanished_signoff(session, round_key)
        if vanished is not None:
            return SealCheck(round_key, BROKEN, vanished, "签署记录在软件外被删除或撤销 (the sign-off row was removed "
                                                          "outside the app)")
        return SealCheck(round_key, NOT_SIGNED)
    recorded = _signoff_event(session, round_key)
    row = session.exec(select(RoundSealRow).where(RoundSealRow.signoff_id == signoff.id)
                       .order_by(RoundSealRow.id.desc())).first()
    if row is None:
        if recorded.get("seal"):
            return SealCheck(round_key, BROKEN, recorded["seal"], "封印记录被删除 (the seal row was deleted)")
        return SealCheck(round_key, UNSEALED)
    if row.voided_at:
        return SealCheck(round_key, BROKEN, row.digest, f"封印已于 {row.voided_at} 作废: {row.void_reason} (seal voided)")
    if recorded.get("seal") != row.digest or recorded.get("key_id") != row.key_id:
        return SealCheck(round_key, BROKEN, row.digest,
                         "封印与签署时审计记录中的摘要或密钥不符 (the seal differs from the one recorded at sign-off)")
    try:
        signature = bytes.fromhex(row.signature)
        public = bytes.fromhex(row.public_key)
        sealed = json.loads(row.manifest)
    except ValueError:
        return SealCheck(round_key, BROKEN, row.digest, "封印记录无法读取 (the seal record is unreadable)")
    if len(public) != 32 or not signature_ok(public, sealing.signed_body(round_key, row.digest), signature):
        return SealCheck(round_key, BROKEN, row.digest, "封印的签名不符 (the seal's signature does not match)")
    if sealing.digest(sealed) != row.digest:
        return SealCheck(round_key, BROKEN, row.digest, "封印清单与摘要不符 (the sealed manifest does not match its digest)")
    form = FORMAT if FORMAT_KEY in sealed else 1  # seals made before format 2 keep verifying
    found = sealing.differences(sealed, current_manifest(session, stored, round_key, result, form, sealed))
    if found:
        return SealCheck(round_key, BROKEN, row.digest, sealing.describe(found), found)
    return SealCheck(round_key, INTACT, row.digest)


def check(db: Database, round_key: str, result: RoundResult | None = None) -> SealCheck:
    """Recompute the seal of the round's current sign-off (NOT_SIGNED when there is none).
    `result`: the round's result the caller computed and shows (`rank`, the results page), so
    it is the shown result that is compared with the sealed one, and not computed twice."""
    if result is not None and result.round.key != round_key:
        raise ValueError("the result of another round")
    with db.session() as session:
        stored = require_contest(session)
        return check_in_session(session, stored, round_key, result)


def check_all(db: Database) -> list[SealCheck]:
    """Every signed-off round's seal, in round order (for `audit verify`); none in a file without a contest."""
    with db.session() as session:
        stored = load_contest(session)
        if stored is None:
            return []
        checks = [check_in_session(session, stored, r.key) for r in stored.contest.rounds]
    return [c for c in checks if c.status != NOT_SIGNED]


def require_intact(session: Session, round_key: str) -> SealCheck:
    """Refuse (SealBroken) when the round's seal no longer matches; call before issuing anything official."""
    stored = require_contest(session)
    found = check_in_session(session, stored, round_key)
    if found.broken:
        raise SealBroken(found.message())
    return found


def void_seals(session: Session, digests: dict[str, str], reason: str, actor: str) -> None:
    """Record, in a restored file, that the seals it no longer holds were voided by the restore."""
    for round_key, full in sorted(digests.items()):
        audit.record(session, actor, "seal.void", f"signoff:{round_key}",
                     old={"seal": full}, new={"voided": True, "reason": reason})


def current_seals(session: Session) -> dict[str, str]:
    """round → digest of each current, unvoided seal."""
    return {r: d for r, d in session.execute(text(
        "SELECT s.round_key, s.digest FROM round_seal s JOIN signoff o ON o.id = s.signoff_id "
        "WHERE o.revoked_at IS NULL AND s.voided_at IS NULL"))}
