"""bench/run: the table, a failing or hanging bench, the docs page, and every bench's --json option.

The benchmarks themselves are not run here (they take minutes); only their argument parsing.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"


def load_run():
    spec = importlib.util.spec_from_file_location("bench_run_under_test", BENCH / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run = load_run()

SAMPLES = [
    {"name": "ranking", "what": "official ranking", "ours": 569.0, "baseline": 286.0, "unit": "ms", "ratio": 1.99,
     "baseline_what": "SQL aggregate", "_load": 1.2, "_at": "2026-11-26T21:00+00:00", "_bench": "ranking"},
    {"name": "votes", "what": "import 1,000,000 records", "ours": 5.72, "baseline": 8.78, "unit": "s",
     "ratio": 0.651, "baseline_what": "pandas", "note": "CPU 5.60 vs 8.49 s", "_load": 0.9,
     "_at": "2026-11-26T21:05+00:00", "_bench": "votes"},
    {"name": "votes", "what": "peak memory", "ours": 123, "baseline": 541, "unit": "MB", "ratio": 0.227,
     "_bench": "votes"},
    {"name": "audit", "what": "score saves per second", "ours": 27.3, "baseline": 28.2, "unit": "saves/s",
     "better": "higher", "ratio": 0.968, "_bench": "audit"},
    {"name": "lan-sqlite", "what": "phones a | b", "ours": 11.8, "baseline": 21.6, "unit": "submissions/s",
     "better": "higher", "ratio": 1.83, "_bench": "lan"},
    {"name": "stage", "what": "one poll", "ours": 4.3, "baseline": 23352.7, "unit": "µs", "ratio": 0.000184,
     "_bench": "stage"},
    {"name": "certificates", "what": "FAILED", "note": "exit status 1: ServiceError: not signed off", "_load": 7.5,
     "_bench": "certificates"},
]


def rows_of(text: str) -> dict[str, str]:
    """Table line by its 'what' cell."""
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split(" | ")]
        if line.startswith("| ") and len(cells) > 2:
            out[cells[1].replace("*", "")] = line
    return out


def test_table_states_every_comparison_the_right_way_round():
    text = run.table(SAMPLES)
    rows = rows_of(text)
    assert "| 2.0× slower |" not in rows["official ranking"]  # 569/286 = 1.99, printed to two decimals
    assert "| 1.99× slower |" in rows["official ranking"]
    assert "569.0 ms" in rows["official ranking"] and "286.0 ms — SQL aggregate" in rows["official ranking"]
    assert "| 1.53× faster |" in rows["import 1,000,000 records"]
    assert "| 4.40× less memory |" in rows["peak memory"]
    assert "| 1.03× slower |" in rows["score saves per second"]  # a rate: fewer saves per second is slower
    assert "| 5,431× faster |" in rows["one poll"]
    assert "23,352.7 µs" in rows["one poll"]
    assert "0.9 |" in rows["import 1,000,000 records"]  # the load when that bench started


def test_table_shows_failures_and_a_ratio_stated_the_other_way_round():
    text = run.table(SAMPLES)
    rows = rows_of(text)
    failed = rows["FAILED"]
    assert failed.startswith("| certificates | **FAILED** |")
    assert "ServiceError: not signed off" in failed and "7.5" in failed
    lan = next(line for line in text.splitlines() if line.startswith("| lan-sqlite"))
    assert "phones a \\| b" in lan  # a pipe in a cell does not break the table
    assert "| 1.83× slower |" in lan
    assert "bench's ratio 1.83 is not ours ÷ baseline (0.546)" in lan
    assert "not ours ÷ baseline" not in rows["official ranking"]


def test_table_header_names_the_runs_and_load():
    header = run.table(SAMPLES).splitlines()[0]
    assert "2026-11-26T21:00+00:00 to 2026-11-26T21:05+00:00" in header
    assert "load average 0.9–7.5" in header


def write_bench(folder: Path, name: str, body: str) -> Path:
    path = folder / f"bench_{name}.py"
    path.write_text(body, encoding="utf-8")
    return path


def test_run_one_reads_the_last_line_and_survives_failures(tmp_path):
    good = write_bench(tmp_path, "good", "import json, sys\nassert '--json' in sys.argv\nprint('human text')\n"
                       "print(json.dumps({'what': 'x', 'ours': 1, 'baseline': 2, 'ratio': 0.5, 'unit': 's'}))\n")
    [record] = run.run_one(good, timeout=120, extra=[])
    assert record["name"] == "good" and record["ours"] == 1 and record["_bench"] == "good"

    crash = write_bench(tmp_path, "crash", "print('started')\nraise RuntimeError('the fixture is gone')\n")
    [record] = run.run_one(crash, timeout=120, extra=[])
    assert record["what"] == "FAILED" and "exit status 1" in record["note"]
    assert "RuntimeError: the fixture is gone" in record["note"]

    prose = write_bench(tmp_path, "prose", "print('no json here')\n")
    [record] = run.run_one(prose, timeout=120, extra=[])
    assert record["what"] == "FAILED" and "not JSON" in record["note"]


def test_run_one_ends_a_bench_past_its_timeout_with_its_children(tmp_path):
    marker = tmp_path / "child.pid"
    hang = write_bench(tmp_path, "hang", "import subprocess, sys, time\n"
                       f"child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
                       f"open({str(marker)!r}, 'w').write(str(child.pid))\n"
                       "time.sleep(120)\n")
    [record] = run.run_one(hang, timeout=3, extra=[])
    assert record["what"] == "FAILED" and "timed out after 3 s" in record["note"]
    child = int(marker.read_text())
    # the bench's own child went with it (a zombie until reaped by init is gone as far as we care)
    status = Path(f"/proc/{child}/status")
    assert not status.exists() or "State:\tZ" in status.read_text()


def test_run_one_ends_processes_a_bench_forgot_to_stop(tmp_path):
    marker = tmp_path / "server.pid"
    sloppy = write_bench(tmp_path, "sloppy", "import json, subprocess, sys\n"
                         "server = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
                         f"open({str(marker)!r}, 'w').write(str(server.pid))\n"
                         "print(json.dumps({'what': 'x', 'ours': 2, 'baseline': 1, 'unit': 's'}))\n")
    [record] = run.run_one(sloppy, timeout=120, extra=["--small"])
    assert record["ours"] == 2
    assert "left processes running, ended by bench/run" in record["note"]
    assert "bench/run passed --small" in record["note"]
    status = Path(f"/proc/{int(marker.read_text())}/status")
    assert not status.exists() or "State:\tZ" in status.read_text()


def test_write_doc_keeps_the_prose_around_the_markers(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\n\nintro\n\n{run.BEGIN}\nold table\n{run.END}\n\n## ranking\n\nnotes\n",
                   encoding="utf-8")
    run.write_doc("new table", doc)
    assert doc.read_text(encoding="utf-8") == (
        f"# Performance\n\nintro\n\n{run.BEGIN}\nnew table\n{run.END}\n\n## ranking\n\nnotes\n")
    fresh = tmp_path / "fresh.md"
    fresh.write_text("# Performance\n\nprose only\n", encoding="utf-8")
    run.write_doc("table", fresh)
    assert fresh.read_text(encoding="utf-8").startswith("# Performance\n\nprose only\n\n## Summary (bench/run)")
    text = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    assert text.count(run.BEGIN) == 1 and text.index(run.BEGIN) < text.index(run.END) < text.index("## ranking")


def test_a_partial_run_keeps_the_other_benchmarks_rows():
    previous = [dict(r) for r in SAMPLES]
    fresh = [{"name": "votes", "what": "again", "ours": 5.0, "baseline": 8.0, "unit": "s", "_bench": "votes"}]
    merged = run.merge(previous, fresh)
    assert [r["_bench"] for r in merged] == ["ranking", "votes", "certificates", "stage", "lan", "audit"]
    assert [r["what"] for r in merged if r["_bench"] == "votes"] == ["again"]


def test_every_bench_accepts_json_and_run_knows_them_all():
    scripts = sorted(BENCH.glob("bench_*.py"))
    names = {p.stem.removeprefix("bench_") for p in scripts}
    assert set(run.ORDER) <= names  # the list: ranking, votes, certificates, stage, lan, audit, startup
    assert [p.stem.removeprefix("bench_") for p in run.scripts()][: len(run.ORDER)] == list(run.ORDER)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    procs = {p.name: subprocess.Popen([sys.executable, str(p), "--help"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True, cwd=ROOT, env=env) for p in scripts}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, (name, err[-1000:])
        assert "--json" in out, name


def test_bench_run_wrapper_is_executable():
    wrapper = BENCH / "run"
    assert os.access(wrapper, os.X_OK)
    out = subprocess.run([str(wrapper), "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "--timeout" in out.stdout


def test_startup_probe_reports_the_first_paint_and_quits(tmp_path):
    from judge_app.services.contest.demo import load_demo
    from judge_app.gui.startup_probe import MARK

    demo = tmp_path / "demo.sqlite"
    load_demo(str(demo), "test")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JUDGE_APP_STARTUP_PROBE": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    proc = subprocess.run([sys.executable, "-m", "judge_app", "--db", str(demo), "gui"], capture_output=True,
                          text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    marks = [line for line in proc.stdout.splitlines() if line.startswith(MARK)]
    assert len(marks) == 1 and float(marks[0].split()[1]) > 0


def test_startup_probe_is_inert_without_the_variable(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMainWindow

    from judge_app.gui.startup_probe import ENV, watch_first_paint

    monkeypatch.delenv(ENV, raising=False)
    window = QMainWindow()
    qtbot.addWidget(window)
    watch_first_paint(window)
    assert not hasattr(window, "_startup_probe")
    monkeypatch.setenv(ENV, "1")
    watch_first_paint(window)
    assert hasattr(window, "_startup_probe")


def test_certificates_bench_keeps_its_positional_count():
    spec = importlib.util.spec_from_file_location("bench_certs_under_test", BENCH / "bench_certificates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    args = module.parser().parse_args(["20", "--json"])
    assert args.n == 20 and args.json
    assert module.parser().parse_args([]).n == 500
