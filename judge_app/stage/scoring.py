"""The console's side of phone scoring: the entry on stage is the phones' entry, and who has scored it.

Plain Python (no Qt). The console either runs the LAN service itself (`start_service`, the
扫码评分 switch or `judge-app stage --serve`) or attaches to a `judge-app serve` on the same
database; either way the current entry is written through `lan_access.set_current_entry`, the
one place the phones read it from, so `judge-app lan current` and the console always agree.
Who is connected and when last seen is known to the process running the service; attached, the
panel reads the copy that service writes with its heartbeat (services.contest_day.lan_service), so the states
are the same. When the attached service stops, the link says so (DISCONNECTED, 已断开) and the
console may start its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from judge_app.services.contest_day import lan_access
from judge_app.services.contest_day.lan_scoring import HostView, host_view
from judge_app.services.contest_day.lan_service import ServiceBeacon, ServiceWatch
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the type only: the stage asks services, never the store
    from judge_app.store.database import Database

NOT_CONNECTED, CONNECTED, SUBMITTED, RECUSED, CLOSED = "未连接", "已连接", "已提交", "回避", "已结束"
# Where the phones' service is, seen from the console.
OWN, ATTACHED, DISCONNECTED, OFF = "own", "attached", "disconnected", "off"


class ServiceRunning(OSError):
    """Another process already serves this contest: the console attaches instead of starting one."""


@dataclass(frozen=True)
class JudgeRow:
    code: str
    name: str
    state: str  # one of the five states above
    last_seen: str  # "" when never heard from (or not known to this process)


@dataclass(frozen=True)
class Panel:
    """The live judge panel for the phones' current entry."""

    entry: str | None
    title: str
    closed: bool
    rows: tuple[JudgeRow, ...]

    @property
    def seated(self) -> tuple[JudgeRow, ...]:
        """Judges who score this entry (a recused judge does not count)."""
        return tuple(r for r in self.rows if r.state != RECUSED)

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.seated if r.state == SUBMITTED)

    @property
    def pending(self) -> tuple[JudgeRow, ...]:
        return tuple(r for r in self.seated if r.state != SUBMITTED)

    @property
    def all_in(self) -> bool:
        return self.entry is not None and bool(self.seated) and not self.pending

    def count_text(self) -> str:
        return f"已提交 {self.submitted} / {len(self.seated)}"


def panel_from(view: HostView) -> Panel:
    rows = []
    for j in view.judges:
        if j.status == "not_seated":
            continue
        given = getattr(j, "state", None)  # the service's own state, where it gives one
        if given in (NOT_CONNECTED, CONNECTED, SUBMITTED, RECUSED, CLOSED):
            state = given
        elif j.status == "conflicted":
            state = RECUSED
        elif j.status == "scored":
            state = SUBMITTED
        elif view.closed:
            state = CLOSED
        else:
            state = CONNECTED if j.connected else NOT_CONNECTED
        seen = (j.last_seen or "")[11:19]  # the time of day of an ISO timestamp
        rows.append(JudgeRow(j.judge, j.name, state, seen))
    return Panel(view.current, view.current_title, view.closed, tuple(rows))


class ScoringLink:
    """What the console needs from phone scoring, whether it runs the service or attaches to one."""

    def __init__(self, db: Database, round_key: str, actor: str):
        self.db, self.round_key, self.actor = db, round_key, actor
        self.server = None  # a running judge_app.lan.server.LanServer when this console owns the service
        self.attached: ServiceBeacon | None = None  # a `judge-app serve` (or another console) serving this contest
        self.lost: ServiceBeacon | None = None  # the service we were attached to, now stopped
        self.watch = ServiceWatch()
        self._written: str | None = None
        self.current: str | None = lan_access.get_current_entry(db, round_key)
        self.look_for_service()

    # -- where the service is --
    def look_for_service(self) -> str:
        """Find a service running on this contest in another process (or notice it stopped)."""
        if self.server is None:
            found = self.watch.running(self.db, self.attached.instance if self.attached else None)
            if found is not None:
                self.attached, self.lost = found, None
            elif self.attached is not None:
                self.attached, self.lost = None, self.attached
        return self.connection()

    def connection(self) -> str:
        if self.server is not None:
            return OWN
        if self.attached is not None:
            return ATTACHED
        return DISCONNECTED if self.lost is not None else OFF

    # -- the service in this process --
    def start_service(self, host: str, port: int = 8000):
        from judge_app.lan.server import LanServer

        if self.server is None:
            if self.look_for_service() == ATTACHED:
                raise ServiceRunning(f"本比赛已有评分服务在运行: {self.attached.url}, 控制台已连接到它 "
                                     f"(a scoring service already runs for this contest)")
            server = LanServer(self.db, host, port, round_key=self.round_key, actor=self.actor)
            server.start()
            self.server, self.lost = server, None
            self.watch.own_instance = server.instance
        return self.server

    def stop_service(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def address(self) -> str:
        """Where judges' phones connect: this console's service or the one it attached to ('' if none)."""
        if self.server is not None:
            return self.server.url
        if self.attached is not None:
            return self.attached.url
        return ""

    # -- the entry on stage --
    def put_on_stage(self, code: str | None) -> bool:
        """Make `code` the phones' current entry; False when it already was."""
        if code == lan_access.get_current_entry(self.db, self.round_key):
            self.current = code
            return False
        lan_access.set_current_entry(self.db, self.round_key, code, self.actor)
        self.current = self._written = code
        return True

    def changed_elsewhere(self) -> str | None | bool:
        """The phones' entry if a script (`lan current`) changed it since the last look, else False."""
        now = lan_access.get_current_entry(self.db, self.round_key)
        if now == self.current:
            return False
        self.current = now
        return now

    def close_scoring(self, code: str, closed: bool = True) -> bool:
        return lan_access.close_entry(self.db, self.round_key, code, self.actor, closed)

    def panel(self) -> Panel:
        if self.server is not None:
            presence = self.server.context.presence
        else:
            presence = self.attached.presence if self.attached is not None else None
        return panel_from(host_view(self.db, self.round_key, presence))
