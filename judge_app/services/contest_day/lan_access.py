"""Use cases for the host of LAN scoring: judges' personal links, the entry on stage, closing an entry.

A judge's link carries a random token (`secrets.token_urlsafe`, 256 bits). Only its SHA-256 is
stored, so a copy of the database does not give anyone a working link; the token is shown once,
when it is issued. A token works for one judge and one round until it is revoked; issuing a new
one for the same judge and round revokes the old one. Every change here is audited.
A link lets its judge enter scores without an account, so issuing or revoking links needs the
"import" permission (administrator or clerk) once accounts exist.

The entry on stage is one row per round (`current_entry`): the host console, `lan current` and
the host API all move it through `set_current_entry`, and close or reopen scoring through
`close_entry`, both with the "stage" permission once accounts exist — a judge account cannot
move the stage or close an entry from any front end.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, select

from judge_app.domain.contest import Round
from judge_app.domain.rules import is_judged
from judge_app.services.contest.contest_access import ServiceError, require_contest, require_round
from judge_app.services.integrity.users import require_role
from judge_app.store import audit
from judge_app.store.contest_store import StoredContest
from judge_app.store.database import Database
from judge_app.store.models import ClosedEntryRow, CurrentEntryRow, JudgeRow, JudgeTokenRow, RoundRow

TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    judge: str
    judge_name: str
    round: str
    token: str  # shown once; only its hash is stored


@dataclass(frozen=True)
class TokenInfo:
    id: int
    judge: str
    judge_name: str
    round: str
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True)
class JudgeAccess:
    """Who a valid token belongs to."""

    token_id: int
    judge: str
    judge_name: str
    round: str


def panel_judges(round_: Round, stored: StoredContest) -> list:
    """Judges sitting on at least one panel of the round, in code order."""
    panels = {round_.panel_key(c.key) for c in round_.components if is_judged(c)}
    return [j for j in stored.contest.judges if panels & set(j.panels)]


def _select_judges(stored: StoredContest, round_: Round, judge_code: str | None) -> list:
    judges = panel_judges(round_, stored)
    if judge_code is None:
        if not judges:
            raise ServiceError(f"{round_.name} 没有评委 (no judges sit on this round's panels)")
        return judges
    chosen = [j for j in judges if j.code == judge_code]
    if not chosen:
        raise ServiceError(f"评委 {judge_code!r} 不在 {round_.name} 的评审组 (judge not on this round's panels)")
    return chosen


def _revoke_active(session: Session, judge_id: int, round_id: int, at: str) -> int:
    t = JudgeTokenRow.__table__
    result = session.execute(
        update(t).where(t.c.judge_id == judge_id, t.c.round_id == round_id, t.c.revoked_at.is_(None)).values(revoked_at=at)
    )
    return result.rowcount


def issue_tokens(db: Database, round_key: str, judge_code: str | None, actor: str,
                 before_commit: Callable[[list[IssuedToken]], None] | None = None) -> list[IssuedToken]:
    """New links for one judge or every judge of the round; any earlier link of theirs stops working.

    `before_commit(issued)` runs after the change is written but before it is committed: if it
    raises, nothing changes and the earlier links keep working (cards are printed that way).
    """
    issued = []
    with db.session() as session:
        stored = require_contest(session)
        round_ = require_round(stored, round_key)
        require_role(session, actor, "import")
        at = audit.now()
        round_id = stored.ids.rounds[round_key]
        for judge in _select_judges(stored, round_, judge_code):
            jid = stored.ids.judges[judge.code]
            revoked = _revoke_active(session, jid, round_id, at)
            token = secrets.token_urlsafe(TOKEN_BYTES)
            session.add(JudgeTokenRow(judge_id=jid, round_id=round_id, token_hash=token_hash(token),
                                      created_at=at, created_by=actor))
            audit.record(session, actor, "token.issue", f"token:{round_key}:{judge.code}",
                         {"revoked": revoked} if revoked else None, {"issued": at}, at)
            issued.append(IssuedToken(judge.code, judge.name, round_key, token))
        if before_commit is not None:
            session.flush()  # a refusal from the database comes now, before anything is printed
            before_commit(issued)
    return issued


def revoke_tokens(db: Database, round_key: str, judge_code: str | None, actor: str) -> int:
    """Revoke the active links of one judge or of every judge of the round; returns how many."""
    count = 0
    with db.session() as session:
        stored = require_contest(session)
        round_ = require_round(stored, round_key)
        require_role(session, actor, "import")
        at = audit.now()
        for judge in _select_judges(stored, round_, judge_code):
            n = _revoke_active(session, stored.ids.judges[judge.code], stored.ids.rounds[round_key], at)
            if n:
                audit.record(session, actor, "token.revoke", f"token:{round_key}:{judge.code}", None, {"revoked": n}, at)
            count += n
    return count


def list_tokens(db: Database, round_key: str, judge_code: str | None = None) -> list[TokenInfo]:
    with db.session() as session:
        stored = require_contest(session)
        require_round(stored, round_key)
        names = {j.code: j.name for j in stored.contest.judges}
        code_of = {i: c for c, i in stored.ids.judges.items()}
        query = select(JudgeTokenRow).where(JudgeTokenRow.round_id == stored.ids.rounds[round_key]).order_by(JudgeTokenRow.id)
        rows = session.exec(query).all()
    out = [TokenInfo(r.id, code_of[r.judge_id], names[code_of[r.judge_id]], round_key, r.created_at, r.revoked_at) for r in rows]
    return [t for t in out if judge_code is None or t.judge == judge_code]


def authenticate(db: Database, token: str) -> JudgeAccess | None:
    """The judge and round a token opens, or None (unknown, malformed or revoked). One indexed query."""
    if not token or len(token) > 100:
        return None
    digest = token_hash(token)
    query = (
        select(JudgeTokenRow.id, JudgeTokenRow.token_hash, JudgeTokenRow.revoked_at, JudgeRow.code, JudgeRow.name, RoundRow.key)
        .join(JudgeRow, JudgeRow.id == JudgeTokenRow.judge_id)
        .join(RoundRow, RoundRow.id == JudgeTokenRow.round_id)
        .where(JudgeTokenRow.token_hash == digest)
    )
    with db.session() as session:
        row = session.exec(query).first()
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.token_hash, digest):
        return None
    return JudgeAccess(row.id, row.code, row.name, row.key)


def _entry_id(stored: StoredContest, round_: Round, entry_code: str) -> int:
    entry = next((e for e in stored.contest.entries if e.code == entry_code), None)
    if entry is None:
        raise ServiceError(f"未知作品编号 {entry_code!r} (unknown entry code)")
    if not entry.in_round(round_.key):
        raise ServiceError(f"作品 {entry_code} 不参加 {round_.name} (entry not in this round)")
    return stored.ids.entries[entry_code]


def require_host(db: Database, actor: str) -> None:
    """Refuse unless `actor` may run the stage (checked when `serve` starts, before any request)."""
    with db.session() as session:
        require_role(session, actor, "stage")


def set_current_entry(db: Database, round_key: str, entry_code: str | None, actor: str) -> bool:
    """Put an entry on stage (None: nothing on stage); judges' phones switch to it. Returns whether it changed.

    The one place the entry on stage is set: the console, `lan current` and the host API call it.
    """
    with db.session() as session:
        stored = require_contest(session)
        round_ = require_round(stored, round_key)
        require_role(session, actor, "stage")
        entry_id = None if entry_code is None else _entry_id(stored, round_, entry_code)
        round_id = stored.ids.rounds[round_key]
        row = session.get(CurrentEntryRow, round_id)
        old = None
        at = audit.now()
        if row is None:
            session.add(CurrentEntryRow(round_id=round_id, entry_id=entry_id, set_at=at))
        else:
            old = next((c for c, i in stored.ids.entries.items() if i == row.entry_id), None)
            if old == entry_code:
                return False
            row.entry_id, row.set_at = entry_id, at
            session.add(row)
        audit.record(session, actor, "stage.current", f"stage:{round_key}", old, entry_code, at)
        return True


def current_entry(session: Session, stored: StoredContest, round_key: str) -> str | None:
    row = session.get(CurrentEntryRow, stored.ids.rounds[round_key])
    if row is None or row.entry_id is None:
        return None
    return next(c for c, i in stored.ids.entries.items() if i == row.entry_id)


def get_current_entry(db: Database, round_key: str) -> str | None:
    with db.session() as session:
        stored = require_contest(session)
        require_round(stored, round_key)
        return current_entry(session, stored, round_key)


def closed_entries(session: Session, stored: StoredContest, round_key: str) -> set[str]:
    code_of = {i: c for c, i in stored.ids.entries.items()}
    rows = session.exec(select(ClosedEntryRow.entry_id).where(ClosedEntryRow.round_id == stored.ids.rounds[round_key]))
    return {code_of[i] for i in rows.all()}


def close_entry(db: Database, round_key: str, entry_code: str, actor: str, closed: bool = True) -> bool:
    """Close (or reopen) scoring of an entry: judges can no longer correct it. Returns whether it changed."""
    with db.session() as session:
        stored = require_contest(session)
        round_ = require_round(stored, round_key)
        require_role(session, actor, "stage")
        key = (stored.ids.rounds[round_key], _entry_id(stored, round_, entry_code))
        row = session.get(ClosedEntryRow, key)
        if closed == (row is not None):
            return False
        at = audit.now()
        if closed:
            session.add(ClosedEntryRow(round_id=key[0], entry_id=key[1], closed_at=at, closed_by=actor))
        else:
            session.delete(row)
        audit.record(session, actor, "entry.close" if closed else "entry.reopen", f"entry:{round_key}:{entry_code}", at=at)
        return True


def stage_versions(db: Database) -> dict[str, str]:
    """Per round, a short text that changes whenever its entry on stage changes or is closed/reopened.

    One small query over every round, cheap enough for the server to repeat every tenth of a
    second for all waiting phones together (see judge_app.lan.follow); another process moving
    the stage (the console, `lan current`) is seen the same way as this one.
    """
    from judge_app.store.models import EntryRow

    closed = (select(ClosedEntryRow.entry_id)
              .where(ClosedEntryRow.round_id == CurrentEntryRow.round_id, ClosedEntryRow.entry_id == CurrentEntryRow.entry_id)
              .exists())
    query = (select(RoundRow.key, EntryRow.code, closed).select_from(CurrentEntryRow)
             .join(RoundRow, RoundRow.id == CurrentEntryRow.round_id)
             .outerjoin(EntryRow, EntryRow.id == CurrentEntryRow.entry_id))
    with db.session() as session:
        return {key: f"{code or ''}:{int(bool(is_closed))}" for key, code, is_closed in session.execute(query)}


@dataclass(frozen=True)
class JudgeCard:
    """What a judge's table card (桌签) prints: who, where they sit, and their personal link."""

    judge: str
    judge_name: str
    contest: str
    round: str
    round_name: str
    panels: tuple[str, ...]
    link: str
    address: str


def issue_cards(db: Database, round_key: str, judge_code: str | None, actor: str, base_url: str,
                render: Callable[[list[JudgeCard]], None] | None = None) -> list[JudgeCard]:
    """New links for the round's judges (revoking earlier ones, audited) with what their cards print.

    `render(cards)` draws the cards before the new links are committed: all or nothing, so a
    font or disk failure while printing leaves the judges' earlier links working.
    """
    with db.session() as session:
        stored = require_contest(session)
    round_ = require_round(stored, round_key)
    judges = {j.code: j for j in stored.contest.judges}
    base = base_url.rstrip("/")
    cards: list[JudgeCard] = []

    def made(issued: list[IssuedToken]) -> None:
        for t in issued:
            judge = judges[t.judge]
            panels = tuple(c.name for c in round_.components if is_judged(c) and judge.sits_on(round_key, c.key))
            cards.append(JudgeCard(t.judge, t.judge_name, stored.contest.name, round_key, round_.name, panels,
                                   f"{base}/j/{t.token}", base))
        if render is not None:
            render(cards)

    issue_tokens(db, round_key, judge_code, actor, made)
    return cards
