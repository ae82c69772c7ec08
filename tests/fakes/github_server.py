"""A fake GitHub REST API on 127.0.0.1, for tests and benchmarks.

It serves a world of responses in the bundled demo snapshot's format (path → status and body)
with GitHub's behaviours: Link pagination of repository lists, ETags and 304s for
``If-None-Match`` (not counted against the rate limit), per-resource rate limits with a reset,
and injected faults — 500, 502, timeouts (a stalled answer) and secondary-limit 403s with
``retry-after`` — at a chosen rate, from a seeded generator so runs are reproducible.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

PAGING = ("page", "per_page")


def world_key(path: str, query: list[tuple[str, str]]) -> str:
    kept = sorted((k, v) for k, v in query if k not in PAGING)
    return path + (f"?{urlencode(kept)}" if kept else "")


def snapshot_world() -> dict[str, dict]:
    """The demo snapshot's responses, keyed without paging parameters: a fresh copy each call, so a
    test may change its world without changing anyone else's."""
    from wump.demo import load_snapshot

    world = {}
    for key, entry in json.loads(json.dumps(load_snapshot()["responses"])).items():
        path, _, query = key.partition("?")
        world[world_key(path, parse_qsl(query))] = entry
    return world


def scaled_world(copies: int) -> tuple[dict[str, dict], list[str]]:
    """The demo world cloned ``copies`` times under new owner names (netflix-1, netflix-2, ...).

    Every path names its owner in its third segment (/orgs/{o}, /users/{o}/repos, /repos/{o}/...).
    """
    from wump.demo import demo_owners

    base = snapshot_world()
    world: dict[str, dict] = {}
    owners: list[str] = []
    for i in range(1, copies + 1):
        for owner in demo_owners():
            new = f"{owner}-{i}"
            owners.append(new)
            for key, entry in base.items():
                parts = key.split("?")[0].split("/")
                if parts[2] == owner:
                    new_key = "/".join(parts[:2] + [new] + parts[3:]) + (key[len(key.split("?")[0]):])
                    world[new_key] = _rename(entry, owner, new)
    return world, owners


def _rename(entry: dict, owner: str, new: str) -> dict:
    text = json.dumps(entry)
    for old_text, new_text in ((f'"{owner}/', f'"{new}/'), (f'"{owner}"', f'"{new}"'),
                               (f"github.com/{owner}/", f"github.com/{new}/"),
                               (f"github.com/{owner}\"", f"github.com/{new}\""),
                               (f"pkg:github/{owner}/", f"pkg:github/{new}/"),
                               (f"github-{owner}-", f"github-{new}-")):
        text = text.replace(old_text, new_text)
    return json.loads(text)


@dataclass
class Faults:
    rate: float = 0.0
    seed: int = 1
    kinds: tuple[str, ...] = ("500", "502", "timeout", "secondary")
    stall_seconds: float = 1.0


@dataclass
class RateLimit:
    limit: int = 1_000_000
    window_seconds: float = 3600.0


@dataclass
class FakeGitHub:
    world: dict[str, dict]
    page_size: int = 100
    faults: Faults = field(default_factory=Faults)
    core: RateLimit = field(default_factory=RateLimit)
    sbom: RateLimit = field(default_factory=RateLimit)
    latency: float = 0.0
    require_token: str | None = None

    def __post_init__(self):
        self.lock = threading.Lock()
        self.rng = random.Random(self.faults.seed)
        self.counted: list[str] = []  # every request that spent rate limit
        self.not_modified: list[str] = []  # conditional requests answered 304 (free)
        self.injected: dict[str, int] = {}
        self.reset_limits()
        self.server: ThreadingHTTPServer | None = None

    # --- limits ---------------------------------------------------------------------------
    def reset_limits(self) -> None:
        with self.lock:
            now = time.time()
            self.used = {"core": 0, "dependency_sbom": 0}
            self.resets = {"core": now + self.core.window_seconds, "dependency_sbom": now + self.sbom.window_seconds}

    def _spend(self, bucket: str) -> tuple[bool, dict[str, str]]:
        limit = self.core if bucket == "core" else self.sbom
        with self.lock:
            now = time.time()
            if now >= self.resets[bucket]:
                self.used[bucket] = 0
                self.resets[bucket] = now + limit.window_seconds
            allowed = self.used[bucket] < limit.limit
            if allowed:
                self.used[bucket] += 1
            headers = {
                "x-ratelimit-limit": str(limit.limit),
                "x-ratelimit-remaining": str(max(0, limit.limit - self.used[bucket])),
                "x-ratelimit-reset": str(int(self.resets[bucket]) + 1),
                "x-ratelimit-resource": bucket,
            }
        return allowed, headers

    def _fault(self) -> str | None:
        with self.lock:
            if self.faults.rate and self.rng.random() < self.faults.rate:
                kind = self.rng.choice(self.faults.kinds)
                self.injected[kind] = self.injected.get(kind, 0) + 1
                return kind
        return None

    # --- serving --------------------------------------------------------------------------
    def respond(self, method_path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes, float]:
        """(status, headers, body, stall seconds) for one GET."""
        split = urlsplit(method_path)
        query = parse_qsl(split.query)
        if self.latency:
            time.sleep(self.latency)
        if self.require_token and headers.get("authorization") != f"Bearer {self.require_token}":
            return 401, {}, b'{"message": "Bad credentials"}', 0.0
        fault = self._fault()
        if fault == "timeout":
            return 500, {}, b"{}", self.faults.stall_seconds
        if fault in ("500", "502"):
            return int(fault), {}, b'{"message": "Server Error"}', 0.0
        if fault == "secondary":
            return 403, {"retry-after": "1"}, b'{"message": "You have exceeded a secondary rate limit."}', 0.0
        bucket = "dependency_sbom" if split.path.endswith("/dependency-graph/sbom") else "core"
        entry = self.world.get(world_key(split.path, query))
        if entry is None:
            status, body = 404, {"message": "Not Found"}
        else:
            status, body = entry["status"], entry["body"]
        extra: dict[str, str] = {}
        if status == 200 and isinstance(body, list):
            page = int(dict(query).get("page", 1))
            per_page = min(self.page_size, int(dict(query).get("per_page", 30)))
            pages = max(1, -(-len(body) // per_page))
            body = body[(page - 1) * per_page: page * per_page]
            if page < pages:
                next_query = urlencode([*[(k, v) for k, v in query if k not in PAGING],
                                        ("per_page", per_page), ("page", page + 1)])
                extra["link"] = f'<http://{self.host}{split.path}?{next_query}>; rel="next"'
        payload = json.dumps(body, sort_keys=True).encode()
        etag = f'"{hashlib.sha1(payload + extra.get("link", "").encode()).hexdigest()[:20]}"'
        if status == 200 and headers.get("if-none-match") == etag:
            with self.lock:
                self.not_modified.append(split.path)
            return 304, {"etag": etag}, b"", 0.0
        allowed, limit_headers = self._spend(bucket)
        if not allowed:
            return 403, limit_headers, b'{"message": "API rate limit exceeded"}', 0.0
        with self.lock:
            self.counted.append(split.path)
        if status == 200:
            extra["etag"] = etag
        return status, {**limit_headers, **extra}, payload, 0.0

    def start(self) -> FakeGitHub:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                status, headers, body, stall = fake.respond(self.path, {k.lower(): v for k, v in self.headers.items()})
                if stall:
                    time.sleep(stall)
                    self.close_connection = True
                    return
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.host = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

