"""Watched packages (reverse lookup): who depends on ``pypi/fastapi``, from every source that knows.

A loop over ``wump.sources.registry.REVERSE_SOURCES``: for each watched package each source's
``fetch`` writes raw records (its own kinds, and ``error`` records with its name), later sources
seeing the repository URLs earlier ones found. ``normalize_reverse`` hands every record to the
source that wrote it. Nothing here knows any source by name.

A source that is down (its name does not resolve, connections are refused) is detected by its
HTTP client after a few failures, recorded once in ``errors`` with how many lookups were skipped,
and skipped for the rest of the run; for every package it did not answer this run, its records
from the previous raw file are kept, so the last good data is never replaced by nothing.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from tqdm import tqdm

from wump.config import Settings
from wump.identity import canonical_spec, parse_spec, purl_for
from wump.normalize import parse_time, write_tables
from wump.raw import error_record, prune_raw, read_records, read_records_file, safe_file_name, write_records
from wump.sources.base import PackageRequest, ReverseRows, ReverseSource, Transports
from wump.sources.registry import REVERSE_SOURCES
from wump.vocabulary import TYPE_STRENGTH

log = logging.getLogger(__name__)

PRODUCER = "packages"
SOURCES = tuple(source.name for source in REVERSE_SOURCES)
# Errors of the loop itself (not of one source).
LOOP_SOURCE = "packages"


@dataclass
class _Live:
    """One source's client for this run, and whether it went down."""

    source: ReverseSource
    client: object | None
    not_queried: str | None  # why the source is not asked at all (not configured)
    skipped: list[str] = field(default_factory=list)  # packages not looked up because it was down

    @property
    def down_reason(self) -> str | None:
        if self.client is None:
            return None
        return next((h.down_reason for h in self.source.http_clients(self.client) if h.down_reason), None)


class ReverseClients:
    """Every reverse source's client for one run (tests pass transports for local imitations)."""

    def __init__(self, settings: Settings, transports: Transports = None,
                 sleep: Callable[[float], None] | None = None, only: frozenset[str] | None = None):
        """:param only: the names of the sources to ask (the offline demo imitates only some);
        default every registered one."""
        self.live: list[_Live] = []
        for source in REVERSE_SOURCES:
            if only is not None and source.name not in only:
                continue
            client, reason = source.client(settings, transports, sleep)
            self.live.append(_Live(source, client, reason))

    def close(self) -> None:
        for live in self.live:
            if live.client is not None:
                live.source.close(live.client)

    def stats(self) -> dict[str, dict[str, int]]:
        stats = {}
        for live in self.live:
            if live.client is None:
                continue
            https = live.source.http_clients(live.client)
            stats[live.source.name] = {key: sum(getattr(h.stats, key) for h in https)
                                       for key in ("requests", "retries", "rate_limit_waits")}
            stats[live.source.name]["skipped"] = sum(h.skipped for h in https)
        return stats

    def down(self) -> list[dict]:
        """One error record per source that went down this run, with how many lookups it skipped."""
        return [error_record(live.source.name, "source down",
                             f"{live.down_reason}; skipped for the rest of the run ({len(live.skipped)} package "
                             f"lookup(s) skipped, their last good data kept)")
                for live in self.live if live.down_reason]


def fetch_watched_package(settings: Settings, spec: str, transports: Transports = None, *,
                          sleep: Callable[[float], None] | None = None,
                          clients: ReverseClients | None = None, previous: list[dict] | None = None) -> list[dict]:
    """Raw records for one watched package ("pypi/fastapi") from every reverse source.

    :param spec: ``ECOSYSTEM/NAME``.
    :param transports: one transport for all services or one per service key (tests).
    :param clients: the run's clients (the step shares them across packages); built when None.
    :param previous: the package's records from the last run; a source that is down this run
        contributes its previous records instead of none.
    """
    spec = canonical_spec(spec)
    ecosystem, name = parse_spec(spec)
    own = clients is None
    clients = clients or ReverseClients(settings, transports, sleep)
    request = PackageRequest(spec, ecosystem, name, purl_for(ecosystem, name), settings.cache_dir, settings)
    records: list[dict] = []
    try:
        for live in clients.live:
            source = live.source
            if live.client is None:
                records.append(source.error(f"lookup {spec}", live.not_queried or "not configured"))
                continue
            was_down = live.down_reason is not None
            fetched = [] if was_down else source.fetch(live.client, request)
            if was_down:
                live.skipped.append(spec)
            if not any(r["kind"] != "error" for r in fetched):
                # Nothing but failures (or not asked, being down): keep what the source said last
                # time, beside this run's reasons, so a bad day never empties a listing.
                fetched = [r for r in previous or [] if _belongs_to(r, source)] + fetched
            url = source.repository_url(fetched)
            if url:
                request.repository_urls.append((source.name, url))
            records.extend(fetched)
    finally:
        if own:
            clients.close()
    return records


def _belongs_to(record: dict, source: ReverseSource) -> bool:
    return record["kind"] in source.record_kinds or (record["kind"] == "error" and record.get("source") == source.name)


