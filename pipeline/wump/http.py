"""A polite HTTP client shared by every source: timeouts, bounded retries, rate-limit waits, ETags.

Sources differ in URLs and payloads, not in how they should behave when a server is slow, failing
or rationing requests, so that behaviour lives here once. The transport is injectable: the live
network, ``httpx.MockTransport`` in tests, or the bundled offline demo snapshot.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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
    """A rate limit is spent and waiting for its reset would exceed the allowed maximum."""

    def __init__(self, url: str, reset_at: float, bucket: str):
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(reset_at))
        super().__init__(url, f"rate limit '{bucket}' exhausted until {when}", 429)
        self.reset_at = reset_at
        self.bucket = bucket


class SourceDown(RequestFailed):
    """The service stopped answering at all (its name does not resolve, connections are refused or
    time out) several times in a row: the rest of the run skips it instead of waiting on it."""


# Transport failures that another attempt a second later will not fix.
_PERMANENT_TRANSPORT = ("name or service not known", "nodename nor servname", "no address associated",
                        "temporary failure in name resolution", "getaddrinfo failed", "failed to resolve",
                        "tried to resolve", "name resolution")
_REFUSED = ("connection refused", "errno 111", "actively refused")


def transport_failure_kind(exc: Exception) -> str:
    """``unresolvable`` (the name does not resolve), ``refused`` or ``transient`` for an httpx
    transport error, from its message (httpx keeps the OS's words)."""
    text = f"{exc} {exc.__cause__ or ''} {exc.__context__ or ''}".lower()
    if any(marker in text for marker in _PERMANENT_TRANSPORT):
        return "unresolvable"
    if any(marker in text for marker in _REFUSED):
        return "refused"
    return "transient"


@dataclass
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    # Longest wait for a rate-limit reset before stopping cleanly (callers save their progress).
    max_rate_limit_wait: float = 900.0
    # Rate-limit waits do not use up failure attempts, but are bounded too.
    max_rate_limit_waits: int = 20
    # Attempts for a refused connection (a server that is down refuses instantly, every time).
    refused_attempts: int = 2
    # Consecutive transport failures (across requests) after which the source counts as down.
    down_after: int = 3

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
    remaining: dict[str, int] = field(default_factory=dict)

    @property
    def counted(self) -> int:
        """Requests that cost rate-limit budget (GitHub does not count 304s)."""
        return self.requests - self.not_modified


def retry_after_seconds(response: httpx.Response, now: float) -> float | None:
    """Seconds to wait from ``Retry-After`` (seconds or HTTP date) or ``x-ratelimit-reset``."""
    value = response.headers.get("retry-after")
    if value:
        if value.strip().isdigit():
            return float(value.strip())
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None:
            return max(0.0, parsed.timestamp() - now)
    if response.headers.get("x-ratelimit-remaining") == "0" and response.headers.get("x-ratelimit-reset"):
        try:
            return max(0.0, float(response.headers["x-ratelimit-reset"]) - now)
        except ValueError:
            return None
    return None


def json_or_none(response: httpx.Response, url: str, absent: frozenset[int] = frozenset({404})) -> object | None:
    """A response's JSON body; None for the statuses that mean "not there"; RequestFailed with the
    status for any other error or a body that is not JSON."""
    if response.status_code in absent:
        return None
    if response.status_code >= 400:
        raise RequestFailed(url, f"HTTP {response.status_code}", response.status_code)
    try:
        return response.json()
    except ValueError as exc:
        raise RequestFailed(url, f"not JSON: {exc}", response.status_code) from None


class ResponseCache:
    """A persistent cache of response bodies keyed by URL (with ETags), and of immutable content.

    Lives in a small SQLite file under data/cache/. Keys are URLs without credentials and only
    response bodies are stored, never request headers, so no token can end up on disk.
    """

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._con.execute("PRAGMA journal_mode = WAL")
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS responses "
            "(key TEXT PRIMARY KEY, etag TEXT, link TEXT, body BLOB, stored_at REAL)"
        )

    def get(self, key: str) -> tuple[str | None, str | None, bytes] | None:
        """(etag, link header, body) stored for a key, or None."""
        with self._lock:
            row = self._con.execute("SELECT etag, link, body FROM responses WHERE key = ?", (key,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def put(self, key: str, etag: str | None, body: bytes, link: str | None = None) -> None:
        with self._lock:
            self._con.execute(
                "INSERT OR REPLACE INTO responses (key, etag, link, body, stored_at) VALUES (?, ?, ?, ?, ?)",
                (key, etag, link, body, time.time()),
            )

    def close(self) -> None:
        with self._lock:
            self._con.close()


@dataclass
class _Bucket:
    remaining: int | None = None
    reset_at: float = 0.0


class PoliteClient:
    """httpx.Client with retries on 5xx/timeouts/dropped connections, rate-limit waits per bucket,
    and conditional requests against a ResponseCache.

    ``sleep`` and ``clock`` are injectable so tests run fault scenarios without real waiting.
    ``bucket_of(path)`` names the rate-limit bucket a request spends (GitHub has several).
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
        clock: Callable[[], float] = time.time,
        min_interval: float = 0.0,
        cache: ResponseCache | None = None,
        bucket_of: Callable[[str], str] = lambda path: "core",
        max_connections: int = 16,
        max_in_flight: int | None = None,
    ):
        self.client = httpx.Client(
            base_url=base_url,
            headers={"user-agent": "wump (Who's Using My Package?)", **(headers or {})},
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            follow_redirects=True,
        )
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.clock = clock
        self.stats = RequestStats()
        self.min_interval = min_interval
        self.cache = cache
        self.bucket_of = bucket_of
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()
        self._last_request = 0.0
        # However many threads share the client, at most this many requests are in flight.
        self._in_flight = threading.BoundedSemaphore(max_in_flight or max_connections)
        self._consecutive_transport_failures = 0
        self.down_reason: str | None = None
        # Requests not sent because the source was down.
        self.skipped = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- pacing and rate limits --------------------------------------------------------------

    def _pace(self) -> None:
        if not self.min_interval:
            return
        with self._lock:
            wait = self._last_request + self.min_interval - time.monotonic()
            self._last_request = max(time.monotonic(), self._last_request + self.min_interval)
        if wait > 0:
            self.sleep(wait)

    def _wait_for(self, url: str, bucket: str, wait: float) -> None:
        """Wait for a rate-limit reset, or stop cleanly when the wait is longer than allowed."""
        if wait > self.retry.max_rate_limit_wait:
            raise RateLimitExceeded(url, self.clock() + wait, bucket)
        until = time.strftime("%H:%M:%S UTC", time.gmtime(self.clock() + wait))
        log.warning("rate limit '%s' reached; waiting %.0f s (until %s)", bucket, wait, until)
        with self._lock:
            self.stats.rate_limit_waits += 1
        self.sleep(wait)

    def _respect_bucket(self, url: str, bucket: str) -> None:
        with self._lock:
            state = self._buckets.get(bucket)
            wait = 0.0
            if state and state.remaining is not None and state.remaining <= 0:
                wait = state.reset_at - self.clock()
                if wait <= 0:
                    state.remaining = None  # the window has reset; the next response tells us more
        if wait > 0:
            self._wait_for(url, bucket, wait + 1)

    def _record_bucket(self, response: httpx.Response, bucket: str) -> None:
        remaining = response.headers.get("x-ratelimit-remaining")
        if remaining is None:
            return
        bucket = response.headers.get("x-ratelimit-resource", bucket)
        try:
            state = _Bucket(int(remaining), float(response.headers.get("x-ratelimit-reset", 0)))
        except ValueError:
            return
        with self._lock:
            self._buckets[bucket] = state
            self.stats.remaining[bucket] = state.remaining

    @staticmethod
    def rate_limited(response: httpx.Response) -> bool:
        """Whether a response means "slow down" (429, or 403 with rate-limit signals)."""
        if response.status_code == 429:
            return True
        if response.status_code == 403:
            if "retry-after" in response.headers or response.headers.get("x-ratelimit-remaining") == "0":
                return True
            # GitHub's secondary limits sometimes answer 403 with only a message.
            return b"secondary rate limit" in response.content.lower()
        return False

    # --- requests ----------------------------------------------------------------------------

    def get(self, url: str, *, params: dict | None = None, headers: dict[str, str] | None = None) -> httpx.Response:
        """GET with retries. Returns the final response (any status the caller must judge itself,
        e.g. 404); raises RequestFailed when retries are exhausted, RateLimitExceeded when the
        wait for a reset would be longer than the policy allows."""
        return self.send("GET", url, params=params, headers=headers)

    def post(self, url: str, *, json_body: object, headers: dict[str, str] | None = None) -> httpx.Response:
        """POST a JSON body (GraphQL) with the same retries, pacing and rate-limit handling as GET."""
        return self.send("POST", url, headers=headers, json_body=json_body)

    def send(self, method: str, url: str, *, params: dict | None = None, headers: dict[str, str] | None = None,
             json_body: object = None) -> httpx.Response:
        """One request with retries; see ``get``."""
        bucket = self.bucket_of(httpx.URL(url).path)
        last_reason = "no attempt made"
        failures = waits = 0
        attempts = self.retry.attempts
        while failures < attempts:
            if self.down_reason is not None:
                if failures:  # this request's own failures just marked the source down
                    raise SourceDown(url, f"the source is down: {last_reason}")
                with self._lock:
                    self.skipped += 1
                raise SourceDown(url, f"not requested: the source is down ({self.down_reason})")
            self._respect_bucket(url, bucket)
            self._pace()
            try:
                with self._in_flight:
                    response = self.client.request(method, url, params=params, headers=headers, json=json_body)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                last_reason = f"{type(exc).__name__}: {exc or 'no detail'}"
                kind = transport_failure_kind(exc)
                self._note_transport_failure(last_reason)
                if kind == "unresolvable":
                    raise RequestFailed(url, f"not retried: {last_reason}") from None
                if kind == "refused":
                    attempts = min(attempts, self.retry.refused_attempts)
                failures += 1
                if failures < attempts and self.down_reason is None:
                    with self._lock:
                        self.stats.retries += 1
                    self.sleep(self.retry.backoff(failures - 1))
                continue
            with self._lock:
                self._consecutive_transport_failures = 0
                self.stats.requests += 1
                self.stats.by_status[response.status_code] = self.stats.by_status.get(response.status_code, 0) + 1
                if response.status_code == 304:
                    self.stats.not_modified += 1
            self._record_bucket(response, bucket)
            if self.rate_limited(response):
                waits += 1
                if waits > self.retry.max_rate_limit_waits:
                    raise RequestFailed(url, f"still rate limited after {waits - 1} waits", response.status_code)
                wait = retry_after_seconds(response, self.clock())
                self._wait_for(url, response.headers.get("x-ratelimit-resource", bucket),
                               60.0 if wait is None else wait + 0.5)
                continue
            if response.status_code in RETRYABLE_STATUS:
                last_reason = f"HTTP {response.status_code}"
                with self._lock:
                    self.stats.retries += 1
                self.sleep(self.retry.backoff(failures))
                failures += 1
                continue
            return response
        raise RequestFailed(url, f"gave up after {failures} attempts: {last_reason}")

    def _note_transport_failure(self, reason: str) -> None:
        """Count a failure to reach the server; after ``down_after`` in a row the source is down."""
        with self._lock:
            self._consecutive_transport_failures += 1
            if self.down_reason is None and self._consecutive_transport_failures >= self.retry.down_after:
                self.down_reason = reason
                log.warning("%s is down after %d failures in a row (%s); skipping it for the rest of the run",
                            self.client.base_url, self._consecutive_transport_failures, reason)

    def get_json(self, url: str, *, params: dict | None = None) -> JsonResponse:
        """A JSON GET, conditional when the cache holds an ETag for the URL: a 304 answers from
        the cache (and costs GitHub no rate limit). Error statuses come back with data None."""
        key = str(self.client.build_request("GET", url, params=params).url)
        cached = self.cache.get(key) if self.cache else None
        headers = {"if-none-match": cached[0]} if cached and cached[0] else None
        response = self.get(url, params=params, headers=headers)
        if response.status_code == 304 and cached:
            return JsonResponse(200, json.loads(cached[2]), cached[1], from_cache=True)
        if response.status_code >= 400 or response.status_code == 304:
            return JsonResponse(response.status_code, None, None)
        try:
            data = response.json()
        except ValueError as exc:
            raise RequestFailed(url, f"response is not JSON: {exc}", response.status_code) from exc
        link = response.headers.get("link")
        if self.cache is not None and response.headers.get("etag"):
            self.cache.put(key, response.headers["etag"], response.content, link)
        return JsonResponse(response.status_code, data, link)


@dataclass(frozen=True)
class JsonResponse:
    status: int
    data: object | None
    link: str | None
    from_cache: bool = False
