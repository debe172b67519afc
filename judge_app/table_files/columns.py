"""Finding the header of an imported table and reading its values.

Exports put title lines above the header; the header is the first row holding every expected
column. Column names are matched after Unicode normalisation (full-width → half-width), case
folding and removing spaces, so `作品编号`, ` 作品编号 ` and `ＥＮＴＲＹ` all match.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from judge_app.domain.numbers import NumberRefused, read_count, read_decimal
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.reader import Row, Table, cell_text

ENTRY_COLUMNS = ("entry", "作品编号", "选手编号", "参赛编号", "编号")
JUDGE_COLUMNS = ("judge", "评委编号", "评委")
VOTE_COLUMNS = ("votes", "票数", "得票数", "投票数")
SCORE_COLUMNS = ("score", "得分", "成绩")
TITLE_COLUMNS = ("title", "作品名称", "名称", "选手名称", "项目名称", "参赛作品")
VOTER_COLUMNS = ("voter", "投票人", "openid", "用户ID")
TIME_COLUMNS = ("time", "投票时间", "时间")
IP_COLUMNS = ("ip", "IP", "IP地址")
COMMENT_COLUMNS = ("comment", "点评", "评语", "意见")


def normalise(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class Header:
    row: int
    columns: dict[str, int]  # role → column index

    def cell(self, row: Row, role: str) -> str:
        index = self.columns[role]
        return row.cells[index] if index < len(row.cells) else ""

    def has(self, role: str) -> bool:
        """Whether the header holds this (optional) column."""
        return role in self.columns


def _find_column(names: Sequence[str], aliases: Iterable[str]) -> int | None:
    for alias in aliases:
        wanted = normalise(alias)
        for index, name in enumerate(names):
            if name == wanted:
                return index
    return None


def _column_label(index: int) -> str:
    letters, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def refuse_duplicate_columns(source: str, row: int, cells: Sequence[str], found: Mapping[str, int | None]) -> None:
    """Refuse a header naming a used column twice (after normalisation): which one holds the data
    would be a guess, so both are named (`quality` in B and C)."""
    names = [normalise(c) for c in cells]
    for index in sorted({i for i in found.values() if i is not None}):
        if index >= len(names) or not names[index]:
            continue
        again = next((j for j, name in enumerate(names) if j != index and name == names[index]), None)
        if again is not None:
            first, second = sorted((index, again))
            raise InputRefused.one(source, row, (
                f"表头中 {_column_label(first)} 列“{cells[first]}”与 {_column_label(second)} 列“{cells[second]}”重复, "
                f"无法确定使用哪一列 (duplicate column: {_column_label(first)} and {_column_label(second)})"))


def read_header(table: Table, roles: Mapping[str, Sequence[str]], limit: int = 50,
                optional: Mapping[str, Sequence[str]] | None = None) -> tuple[Header, Iterator[Row]]:
    """Find the header among the first `limit` non-blank rows; return it and the rows after it.

    `roles` maps a role to the column names it may carry (first match wins). Every role is
    required; the `optional` roles join the header's columns when the header row holds them.
    The error names the columns that were looked for.
    """
    rows = table.rows()
    seen = 0
    best: tuple[int, Row] | None = None
    for row in rows:
        if row.blank:
            continue
        names = [normalise(c) for c in row.cells]
        found = {role: _find_column(names, aliases) for role, aliases in roles.items()}
        if all(index is not None for index in found.values()):
            extra = {role: _find_column(names, aliases) for role, aliases in (optional or {}).items()}
            found = {**found, **{r: i for r, i in extra.items() if i is not None}}
            refuse_duplicate_columns(table.name, row.number, row.cells, found)
            return Header(row.number, found), rows
        hits = sum(index is not None for index in found.values())
        if hits and (best is None or hits > best[0]):
            best = (hits, row)
        seen += 1
        if seen >= limit:
            break
    if seen == 0:
        raise InputRefused.one(table.name, None, "文件中没有数据 (the file has no rows)")
    wanted = "; ".join(" / ".join(aliases) for aliases in roles.values())
    if best is not None:
        names = [normalise(c) for c in best[1].cells]
        missing = [
            f"{' / '.join(aliases)}" for role, aliases in roles.items() if _find_column(names, aliases) is None
        ]
        raise InputRefused.one(
            table.name, best[1].number, f"表头缺少列: {'; '.join(missing)} (missing column)"
        )
    raise InputRefused.one(table.name, None, f"找不到表头, 需要的列: {wanted} (no header row found)")


def find_columns(table: Table, rows: Iterator[tuple[int, list]], roles: Mapping[str, Sequence[str]],
                 complete: Callable[[dict[str, int | None]], bool], limit: int = 50
                 ) -> tuple[int, dict[str, int | None], Row | None]:
    """Find the header among the first `limit` non-blank rows of a `(number, cells)` stream.

    Every role is optional here; `complete(found)` says whether a row's columns make a header.
    Returns the header's row number and the role → column index map (None: absent), and leaves
    `rows` positioned after the header. When no row qualifies, returns the row that came
    closest (most roles found) as the third value with row number 0, so the caller can say
    what is missing; `(0, {}, None)` when the file has no non-blank row at all.
    """
    seen = 0
    best: tuple[int, dict[str, int | None], Row] | None = None
    for number, values in rows:
        cells = tuple(cell_text(v) for v in values)
        if not any(cells):
            continue
        names = [normalise(c) for c in cells]
        found = {role: _find_column(names, aliases) for role, aliases in roles.items()}
        if complete(found):
            refuse_duplicate_columns(table.name, number, cells, found)
            return number, found, None
        hits = sum(index is not None for index in found.values())
        if hits and (best is None or hits > best[0]):
            best = (hits, found, Row(number, cells))
        seen += 1
        if seen >= limit:
            break
    if best is not None:
        return 0, best[1], best[2]
    if seen == 0:
        raise InputRefused.one(table.name, None, "文件中没有数据 (the file has no rows)")
    return 0, {}, None


def parse_decimal(text: str) -> Decimal | None:
    """A decimal number as typed (`domain.numbers.read_decimal`); None if it is not one."""
    try:
        return read_decimal(text)
    except NumberRefused:
        return None


def parse_count(text: str) -> int | None:
    """A non-negative whole vote count (`domain.numbers.read_count`: "1,208", "1 208", "3000.0"); None if it is not one."""
    try:
        return read_count(text)
    except NumberRefused:
        return None
