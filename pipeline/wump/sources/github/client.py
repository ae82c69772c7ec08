"""GitHub REST client: owners, repositories, the dependency-graph SBOM, trees and blobs.

Typed reads over a PoliteClient (``wump.http``): Link pagination, ETag revalidation (a 304 costs
no rate limit), the SBOM's own rate-limit bucket. ``crawl.py`` decides what to read.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import threading
from collections.abc import Callable

import httpx

from wump.http import PoliteClient, RequestFailed, ResponseCache, RetryPolicy

log = logging.getLogger(__name__)

_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="next"')
MAX_BLOB_BYTES = 1_000_000


def next_link(link_header: str | None) -> str | None:
    """The ``rel="next"`` URL of a paginated GitHub response, if any."""
    match = _NEXT_LINK.search(link_header or "")
    return match.group(1) if match else None


def github_bucket(path: str) -> str:
    """GitHub's rate-limit resource a path spends (the SBOM has its own small bucket)."""
    return "dependency_sbom" if path.endswith("/dependency-graph/sbom") else "core"


class GitHubClient:
    """Typed reads of the GitHub REST API over a PoliteClient."""

    def __init__(
        self,
        base_url: str = "https://api.github.com",
        *,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        cache: ResponseCache | None = None,
        timeout: float = 30.0,
        concurrency: int = 8,
    ):
        headers = {"accept": "application/vnd.github+json", "x-github-api-version": "2022-11-28"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        kwargs = {"sleep": sleep} if sleep else {}
        self.http = PoliteClient(base_url, headers=headers, transport=transport, retry=retry, cache=cache,
                                 bucket_of=github_bucket, timeout=timeout, max_in_flight=concurrency, **kwargs)
        self.cache = cache
        self._blob_locks: dict[str, threading.Lock] = {}
        self._blob_locks_guard = threading.Lock()

    @classmethod
    def from_environment(cls, base_url: str, *, transport: httpx.BaseTransport | None = None,
                         cache: ResponseCache | None = None, retry: RetryPolicy | None = None,
                         timeout: float = 30.0, sleep: Callable[[float], None] | None = None,
                         concurrency: int = 8) -> GitHubClient:
        token = os.environ.get("GITHUB_TOKEN")
        if not token and transport is None:
            log.warning(
                "GITHUB_TOKEN is not set: GitHub allows 60 requests/hour without a token; "
                "set GITHUB_TOKEN for 5,000/hour"
            )
        return cls(base_url, token=token, transport=transport, cache=cache, retry=retry, timeout=timeout,
                   sleep=sleep, concurrency=concurrency)

    def close(self) -> None:
        self.http.close()

    def _json(self, path: str, params: dict | None = None,
              absent: tuple[int, ...] = (403, 404, 409, 410, 451)) -> object | None:
        """JSON body of a GET; None for the ``absent`` statuses (by default absent, disabled or
        blocked resources), RequestFailed for any other error."""
        response = self.http.get_json(path, params=params)
        if response.status in absent:
            return None
        if response.status >= 400:
            raise RequestFailed(path, f"HTTP {response.status}", response.status)
        return response.data

    def owner(self, login: str, known_type: str | None = None) -> dict | None:
        """The owner's profile: /orgs/{login} for organizations, else /users/{login}.

        ``known_type`` (from an earlier crawl) skips the /orgs probe for personal accounts,
        whose 404 would otherwise cost a counted request on every refresh.
        """
        # Only 404 and 410 mean "no such account" (enrichment then calls the owner missing); any
        # other refusal is a failed lookup, tried again on the next run.
        profile = self._json(f"/orgs/{login}", absent=(404, 410)) if known_type != "User" else None
        if profile is None:
            profile = self._json(f"/users/{login}", absent=(404, 410))
        return profile  # type: ignore[return-value]

    def repository(self, full_name: str) -> dict | None:
        """One repository (``/repos/{owner}/{name}``; a renamed one answers under its new name), or
        None when GitHub has no public repository by that name."""
        body = self._json(f"/repos/{full_name}")
        return body if isinstance(body, dict) else None

    def repositories(self, login: str, owner_type: str) -> list[dict]:
        """Every public repository of the owner, following Link pagination to the end."""
        if owner_type == "Organization":
            url, params = f"/orgs/{login}/repos", {"type": "public", "per_page": 100}
        else:
            url, params = f"/users/{login}/repos", {"type": "owner", "per_page": 100}
        repos: list[dict] = []
        next_url: str | None = url
        while next_url:
            response = self.http.get_json(next_url, params=params)
            if response.status >= 400 or not isinstance(response.data, list):
                raise RequestFailed(next_url, f"HTTP {response.status}", response.status)
            repos.extend(response.data)
            next_url, params = next_link(response.link), None  # the next link carries its own query
        return repos

    def sbom(self, full_name: str) -> dict | None:
        """The dependency-graph SBOM (SPDX 2.3), or None when the graph is off or absent."""
        body = self._json(f"/repos/{full_name}/dependency-graph/sbom")
        return body.get("sbom") if isinstance(body, dict) else None

    def tree(self, full_name: str, branch: str) -> dict | None:
        """The branch's whole file tree (``truncated`` set when GitHub cut it short)."""
        body = self._json(f"/repos/{full_name}/git/trees/{branch}", {"recursive": "1"})
        return body if isinstance(body, dict) else None

    def blob(self, full_name: str, sha: str) -> bytes | None:
        """A file's bytes by blob sha. Blobs never change, so a cached one costs no request, and
        repositories sharing a file (the same CI workflow, say) wait for one fetch of it."""
        with self._blob_locks_guard:
            lock = self._blob_locks.setdefault(sha, threading.Lock())
        with lock:
            return self._blob(full_name, sha)

    def _blob(self, full_name: str, sha: str) -> bytes | None:
        key = f"blob:{sha}"
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            return hit[2]
        response = self.http.get(f"/repos/{full_name}/git/blobs/{sha}")
        if response.status_code in (403, 404, 409):
            return None
        if response.status_code >= 400:
            raise RequestFailed(f"/repos/{full_name}/git/blobs/{sha}", f"HTTP {response.status_code}",
                                response.status_code)
        body = response.json()
        content = base64.b64decode(body.get("content") or "") if body.get("encoding") == "base64" \
            else (body.get("content") or "").encode()
        if self.cache is not None:
            self.cache.put(key, None, content)
        return content
