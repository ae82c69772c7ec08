"""GitHub REST: owners, their repositories, and what each repository depends on.

Fetching only: this module returns raw records (the API's own JSON, plus where and when it was
read); ``normalize.py`` beside it turns them into tables. Dependencies come two ways and both are kept:
the dependency-graph SBOM (resolved versions, directness) and the manifest files themselves
(manifest path, requirement as written, dev/runtime scope), read from the default branch's tree.

The crawl is incremental and interruptible: unchanged resources are revalidated with ETags (a 304
costs no rate limit), a repository whose ``pushed_at`` has not moved keeps its previous records
without a single request, and a crawl stopped by an exhausted rate limit keeps what it has; the
next run picks up the rest.
"""

from __future__ import annotations

import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from wump.http import RateLimitExceeded, RequestFailed
from wump.parsers import is_manifest, parse  # the registry decides which files count
from wump.raw import error_record, now_iso
from wump.sources.github.client import MAX_BLOB_BYTES, GitHubClient

log = logging.getLogger(__name__)

# Records that describe one repository's dependencies (reused as a set while it is unchanged).
DEPENDENCY_KINDS = frozenset({"sbom", "sbom_missing", "tree", "manifest", "skipped"})
SOURCE = "github"


@dataclass
class OwnerCrawl:
    records: list[dict]
    complete: bool
    stopped_reason: str | None = None


@dataclass
class EarlierRead:
    """What an earlier run read of one repository's dependencies."""

    pushed_at: str | None
    records: list[dict]
    complete: bool  # the tree and every manifest were read: reusable while nothing is pushed


def previous_by_repository(previous: list[dict]) -> dict[str, EarlierRead]:
    """From an owner's previous raw records: full_name → its dependency records. A repository
    whose read failed somewhere is read again, its earlier records standing in if that fails too."""
    pushed = {r["body"]["full_name"]: r["body"].get("pushed_at") for r in previous if r["kind"] == "repository"}
    deps: dict[str, list[dict]] = {}
    failed: set[str] = set()
    for record in previous:
        if record["kind"] in DEPENDENCY_KINDS:
            deps.setdefault(record["repository"], []).append(record)
        elif record["kind"] == "error":
            failed.add(record.get("repository") or record["subject"])
    return {name: EarlierRead(pushed.get(name), records,
                              name not in failed and any(r["kind"] == "tree" for r in records))
            for name, records in deps.items()}


class GitHubCrawler:
    """Crawls owners: profile → repositories → each repository's SBOM and manifests."""

    def __init__(self, client: GitHubClient, *, concurrency: int = 8, max_blob_bytes: int = MAX_BLOB_BYTES,
                 progress: bool | None = None):

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
                return OwnerCrawl([error_record(SOURCE, f"owner {login}", "not found on GitHub")], True)
            repos = self.client.repositories(profile["login"], profile.get("type", "User"))
        except RateLimitExceeded as exc:
            return OwnerCrawl([], False, exc.reason)
        except RequestFailed as exc:
            return OwnerCrawl([error_record(SOURCE, f"owner {login}", exc.reason)], True)
        records = [{"kind": "owner", "fetched_at": now_iso(), "body": profile}]
        records += [{"kind": "repository", "fetched_at": now_iso(), "body": repo} for repo in repos]
        earlier = previous_by_repository(previous or [])
        stopped: list[str] = []

        def dependencies_of(repo: dict) -> list[dict]:
            full_name = repo["full_name"]
            before = earlier.get(full_name)
            kept = before.records if before else []  # the last good read stands in for a failed one
            if before and before.complete and before.pushed_at == repo.get("pushed_at"):
                return kept  # nothing pushed since: not a single request
            if stopped:
                return kept
            try:
                return self.read_dependencies(repo)
            except RateLimitExceeded as exc:
                stopped.append(exc.reason)
                return kept
            except RequestFailed as exc:
                return [*kept, {**error_record(SOURCE, full_name, exc.reason), "repository": full_name}]

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

    def read_dependencies(self, repo: dict, *, sbom: bool = True) -> list[dict]:
        """SBOM (unless ``sbom`` is False) plus manifests of one repository, as raw records.

        :param repo: the repository as GitHub's API describes it (``full_name``, ``default_branch``, ``size``).
        """
        full_name = repo["full_name"]
        records: list[dict] = []
        document = self.client.sbom(full_name) if sbom else None
        if document is not None:
            records.append({"kind": "sbom", "fetched_at": now_iso(), "repository": full_name, "body": document})
        elif sbom:
            records.append({"kind": "sbom_missing", "fetched_at": now_iso(), "repository": full_name})
        tree = self.client.tree(full_name, repo.get("default_branch") or "HEAD") if repo.get("size", 1) else None
        entries = (tree or {}).get("tree", [])
        records.append({"kind": "tree", "fetched_at": now_iso(), "repository": full_name,
                        "truncated": bool((tree or {}).get("truncated")), "entries": len(entries)})
        for entry in entries:
            path = entry.get("path", "")
            if entry.get("type") != "blob" or not self.is_manifest(path):
                continue
            if (entry.get("size") or 0) > self.max_blob_bytes:
                records.append({**error_record(SOURCE, f"{full_name}:{path}",
                                               f"file is {entry['size']} bytes, over the cap of {self.max_blob_bytes}"),
                                "repository": full_name, "kind": "skipped"})
                continue
            try:
                content = self.client.blob(full_name, entry["sha"])
            except RateLimitExceeded:
                raise
            except RequestFailed as exc:
                # One unreadable file costs that file, not the repository's other manifests; the
                # error makes the next run read the repository again.
                records.append({**error_record(SOURCE, f"{full_name}:{path}", exc.reason), "repository": full_name})
                continue
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
