"""Benchmark: fairness analytics, the z-score aggregation and the 计分说明 PDF on a 2,000-entry round.

Same contest as bench_ranking (2,000 entries × 15 judges × 6 criteria, votes), built through the
real services. Each figure is printed beside a baseline measured in the same run:

- analyze: per-judge statistics, Kendall's W, outliers and weight sensitivity (6 re-rankings) on
  an already computed report; baseline: computing that report (`round_report`, the ranking).
- zscore: `compute_round` with the expert panel declared `aggregate = "zscore"`; baseline: the
  same inputs with the trimmed mean.
- explain: the explanation PDF for 200 entries (one page each, 15 judge totals per page);
  baseline: a 200-page reportlab document of the same font with one paragraph per page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

PDF_PAGES = 200


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measure (median reported)")
    parser.add_argument("--json", action="store_true", help="last line: the figures as JSON (bench/run.py)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_ranking import build

    from judge_app.domain.results import compute_round
    from judge_app.printing import explanation_pdf as pdf
    from judge_app.services.results.analysis import analyze
    from judge_app.services.contest.contest_access import require_contest
    from judge_app.services.results.explanation import ExplanationSheets, explanation_sheets
    from judge_app.services.results.standings import round_report
    from judge_app.store.database import open_database
    from judge_app.store.round_inputs import load_round_inputs

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        location, _ = build(Path(tmp))
        db = open_database(location)
        report = round_report(db, "final")
        with db.session() as session:
            inputs = load_round_inputs(session, require_contest(session), "final")
        round_ = report.result.round
        zround = replace(round_, components=tuple(
            replace(c, aggregate="zscore") if c.key == "expert" else c for c in round_.components
        ))

        ours = median_ms(lambda: analyze(report), args.runs)
        base = median_ms(lambda: round_report(db, "final"), args.runs)
        results.append(("analyze", "statistics + W + outliers + 6 weight variants", ours,
                        "computing the round report itself", base))

        ours = median_ms(lambda: compute_round(zround, inputs), args.runs)
        base = median_ms(lambda: compute_round(round_, inputs), args.runs)
        results.append(("zscore", "compute_round, expert panel aggregate = zscore", ours,
                        "compute_round with the trimmed mean", base))

        sheets = explanation_sheets(db, "final")
        subset = ExplanationSheets(sheets.contest, sheets.round, sheets.sheets[:PDF_PAGES], sheets.judge_names,
                                   sheets.generated_at)
        out = Path(tmp) / "explain.pdf"
        ours = median_ms(lambda: pdf.write_explanations(subset, out), max(1, args.runs // 2))

        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

        pdf._register()
        style = ParagraphStyle("b", fontName=pdf.SANS, fontSize=9.5, leading=13, wordWrap="CJK")

        def plain():
            story = []
            for entry, explanation in subset.sheets:
                text = "<br/>".join(
                    [f"计分说明 {entry.code} {entry.title}"]
                    + [f"{c.name} {c.score}: " + " ".join(f"{j.judge} {j.total}" for j in c.judges) for c in explanation.components]
                    + list(explanation.total_steps)
                )
                story += [Paragraph(text, style), PageBreak()]
            SimpleDocTemplate(str(Path(tmp) / "plain.pdf"), pagesize=A4).build(story)

        base = median_ms(plain, max(1, args.runs // 2))
        results.append(("explain", f"计分说明 PDF, {PDF_PAGES} pages", ours,
                        f"{PDF_PAGES} pages of plain paragraphs, same font", base))
        db.close()
    if args.json:
        print(json.dumps([
            {"name": "analytics", "what": f"{n}: {w} (2,000 entries × 15 judges × 6 criteria)", "ours": round(o, 1),
             "baseline": round(bm, 1), "unit": "ms", "ratio": round(o / bm, 3), "baseline_what": b}
            for n, w, o, b, bm in results
        ], ensure_ascii=False))
    else:
        for name, what, o, b, bm in results:
            print(f"{name}: {what}: {o:.1f} ms | baseline ({b}): {bm:.1f} ms | ratio {o / bm:.2f}×")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
