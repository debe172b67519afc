"""One way to assert a refusal: exit status 2, the file, row and reason named, and the database
exactly as it was (`db_state`: an SQLite file byte for byte, PostgreSQL row for row)."""

from __future__ import annotations

from contextlib import contextmanager

from conftest import db_state


@contextmanager
def unchanged(location):
    """The block must leave the database at `location` as it found it."""
    before = db_state(location)
    yield
    assert db_state(location) == before, f"the database at {location} changed"


def assert_refused(result, name: str, row: int | None, reason: str) -> None:
    """A CLI refusal: exit 2, nothing on stdout, stderr naming the file, the row (both languages)
    and the reason, and no traceback."""
    assert result.status == 2, (result.status, result.out, result.err)
    assert name in result.err, result.err
    if row is not None:
        assert f"row {row}" in result.err and f"第{row}行" in result.err, result.err
    assert reason in result.err, result.err
    assert "Traceback" not in result.err, result.err
    assert result.out == ""
