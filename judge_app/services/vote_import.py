"""Use case: import a voting platform's per-entry totals export for a `votes` component.

A new import replaces the component's previous tally as a whole; the old tally stays in the
database (marked not current) and the audit trail records old and new counts. `dry_run` checks
the file and reports the tally and scores it would give, writing nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, text, update

from judge_app.domain.contest import VOTES
from judge_app.domain.scoring import vote_scores
from judge_app.services.contest_access import CodeIndex, require_component, require_contest
from judge_app.services.locks import require_unlocked
from judge_app.services.users import require_role
from judge_app.sheets.columns import ENTRY_COLUMNS, VOTE_COLUMNS, parse_count, read_header
from judge_app.sheets.problems import InputRefused, Problem
from judge_app.sheets.reader import open_table
from judge_app.store import audit
from judge_app.store.database import Database
from judge_app.store.models import VoteImportRow, VoteTallyRow
from judge_app.store.round_inputs import round_entries

MAX_PROBLEMS = 100


@dataclass(frozen=True)
class VoteImportReport:
    source: str
    round: str
    component: str
    rows: int
    tally: dict[str, int]  # every entry of the round, absent ones with 0
    scores: dict[str, Decimal]
    dry_run: bool
    previous: dict[str, int] | None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_votes(db: Database, path: str | Path, round_key: str, component_key: str, actor: str,
                 dry_run: bool = False, sheet: str | None = None) -> VoteImportReport:
    table = open_table(path, sheet)
    with db.session() as session:
        stored = require_contest(session)
        round_, component = require_component(stored, round_key, component_key, VOTES)
        entries = {e.code: e for e in stored.contest.entries}
        index = CodeIndex(entries)
        header, rows = read_header(table, {"entry": ENTRY_COLUMNS, "votes": VOTE_COLUMNS})
        problems: list[Problem] = []
        tally: dict[str, int] = {}
        seen: dict[str, int] = {}
        count = 0
        for row in rows:
            if row.blank:
                continue
            if len(problems) >= MAX_PROBLEMS:
                break
            typed, typed_votes = header.cell(row, "entry"), header.cell(row, "votes")
            code = index.find(typed)
            if not typed:
                problems.append(Problem(table.name, row.number, "缺少作品编号 (missing entry code)"))
            elif code is None:
                problems.append(Problem(table.name, row.number, f"未知作品编号 {typed!r} (unknown entry code)"))
            elif not entries[code].in_round(round_key):
                problems.append(Problem(table.name, row.number, f"作品 {code} 不参加 {round_.name} (entry not in this round)"))
            elif code in seen:
                problems.append(Problem(table.name, row.number, f"作品 {code} 与第 {seen[code]} 行重复 (duplicate entry)"))
            elif (votes := parse_count(typed_votes)) is None:
                problems.append(Problem(
                    table.name, row.number, f"票数 {typed_votes!r} 不是非负整数 (vote count must be a non-negative integer)"
                ))
            else:
                seen[code] = row.number
                tally[code] = votes
                count += 1
        if problems:
            raise InputRefused(problems)
        if count == 0:
            raise InputRefused.one(table.name, header.row, "表头下没有票数数据 (no vote rows below the header)")

        if not dry_run:
            require_role(session, actor, "import")
            require_unlocked(session, stored, round_key, component_key)
            db.backup(f"votes.import-{round_key}.{component_key}")
        codes = round_entries(session, stored.ids.rounds[round_key])
        full = {code: tally.get(code, 0) for code in codes}
        scores = vote_scores(full, codes, round_.decimals)
        cid = stored.ids.components[(round_key, component_key)]
        previous_id = session.execute(
            text("SELECT id FROM vote_import WHERE component_id = :c AND current"), {"c": cid}
        ).scalar()
        previous = None
        if previous_id is not None:
            previous = dict(session.execute(
                text("SELECT e.code, t.votes FROM vote_tally t JOIN entry e ON e.id = t.entry_id "
                     "WHERE t.vote_import_id = :v"), {"v": previous_id},
            ).all())
        report = VoteImportReport(table.name, round_key, component_key, count, full, scores, dry_run, previous)
        if dry_run:
            return report
        session.execute(update(VoteImportRow).where(VoteImportRow.component_id == cid).values(current=False))
        batch = VoteImportRow(
            component_id=cid, source=table.name, sha256=file_sha256(table.path), rows_read=count,
            imported_at=audit.now(), imported_by=actor, current=True,
        )
        session.add(batch)
        session.flush()
        session.execute(insert(VoteTallyRow), [
            {"vote_import_id": batch.id, "entry_id": stored.ids.entries[code], "votes": votes}
            for code, votes in tally.items()
        ])
        audit.record(
            session, actor, "votes.replace" if previous is not None else "votes.import",
            f"votes:{round_key}.{component_key}", old=previous, new={"source": table.name, "tally": tally},
        )
    return report
