"""Watched packages (reverse lookup): who depends on ``pypi/fastapi``, from every source that knows.

For one watched package this asks three sources and keeps what each said as raw records:

- ecosyste.ms usage API (``wump.ecosystems``): every dependency edge with its manifest, requirement,
  type and repository; headline = the usage ``dependents_count``. Edges labelled ``ecosystems``.
- GitHub's dependents page (``wump.dependents``) of the package's source repository (from
  ``[sources.repositories]`` in wump.toml, else ecosyste.ms or Libraries.io metadata); headline =
  "N Repositories". Edges labelled ``github-dependents``.
- Libraries.io API (``wump.librariesio_api``): package metadata and dependent repositories;
  headline = ``dependent_repos_count``. Edges labelled ``librariesio-api``.

A source that is down yields an error record; the others still publish. ``normalize_reverse``
turns the records into the normalized tables, one edge per (source, repository, package,
manifest) with no duplicate keys; the warehouse merges the sources into one edge per
(repository, package) and computes ``source_counts`` from the headlines written here.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlparse

import httpx
import polars as pl
from tqdm import tqdm

from wump import dependents as dependents_mod
from wump import ecosystems as ecosystems_mod
from wump import librariesio_api as librariesio_mod
from wump.config import DEFAULT_URLS, Settings
from wump.dependents import DependentsClient
from wump.ecosystems import EcosystemsClient
from wump.github import now_iso
from wump.http import RequestFailed
from wump.identity import KNOWN_ECOSYSTEMS, normalize_name, purl_for
from wump.librariesio_api import LibrariesIOClient
from wump.normalize import frame, parse_time, write_tables
from wump.raw import read_records, safe_file_name, write_records
from wump.schema import NORMALIZED

log = logging.getLogger(__name__)

PRODUCER = "packages"
SOURCES = (ecosystems_mod.SOURCE, dependents_mod.SOURCE, librariesio_mod.SOURCE)
GITHUB_HOST = "github.com"
HOSTS = {"github": "github.com", "gitlab": "gitlab.com", "bitbucket": "bitbucket.org"}

# ecosyste.ms / Libraries.io dependency kinds → wump's dependency_type vocabulary.
KINDS = {
    "runtime": "runtime", "normal": "runtime", "dependencies": "runtime", "dependency": "runtime",
    "install": "runtime", "compile": "runtime", "required": "runtime", "requires": "runtime",
    "import": "runtime", "imports": "runtime", "depends": "runtime", "linkingto": "runtime", "main": "runtime",
    "development": "development", "dev": "development", "devdependencies": "development",
    "develop": "development", "dev-dependencies": "development", "suggests": "development",
    "test": "test", "tests": "test", "testing": "test",
    "build": "build", "build-dependencies": "build", "build_requires": "build", "tool_requires": "build",
    "optional": "optional", "optionaldependencies": "optional", "peer": "peer", "peerdependencies": "peer",
    "provided": "provided",
}
# When one source lists the package twice for one manifest, the strongest claim is kept.
_TYPE_RANK = {"runtime": 7, "peer": 6, "optional": 5, "provided": 4, "build": 3, "development": 2, "test": 1}
_ANY_REQUIREMENT = re.compile(r"^\s*(\*|latest|any|>=\s*0(\.0)*|)\s*$", re.IGNORECASE)


class SpecError(ValueError):
    pass


def parse_spec(spec: str) -> tuple[str, str]:
    """('pypi', 'fastapi') from 'pypi/fastapi'; the name normalized by its ecosystem's rules."""
    ecosystem, _, name = spec.strip().partition("/")
    ecosystem = ecosystem.lower()
    if not name or ecosystem not in KNOWN_ECOSYSTEMS:
        raise SpecError(f"{spec!r}: a watched package is ECOSYSTEM/NAME with a purl type, e.g. pypi/fastapi")
    return ecosystem, normalize_name(ecosystem, name)


def canonical_spec(spec: str) -> str:
    ecosystem, name = parse_spec(spec)
    return f"{ecosystem}/{name}"


