"""The contest database's tables (SQLModel).

Raw inputs (each judge's criterion scores, vote tallies, direct scores) are stored apart from
anything computed; results are never stored, they are computed by `judge_app.domain`.
Exact numbers: score values are fixed-point integers (1/10000 of a point) so SQL can sum them
exactly; weights and maxima are decimal text. Never floats.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

SCORE_PLACES = 4
SCORE_SCALE = 10**SCORE_PLACES


class FixedPoint(TypeDecorator):
    """A Decimal stored as an integer count of 1/10000 points: exact and summable in SQL."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        units = Decimal(value) * SCORE_SCALE
        if units != units.to_integral_value():
            raise ValueError(f"{value} has more than {SCORE_PLACES} decimal places")
        return int(units)

    def process_result_value(self, value, dialect):
        return None if value is None else from_units(value)


def from_units(units: int) -> Decimal:
    """The Decimal value of a fixed-point integer read from the database (e.g. an SQL SUM).

    Exact division keeps only the digits needed: 335000 → 33.5, 330000 → 33.
    """
    return Decimal(units) / SCORE_SCALE


class DecimalText(TypeDecorator):
    """A Decimal stored as its exact text."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


class ContestRow(SQLModel, table=True):
    __tablename__ = "contest"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    organizer: str = ""
    date: str = ""
    created_at: str = ""


class RoundRow(SQLModel, table=True):
    __tablename__ = "round"
    __table_args__ = (UniqueConstraint("contest_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    position: int
    key: str
    name: str
    decimals: int = 2
    tie_break: str = "[]"  # JSON list of component keys


class ComponentRow(SQLModel, table=True):
    __tablename__ = "component"
    __table_args__ = (UniqueConstraint("round_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    position: int
    key: str
    name: str
    kind: str
    weight: Decimal = Field(sa_type=DecimalText)
    drop_highest: int = 0
    drop_lowest: int = 0
    normalize: str = "max"
    dedup: str = "none"


class CriterionRow(SQLModel, table=True):
    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("component_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    component_id: int = Field(foreign_key="component.id", index=True)
    position: int
    key: str
    name: str
    max: Decimal = Field(sa_type=DecimalText)


class AwardTierRow(SQLModel, table=True):
    __tablename__ = "award_tier"
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    position: int
    name: str
    count: int | None = None


class EntryRow(SQLModel, table=True):
    __tablename__ = "entry"
    __table_args__ = (UniqueConstraint("contest_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    code: str
    title: str
    unit: str = ""
    members: str = "[]"  # JSON list of names


class EntryRoundRow(SQLModel, table=True):
    """An entry takes part in a round."""

    __tablename__ = "entry_round"
    entry_id: int = Field(foreign_key="entry.id", primary_key=True)
    round_id: int = Field(foreign_key="round.id", primary_key=True)


class JudgeRow(SQLModel, table=True):
    __tablename__ = "judge"
    __table_args__ = (UniqueConstraint("contest_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    code: str
    name: str
    unit: str = ""


class PanelSeatRow(SQLModel, table=True):
    """A judge sits on a panel component."""

    __tablename__ = "panel_seat"
    judge_id: int = Field(foreign_key="judge.id", primary_key=True)
    component_id: int = Field(foreign_key="component.id", primary_key=True)


class ScoreRow(SQLModel, table=True):
    """One judge's value for one criterion of one entry."""

    __tablename__ = "score"
    __table_args__ = (UniqueConstraint("judge_id", "entry_id", "criterion_id"),)
    id: int | None = Field(default=None, primary_key=True)
    judge_id: int = Field(foreign_key="judge.id")
    entry_id: int = Field(foreign_key="entry.id")
    criterion_id: int = Field(foreign_key="criterion.id", index=True)
    value: Decimal = Field(sa_type=FixedPoint)


class DirectScoreRow(SQLModel, table=True):
    __tablename__ = "direct_score"
    __table_args__ = (UniqueConstraint("component_id", "entry_id"),)
    id: int | None = Field(default=None, primary_key=True)
    component_id: int = Field(foreign_key="component.id", index=True)
    entry_id: int = Field(foreign_key="entry.id")
    value: Decimal = Field(sa_type=FixedPoint)


class VoteImportRow(SQLModel, table=True):
    """The vote export that produced a component's current tally."""

    __tablename__ = "vote_import"
    id: int | None = Field(default=None, primary_key=True)
    component_id: int = Field(foreign_key="component.id", index=True)
    source: str
    sha256: str
    rows_read: int
    imported_at: str
    imported_by: str
    current: bool = True


class VoteTallyRow(SQLModel, table=True):
    __tablename__ = "vote_tally"
    __table_args__ = (UniqueConstraint("vote_import_id", "entry_id"),)
    id: int | None = Field(default=None, primary_key=True)
    vote_import_id: int = Field(foreign_key="vote_import.id", index=True)
    entry_id: int = Field(foreign_key="entry.id")
    votes: int


class AuditEventRow(SQLModel, table=True):
    """One change: who, when, what, the old and the new value (JSON text)."""

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: str = Field(index=True)
    actor: str
    action: str
    target: str = Field(index=True)
    old: str | None = None
    new: str | None = None


class JudgeTokenRow(SQLModel, table=True):
    """A judge's personal link for one round (LAN scoring). Only the SHA-256 of the token is kept."""

    __tablename__ = "judge_token"
    id: int | None = Field(default=None, primary_key=True)
    judge_id: int = Field(foreign_key="judge.id", index=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    token_hash: str = Field(unique=True)
    created_at: str
    created_by: str
    revoked_at: str | None = None


class CurrentEntryRow(SQLModel, table=True):
    """The entry on stage now, per round: judges' phones follow it."""

    __tablename__ = "current_entry"
    round_id: int = Field(foreign_key="round.id", primary_key=True)
    entry_id: int | None = Field(default=None, foreign_key="entry.id")
    set_at: str


class ClosedEntryRow(SQLModel, table=True):
    """The host closed scoring of an entry in a round: judges can no longer correct their scores."""

    __tablename__ = "closed_entry"
    round_id: int = Field(foreign_key="round.id", primary_key=True)
    entry_id: int = Field(foreign_key="entry.id", primary_key=True)
    closed_at: str
    closed_by: str


class ScoreCommentRow(SQLModel, table=True):
    """A judge's comment on an entry (专家点评), beside the criterion scores."""

    __tablename__ = "score_comment"
    __table_args__ = (UniqueConstraint("judge_id", "entry_id", "component_id"),)
    id: int | None = Field(default=None, primary_key=True)
    judge_id: int = Field(foreign_key="judge.id")
    entry_id: int = Field(foreign_key="entry.id")
    component_id: int = Field(foreign_key="component.id", index=True)
    comment: str
    updated_at: str


class ScoreSubmissionRow(SQLModel, table=True):
    """One accepted submission from a judge's device, by its idempotency key: a retry is answered, not re-applied."""

    __tablename__ = "score_submission"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    judge_id: int = Field(foreign_key="judge.id")
    entry_id: int = Field(foreign_key="entry.id")
    component_id: int = Field(foreign_key="component.id", index=True)
    received_at: str
    address: str = ""
    outcome: str  # JSON: what the first request was answered


class JudgeKeyRow(SQLModel, table=True):
    """A judge's Ed25519 public key, for score files signed on a laptop in judge mode."""

    __tablename__ = "judge_key"
    id: int | None = Field(default=None, primary_key=True)
    judge_id: int = Field(foreign_key="judge.id", index=True)
    public_key: str  # raw 32 bytes, hex
    created_at: str
    revoked_at: str | None = None
