"""Publish: the warehouse copied into a fresh SQLite file, then renamed over the served one.

The new file is built beside the old one and only ``os.replace``d into place once complete,
indexed and checked, so Datasette always serves either the last good database or the new one.

Built for tens of millions of rows in bounded memory:

- rows stream from DuckDB (``memory_limit``, spilling to disk) as Arrow batches sorted by each
  table's key, so rowid tables append in id order and the ``WITHOUT ROWID`` ``package_users``
  is loaded already clustered for its lookup (no separate sort or index for the main query);
- batches are inserted by ADBC's SQLite driver (``adbc_ingest``, C binding from Arrow, about
  twice ``executemany``'s rate) when ``adbc-driver-sqlite`` is installed, else by ``executemany``;
  one transaction per table, journal off (a failed build is thrown away, never served);
- secondary indexes and FTS are built after the rows are in, with a large page cache and
  SQLite's multi-threaded sorter; ``ANALYZE`` samples (``analysis_limit``) instead of scanning.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from wump.schema import PUBLISHED, Table
from wump.warehouse import open_read_only

BATCH_ROWS = 100_000
# Page cache for index builds and FTS (KiB); SQLite's sorter sizes its runs from it.
CACHE_KIB = 256 * 1024


class PublishError(RuntimeError):
    pass


def _select(table: Table) -> str:
    select = ", ".join(
        f'CAST("{c.name}" AS INTEGER) AS "{c.name}"' if c.kind == "bool" else f'"{c.name}"' for c in table.columns
    )
    order = ", ".join(f'"{k}"' + (" DESC" if k in table.descending else "") for k in table.key)
    return f'SELECT {select} FROM "{table.name}" ORDER BY {order}'


def _copy_table(duck: duckdb.DuckDBPyConnection, lite: sqlite3.Connection, table: Table) -> int:
    """Rows by ``executemany`` (the fallback when ADBC is not installed)."""
    columns = table.column_names
    reader = duck.sql(_select(table)).to_arrow_reader(BATCH_ROWS)
    insert = f"INSERT INTO [{table.name}] ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})"
    count = 0
    for batch in reader:
        rows = zip(*(batch.column(i).to_pylist() for i in range(batch.num_columns)), strict=True)
        lite.executemany(insert, rows)
        count += batch.num_rows
    return count


def _adbc():
    try:
        import adbc_driver_sqlite.dbapi as adbc
    except ImportError:
        return None
    return adbc


def _ingest_all(duck: duckdb.DuckDBPyConnection, path: Path) -> dict[str, int]:
    """Every table's rows, by ADBC, into the already created (empty) tables of ``path``."""
    adbc = _adbc()
    counts: dict[str, int] = {}
    con = adbc.connect(str(path), autocommit=True)
    try:
        cur = con.cursor()
        for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{CACHE_KIB}"):
            cur.execute(f"PRAGMA {pragma}")
            cur.fetchall()
        for table in PUBLISHED.values():
            cur.execute("BEGIN")
            reader = duck.sql(_select(table)).to_arrow_reader(BATCH_ROWS)
            counts[table.name] = int(cur.adbc_ingest(table.name, reader, mode="append"))
            cur.execute("COMMIT")
        cur.close()
    finally:
        con.close()
    return counts


def _add_full_text_search(lite: sqlite3.Connection, table: Table) -> None:
    """An FTS5 index Datasette detects by name (``{table}_fts``, external content)."""
    columns = ", ".join(f"[{c}]" for c in table.fts)
    lite.execute(
        f"CREATE VIRTUAL TABLE [{table.name}_fts] USING FTS5 ({columns}, content=[{table.name}], content_rowid=[id])"
    )
    lite.execute(f"INSERT INTO [{table.name}_fts] ([{table.name}_fts]) VALUES ('rebuild')")


def inspect_data(built: Path, served: Path, counts: dict[str, int]) -> dict:
    """What ``datasette inspect`` says of ``built`` once it is served as ``served``, so
    ``datasette -i --inspect-file`` starts without counting rows of a large file."""
    from datasette.inspect import inspect_hash

    return {served.stem: {"hash": inspect_hash(built), "size": built.stat().st_size, "file": served.name,
                          "tables": {name: {"count": n} for name, n in counts.items()}}}


