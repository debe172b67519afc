"""Benchmark: the cost of the hash-chained audit trail.

Ours: score saves through `score_entry.save_scores` and a 5,000-line sheet import through
`score_import.import_scores`, with the audit chain (write lock, newest link read, SHA-256 per
event, head record). Baseline, in the same run on the same machine: the same calls with
`audit.record_many` replaced by the plain insert it was before the chain. Saves alternate in
blocks between the two so machine noise hits both. `--json` for bench/run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from judge_app.domain.contest_file import parse_contest  # noqa: E402
from judge_app.services.integrity.audit_trail import verify  # noqa: E402
from judge_app.services.contest.contest_setup import create_contest  # noqa: E402
from judge_app.services.scores.score_entry import save_scores  # noqa: E402
from judge_app.services.scores.score_import import import_scores  # noqa: E402
from judge_app.store import audit  # noqa: E402
from judge_app.store.database import open_database  # noqa: E402
from judge_app.store.models import AuditEventRow  # noqa: E402

ENTRIES, JUDGES = 1000, 5  # the import: a 5,000-line sheet
SAVE_ENTRIES = 60  # score entry: a contest of realistic size (each save loads the contest)
BLOCK, BLOCKS = 30, 8

CHAINED = audit.record_many


def plain_record_many(session, events, actor=None):
    """The audit insert before the chain: no lock, no hashes, no head."""
    if events:
        session.execute(insert(AuditEventRow), events)


def use_chain(on: bool) -> None:
    audit.record_many = CHAINED if on else plain_record_many


def contest_toml(entries: int = ENTRIES) -> str:
    parts = ['[contest]\nname = "基准"\n[[rounds]]\nkey = "final"\nname = "决赛"\n',
             '[[rounds.components]]\nkey = "expert"\nname = "专家"\nkind = "panel"\nweight = 1\n',
             '[[rounds.components.criteria]]\nkey = "a"\nname = "甲"\nmax = 10\n',
             '[[rounds.components.criteria]]\nkey = "b"\nname = "乙"\nmax = 10\n']
    parts += [f'[[entries]]\ncode = "E{i:04d}"\ntitle = "作品{i}"\n' for i in range(entries)]
    parts += [f'[[judges]]\ncode = "J{j}"\nname = "评委{j}"\npanels = ["final.expert"]\n' for j in range(JUDGES)]
    return "\n".join(parts)


def new_db(folder: Path, name: str, entries: int = ENTRIES):
    db = open_database(str(folder / name), create=True)
    create_contest(db, parse_contest(contest_toml(entries)), "bench")
    return db


def saves_per_second(folder: Path) -> tuple[float, float]:
    dbs = {True: new_db(folder, "chain.sqlite", SAVE_ENTRIES), False: new_db(folder, "plain.sqlite", SAVE_ENTRIES)}
    rates: dict[bool, list[float]] = {True: [], False: []}
    step = {True: 0, False: 0}
    for _ in range(BLOCKS):
        for on in (True, False):
            use_chain(on)
            start = time.perf_counter()
            for _ in range(BLOCK):
                i = step[on]
                save_scores(dbs[on], "final", "expert", f"J{i % JUDGES}", f"E{i // JUDGES:04d}",
                            {"a": Decimal(i % 10), "b": Decimal(5)}, "bench")
                step[on] += 1
            rates[on].append(BLOCK / (time.perf_counter() - start))
    use_chain(True)
    assert verify(dbs[True]).ok
    for db in dbs.values():
        db.close()
    return statistics.median(rates[True]), statistics.median(rates[False])


def import_seconds(folder: Path) -> tuple[float, float, float, int]:
    sheet = folder / "sheet.csv"
    sheet.write_text("judge,entry,a,b\n" + "".join(
        f"J{j},E{i:04d},{(i + j) % 10},{j}\n" for i in range(ENTRIES) for j in range(JUDGES)), encoding="utf-8")
    times: dict[bool, list[float]] = {True: [], False: []}
    verify_s = events = 0
    for round_no in range(3):
        for on in (True, False):
            use_chain(on)
            db = new_db(folder, f"imp-{on}-{round_no}.sqlite")
            start = time.perf_counter()
            import_scores(db, sheet, "final", "expert", "bench")
            times[on].append(time.perf_counter() - start)
            if on:
                use_chain(True)
                start = time.perf_counter()
                report = verify(db)
                verify_s, events = time.perf_counter() - start, report.events
                assert report.ok
            db.close()
    use_chain(True)
    return min(times[True]), min(times[False]), verify_s, events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        chain_rate, plain_rate = saves_per_second(folder)
        chain_imp, plain_imp, verify_s, events = import_seconds(folder)
    lines = ENTRIES * JUDGES
    results = [
        {"name": "audit", "what": f"score saves per second (save_scores, {SAVE_ENTRIES}-entry contest, one audited transaction each)",
         "ours": round(chain_rate, 1), "baseline": round(plain_rate, 1), "baseline_what": "without the hash chain",
         "ratio": round(chain_rate / plain_rate, 3), "unit": "saves/s", "better": "higher",
         "note": f"medians of {BLOCKS} alternating blocks of {BLOCK}"},
        {"name": "audit", "what": f"import a {lines}-line score sheet", "ours": round(chain_imp, 3),
         "baseline": round(plain_imp, 3), "baseline_what": "without the hash chain",
         "ratio": round(chain_imp / plain_imp, 3), "unit": "s",
         "note": f"audit verify of the {events} events afterwards: {verify_s:.3f} s"},
    ]
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print(f"score saves/s:  with chain {chain_rate:8.1f}   without {plain_rate:8.1f}   ({plain_rate / chain_rate:.2f}× slower)")
        print(f"{lines}-line import: with chain {chain_imp:.3f} s   without {plain_imp:.3f} s   ({chain_imp / plain_imp:.2f}×)")
        print(f"audit verify of {events} events (chain + table replay): {verify_s:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
