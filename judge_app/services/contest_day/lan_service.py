"""Which LAN scoring service runs on this contest, so a second one is never started beside it.

The process that serves phones (`judge-app serve`, or a console's 扫码评分) announces itself in
the `lan_service` table: its address, a heartbeat every BEAT_S seconds and who was last heard
from (the phones' presence lives in that process's memory; the heartbeat carries a copy). A host
console opened later on the same database finds it here, shows its address, attaches its judge
panel to it and moves the stage through the database as always (`lan_access.set_current_entry`).
A service is alive while its heartbeat keeps coming; a process that died (no clean withdraw)
goes stale after STALE_S. The host key never leaves the serving process.

The table is runtime state, not contest data: nothing here is audited, so front ends that
follow the audit trail (services.integrity.change_topics) do not reload for a heartbeat.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlmodel import delete, select

from judge_app.services.contest_day.lan_scoring import Presence
from judge_app.store import audit
from judge_app.store.database import Database
from judge_app.store.models import LanServiceRow

BEAT_S = 1.0  # the serving process writes its heartbeat this often
STALE_S = 4.0  # no heartbeat for this long: the service is gone (killed, unplugged, crashed)
MAX_PRESENCE = 64 * 1024  # a presence copy larger than this is not read (a hostile or broken file)


def _now_ms() -> int:
    return int(time.time() * 1000)


def this_machine() -> str:
    return socket.gethostname().lower()


@dataclass(frozen=True)
class ServiceBeacon:
    """One announced service as read from the database."""

    instance: str
    url: str
    machine: str
    pid: int
    actor: str
    started_at: str
    beat_ms: int
    presence: Presence = field(compare=False)


def announce(db: Database, url: str, actor: str) -> str:
    """Record a service starting on this machine; returns its instance id. Clears stale rows."""
    instance = secrets.token_hex(8)
    with db.session() as session:
        session.exec(delete(LanServiceRow).where(LanServiceRow.beat_ms < _now_ms() - int(STALE_S * 1000) * 3))
        session.add(LanServiceRow(instance=instance, machine=this_machine(), pid=os.getpid(), url=url,
                                  actor=actor, started_at=audit.now(), beat_ms=_now_ms()))
    return instance


def beat(db: Database, instance: str, presence: Presence | None = None) -> bool:
    """The heartbeat, with a copy of who was last heard from. False if the row is gone (a restore)."""
    with db.session() as session:
        row = session.exec(select(LanServiceRow).where(LanServiceRow.instance == instance)).first()
        if row is None:
            return False
        row.beat_ms = _now_ms()
        if presence is not None:
            row.presence = json.dumps(presence.snapshot(), ensure_ascii=False, separators=(",", ":"))
        session.add(row)
    return True


def withdraw(db: Database, instance: str) -> None:
    """The service stopped cleanly."""
    with db.session() as session:
        session.exec(delete(LanServiceRow).where(LanServiceRow.instance == instance))


def _presence(text: str) -> Presence:
    """A presence copy from the database, skipping anything malformed (the file may be hostile)."""
    presence = Presence()
    if not isinstance(text, str) or len(text) > MAX_PRESENCE:
        return presence
    try:
        doc = json.loads(text)
    except ValueError:
        return presence
    if not isinstance(doc, dict):
        return presence
    for round_key, judges in doc.items():
        if not isinstance(judges, dict):
            continue
        for judge, seen in judges.items():
            if not (isinstance(seen, list) and len(seen) == 2 and all(isinstance(v, str) for v in seen)):
                continue
            try:
                at = datetime.fromisoformat(seen[0])
            except ValueError:
                continue
            if at.tzinfo is None:
                continue
            presence.touch(str(round_key), str(judge), seen[1][:64], at)
    return presence


def announced(db: Database) -> list[ServiceBeacon]:
    """Every service row in the database, newest heartbeat first (alive or not: see ServiceWatch)."""
    with db.session() as session:
        rows = session.exec(select(LanServiceRow).order_by(LanServiceRow.beat_ms.desc())).all()
        return [ServiceBeacon(r.instance, r.url, r.machine, r.pid, r.actor, r.started_at, r.beat_ms,
                              _presence(r.presence)) for r in rows]


def _shifted(presence: Presence, lag_ms: int) -> Presence:
    """Another machine's "last seen" times on this machine's clock (its clock is `lag_ms` behind)."""
    moved = Presence()
    for round_key, judges in presence.snapshot().items():
        for judge, (at, address) in judges.items():
            moved.touch(round_key, judge, address, datetime.fromisoformat(at) + timedelta(milliseconds=lag_ms))
    return moved


def _process_exists(pid: int) -> bool:
    """Whether a process with this id runs here (POSIX only: on Windows signal 0 would end it)."""
    if os.name == "nt" or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ServiceWatch:
    """Tells a live service from a stale row, without trusting another machine's clock.

    First sight: alive when its heartbeat is younger than STALE_S by this clock (same machine:
    and its process exists). Afterwards: alive while the heartbeat keeps changing, judged by this
    process's monotonic clock, so a serving laptop with a wrong clock still counts.
    """

    def __init__(self, own_instance: str | None = None, monotonic=time.monotonic, wall_ms=_now_ms):
        self.own_instance = own_instance
        self._monotonic, self._wall_ms = monotonic, wall_ms
        # instance → (beat_ms, when it last changed here, its clock's lag behind ours in ms)
        self._seen: dict[str, tuple[int, float, int]] = {}

    def alive(self, beacons: list[ServiceBeacon]) -> list[ServiceBeacon]:
        now = self._monotonic()
        live = []
        for b in beacons:
            if b.instance == self.own_instance:
                continue
            before = self._seen.get(b.instance)
            lag = before[2] if before else 0
            if before is None:
                fresh = abs(self._wall_ms() - b.beat_ms) <= STALE_S * 1000
                changed_at = now if fresh else now - STALE_S - 1
            elif before[0] != b.beat_ms:
                changed_at = now
                lag = self._wall_ms() - b.beat_ms
                if abs(lag) <= 2 * STALE_S * 1000:  # the same clock, give or take a heartbeat's delay
                    lag = 0
            else:
                changed_at = before[1]
            self._seen[b.instance] = (b.beat_ms, changed_at, lag)
            if now - changed_at > STALE_S:
                continue
            if b.machine == this_machine() and not _process_exists(b.pid):
                continue
            live.append(replace(b, presence=_shifted(b.presence, lag)) if lag else b)
        return live

    def running(self, db: Database, prefer: str | None = None) -> ServiceBeacon | None:
        """The live service on this contest other than our own, or None: the instance `prefer`
        while it lives (a console stays with the service it attached to), else the newest."""
        live = self.alive(announced(db))
        return next((b for b in live if b.instance == prefer), live[0] if live else None)
