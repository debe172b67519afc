"""Use cases: print a panel's score sheets (评分表) and a round's results notice (成绩公示表).

Every score printed comes from the official result (`standings.round_report`) or, for the raw
values a judge entered, from that judge's sheet (`score_entry.judge_sheet`); nothing is recomputed.
The notice carries a short hash of the published result so a printed copy can be matched to the
database (`results_hash`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from judge_app.domain.contest import head_title, round_heading
from judge_app.domain.chinese_dates import chinese_date, chinese_date_range, chinese_datetime, parse_moment
from judge_app.domain.contest import PANEL, Round
from judge_app.domain.rules import rule_wording
from judge_app.printing.fonts import MissingGlyphs
from judge_app.printing.tables_pdf import Column, Section, TableDocument, render_table_document
from judge_app.services.results import result_formats
from judge_app.services.contest.contest_access import ServiceError, require_component, require_contest
from judge_app.services.scores.score_entry import judge_sheet
from judge_app.services.results.locks import require_signed_off
from judge_app.services.results.standings import RoundReport, round_report
from judge_app.store.audit import chain_head
from judge_app.store import audit
from judge_app.store.database import Database


def results_hash(report: RoundReport) -> str:
    """12 hex digits of SHA-256 over the published JSON result: the same result, the same hash."""
    return hashlib.sha256(result_formats.as_json(report).encode("utf-8")).hexdigest()[:12]


def _render(doc: TableDocument) -> bytes:
    try:
        return render_table_document(doc)
    except MissingGlyphs as exc:
        raise ServiceError(str(exc)) from None


def score_sheets_pdf(db: Database, round_key: str, component_key: str, *, blank: bool = False,
                     judges: list[str] | None = None) -> tuple[bytes, int]:
    """One sheet per judge on the panel (entries × criteria), blank or with the entered scores."""
    with db.session() as session:
        stored = require_contest(session)
        round_, component = require_component(stored, round_key, component_key, PANEL)
    contest = stored.contest
    seated = [j for j in contest.judges if j.sits_on(round_key, component_key)]
    if judges:
        unknown = sorted(set(judges) - {j.code for j in seated})
        if unknown:
            raise ServiceError(f"这些评委不在本评审组: {', '.join(unknown)} (judges not on this panel)")
        seated = [j for j in seated if j.code in judges]
    if not seated:
        raise ServiceError(f"{round_.name}/{component.name} 没有评委 (no judges on this panel)")
    panels = {} if blank else round_report(db, round_key).result.panels.get(component_key, {})
    columns = [Column("序号", 5, "center"), Column("编号", 6, "center"), Column("作品", 26), Column("单位", 12)]
    columns += [Column(f"{c.name}\n(满分 {c.max})", 9, "center") for c in component.criteria]
    columns += [Column(f"合计\n(满分 {component.max_total})", 9, "center"), Column("备注", 9, "center")]
    rules = (f"评分说明: 每项分数在 0 至该项满分之间; 与本人单位相同的作品须回避, 不评分。"
             f"本部分{rule_wording(component)}, 权重 {component.weight}。")
    sections = []
    for judge in seated:
        sheet = judge_sheet(db, round_key, component_key, judge.code)
        rows = []
        for n, line in enumerate(sheet.rows, start=1):
            entry = next(e for e in contest.entries if e.code == line.entry)
            if line.blocked:
                values = ["—"] * len(component.criteria) + ["—", line.blocked.split(" (")[0]]
            elif blank:
                values = [""] * (len(component.criteria) + 2)
            else:
                total = next((t.total for t in panels.get(line.entry).totals if t.judge == judge.code), None) \
                    if line.entry in panels else None
                values = [str(line.values.get(c.key, "")) for c in component.criteria]
                values += ["" if total is None else str(total), "" if total is not None or not line.values else "未完成"]
            rows.append([str(n), entry.code, entry.title, entry.unit, *values])
        who = f"评委: {judge.name}" + (f"（{judge.unit}）" if judge.unit else "") + f"　编号: {judge.code}"
        sections.append(Section(
            heading=f"{round_.name} · {component.name} 评分表",
            info=[who, "空白评分表, 请用钢笔填写, 改动处须签名。" if blank else "已录入分数, 请核对后签名。"],
            columns=columns, rows=rows, notes=[rules], signatures=["评委签名"],
            row_height=10 if blank else None))
    kind = "空白" if blank else "已录入"
    doc = TableDocument(header=contest.name, title=f"{round_.name} · {component.name} 评分表（{kind}）",
                        sections=sections, footer=f"打印时间 {chinese_datetime(audit.now())}",
                        landscape=len(component.criteria) > 3)
    return _render(doc), len(seated)


def scoring_rules(round_: Round) -> list[str]:
    """The round's scoring rules in words, for the notice's footnote."""
    lines = []
    for c in round_.components:
        how = rule_wording(c)
        lines.append(f"{c.name}（权重 {c.weight}）: {how}。")
    rule = f"总分 = Σ 权重 × 各部分得分; 各部分得分与总分均按四舍五入保留 {round_.decimals} 位小数。"
    if round_.tie_break:
        names = "、".join(round_.component(k).name for k in round_.tie_break)
        rule += f"总分相同时依次比较{names}得分, 仍相同者名次并列。"
    else:
        rule += "总分相同者名次并列。"
    lines.append(rule)
    if round_.awards:
        tiers = "、".join(f"{t.name} {t.count} 名" if t.count else f"{t.name}（其余）" for t in round_.awards)
        lines.append(f"奖项按名次设置: {tiers}; 名次并列者奖项相同。")
    return ["注: " + lines[0], *lines[1:]]


DRAFT_MARK = "校对稿"


@dataclass(frozen=True)
class NoticeOptions:
    """What the organizer sets for one printing of the notice: a 校对稿 (draft) before sign-off,
    the 公示期 (YYYY-MM-DD, both or neither) and the line saying whom to contact with an 异议."""

    draft: bool = False
    period_start: str = ""
    period_end: str = ""
    contact: str = ""

    def problems(self) -> list[str]:
        found = []
        for label, value in (("公示期开始", self.period_start), ("公示期结束", self.period_end)):
            if value and (len(value) != 10 or parse_moment(value) is None):
                found.append(f"{label}须为 YYYY-MM-DD, 现为 {value!r} (bad date)")
        if bool(self.period_start) != bool(self.period_end):
            found.append("公示期须同时给出开始和结束日期 (give both period dates)")
        elif not found and self.period_start and self.period_start > self.period_end:
            found.append("公示期结束日期早于开始日期 (period ends before it starts)")
        if len(self.contact) > 200 or any(ord(ch) < 32 for ch in self.contact):
            found.append("异议联系方式过长或含控制字符 (contact line too long)")
        return found


def notice_closing(options: NoticeOptions) -> list[str]:
    """The lines after the rules: the 公示期 and whom to tell of an objection."""
    lines = []
    if options.period_start:
        lines.append(f"公示期: {chinese_date_range(options.period_start, options.period_end)}。")
    if options.contact:
        lines.append(f"如有异议, 请于公示期内{'向' if not options.contact.startswith('向') else ''}{options.contact}反映。")
    return lines


def notice_pdf(db: Database, round_key: str, options: NoticeOptions | None = None) -> tuple[bytes, str]:
    """The results notice for the notice board: (PDF, results hash).

    The notice to post is only for a signed-off round; the footer carries the sign-off and the
    head of the audit chain, so a printed notice can be checked against the database
    (`judge-app audit verify --expect-head`). A 校对稿 (`options.draft`) can be printed at any
    time for the head judge to check the figures: watermarked on every page, not for posting.
    """
    options = options or NoticeOptions()
    found = options.problems()
    if found:
        raise ServiceError("; ".join(found))
    with db.session() as session:
        if options.draft:
            require_contest(session)
            signed = None
        else:
            signed = require_signed_off(session, round_key)
        head = chain_head(session)
    report = round_report(db, round_key)
    round_ = report.result.round
    digest = results_hash(report)
    comps = round_.components
    columns = [Column("名次", 5, "center"), Column("编号", 6, "center"), Column("作品", 28), Column("单位", 14)]
    columns += [Column(f"{c.name}\n(权重 {c.weight})", 10, "right") for c in comps]
    columns += [Column("总分", 9, "right"), Column("奖项", 9, "center")]
    rows = []
    for s in report.result.standings:
        e = report.entry(s.code)
        rows.append([str(s.rank) if s.rank is not None else "—", e.code, e.title, e.unit,
                     *(str(s.components[c.key]) if s.components[c.key] is not None else "待定" for c in comps),
                     str(s.total) if s.total is not None else "待定", s.award or ("" if s.ranked else "未排名")])
    ranked = sum(s.ranked for s in report.result.standings)
    contest = report.contest
    info = [f"共 {len(rows)} 个作品, 已排名 {ranked} 个。"]
    bodies = "　".join(x for x in (f"主办: {contest.organizer}" if contest.organizer else "",
                                   f"承办: {contest.host_unit}" if contest.host_unit else "") if x)
    when = "　".join(x for x in (f"日期: {chinese_date(contest.date)}" if contest.date else "",
                                 f"地点: {contest.venue}" if contest.venue else "") if x)
    info[:0] = [line for line in (bodies, when) if line]
    if options.draft:
        info.insert(0, f"【校对稿】 供{head_title(contest)}核对数字, 未经签署, 不得张贴。")
    issuer = [line for line in (contest.organizer, chinese_date(contest.date) if contest.date else "") if line]
    section = Section(heading=f"{round_heading(contest.name, round_.name)} 成绩公示表", info=info, columns=columns, rows=rows,
                      notes=scoring_rules(round_), signatures=[head_title(contest), "监督员"],
                      font_size=8.5, closing=notice_closing(options), issuer=issuer)
    made = f"生成时间 {chinese_datetime(audit.now())}　结果摘要 {digest}"
    if signed is None:
        footer = f"{made}　校对稿, 未经签署　审计链头 {head.short}"
    else:
        footer = (f"{made}　{head_title(contest)}签署 {signed.head_judge} {chinese_datetime(signed.signed_at)}"
                  f"　审计链头 {head.short}" + (f"　封印 {signed.seal_short}" if signed.seal else ""))
    doc = TableDocument(header=contest.name, title=f"{round_.name} 成绩公示表" + ("（校对稿）" if options.draft else ""),
                        sections=[section], footer=footer, landscape=True,
                        watermark=DRAFT_MARK if options.draft else "")
    return _render(doc), digest
