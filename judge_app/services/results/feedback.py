"""Use case: the 专家点评意见 sheet — one page per entry, handed to the team after the round.

Each page names the entry (title, unit, members), then every judge's comment on it
(`domain.commentary.entry_remarks`: named with title and affiliation, or 评委1…N when
anonymous), optionally the entry's component scores from the official result, and closes with
the contest's organizer and date in Chinese. An entry nobody commented on says so.
"""

from __future__ import annotations

from datetime import date

from judge_app.domain.chinese_dates import chinese_date, chinese_datetime
from judge_app.domain.commentary import entry_remarks
from judge_app.printing.fonts import MissingGlyphs
from judge_app.printing.tables_pdf import Column, Section, TableDocument, render_table_document
from judge_app.services.contest.contest_access import CodeIndex, ServiceError
from judge_app.services.scores.score_entry import round_comments
from judge_app.services.results.standings import round_report
from judge_app.store import audit
from judge_app.store.database import Database

TITLE = "专家点评意见"
NO_COMMENTS = "本作品暂无专家点评意见。"


def feedback_pdf(db: Database, round_key: str, *, anonymous: bool = False, entries: list[str] | None = None,
                 scores: bool = False) -> tuple[bytes, int]:
    """(PDF, entries printed): the 专家点评意见 of the round's entries (or of `entries`, by code, in that order)."""
    report = round_report(db, round_key)
    round_, contest = report.result.round, report.contest
    in_round = [s.code for s in sorted(report.result.standings, key=lambda s: s.code)]
    if entries:
        index = CodeIndex(in_round)
        found = [index.find(code) for code in entries]
        unknown = [code for code, hit in zip(entries, found) if hit is None]
        if unknown:
            raise ServiceError(f"轮次 {round_key} 中没有作品 {', '.join(unknown)} (no such entry in this round)")
        codes = list(dict.fromkeys(found))
    else:
        codes = in_round
    if not codes:
        raise ServiceError(f"轮次 {round_key} 没有作品 (the round has no entries)")
    comments = round_comments(db, round_key)
    when = chinese_date(contest.date) if contest.date else chinese_date(date.today())
    issuer = [line for line in (contest.organizer, when) if line]
    sections = []
    for code in codes:
        entry = report.entry(code)
        info = [f"{contest.name}　{round_.name}", f"作品: {entry.title}", f"编号: {entry.code}" + (f"　单位: {entry.unit}" if entry.unit else "")]
        if entry.members:
            info.append("成员: " + "、".join(entry.members))
        if scores:
            standing = report.result.standing(code)
            parts = [f"{c.name} {_score(standing.components.get(c.key))}" for c in round_.components]
            info.append("得分: " + "　".join(parts) + f"　总分 {_score(standing.total)}")
        remarks = entry_remarks(contest, round_, comments, code, anonymous)
        panels = {r.component for r in remarks}
        rows = [[r.speaker + (f"\n{r.profile}" if r.profile else "") + (f"\n({r.panel})" if len(panels) > 1 else ""),
                 r.text] for r in remarks]
        sections.append(Section(
            heading=TITLE, info=info,
            columns=[Column("评委", 30), Column("点评意见", 70)] if rows else [], rows=rows,
            closing=[] if rows else [NO_COMMENTS], issuer=issuer, font_size=10))
    doc = TableDocument(header=contest.name, title=f"{round_.name} · {TITLE}" + ("（匿名）" if anonymous else ""),
                        sections=sections, footer=f"打印时间 {chinese_datetime(audit.now())}")
    try:
        return render_table_document(doc), len(sections)
    except MissingGlyphs as exc:
        raise ServiceError(str(exc)) from None


def _score(value) -> str:
    return "待定" if value is None else str(value)
