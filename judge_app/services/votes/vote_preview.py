"""Use case: what a vote export looks like before importing it — file kind, encoding, the header
row found, the columns used and a few rows — for the import wizard."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from judge_app.services.votes.vote_header import locate_header
from judge_app.services.votes.vote_report import SHAPE_RAW
from judge_app.table_files.reader import open_table

SAMPLE_ROWS = 8


@dataclass(frozen=True)
class TableShape:
    source: str
    kind: str  # "csv" or "xlsx"
    encoding: str | None
    header_row: int
    columns: tuple[str, ...]
    entry_column: str  # the entry code column, else the title column
    votes_column: str  # totals: the vote count column; raw records: the voter column
    data_rows: int
    sample: tuple[tuple[str, ...], ...]
    shape: str = "totals"  # or "raw": one row per vote, tallied by the component's dedup rule

    @property
    def raw(self) -> bool:
        return self.shape == SHAPE_RAW


def describe_vote_file(path: str | Path, sheet: str | None = None) -> TableShape:
    """Raises `InputRefused` (file, row, reason) when no vote export header is found: an entry code
    or title column, and a vote count column (totals) or a voter column (raw records)."""
    table = open_table(path, sheet)
    rows = ((row.number, row.cells) for row in table.rows())
    number, columns, shape = locate_header(table, rows)
    names: tuple[str, ...] = ()
    for row in table.rows():
        if row.number == number:
            names = row.cells
            break
    count, sample = 0, []
    for _number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        count += 1
        if len(sample) < SAMPLE_ROWS:
            sample.append(cells)
    entry = columns["entry"] if columns["entry"] is not None else columns["title"]
    votes = columns["voter"] if shape == SHAPE_RAW else columns["votes"]
    return TableShape(table.name, table.kind, table.encoding, number, names, names[entry], names[votes],
                      count, tuple(sample), shape)
