"""Benchmark: what the workbook guard costs on a normal import, and what refusing a bomb costs.

    .venv/bin/python bench/bench_workbook_guard.py [--rows 100000] [--repeat 3] [--json]

- ours: `import_votes` of a 100,000-row XLSX raw vote export (title row above the header), with the
  guard (`table_files.workbook_guard.check_workbook`: zip directory, inflating every part, scanning the
  sheet XML for its extent) — the import as the app runs it;
- baseline: the same import in the same run with the guard replaced by a no-op.
Each run is its own process; the runs alternate so both see the same load; the best of `--repeat`
is kept (the medians are printed too), by CPU time of the import call (wall time on a shared machine varies more than the guard costs). Target: the guard adds under 5 %. Also reported: the floor of any guard
that reads the sheet in Python (inflating it once, one search over it) as a share of the import. Also reported: the 5 KB dimension bomb of issue 17
(A1 and XFD1048576), refused by the guard — time and peak memory of that whole process.
`--json`: the last line is a JSON list for bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))


def _child(kind: str, path: str, db_path: str, toml: str) -> None:
    import resource

    from judge_app.domain.contest_file import parse_contest
    from judge_app.services.contest.contest_setup import create_contest
    from judge_app.services.votes.vote_import import import_votes
    from judge_app.table_files import reader
    from judge_app.table_files.problems import InputRefused
    from judge_app.store.database import open_database

    for suffix in ("", "-wal", "-shm"):
        Path(db_path + suffix).unlink(missing_ok=True)
    if kind == "unguarded":
        reader.check_workbook = lambda path: None
    db = open_database(db_path, create=True)
    create_contest(db, parse_contest(toml), "bench")
    t1, c1 = time.perf_counter(), time.process_time()
    refused = ""
    try:
        rows = import_votes(db, path, "final", "online", "bench").rows
    except InputRefused as exc:
        rows, refused = 0, str(exc)
    seconds, cpu = time.perf_counter() - t1, time.process_time() - c1
    db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(db_path + suffix).unlink(missing_ok=True)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": rows, "refused": refused,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def _run(kind: str, path: Path, toml: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(OUT / f"guard_{kind}.sqlite")],
                         input=toml, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _guard_alone(path: Path, repeat: int) -> float:
    """CPU seconds of the guard by itself (best of `repeat`)."""
    from judge_app.table_files.workbook_guard import check_workbook

    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        check_workbook(path)
        best = min(best, time.process_time() - t0)
    return best


def _floor(path: Path, repeat: int) -> tuple[float, float]:
    """CPU seconds (best of `repeat`) of the least any guard that reads the sheet in Python must
    do: inflate the sheet XML once (one zlib call) and make one pass over it (a regular
    expression with a literal prefix that matches nothing in a normal sheet). The reader places
    cells by their references and ignores `<dimension>`, so no guard can look at less."""
    import re
    import zipfile
    import zlib

    with zipfile.ZipFile(path) as book:
        info = max(book.infolist(), key=lambda i: i.file_size)  # the sheet
        with path.open("rb") as fh:
            fh.seek(info.header_offset + 26)
            name_len, extra_len = int.from_bytes(fh.read(2), "little"), int.from_bytes(fh.read(2), "little")
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            compressed = fh.read(info.compress_size)
    far = re.compile(rb'<c r="[A-Z]{4}')
    inflate = scan = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        xml = zlib.decompress(compressed, -15)
        t1 = time.process_time()
        assert far.search(xml) is None
        t2 = time.process_time()
        inflate, scan = min(inflate, t1 - t0), min(scan, t2 - t1)
    return inflate, scan


def _bomb(path: Path) -> Path:
    sys.path.insert(0, str(HERE.parent / "tests"))
    from hostile_support import dimension_bomb

    return dimension_bomb(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FILE", "DB"))
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], args.child[2], sys.stdin.read())
        return
    from votes_data import contest_toml, write_raw_xlsx

    OUT.mkdir(exist_ok=True)
    toml = contest_toml()
    xlsx = OUT / f"votes_raw_{args.rows}.xlsx"
    if not xlsx.exists():
        write_raw_xlsx(xlsx, args.rows)
    load_before = os.getloadavg()
    best: dict[str, dict] = {}
    cpus: dict[str, list[float]] = {"guarded": [], "unguarded": []}
    for _ in range(args.repeat):
        for kind in ("guarded", "unguarded"):
            r = _run(kind, xlsx, toml)
            assert r["rows"] == args.rows, r
            cpus[kind].append(r["cpu"])
            if kind not in best or r["cpu"] < best[kind]["cpu"]:
                best[kind] = r
    median = {kind: sorted(v)[len(v) // 2] for kind, v in cpus.items()}
    ours, base = best["guarded"], best["unguarded"]
    alone = _guard_alone(xlsx, args.repeat)
    inflate, scan = _floor(xlsx, max(3, args.repeat))
    floor = (inflate + scan) / base["cpu"]
    bomb = _run("guarded", _bomb(OUT / "dimension_bomb.xlsx"), toml)
    assert "too large" in bomb["refused"], bomb
    overhead = ours["cpu"] / base["cpu"] - 1
    print(f"{args.rows:,}-row XLSX ({xlsx.stat().st_size / 1e6:.1f} MB): import with guard {ours['cpu']:.2f} s CPU "
          f"({ours['seconds']:.2f} s wall), without {base['cpu']:.2f} s CPU ({base['seconds']:.2f} s wall): "
          f"{overhead:+.1%} (target < 5 %); the guard alone {alone * 1000:.0f} ms CPU; "
          f"peak {ours['peak_mb']:.0f} / {base['peak_mb']:.0f} MB; medians {median['guarded']:.2f} / "
          f"{median['unguarded']:.2f} s CPU ({median['guarded'] / median['unguarded'] - 1:+.1%})")
    print(f"the floor of a guard in Python: inflating the sheet once {inflate * 1000:.0f} ms + one search over it "
          f"{scan * 1000:.0f} ms = {floor:+.1%} of the import without the guard")
    print(f"dimension bomb (A1:XFD1048576, {(OUT / 'dimension_bomb.xlsx').stat().st_size} bytes): refused in "
          f"{bomb['seconds'] * 1000:.0f} ms, process peak {bomb['peak_mb']:.0f} MB")
    load_after = os.getloadavg()
    load = f"load {load_before[0]:.1f} -> {load_after[0]:.1f}"
    results = [
        {"name": "workbook_guard", "what": f"import a {args.rows:,}-row XLSX vote export with the workbook guard",
         "unit": "s", "ours": round(ours["cpu"], 2), "baseline": round(base["cpu"], 2),
         "baseline_what": "the same import without the guard", "ratio": round(ours["cpu"] / base["cpu"], 3),
         "note": f"CPU seconds of the import call, best of {args.repeat} (medians {median['guarded']:.2f} vs "
                 f"{median['unguarded']:.2f} s; wall {ours['seconds']:.2f} vs {base['seconds']:.2f} s); "
                 f"target < 5 % more; the guard alone {alone * 1000:.0f} ms CPU; the least a guard reading the sheet "
                 f"can cost (inflate once {inflate * 1000:.0f} ms + one search {scan * 1000:.0f} ms): {floor:+.1%}; {load}"},
        {"name": "workbook_guard", "what": "refuse the 5 KB A1:XFD1048576 workbook (whole import call)",
         "unit": "s", "ours": round(bomb["seconds"], 3), "baseline": round(base["seconds"], 2),
         "baseline_what": f"a normal {args.rows:,}-row import",
         "ratio": round(bomb["seconds"] / base["seconds"], 3),
         "note": f"process peak {bomb['peak_mb']:.0f} MB (target < 2 s, < 200 MB); without the guard the process aborts"},
    ]
    if args.json:
        print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
