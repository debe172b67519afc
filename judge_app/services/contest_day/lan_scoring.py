"""Use cases for judges scoring from their phones, and for the host watching who is pending.

A judge sees only their own sheet: the entries of their round they may score (conflicted
entries, 回避, are left out), their own values and comment, and which entry is on stage.
A submission is one judge's complete set of criterion values for one entry. It carries an
idempotency key chosen by the phone: the key is stored in the same transaction as the scores,
so a retry after a dropped connection is answered with the first outcome and never applied twice,
and a concurrent duplicate loses on the unique key and is answered the same way.
Scores are written by `score_entry.save_scores`, the audited path every front end uses.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from judge_app.domain.numbers import NumberRefused, read_decimal
from judge_app.domain.rules import is_judged
from judge_app.services.contest.contest_access import ServiceError, require_round
from judge_app.services.contest.definition_cache import cached_contest
from judge_app.services.contest_day.lan_access import JudgeAccess, closed_entries, current_entry, panel_judges
from judge_app.services.scores.score_checks import comment_problem, printable_text, seat_problem
from judge_app.services.scores.score_entry import save_scores
from judge_app.store import audit
from judge_app.store.database import Database
from judge_app.store.comments import judge_comments, set_comment
from judge_app.store.conflicts import manual_conflicts
from judge_app.store.models import ComponentRow, JudgeRow, RoundRow, ScoreSubmissionRow, from_units

MAX_KEY = 100
CONNECTED_FOR = timedelta(seconds=60)


@dataclass(frozen=True)
class CriterionView:
    key: str
    name: str
    max: Decimal


@dataclass(frozen=True)
class EntryView:
    component: str
    entry: str
    title: str
    unit: str
    values: dict[str, Decimal]
    comment: str
    closed: bool

    @property
    def scored(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True)
class PanelView:
    key: str
    name: str
    criteria: list[CriterionView]


@dataclass(frozen=True)
class JudgeView:
    """Everything a judge's page shows: nothing about other judges."""

    judge: str
    judge_name: str
    contest: str
    round: str
    round_name: str
    current: str | None
    panels: list[PanelView]
    entries: list[EntryView]
    current_recused: bool = False  # an entry this judge must not score (回避) is on stage

    def as_json(self) -> dict:
        return {
            "judge": {"code": self.judge, "name": self.judge_name},
            "contest": self.contest,
            "round": {"key": self.round, "name": self.round_name},
            "current": self.current,
            "current_recused": self.current_recused,
            "panels": [
                {"key": p.key, "name": p.name, "criteria": [{"key": c.key, "name": c.name, "max": str(c.max)} for c in p.criteria]}
                for p in self.panels
            ],
            "entries": [
                {"component": e.component, "entry": e.entry, "title": e.title, "unit": e.unit,
                 "values": {k: str(v) for k, v in e.values.items()}, "comment": e.comment, "closed": e.closed}
                for e in self.entries
            ],
        }


_OWN_SCORES = text(
    "SELECT s.entry_id, c.component_id, c.key, s.value FROM score s JOIN criterion c ON c.id = s.criterion_id "
    "WHERE s.judge_id = :j"
)


