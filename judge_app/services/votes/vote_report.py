"""What a vote import reports: its progress, its findings, and the report it returns.

Plain data shared by the reading, tallying and storing modules of an import and by the front ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from judge_app.domain.votes import DEDUP_NONE
from judge_app.table_files.problems import Problem

SHAPE_TOTALS = "totals"
SHAPE_RAW = "raw"
MAX_PROBLEMS = 100  # refusals listed before an import stops looking


@dataclass(frozen=True)
class ImportProgress:
    """How far a long import has got: rows read, seconds, and the share of the file read (if known)."""

    rows: int
    elapsed: float
    fraction: float | None = None

    @property
    def rate(self) -> float:
        return self.rows / self.elapsed if self.elapsed > 0 else 0.0


class ImportCancelled(Exception):
    """The import was cancelled; nothing was written."""


@dataclass(frozen=True)
class Flag:
    """A screening finding: `kind` (ip_burst, minute_burst, outside_window, heavy_voter), how many
    records it concerns, a sentence, and up to `ScreeningRules.samples` items in full."""

    kind: str
    records: int
    message: str
    items: tuple[dict, ...] = ()


@dataclass(frozen=True)
class VoteImportReport:
    source: str
    round: str
    component: str
    rows: int  # data rows read (totals: entries listed; raw: vote records)
    tally: dict[str, int]  # every entry of the round, absent ones with 0
    scores: dict[str, Decimal]
    dry_run: bool
    previous: dict[str, int] | None
    shape: str = SHAPE_TOTALS
    dedup: str = DEDUP_NONE
    normalize: str = "max"
    rows_counted: int = 0
    duplicates: int = 0
    excluded: int = 0
    excluded_by: dict[str, int] = field(default_factory=dict)  # "voter"/"ip" → records excluded
    unmatched: int = 0
    problems: tuple[Problem, ...] = ()  # dry run only: why the import would be refused
    warnings: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()

    def as_dict(self) -> dict:
        return {
            "source": self.source, "round": self.round, "component": self.component, "dry_run": self.dry_run,
            "shape": self.shape, "dedup": self.dedup, "normalize": self.normalize,
            "rows": self.rows, "rows_read": self.rows, "rows_counted": self.rows_counted,
            "duplicates_removed": self.duplicates, "excluded": self.excluded, "excluded_by": self.excluded_by,
            "unmatched_rows": self.unmatched,
            "tally": self.tally, "scores": {k: str(v) for k, v in self.scores.items()},
            "previous": self.previous,
            "problems": [{"file": p.source, "row": p.row, "reason": p.reason} for p in self.problems],
            "warnings": list(self.warnings),
            "flags": [{"kind": f.kind, "records": f.records, "message": f.message, "items": list(f.items)}
                      for f in self.flags],
        }
