"""Use case: save a round's ranking as a file an organizer opens in Excel (XLSX or CSV).

The numbers are the published ones from `round_report` (the round's decimals, as text in CSV,
as exact decimal cells with the matching number format in XLSX, written through the safe
spreadsheet writer `judge_app.table_files.xlsx_writer`). Given the round's comments, the XLSX has a
second sheet 专家点评: one row per judge's comment, with the judge's name, title and affiliation.
"""

from __future__ import annotations

from pathlib import Path

from judge_app.domain.commentary import Comments, entry_remarks
from judge_app.services.results.result_formats import as_csv, as_dict
from judge_app.table_files.xlsx_writer import new_workbook
from judge_app.services.results.standings import RoundReport


def headers(report: RoundReport) -> list[str]:
    round_ = report.result.round
    return ["名次", "编号", "作品", "单位", *(f"{c.name}({c.weight})" for c in round_.components), "总分", "奖项", "说明"]


def why_unranked(report: RoundReport, code: str) -> str:
    """Why an entry has no rank: the components without a score."""
    standing = report.result.standing(code)
    if standing.ranked:
        return ""
    round_ = report.result.round
    names = [round_.component(k).name for k in standing.missing]
    return "缺少: " + "、".join(names)


def write_csv(report: RoundReport, path: str | Path) -> Path:
    """UTF-8 with BOM so Excel shows Chinese correctly; the same columns as `judge-app rank --format csv`."""
    path = Path(path)
    path.write_text(as_csv(report), encoding="utf-8-sig", newline="")
    return path


COMMENT_HEADERS = ["编号", "作品", "评审组", "评委编号", "评委", "职称", "工作单位", "点评"]


def write_xlsx(report: RoundReport, path: str | Path, comments: Comments | None = None, details=None) -> Path:
    """The ranking sheet; with `comments` also 专家点评, with `details` (`services.scores.score_details`) also 评分明细."""
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    round_ = report.result.round
    book = new_workbook(round_.name or round_.key)
    sheet = book.active
    sheet.append([f"{report.contest.name} · {round_.name}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headers(report))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    number_format = "0" if round_.decimals == 0 else "0." + "0" * round_.decimals
    for line in as_dict(report)["entries"]:
        values = [line["rank"], line["code"], line["title"], line["unit"],
                  *(report.result.standing(line["code"]).components[c.key] for c in round_.components),
                  report.result.standing(line["code"]).total, line["award"] or "", why_unranked(report, line["code"])]
        row = sheet.append(values)
        for cell in sheet[row][4: 5 + len(round_.components)]:
            cell.number_format = number_format
    widths = [6, 8, 36, 20, *([14] * len(round_.components)), 10, 10, 24]
    for i, width in enumerate(widths):
        sheet.ws.column_dimensions[chr(ord("A") + i)].width = width
    if comments:
        _comment_sheet(report, book.add_sheet("专家点评"), comments)
    if details is not None:
        _detail_sheet(book, details)
    book.save(path)
    return path


def _comment_sheet(report: RoundReport, sheet, comments: Comments) -> None:
    from openpyxl.styles import Alignment, Font

    round_ = report.result.round
    judges = {j.code: j for j in report.contest.judges}
    sheet.append(COMMENT_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for standing in report.result.standings:
        entry = report.entry(standing.code)
        for r in entry_remarks(report.contest, round_, comments, standing.code):
            judge = judges.get(r.judge)
            row = sheet.append([entry.code, entry.title, r.panel, r.judge, r.speaker, judge.title if judge else "",
                                judge.works_at if judge else "", r.text])
            sheet.ws.cell(row=row, column=len(COMMENT_HEADERS)).alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate([8, 30, 12, 9, 12, 14, 20, 60]):
        sheet.ws.column_dimensions[chr(ord("A") + i)].width = width


def _detail_sheet(book, details) -> None:
    """评分明细: every judge × entry × criterion mark, the judge's total and the drops (struck grey)."""
    from openpyxl.styles import Font

    from judge_app.services.scores.score_details import DETAIL_HEADERS

    sheet = book.add_sheet("评分明细")
    sheet.append(list(DETAIL_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    struck = Font(strike=True, color="808080")
    for d in details:
        row = sheet.append([d.panel, d.entry, d.title, d.judge, d.judge_name, d.criterion, d.max,
                            d.value if d.value is not None else "未录入",
                            d.judge_total if d.judge_total is not None else "不完整", d.dropped])
        if d.dropped:
            for cell in sheet[row][7:9]:
                cell.font = struck
    for i, width in enumerate((20, 8, 30, 8, 10, 16, 6, 8, 10, 10)):
        sheet.ws.column_dimensions[chr(ord("A") + i)].width = width
    sheet.ws.freeze_panes = "A2"
