"""Run every benchmark in bench/ and write one table to docs/performance.md.

Each `bench_*.py` accepts `--json` and prints, as its last line, one JSON object (or a list of
them) with at least: name, what, ours, baseline, ratio, unit (and optionally baseline_what, note).
The table sits between the markers below; the prose around it is kept.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def run_one(script: Path) -> list[dict]:
    proc = subprocess.run([sys.executable, str(script), "--json"], capture_output=True, text=True, cwd=HERE.parent)
    if proc.returncode != 0:
        return [{"name": script.stem, "what": "FAILED", "note": (proc.stderr or proc.stdout).strip()[-300:]}]
    last = [line for line in proc.stdout.splitlines() if line.strip()][-1]
    data = json.loads(last)
    return data if isinstance(data, list) else [data]


def table(results: list[dict]) -> str:
    lines = [
        f"Run {dt.datetime.now().astimezone().isoformat(timespec='minutes')} on {platform.machine()}, "
        f"Python {platform.python_version()}.",
        "",
        "| benchmark | what | ours | baseline (same run) | ratio | note |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        unit = r.get("unit", "")
        ours = f"{r['ours']} {unit}".strip() if "ours" in r else "—"
        base = f"{r['baseline']} {unit}".strip() if "baseline" in r else "—"
        if r.get("baseline_what"):
            base += f" ({r['baseline_what']})"
        ratio = f"{r['ratio']}×" if "ratio" in r else "—"
        lines.append(f"| {r['name']} | {r.get('what', '')} | {ours} | {base} | {ratio} | {r.get('note', '')} |")
    return "\n".join(lines)


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    only = set(sys.argv[1:])
    results = []
    for script in scripts:
        if only and script.stem.removeprefix("bench_") not in only:
            continue
        print(f"running {script.name} …", flush=True)
        for r in run_one(script):
            print("  ", json.dumps(r, ensure_ascii=False))
            results.append(r)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n\n"
    block = f"{BEGIN}\n{table(results)}\n{END}"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n## Summary (bench/run.py)\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0 if all(r.get("what") != "FAILED" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
