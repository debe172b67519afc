"""Read-only use cases on the light read path — `rank` and the seal checks of `audit verify` —
from a plain sqlite3 connection (`store.light_read.connect`), without importing SQLAlchemy.

The same computation as `standings.round_report` (`domain.results.compute_round` over
`store.round_inputs`) and the same seal verdict as `seal.check` (`services.results.seal_check`), read with
the same SQL; tests compare both paths. A round this path does not find returns None, and the
command takes the full path for its refusal.
"""

from __future__ import annotations

import sqlite3

from judge_app.domain.results import RoundResult, compute_round
from judge_app.services.results.seal_check import NOT_SIGNED, SealCheck, SealRecord, current_manifest, verdict
from judge_app.store import light_read
from judge_app.store.contest_ids import StoredContest
from judge_app.store.round_inputs import load_round_inputs

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from judge_app.services.results.standings import RoundReport


def rank(conn: sqlite3.Connection, round_key: str) -> tuple[RoundReport, SealCheck] | None:
    """The round's report and seal check, or None (no contest, unknown round: the full path explains)."""
    from judge_app.services.results.standings import RoundReport  # here: audit verify does not need it

    stored = light_read.read_contest(conn)
    if stored is None or round_key not in stored.ids.rounds:
        return None
    round_ = stored.contest.round(round_key)
    report = RoundReport(stored.contest, compute_round(round_, load_round_inputs(conn, stored, round_key, detail=False)))
    return report, seal_check(conn, stored, round_key, report.result)  # the printed result is the one compared


def seal_checks(conn: sqlite3.Connection) -> list[SealCheck]:
    """Every signed-off round's seal, in round order, as `seal.check_all`."""
    stored = light_read.read_contest(conn)
    if stored is None:
        return []
    checks = [seal_check(conn, stored, r.key) for r in stored.contest.rounds]
    return [c for c in checks if c.status != NOT_SIGNED]


def seal_check(conn: sqlite3.Connection, stored: StoredContest, round_key: str,
               result: RoundResult | None = None) -> SealCheck:
    """The round's seal check, as `seal.check_in_session`."""
    signoff = light_read.current_signoff_id(conn, round_key)
    seal = None
    if signoff is not None:
        row = light_read.seal_of(conn, signoff)
        if row is not None:
            seal = SealRecord(row["digest"], row["manifest"], row["signature"], row["key_id"], row["public_key"],
                              row["voided_at"], row["void_reason"])
    return verdict(round_key, signoff is not None, seal, lambda sql, params: light_read.audit_rows(conn, sql, params),
                   lambda form, sealed: current_manifest(conn, stored, round_key, result, form, sealed))
