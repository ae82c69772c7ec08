"""Owner enrichment: is this owner an organization, and where does it say it can be sponsored?

Repositories reach wump from the reverse sources with only an owner login. Here the owners that
matter are looked up on GitHub (``GitHubClient.owner``: /orgs/{login}, else /users/{login} — type,
blog, company, location, is_verified) and on ecosyste.ms (``/api/v1/hosts/GitHub/owners/{login}``:
kind, website, funding links, sponsors listing), so package_users can be filtered to organizations.

Which owners matter: owners of watched packages' dependents first, then the most-used owners by
repository count across all normalized dependencies (DuckDB over the Parquet), ``budget`` at most.
Every answer is cached as JSON under ``cache_dir/owners/{source}/`` for ``max_age`` seconds, so a
re-run costs no requests. Nothing is guessed: an owner neither source describes stays without a
type, and the warehouse writes 'unknown'; a login GitHub knows no account for is 'missing'.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import polars as pl
from tqdm import tqdm

from wump.config import Settings
from wump.duck import bounded
from wump.http import RateLimitExceeded, RequestFailed
from wump.identity import parse_specs
from wump.normalize import frame, parse_time, table_files, write_tables
from wump.raw import error_record, now_iso, safe_file_name, write_records
from wump.schema import NORMALIZED
from wump.sources.base import Transports, http_options, transport_for
from wump.sources.ecosystems import make_client as ecosystems_client
from wump.sources.ecosystems.client import EcosystemsClient
from wump.sources.ecosystems.normalize import OWNER_KINDS
from wump.sources.ecosystems.normalize import owner_row as ecosystems_owner_row
from wump.sources.github.client import GitHubClient
from wump.sources.github.normalize import owner_row as github_owner_row
from wump.vocabulary import GITHUB_HOST, MISSING_OWNER

log = logging.getLogger(__name__)

PRODUCER = "enrichment"
DEFAULT_MAX_AGE = 7 * 86400
_GITHUB_FIELDS = ("login", "type", "name", "blog", "company", "location", "is_verified", "public_repos",
                  "html_url", "created_at", "email")
_ECOSYSTEMS_FIELDS = ("login", "name", "kind", "website", "location", "company", "html_url", "funding_links",
                      "repositories_count", "has_sponsors_listing")


class OwnerCache:
    """JSON files of what each source said about an owner, valid for ``max_age`` seconds."""

    def __init__(self, folder: Path, max_age: float = DEFAULT_MAX_AGE, clock: Callable[[], float] = time.time):
        self.folder = folder
        self.max_age = max_age
        self.clock = clock

    def _path(self, source: str, login: str) -> Path:
        return self.folder / source / f"{safe_file_name(login.lower())}.json"

    def get(self, source: str, login: str, *, any_age: bool = False) -> dict | None:
        """The cached answer if it is fresh (or, with ``any_age``, however old: the last good
        answer stands in when the source cannot be asked)."""
        path = self._path(source, login)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if any_age or self.clock() - entry.get("saved_at", 0) <= self.max_age else None

    def put(self, source: str, login: str, body: dict | None) -> dict:
        entry = {"saved_at": self.clock(), "fetched_at": now_iso(), "found": body is not None, "body": body}
        path = self._path(source, login)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(entry, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
        return entry


def _slim(body: dict, fields: Iterable[str]) -> dict:
    slim = {k: body.get(k) for k in fields if k in body}
    metadata = body.get("metadata")
    if "has_sponsors_listing" not in slim and isinstance(metadata, dict) and "has_sponsors_listing" in metadata:
        slim["has_sponsors_listing"] = metadata["has_sponsors_listing"]
    return slim


def enrich_owners(settings: Settings, logins: Iterable[str], github_client: GitHubClient | None,
                  ecosystems_client: EcosystemsClient | None, *, skip_github: Iterable[str] = (),
                  max_age: float | None = None, cache: OwnerCache | None = None) -> list[dict]:
    """Raw records describing each owner, from the cache or the two sources.

    Kinds: ``owner`` (source github; the profile, as ``wump.github.crawl_owner`` writes it),
    ``owner_missing`` (GitHub knows no such owner), ``ecosystems_owner`` (the ecosyste.ms owner),
    ``error``. ``skip_github``: logins whose GitHub profile is already known from another producer.
    When GitHub's rate limit runs out the GitHub part stops with an error record and the
    ecosyste.ms part goes on.
    """
    if cache is None:
        cache = OwnerCache(settings.cache_dir / "owners",
                           max_age if max_age is not None else settings.enrich.max_age_seconds)
    skip = {s.lower() for s in skip_github}
    github_stopped: str | None = None
    records: list[dict] = []
    logins = list(dict.fromkeys(logins))
    for login in tqdm(logins, desc="owners", unit="owner", disable=not sys.stderr.isatty()):
        known_type = None
        if ecosystems_client is not None:
            entry = cache.get("ecosystems", login)
            try:
                if entry is None and ecosystems_client.http.down_reason is None:
                    body = ecosystems_client.owner(login)
                    entry = cache.put("ecosystems", login, _slim(body, _ECOSYSTEMS_FIELDS) if body else None)
            except RequestFailed as exc:
                if ecosystems_client.http.down_reason is None:
                    records.append(error_record("enrichment-ecosystems", f"owner {login}", exc.reason))
            if entry is None:
                entry = cache.get("ecosystems", login, any_age=True)  # the last good answer, if any
            if entry is not None and entry["found"]:
                known_type = OWNER_KINDS.get(str(entry["body"].get("kind") or "").lower())
                records.append({"kind": "ecosystems_owner", "source": "ecosystems",
                                "fetched_at": entry["fetched_at"], "body": {**entry["body"], "login": entry[
                                    "body"].get("login") or login}})
        if github_client is not None and login.lower() not in skip and github_stopped is None:
            entry = cache.get("github", login)
            if entry is None and github_client.http.down_reason is not None:
                entry = cache.get("github", login, any_age=True)
            try:
                if entry is None:
                    profile = github_client.owner(login, known_type=known_type)
                    entry = cache.put("github", login, _slim(profile, _GITHUB_FIELDS) if profile else None)
                if entry["found"]:
                    records.append({"kind": "owner", "source": "github", "fetched_at": entry["fetched_at"],
                                    "body": entry["body"]})
                else:
                    records.append({"kind": "owner_missing", "source": "github", "fetched_at": entry["fetched_at"],
                                    "login": login})
            except RateLimitExceeded as exc:
                github_stopped = exc.reason
                records.append(error_record("enrichment-github", f"owner {login}",
                                            f"{exc.reason}; the remaining owners are enriched on the next run"))
            except RequestFailed as exc:
                if github_client.http.down_reason is None:
                    records.append(error_record("enrichment-github", f"owner {login}", exc.reason))
    for label, client in (("enrichment-ecosystems", ecosystems_client), ("enrichment-github", github_client)):
        if client is not None and client.http.down_reason:
            records.append(error_record(label, "source down", f"{client.http.down_reason}; skipped for the rest of "
                                        f"the run ({client.http.skipped} owner lookup(s) not sent, cached answers "
                                        "kept)"))
    return records


def normalize_enrichment(records: Iterable[dict]) -> dict[str, pl.DataFrame]:
    """Enrichment records → owners (sources ``github`` and ``ecosystems``) and errors frames.

    Grain: owners per (source, host, login). owner_type is Organization or User only when the
    source says so (GitHub's ``type``, ecosyste.ms ``kind``), ``missing`` when GitHub answers that
    no account has the login; otherwise null.
    """
    owners, errors = [], []
    for record in records:
        fetched = parse_time(record.get("fetched_at"))
        if record["kind"] == "owner":
            owners.append(github_owner_row(record["body"], fetched))
        elif record["kind"] == "ecosystems_owner":
            owners.append(ecosystems_owner_row(record["body"], fetched))
        elif record["kind"] == "owner_missing":
            # GitHub's word that no account has this login: the owner is "missing", not "unknown".
            owners.append({"source": "github", "host": GITHUB_HOST, "login": record["login"],
                           "owner_type": MISSING_OWNER, "fetched_at": fetched})
        elif record["kind"] == "error":
            errors.append({"source": record["source"], "subject": record["subject"], "reason": record["reason"],
                           "detected_at": fetched})
    frame_ = frame(NORMALIZED["owners"], owners)
    frame_ = frame_.unique(subset=["source", "host", "login"], keep="last", maintain_order=True)
    return {"owners": frame_, "errors": frame(NORMALIZED["errors"], errors)}


# --- choosing whom to enrich -----------------------------------------------------------------


def select_owners(settings: Settings, budget: int, watched: Iterable[str] | None = None) -> list[str]:
    """Owner logins to enrich, most important first, at most ``budget``: owners of the watched
    packages' dependents — those no other producer has typed first (an owner of unknown type is
    in the default answer, so typing it matters most), then by how many of their repositories use
    them — then the most-used owners by repository count across every normalized dependency.
    GitHub-hosted owners only."""
    files = table_files(settings.parquet_dir, "dependencies")
    if not files or budget <= 0:
        return []
    typed_files = table_files(settings.parquet_dir, "owners", exclude=PRODUCER)
    pairs = parse_specs(settings.watch_packages if watched is None else watched)
    con = bounded(duckdb.connect(), settings.data_dir / "duckdb_tmp")
    try:
        con.execute("CREATE TEMP TABLE watched (ecosystem VARCHAR, package VARCHAR)")
        if pairs:
            con.executemany("INSERT INTO watched VALUES (?, ?)", pairs)
        con.execute("CREATE TEMP TABLE typed (login_key VARCHAR)")
        if typed_files:
            con.execute("INSERT INTO typed SELECT DISTINCT lower(login) FROM read_parquet(?, union_by_name = true) "
                        "WHERE owner_type IS NOT NULL AND host = ?", [typed_files, GITHUB_HOST])
        rows = con.execute(
            """
            WITH edges AS (
                SELECT DISTINCT lower(full_name) AS repo, split_part(full_name, '/', 1) AS login, ecosystem, package
                FROM read_parquet(?, union_by_name = true) WHERE host = ?
            )
            SELECT any_value(e.login) AS login, lower(e.login) AS login_key,
                   count(DISTINCT e.repo) FILTER (WHERE w.package IS NOT NULL) AS watched_repos,
                   count(DISTINCT e.repo) AS repos,
                   lower(e.login) IN (SELECT login_key FROM typed) AS typed
            FROM edges e LEFT JOIN watched w ON w.ecosystem = e.ecosystem AND w.package = e.package
            WHERE e.login <> ''
            GROUP BY lower(e.login)
            ORDER BY watched_repos > 0 DESC, typed, watched_repos DESC, repos DESC, login_key
            LIMIT ?
            """,
            [files, GITHUB_HOST, int(budget)],
        ).fetchall()
    finally:
        con.close()
    return [row[0] for row in rows]


def known_github_profiles(settings: Settings) -> set[str]:
    """Logins another producer (the GitHub crawl) already describes with a GitHub type."""
    files = table_files(settings.parquet_dir, "owners", exclude=PRODUCER)
    if not files:
        return set()
    with bounded(duckdb.connect(), settings.data_dir / "duckdb_tmp") as con:
        rows = con.execute(
            "SELECT DISTINCT lower(login) FROM read_parquet(?, union_by_name = true) "
            "WHERE source = 'github' AND owner_type IS NOT NULL", [files]).fetchall()
    return {r[0] for r in rows}


def enrich_owners_step(settings: Settings, budget: int | None = None, *,
                       transports: Transports = None, sleep: Callable[[float], None] | None = None,
                       watched: Iterable[str] | None = None) -> dict:
    """Choose owners, enrich them, write ``raw/enrichment/owners.jsonl`` and the ``enrichment``
    producer's owners (and errors) Parquet. Returns counts and request statistics.

    :param budget: owners to look up (default ``[enrich] budget``).
    :param transports: one transport or one per service key (``github_api``, ``ecosystems``).
    :param sleep: replaces ``time.sleep`` in the clients (tests).
    :param watched: the watched packages whose users come first (default ``[watch] packages``).
    """
    if settings.use_demo and transports is None:
        raise ValueError("the offline demo enriches through the demo transport; pass transports")
    logins = select_owners(settings, settings.enrich.budget if budget is None else budget, watched)
    kwargs = {"sleep": sleep} if sleep else {}
    github = GitHubClient(settings.github.api_url, token=os.environ.get("GITHUB_TOKEN"),
                          transport=transport_for(transports, "github_api"), **http_options(settings), **kwargs)
    ecosystems = ecosystems_client(settings, transport_for(transports, "ecosystems"), sleep)
    try:
        records = enrich_owners(settings, logins, github, ecosystems, skip_github=known_github_profiles(settings))
    finally:
        github.close()
        ecosystems.close()
    write_records(settings.raw_dir / "enrichment" / "owners.jsonl", records)
    frames = normalize_enrichment(records)
    counts = write_tables(settings.parquet_dir, PRODUCER, frames)
    owner_types = frames["owners"].group_by("owner_type").len().sort("owner_type", nulls_last=True)
    return {
        "selected": len(logins), **counts,
        "owner_types": {str(t): n for t, n in owner_types.iter_rows()},
        "requests": {"github": github.http.stats.requests, "ecosystems": ecosystems.http.stats.requests},
        "errors": [{k: r[k] for k in ("source", "subject", "reason")} for r in records if r["kind"] == "error"],
    }
