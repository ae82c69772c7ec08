"""Does a repository declare a watched package, or only resolve it in a lockfile? Read it and see.

GitHub's dependents page and Libraries.io's dependent_repositories list a repository without saying
how it uses the package, and GitHub's page lists lockfile-only use too. On such a listing alone the
edge counts as declared (wump never drops what a source reported), so an organization whose only
use is a transitive one would be in the default answer. For the repositories the default answer
would show — owned by an organization or an owner of unknown type, not read by the forward crawl,
their edge to a watched package qualified by no source — wump reads the repository the way the
forward crawl does: its metadata (stars, fork, archived, last push, and the owner's type as GitHub
states it) and its manifests on the default branch, parsed by ``wump.parsers``. The manifests then
decide: declared in a manifest → direct; only in a lockfile → transitive (left out of the default
answer, kept for ``transitive=true``); not in any file wump reads → as the listing said.

At most ``[enrich] verify_budget`` repositories are read per run, organizations' and the most
starred first. Each read is kept in ``raw/verification/repositories.jsonl`` and reused for
``[enrich] max_age_seconds``, so a re-run costs no requests; an exhausted rate limit stops the
reading cleanly (the rest are read on the next run). What was read goes into the ``verification``
producer's Parquet, merged like every other source.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import duckdb

from wump.config import Settings
from wump.duck import bounded
from wump.http import RateLimitExceeded, RequestFailed
from wump.identity import parse_spec, parse_specs
from wump.normalize import table_files, write_tables
from wump.raw import error_record, now_iso, read_records_file, write_records
from wump.sources.base import Transports, http_options, transport_for
from wump.sources.github import MANIFEST_SOURCE
from wump.sources.github.client import GitHubClient
from wump.sources.github.crawl import GitHubCrawler
from wump.sources.github.normalize import normalize_github
from wump.vocabulary import DEFAULT_OWNER_TYPES, GITHUB_HOST

PRODUCER = "verification"
SOURCE = "verification"


def select_repositories(settings: Settings, budget: int, watched: Iterable[str] | None = None) -> list[dict]:
    """The repositories worth reading, most important first, at most ``budget``: each with
    ``full_name`` and the watched ``packages`` (``ecosystem/name``) whose use it would settle.

    A candidate is a GitHub repository with an edge to a watched package that no source (other
    than this step) qualified as direct or transitive, that the forward crawl did not read, and
    whose owner no source calls a personal account or a missing one.

    :param watched: the watched packages (default ``[watch] packages``).
    """
    pairs = parse_specs(settings.watch_packages if watched is None else watched)
    dependencies = table_files(settings.parquet_dir, "dependencies", exclude=PRODUCER)
    if not pairs or not dependencies or budget <= 0:
        return []
    owners = table_files(settings.parquet_dir, "owners", exclude=PRODUCER)
    con = bounded(duckdb.connect(), settings.data_dir / "duckdb_tmp")
    try:
        con.execute("CREATE TEMP TABLE watched (ecosystem VARCHAR, package VARCHAR)")
        con.executemany("INSERT INTO watched VALUES (?, ?)", pairs)
        con.execute("CREATE TEMP TABLE owner_types (login_key VARCHAR, owner_type VARCHAR)")
        if owners:
            con.execute("INSERT INTO owner_types SELECT lower(login), owner_type FROM read_parquet(?, "
                        "union_by_name = true) WHERE host = ? AND owner_type IS NOT NULL", [owners, GITHUB_HOST])
        con.execute("CREATE TEMP TABLE stars (repo_key VARCHAR, stars BIGINT)")
        if repositories := table_files(settings.parquet_dir, "repositories", exclude=PRODUCER):
            con.execute("INSERT INTO stars SELECT lower(full_name), max(stars) FROM read_parquet(?, "
                        "union_by_name = true) WHERE host = ? GROUP BY 1", [repositories, GITHUB_HOST])
        stated = ", ".join(f"'{t}'" for t in DEFAULT_OWNER_TYPES)
        rows = con.execute(
            f"""
            WITH edges AS (
                SELECT lower(full_name) AS repo_key, full_name, ecosystem, package, direct, source
                FROM read_parquet(?, union_by_name = true) WHERE host = ?
            ),
            crawled AS (SELECT DISTINCT repo_key FROM edges WHERE source = '{MANIFEST_SOURCE}'),
            undecided AS (
                SELECT e.repo_key, any_value(e.full_name) AS full_name,
                       string_agg(DISTINCT e.ecosystem || '/' || e.package, ',' ORDER BY e.ecosystem || '/' || e.package)
                           AS packages
                FROM edges e SEMI JOIN watched w ON w.ecosystem = e.ecosystem AND w.package = e.package
                WHERE e.repo_key NOT IN (SELECT repo_key FROM crawled)
                GROUP BY e.repo_key, e.ecosystem, e.package HAVING count(e.direct) = 0
            ),
            typed AS (
                -- An owner is left out when sources type it and none says it may be an organization.
                SELECT login_key, bool_or(owner_type IN ({stated})) AS may_be_organization,
                       bool_or(owner_type = 'Organization') AS organization
                FROM owner_types GROUP BY login_key
            )
            SELECT any_value(u.full_name) AS full_name,
                   string_agg(DISTINCT u.packages, ',' ORDER BY u.packages) AS packages
            FROM undecided u
            LEFT JOIN typed t ON t.login_key = split_part(u.repo_key, '/', 1)
            LEFT JOIN stars s ON s.repo_key = u.repo_key
            WHERE coalesce(t.may_be_organization, true)
            GROUP BY u.repo_key
            ORDER BY coalesce(any_value(t.organization), false) DESC, coalesce(max(s.stars), 0) DESC, u.repo_key
            LIMIT ?
            """,
            [dependencies, GITHUB_HOST, int(budget)],
        ).fetchall()
    finally:
        con.close()
    return [{"full_name": name, "packages": packages.split(",")} for name, packages in rows]


def _previous_reads(path: Path, max_age: float, clock: Callable[[], float]) -> dict[str, list[dict]]:
    """Earlier reads younger than ``max_age`` seconds: repository → its records (failed reads are
    not kept, so they are tried again)."""
    if not path.exists():
        return {}
    reads: dict[str, list[dict]] = {}
    for record in read_records_file(path):
        reads.setdefault(record["verified"], []).append(record)
    fresh = {}
    for name, records in reads.items():
        read_at = datetime.fromisoformat(records[0]["fetched_at"].replace("Z", "+00:00"))
        if clock() - read_at.timestamp() <= max_age and not any(r["kind"] == "error" for r in records):
            fresh[name] = records
    return fresh


def read_repository(crawler: GitHubCrawler, full_name: str) -> list[dict]:
    """Crawl records for one repository: ``repository``, its owner as the repository names it, the
    tree and its manifests (no SBOM: a manifest says whether the package is declared, the SBOM
    may not). A repository GitHub no longer has, or has under another name, is an error record.

    :param crawler: reads the tree and manifests (``GitHubCrawler.read_dependencies``).
    :param full_name: ``owner/name`` as the reverse source listed it.
    """
    body = crawler.client.repository(full_name)
    if body is None:
        return [error_record(SOURCE, full_name, "repository not found on GitHub")]
    if str(body.get("full_name", "")).lower() != full_name.lower():
        return [error_record(SOURCE, full_name, f"moved to {body.get('full_name')}: the listing is out of date")]
    owner = body.get("owner") or {}
    records = [{"kind": "repository", "fetched_at": now_iso(), "body": body}]
    if owner.get("login") and owner.get("type"):
        records.append({"kind": "owner", "fetched_at": now_iso(),
                        "body": {"login": owner["login"], "type": owner["type"], "html_url": owner.get("html_url")}})
    return records + crawler.read_dependencies(body, sbom=False)


def verify_step(settings: Settings, budget: int | None = None, *, transports: Transports = None,
                sleep: Callable[[float], None] | None = None, watched: Iterable[str] | None = None,
                clock: Callable[[], float] = time.time) -> dict:
    """Choose the repositories to read, read them (or reuse a fresh earlier read), write
    ``raw/verification/repositories.jsonl`` and the ``verification`` producer's Parquet.

    Returns counts — ``verify_selected``, ``verify_read`` (read now), ``verify_reused`` (an earlier
    read), ``verify_failed``, and over the watched edges read ``verify_declared`` /
    ``verify_lockfile_only`` — and ``verify_stopped``, the rate limit that stopped the reading, if any.

    :param budget: repositories to read (default ``[enrich] verify_budget``).
    :param transports: one transport or one per service key (``github_api``).
    :param sleep: replaces ``time.sleep`` in the client (tests).
    :param watched: the watched packages (default ``[watch] packages``).
    :param clock: now, in seconds (tests).
    """
    chosen = select_repositories(settings, settings.enrich.verify_budget if budget is None else budget, watched)
    raw_path = settings.raw_dir / PRODUCER / "repositories.jsonl"
    earlier = _previous_reads(raw_path, settings.enrich.max_age_seconds, clock)
    kwargs = {"sleep": sleep} if sleep else {}
    client = GitHubClient(settings.github.api_url, token=os.environ.get("GITHUB_TOKEN"),
                          transport=transport_for(transports, "github_api"), **http_options(settings), **kwargs)
    crawler = GitHubCrawler(client, concurrency=1, progress=False)
    records: list[dict] = []
    read = reused = 0
    stopped: str | None = None
    try:
        for candidate in chosen:
            name = candidate["full_name"]
            if name in earlier:
                records += earlier[name]
                reused += 1
                continue
            if stopped:
                continue
            try:
                produced = read_repository(crawler, name)
            except RateLimitExceeded as exc:
                stopped = exc.reason
                produced = [error_record(SOURCE, name, f"{exc.reason}; the rest are read on the next run")]
            except RequestFailed as exc:
                produced = [error_record(SOURCE, name, exc.reason)]
            read += 1
            records += [{**r, "verified": name} for r in produced]
    finally:
        crawler.close()
        client.close()
    write_records(raw_path, records)
    frames = normalize_github(records)
    frames["owners"] = frames["owners"].unique(subset=["source", "host", "login"], keep="last", maintain_order=True)
    write_tables(settings.parquet_dir, PRODUCER, frames)
    failed = {r["verified"] for r in records if r["kind"] == "error"}
    declared = lockfile_only = 0
    deps = frames["dependencies"]
    for candidate in chosen:
        for spec in candidate["packages"]:
            ecosystem, package = parse_spec(spec)
            found = deps.filter((deps["full_name"].str.to_lowercase() == candidate["full_name"].lower())
                                & (deps["ecosystem"] == ecosystem) & (deps["package"] == package))["direct"]
            if found.len():
                declared += bool(found.any())
                lockfile_only += not found.any()
    return {"verify_selected": len(chosen), "verify_read": read, "verify_reused": reused,
            "verify_failed": len(failed), "verify_declared": declared, "verify_lockfile_only": lockfile_only,
            "verify_stopped": stopped}
