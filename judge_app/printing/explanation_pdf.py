"""The 计分说明 PDF: one A4 page per entry, for settling a dispute at the venue.

Text is set in the bundled WenQuanYi Micro Hei (TrueType outlines, embedded as a subset); a line
holding a character that font lacks (a rare name character) is set in LXGW WenKai instead, so no
glyph silently vanishes. A page that would overflow is shrunk to fit rather than split.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from judge_app.domain.contest import round_heading
from judge_app.domain.explanation import DROPPED_HIGH, KEPT
from judge_app.domain.rules import drop_labels, is_judged
from judge_app.printing.font_tables import load_font
from judge_app.resources import resource_path

SANS, KAI = "WQYMicroHei", "LXGWWenKai"
_FONT_FILES = {SANS: ("wqy-microhei.ttc", 0), KAI: ("LXGWWenKai-Regular.ttf", None)}
_CHARS: dict[str, set[int]] = {}


def _register() -> None:
    for name, (file, index) in _FONT_FILES.items():
        if name in _CHARS:
            continue
        font = load_font(name, resource_path("fonts", file), index or 0)  # parsed once per install
        pdfmetrics.registerFont(font)
        _CHARS[name] = set(font.face.charToGlyph)


def font_for(text: str) -> str:
    """The sans face, unless it lacks a character of `text` that the Kai face has."""
    missing = {ord(ch) for ch in text if not ch.isspace()} - _CHARS[SANS]
    return KAI if missing and missing <= _CHARS[KAI] else SANS


class _Styles:
    def __init__(self):
        self.title = ParagraphStyle("title", fontName=SANS, fontSize=18, leading=24, alignment=TA_CENTER)
        self.sub = ParagraphStyle("sub", fontName=SANS, fontSize=10, leading=14, alignment=TA_CENTER, textColor=colors.grey)
        self.head = ParagraphStyle("head", fontName=SANS, fontSize=12, leading=17, spaceBefore=8, spaceAfter=3)
        self.body = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13.5, wordWrap="CJK")
        self.cell = ParagraphStyle("cell", fontName=SANS, fontSize=9, leading=12, wordWrap="CJK")
        self.small = ParagraphStyle("small", fontName=SANS, fontSize=8, leading=11, textColor=colors.grey, wordWrap="CJK")


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    face = font_for(text)
    if face != style.fontName:
        style = ParagraphStyle(f"{style.name}-{face}", parent=style, fontName=face)
    return Paragraph(escape(text), style)


_GRID = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), SANS),
    ("FONTSIZE", (0, 0), (-1, -1), 9),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
])


def _entry_page(doc, entry, explanation, round_, judge_names, st: _Styles) -> list:
    story = [
        _p("计分说明", st.title),
        _p(round_heading(doc.contest.name, round_.name), st.sub),
        Spacer(1, 4 * mm),
    ]
    rank = str(explanation.rank) if explanation.rank is not None else "未排名"
    head = [["编号", "作品", "单位", "总分", "名次", "奖项"]]
    head.append([
        entry.code, _p(entry.title, st.cell), _p(entry.unit, st.cell),
        str(explanation.total) if explanation.total is not None else "待定", rank, explanation.award or "",
    ])
    info = Table(head, colWidths=[16 * mm, 62 * mm, 40 * mm, 20 * mm, 16 * mm, 24 * mm])
    info.setStyle(_GRID)
    story.append(info)
    for line in explanation.components:
        score = str(line.score) if line.score is not None else "待定"
        story.append(_p(f"{line.name} ({line.key}) · 权重 {line.weight.normalize():f} · 得分 {score}", st.head))
        if is_judged(round_.component(line.key)) and line.judges:
            zscore = any(j.z is not None for j in line.judges)
            labels = drop_labels(round_.component(line.key))
            rows = [["评委", "姓名", "评委总分", *(["z 值"] if zscore else []), "处理"]]
            dropped_rows = []
            for i, j in enumerate(line.judges, start=1):
                name = judge_names.get(j.judge, "")
                rows.append([
                    j.judge, name if font_for(name) == SANS else _p(name, st.cell), f"{j.total.normalize():f}",
                    *([f"{j.z:+.4f}"] if zscore else []),
                    "计入" if j.status == KEPT else f"去掉 ({labels.high if j.status == DROPPED_HIGH else labels.low})",
                ])
                if j.status != KEPT:
                    dropped_rows.append(i)
            widths = [18 * mm, 40 * mm, 24 * mm, *([24 * mm] if zscore else []), 26 * mm]
            table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
            style = TableStyle(_GRID.getCommands())
            style.add("ALIGN", (2, 1), (-2, -1), "RIGHT")
            for i in dropped_rows:
                style.add("TEXTCOLOR", (0, i), (-1, i), colors.HexColor("#9a3b3b"))
                style.add("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f6eaea"))
            table.setStyle(style)
            story.append(table)
            story.append(Spacer(1, 2 * mm))
        for step in line.steps:
            story.append(_p(step, st.body))
    story.append(_p("总分", st.head))
    for step in explanation.total_steps:
        story.append(_p(step, st.body))
    story.append(Spacer(1, 10 * mm))
    story.append(_p("核分人: ____________    监督人: ____________    日期: ____________", st.body))
    story.append(Spacer(1, 3 * mm))
    story.append(_p(
        f"生成于 {doc.generated_at}。本说明由 judge_app 根据数据库中的原始评分按比赛规则计算, "
        "所有取舍均为四舍五入 (ROUND_HALF_UP)。",
        st.small,
    ))
    return story


def write_explanations(doc, out) -> int:
    """Write one page per entry of `doc` (`services.results.explanation.ExplanationSheets`) to a path or a
    binary file (the window previews it from memory); returns the page count."""
    _register()
    st = _Styles()
    pdf = SimpleDocTemplate(
        out if hasattr(out, "write") else str(out), pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=14 * mm, bottomMargin=14 * mm,
        title=f"计分说明 · {doc.contest.name} · {doc.round.name}", author="judge_app",
        initialFontName=SANS, initialFontSize=9,
    )
    story: list = []
    for i, (entry, explanation) in enumerate(doc.sheets):
        if i:
            story.append(PageBreak())
        page = _entry_page(doc, entry, explanation, doc.round, doc.judge_names, st)
        story.append(KeepInFrame(pdf.width, pdf.height, page, mode="shrink"))
    pdf.build(story)
    return len(doc.sheets)
