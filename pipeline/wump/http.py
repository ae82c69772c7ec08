"""A polite HTTP client shared by every source: timeouts, bounded retries, rate-limit waits.

Sources differ in URLs and payloads, not in how they should behave when a server is slow, failing
or rationing requests, so that behaviour lives here once. The transport is injectable: the live
network, ``httpx.MockTransport`` in tests, or the bundled offline demo snapshot.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from dataclasses import dataclass, field
from typing import Callable

import httpx

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({500, 502, 503, 504})


class RequestFailed(Exception):
    """A request that still failed after its retries; ``reason`` says why in words."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


class RateLimitExceeded(RequestFailed):
    """The server's rate limit is spent and waiting for the reset would exceed ``max_wait``."""

    def __init__(self, url: str, reset_at: float, bucket: str):
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(reset_at))
        super().__init__(url, f"rate limit '{bucket}' exhausted until {when}", 429)
        self.reset_at = reset_at
        self.bucket = bucket


@dataclass
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    # Longest wait for a rate-limit reset before stopping cleanly (progress is saved by callers).
    max_rate_limit_wait: float = 900.0

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter, so many clients do not retry in lock-step."""
        return random.uniform(0, min(self.max_delay, self.base_delay * (2**attempt)))


@dataclass
class RequestStats:
    requests: int = 0
    not_modified: int = 0
    retries: int = 0
    rate_limit_waits: int = 0
    by_status: dict[int, int] = field(default_factory=dict)

    @property
    def counted(self) -> int:
        """Requests that cost rate-limit budget (GitHub does not count 304s)."""
        return self.requests - self.not_modified


def retry_after_seconds(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds to wait from ``Retry-After`` (seconds or HTTP date) or ``x-ratelimit-reset``."""
    now = time.time() if now is None else now
    value = response.headers.get("retry-after")
    if value:
        if value.strip().isdigit():
            return float(value.strip())
        parsed = email.utils.parsedate_to_datetime(value)
        if parsed is not None:
            return max(0.0, parsed.timestamp() - now)
    if response.headers.get("x-ratelimit-remaining") == "0" and response.headers.get("x-ratelimit-reset"):
        return max(0.0, float(response.headers["x-ratelimit-reset"]) - now)
    return None


class PoliteClient:
    """httpx.Client with retries on 5xx/timeouts/dropped connections and rate-limit waits.

    ``sleep`` is injectable so tests run fault scenarios without real waiting.
    """

    def __init__(
        self,
        base_url: str,
        *,
        headers: dict[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        min_interval: float = 0.0,
    ):
        self.client = httpx.Client(
            base_url=base_url,
            headers={"user-agent": "wump (https://github.com/wump)", **(headers or {})},
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
        )
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.stats = RequestStats()
        self.min_interval = min_interval
        self._last_request = 0.0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "PoliteClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pace(self) -> None:
        if self.min_interval:
            wait = self._last_request + self.min_interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            self._last_request = time.monotonic()

    def rate_limited(self, response: httpx.Response) -> bool:
        """Whether a response means "slow down" (429, or 403 with rate-limit signals)."""
        if response.status_code == 429:
            return True
        if response.status_code == 403:
            return (
                "retry-after" in response.headers
                or response.headers.get("x-ratelimit-remaining") == "0"
            )
        return False

    def get(self, url: str, *, params: dict | None = None, headers: dict[str, str] | None = None) -> httpx.Response:
        """GET with retries. Returns the final response (any status the caller must judge itself,
        e.g. 404); raises RequestFailed when retries are exhausted, RateLimitExceeded when the
        wait for a reset would be longer than the policy allows."""
        last_reason = "no attempt made"
        for attempt in range(self.retry.attempts):
            self._pace()
            try:
                response = self.client.get(url, params=params, headers=headers)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                last_reason = f"{type(exc).__name__}: {exc or 'no detail'}"
                self.stats.retries += 1
                self.sleep(self.retry.backoff(attempt))
                continue
            self.stats.requests += 1
            self.stats.by_status[response.status_code] = self.stats.by_status.get(response.status_code, 0) + 1
            if response.status_code == 304:
                self.stats.not_modified += 1
            if self.rate_limited(response):
                wait = retry_after_seconds(response)
                wait = self.retry.backoff(attempt) + 1 if wait is None else wait
                if wait > self.retry.max_rate_limit_wait:
                    reset = float(response.headers.get("x-ratelimit-reset", time.time() + wait))
                    raise RateLimitExceeded(url, reset, response.headers.get("x-ratelimit-resource", "core"))
                log.warning("rate limited on %s; waiting %.0f s", url, wait)
                self.stats.rate_limit_waits += 1
                self.sleep(wait)
                continue
            if response.status_code in RETRYABLE_STATUS:
                last_reason = f"HTTP {response.status_code}"
                self.stats.retries += 1
                self.sleep(self.retry.backoff(attempt))
                continue
            return response
        raise RequestFailed(url, f"gave up after {self.retry.attempts} attempts: {last_reason}")
