"""The pipeline's steps as plain functions of Settings: what each Dagster asset calls.

Each step reads the previous layer from disk and writes its own, so any step can be re-run alone
(from the CLI, a test, or Dagster) and gives the same result for the same input.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb
import httpx

from wump import normalize, publish as publish_module, warehouse
from wump.config import Settings
from wump.demo import demo_owners, demo_transport
from wump.github import GitHubClient, crawl_owner
from wump.raw import read_records, safe_file_name, write_records
from wump.schema import PUBLISHED

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StepResult:
    counts: dict[str, int]
    notes: dict[str, object]


def github_transport(settings: Settings) -> httpx.BaseTransport | None:
    """The bundled snapshot when nothing is configured, else the live network."""
    return demo_transport() if settings.use_demo else None


def github_owners(settings: Settings) -> tuple[str, ...]:
    return demo_owners() if settings.use_demo else settings.watch_orgs


def fetch_github(settings: Settings, transport: httpx.BaseTransport | None = None) -> StepResult:
    """Crawl every watched owner (or the demo's) into data/raw/github/{owner}.jsonl."""
    transport = transport or github_transport(settings)
    client = GitHubClient.from_environment(settings.github_api_url, transport=transport)
    folder = settings.raw_dir / "github"
    owners = github_owners(settings)
    kinds: dict[str, int] = {}
    try:
        for login in owners:
            records = crawl_owner(client, login, concurrency=settings.concurrency)
            write_records(folder / f"{safe_file_name(login.lower())}.jsonl", records)
            for record in records:
                kinds[record["kind"]] = kinds.get(record["kind"], 0) + 1
            log.info("github: %s: %d records", login, len(records))
    finally:
        client.close()
    # Owners no longer watched drop out of the published data on the next build.
    wanted = {f"{safe_file_name(login.lower())}.jsonl" for login in owners}
    for stale in folder.glob("*.jsonl"):
        if stale.name not in wanted:
            stale.unlink()
    stats = client.http.stats
    return StepResult(kinds, {"owners": len(owners), "requests": stats.requests,
                              "not_modified": stats.not_modified, "retries": stats.retries,
                              "demo": settings.use_demo})


def normalize_github(settings: Settings) -> StepResult:
    frames = normalize.normalize_github(read_records(settings.raw_dir / "github"))
    counts = normalize.write_tables(settings.parquet_dir, "github", frames)
    return StepResult(counts, {"preview": frames["dependencies"].head(10)})


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
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(
            f'SELECT count(*) FROM (SELECT {key} FROM "{table}" GROUP BY {key} HAVING count(*) > 1)'
        ).fetchone()[0]


def row_count(settings: Settings, table: str) -> int:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def dangling_dependencies(settings: Settings) -> dict[str, int]:
    """Dependencies whose repository or package does not exist."""
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        missing_repo, missing_package = con.execute(
            """
            SELECT count(*) FILTER (WHERE r.id IS NULL), count(*) FILTER (WHERE p.id IS NULL)
            FROM dependencies d
            LEFT JOIN repositories r ON r.id = d.repository_id
            LEFT JOIN packages p ON p.id = d.package_id
            """
        ).fetchone()
    return {"missing_repository": missing_repo, "missing_package": missing_package}