def github_repository(url: str | None) -> str | None:
    """'owner/repo' from a GitHub URL in any of the usual spellings, else None."""
    if not url or not isinstance(url, str):
        return None
    text = url.strip()
    text = re.sub(r"^git\+", "", text)
    text = re.sub(r"^git@github\.com:", "https://github.com/", text)
    if text.startswith("github.com/"):
        text = "https://" + text
    parsed = urlparse(text)
    if not parsed.netloc.lower().endswith("github.com"):
        return None
    parts = [p for p in parsed.path.split("/") if p]
    if len(parts) < 2:
        return None
    repo = re.sub(r"\.git$", "", parts[1])
    return f"{parts[0]}/{repo}" if repo else None


# --- clients -------------------------------------------------------------------------------


@dataclass
class ReverseClients:
    ecosystems: EcosystemsClient
    dependents: DependentsClient
    librariesio: LibrariesIOClient | None

    @classmethod
    def build(cls, settings: Settings, transports: dict | httpx.BaseTransport | None = None,
              sleep: Callable[[float], None] | None = None) -> ReverseClients:
        """Clients for the three sources. ``transports`` is one transport for all, or a dict with
        keys ``ecosystems``, ``github_web``, ``librariesio`` (tests and local imitations)."""
        def transport(key: str) -> httpx.BaseTransport | None:
            if isinstance(transports, dict):
                return transports.get(key)
            return transports

        options = settings.extra.get("sources", {}) if isinstance(settings.extra, dict) else {}
        ecosystems = EcosystemsClient(
            settings.ecosystems_url, packages_base_url=ecosystems_mod.packages_url(settings),
            mailto=settings.mailto, transport=transport("ecosystems"), sleep=sleep,
            per_page=int(options.get("ecosystems_per_page", 1000)))
        dependents = DependentsClient(settings.github_web_url, transport=transport("github_web"), sleep=sleep,
                                      min_interval=float(options.get("dependents_interval", 1.0)))
        librariesio = None
        key = os.environ.get(librariesio_mod.KEY_ENV) or None
        # The public API requires a key; a local imitation or mirror is used with or without one.
        if key or settings.libraries_io_url.rstrip("/") != DEFAULT_URLS["libraries_io_url"]:
            librariesio = LibrariesIOClient(settings.libraries_io_url, api_key=key, transport=transport("librariesio"),
                                            sleep=sleep, min_interval=float(options.get("libraries_io_interval", 1.0)))
        return cls(ecosystems, dependents, librariesio)

    def close(self) -> None:
        self.ecosystems.close()
        self.dependents.close()
        if self.librariesio is not None:
            self.librariesio.close()

    def stats(self) -> dict[str, dict[str, int]]:
        clients = {"ecosystems": self.ecosystems.http, "github-dependents": self.dependents.http}
        if self.librariesio is not None:
            clients["librariesio-api"] = self.librariesio.http
        return {name: {"requests": c.stats.requests, "retries": c.stats.retries,
                       "rate_limit_waits": c.stats.rate_limit_waits} for name, c in clients.items()}


# --- fetching ------------------------------------------------------------------------------


def _guarded(source: str, subject: str, part: Callable[[], list[dict]]) -> list[dict]:
    """Run one source's part; anything unexpected becomes that source's error record, not a crash."""
    try:
        return part()
    except RequestFailed as exc:
        return [_error(source, subject, exc.reason)]
    except Exception as exc:
        log.exception("%s: %s failed", source, subject)
        return [_error(source, subject, f"unexpected {type(exc).__name__}: {librariesio_mod.scrub(str(exc))}")]


def _error(source: str, subject: str, reason: str) -> dict:
    return {"kind": "error", "fetched_at": now_iso(), "source": source, "subject": subject, "reason": reason}


def source_repository(settings: Settings, spec: str, records: Iterable[dict]) -> tuple[str | None, str | None]:
    """(owner/repo, how it was found): configuration first, then ecosyste.ms, then Libraries.io."""
    configured = (settings.extra.get("sources", {}) or {}).get("repositories", {}) if settings.extra else {}
    for key, value in (configured or {}).items():
        try:
            if canonical_spec(str(key)) == spec and value:
                return github_repository(str(value)) or str(value).strip("/"), "configuration"
        except SpecError:
            continue
    for kind, via in (("ecosystems_package", "ecosystems"), ("librariesio_project", "librariesio-api")):
        for record in records:
            if record["kind"] == kind:
                found = github_repository((record.get("body") or {}).get("repository_url"))
                if found:
                    return found, via
    return None, None


