"""Use case: the conflicts-of-interest matrix (回避), judge × entry, and manual additions."""

from __future__ import annotations

from dataclasses import dataclass

from judge_app.domain.contest import is_conflicted
from judge_app.services.contest.contest_access import ServiceError, require_contest
from judge_app.services.results.locks import judge_rounds, require_rounds_unlocked
from judge_app.services.integrity.users import require_role
from judge_app.store.conflicts import manual_conflicts, set_manual_conflict
from judge_app.store.database import Database
from judge_app.store.score_store import delete_scores, scores_of

SAME_UNIT = "unit"
MANUAL = "manual"


@dataclass(frozen=True)
class ConflictCell:
    kind: str  # SAME_UNIT or MANUAL
    reason: str


@dataclass(frozen=True)
class ConflictMatrix:
    judges: list[tuple[str, str]]  # (code, name)
    entries: list[tuple[str, str]]  # (code, title)
    cells: dict[tuple[str, str], ConflictCell]  # (judge, entry) → why; absent: no conflict


def conflict_matrix(db: Database) -> ConflictMatrix:
    with db.session() as session:
        stored = require_contest(session)
        manual = manual_conflicts(session)
    contest = stored.contest
    cells: dict[tuple[str, str], ConflictCell] = {}
    for j in contest.judges:
        for e in contest.entries:
            if is_conflicted(j.unit, e.unit):
                cells[(j.code, e.code)] = ConflictCell(SAME_UNIT, f"同单位 {e.unit} (same unit)")
            elif (j.code, e.code) in manual:
                cells[(j.code, e.code)] = ConflictCell(MANUAL, manual[(j.code, e.code)])
    return ConflictMatrix([(j.code, j.name) for j in contest.judges],
                          [(e.code, e.title) for e in contest.entries], cells)


class ScoresInTheWay(ServiceError):
    """The judge has scores for the entry: a conflict would leave them in the result."""


def set_conflict(db: Database, judge: str, entry: str, reason: str | None, actor: str,
                 remove_scores: bool = False) -> int:
    """Add a manual conflict with its reason, or remove it (reason None or empty).

    Adding one is refused (ScoresInTheWay) while the judge has scores for the entry, unless the
    same action removes them (`remove_scores`, each audited with its old values): a score the
    grid shows as 回避 must not count in the official total. Returns the sheets removed."""
    reason = reason.strip() if reason else None
    with db.session() as session:
        stored = require_contest(session)
        if judge not in stored.ids.judges:
            raise ServiceError(f"未知评委编号 {judge!r} (unknown judge code)")
        if entry not in stored.ids.entries:
            raise ServiceError(f"未知作品编号 {entry!r} (unknown entry code)")
        require_role(session, actor, "setup")
        judged = next(j for j in stored.contest.judges if j.code == judge)
        require_rounds_unlocked(session, stored, judge_rounds(stored, [judged]))
        removed = 0
        if reason:
            held = scores_of(session, stored.ids, judge, entry)
            if held and not remove_scores:
                where = ", ".join(f"{r}.{c}" for r, c in sorted(held))
                raise ScoresInTheWay(f"评委 {judge} 已为作品 {entry} 打分 ({where}); 设为回避须同时删除这些评分 "
                                     f"(the judge has scores for this entry; remove them with the conflict)")
            if held:
                removed = delete_scores(session, stored.ids, judge, entry, actor, f"回避: {reason}")
        set_manual_conflict(session, stored.ids, judge, entry, reason or None, actor)
        return removed


def list_conflicts(db: Database) -> list[tuple[str, str, str, str]]:
    """(judge, entry, kind, reason) of every conflict, same-unit and manual, judge then entry order."""
    matrix = conflict_matrix(db)
    return [(j, e, cell.kind, cell.reason) for (j, e), cell in matrix.cells.items()]
