"""Sponsor-readiness signals: can an owner fund open source, does it already, does it fund you?

A loop over ``wump.sources.registry.SIGNAL_SOURCES`` (GitHub GraphQL, sponsors.ecosyste.ms, the
Open Source Pledge member list) for the owners owner enrichment chose (``[enrich] budget``,
watched packages' users first). Each answer is cached per (source, login) under
``cache/owners/`` for ``[enrich] max_age_seconds`` like enrichment's own, the maintainer's sponsor
list and the Pledge list for a day at most; a source that fails, is down or is not configured is
recorded in ``errors`` with the reason, its last good answers kept, and the others go on.

Writes ``raw/signals/signals.jsonl`` and producer ``signals``' owner_signals, pledge_members and
errors Parquet. The GitHub REST profile signals (website, verified, email, company) and
ecosyste.ms owners' (funding links, Sponsors listing) come from the owners table, in the warehouse.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace

import polars as pl

from wump.config import Settings
from wump.enrich import OwnerCache, select_owners
from wump.normalize import parse_time, write_tables
from wump.raw import write_records
from wump.sources.base import SignalRequest, SignalRows, Transports
from wump.sources.registry import SIGNAL_SOURCES

log = logging.getLogger(__name__)

PRODUCER = "signals"
# The maintainer's sponsors and the Pledge list change more often than an owner's profile.
DAILY = 86400.0


def normalize_signals(records: Iterable[dict]) -> dict[str, pl.DataFrame]:
    """Signal records → owner_signals (per source, host, login, signal), pledge_members (per
    domain) and errors frames; each record goes to the source that wrote it."""
    by_name = {source.name: source for source in SIGNAL_SOURCES}
    rows = SignalRows()
    for record in records:
        if record["kind"] == "error":
            rows.errors.add({"source": record["source"], "subject": record["subject"], "reason": record["reason"],
                             "detected_at": parse_time(record.get("fetched_at"))})
        elif record.get("source") in by_name:
            by_name[record["source"]].normalize(record, rows)
    return rows.frames()


def fetch_signals(settings: Settings, logins: list[str], maintainer: str | None, cache: OwnerCache,
                  transports: Transports = None, sleep: Callable[[float], None] | None = None) -> tuple[list[dict], dict]:
    """Every signal source's records for ``logins`` (and the maintainer), and requests per source."""
    request = SignalRequest(logins=logins, maintainer=maintainer, cache=cache,
                            maintainer_max_age=min(DAILY, cache.max_age), batch=settings.leads.graphql_batch)
    records: list[dict] = []
    requests: dict[str, int] = {}
    for source in SIGNAL_SOURCES:
        client, not_asked = source.client(settings, transports, sleep)
        if client is None:
            records.append(source.error("not asked", not_asked or "not configured"))
            continue
        try:
            records.extend(source.fetch(client, request))
        except Exception as exc:  # one source's surprise must not cost the others' signals
            log.exception("%s: signals failed", source.name)
            records.append(source.error("signals", f"unexpected {type(exc).__name__}: {exc}"))
        finally:
            https = source.http_clients(client)
            down = next((h.down_reason for h in https if h.down_reason), None)
            if down:
                records.append(source.error("source down", f"{down}; skipped for the rest of the run "
                                            f"({sum(h.skipped for h in https)} lookup(s) not sent, cached answers kept)"))
            requests[source.name] = sum(h.stats.requests for h in https)
            source.close(client)
    return records, requests


def signals_step(settings: Settings, logins: list[str] | None = None, *, transports: Transports = None,
                 sleep: Callable[[float], None] | None = None) -> dict:
    """Fetch and normalize the signals of the owners that matter (default: enrichment's choice).

    In the offline demo (nothing configured, no transports given) the demo's snapshot answers
    and the demo's own maintainer asks; live answers and the demo's are cached apart.
    """
    maintainer = settings.leads.maintainer_github
    folder = settings.cache_dir / "owners"
    if settings.use_demo and transports is None:
        from wump.demo import demo_signal_transports
        from wump.demo.leads import DEMO_MAINTAINER, DEMO_PLEDGE_URL

        transports, maintainer, folder = demo_signal_transports(), DEMO_MAINTAINER, settings.cache_dir / "owners-demo"
        settings = replace(settings, leads=replace(settings.leads, pledge_url=DEMO_PLEDGE_URL))
    if logins is None:
        logins = select_owners(settings, settings.enrich.budget)
    cache = OwnerCache(folder, settings.enrich.max_age_seconds)
    records, requests = fetch_signals(settings, logins, maintainer, cache, transports, sleep)
    write_records(settings.raw_dir / "signals" / f"{PRODUCER}.jsonl", records)
    frames = normalize_signals(records)
    counts = write_tables(settings.parquet_dir, PRODUCER, frames)
    return {"signal_owners": len(logins), **{f"signals_{k}": v for k, v in counts.items()}, "requests": requests,
            "signal_errors": [{k: r[k] for k in ("source", "subject", "reason")} for r in records
                              if r["kind"] == "error"]}
