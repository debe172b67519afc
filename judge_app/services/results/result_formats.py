"""The published forms of a round's result: JSON, CSV and an aligned text table.

Scores are written as strings with exactly the round's number of decimals ("77.00").
Every cell written to CSV (and any XLSX export) goes through `neutralise_formula`, so a title
like `=HYPERLINK(...)` is shown as text by a spreadsheet, never run as a formula.
"""

from __future__ import annotations

import json
import unicodedata

from judge_app.services.results.standings import RoundReport


def _s(value) -> str | None:
    return None if value is None else str(value)


def as_dict(report: RoundReport) -> dict:
    result = report.result
    entries = []
    for s in result.standings:
        e = report.entry(s.code)
        entries.append({
            "rank": s.rank,
            "code": s.code,
            "title": e.title,
            "unit": e.unit,
            "components": {k: _s(v) for k, v in s.components.items()},
            "total": _s(s.total),
            "award": s.award,
        })
    return {"round": result.round.key, "entries": entries}


def as_json(report: RoundReport) -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2)


def as_csv(report: RoundReport) -> str:
    import csv
    import io

    from judge_app.table_files.xlsx_writer import neutralise_formula  # the one rule, shared with every XLSX export

    round_ = report.result.round
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = [c.key for c in round_.components]
    writer.writerow(["rank", "code", "title", "unit", *keys, "total", "award"])
    for line in as_dict(report)["entries"]:
        writer.writerow([neutralise_formula(cell) for cell in (
            line["rank"] or "", line["code"], line["title"], line["unit"],
            *(line["components"][k] or "" for k in keys), line["total"] or "", line["award"] or "",
        )])
    return out.getvalue()


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def as_table(report: RoundReport) -> str:
    round_ = report.result.round
    head = ["名次", "编号", "作品", "单位", *(f"{c.name}({c.weight})" for c in round_.components), "总分", "奖项"]
    numeric = [True, False, False, False, *([True] * len(round_.components)), True, False]
    rows = []
    for line in as_dict(report)["entries"]:
        rows.append([
            str(line["rank"]) if line["rank"] is not None else "-", line["code"], line["title"], line["unit"],
            *(line["components"][c.key] or "待定" for c in round_.components),
            line["total"] or "待定", line["award"] or ("" if line["rank"] is not None else "未排名"),
        ])
    widths = [max(display_width(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = [f"{report.contest.name} · {round_.name}"]
    lines.append("  ".join(_pad(h, w, n) for h, w, n in zip(head, widths, numeric)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(_pad(c, w, n) for c, w, n in zip(r, widths, numeric)).rstrip())
    return "\n".join(lines) + "\n"