def fetch_watched_package(settings: Settings, spec: str, transports: dict | httpx.BaseTransport | None = None,
                          *, sleep: Callable[[float], None] | None = None,
                          clients: ReverseClients | None = None) -> list[dict]:
    """Raw records for one watched package ("pypi/fastapi") from all three sources.

    The caller writes them to ``raw/packages/{safe name}.jsonl``. Record kinds:
    ``librariesio_project``, ``librariesio_dependent_repositories``, ``ecosystems_package``,
    ``ecosystems_usage``, ``ecosystems_dependencies``, ``source_repository``,
    ``dependents_packages``, ``dependents_listing`` and ``error`` (with ``source``).
    """
    spec = canonical_spec(spec)
    ecosystem, name = parse_spec(spec)
    own = clients is None
    clients = clients or ReverseClients.build(settings, transports, sleep)
    cache_dir = settings.cache_dir
    records: list[dict] = []
    try:
        library: list[dict] = []
        if clients.librariesio is not None:
            library = _guarded(librariesio_mod.SOURCE, f"project {spec}",
                               lambda: librariesio_mod.fetch_project(clients.librariesio, spec, ecosystem, name))
        else:
            library = [_error(librariesio_mod.SOURCE, f"project {spec}",
                              f"not queried: {librariesio_mod.KEY_ENV} is not set")]
        records.extend(library)
        records.extend(_guarded(ecosystems_mod.SOURCE, f"usage {spec}", lambda: ecosystems_mod.fetch_ecosystems(
            clients.ecosystems, spec, ecosystem, name, cache_dir=cache_dir, purl=purl_for(ecosystem, name))))
        repository, via = source_repository(settings, spec, records)
        if repository:
            records.append({"kind": "source_repository", "fetched_at": now_iso(), "spec": spec,
                            "repository": repository, "via": via})
            records.extend(_guarded(dependents_mod.SOURCE, f"dependents {spec}", lambda: dependents_mod.fetch_dependents(
                clients.dependents, spec, ecosystem, name, repository, cache_dir=cache_dir)))
        else:
            records.append(_error(dependents_mod.SOURCE, f"dependents {spec}",
                                  f'no source repository known; set [sources.repositories] "{spec}" = "owner/repo" '
                                  "in wump.toml"))
        if clients.librariesio is not None:
            records.extend(_guarded(librariesio_mod.SOURCE, f"dependent_repositories {spec}",
                                    lambda: librariesio_mod.fetch_dependent_repositories(
                                        clients.librariesio, spec, ecosystem, name, cache_dir=cache_dir)))
    finally:
        if own:
            clients.close()
    return records


# --- normalizing ---------------------------------------------------------------------------


def host_of(url: str | None, default: str = GITHUB_HOST) -> str:
    netloc = urlparse(url).netloc.lower() if url else ""
    return netloc.removeprefix("www.") or default


def dependency_type(kind: str | None, optional: bool | None = None) -> str | None:
    mapped = KINDS.get((kind or "").strip().lower().replace(" ", ""))
    if optional and mapped in (None, "runtime"):
        return "optional"
    return mapped


def clean_requirement(value: object) -> str | None:
    """The requirement as written, or None when it says nothing ("*", "", ">= 0")."""
    if value is None:
        return None
    text = str(value).strip()
    return None if _ANY_REQUIREMENT.match(text) else text


class _Rows:
    """Rows of one normalized table keyed by its natural key; a repeated key merges into one row."""

    def __init__(self, table: str, better: Callable[[dict, dict], bool] | None = None):
        self.table = NORMALIZED[table]
        self.better = better
        self.rows: dict[tuple, dict] = {}

    def add(self, row: dict) -> None:
        key = tuple((row.get(k).lower() if k in ("full_name", "login") and row.get(k) else row.get(k))
                    for k in self.table.key)
        old = self.rows.get(key)
        if old is None:
            self.rows[key] = row
        elif self.better is not None:
            if self.better(row, old):
                self.rows[key] = row
        else:
            self.rows[key] = {**old, **{k: v for k, v in row.items() if v is not None}}

    def frame(self) -> pl.DataFrame:
        return frame(self.table, self.rows.values())


