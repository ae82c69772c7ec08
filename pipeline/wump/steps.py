"""The pipeline's steps as plain functions of Settings: what each Dagster asset calls.

Each step reads the previous layer from disk and writes its own, so any step can be re-run alone
(from the CLI, a test, or Dagster) and gives the same result for the same input.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from wump import enrich, normalize, reverse, signals, verify, warehouse
from wump import publish as publish_module
from wump.config import Settings
from wump.demo import DEMO_SOURCES, demo_owners, demo_packages, demo_transport
from wump.http import ResponseCache
from wump.identity import canonical_spec
from wump.raw import prune_raw, read_records, read_records_file, safe_file_name, write_records
from wump.schema import PUBLISHED
from wump.sources.base import http_options
from wump.sources.github.client import GitHubClient
from wump.sources.github.crawl import GitHubCrawler
from wump.sources.github.normalize import normalize_github
from wump.sources.librariesio import dump as librariesio_dump

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StepResult:
    counts: dict[str, int]
    notes: dict[str, object]


def github_transport(settings: Settings) -> httpx.BaseTransport | None:
    """The bundled snapshot when nothing is configured, else the live network."""
    return demo_transport() if settings.use_demo else None


def github_owners(settings: Settings) -> tuple[str, ...]:
    """The owners to crawl: the watch list, or the demo's owners when nothing is configured."""
    return demo_owners() if settings.use_demo else settings.watch_orgs


def watched_packages(settings: Settings) -> tuple[str, ...]:
    """The packages to look up: the watch list, or the demo's packages when nothing is configured."""
    specs = demo_packages() if settings.use_demo else settings.watch_packages
    return tuple(dict.fromkeys(canonical_spec(s) for s in specs))


def github_raw_path(settings: Settings, login: str) -> Path:
    return settings.raw_dir / "github" / f"{safe_file_name(login.lower())}.jsonl"


def github_client(settings: Settings, transport: httpx.BaseTransport | None = None,
                  sleep: Callable[[float], None] | None = None) -> GitHubClient:
    """A client with the persistent ETag/blob cache under data/cache/ (demo and live kept apart)."""
    transport = transport or github_transport(settings)
    cache_name = "github-demo.sqlite" if settings.use_demo else "github.sqlite"
    return GitHubClient.from_environment(
        settings.github.api_url, transport=transport, cache=ResponseCache(settings.cache_dir / cache_name),
        sleep=sleep, concurrency=settings.github.concurrency, **http_options(settings),
    )


def fetch_github(settings: Settings, owners: Iterable[str] | None = None,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] | None = None) -> StepResult:
    """Crawl owners (default: every watched owner, or the demo's) into data/raw/github/{owner}.jsonl.

    Each owner's file is replaced only by a complete crawl, or by a partial one merged with the
    previous file (a crawl stopped by the rate limit keeps the earlier records of the
    repositories it did not reach). When a rate limit stops the crawl, the remaining owners are
    left as they were and reported; the next run resumes them.
    """
    owners = tuple(owners) if owners is not None else github_owners(settings)
    client = github_client(settings, transport, sleep)
    crawler = GitHubCrawler(client, concurrency=settings.github.concurrency)
    kinds: dict[str, int] = {}
    incomplete: list[str] = []
    stopped: list[str] = []
    lock = threading.Lock()

    def crawl(login: str) -> None:
        path = github_raw_path(settings, login)
        if stopped:  # the rate limit is spent: leave this owner's previous records for next time
            with lock:
                incomplete.append(login)
            return
        previous = list(read_records_file(path)) if path.exists() else []
        result = crawler.crawl_owner(login, previous)
        if result.records:
            write_records(path, result.records)
        with lock:
            if not result.complete:
                stopped.append(result.stopped_reason or "stopped")
                incomplete.append(login)
                log.warning("github: stopped at %s: %s; the next run resumes", login, result.stopped_reason)
            for record in result.records:
                kinds[record["kind"]] = kinds.get(record["kind"], 0) + 1
        log.info("github: %s: %d records", login, len(result.records))

    try:
        # Owners side by side too: an owner's profile and repository list are sequential requests.
        with ThreadPoolExecutor(max_workers=settings.github.concurrency, thread_name_prefix="github-owner") as pool:
            list(pool.map(crawl, owners))
    finally:
        crawler.close()
        client.close()
        if client.cache is not None:
            client.cache.close()
    stopped_reason = stopped[0] if stopped else None
    incomplete = [o for o in owners if o in set(incomplete)]
    stats = client.http.stats
    return StepResult(kinds, {"owners": len(owners), "requests": stats.requests, "counted_requests": stats.counted,
                              "not_modified": stats.not_modified, "retries": stats.retries,
                              "rate_limit_waits": stats.rate_limit_waits, "incomplete_owners": incomplete,
                              "stopped_reason": stopped_reason, "demo": settings.use_demo})


