"""GitHub REST: owners, their repositories, and what each repository depends on.

Fetching only: this module returns raw records (the API's own JSON, plus where and when it was
read); ``wump.normalize`` turns them into tables. Dependencies come two ways and both are kept:
the dependency-graph SBOM (resolved versions, directness) and the manifest files themselves
(manifest path, requirement as written, dev/runtime scope), read from the default branch's tree.

The crawl is incremental and interruptible: unchanged resources are revalidated with ETags (a 304
costs no rate limit), a repository whose ``pushed_at`` has not moved keeps its previous records
without a single request, and a crawl stopped by an exhausted rate limit keeps what it has; the
next run picks up the rest.
"""

from __future__ import annotations

import base64
import logging
import os
import re
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from wump.http import PoliteClient, RateLimitExceeded, RequestFailed, ResponseCache, RetryPolicy

log = logging.getLogger(__name__)

_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="next"')
MAX_BLOB_BYTES = 1_000_000
# Records that describe one repository's dependencies (reused as a set while it is unchanged).
DEPENDENCY_KINDS = frozenset({"sbom", "sbom_missing", "tree", "manifest", "skipped"})


def next_link(link_header: str | None) -> str | None:
    """The ``rel="next"`` URL of a paginated GitHub response, if any."""
    match = _NEXT_LINK.search(link_header or "")
    return match.group(1) if match else None


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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

    def _json(self, path: str, params: dict | None = None) -> object | None:
        """JSON body of a GET; None for absent, disabled or blocked resources (403/404/409/410/451)."""
        response = self.http.get_json(path, params=params)
        if response.status in (403, 404, 409, 410, 451):
            return None
        if response.status >= 400:
            raise RequestFailed(path, f"HTTP {response.status}", response.status)
        return response.data

    def owner(self, login: str, known_type: str | None = None) -> dict | None:
        """The owner's profile: /orgs/{login} for organizations, else /users/{login}.

        ``known_type`` (from an earlier crawl) skips the /orgs probe for personal accounts,
        whose 404 would otherwise cost a counted request on every refresh.
        """
        profile = self._json(f"/orgs/{login}") if known_type != "User" else None
        if profile is None:
            profile = self._json(f"/users/{login}")
        return profile  # type: ignore[return-value]

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


@dataclass
class OwnerCrawl:
    records: list[dict]
    complete: bool
    stopped_reason: str | None = None


def error_record(subject: str, reason: str) -> dict:
    return {"kind": "error", "fetched_at": now_iso(), "source": "github", "subject": subject, "reason": reason}


def previous_by_repository(previous: list[dict]) -> dict[str, tuple[str | None, list[dict]]]:
    """From an owner's previous raw records: full_name → (pushed_at, dependency records), for
    repositories whose dependencies were read completely (no error record)."""
    pushed = {r["body"]["full_name"]: r["body"].get("pushed_at") for r in previous if r["kind"] == "repository"}
    deps: dict[str, list[dict]] = {}
    failed: set[str] = set()
    for record in previous:
        if record["kind"] in DEPENDENCY_KINDS:
            deps.setdefault(record["repository"], []).append(record)
        elif record["kind"] == "error":
            failed.add(record.get("repository") or record["subject"])
    return {name: (pushed.get(name), records) for name, records in deps.items()
            if name not in failed and any(r["kind"] == "tree" for r in records)}


