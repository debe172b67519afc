"""Run every benchmark in bench/ and write one table to docs/performance.md.

    bench/run [NAME ...] [--timeout S] [--no-write]      (or: python bench/run.py, make bench)

NAME picks benchmarks by the part after `bench_` (e.g. `bench/run ranking startup`); none: all.

Each `bench_*.py` accepts `--json` and prints, as its last line, one JSON object (or a list of
them) with at least: name, what, ours, baseline, ratio, unit; optionally baseline_what, note and
better ("lower", the default, or "higher" for rates such as saves/s). `ratio` is ours ÷ baseline
of the two figures as given; the table states it in words the right way round ("2.0× slower",
"1.5× faster", "4.3× less memory") from ours, baseline and better.

Every benchmark runs in its own process group, one after another, with a timeout; one that fails
or times out gets a FAILED row with the end of its error output and the others still run. The
table sits between the markers below; the prose around it is kept. The records of the last run
are also written to bench/out/last-run.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

# The list first (ranking, vote import, certificates, stage latency, LAN load, audit cost,
# start-up time), then the rest; any other bench_*.py found runs after these.
ORDER = ("ranking", "votes", "certificates", "stage", "lan", "follow", "audit", "startup", "analytics", "workspace",
         "showcase", "seal", "campaign", "cli")
# Extra arguments per benchmark for the suite run (a smaller load for benches that take more than a
# few minutes at their own default size, more repeats where one run is too noisy); `--full` drops
# them. The issues' sizes (1,000,000 vote records, 500
# certificates, 2,000 entries × 15 judges × 6 criteria) are those benches' defaults and stay.
ARGS: dict[str, list[str]] = {
    "lan": ["--entries", "10"],  # 60 phones × 10 entries (600 submissions) instead of × 30: ~7 → ~2.5 min under load
    # best of three interleaved runs: on a shared machine one run of a few seconds can fall in a slow
    # spell that the next approach misses (pandas once took 6.7 s and 4.2 s in runs a minute apart)
    "votes": ["--repeat", "3"],
}
TIMEOUT_S = 900
MEMORY_UNITS = {"B", "KB", "MB", "GB", "bytes"}


def scripts(only: list[str] | None = None) -> list[Path]:
    found = {p.stem.removeprefix("bench_"): p for p in HERE.glob("bench_*.py")}
    names = [n for n in ORDER if n in found] + sorted(n for n in found if n not in ORDER)
    if only:
        unknown = sorted(set(only) - set(found))
        if unknown:
            raise SystemExit(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(names)})")
        names = [n for n in names if n in only]
    return [found[n] for n in names]


def _live_members(pgid: int) -> list[int] | None:
    """Processes of the group that are not zombies (Linux /proc); None where /proc is not available."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    members = []
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            members.append(int(stat.parent.name))
    return members


def _end_group(pgid: int) -> bool:
    """SIGKILL whatever is left in a bench's process group; True if anything was."""
    if _live_members(pgid) == []:
        return False
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # nothing left (PermissionError: only zombies, on macOS)
        return False
    deadline = time.monotonic() + 10
    while _live_members(pgid) and time.monotonic() < deadline:  # SIGKILL is delivered asynchronously
        time.sleep(0.05)
    return True


def _tail(text: str, limit: int = 300) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " / ".join(lines[-2:])[-limit:] if lines else "(no output)"


def failed(name: str, why: str) -> dict:
    return {"name": name, "what": "FAILED", "note": why}


def parse_output(name: str, stdout: str) -> list[dict]:
    """The records on the last non-empty line of a bench's stdout."""
    lines = [ln for ln in stdout.splitlines() if ln.strip()]
    if not lines:
        return [failed(name, "printed nothing")]
    try:
        data = json.loads(lines[-1])
    except json.JSONDecodeError:
        return [failed(name, f"last line is not JSON: {lines[-1][:200]}")]
    records = data if isinstance(data, list) else [data]
    if not records or not all(isinstance(r, dict) and "what" in r for r in records):
        return [failed(name, f"last line is not a record or list of records: {lines[-1][:200]}")]
    for r in records:
        r.setdefault("name", name)
    return records


def run_one(script: Path, timeout: float = TIMEOUT_S, extra: list[str] | None = None) -> list[dict]:
    """Run one bench with --json (and `extra`, default its ARGS); its records, or one FAILED record.
    Never raises for the bench's faults."""
    name = script.stem.removeprefix("bench_")
    extra = ARGS.get(name, []) if extra is None else extra
    cmd = [sys.executable, str(script), "--json", *extra]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    load = os.getloadavg()[0]
    at = dt.datetime.now().astimezone().isoformat(timespec="minutes")
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        # Output to files, not pipes: a process the bench left behind cannot keep us waiting for EOF.
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=ROOT, env=env,
                                start_new_session=True)  # its own process group: see below
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.kill()
            proc.wait()
        leftovers = _end_group(proc.pid)  # a timed-out bench's children, or processes a bench forgot to stop
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if timed_out:
        records = [failed(name, f"timed out after {timeout:.0f} s")]
    elif proc.returncode != 0:
        records = [failed(name, f"exit status {proc.returncode}: {_tail(stderr or stdout)}")]
    else:
        records = parse_output(name, stdout)
    if leftovers:
        for r in records:
            r["note"] = "; ".join(filter(None, [r.get("note"), "left processes running, ended by bench/run"]))
    seconds = time.perf_counter() - start
    for r in records:
        if extra:
            r["note"] = "; ".join(filter(None, [r.get("note"), f"bench/run passed {' '.join(extra)}"]))
        r["_bench"] = name
        r["_at"] = at
        r["_load"] = load
        r["_seconds"] = round(seconds, 1)
    return records


