"""Where raw vote records are written and read, on SQLite and PostgreSQL alike.

An import's records go to `vote_record_chunk` one compressed row per chunk (the blob's format is
`judge_app.store.vote_chunks`); imports made before chunked storage kept one `vote_record` row
per record. Every statement here is SQLAlchemy Core compiled for the session's dialect, so no
placeholder style (`?` for sqlite3, `%s` for psycopg) or dialect function is written by hand.

The chunk writer executes on the DB-API cursor of the session's connection, inside the session's
transaction: a chunk is a single row of a few hundred kilobytes, and going through the driver
directly lets a worker thread store one chunk while the import reads the next (both sqlite3 and
psycopg release the GIL while they work).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import bindparam, func, insert, literal, select
from sqlalchemy.orm import Session

from judge_app.store.models import EntryRow, VoteRecordChunkRow, VoteRecordRow

_CHUNK = VoteRecordChunkRow.__table__
_RECORD = VoteRecordRow.__table__
_CHUNK_COLUMNS = ("vote_import_id", "chunk", "first_row", "records", "data")
_DAY_SEPARATOR = "\x1f"  # between voter and day in the legacy voter_day recount key (no voter text holds it)


def driver_statement(session: Session, statement, keys: tuple[str, ...]) -> tuple[str, tuple[str, ...] | None]:
    """A Core statement as the driver's SQL text for the session's dialect, and the order of its
    positional parameters (None: the driver takes them by name, as psycopg's `%(name)s`)."""
    compiled = statement.compile(dialect=session.connection().dialect, column_keys=list(keys))
    return str(compiled), tuple(compiled.positiontup) if compiled.positional else None


class ChunkWriter:
    """Stores chunk rows through the driver cursor of the session's connection (its transaction).

    `store` may be called from one worker thread while the session is otherwise idle; `close`
    releases the cursor (the rows stay in the transaction, committed or rolled back with it).
    """

    def __init__(self, session: Session, vote_import_id: int):
        statement = insert(_CHUNK).values({key: bindparam(key) for key in _CHUNK_COLUMNS})
        self.sql, order = driver_statement(session, statement, _CHUNK_COLUMNS)
        self.positional = order is not None
        if self.positional and order != _CHUNK_COLUMNS:  # pragma: no cover — Core keeps the values' order
            raise RuntimeError(f"unexpected parameter order {order}")
        self.cursor = session.connection().connection.driver_connection.cursor()
        self.vote_import_id = vote_import_id

    def store(self, chunk: int, first_row: int, records: int, blob: bytes) -> None:
        values = (self.vote_import_id, chunk, first_row, records, blob)
        self.cursor.execute(self.sql, values if self.positional else dict(zip(_CHUNK_COLUMNS, values)))

    def close(self) -> None:
        self.cursor.close()


def chunk_blobs(session: Session, vote_import_id: int) -> Iterator[bytes]:
    """An import's chunk blobs in chunk (file) order."""
    rows = session.execute(select(_CHUNK.c.data).where(_CHUNK.c.vote_import_id == vote_import_id)
                           .order_by(_CHUNK.c.chunk)).scalars()
    return (bytes(blob) for blob in rows)  # psycopg may hand back a memoryview


def _legacy_range(vote_import_id: int, first: int, last: int):
    return (_RECORD.c.id.between(first, last), _RECORD.c.vote_import_id == vote_import_id)


def legacy_records(session: Session, vote_import_id: int, first: int, last: int) -> list[tuple]:
    """An older import's `vote_record` rows in file order: (row, voter, entry id, time, ip, status)."""
    r = _RECORD.c
    return [tuple(row) for row in session.execute(
        select(r.row, r.voter, r.entry_id, r.at, r.ip, r.status)
        .where(*_legacy_range(vote_import_id, first, last)).order_by(r.id))]


def legacy_recount(session: Session, vote_import_id: int, first: int, last: int, key: str,
                   excluded: int) -> dict[str, int]:
    """An older import recounted in SQL: per entry code, the distinct keys ("row", "voter" or
    "voter_day": voter and day) among its records not `excluded`."""
    r = _RECORD.c
    counted = {"row": r.row, "voter": r.voter,
               "voter_day": r.voter + literal(_DAY_SEPARATOR) + func.substr(r.at, 1, 10)}[key]
    entry = EntryRow.__table__.c
    statement = (select(entry.code, func.count(counted.distinct()))
                 .select_from(_RECORD.join(EntryRow.__table__, entry.id == r.entry_id))
                 .where(*_legacy_range(vote_import_id, first, last), r.status != excluded)
                 .group_by(entry.code))
    return {code: count for code, count in session.execute(statement)}