class GitHubCrawler:
    """Crawls owners: profile → repositories → each repository's SBOM and manifests."""

    def __init__(self, client: GitHubClient, *, concurrency: int = 8, max_blob_bytes: int = MAX_BLOB_BYTES,
                 progress: bool | None = None):
        from wump.parsers import is_manifest, parse  # the registry decides which files count

        self.client = client
        self.concurrency = max(1, concurrency)
        # One pool for every owner's repositories, so owners crawled side by side share the bound.
        self.pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="github-repo")
        self.max_blob_bytes = max_blob_bytes
        self.is_manifest = is_manifest
        self.parse = parse
        self.progress = sys.stderr.isatty() if progress is None else progress

    def crawl_owner(self, login: str, previous: list[dict] | None = None) -> OwnerCrawl:
        """Raw records for one owner. Never raises for a failing repository (it becomes an error
        record); an exhausted rate limit stops the crawl cleanly with ``complete`` False."""
        known_type = next((r["body"].get("type") for r in previous or [] if r["kind"] == "owner"), None)
        try:
            profile = self.client.owner(login, known_type)
            if profile is None:
                return OwnerCrawl([error_record(f"owner {login}", "not found on GitHub")], True)
            repos = self.client.repositories(profile["login"], profile.get("type", "User"))
        except RateLimitExceeded as exc:
            return OwnerCrawl([], False, exc.reason)
        except RequestFailed as exc:
            return OwnerCrawl([error_record(f"owner {login}", exc.reason)], True)
        records = [{"kind": "owner", "fetched_at": now_iso(), "body": profile}]
        records += [{"kind": "repository", "fetched_at": now_iso(), "body": repo} for repo in repos]
        earlier = previous_by_repository(previous or [])
        stopped: list[str] = []

        def dependencies_of(repo: dict) -> list[dict]:
            full_name = repo["full_name"]
            before = earlier.get(full_name)
            if before and before[0] == repo.get("pushed_at"):
                return before[1]  # nothing pushed since: not a single request
            if stopped:
                return []
            try:
                return self.read_dependencies(repo)
            except RateLimitExceeded as exc:
                stopped.append(exc.reason)
                return before[1] if before else []
            except RequestFailed as exc:
                return [{**error_record(full_name, exc.reason), "repository": full_name}]

        bar = _progress_bar(len(repos), login) if self.progress else None
        for produced in self.pool.map(dependencies_of, repos):
            records.extend(produced)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(requests=self.client.http.stats.requests,
                                remaining=self.client.http.stats.remaining.get("core", "?"))
        if bar is not None:
            bar.close()
        return OwnerCrawl(records, not stopped, stopped[0] if stopped else None)

    def close(self) -> None:
        self.pool.shutdown(wait=True)

    def read_dependencies(self, repo: dict) -> list[dict]:
        """SBOM plus manifests of one repository, as raw records."""
        full_name = repo["full_name"]
        records: list[dict] = []
        sbom = self.client.sbom(full_name)
        if sbom is None:
            records.append({"kind": "sbom_missing", "fetched_at": now_iso(), "repository": full_name})
        else:
            records.append({"kind": "sbom", "fetched_at": now_iso(), "repository": full_name, "body": sbom})
        tree = self.client.tree(full_name, repo.get("default_branch") or "HEAD") if repo.get("size", 1) else None
        entries = (tree or {}).get("tree", [])
        records.append({"kind": "tree", "fetched_at": now_iso(), "repository": full_name,
                        "truncated": bool((tree or {}).get("truncated")), "entries": len(entries)})
        for entry in entries:
            path = entry.get("path", "")
            if entry.get("type") != "blob" or not self.is_manifest(path):
                continue
            if (entry.get("size") or 0) > self.max_blob_bytes:
                records.append({**error_record(f"{full_name}:{path}",
                                               f"file is {entry['size']} bytes, over the cap of {self.max_blob_bytes}"),
                                "repository": full_name, "kind": "skipped"})
                continue
            content = self.client.blob(full_name, entry["sha"])
            if content is None:
                continue
            result = self.parse(path, content)
            records.append({
                "kind": "manifest", "fetched_at": now_iso(), "repository": full_name, "path": path,
                "sha": entry["sha"], "manifest_kind": result.kind, "error": result.error,
                "dependencies": [
                    {"ecosystem": d.ecosystem, "name": d.name, "requirement": d.requirement,
                     "type": d.type, "direct": d.direct}
                    for d in result.dependencies
                ],
            })
        return records


def _progress_bar(total: int, login: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=f"github {login}", unit="repo", file=sys.stderr, leave=False)
