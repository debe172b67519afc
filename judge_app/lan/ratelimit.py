"""Per-key token buckets: a phone gets a steady allowance of requests with a small burst."""

from __future__ import annotations

import threading
import time


class RateLimiter:
    """`allow(key)` is False once `key` has used its burst faster than `rate` requests per second."""

    def __init__(self, rate: float = 5.0, burst: int = 30, clock=time.monotonic, max_keys: int = 10000):
        self.rate, self.burst, self.clock, self.max_keys = rate, burst, clock, max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if len(self._buckets) >= self.max_keys and key not in self._buckets:
                self._buckets.clear()  # a flood of distinct keys: forget them rather than grow without bound
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1, now)
            return True