def judge_view(db: Database, access: JudgeAccess) -> JudgeView:
    with db.session() as session:
        stored = cached_contest(session)
        round_ = require_round(stored, access.round)
        judge = next(j for j in stored.contest.judges if j.code == access.judge)
        jid = stored.ids.judges[judge.code]
        comp_of = {stored.ids.components[(round_.key, c.key)]: c.key for c in round_.components}
        code_of = {i: c for c, i in stored.ids.entries.items()}
        own: dict[tuple[str, str], dict[str, Decimal]] = {}
        for entry_id, component_id, key, units in session.execute(_OWN_SCORES, {"j": jid}):
            if component_id in comp_of:
                own.setdefault((comp_of[component_id], code_of[entry_id]), {})[key] = from_units(units)
        comments = {
            (comp_of[component_id], code_of[entry_id]): comment
            for component_id, entry_id, comment in judge_comments(session, jid)
            if component_id in comp_of
        }
        manual = manual_conflicts(session)
        closed = closed_entries(session, stored, round_.key)
        on_stage = current_entry(session, stored, round_.key)
    panels, entries = [], []
    for component in round_.components:
        if not is_judged(component) or not judge.sits_on(round_.key, component.key):
            continue
        panels.append(PanelView(component.key, component.name,
                                [CriterionView(c.key, c.name, c.max) for c in component.criteria]))
        for e in stored.contest.entries:
            if seat_problem(judge, e, round_, component, manual) is None:
                key = (component.key, e.code)
                entries.append(EntryView(component.key, e.code, e.title, e.unit, own.get(key, {}),
                                         comments.get(key, ""), e.code in closed))
    offered = {e.entry for e in entries}
    recused = False
    if on_stage is not None and on_stage not in offered:
        entry = next((e for e in stored.contest.entries if e.code == on_stage), None)
        seats = [c for c in round_.components if is_judged(c) and judge.sits_on(round_.key, c.key)]
        recused = entry is not None and any(seat_problem(judge, entry, round_, c, manual) is not None for c in seats)
    return JudgeView(judge.code, judge.name, stored.contest.name, round_.key, round_.name,
                     on_stage if on_stage in offered else None, panels, entries, recused)


@dataclass(frozen=True)
class Submission:
    key: str
    component: str
    entry: str
    values: dict[str, str]  # as typed: parsed and checked here
    comment: str = ""


@dataclass(frozen=True)
class SubmitOutcome:
    entry: str
    component: str
    values: dict[str, str]
    comment: str
    replayed: bool  # True: this key was seen before; nothing was written now


def _check_text(sub: Submission) -> None:
    if not sub.key or len(sub.key) > MAX_KEY or not printable_text(sub.key):
        raise ServiceError("缺少或无效的提交编号 (missing or invalid idempotency key)")
    if reason := comment_problem(sub.comment):
        raise ServiceError(reason)
    fields = [("作品", "entry", sub.entry), ("部分", "component", sub.component), *(("评分项", "criterion", k) for k in sub.values)]
    for zh, en, value in fields:
        if len(value) > MAX_KEY or not printable_text(value):
            raise ServiceError(f"{zh} {value[:20]!r} 无效 (invalid {en})")


def _parse_values(raw: dict) -> dict[str, Decimal]:
    out = {}
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ServiceError(f"{str(key)[:20]!r}: 不是数字 (not a number)")
        try:
            number = read_decimal(str(value))
        except NumberRefused as exc:
            raise ServiceError(f"{str(key)[:20]!r}: {exc.reason}") from None
        out[str(key)] = number
    return out


def _stored_outcome(db: Database, key: str, access: JudgeAccess, sub: Submission,
                    values: dict[str, Decimal]) -> SubmitOutcome | None:
    """The answer given to the first request with this key, or None if the key is new.

    A key is answered again only for the same judge, round and content: a key reused for other
    values is refused, so a device is never told "saved" for values that were not.
    """
    query = (select(ScoreSubmissionRow.outcome, JudgeRow.code, RoundRow.key)
             .join(JudgeRow, JudgeRow.id == ScoreSubmissionRow.judge_id)
             .join(ComponentRow, ComponentRow.id == ScoreSubmissionRow.component_id)
             .join(RoundRow, RoundRow.id == ComponentRow.round_id)
             .where(ScoreSubmissionRow.key == key))
    with db.session() as session:
        row = session.exec(query).first()
    if row is None:
        return None
    if row.code != access.judge:
        raise ServiceError("提交编号已被使用 (submission key already used)")
    o = json.loads(row.outcome)
    same = (row.key == access.round and o["entry"] == sub.entry and o["component"] == sub.component
            and o["comment"] == sub.comment.strip() and {k: Decimal(v) for k, v in o["values"].items()} == values)
    if not same:
        raise ServiceError("提交编号已用于另一份评分, 本次未保存; 请重新提交 "
                           "(submission key already used for different scores; nothing saved)")
    return SubmitOutcome(o["entry"], o["component"], o["values"], o["comment"], True)


