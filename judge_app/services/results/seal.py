"""Use case: seal a round at its sign-off, and check the seal before anything official is issued.

The seal (`domain.seal`) covers the round's definition, every input and the published result
(`store.seal_inputs` plus the result computed now), signed with the organizer's key
(`services.integrity.contest_key`). `check` recomputes it: `rank` warns on a broken seal, the notice,
certificates, showcase, exports and the stage refuse (`require_intact`), and `audit verify`
reports it. The sign-off's audit event repeats the digest and key, so deleting or replacing
the seal row is noticed too.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session, select

from judge_app.domain import seal as sealing
from judge_app.domain.results import RoundResult
from judge_app.services.contest.contest_access import ServiceError, require_contest
from judge_app.services.integrity.contest_key import contest_signer
from judge_app.store import audit
from judge_app.store.contest_store import StoredContest, load_contest
from judge_app.store.database import Database
from judge_app.store.models import RoundSealRow, SignoffRow
from judge_app.services.results.seal_check import (  # noqa: F401 (BROKEN, INTACT, … are imported from here too)
    BROKEN, INTACT, NOT_SIGNED, UNSEALED, SealCheck, SealRecord, current_manifest, verdict,
)


class SealBroken(ServiceError):
    """The signed-off round's data no longer matches its seal: nothing official is issued."""


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


def check_in_session(session: Session, stored: StoredContest, round_key: str,
                     result: RoundResult | None = None) -> SealCheck:
    signoff = _current_signoff(session, round_key)
    seal = None
    if signoff is not None:
        row = session.exec(select(RoundSealRow).where(RoundSealRow.signoff_id == signoff.id)
                           .order_by(RoundSealRow.id.desc())).first()
        if row is not None:
            seal = SealRecord(row.digest, row.manifest, row.signature, row.key_id, row.public_key, row.voided_at,
                              row.void_reason)
    return verdict(round_key, signoff is not None, seal, lambda sql, params: session.execute(text(sql), params).all(),
                   lambda form, sealed: current_manifest(session, stored, round_key, result, form, sealed))


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


def require_intact(session: Session, round_key: str, stored: StoredContest | None = None,
                   result: RoundResult | None = None) -> SealCheck:
    """Refuse (SealBroken) when the round's seal no longer matches; call before issuing anything official.
    `stored`, `result`: the contest and the round's result the caller already has and is about to
    print (compared with the seal as they are, not loaded and computed again)."""
    stored = stored or require_contest(session)
    found = check_in_session(session, stored, round_key, result)
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
