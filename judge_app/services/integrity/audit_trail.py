"""Use cases on the audit trail: verify the hash chain and the tables against it, the head."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from judge_app.store import audit
from judge_app.store.audit import ChainHead, ChainProblem, ChainReport

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms of a read-only command)
if TYPE_CHECKING:
    from judge_app.services.results.seal_check import SealCheck
    from judge_app.store.database import Database


@dataclass(frozen=True)
class Verification:
    events: int
    head: str
    problem: ChainProblem | None  # the first event altered, inserted or deleted, or a table value changed

    @property
    def ok(self) -> bool:
        return self.problem is None


def _with_seals(report: ChainReport, problem: ChainProblem | None, checks: Callable[[], list[SealCheck]]) -> Verification:
    if problem is None and report.events:
        broken = next((c for c in checks() if c.broken), None)
        if broken is not None:
            problem = ChainProblem(None, "seal", broken.message())
    return Verification(report.events, report.head, problem)


def verify(db: Database, expect_head: str | None = None) -> Verification:
    """Walk the whole chain; if it holds, replay it against the score, direct-score and vote tables,
    the lock and sign-off rows and the contest definition, then recompute each signed-off round's seal (signature and digest)."""
    with db.session() as session:
        report = audit.verify_chain(session, expect_head=expect_head)
        problem = report.problem or audit.reconcile(session) or audit.replay_locks(session) or _definition(session)

    def checks():
        from judge_app.services.results.seal import check_all

        return check_all(db)

    return _with_seals(report, problem, checks)


def verify_light(conn: sqlite3.Connection, expect_head: str | None = None) -> Verification:
    """`verify` over a plain sqlite3 connection (the light read path): the same checks, the same SQL."""
    report = audit.verify_chain(conn, expect_head=expect_head)
    problem = report.problem or audit.reconcile(conn) or audit.replay_locks(conn) or _definition(conn)

    def checks():
        from judge_app.services.results.light_reads import seal_checks

        return seal_checks(conn)

    return _with_seals(report, problem, checks)


def _definition(session) -> ChainProblem | None:
    """The contest definition replayed from its `definition.change` events against the tables
    (`session`: a Session or a plain sqlite3 connection)."""
    from judge_app.store import definition_audit

    found = definition_audit.replay(session)
    return None if found is None else ChainProblem(found[0], "data", found[1])


def head(db: Database) -> ChainHead:
    """The chain head to print on the results notice (`ChainHead.short` fits a line)."""
    with db.session() as session:
        return audit.chain_head(session)
