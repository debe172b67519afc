"""Locking a component or a round, unlocking it, and the head judge's sign-off.

A locked component refuses every change to its scores; a locked round refuses every change
to any of its components. The rule lives here, where data is written: every service that
changes a round's inputs calls, inside its session and immediately before its first write,

    require_unlocked(session, stored, round_key, component_key)

(`stored` from `contest_access.require_contest(session)`; `component_key=None` for a change
to the round as a whole, refused if the round or any of its components is locked). It also
makes the session the database's single writer (SQLite's write lock, waiting up to the busy
timeout), so what the service reads after it cannot change under it before it commits.

Unlocking needs an administrator (once accounts exist) and a written reason; it is audited
and revokes the round's sign-off. A sign-off needs the whole round locked; certificates and
the results notice call `require_signed_off(session, round_key)` before they are issued, which
also checks the round's seal (`services.results.seal`: the sign-off signs a digest of the round's
definition, inputs and result with the organizer's key).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from judge_app.domain.chinese_dates import chinese_datetime
from judge_app.domain.results import RoundResult
from judge_app.services.contest.contest_access import ServiceError, require_contest, require_round
from judge_app.services.integrity.contest_key import contest_signer
from judge_app.services.results.seal import require_intact, seal_round
from judge_app.services.integrity.users import require_role
from judge_app.store import audit
from judge_app.store.contest_store import StoredContest
from judge_app.store.database import Database
from judge_app.store.models import LockRow, RoundSealRow, SignoffRow

MIN_REASON = 2


class Locked(ServiceError):
    """The round or component is locked; nothing was written."""


@dataclass(frozen=True)
class LockState:
    round: str
    component: str | None  # None: the whole round
    locked_at: str
    locked_by: str


@dataclass(frozen=True)
class Signoff:
    round: str
    head_judge: str
    signed_by: str
    signed_at: str
    chain_head: str
    seal: str = ""  # the seal's digest (domain.seal), "" for a sign-off made before seals

    @property
    def seal_short(self) -> str:
        return self.seal[:16]


def _where(round_key: str, component_key: str | None) -> str:
    return f"{round_key}.{component_key}" if component_key else round_key


def require_unlocked(session: Session, stored: StoredContest, round_key: str, component_key: str | None = None) -> None:
    """Take the write lock, then refuse (Locked) if the round or the component is locked."""
    audit.take_write_lock(session)
    rows = session.exec(select(LockRow).where(LockRow.round_key == round_key)).all()
    for row in rows:
        when = chinese_datetime(row.locked_at)  # 2025年9月18日 14:05, not the stored ISO text
        if row.component_key == "":
            raise Locked(f"轮次 {_round_name(stored, round_key)} 已由 {row.locked_by} 于 {when} 锁定, "
                         f"不能修改; 需管理员解锁 (round {round_key} is locked)")
        if component_key is None or row.component_key == component_key:
            raise Locked(f"{_component_name(stored, round_key, row.component_key)} 已由 {row.locked_by} 于 {when} 锁定, "
                         f"不能修改; 需管理员解锁 ({round_key}.{row.component_key} is locked)")


def entry_rounds(stored: StoredContest, codes) -> list[str]:
    """The rounds whose results change when these entries change (a new entry joins the first round)."""
    by_code = {e.code: e for e in stored.contest.entries}
    every = [r.key for r in stored.contest.rounds]
    found: dict[str, None] = {}
    for code in codes:
        entry = by_code.get(code)
        rounds = every[:1] if entry is None else (entry.rounds if entry.rounds is not None else every)
        found.update(dict.fromkeys(rounds))
    return list(found)


def judge_rounds(stored: StoredContest, judges) -> list[str]:
    """The rounds whose results change when these judges (their units, panels) change: every round
    a judge sits in, before or after the change."""
    by_code = {j.code: j for j in stored.contest.judges}
    found: dict[str, None] = {}
    for judge in judges:
        for panels in (judge.panels, by_code[judge.code].panels if judge.code in by_code else ()):
            found.update(dict.fromkeys(p.split(".", 1)[0] for p in panels))
    return list(found)


def require_rounds_unlocked(session: Session, stored: StoredContest, round_keys) -> None:
    """`require_unlocked` for each round a setup change touches (entries, judges, conflicts)."""
    audit.take_write_lock(session)
    for key in dict.fromkeys(round_keys):
        require_unlocked(session, stored, key)


def _round_name(stored: StoredContest, round_key: str) -> str:
    try:
        return f"{stored.contest.round(round_key).name} ({round_key})"
    except KeyError:
        return round_key


def _component_name(stored: StoredContest, round_key: str, component_key: str) -> str:
    """决赛 · 专家评审 for a component's lock message (the keys stay in the English gloss)."""
    try:
        round_ = stored.contest.round(round_key)
        return f"{round_.name} · {round_.component(component_key).name}"
    except KeyError:
        return f"{round_key}.{component_key}"


def _check_target(stored: StoredContest, round_key: str, component_key: str | None) -> None:
    round_ = require_round(stored, round_key)
    if component_key is not None and component_key not in {c.key for c in round_.components}:
        known = ", ".join(c.key for c in round_.components)
        raise ServiceError(f"轮次 {round_key} 中没有部分 {component_key!r}, 现有: {known} (unknown component)")


