"""The contest database's tables (SQLModel).

Raw inputs (each judge's criterion scores, vote tallies, direct scores) are stored apart from
anything computed; results are never stored, they are computed by `judge_app.domain`.
Exact numbers: score values are fixed-point integers (1/10000 of a point) so SQL can sum them
exactly; weights and maxima are decimal text. Never floats.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, Integer, String, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from judge_app.store.fixed_point import SCORE_PLACES, SCORE_SCALE, from_units  # noqa: F401 (imported from here too)


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
    host_unit: str = ""  # 承办单位
    date: str = ""
    venue: str = ""
    verify_url: str = ""
    head_title: str = ""
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
    rank_step: Decimal | None = Field(default=None, sa_type=DecimalText)
    vote_start: str | None = None  # "YYYY-MM-DD HH:MM:SS", local time
    vote_end: str | None = None
    export: str | None = None  # "raw" / "totals" / None (either)
    aggregate: str = "trimmed_mean"  # appended by migration analytics01


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
    title: str = ""  # 职称 (migration comment01)
    affiliation: str = ""  # 工作单位 (migration comment01)


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
    shape: str = "totals"  # "totals": one count per entry; "raw": one record per vote (vote_record)
    dedup: str = "none"  # the dedup rule the tally was made with
    rows_counted: int = 0  # raw: records counted (not duplicate, not excluded)
    first_record: int | None = None  # raw: the import's records are vote_record.id first..last
    last_record: int | None = None


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
    # The hash chain (migration integrity01): see judge_app.store.audit.
    prev_hash: str | None = None
    hash: str | None = None


class RunningOrderRow(SQLModel, table=True):
    """A round's running order (出场顺序): drawn on stage from a seed, or fixed by the organizer.

    Every draw is kept; the one with `current` true is in force. `codes` is a JSON list of entry
    codes in order; `seed` is None for a fixed order.
    """

    __tablename__ = "running_order"
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    method: str  # "draw" or "fixed"
    seed: int | None = None
    codes: str = "[]"
    created_at: str
    created_by: str
    current: bool = True


class CertificateKeyRow(SQLModel, table=True):
    """The contest's Ed25519 signing key for certificate QR codes (raw keys as hex text)."""

    __tablename__ = "certificate_key"
    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    key_id: str  # first 4 bytes of SHA-256 of the public key, hex
    private_key: str
    public_key: str
    created_at: str


class CertificateRow(SQLModel, table=True):
    """One issued certificate: its serial never changes and never repeats within a contest."""

    __tablename__ = "certificate"
    __table_args__ = (UniqueConstraint("contest_id", "serial"), UniqueConstraint("contest_id", "seq"))
    id: int | None = Field(default=None, primary_key=True)
    contest_id: int = Field(foreign_key="contest.id", index=True)
    seq: int
    serial: str
    round_key: str
    entry_code: str
    member: str = ""  # "" for a certificate per entry; the member's name with --per-member
    recipient: str
    unit: str = ""
    title: str = ""
    award: str
    issued_on: str  # the date printed and signed (YYYY-MM-DD)
    issued_at: str
    issued_by: str
    template: str = ""
    payload: str
    revoked_at: str | None = None  # set when a changed result replaced this certificate


class CertificatePrintRow(SQLModel, table=True):
    """Each time a certificate was printed; every print after the first is a reprint (补发)."""

    __tablename__ = "certificate_print"
    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int = Field(foreign_key="certificate.id", index=True)
    printed_at: str
    printed_by: str
    reprint: bool = False


# --- integrity: hash-chained audit trail, locks, sign-offs, users (migration integrity01) ---


class AuditHeadRow(SQLModel, table=True):
    """The newest link of the audit chain (one row, id 1): detects events deleted from the end."""

    __tablename__ = "audit_head"
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = 0
    hash: str = ""


class LockRow(SQLModel, table=True):
    """A locked round (component_key "") or a locked component of a round."""

    __tablename__ = "lock"
    __table_args__ = (UniqueConstraint("round_key", "component_key"),)
    id: int | None = Field(default=None, primary_key=True)
    round_key: str
    component_key: str = ""
    locked_at: str
    locked_by: str


class SignoffRow(SQLModel, table=True):
    """A head judge's sign-off of a round's result; revoked when the round is unlocked."""

    __tablename__ = "signoff"
    id: int | None = Field(default=None, primary_key=True)
    round_key: str = Field(index=True)
    head_judge: str
    signed_by: str
    signed_at: str
    chain_head: str
    revoked_at: str | None = None


class UserRow(SQLModel, table=True):
    """An account: role administrator | clerk | host | judge; password as a salted scrypt hash."""

    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    role: str
    judge_code: str = ""
    password_hash: str
    created_at: str
    active: bool = True


class VoteRecordRow(SQLModel, table=True):
    """One raw vote record of an import, kept so its tally can be recounted and audited.

    `status`: 1 counted, 0 duplicate under the import's dedup rule, 2 excluded by the organizer.
    `at` is `YYYY-MM-DD HH:MM:SS` when the time could be read, else the text as exported.
    Written in bulk through the driver's `executemany`, never through the ORM, in one
    transaction: an import's records are the contiguous id range `first_record..last_record`
    noted on its `vote_import` row, which is how they are found (the rowid b-tree; no second
    index to maintain). No foreign-key constraints on purpose: the import takes both ids from
    the contest it has just loaded, and a million per-row lookups would cost a third of the
    insert time.
    """

    __tablename__ = "vote_record"
    id: int | None = Field(default=None, primary_key=True)
    vote_import_id: int
    row: int
    voter: str
    entry_id: int
    at: str = ""
    ip: str = ""
    status: int = 1