def _stronger_edge(new: dict, old: dict) -> bool:
    def rank(row: dict) -> tuple:
        return (_TYPE_RANK.get(row.get("dependency_type") or "", 0), row.get("requirement") is not None,
                bool(row.get("direct")), -(row["detected_at"].timestamp() if row.get("detected_at") else 0))
    return rank(new) > rank(old)


def normalize_reverse(records: Iterable[dict]) -> dict[str, pl.DataFrame]:
    """Raw watched-package records → owners, repositories, packages, dependencies, errors frames.

    Source labels: ``ecosystems``, ``github-dependents``, ``librariesio-api``. Grain: dependencies
    per (source, host, repository, package, manifest path); repositories per (source, host,
    full_name); packages per (source, ecosystem, name) carrying the source's headline in
    ``dependent_repositories_count``; owners per (source, host, login) only where the source said
    the owner's type (the dependents page marks organization and user links).
    """
    owners, repositories, packages = _Rows("owners"), _Rows("repositories"), _Rows("packages")
    dependencies, errors = _Rows("dependencies", _stronger_edge), _Rows("errors")
    headlines: dict[tuple, int] = {}
    for record in records:
        kind = record.get("kind")
        fetched = parse_time(record.get("fetched_at"))
        spec = record.get("spec")
        ecosystem, name = parse_spec(spec) if spec else (None, None)
        if kind == "error":
            errors.add({"source": record.get("source", "packages"), "subject": record["subject"],
                        "reason": record["reason"], "detected_at": fetched})
        elif kind == "ecosystems_usage":
            count = (record.get("body") or {}).get("dependents_count")
            packages.add({"source": ecosystems_mod.SOURCE, "ecosystem": ecosystem, "name": name,
                          "purl": purl_for(ecosystem, name), "dependent_repositories_count": count})
        elif kind == "ecosystems_package":
            body = record.get("body") or {}
            packages.add({"source": ecosystems_mod.SOURCE, "ecosystem": ecosystem, "name": name,
                          "purl": purl_for(ecosystem, name), "description": body.get("description"),
                          "homepage_url": body.get("homepage"), "repository_url": body.get("repository_url"),
                          "latest_version": body.get("latest_release_number")})
        elif kind == "ecosystems_dependencies":
            for row in record.get("rows", []):
                _ecosystems_edge(row, ecosystem, name, fetched, repositories, dependencies)
        elif kind == "dependents_listing":
            _dependents_listing(record, ecosystem, name, fetched, owners, repositories, dependencies, errors)
            key = (ecosystem, name)
            if record.get("headline") is not None:
                headlines[key] = headlines.get(key, 0) + int(record["headline"])
            packages.add({"source": dependents_mod.SOURCE, "ecosystem": ecosystem, "name": name,
                          "purl": purl_for(ecosystem, name),
                          "repository_url": f"https://{GITHUB_HOST}/{record['repository']}"})
        elif kind == "librariesio_project":
            body = record.get("body") or {}
            packages.add({"source": librariesio_mod.SOURCE, "ecosystem": ecosystem, "name": name,
                          "purl": purl_for(ecosystem, name), "description": body.get("description"),
                          "homepage_url": body.get("homepage"), "repository_url": body.get("repository_url"),
                          "latest_version": body.get("latest_release_number"),
                          "dependent_repositories_count": body.get("dependent_repos_count")})
        elif kind == "librariesio_dependent_repositories":
            for row in record.get("rows", []):
                _librariesio_edge(row, ecosystem, name, fetched, repositories, dependencies)
    for (ecosystem, name), count in headlines.items():
        packages.add({"source": dependents_mod.SOURCE, "ecosystem": ecosystem, "name": name,
                      "dependent_repositories_count": count})
    return {"owners": owners.frame(), "repositories": repositories.frame(), "packages": packages.frame(),
            "dependencies": dependencies.frame(), "errors": errors.frame()}