def submit_scores(db: Database, access: JudgeAccess, sub: Submission, address: str = "", device: str = "",
                  lock: threading.Lock | None = None) -> SubmitOutcome:
    """Save one judge's scores for one entry from a device, exactly once per idempotency key.

    `lock` serialises writers in one process (SQLite has a single writer; waiting on a lock is
    cheaper than retrying on "database is locked").
    """
    _check_text(sub)
    values = _parse_values(sub.values)
    if (seen := _stored_outcome(db, sub.key, access, sub, values)) is not None:
        return seen
    comment = sub.comment.strip()
    outcome = {"entry": sub.entry, "component": sub.component, "values": {k: str(v) for k, v in values.items()},
               "comment": comment}
    device = " ".join(device.split())[:80]
    actor = f"评委 {access.judge} 手机 {address}" + (f" [{device}]" if device else "")

    def also(session, stored):
        # save_scores has checked the round, the panel, the entry, the seat and every value by now
        if sub.entry in closed_entries(session, stored, access.round):
            raise ServiceError(f"作品 {sub.entry} 的评分已结束, 不能再修改 (scoring of this entry is closed)")
        judge_id, entry_id = stored.ids.judges[access.judge], stored.ids.entries[sub.entry]
        component_id = stored.ids.components[(access.round, sub.component)]
        session.add(ScoreSubmissionRow(key=sub.key, judge_id=judge_id, entry_id=entry_id, component_id=component_id,
                                       received_at=audit.now(), address=address,
                                       outcome=json.dumps(outcome, ensure_ascii=False)))
        set_comment(session, component_id, judge_id, entry_id, comment, actor,
                    f"comment:{access.round}.{sub.component}:{access.judge}:{sub.entry}")
        session.flush()  # a concurrent duplicate key fails here, before the scores are written

    try:
        if lock is None:
            save_scores(db, access.round, sub.component, access.judge, sub.entry, values, actor, also=also,
                        judge_link=True, cached=True)
        else:
            with lock:
                save_scores(db, access.round, sub.component, access.judge, sub.entry, values, actor, also=also,
                        judge_link=True, cached=True)
    except IntegrityError:
        seen = _stored_outcome(db, sub.key, access, sub, values)
        if seen is None:
            raise
        return seen
    return SubmitOutcome(sub.entry, sub.component, outcome["values"], comment, False)


class Presence:
    """When each judge's device was last heard from, and from where (kept in memory by the server)."""

    def __init__(self):
        self._seen: dict[tuple[str, str], tuple[datetime, str]] = {}
        self._lock = threading.Lock()

    def touch(self, round_key: str, judge: str, address: str, at: datetime | None = None) -> None:
        with self._lock:
            self._seen[(round_key, judge)] = (at or datetime.now().astimezone(), address)

    def get(self, round_key: str, judge: str) -> tuple[datetime, str] | None:
        with self._lock:
            return self._seen.get((round_key, judge))

    def snapshot(self) -> dict[str, dict[str, list[str]]]:
        """A JSON-able copy ({round: {judge: [ISO time, address]}}) for a console in another process."""
        with self._lock:
            copy: dict[str, dict[str, list[str]]] = {}
            for (round_key, judge), (at, address) in self._seen.items():
                copy.setdefault(round_key, {})[judge] = [at.isoformat(timespec="seconds"), address]
            return copy


@dataclass(frozen=True)
class JudgeStatus:
    """One seated judge for the entry on stage: whether they scored it, never what they gave."""

    judge: str
    name: str
    connected: bool
    last_seen: str | None
    address: str
    status: str  # "scored" | "pending" | "conflicted" | "not_seated" (for the current entry)
    status_text: str
    state: str = "offline"  # what the console shows: see STATE_TEXT
    state_text: str = ""


# The console's judge panel, in the order a state wins: 回避 and 已提交 say what the judge did;
# 已结束 is a judge who had not submitted when the host closed the entry; otherwise their phone.
STATE_TEXT = {"recused": "回避", "submitted": "已提交", "closed": "已结束", "connected": "已连接",
              "offline": "未连接", "not_seated": "—"}


