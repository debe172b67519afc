"""Use case: what a vote export looks like before importing it — file kind, encoding, the header
row found, the columns used and a few rows — for the import wizard."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from judge_app.sheets.columns import ENTRY_COLUMNS, VOTE_COLUMNS, read_header
from judge_app.sheets.reader import open_table

SAMPLE_ROWS = 8


@dataclass(frozen=True)
class TableShape:
    source: str
    kind: str  # "csv" or "xlsx"
    encoding: str | None
    header_row: int
    columns: tuple[str, ...]
    entry_column: str
    votes_column: str
    data_rows: int
    sample: tuple[tuple[str, ...], ...]


def describe_vote_file(path: str | Path, sheet: str | None = None) -> TableShape:
    """Raises `InputRefused` (file, row, reason) when no header with an entry and a vote column is found."""
    table = open_table(path, sheet)
    header, rows = read_header(table, {"entry": ENTRY_COLUMNS, "votes": VOTE_COLUMNS})
    names: tuple[str, ...] = ()
    for row in table.rows():
        if row.number == header.row:
            names = row.cells
            break
    count, sample = 0, []
    for row in rows:
        if row.blank:
            continue
        count += 1
        if len(sample) < SAMPLE_ROWS:
            sample.append(row.cells)
    return TableShape(table.name, table.kind, table.encoding, header.row, names,
                      names[header.columns["entry"]], names[header.columns["votes"]], count, tuple(sample))