def publish(warehouse_path: Path, published_path: Path, inspect_path: Path | None = None,
            memory_limit: str | None = None, timings: dict[str, float] | None = None) -> dict[str, int]:
    """Build the published SQLite database from the warehouse and atomically replace the old one.

    ``timings``, when given, receives seconds per phase (rows, indexes, fts, analyze, check,
    check_and_inspect: the check and the inspect hash run together)."""
    timings = timings if timings is not None else {}
    published_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = published_path.with_name(f".{published_path.name}.building")
    tmp.unlink(missing_ok=True)
    lite = None
    duck = None
    try:
        if not warehouse_path.exists():
            raise FileNotFoundError(warehouse_path)
        duck = open_read_only(warehouse_path, memory_limit)
        lite = sqlite3.connect(tmp, isolation_level=None)
        # The file is rebuilt from scratch and only renamed into place when complete, so the
        # journal protects nothing a failed build would need.
        lite.execute("PRAGMA page_size = 8192")
        lite.execute("PRAGMA journal_mode = OFF")
        lite.execute("PRAGMA synchronous = OFF")
        lite.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        lite.execute("PRAGMA threads = 2")
        for table in PUBLISHED.values():
            lite.execute(table.sqlite_ddl()[0])
        started = time.perf_counter()
        if _adbc() is not None:
            lite.close()
            counts = _ingest_all(duck, tmp)
            lite = sqlite3.connect(tmp, isolation_level=None)
            for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{CACHE_KIB}", "threads = 2"):
                lite.execute(f"PRAGMA {pragma}")
        else:
            counts = {}
            for table in PUBLISHED.values():
                lite.execute("BEGIN")
                counts[table.name] = _copy_table(duck, lite, table)
                lite.execute("COMMIT")
        duck.close()
        duck = None
        timings["rows"] = time.perf_counter() - started
        started = time.perf_counter()
        lite.execute("BEGIN")
        for table in PUBLISHED.values():
            for statement in table.sqlite_ddl()[1:]:
                lite.execute(statement)
        lite.execute("COMMIT")
        timings["indexes"] = time.perf_counter() - started
        started = time.perf_counter()
        lite.execute("BEGIN")
        for table in PUBLISHED.values():
            if table.fts:
                _add_full_text_search(lite, table)
        lite.execute("COMMIT")
        timings["fts"] = time.perf_counter() - started
        started = time.perf_counter()
        lite.execute("PRAGMA analysis_limit = 1000")
        lite.execute("ANALYZE")
        # With statistics on the facet table SQLite scans all of it into a Bloom filter before the
        # answer's few primary-key seeks (150 ms at 10 M rows instead of 2): leave it unanalyzed.
        lite.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'package_user_facets'")
        timings["analyze"] = time.perf_counter() - started
        # The finished file is only read from here on: SQLite's quick_check and the inspect file's
        # hash (both release the GIL) run side by side, one core each: at 50 M rows they took 41 s and
        # 19 s one after the other.
        with ThreadPoolExecutor(max_workers=1) as pool:
            started = time.perf_counter()
            inspected = pool.submit(inspect_data, tmp, published_path, counts) if inspect_path else None
            problems = lite.execute("PRAGMA quick_check").fetchone()[0]
            timings["check"] = time.perf_counter() - started
            data = inspected.result() if inspected else None
            timings["check_and_inspect"] = time.perf_counter() - started
        if problems != "ok":
            raise PublishError(f"the new database failed SQLite's quick_check: {problems}")
        lite.close()
        lite = None
        if inspect_path is not None:
            tmp_inspect = inspect_path.with_name(f".{inspect_path.name}.building")
            tmp_inspect.write_text(json.dumps(data, indent=2))
        os.replace(tmp, published_path)
        if inspect_path is not None:
            os.replace(tmp_inspect, inspect_path)
        return counts
    except BaseException:
        if lite is not None:
            lite.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if duck is not None:
            duck.close()