def _ecosystems_edge(row: dict, ecosystem: str, name: str, fetched, repositories: _Rows, dependencies: _Rows) -> None:
    repo = row.get("repository") or {}
    full_name = repo.get("full_name")
    if not full_name or "/" not in full_name:
        return
    host = host_of(repo.get("html_url"))
    manifest = row.get("manifest") or {}
    lockfile = (manifest.get("kind") or "").lower() == "lockfile"
    requirement = clean_requirement(row.get("requirements"))
    direct = row.get("direct")
    dependencies.add({
        "source": ecosystems_mod.SOURCE, "host": host, "full_name": full_name, "ecosystem": ecosystem,
        "package": name, "manifest_path": manifest.get("filepath") or None,
        # A lockfile's "requirement" is the resolved version.
        "requirement": None if lockfile else requirement, "version": requirement if lockfile else None,
        "dependency_type": dependency_type(row.get("kind"), row.get("optional")),
        "direct": bool(direct) if direct is not None else (False if lockfile else None),
        "detected_at": parse_time(manifest.get("created_at")) or fetched,
    })
    repositories.add({
        "source": ecosystems_mod.SOURCE, "host": host, "owner": repo.get("owner") or full_name.split("/")[0],
        "full_name": full_name, "stars": repo.get("stargazers_count"), "is_fork": repo.get("fork"),
        "is_archived": repo.get("archived"), "primary_language": repo.get("language"),
        "default_branch": repo.get("default_branch"), "pushed_at": parse_time(repo.get("pushed_at")),
        "created_at": parse_time(repo.get("created_at")), "fetched_at": fetched,
    })


def _dependents_listing(record: dict, ecosystem: str, name: str, fetched, owners: _Rows, repositories: _Rows,
                        dependencies: _Rows, errors: _Rows) -> None:
    for row in record.get("rows", []):
        full_name, owner = row["full_name"], row["owner"]
        dependencies.add({"source": dependents_mod.SOURCE, "host": GITHUB_HOST, "full_name": full_name,
                          "ecosystem": ecosystem, "package": name, "detected_at": fetched})
        repositories.add({"source": dependents_mod.SOURCE, "host": GITHUB_HOST, "owner": owner,
                          "full_name": full_name, "stars": row.get("stars"), "fetched_at": fetched})
        if row.get("owner_type") in ("Organization", "User"):
            owners.add({"source": dependents_mod.SOURCE, "host": GITHUB_HOST, "login": owner,
                        "owner_type": row["owner_type"], "html_url": f"https://{GITHUB_HOST}/{owner}",
                        "fetched_at": fetched})
    headline, listed = record.get("headline"), record.get("listed", len(record.get("rows", [])))
    if record.get("complete") and headline is not None and listed < headline:
        errors.add({"source": dependents_mod.SOURCE,
                    "subject": f"dependents {record['spec']} via {record['repository']} ({record.get('package_name')})",
                    "reason": f"listed {listed} of the headline {headline}: GitHub ends the cursor chain near "
                              "2,000 rows and counts private dependents it never lists",
                    "detected_at": fetched})


def _librariesio_edge(row: dict, ecosystem: str, name: str, fetched, repositories: _Rows, dependencies: _Rows) -> None:
    full_name = row.get("full_name")
    if not full_name or "/" not in full_name or row.get("private"):
        return
    host = HOSTS.get((row.get("host_type") or "github").lower(), (row.get("host_type") or "").lower())
    dependencies.add({"source": librariesio_mod.SOURCE, "host": host, "full_name": full_name,
                      "ecosystem": ecosystem, "package": name, "detected_at": fetched})
    repositories.add({
        "source": librariesio_mod.SOURCE, "host": host, "owner": full_name.split("/")[0], "full_name": full_name,
        "stars": row.get("stargazers_count"), "is_fork": row.get("fork"), "is_archived": row.get("archived"),
        "primary_language": row.get("language"), "default_branch": row.get("default_branch"),
        "pushed_at": parse_time(row.get("pushed_at")), "created_at": parse_time(row.get("created_at")),
        "fetched_at": fetched,
    })


# --- steps (called by the Dagster assets and the CLI) -------------------------------------


def _interactive() -> bool:
    return sys.stderr.isatty()