def _num(value) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:,}"


def _factor(f: float) -> str:
    return f"{f:,.0f}" if f >= 100 else f"{f:.1f}" if f >= 10 else f"{f:.2f}"


def comparison(r: dict) -> str:
    """Ours against the baseline in words, the right way round."""
    o, b = r.get("ours"), r.get("baseline")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in (o, b)):
        return "—"
    higher = r.get("better", "lower") == "higher"
    q = o / b
    factor = max(q, 1 / q)
    if factor < 1.005:
        return "same"
    good = q > 1 if higher else q < 1
    if r.get("unit") in MEMORY_UNITS:
        word = "less memory" if good else "more memory"
    else:
        word = "faster" if good else "slower"
    return f"{_factor(factor)}× {word}"


def ratio_mismatch(r: dict) -> str | None:
    """A note when the bench's own ratio is not ours ÷ baseline (a bench stating it the other way round)."""
    o, b, ratio = r.get("ours"), r.get("baseline"), r.get("ratio")
    try:
        expected = o / b
    except (TypeError, ZeroDivisionError):
        return None
    if not isinstance(ratio, (int, float)) or expected <= 0:
        return None
    if abs(ratio - expected) > 0.05 * expected + 0.01:
        return f"bench's ratio {ratio} is not ours ÷ baseline ({expected:.3g})"
    return None


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(results: list[dict]) -> str:
    stamps = sorted({r["_at"] for r in results if r.get("_at")}) or [dt.datetime.now().astimezone().isoformat(timespec="minutes")]
    when = stamps[0] if len(stamps) == 1 else f"{stamps[0]} to {stamps[-1]}"
    loads = [r["_load"] for r in results if isinstance(r.get("_load"), (int, float))]
    load_text = (f"; 1-minute load average {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores shared with "
                 "other work, so absolute times are inflated: compare the same-run ratios" if loads else "")
    lines = [
        f"`bench/run`, {when}, {platform.machine()}, Python {platform.python_version()}{load_text}. "
        "Each figure beside its baseline measured in the same run on the same data; *load* is the load "
        "average when that benchmark started.",
        "",
        "| benchmark | what | ours | baseline (same run) | ours vs baseline | load | note |",
        "|---|---|---:|---|---|---:|---|",
    ]
    for r in results:
        unit = r.get("unit", "")
        load = f"{r['_load']:.1f}" if isinstance(r.get("_load"), (int, float)) else ""
        if r.get("what") == "FAILED":
            lines.append(f"| {_cell(r['name'])} | **FAILED** | — | — | — | {load} | {_cell(r.get('note', ''))} |")
            continue
        ours = f"{_num(r['ours'])} {unit}".strip() if "ours" in r else "—"
        base = f"{_num(r['baseline'])} {unit}".strip() if "baseline" in r else "—"
        if r.get("baseline_what") and "baseline" in r:
            base += f" — {r['baseline_what']}"
        notes = [n for n in (r.get("note"), ratio_mismatch(r)) if n]
        lines.append(f"| {_cell(r['name'])} | {_cell(r.get('what', ''))} | {_cell(ours)} | {_cell(base)} | "
                     f"{comparison(r)} | {load} | {_cell('; '.join(notes))} |")
    return "\n".join(lines)


def write_doc(block_text: str, doc: Path = DOC) -> None:
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n\n"
    block = f"{BEGIN}\n{block_text}\n{END}"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n## Summary (bench/run)\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")


def merge(previous: list[dict], fresh: list[dict]) -> list[dict]:
    """The fresh records, with the previous run's records of benchmarks not run this time, in ORDER."""
    ran = {r["_bench"] for r in fresh}
    kept = [r for r in previous if r.get("_bench") and r["_bench"] not in ran]
    rank = {n: i for i, n in enumerate(ORDER)}
    every = kept + fresh
    return sorted(every, key=lambda r: (rank.get(r["_bench"], len(ORDER)), r["_bench"], every.index(r)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark and write the table in docs/performance.md.")
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {', '.join(ORDER)}); with names, "
                        "the other rows are kept from the last run (bench/out/last-run.json)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help=f"seconds allowed per benchmark ({TIMEOUT_S})")
    parser.add_argument("--full", action="store_true", help="every bench at its own default size (see ARGS)")
    parser.add_argument("--no-write", action="store_true", help="print the table, leave docs/performance.md alone")
    args = parser.parse_args(argv)
    # Started in the background by a shell, we inherit SIGINT ignored, and so would every bench (a
    # bench that stops a server with SIGINT then waits for ever): take the default handler back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    chosen = scripts(args.names)
    results: list[dict] = []
    for script in chosen:
        print(f"running {script.name} (load {os.getloadavg()[0]:.1f}) …", flush=True)
        for r in run_one(script, args.timeout, [] if args.full else None):
            print(f"   [{r['_seconds']:.0f} s]", json.dumps({k: v for k, v in r.items() if not k.startswith("_")},
                                                        ensure_ascii=False), flush=True)
            results.append(r)
    ok = all(r.get("what") != "FAILED" for r in results)
    last = HERE / "out" / "last-run.json"
    if args.names and last.exists():
        results = merge(json.loads(last.read_text(encoding="utf-8")), results)
    text = table(results)
    print(text)
    if not args.no_write:
        last.parent.mkdir(exist_ok=True)
        last.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        write_doc(text)
        print(f"wrote {DOC}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
