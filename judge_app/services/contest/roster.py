"""Use cases: import entries or judges from an Excel/CSV list with a column mapping; edit one;
advance the top of a round into the next round.

The preview reads the file, finds the header (the first non-blank row), suggests which column
holds which field, and shows the first rows; the import applies a mapping chosen by the user.
The whole list is checked before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import text

from judge_app.domain.contest import Contest, Entry, Judge, problems
from judge_app.domain.rules import is_judged
from judge_app.domain.input_text import code_problem, text_problem
from judge_app.services.contest.contest_access import ServiceError, require_contest, require_round
from judge_app.services.results.standings import round_report
from judge_app.table_files.column_letters import column_number
from judge_app.table_files.columns import normalise, refuse_duplicate_columns
from judge_app.table_files.problems import InputRefused, Problem
from judge_app.table_files.reader import open_table
from judge_app.store import audit
from judge_app.store.database import Database
from judge_app.services.contest.attachments import add_attachments, by_entry
from judge_app.services.contest.conflicts import ScoresInTheWay
from judge_app.services.results.locks import entry_rounds, judge_rounds, require_rounds_unlocked, require_unlocked
from judge_app.services.integrity.users import require_role
from judge_app.store.roster_store import add_to_round, upsert_entries, upsert_judges
from judge_app.store.score_store import delete_scores

from judge_app.domain.roster_kinds import ENTRIES, JUDGES  # noqa: F401 (imported from here too)

# field → (label, required, column names it may carry)
FIELDS = {
    ENTRIES: {
        "code": ("编号", True, ("code", "entry", "作品编号", "选手编号", "参赛编号", "编号", "序号")),
        "title": ("作品/项目名称", True, ("title", "作品名称", "项目名称", "作品", "项目", "名称", "题目")),
        "unit": ("单位", False, ("unit", "单位", "申报单位", "参赛单位", "所在单位", "报送单位", "选送单位", "部门")),
        "members": ("成员", False, ("members", "团队成员", "成员", "参赛人员", "选手", "主讲人", "姓名")),
    },
    JUDGES: {
        "code": ("编号", True, ("code", "judge", "评委编号", "编号")),
        "name": ("姓名", True, ("name", "姓名", "评委", "评委姓名")),
        "unit": ("单位", False, ("unit", "单位", "工作单位", "所在单位")),
        "panels": ("评审组", False, ("panels", "评审组", "评审部分", "组别")),
        "title": ("职称", False, ("title", "职称", "职务", "头衔")),
        # a list with only 工作单位 fills both the unit (回避) and the affiliation printed
        "affiliation": ("工作单位", False, ("affiliation", "工作单位")),
    },
}
# the text fields of each kind, as (field, label, kind of text for domain.input_text)
_TEXT_FIELDS = {
    ENTRIES: (("title", "名称 title", "title"), ("unit", "单位 unit", "unit"), ("members", "成员 members", "text")),
    JUDGES: (("name", "姓名 name", "name"), ("unit", "单位 unit", "unit"), ("panels", "评审组 panels", "text")),
}
PREVIEW_ROWS = 20
HEADER_SEARCH_ROWS = 10
_SPLIT = re.compile(r"[;；,，、/\s]+")


@dataclass(frozen=True)
class RosterPreview:
    source: str
    encoding: str | None
    header_row: int
    columns: list[str]
    rows: list[tuple[str, ...]]  # the first rows below the header
    mapping: dict[str, int | None]  # field → suggested column index


def _suggest(cells: tuple[str, ...], kind: str) -> dict[str, int | None]:
    names = [normalise(c) for c in cells]
    mapping: dict[str, int | None] = {}
    for field, (_, _, aliases) in FIELDS[kind].items():
        mapping[field] = next((names.index(normalise(a)) for a in aliases if normalise(a) in names), None)
    return mapping


def mapping_warnings(kind: str, mapping: dict[str, int | None]) -> list[str]:
    """What an import with this mapping will not know: without a unit column, 回避 (a judge scoring
    an entry of their own unit) cannot be detected."""
    if mapping.get("unit") is None:
        return ["未指定“单位”列: 将无法发现同单位回避 (no unit column: same-unit conflicts will not be detected)"]
    return []


def _header(table, kind: str):
    """The header row: among the first non-blank rows, the one naming the most fields (a title
    line above the header is skipped); the first non-blank row when none names any."""
    best, best_hits, first = None, 0, None
    for seen, row in enumerate(r for r in table.rows() if not r.blank):
        if seen >= HEADER_SEARCH_ROWS:
            break
        first = first or row
        hits = sum(i is not None for i in _suggest(row.cells, kind).values())
        if hits > best_hits:
            best, best_hits = row, hits
    if first is None:
        raise InputRefused.one(table.name, None, "文件中没有数据 (the file has no rows)")
    return best or first


def preview_roster(path: str | Path, kind: str, sheet: str | None = None) -> RosterPreview:
    table = open_table(path, sheet)
    header = _header(table, kind)
    refuse_duplicate_columns(table.name, header.number, header.cells, _suggest(header.cells, kind))
    sample = []
    for r in table.rows():
        if r.number <= header.number or r.blank:
            continue
        sample.append(r.cells)
        if len(sample) >= PREVIEW_ROWS:
            break
    return RosterPreview(table.name, table.encoding, header.number, list(header.cells), sample,
                         _suggest(header.cells, kind))


def column_mapping(preview: RosterPreview, kind: str, chosen: dict[str, str]) -> dict[str, int | None]:
    """The suggested mapping with the user's choices over it, for a front end that names columns
    (the command line's `--map unit=申报单位`): each choice is a header's text, a column number
    (1 = the first) or an Excel column letter; `-` leaves the field unmapped."""
    mapping = dict(preview.mapping)
    names = [normalise(c) for c in preview.columns]
    for field, column in chosen.items():
        if field not in FIELDS[kind]:
            known = ", ".join(FIELDS[kind])
            raise ServiceError(f"没有字段 {field!r}; 可选: {known} (unknown field)")
        column = column.strip()
        if column in ("", "-"):
            mapping[field] = None
        elif normalise(column) in names:
            mapping[field] = names.index(normalise(column))
        elif column.isdigit() and 1 <= int(column) <= len(names):
            mapping[field] = int(column) - 1
        elif column.isascii() and column.isalpha() and len(column) <= 3 and column_number(column) <= len(names):
            mapping[field] = column_number(column) - 1
        else:
            raise ServiceError(f"{preview.source} 第 {preview.header_row} 行表头中没有列 {column!r} (no such column)")
    return mapping


def _panel_keys(contest: Contest, typed: str) -> tuple[list[str], list[str]]:
    """Panel keys named in a cell ("final.expert", "expert" or "专家评审"); returns (keys, unknown)."""
    keys, unknown = [], []
    for part in filter(None, _SPLIT.split(typed)):
        found = None
        for r in contest.rounds:
            for c in r.components:
                if is_judged(c) and part in (r.panel_key(c.key), c.key, c.name):
                    found = r.panel_key(c.key)
        if found:
            keys.append(found)
        else:
            unknown.append(part)
    return keys, unknown


def import_roster(db: Database, path: str | Path, kind: str, mapping: dict[str, int | None], actor: str,
                  sheet: str | None = None, remove_scores: bool = False) -> tuple[int, int]:
    """Import the list with `mapping` (field → column index); returns (created, updated).
    A judges' list that takes a judge out of a panel where they scored is refused unless
    `remove_scores` (see `save_judge`)."""
    table = open_table(path, sheet)
    fields = FIELDS[kind]
    for field, (label, required, _) in fields.items():
        if required and mapping.get(field) is None:
            raise InputRefused.one(table.name, None, f"请为“{label}”选择一列 (map a column to {field})")

    def cell(cells, field):
        index = mapping.get(field)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    with db.session() as session:
        stored = require_contest(session)
        found: list[Problem] = []
        items, seen = [], {}
        header = _header(table, kind)
        refuse_duplicate_columns(table.name, header.number, header.cells, mapping)
        known_entries = {e.code: e for e in stored.contest.entries}
        known_judges = {j.code: j for j in stored.contest.judges}
        for row in table.rows():
            if row.number <= header.number or row.blank:
                continue
            code = cell(row.cells, "code")
            if not code:
                found.append(Problem(table.name, row.number, "缺少编号 (missing code)"))
                continue
            if code in seen:
                found.append(Problem(table.name, row.number, f"编号 {code} 与第 {seen[code]} 行重复 (duplicate code)"))
                continue
            seen[code] = row.number
            bad = code_problem(code, "编号 code") or next(filter(None, (
                text_problem(cell(row.cells, f), label, kind) for f, label, kind in _TEXT_FIELDS[kind]
                if f in mapping)), None)
            if bad:
                found.append(Problem(table.name, row.number, bad))
                continue
            if kind == ENTRIES:
                title = cell(row.cells, "title")
                if not title:
                    found.append(Problem(table.name, row.number, "缺少作品名称 (missing title)"))
                members = tuple(filter(None, _SPLIT.split(cell(row.cells, "members"))))
                items.append(_keep_unmapped(Entry(code, title, cell(row.cells, "unit"), members),
                                            known_entries.get(code), mapping))
            else:
                name = cell(row.cells, "name")
                if not name:
                    found.append(Problem(table.name, row.number, "缺少姓名 (missing name)"))
                keys, unknown = _panel_keys(stored.contest, cell(row.cells, "panels"))
                if unknown:
                    found.append(Problem(table.name, row.number, f"未知评审组 {', '.join(unknown)} (unknown panel)"))
                items.append(_keep_unmapped(Judge(code, name, cell(row.cells, "unit"), tuple(keys),
                                                  cell(row.cells, "title"), cell(row.cells, "affiliation")),
                                            known_judges.get(code), mapping))
        if found:
            raise InputRefused(found)
        if not items:
            raise InputRefused.one(table.name, header.number, "表头下没有数据 (no rows below the header)")
        require_role(session, actor, "setup")
        require_rounds_unlocked(session, stored, entry_rounds(stored, [e.code for e in items]) if kind == ENTRIES
                                else judge_rounds(stored, items))
        removed = 0
        if kind == ENTRIES:
            counts = upsert_entries(session, stored, items, [stored.contest.rounds[0].key], actor)
        else:
            removed = _seat_removals(session, stored, items, actor, remove_scores)
            counts = upsert_judges(session, stored, items, actor)
        audit.record(session, actor, f"roster.import.{kind}", f"import:{kind}",
                     new={"source": table.name, "rows": len(items), "created": counts[0], "updated": counts[1],
                          **({"score_sheets_removed": removed} if removed else {})})
    return counts


def _keep_unmapped(item, known, mapping: dict[str, int | None]):
    """A list without a column for a field leaves that field of a known entry or judge as it is:
    a judges' list without 评审组 does not take everyone off their panels, one without 单位 does
    not blank the units that 回避 relies on."""
    if known is None:
        return item
    unmapped = {f: getattr(known, f) for f in ("unit", "members", "panels", "title", "affiliation")
                if hasattr(item, f) and mapping.get(f) is None}
    return replace(item, **unmapped) if unmapped else item


def save_entry(db: Database, entry: Entry, actor: str, files: list[str] | None = None) -> None:
    """Add or edit one entry (setup screen); a new entry joins the first round. `files`: attachments
    (PPT, video …) to register on it — copied into the managed folder (`services.contest.attachments`);
    every file is checked before anything is written."""
    paths = [Path(f.strip()) for f in files or () if f.strip()]
    missing = [Problem(str(p), None, "文件不存在 (file not found)") for p in paths if not p.is_file()]
    if missing:
        raise InputRefused(missing)
    with db.session() as session:
        stored = require_contest(session)
        _refuse_problems(replace(stored.contest, entries=_merged(stored.contest.entries, entry)))
        require_role(session, actor, "setup")
        require_rounds_unlocked(session, stored, entry_rounds(stored, [entry.code]))
        upsert_entries(session, stored, [entry], [stored.contest.rounds[0].key], actor)
    if paths:
        add_attachments(db, entry.code, paths, actor)


def entry_attachments(db: Database) -> dict[str, list[str]]:
    """Entry code → names of its registered attachments (PPT, video …), in order."""
    return {code: [a.name for a in found] for code, found in by_entry(db).items()}


def save_judge(db: Database, judge: Judge, actor: str, remove_scores: bool = False) -> int:
    """Add or edit one judge. Taking them out of a panel where they scored is refused
    (ScoresInTheWay) unless `remove_scores`: then those scores go in the same transaction, each
    sheet audited with its old values. Returns the sheets removed."""
    with db.session() as session:
        stored = require_contest(session)
        _refuse_problems(replace(stored.contest, judges=_merged(stored.contest.judges, judge)))
        require_role(session, actor, "setup")
        require_rounds_unlocked(session, stored, judge_rounds(stored, [judge]))
        removed = _seat_removals(session, stored, [judge], actor, remove_scores)
        upsert_judges(session, stored, [judge], actor)
    return removed


def set_seat(db: Database, judge_code: str, panel: str, seated: bool, actor: str,
             remove_scores: bool = False) -> int:
    """Seat a judge on a panel ("final.expert", or the component's key or name) or take them off
    it; taking them off a panel where they scored needs `remove_scores` (see `save_judge`).
    Returns the score sheets removed."""
    with db.session() as session:
        contest = require_contest(session).contest
    judge = next((j for j in contest.judges if j.code == judge_code), None)
    if judge is None:
        raise ServiceError(f"未知评委编号 {judge_code!r} (unknown judge code)")
    keys, unknown = _panel_keys(contest, panel)
    if unknown or len(keys) != 1:
        raise ServiceError(f"未知评审组 {panel!r} (unknown panel; e.g. final.expert)")
    key = keys[0]
    if (key in judge.panels) == seated:
        raise ServiceError(f"评委 {judge_code} {'已在' if seated else '不在'}评审组 {key} "
                           f"({'already seated' if seated else 'not seated'}; nothing changed)")
    panels = judge.panels + (key,) if seated else tuple(p for p in judge.panels if p != key)
    return save_judge(db, replace(judge, panels=panels), actor, remove_scores)


def _seat_removals(session, stored, judges, actor: str, remove_scores: bool) -> int:
    """A judge leaves a panel only without scores in it: otherwise those scores would stay in the
    official total of a judge who is no longer seated. Refused (ScoresInTheWay, naming the judge,
    the panel and the count) unless `remove_scores`, which deletes them through the same audited
    path as a conflict added over scores (`score_store.delete_scores`). Returns the sheets removed."""
    known = {j.code: j for j in stored.contest.judges}
    found = []
    for judge in judges:
        old = known.get(judge.code)
        for panel in sorted(set(old.panels) - set(judge.panels)) if old else ():
            rk, ck = panel.split(".", 1)
            component = stored.ids.components[(rk, ck)]
            entries = session.execute(text(
                "SELECT e.code, count(*) FROM score s JOIN criterion k ON k.id = s.criterion_id "
                "JOIN entry e ON e.id = s.entry_id WHERE s.judge_id = :j AND k.component_id = :c "
                "GROUP BY e.code ORDER BY e.code"),
                {"j": stored.ids.judges[judge.code], "c": component}).all()
            if entries:
                found.append((judge.code, panel, component, [code for code, _n in entries],
                              sum(n for _code, n in entries)))
    if found and not remove_scores:
        judge, panel, _c, entries, held = found[0]
        raise ScoresInTheWay(
            f"评委 {judge} 在 {panel} 已有 {held} 项评分 (作品 {', '.join(entries[:10])}{' …' if len(entries) > 10 else ''}), "
            f"不能移出该评审组; 移出须同时删除这些评分 (the judge has scores in {panel}; "
            f"remove them with the seat)")
    removed = 0
    for judge, panel, component, entries, _held in found:
        for entry in entries:
            removed += delete_scores(session, stored.ids, judge, entry, actor, f"移出评审组 {panel}",
                                     component_ids={component})
    return removed


def _merged(items, item):
    return tuple(item if x.code == item.code else x for x in items) + (() if any(x.code == item.code for x in items) else (item,))


def _refuse_problems(contest: Contest) -> None:
    found = problems(contest)
    if found:
        raise ServiceError("; ".join(found))


@dataclass(frozen=True)
class Advance:
    from_round: str
    to_round: str
    added: list[str]


def advance(db: Database, from_round: str, to_round: str, actor: str, top: int | None = None,
            codes: list[str] | None = None) -> Advance:
    """Entries ranked `top` or better in `from_round` (ties included), or the chosen `codes`,
    join `to_round`; recorded in the audit trail."""
    report = round_report(db, from_round, detail=False)
    if codes is None:
        if top is None or top < 1:
            raise ServiceError("请给出晋级名额或作品列表 (give top N or a list of entries)")
        codes = [s.code for s in report.result.standings if s.rank is not None and s.rank <= top]
        if not any(s.rank is not None for s in report.result.standings):
            raise ServiceError(f"轮次 {from_round} 尚无排名 (成绩未齐), 无法按名次晋级; 可指定作品 "
                               "(the round has no ranking yet: name the entries instead)")
    with db.session() as session:
        stored = require_contest(session)
        require_round(stored, from_round)
        require_round(stored, to_round)
        if from_round == to_round:
            raise ServiceError("晋级须进入另一轮次 (advance into a different round)")
        unknown = [c for c in codes if c not in stored.ids.entries]
        if unknown:
            raise ServiceError(f"未知作品编号 {', '.join(unknown)} (unknown entry code)")
        require_role(session, actor, "setup")
        require_unlocked(session, stored, to_round)
        added = add_to_round(session, stored, codes, to_round)
        audit.record(session, actor, "round.advance", f"round:{to_round}", None,
                     {"from": from_round, "top": top, "entries": codes, "added": added})
    return Advance(from_round, to_round, added)
