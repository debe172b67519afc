"""Running the LAN scoring service with uvicorn in a background thread (start/stop), beside a GUI or a CLI.

The service binds to one address the organizer picks, never to every interface by default;
`lan_address()` suggests the machine's address on the local network.
"""

from __future__ import annotations

import socket
import threading
import time

from judge_app.lan.app import LanContext, create_app
from judge_app.services.lan_scoring import HostView, host_view
from judge_app.store.database import Database


def lan_address() -> str:
    """This machine's address on its local network (the interface the default route uses), else 127.0.0.1.

    Connecting a UDP socket sends nothing; it only asks the kernel which interface it would use.
    """
    for probe in ("192.168.0.1", "10.255.255.255", "172.16.0.1"):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.connect((probe, 9))
            address = s.getsockname()[0]
            if address and not address.startswith("0."):
                return address
        except OSError:
            continue
        finally:
            s.close()
    return "127.0.0.1"


class LanServer:
    """The scoring service in a background thread: `start()` returns once it accepts connections."""

    def __init__(self, db: Database, host: str, port: int = 8000, *, host_key: str | None = None,
                 rate: float = 5.0, burst: int = 30, log_level: str = "warning"):
        import uvicorn

        self.db = db
        self.context = LanContext(db, host_key, rate, burst)
        self.app = create_app(self.context)
        config = uvicorn.Config(self.app, host=host, port=port, log_level=log_level, access_log=False,
                                lifespan="off", timeout_graceful_shutdown=3)
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self.host = host

    @property
    def port(self) -> int:
        """The port actually bound (useful with port 0)."""
        return self._server.servers[0].sockets[0].getsockname()[1]

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def judge_link(self, token: str) -> str:
        return f"{self.base_url}/j/{token}"

    def start(self, timeout: float = 30.0) -> None:
        self._thread = threading.Thread(target=self._server.run, name="lan-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise OSError(f"无法在 {self.host} 上启动评分服务 (could not start the scoring service; address in use?)")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("评分服务启动超时 (scoring service did not start)")
            time.sleep(0.02)

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def wait(self) -> None:
        """Block until the service stops (Ctrl+C in the CLI)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=0.5)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def host_view(self, round_key: str) -> HostView:
        """For the host console: connected judges, who has scored the entry on stage, last seen."""
        return host_view(self.db, round_key, self.context.presence)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