def fetch_packages_step(settings: Settings, specs: Iterable[str] | None = None, *,
                        transports: dict | httpx.BaseTransport | None = None,
                        sleep: Callable[[float], None] | None = None) -> dict:
    """Fetch every watched package (or ``specs``, e.g. one Dagster partition) from ecosyste.ms,
    GitHub's dependents page and Libraries.io into ``raw/packages/{safe spec}.jsonl``.

    Source: the three reverse-lookup services. Grain: one raw file per watched package, replaced
    atomically. With ``specs=None`` (the whole watch list) files of packages no longer watched are
    removed. Returns counts by record kind, the errors, "listed N of headline M" per package and
    source, and request statistics per source.
    """
    full_run = specs is None
    wanted = [canonical_spec(s) for s in (settings.watch_packages if specs is None else specs)]
    folder = settings.raw_dir / "packages"
    clients = ReverseClients.build(settings, transports, sleep)
    kinds: dict[str, int] = {}
    errors: list[dict] = []
    listed: dict[str, dict] = {}
    try:
        for spec in tqdm(wanted, desc="watched packages", unit="package", disable=not _interactive()):
            records = fetch_watched_package(settings, spec, clients=clients)
            write_records(folder / f"{safe_file_name(spec)}.jsonl", records)
            for record in records:
                kinds[record["kind"]] = kinds.get(record["kind"], 0) + 1
                if record["kind"] == "error":
                    errors.append({k: record[k] for k in ("source", "subject", "reason")})
            listed[spec] = listing_summary(records)
            log.info("packages: %s: %d records; %s", spec, len(records), listed[spec])
    finally:
        clients.close()
    if full_run:
        keep = {f"{safe_file_name(s)}.jsonl" for s in wanted}
        for stale in folder.glob("*.jsonl"):
            if stale.name not in keep:
                stale.unlink()
    return {"packages": len(wanted), "records": kinds, "errors": errors, "listed": listed,
            "requests": clients.stats()}


def listing_summary(records: Iterable[dict]) -> dict[str, dict]:
    """Per source: how many dependents it listed beside its headline count."""
    summary: dict[str, dict] = {}
    for record in records:
        kind = record["kind"]
        if kind == "ecosystems_usage":
            summary.setdefault("ecosystems", {})["headline"] = (record.get("body") or {}).get("dependents_count")
        elif kind == "ecosystems_dependencies":
            entry = summary.setdefault("ecosystems", {})
            entry["edges"] = len(record["rows"])
            entry["repositories"] = len({r["repository"].get("full_name") for r in record["rows"]})
            entry["complete"] = record.get("complete")
        elif kind == "dependents_listing":
            entry = summary.setdefault("github-dependents", {"headline": 0, "repositories": 0, "complete": True})
            entry["headline"] += record.get("headline") or 0
            entry["repositories"] += record.get("listed", 0)
            entry["complete"] = entry["complete"] and bool(record.get("complete"))
        elif kind == "librariesio_project":
            summary.setdefault("librariesio-api", {})["headline"] = (record.get("body") or {}).get("dependent_repos_count")
        elif kind == "librariesio_dependent_repositories":
            entry = summary.setdefault("librariesio-api", {})
            entry["repositories"] = len(record["rows"])
            entry["complete"] = record.get("complete")
    return summary


def normalize_packages_step(settings: Settings) -> dict[str, int]:
    """Normalize ``raw/packages/*.jsonl`` into the producer ``packages`` Parquet files.

    Source: the raw watched-package records (all three sources). Grain: see ``normalize_reverse``
    — dependencies per (source, host, repository, package, manifest path), repositories per
    (source, host, full_name), packages per (source, ecosystem, name) with each source's headline.
    Returns row counts per table.
    """
    frames = normalize_reverse(read_records(settings.raw_dir / "packages"))
    return write_tables(settings.parquet_dir, PRODUCER, frames)


def enrich_owners_step(settings: Settings, budget: int | None = None, *,
                       transports: dict | httpx.BaseTransport | None = None,
                       sleep: Callable[[float], None] | None = None) -> dict:
    """Enrich repository owners through GitHub (/orgs, /users) and ecosyste.ms owners into the
    producer ``enrichment`` owners Parquet (and ``raw/enrichment/owners.jsonl``).

    Source: GitHub REST + ecosyste.ms owners API, cached under ``cache_dir/owners``. Grain: owners
    per (source, host, login), sources ``github`` and ``ecosystems``. Which owners: those of watched
    packages' dependents first, then the most-used owners across all normalized dependencies,
    ``budget`` at most (default ``[enrich] budget`` in wump.toml, else 500). Re-runs answer from
    the cache (``[enrich] max_age_seconds``, default a week). See ``wump.enrich``.
    """
    from wump import enrich

    return enrich.enrich_owners_step(settings, budget=budget, transports=transports, sleep=sleep)
