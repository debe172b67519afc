"""Reading a vote export's header: which column holds what, the shape the file has (totals or
raw records), and whether that shape suits the component and the exclusions asked for."""

from __future__ import annotations

from judge_app.domain.contest import Component
from judge_app.domain.votes import DEDUP_VOTER_DAY
from judge_app.services.votes.vote_exclusions import Exclusions
from judge_app.services.votes.vote_report import SHAPE_RAW, SHAPE_TOTALS
from judge_app.table_files.columns import (
    ENTRY_COLUMNS,
    IP_COLUMNS,
    TIME_COLUMNS,
    TITLE_COLUMNS,
    VOTE_COLUMNS,
    VOTER_COLUMNS,
    find_columns,
)
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.reader import Table

_ROLES = {
    "entry": ENTRY_COLUMNS, "title": TITLE_COLUMNS, "votes": VOTE_COLUMNS,
    "voter": VOTER_COLUMNS, "time": TIME_COLUMNS, "ip": IP_COLUMNS,
}


def locate_header(table: Table, rows) -> tuple[int, dict[str, int | None], str]:
    """The header of a vote export in a `(number, cells)` stream: its row number, the role → column
    map, and the shape it makes (raw records when there is a voter column, else totals); or
    InputRefused saying which columns are missing. Leaves `rows` after the header."""
    number, columns, near = find_columns(
        table, rows, _ROLES,
        lambda f: (f["entry"] is not None or f["title"] is not None)
        and (f["votes"] is not None or f["voter"] is not None),
    )
    if not number:
        _refuse_header(table, near, columns)
    return number, columns, SHAPE_RAW if columns["voter"] is not None else SHAPE_TOTALS


def _refuse_header(table: Table, near, columns: dict) -> None:
    if near is not None:
        if columns.get("entry") is None and columns.get("title") is None:
            raise InputRefused.one(table.name, near.number, "表头缺少作品列: " + " / ".join(ENTRY_COLUMNS + TITLE_COLUMNS)
                                   + " (no entry column: code or title)")
        raise InputRefused.one(table.name, near.number, "表头缺少票数列或投票人列: " + " / ".join(VOTE_COLUMNS + VOTER_COLUMNS)
                               + " (no vote count or voter column)")
    raise InputRefused.one(table.name, None, "找不到表头: 需要作品编号或作品名称, 以及票数或投票人 "
                           "(no header row: entry code or title, and votes or voter)")


def check_shape(table: Table, header_row: int, shape: str, component: Component, columns: dict,
                 exclusions: Exclusions) -> None:
    if component.export is not None and component.export != shape:
        if shape == SHAPE_TOTALS:
            raise InputRefused.one(table.name, header_row, (
                "该投票部分 export = raw, 需要逐票记录 (投票人列), 此文件是按作品汇总的票数 "
                "(component expects raw vote records, the file holds per-entry totals)"))
        raise InputRefused.one(table.name, header_row, (
            "该投票部分 export = totals, 需要按作品汇总的票数 (票数列), 此文件是逐票记录 "
            "(component expects per-entry totals, the file holds raw vote records)"))
    if shape == SHAPE_TOTALS:
        if exclusions:
            raise InputRefused.one(table.name, header_row, "汇总票数文件无法按投票人或 IP 排除 (exclusions need raw vote records)")
        return
    if component.dedup == DEDUP_VOTER_DAY and columns["time"] is None:
        raise InputRefused.one(table.name, header_row, (
            "dedup = voter_day 需要投票时间列: " + " / ".join(TIME_COLUMNS) + " (voter_day needs a time column)"))
    if exclusions.ips and columns["ip"] is None:
        raise InputRefused.one(table.name, header_row, "按 IP 排除需要 IP 列 (excluding IPs needs an IP column)")