def lock(db: Database, round_key: str, component_key: str | None, actor: str) -> LockState:
    """Lock a component (or, with component_key None, the whole round). Backed up first, audited."""
    with db.session() as session:
        stored = require_contest(session)
        _check_target(stored, round_key, component_key)
        audit.take_write_lock(session)
        require_role(session, actor, "lock")
        existing = session.exec(select(LockRow).where(
            LockRow.round_key == round_key, LockRow.component_key == (component_key or ""))).first()
        if existing is not None:
            raise ServiceError(f"{_where(round_key, component_key)} 已于 {existing.locked_at} 锁定 (already locked)")
        db.backup(f"lock-{_where(round_key, component_key)}")
        row = LockRow(round_key=round_key, component_key=component_key or "", locked_at=audit.now(), locked_by=actor)
        session.add(row)
        audit.record(session, actor, "lock", f"lock:{_where(round_key, component_key)}", new={"locked": True})
        return LockState(round_key, component_key, row.locked_at, actor)


def unlock(db: Database, round_key: str, component_key: str | None, actor: str, reason: str) -> None:
    """Unlock with a written reason (administrator only once accounts exist); revokes the round's sign-off."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ServiceError(f"解锁须写明理由 (至少 {MIN_REASON} 个字) (unlocking needs a written reason)")
    with db.session() as session:
        stored = require_contest(session)
        _check_target(stored, round_key, component_key)
        audit.take_write_lock(session)
        require_role(session, actor, "unlock")
        row = session.exec(select(LockRow).where(
            LockRow.round_key == round_key, LockRow.component_key == (component_key or ""))).first()
        if row is None:
            raise ServiceError(f"{_where(round_key, component_key)} 没有锁定 (not locked)")
        db.backup(f"unlock-{_where(round_key, component_key)}")
        session.delete(row)
        revoked = []
        at = audit.now()
        for s in session.exec(select(SignoffRow).where(SignoffRow.round_key == round_key,
                                                       SignoffRow.revoked_at == None)).all():  # noqa: E711
            s.revoked_at = at
            session.add(s)
            revoked.append(s.head_judge)
        audit.record(session, actor, "unlock", f"lock:{_where(round_key, component_key)}",
                     old={"locked": True, "locked_by": row.locked_by, "locked_at": row.locked_at},
                     new={"locked": False, "reason": reason, "signoff_revoked": revoked or None}, at=at)


def locks(db: Database, round_key: str | None = None) -> list[LockState]:
    with db.session() as session:
        query = select(LockRow).order_by(LockRow.round_key, LockRow.component_key)
        if round_key:
            query = query.where(LockRow.round_key == round_key)
        return [LockState(r.round_key, r.component_key or None, r.locked_at, r.locked_by)
                for r in session.exec(query).all()]


def signoff(db: Database, round_key: str, head_judge: str, actor: str) -> Signoff:
    """Record the head judge's sign-off of a locked round; prints the chain head it vouches for."""
    head_judge = (head_judge or "").strip()
    if not head_judge:
        raise ServiceError("须写明主评委姓名 (the head judge's name is needed)")
    with db.session() as session:
        stored = require_contest(session)
        require_round(stored, round_key)
        audit.take_write_lock(session)
        require_role(session, actor, "signoff")
        whole = session.exec(select(LockRow).where(LockRow.round_key == round_key, LockRow.component_key == "")).first()
        if whole is None:
            raise ServiceError(f"须先锁定整个轮次 {round_key} 才能签署 (lock the whole round before signing off)")
        if _current_signoff(session, round_key) is not None:
            raise ServiceError(f"轮次 {round_key} 已签署 (already signed off)")
        at = audit.now()
        contest_signer(session, stored, actor)  # the key's registration, if any, comes before the head
        head = audit.chain_head(session).hash
        row = SignoffRow(round_key=round_key, head_judge=head_judge, signed_by=actor, signed_at=at, chain_head=head)
        session.add(row)
        session.flush()
        sealed = seal_round(session, stored, round_key, row, actor)
        audit.record(session, actor, "signoff", f"signoff:{round_key}",
                     new={"head_judge": head_judge, "chain_head": head, "seal": sealed.digest,
                          "key_id": sealed.key_id}, at=at)
        return Signoff(round_key, head_judge, actor, at, head, sealed.digest)


def _current_signoff(session: Session, round_key: str) -> SignoffRow | None:
    return session.exec(select(SignoffRow).where(SignoffRow.round_key == round_key, SignoffRow.revoked_at == None)  # noqa: E711
                        .order_by(SignoffRow.id.desc())).first()


def require_signed_off(session: Session, round_key: str, stored: StoredContest | None = None,
                       result: RoundResult | None = None) -> Signoff:
    """The round's current sign-off, or ServiceError: certificates and the notice are issued only after it.
    `stored`, `result`: as for `seal.require_intact`."""
    row = _current_signoff(session, round_key)
    if row is None:
        raise ServiceError(f"轮次 {round_key} 尚未由主评委签署, 不能出具证书或公告 (the round is not signed off)")
    sealed = require_intact(session, round_key, stored, result)
    return Signoff(row.round_key, row.head_judge, row.signed_by, row.signed_at, row.chain_head, sealed.digest)


def current_signoff(db: Database, round_key: str) -> Signoff | None:
    """The round's current sign-off as recorded (its seal is not checked here: `services.results.seal.check`)."""
    with db.session() as session:
        row = _current_signoff(session, round_key)
        if row is None:
            return None
        sealed = session.exec(select(RoundSealRow.digest).where(RoundSealRow.signoff_id == row.id)).first()
        return Signoff(row.round_key, row.head_judge, row.signed_by, row.signed_at, row.chain_head, sealed or "")
