"""Showcase: building the package, and painting an exhibition slide.

    python bench/bench_showcase.py [--runs 3]

The demo contest (20 entries), every awarded entry with a one-page PDF and a 20 MB "video".

- Package: `build_package` for every award tier (20 works) — selection from `round_report`,
  copies, thumbnails (PDF first page via QtPdf), gallery, register, notice. Baseline in the same
  run: copying the same attachment files into a folder with `shutil.copyfile` and nothing else.
- Slide: one exhibition slide painted at 1920×1080 (thumbnail and QR cached), against the stage's
  title scene painted by `stage.canvas.render_image` at the same size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    args = parser.parse_args()

    from reportlab.pdfgen.canvas import Canvas

    from judge_app.qt.app import ensure_app
    from judge_app.services.contest.attachments import add_attachments
    from judge_app.services.contest.demo import load_demo
    from judge_app.qt.thumbnails import write_thumbnail
    from judge_app.services.documents.showcase import build_package
    from judge_app.services.results.standings import round_report
    from judge_app.stage.canvas import render_image
    from judge_app.stage.controller import StageController
    from judge_app.stage.exhibition import exhibition_controller, render_slide
    from judge_app.store.database import open_database

    ensure_app()
    tmp = Path(tempfile.mkdtemp(prefix="bench-showcase-"))
    try:
        db_path = tmp / "demo.sqlite"
        load_demo(str(db_path), "bench")
        db = open_database(str(db_path))
        src = tmp / "src"
        src.mkdir()
        video = os.urandom(20 * 1024 * 1024)
        for s in round_report(db, "final").result.standings:
            if not s.award:
                continue
            pdf = src / f"{s.code}.pdf"
            c = Canvas(str(pdf), pagesize=(800, 450))
            c.rect(40, 40, 720, 370, fill=1)
            c.showPage()
            c.save()
            mp4 = src / f"{s.code}.mp4"
            mp4.write_bytes(video)
            add_attachments(db, s.code, [pdf, mp4], "bench")

        from judge_app.services.results.locks import lock, signoff

        lock(db, "final", None, "bench")  # the showcase publishes only a result the head judge signed
        signoff(db, "final", "王主任", "bench")
        files = sorted(src.iterdir())
        n = [0]

        def package():
            n[0] += 1
            build_package(db, "final", tmp / f"pkg{n[0]}", show_scores=True, thumbnailer=write_thumbnail)

        def copy_only():
            n[0] += 1
            out = tmp / f"copy{n[0]}"
            out.mkdir()
            for f in files:
                shutil.copyfile(f, out / f.name)

        ours = timed(package, args.runs)
        base = timed(copy_only, args.runs)
        print(f"package, 20 works, {len(files)} files ({sum(f.stat().st_size for f in files) / 2**20:.0f} MB): "
              f"{ours * 1000:.0f} ms; baseline plain copy {base * 1000:.0f} ms; ratio {ours / base:.2f}")

        ex = exhibition_controller(db, "final", qr=False, start=False)
        for _ in range(len(ex.selection.works)):
            render_slide(ex, 1920, 1080)
            ex.next()

        def slide():
            render_slide(ex, 1920, 1080)
            ex.next()

        stage = StageController(db, "final", poll=False)
        slide_s = timed(slide, 50)
        stage_s = timed(lambda: render_image(stage, 1920, 1080), 50)
        print(f"exhibition slide 1920x1080: {slide_s * 1000:.1f} ms; baseline stage title scene "
              f"{stage_s * 1000:.1f} ms; ratio {slide_s / stage_s:.2f}")
        db.close()
        if args.json:
            print(json.dumps([
                {"name": "showcase", "what": "build_package, 20 works, 40 files / 400 MB", "unit": "ms",
                 "ours": round(ours * 1000), "baseline": round(base * 1000), "baseline_what": "plain file copy",
                 "ratio": round(ours / base, 2)},
                {"name": "showcase", "what": "exhibition slide 1920×1080", "unit": "ms",
                 "ours": round(slide_s * 1000, 1), "baseline": round(stage_s * 1000, 1),
                 "baseline_what": "stage title scene", "ratio": round(slide_s / stage_s, 2)},
            ], ensure_ascii=False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