@dataclass(frozen=True)
class HostView:
    round: str
    current: str | None
    current_title: str
    closed: bool
    judges: list[JudgeStatus] = field(default_factory=list)

    @property
    def pending(self) -> list[str]:
        return [j.judge for j in self.judges if j.status == "pending"]

    @property
    def pending_names(self) -> list[str]:
        """Names of the judges still to submit (for 结束评分's confirmation)."""
        return [j.name for j in self.judges if j.status == "pending"]

    @property
    def submitted(self) -> int:
        return sum(j.status == "scored" for j in self.judges)

    @property
    def expected(self) -> int:
        """Judges who score the entry on stage (seated and not recused)."""
        return sum(j.status in ("scored", "pending") for j in self.judges)

    @property
    def all_in(self) -> bool:
        return self.current is not None and self.expected > 0 and self.submitted == self.expected

    @property
    def count_text(self) -> str:
        return f"已提交 {self.submitted} / {self.expected}" if self.current else ""

    def as_json(self) -> dict:
        return {
            "round": self.round, "current": self.current, "current_title": self.current_title, "closed": self.closed,
            "pending": self.pending, "pending_names": self.pending_names,
            "submitted": self.submitted, "expected": self.expected, "all_in": self.all_in, "count_text": self.count_text,
            "judges": [j.__dict__ for j in self.judges],
        }


_ENTRY_COUNTS = text(
    "SELECT s.judge_id, c.component_id, COUNT(*) FROM score s JOIN criterion c ON c.id = s.criterion_id "
    "WHERE s.entry_id = :e GROUP BY s.judge_id, c.component_id"
)
_STATUS_TEXT = {"scored": "已评", "pending": "待评", "conflicted": "回避", "not_seated": "—"}


def host_view(db: Database, round_key: str, presence: Presence | None = None, now: datetime | None = None) -> HostView:
    """Which judges are connected, who has scored the entry on stage and who is pending, last seen."""
    now = now or datetime.now().astimezone()
    with db.session() as session:
        stored = cached_contest(session)
        round_ = require_round(stored, round_key)
        on_stage = current_entry(session, stored, round_key)
        closed = on_stage in closed_entries(session, stored, round_key) if on_stage else False
        counts = {}
        if on_stage:
            counts = {(j, c): n for j, c, n in session.execute(_ENTRY_COUNTS, {"e": stored.ids.entries[on_stage]})}
        manual = manual_conflicts(session)
    entry = next((e for e in stored.contest.entries if e.code == on_stage), None)
    panels = [c for c in round_.components if is_judged(c)]
    rows = []
    for judge in panel_judges(round_, stored):
        seen = presence.get(round_key, judge.code) if presence else None
        status = "not_seated"
        if entry is not None:
            seats = [c for c in panels if judge.sits_on(round_key, c.key)]
            allowed = [c for c in seats if seat_problem(judge, entry, round_, c, manual) is None]
            if seats and not allowed:
                status = "conflicted"
            elif allowed:
                jid = stored.ids.judges[judge.code]
                done = all(counts.get((jid, stored.ids.components[(round_key, c.key)]), 0) == len(c.criteria) for c in allowed)
                status = "scored" if done else "pending"
        connected = bool(seen and now - seen[0] <= CONNECTED_FOR)
        state = {"conflicted": "recused", "scored": "submitted", "not_seated": "not_seated"}.get(status)
        if state is None:
            state = "closed" if closed else "connected" if connected else "offline"
        if state == "not_seated" and entry is None:
            state = "connected" if connected else "offline"
        rows.append(JudgeStatus(
            judge.code, judge.name, connected,
            seen[0].isoformat(timespec="seconds") if seen else None, seen[1] if seen else "",
            status, _STATUS_TEXT[status], state, STATE_TEXT[state],
        ))
    return HostView(round_key, on_stage, entry.title if entry else "", closed, rows)
