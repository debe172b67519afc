"""The speaking-time countdown shown on the current-entry card.

Pure logic over an injectable clock (seconds, monotonic) so tests step time by hand.
Phases: "normal", "warning" in the last minute, "overtime" once time is up (counting up, red).
"""

from __future__ import annotations

import time
from collections.abc import Callable

NORMAL, WARNING, OVERTIME = "normal", "warning", "overtime"
WARNING_SECONDS = 60


class Countdown:
    def __init__(self, duration_s: int, clock: Callable[[], float] = time.monotonic):
        self.duration_s = duration_s
        self._clock = clock
        self._elapsed = 0.0
        self._started_at: float | None = None

    @property
    def running(self) -> bool:
        return self._started_at is not None

    def start(self) -> None:
        if self._started_at is None:
            self._started_at = self._clock()

    def pause(self) -> None:
        if self._started_at is not None:
            self._elapsed += self._clock() - self._started_at
            self._started_at = None

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def reset(self, duration_s: int | None = None) -> None:
        if duration_s is not None:
            self.duration_s = duration_s
        self._elapsed = 0.0
        self._started_at = None

    def elapsed(self) -> float:
        extra = self._clock() - self._started_at if self._started_at is not None else 0.0
        return self._elapsed + extra

    def remaining(self) -> int:
        """Whole seconds left (negative once overtime); shown as the ceiling so 0:00 means time is up."""
        left = self.duration_s - self.elapsed()
        return int(-(-left // 1)) if left > 0 else -int(-left // 1)

    def phase(self) -> str:
        if self.elapsed() >= self.duration_s:
            return OVERTIME
        return WARNING if self.remaining() <= WARNING_SECONDS else NORMAL

    def text(self) -> str:
        left = self.remaining()
        sign = "+" if left < 0 else ""
        m, s = divmod(abs(left), 60)
        return f"{sign}{m:02d}:{s:02d}"
