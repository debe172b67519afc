"""Use case: the campaign's documents — the summary as XLSX or PDF, and the 推选 package (推荐表
as XLSX and PDF, each recommended work's attachments copied in and checked against SHA-256).

XLSX goes through the one safe writer (`table_files.xlsx_writer`): numbers as numbers, every text cell
explicitly text, and a unit name starting with "=" gets a leading `'` so it never becomes a
formula. A package is built in a temporary folder beside the target and renamed into place at
the end, so a refusal leaves nothing behind.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from judge_app.domain import campaign as dc
from judge_app.printing.fonts import MissingGlyphs
from judge_app.printing.tables_pdf import Column, Section, TableDocument, render_table_document
from judge_app.services.contest import attachments as att
from judge_app.services.year.campaign import CampaignRefused, Loaded, contest_label, near_duplicate_notes, table_rows
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.documents.showcase import safe_name
from judge_app.store import audit

RECOMMEND_XLSX = "推荐表.xlsx"
RECOMMEND_PDF = "推荐表.pdf"
WORKS_DIR = "作品附件"


def _book(title: str, heading: str, headers: list[str], rows: list[list], widths: list[int], path: Path) -> None:
    """One sheet through the safe writer: text stays text (never a formula), numbers stay numbers."""
    from openpyxl.styles import Font

    from judge_app.table_files.xlsx_writer import new_workbook

    book = new_workbook(title)
    sheet = book.active
    sheet.append([heading])
    sheet.append(headers)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for i, width in enumerate(widths[:len(headers)]):
        sheet.ws.column_dimensions[sheet.ws.cell(row=2, column=i + 1).column_letter].width = width
    book.save(path)


def _heading(loaded: Loaded) -> str:
    c = loaded.summary.campaign
    return " ".join(x for x in (c.name, c.year, c.organizer) if x)


def summary_xlsx(loaded: Loaded, path: str | Path) -> Path:
    """One row per unit: entries, points (numbers), awards, then per contest entries, best rank, awards."""
    path = Path(path)
    s = loaded.summary
    headers = ["序号", "单位", "作品数", "积分", "获奖"]
    for c in s.contests:
        label = contest_label(c)
        headers += [f"{label} 作品数", f"{label} 最好名次", f"{label} 奖项"]
    rows = []
    for n, u in enumerate(s.units, 1):
        row: list = [n, u.unit, u.entries, u.points, "、".join(f"{a}×{k}" for a, k in u.awards.items())]
        for c in s.contests:
            line = u.per_contest[c.name]
            if line.entries:
                row += [line.entries, line.best_rank, "、".join(line.awards)]
            else:
                row += [0, None, dc.NOT_ENTERED]
        rows.append(row)
    _book("年度汇总", _heading(loaded), headers, rows, [6, 28, 8, 8, 20] + [10, 10, 18] * len(s.contests), path)
    return path


def _render(doc: TableDocument) -> bytes:
    try:
        return render_table_document(doc)
    except MissingGlyphs as exc:
        raise ServiceError(str(exc)) from None


def summary_pdf(loaded: Loaded) -> bytes:
    s = loaded.summary
    headers, rows = table_rows(s)
    widths = [4, 16, 5, 12, 5] + [14] * len(s.contests)
    columns = [Column(h, w, "center" if i in (0, 2, 4) else "left") for i, (h, w) in enumerate(zip(headers, widths))]
    info = [f"共 {len(s.contests)} 项比赛、{len(s.units)} 个单位。积分按各比赛正式结果的奖项计: "
            + ("、".join(f"{a} {dc.format_points(p)} 分" for a, p in s.campaign.points.items()) or "未设积分")]
    unsigned = [c for c in s.contests if not c.signed]
    if unsigned:
        info.append("注意: " + "、".join(c.name for c in unsigned) + f" 的正式轮次{dc.UNSIGNED}, 结果可能变动。")
    notes = [f"{c.name}: {c.round_name}, 文件 {c.file}" + ("" if c.signed else f" ({dc.UNSIGNED})") for c in s.contests]
    notes += near_duplicate_notes(s)
    section = Section(heading=f"{s.campaign.name} 单位成绩汇总", info=info, columns=columns, rows=rows,
                      notes=notes, font_size=8)
    doc = TableDocument(header=_heading(loaded), title="单位成绩汇总", sections=[section],
                        footer=f"生成时间 {audit.now()}", landscape=True)
    return _render(doc)


@dataclass(frozen=True)
class Package:
    folder: Path
    picked: list[dc.Recommendation]
    files: list[str]  # copied attachments, relative to the folder


def _members(entry: dc.EntryResult) -> str:
    return "、".join(entry.members)


def recommend_rows(picked: list[dc.Recommendation]) -> list[list]:
    return [[n, r.entry.unit, r.entry.title, _members(r.entry), contest_label(r.contest), r.entry.award or "",
             r.entry.rank, r.entry.total] for n, r in enumerate(picked, 1)]


RECOMMEND_HEADERS = ["序号", "单位", "作品", "成员", "比赛", "奖项", "名次", "总分"]


def recommend_pdf(loaded: Loaded, picked: list[dc.Recommendation]) -> bytes:
    widths = [4, 14, 24, 14, 16, 7, 5, 7]
    aligns = ["center", "left", "left", "left", "left", "center", "center", "right"]
    columns = [Column(h, w, a) for h, w, a in zip(RECOMMEND_HEADERS, widths, aligns)]
    rows = [[("" if v is None else str(v)) for v in row] for row in recommend_rows(picked)]
    section = Section(heading=f"{loaded.summary.campaign.name} 推荐表", columns=columns, rows=rows,
                      info=[f"按奖项等级、名次推选前 {len(picked)} 件作品; 成绩取自各比赛正式结果。"],
                      notes=[f"{c.name}: {c.round_name}" + ("" if c.signed else f" ({dc.UNSIGNED})")
                             for c in loaded.contests],
                      signatures=["推荐单位 (盖章)", "负责人"], font_size=8.5)
    doc = TableDocument(header=_heading(loaded), title="推荐表", sections=[section],
                        footer=f"生成时间 {audit.now()}", landscape=True)
    return _render(doc)


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CampaignRefused([f"{out}: 输出文件夹已存在且不为空, 请换一个 (the output folder exists and is not empty)"])


def build_recommendation(loaded: Loaded, top: int, out: str | Path) -> Package:
    """The 推选 folder: 推荐表.xlsx, 推荐表.pdf and 作品附件/<序号-单位-作品>/<files>.

    Every attachment is checked against its SHA-256 before anything is written (a missing or
    changed one refuses the whole package), and each copy is checked again after copying."""
    out = Path(out)
    if top < 1:
        raise CampaignRefused([f"--top 须为正整数, 收到 {top} (top must be positive)"])
    _check_out(out)
    picked = dc.recommend(loaded.contests, top)
    plan: list[tuple[att.Attachment, str]] = []
    problems = []
    for n, r in enumerate(picked, 1):
        folder = safe_name(f"{n:02d}-{r.entry.unit}-{r.entry.title}", "", set())
        taken: set[str] = set()
        for a in (loaded.attachments.get(r.contest.name, {}).get(r.entry.code, [])):
            if not a.path.is_file():
                problems.append(f"{a.path}: {r.contest.name} {r.entry.code} 的附件 {a.name} 缺失 (attachment missing)")
                continue
            if a.path.stat().st_size != a.size or att.sha256_of(a.path) != a.sha256:
                problems.append(f"{a.path}: {r.contest.name} {r.entry.code} 的附件 {a.name} 与登记的 SHA-256 不符 "
                                f"(attachment changed since it was registered)")
                continue
            stem, dot, ext = a.name.rpartition(".")
            name = safe_name(stem if dot else a.name, ("." + ext) if dot else "", taken)
            plan.append((a, f"{WORKS_DIR}/{folder}/{name}"))
    if problems:
        raise CampaignRefused(problems)
    xlsx_rows = recommend_rows(picked)
    pdf = recommend_pdf(loaded, picked)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        _book("推荐表", f"{loaded.summary.campaign.name} 推荐表", RECOMMEND_HEADERS, xlsx_rows,
              [6, 24, 36, 24, 28, 10, 6, 10], work / RECOMMEND_XLSX)
        (work / RECOMMEND_PDF).write_bytes(pdf)
        for a, rel in plan:
            target = work / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(a.path, target)
            if att.sha256_of(target) != a.sha256:
                raise CampaignRefused([f"{a.path}: 复制后校验不符 (the copy does not match its SHA-256)"])
        if out.exists():
            out.rmdir()
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Package(out, picked, [rel for _, rel in plan])
