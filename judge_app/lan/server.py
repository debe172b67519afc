"""Running the LAN scoring service with uvicorn in a background thread (start/stop), beside a GUI or a CLI.

The service binds to one address the organizer picks, never to every interface by default;
`lan_address()` (in services.contest_day.lan_address) suggests the machine's address on the local network.
"""

from __future__ import annotations

import errno
import socket
import threading
import time

from judge_app.lan.app import LanContext, create_app
from judge_app.services.contest_day import lan_service
from judge_app.services.contest_day.lan_address import lan_address
from judge_app.services.contest_day.lan_scoring import HostView, host_view
from judge_app.store.database import Database


class LanServerError(OSError):
    """The service could not start (port in use, address not on this machine): a message for the user."""


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a port in use is reported as such, not as a dead thread."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise LanServerError(f"端口 {port} 已被占用, 请换一个端口或先停止另一个评分服务 "
                                 f"(port {port} is already in use)") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise LanServerError(f"地址 {host} 不属于本机 (address {host} is not on this machine)") from None
        if exc.errno == errno.EACCES:
            raise LanServerError(f"无权使用端口 {port}, 请用 1024 以上的端口 (no permission for port {port})") from None
        raise LanServerError(f"无法在 {host}:{port} 上启动评分服务: {exc.strerror} (could not start)") from None
    return sock


class LanServer:
    """The scoring service in a background thread: `start()` returns once it accepts connections.

    Used by `judge-app serve` and, in the same process, by the host console (扫码评分): `url` is the
    address a phone on the LAN opens, `running` whether it serves, `stop()` ends it cleanly.
    `round_key` is the round the console drives (informational; the API serves every round).
    While it runs it announces itself in the database with a heartbeat (services.contest_day.lan_service),
    so a console opened later on the same contest attaches to it instead of starting another.
    """

    def __init__(self, db: Database, host: str, port: int = 8000, *, host_key: str | None = None,
                 rate: float = 5.0, burst: int = 30, log_level: str = "warning", round_key: str | None = None,
                 actor: str = "主持人 (LAN)", announce: bool = True):
        import uvicorn

        self.db = db
        self.round_key = round_key
        names = {host.lower(), lan_address(), socket.gethostname().lower()} - {"0.0.0.0", "::"}
        self.context = LanContext(db, host_key, rate, burst, actor=actor, allowed_hosts=names)
        self.app = create_app(self.context)
        from judge_app.lan.slow_clients import GuardedH11Protocol

        # Slow clients: a request head must arrive within 10 s (GuardedH11Protocol), a body within
        # BODY_TIMEOUT (lan.app), an idle keep-alive connection closes after 5 s, a head is at most
        # 16 KB, and at most 500 connections are served at once (the rest get 503). No proxy stands in
        # front of the service: an X-Forwarded-For header is not believed (from this machine it
        # would name any address, dodging the per-address guess limit and forging the audited address).
        config = uvicorn.Config(self.app, host=host, port=port, log_level=log_level, access_log=False,
                                lifespan="off", timeout_graceful_shutdown=3, http=GuardedH11Protocol,
                                timeout_keep_alive=5, h11_max_incomplete_event_size=16 * 1024,
                                limit_concurrency=500, proxy_headers=False)
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.host = host
        self._port = port
        self.announce = announce
        self.instance: str | None = None  # this service's row in lan_service while it runs
        self._beating = threading.Event()
        self._beat_thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port actually bound (useful with port 0)."""
        if self._socket is not None:
            return self._socket.getsockname()[1]
        return self._port

    @property
    def base_url(self) -> str:
        host = self.host if self.host not in ("0.0.0.0", "::") else lan_address()
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The address a phone on the local network opens (http://192.168.x.y:PORT)."""
        return self.base_url

    def judge_link(self, token: str) -> str:
        return f"{self.base_url}/j/{token}"

    def start(self, timeout: float = 30.0) -> None:
        """Bind and serve; LanServerError (an OSError) with a clear message if it cannot."""
        if self.running:
            return
        self._socket = _bind(self.host, self._port)
        self._server.should_exit = False
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name="lan-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                self._close_socket()
                raise LanServerError(f"无法在 {self.host} 上启动评分服务 (could not start the scoring service)")
            if time.monotonic() > deadline:
                self.stop()
                raise LanServerError("评分服务启动超时 (scoring service did not start)")
            time.sleep(0.02)
        if self.announce:
            self.instance = lan_service.announce(self.db, self.base_url, self.context.actor)
            self._beating.clear()
            self._beat_thread = threading.Thread(target=self._heartbeat, name="lan-heartbeat", daemon=True)
            self._beat_thread.start()

    def _heartbeat(self) -> None:
        """Every BEAT_S: the heartbeat and who was heard from (a locked file: try again next time)."""
        while not self._beating.wait(lan_service.BEAT_S):
            try:
                if not lan_service.beat(self.db, self.instance, self.context.presence):
                    self.instance = lan_service.announce(self.db, self.base_url, self.context.actor)
            except Exception:  # noqa: BLE001 - a busy or replaced file must not end the service
                continue

    def _withdraw(self) -> None:
        self._beating.set()
        if self._beat_thread is not None:
            self._beat_thread.join(timeout=5)
            self._beat_thread = None
        if self.instance is not None:
            try:
                lan_service.withdraw(self.db, self.instance)
            except Exception:  # noqa: BLE001 - the row goes stale by itself
                pass
            self.instance = None

    def _close_socket(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def stop(self) -> None:
        """Stop serving and release the port (open long polls are answered; safe to call twice)."""
        self._withdraw()
        self.context.closing.set()
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._server.started = False
        self._close_socket()

    def wait(self) -> None:
        """Block until the service stops (Ctrl+C in the CLI)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=0.5)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._server.started

    def host_view(self, round_key: str | None = None) -> HostView:
        """For the host console: each seated judge's state for the entry on stage, last seen."""
        return host_view(self.db, round_key or self.round_key, self.context.presence)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
