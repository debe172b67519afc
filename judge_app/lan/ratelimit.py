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

    def refund(self, key: str) -> None:
        """Give back one request taken from `key` (it turned out not to count)."""
        with self._lock:
            if key in self._buckets:
                tokens, last = self._buckets[key]
                self._buckets[key] = (min(float(self.burst), tokens + 1), last)


class GuessGuard:
    """Slows down guessing of judges' links, counted before any token is looked up.

    Every request whose token has not been seen valid lately is charged, before the lookup, to
    its address (`rate` per second, `burst`) and to all addresses together (`total_rate`,
    `total_burst`): a flood from one machine or from many never reaches the database faster than
    that. An address that runs out is *limited*: every request from it is answered 429 until
    `window` seconds have passed, a valid token included, so a guesser learns nothing from it.
    A request whose token turns out valid gets its charge back (`valid`); such tokens skip the
    charge for `remember` seconds (they are still looked up every time, so revoking one works).
    """

    def __init__(self, rate: float = 1.0, burst: int = 10, total_rate: float = 20.0, total_burst: int = 100,
                 window: float = 60.0, remember: float = 600.0, clock=time.monotonic, max_keys: int = 10000):
        self.per_address = RateLimiter(rate, burst, clock, max_keys)
        self.total = RateLimiter(total_rate, total_burst, clock, 1)
        self.window, self.remember, self.clock, self.max_keys = window, remember, clock, max_keys
        self._limited: dict[str, float] = {}  # address → when its limit ends
        self._known: dict[str, float] = {}  # token digest → until when it skips the charge
        self._lock = threading.Lock()

    def limited(self, address: str) -> bool:
        now = self.clock()
        with self._lock:
            until = self._limited.get(address)
            if until is None:
                return False
            if now >= until:
                del self._limited[address]
                return False
            return True

    def charge(self, address: str, token_digest: str) -> str | None:
        """Before looking a token up: None (answer 429) if this address or the service is over its
        rate; else "known" (seen valid lately: not charged) or "charged"."""
        now = self.clock()
        with self._lock:
            if self._known.get(token_digest, 0.0) > now:
                return "known"
        if not self.per_address.allow("a:" + address):
            with self._lock:
                if len(self._limited) >= self.max_keys:
                    self._limited.clear()
                self._limited[address] = now + self.window
            return None
        if not self.total.allow("total"):
            self.per_address.refund("a:" + address)
            return None
        return "charged"

    def valid(self, address: str, token_digest: str, ticket: str) -> None:
        """The token was valid: give back what `charge` took (`ticket`) and remember it."""
        now = self.clock()
        if ticket == "charged":
            self.per_address.refund("a:" + address)
            self.total.refund("total")
        with self._lock:
            if len(self._known) >= self.max_keys:
                self._known.clear()
            self._known[token_digest] = now + self.remember