def _stronger_edge(new: dict, old: dict) -> bool:
    def rank(row: dict) -> tuple:
        return (TYPE_STRENGTH.get(row.get("dependency_type") or "", 0), row.get("requirement") is not None,
                bool(row.get("direct")), -(row["detected_at"].timestamp() if row.get("detected_at") else 0))
    return rank(new) > rank(old)


def normalize_reverse(records: Iterable[dict]) -> dict[str, pl.DataFrame]:
    """Raw watched-package records → owners, repositories, packages, dependencies, errors frames.

    Each record goes to the source whose kind it is (errors to the errors table). Grain:
    dependencies per (source, host, repository, package, manifest path); repositories per (source,
    host, full_name); packages per (source, ecosystem, name) carrying the source's headline in
    ``dependent_repositories_count``; owners per (source, host, login) where a source said the type.
    """
    rows = ReverseRows(_stronger_edge)
    by_kind = {kind: source for source in REVERSE_SOURCES for kind in source.record_kinds}
    per_source: dict[str, list[dict]] = {source.name: [] for source in REVERSE_SOURCES}
    for record in records:
        kind = record.get("kind")
        if kind == "error":
            rows.errors.add({"source": record.get("source", LOOP_SOURCE), "subject": record["subject"],
                             "reason": record["reason"], "detected_at": parse_time(record.get("fetched_at"))})
        elif kind in by_kind:
            by_kind[kind].normalize(record, rows)
            per_source[by_kind[kind].name].append(record)
    for source in REVERSE_SOURCES:
        source.finish(per_source[source.name], rows)
    return rows.frames()


def listing_summary(records: Iterable[dict]) -> dict[str, dict]:
    """Per source: how many dependents it listed beside its headline count."""
    records = list(records)
    summary = {}
    for source in REVERSE_SOURCES:
        entry = source.summary([r for r in records if r["kind"] in source.record_kinds])
        if entry is not None:
            summary[source.name] = entry
    return summary


def _interactive() -> bool:
    return sys.stderr.isatty()


def raw_path(settings: Settings, spec: str) -> Path:
    """The raw file of one watched package: ``raw/packages/{safe spec}.jsonl``."""
    return settings.raw_dir / "packages" / f"{safe_file_name(canonical_spec(spec))}.jsonl"


def fetch_packages_step(settings: Settings, specs: Iterable[str] | None = None, *,
                        transports: Transports = None, sleep: Callable[[float], None] | None = None,
                        watched: Iterable[str] | None = None, only: frozenset[str] | None = None) -> dict:
    """Fetch every watched package (or ``specs``, e.g. one Dagster partition) from every reverse
    source into ``raw/packages/{safe spec}.jsonl``.

    Grain: one raw file per watched package, replaced atomically. With ``specs=None`` (the whole
    watch list: ``watched``, default ``[watch] packages``) files of packages no longer watched are
    removed. ``only`` limits the sources asked (see ``ReverseClients``). Returns counts by record kind, the
    errors, "listed N of headline M" per package and source, and request statistics per source.
    """
    full_run = specs is None
    full_list = settings.watch_packages if watched is None else watched
    wanted = [canonical_spec(s) for s in (full_list if specs is None else specs)]
    folder = settings.raw_dir / "packages"
    clients = ReverseClients(settings, transports, sleep, only)
    kinds: dict[str, int] = {}
    errors: list[dict] = []
    listed: dict[str, dict] = {}
    try:
        for spec in tqdm(wanted, desc="watched packages", unit="package", disable=not _interactive()):
            path = raw_path(settings, spec)
            previous = [r for r in read_records_file(path) if r["kind"] != "error"] if path.exists() else []
            records = fetch_watched_package(settings, spec, clients=clients, previous=previous)
            write_records(path, records)
            for record in records:
                kinds[record["kind"]] = kinds.get(record["kind"], 0) + 1
                if record["kind"] == "error":
                    errors.append({k: record[k] for k in ("source", "subject", "reason")})
            listed[spec] = listing_summary(records)
            log.info("packages: %s: %d records; %s", spec, len(records), listed[spec])
        down = clients.down()
        # The run's own record of which sources were down: written beside the packages' files.
        write_records(folder / "sources-down.records", down)
        errors.extend({k: r[k] for k in ("source", "subject", "reason")} for r in down)
    finally:
        clients.close()
    if full_run:
        prune_raw(folder, {raw_path(settings, s).name for s in wanted})
    return {"packages": len(wanted), "records": kinds, "errors": errors, "listed": listed,
            "requests": clients.stats()}


def normalize_packages_step(settings: Settings) -> dict[str, int]:
    """Normalize ``raw/packages/*.jsonl`` (and the last run's source-down records) into the
    producer ``packages`` Parquet files. Returns row counts per table."""
    folder = settings.raw_dir / "packages"
    status = folder / "sources-down.records"
    down = list(read_records_file(status)) if status.exists() else []
    frames = normalize_reverse([*read_records(folder), *down])
    return write_tables(settings.parquet_dir, PRODUCER, frames)
