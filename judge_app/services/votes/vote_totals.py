"""Tallying a totals export: one row per entry with its vote count, checked row by row."""

from __future__ import annotations

from dataclasses import dataclass, field

from judge_app.domain.numbers import NumberRefused, read_count
from judge_app.services.votes.vote_matching import EntryMatcher
from judge_app.services.votes.vote_report import MAX_PROBLEMS, Flag
from judge_app.table_files.problems import Problem
from judge_app.table_files.reader import Table, cell_text


@dataclass
class TotalsScan:
    rows_read: int = 0
    rows_counted: int = 0
    duplicates: int = 0
    excluded: int = 0
    unmatched: int = 0
    excluded_by: dict = field(default_factory=dict)
    tally: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def flags(self) -> list[Flag]:
        return []


def scan_totals(table: Table, rows, columns: dict, matcher: EntryMatcher) -> TotalsScan:
    scan = TotalsScan()
    seen: dict[str, int] = {}
    by_code = columns["entry"] is not None
    for number, cells in rows:
        if not any(cells):
            continue
        if len(scan.problems) >= MAX_PROBLEMS:
            break
        scan.rows_read += 1
        cells = [c.strip() if type(c) is str else cell_text(c) for c in cells]
        typed_votes = _cell(cells, columns["votes"])
        match = matcher.by_code(_cell(cells, columns["entry"])) if by_code else matcher.by_title(_cell(cells, columns["title"]))
        if match.code is None:
            scan.unmatched += 1
            scan.problems.append(Problem(table.name, number, match.problem))
            continue
        code = match.code
        if by_code and columns["title"] is not None:
            check_title(scan.warnings, table, number, matcher, code, _cell(cells, columns["title"]))
        if code in seen:
            scan.problems.append(Problem(table.name, number, f"作品 {code} 与第 {seen[code]} 行重复 (duplicate entry)"))
        elif isinstance(votes := _vote_count(typed_votes), str):
            scan.problems.append(Problem(table.name, number, votes))
        else:
            seen[code] = number
            scan.tally[code] = votes
            scan.rows_counted += 1
    if scan.rows_read == 0 and not scan.problems:
        scan.problems.append(Problem(table.name, None, "表头下没有票数数据 (no vote rows below the header)"))
    return scan


def _vote_count(typed: str) -> int | str:
    """The count in a votes cell (`domain.numbers.read_count`), or why it is none."""
    try:
        return read_count(typed)
    except NumberRefused as exc:
        return f"票数: {exc.reason} (vote count must be a non-negative integer)"


def _cell(cells, index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    return value.strip() if type(value) is str else cell_text(value)


def check_title(warnings: list, table: Table, number: int, matcher: EntryMatcher, code: str, title: str) -> bool:
    """A title beside a code that names another entry (or none): a warning, the code decides."""
    if not title:
        return True
    named = matcher.title_names(title)
    if named == code:
        return True
    if len(warnings) < MAX_PROBLEMS:
        other = f"作品 {named}" if named else "任何作品都不是"
        warnings.append(f"{table.name}, 第{number}行 (row {number}): 编号 {code} 的名称写作 {title!r}, "
                        f"该名称属于{other}; 以编号为准 (title names a different entry; the code decides)")
    return False
