"""Raw records → typed Polars frames → Parquet, one folder per normalized table.

Grain of each table is declared in ``wump.schema``. Each producer (github, librariesio,
ecosystems, ...) writes its own file in each table's folder, so re-running one source replaces
exactly its rows and nothing else.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from wump.identity_frames import purls
from wump.schema import NORMALIZED, Table


def parse_time(value: str | None) -> datetime | None:
    """GitHub's ISO 8601 timestamps (``2024-01-02T03:04:05Z``) as naive UTC datetimes."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)


def frame(table: Table, rows: Iterable[dict]) -> pl.DataFrame:
    """A frame of exactly ``table``'s columns and types from dict rows (missing keys are null)."""
    rows = list(rows)
    if not rows:
        return table.empty_frame()
    return table.conform(pl.DataFrame(rows, schema_overrides=table.polars_schema(), strict=False,
                                      infer_schema_length=None))


def write_parquet(frame_: pl.DataFrame, path: Path) -> None:
    """Write atomically: readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        frame_.write_parquet(tmp, compression="zstd", statistics=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def table_path(parquet_dir: Path, table: str, producer: str) -> Path:
    return parquet_dir / table / f"{producer}.parquet"


def with_referenced_packages(packages: pl.DataFrame | None, dependencies: pl.DataFrame, source: str) -> pl.DataFrame:
    """The producer's package rows plus a bare row for every package its edges name, with purls.

    Every package the warehouse sees therefore has a purl equal to ``purl_for``'s (the one
    implementation of purl rules), once per distinct package rather than per edge, vectorized by
    ``identity_frames.purls`` (millions of packages take seconds, not minutes).
    """
    referenced = dependencies.select("ecosystem", pl.col("package").alias("name")).unique()
    table = NORMALIZED["packages"]
    known = table.conform(packages) if packages is not None else table.empty_frame()
    extra = referenced.join(known.select("ecosystem", "name"), on=["ecosystem", "name"], how="anti")
    merged = pl.concat([known, table.conform(extra.with_columns(pl.lit(source).alias("source")))])
    missing = merged.filter(pl.col("purl").is_null())
    # Vectorized: plain names by string concatenation, the rest by purl_for, each provably equal.
    filled = missing.with_columns(purls(missing))
    return pl.concat([merged.filter(pl.col("purl").is_not_null()), filled]).sort("ecosystem", "name")


def write_tables(parquet_dir: Path, producer: str, frames: dict[str, pl.DataFrame]) -> dict[str, int]:
    """Write one producer's frames (conformed to the schema); returns row counts per table.

    Packages referenced by the producer's edges are always present in its packages table.
    """
    if "dependencies" in frames:
        frames = {**frames,
                  "dependencies": keep_first_seen(parquet_dir, producer, frames["dependencies"]),
                  "packages": with_referenced_packages(frames.get("packages"), frames["dependencies"], producer)}
    counts = {}
    for name, data in frames.items():
        table = NORMALIZED[name]
        data = table.conform(data).unique(subset=list(table.key), keep="first", maintain_order=True)
        write_parquet(data, table_path(parquet_dir, name, producer))
        counts[name] = data.height
    return counts


EDGE_KEY = ["source", "host", "full_name", "ecosystem", "package"]


def keep_first_seen(parquet_dir: Path, producer: str, dependencies: pl.DataFrame) -> pl.DataFrame:
    """Edges keep the date they were first seen across re-fetches (adoption history).

    A re-read repository's records carry the new fetch time; a ledger per producer
    (``parquet/first_seen/{producer}.parquet``, every edge ever seen with its earliest date) puts
    the original date back, and learns the new edges.
    """
    ledger_path = parquet_dir / "first_seen" / f"{producer}.parquet"
    seen = dependencies.group_by(EDGE_KEY).agg(pl.col("detected_at").min().alias("first_seen"))
    if ledger_path.exists():
        seen = pl.concat([pl.read_parquet(ledger_path), seen]).group_by(EDGE_KEY).agg(pl.col("first_seen").min())
    write_parquet(seen.sort(EDGE_KEY), ledger_path)
    return (dependencies.join(seen, on=EDGE_KEY, how="left", nulls_equal=True)
            .with_columns(pl.min_horizontal("detected_at", "first_seen").alias("detected_at"))
            .drop("first_seen"))


def table_files(parquet_dir: Path, table: str, *, exclude: str | None = None) -> list[str]:
    """Every producer's Parquet file of a normalized table, in name order (``exclude``: a producer
    whose own output must not feed what it computes)."""
    return sorted(str(p) for p in (parquet_dir / table).glob("*.parquet") if p.stem != exclude)


def row_counts(parquet_dir: Path) -> dict[str, int]:
    """Rows per normalized table over every producer's file (from Parquet metadata, no scan)."""
    return {name: sum(pq.ParquetFile(f).metadata.num_rows for f in (parquet_dir / name).glob("*.parquet"))
            for name in NORMALIZED}
