"""Where vote imports and their tallies are kept (`vote_import`, `vote_tally`): the statements the
vote import and its read-backs run, so the services hold no SQL."""

from __future__ import annotations

from sqlalchemy import insert, text, update
from sqlalchemy.orm import Session

from judge_app.store.models import VoteImportRow, VoteTallyRow


def current_import_id(session: Session, component_id: int) -> int | None:
    return session.execute(text("SELECT id FROM vote_import WHERE component_id = :c AND current"),
                           {"c": component_id}).scalar()


def import_tally(session: Session, vote_import_id: int) -> dict[str, int]:
    """An import's tally, entry code → votes, in the order it was stored."""
    return dict(session.execute(text(
        "SELECT e.code, t.votes FROM vote_tally t JOIN entry e ON e.id = t.entry_id "
        "WHERE t.vote_import_id = :v ORDER BY t.id"), {"v": vote_import_id}).all())


def start_import(session: Session, component_id: int, **values) -> VoteImportRow:
    """A new current import of the component (the previous ones no longer current), flushed so it has its id."""
    session.execute(update(VoteImportRow).where(VoteImportRow.component_id == component_id).values(current=False))
    row = VoteImportRow(component_id=component_id, current=True, **values)
    session.add(row)
    session.flush()
    return row


def store_tally(session: Session, vote_import_id: int, entry_ids: dict[str, int], tally: dict[str, int]) -> None:
    session.execute(insert(VoteTallyRow), [
        {"vote_import_id": vote_import_id, "entry_id": entry_ids[code], "votes": votes} for code, votes in tally.items()])


def current_import(session: Session, component_id: int):
    """The component's current import: (id, shape, dedup, first_record, last_record), or None."""
    return session.execute(text(
        "SELECT id, shape, dedup, first_record, last_record FROM vote_import WHERE component_id = :c AND current"
    ), {"c": component_id}).first()


def record_range(session: Session, vote_import_id: int) -> tuple[int | None, int | None]:
    """An import's first and last `vote_record` ids (None, None: its records are in chunks)."""
    return tuple(session.execute(text("SELECT first_record, last_record FROM vote_import WHERE id = :v"),
                                 {"v": vote_import_id}).one())


def entry_codes(session: Session) -> dict[int, str]:
    return dict(session.execute(text("SELECT id, code FROM entry")).all())


def current_tally(session: Session, component_id: int) -> dict[str, int]:
    """The component's current tally, entry code → votes; empty when nothing is imported."""
    return dict(session.execute(text(
        "SELECT e.code, t.votes FROM vote_tally t JOIN vote_import v ON v.id = t.vote_import_id "
        "JOIN entry e ON e.id = t.entry_id WHERE v.component_id = :c AND v.current ORDER BY t.id"),
        {"c": component_id}).all())
