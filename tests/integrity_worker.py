"""A separate process for the crash and two-writer tests; prints a line after each save returns.

    python integrity_worker.py entry DB FIRST_JUDGE LAST_JUDGE [MAX_STEPS]
    python integrity_worker.py votes DB FILE...      (imports the files in turn, forever)
"""

from __future__ import annotations

import sys
from decimal import Decimal
from itertools import count

from judge_app.services.scores.score_entry import save_scores
from judge_app.services.votes.vote_import import import_votes
from judge_app.store.database import open_database


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def entry_values(step: int) -> dict[str, Decimal]:
    return {"a": Decimal(step % 11) / 2 + Decimal("0.5"), "b": Decimal(step % 7)}


def run_entry(db_path: str, first: int, last: int, max_steps: int | None) -> None:
    db = open_database(db_path, create=False)
    judges = [f"J{j}" for j in range(first, last + 1)]
    with db.session() as s:
        from sqlalchemy import text

        entries = [c for (c,) in s.execute(text("SELECT code FROM entry ORDER BY code"))]
    pairs = [(j, e) for e in entries for j in judges]
    say("ready")
    for step in count():
        if max_steps is not None and step >= max_steps:
            break
        judge, entry = pairs[step % len(pairs)]
        values = entry_values(step)
        say(f"saving {judge} {entry} {values['a']} {values['b']}")
        save_scores(db, "final", "expert", judge, entry, values, f"worker-{first}")
        say(f"saved {judge} {entry} {values['a']} {values['b']}")
    db.close()


def run_votes(db_path: str, files: list[str]) -> None:
    db = open_database(db_path, create=False)
    say("ready")
    for step in count():
        name = files[step % len(files)]
        say(f"importing {name}")
        import_votes(db, name, "final", "online", "worker")
        say(f"imported {name}")


if __name__ == "__main__":
    mode, db_path, *rest = sys.argv[1:]
    if mode == "entry":
        run_entry(db_path, int(rest[0]), int(rest[1]), int(rest[2]) if len(rest) > 2 else None)
    else:
        run_votes(db_path, rest)
