"""Refusing an input file: every problem names the file, the row and the reason."""

from __future__ import annotations

from dataclasses import dataclass

from judge_app.domain.file_names import readable
from judge_app.errors import KnownError


@dataclass(frozen=True)
class Problem:
    source: str
    row: int | None
    reason: str

    def __post_init__(self) -> None:  # a file name that arrived as undecodable bytes must still print
        object.__setattr__(self, "source", readable(str(self.source)))
        object.__setattr__(self, "reason", readable(self.reason))

    def __str__(self) -> str:
        where = f"{self.source}, 第{self.row}行 (row {self.row})" if self.row is not None else self.source
        return f"{where}: {self.reason}"


class InputRefused(KnownError):
    """An input was refused as a whole; nothing was written. `problems` lists why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def one(cls, source: str, row: int | None, reason: str) -> "InputRefused":
        return cls([Problem(source, row, reason)])