class PendingScoreRow(SQLModel, table=True):
    """Double entry: one clerk's typed value for one criterion, not yet official.

    Each clerk's values are kept apart; a judge × entry becomes official (through
    `score_store.apply_scores`) only when two clerks' complete sets match or a mismatch is resolved.
    """

    __tablename__ = "pending_score"
    __table_args__ = (UniqueConstraint("clerk", "judge_id", "entry_id", "criterion_id"),)
    id: int | None = Field(default=None, primary_key=True)
    clerk: str = Field(index=True)
    judge_id: int = Field(foreign_key="judge.id")
    entry_id: int = Field(foreign_key="entry.id")
    criterion_id: int = Field(foreign_key="criterion.id", index=True)
    value: Decimal = Field(sa_type=FixedPoint)
    entered_at: str = ""


class ScoreCommentRow(SQLModel, table=True):
    """专家点评: a judge's optional comment on an entry, kept with the panel's scores."""

    __tablename__ = "score_comment"
    __table_args__ = (UniqueConstraint("component_id", "judge_id", "entry_id"),)
    id: int | None = Field(default=None, primary_key=True)
    component_id: int = Field(foreign_key="component.id", index=True)
    judge_id: int = Field(foreign_key="judge.id")
    entry_id: int = Field(foreign_key="entry.id")
    text: str


class ManualConflictRow(SQLModel, table=True):
    """A conflict of interest (回避) added by hand, beyond the same-unit rule, with its reason."""

    __tablename__ = "manual_conflict"
    __table_args__ = (UniqueConstraint("judge_id", "entry_id"),)
    id: int | None = Field(default=None, primary_key=True)
    judge_id: int = Field(foreign_key="judge.id")
    entry_id: int = Field(foreign_key="entry.id")
    reason: str


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


class AttachmentRow(SQLModel, table=True):
    """A file registered on an entry (slides, video, document), copied into the managed folder
    beside the database (`NAME.sqlite.files/`); `stored` is its path inside that folder, and
    `sha256` the checksum taken when it was copied, so a changed or missing copy is reported."""

    __tablename__ = "attachment"
    __table_args__ = (UniqueConstraint("entry_id", "stored"),)
    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="entry.id", index=True)
    position: int
    name: str  # the original file name
    stored: str  # relative path inside the managed folder, with '/' separators
    sha256: str
    size: int
    kind: str  # slides | video | document | image | other
    added_at: str
    added_by: str


class VoteRecordChunkRow(SQLModel, table=True):
    """Raw vote records of an import, a chunk of them per row, compressed column by column
    (format: `judge_app.store.vote_chunks`). Imports since `votesperf01` keep their records here;
    `vote_record` holds those of older imports. Written through the driver in the import's one
    transaction; found by `(vote_import_id, chunk)`, the chunks in file order.
    """

    __tablename__ = "vote_record_chunk"
    id: int | None = Field(default=None, primary_key=True)
    vote_import_id: int = Field(index=True)
    chunk: int
    first_row: int
    records: int
    data: bytes


class RoundSealRow(SQLModel, table=True):
    """The seal of a sign-off (migration seal01): the manifest of what the round's result depends
    on (`domain.seal`), its digest and the organizer's Ed25519 signature of it. Voided, with a
    reason, when a restore crosses the sign-off; the sign-off's revocation ends it too."""

    __tablename__ = "round_seal"
    id: int | None = Field(default=None, primary_key=True)
    signoff_id: int = Field(foreign_key="signoff.id", index=True)
    round_key: str
    digest: str
    manifest: str  # canonical JSON: table → row key → hash
    signature: str  # hex
    key_id: str  # hex, 4 bytes
    public_key: str  # hex, 32 bytes
    sealed_at: str
    voided_at: str | None = None
    void_reason: str | None = None


class LanServiceRow(SQLModel, table=True):
    """A LAN scoring service running on this contest (migration contestday01): where phones connect,
    a heartbeat, and who was last heard from. Written by the serving process every second and
    deleted when it stops, so a host console opened later attaches to it instead of starting a
    second one. Runtime state, not contest data: never audited, never part of a seal."""

    __tablename__ = "lan_service"
    id: int | None = Field(default=None, primary_key=True)
    instance: str = Field(unique=True)  # random, one per serving process
    machine: str  # host name of the serving machine
    pid: int
    url: str  # the address phones open (http://192.168.x.y:PORT)
    actor: str  # who host actions run as
    started_at: str
    beat_ms: int = Field(sa_type=BigInteger)  # Unix time of the last heartbeat, milliseconds
    presence: str = "{}"  # JSON: {round: {judge: [last seen ISO time, address]}}


class StageCommentaryRow(SQLModel, table=True):
    """Where the stage's 专家点评 scene goes in each entry's show plan, per round (migration
    comment02): "before" or "after" the reveal; no row (or "off") leaves it out."""

    __tablename__ = "stage_commentary"
    round_id: int = Field(foreign_key="round.id", primary_key=True)
    placement: str
    set_at: str
    set_by: str