def fetch_packages(settings: Settings, specs: Iterable[str] | None = None) -> StepResult:
    """Who depends on each watched package, from ecosyste.ms, GitHub's dependents page and
    Libraries.io, into data/raw/packages/{spec}.jsonl (see wump.reverse)."""
    demo = {"transports": demo_transport(), "only": DEMO_SOURCES} if settings.use_demo else {}
    result = reverse.fetch_packages_step(settings, specs, watched=watched_packages(settings), **demo)
    return StepResult(result["records"], {"packages": result["packages"], "errors": len(result["errors"]),
                                          "listed": result["listed"], "requests": result["requests"]})


LIBRARIESIO_PRODUCER = librariesio_dump.PRODUCER


def dump_fingerprint(dump_dir: Path) -> str:
    """Names, sizes and modification times of the dump's CSVs: changes when the files do."""
    files = sorted(dump_dir.glob("*.csv"))
    return json.dumps([[f.name, f.stat().st_size, int(f.stat().st_mtime)] for f in files])


def import_librariesio(settings: Settings, dump_dir: Path | None = None, *, force: bool = False,
                       progress: bool = False) -> StepResult:
    """Import the Libraries.io Open Data dump (``WUMP_LIBRARIES_IO_DUMP`` or ``dump_dir``) into
    producer ``librariesio`` Parquet. Skipped when the same files were imported already; when no
    dump is configured, an earlier import's files are removed so they stop being published."""
    dump_dir = dump_dir or settings.librariesio.dump
    marker = settings.parquet_dir / f".{LIBRARIESIO_PRODUCER}.imported"
    if dump_dir is None:
        removed = [p for p in settings.parquet_dir.glob(f"*/{LIBRARIESIO_PRODUCER}.parquet")]
        for path in removed:
            path.unlink()
        marker.unlink(missing_ok=True)
        return StepResult({}, {"configured": False, "removed_files": len(removed)})
    fingerprint = dump_fingerprint(Path(dump_dir))
    if not force and marker.exists() and marker.read_text() == fingerprint:
        return StepResult(normalize.row_counts(settings.parquet_dir), {"configured": True, "skipped": "unchanged"})
    report = librariesio_dump.import_dump(Path(dump_dir), settings.parquet_dir, progress=progress)
    marker.write_text(fingerprint)
    return StepResult(report.tables, {"configured": True, "bad_rows": report.bad_rows, "seconds": round(report.seconds, 1),
                                      "summary": report.summary()})


def normalize_sources(settings: Settings) -> StepResult:
    """Every fetched source's raw records into its producer's normalized Parquet files."""
    prune_raw(settings.raw_dir / "github", {github_raw_path(settings, o).name for o in github_owners(settings)})
    prune_raw(settings.raw_dir / "packages", {reverse.raw_path(settings, s).name for s in watched_packages(settings)})
    frames = normalize_github(read_records(settings.raw_dir / "github"))
    normalize.write_tables(settings.parquet_dir, "github", frames)
    reverse.normalize_packages_step(settings)
    return StepResult(normalize.row_counts(settings.parquet_dir), {"preview": frames["dependencies"].head(10)})


def enrich_owners(settings: Settings) -> StepResult:
    """Owner types, websites and funding links for the owners that matter most (see wump.enrich),
    how the repositories listed without a word on it use the watched packages (see wump.verify),
    then the owners' sponsor-readiness signals (see wump.signals)."""
    demo = {"transports": demo_transport(), "watched": demo_packages()} if settings.use_demo else {}
    result = {**enrich.enrich_owners_step(settings, **demo), **verify.verify_step(settings, **demo),
              **signals.signals_step(settings)}
    return StepResult({k: v for k, v in result.items() if isinstance(v, int)},
                      {k: v for k, v in result.items() if not isinstance(v, int)})


def build_warehouse(settings: Settings) -> StepResult:
    counts = warehouse.build_warehouse(settings.parquet_dir, settings.warehouse_path)
    return StepResult(counts, {})


def publish(settings: Settings) -> StepResult:
    counts = publish_module.publish(settings.warehouse_path, settings.published_path, settings.inspect_path)
    return StepResult(counts, {"path": str(settings.published_path)})


# --- checks on the warehouse, run before publishing ------------------------------------------


def duplicate_keys(settings: Settings, table: str) -> int:
    """How many key values of a warehouse table occur more than once."""
    key = ", ".join(f'"{k}"' for k in PUBLISHED[table].key)
    with warehouse.open_read_only(settings.warehouse_path) as con:
        return con.execute(
            f'SELECT count(*) FROM (SELECT {key} FROM "{table}" GROUP BY {key} HAVING count(*) > 1)'
        ).fetchone()[0]


def row_count(settings: Settings, table: str) -> int:
    with warehouse.open_read_only(settings.warehouse_path) as con:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def dangling_dependencies(settings: Settings) -> dict[str, int]:
    """Dependencies whose repository or package does not exist."""
    with warehouse.open_read_only(settings.warehouse_path) as con:
        missing_repo, missing_package = con.execute(
            """
            SELECT count(*) FILTER (WHERE r.id IS NULL), count(*) FILTER (WHERE p.id IS NULL)
            FROM dependencies d
            LEFT JOIN repositories r ON r.id = d.repository_id
            LEFT JOIN packages p ON p.id = d.package_id
            """
        ).fetchone()
    return {"missing_repository": missing_repo, "missing_package": missing_package}
