"""Publish: the warehouse copied into a fresh SQLite file, then renamed over the served one.

The new file is built beside the old one and only ``os.replace``d into place once complete,
indexed and checked, so Datasette always serves either the last good database or the new one.

Built for tens of millions of rows in bounded memory:

- rows stream from DuckDB (``memory_limit``, spilling to disk) as Arrow batches sorted by each
  table's key, so rowid tables append in id order and the ``WITHOUT ROWID`` ``package_users``
  is loaded already clustered for its lookup (no separate sort or index for the main query);
- batches are inserted by ADBC's SQLite driver (``adbc_ingest``, C binding from Arrow, about
  twice ``executemany``'s rate); one transaction per table, journal off (a failed build is thrown
  away, never served);
- each table's secondary indexes are built right after its rows (creating them before the load
  measured no faster: SQLite pays about the same per index entry either way), while DuckDB sorts
  the next table and converts it to Arrow (``_SortedAhead``);
- two SQLite writers at once, one per file (``SIDE_TABLES`` go to a second file), the second
  file's tables then copied in by SQLite's transfer optimization, which appends their records and
  index entries without decoding or sorting them (``_load_in_two_files``);
- SQLite's quick_check of the finished file, beside the inspect hash; for a file that will outgrow
  the page cache, of each table right after it is written instead, while its pages are still in
  memory (``_outgrows_memory``);
- FTS after all rows; ``ANALYZE`` samples (``analysis_limit``) instead of scanning.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Full, Queue

import duckdb
import pyarrow as pa

from wump.schema import PUBLISHED, Table
from wump.warehouse import built_at, open_read_only

# The tables whose rows are copied; views (schema ``view``) are created over them afterwards.
STORED = [table for table in PUBLISHED.values() if table.view is None]
VIEWS = [table for table in PUBLISHED.values() if table.view is not None]

BATCH_ROWS = 100_000
# Arrow batches DuckDB may have ready before SQLite takes them (~20 MB each for package_users).
AHEAD_BATCHES = 4
# Page cache of each of the two writing connections (KiB); SQLite's sorter sizes its runs from it.
# 64 MiB built the indexes as fast as 256 MiB did (2 M rows), and two connections at 256 MiB took
# the build past 2 GiB of RSS at 10 M rows.
CACHE_KIB = 64 * 1024
# The inserting (ADBC) connection of each lane appends rows in key order: it needs few pages, and
# at 64 MiB the four caches took the 10 M publish past 2 GiB of RSS (2,085 and 2,133 MiB).
APPEND_CACHE_KIB = 8 * 1024
PAGE_SIZE = 8192
# Written into a second file by a second SQLite writer, beside the rest, then copied in (see
# ``_load_in_two_files``): a large part of the work whose copy stays cheap. 10 M dump rows: this
# file built in 56 s, the other (package_users above all) in 71 s, and the copy took 14 s.
SIDE_TABLES = ("dependencies", "package_user_activity", "repositories")


class PublishError(RuntimeError):
    pass


def _select(table: Table) -> str:
    select = ", ".join(
        f'CAST("{c.name}" AS INTEGER) AS "{c.name}"' if c.kind == "bool" else f'"{c.name}"' for c in table.columns
    )
    order = ", ".join(f'"{k}"' + (" DESC" if k in table.descending else "") for k in table.key)
    return f'SELECT {select} FROM "{table.name}" ORDER BY {order}'


class _SortedAhead:
    """Each table's rows as DuckDB sorts them, produced ahead of SQLite in a background thread.

    SQLite's work (inserting rows, building indexes) runs on one core and DuckDB's on the other:
    the thread sorts a table and converts its rows to Arrow batches, up to ``AHEAD_BATCHES`` ahead
    of the inserts, then sorts the next table while SQLite inserts the last batches and builds the
    indexes; both engines release the GIL. Memory stays bounded: a few batches, and DuckDB's limit
    (it spills a sort beyond it)."""

    _END = object()

    def __init__(self, duck: duckdb.DuckDBPyConnection, tables: list[Table], abort: threading.Event):
        self._queue: Queue = Queue(maxsize=AHEAD_BATCHES)
        self._stop = threading.Event()
        self._abort = abort
        self._thread = threading.Thread(target=self._produce, args=(duck, tables), daemon=True)
        self._thread.start()

    def _put(self, item) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except Full:
                pass
        raise _Stopped

    def _produce(self, duck: duckdb.DuckDBPyConnection, tables: list[Table]) -> None:
        try:
            for table in tables:
                with duck.cursor() as cursor:
                    reader = cursor.sql(_select(table)).to_arrow_reader(BATCH_ROWS)
                    self._put((table, reader.schema))
                    for batch in reader:
                        self._put(batch)
                self._put(self._END)
            self._put(None)
        except _Stopped:
            pass
        except BaseException as exc:  # handed to the loading thread, raised there
            self._put(exc)

    def _get(self):
        item = self._queue.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def __iter__(self) -> Iterator[tuple[Table, pa.RecordBatchReader]]:
        while (item := self._get()) is not None:
            table, schema = item

            def batches() -> Iterator[pa.RecordBatch]:
                while (batch := self._get()) is not self._END:
                    if self._abort.is_set():  # the other lane failed: stop inserting now
                        raise _Stopped
                    yield batch

            yield table, pa.RecordBatchReader.from_batches(schema, batches())

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class _Stopped(Exception):
    """The loading side gave up (an error): the producing thread stops."""


def _fast_writes(execute, cache_kib: int = CACHE_KIB) -> None:
    """Pragmas of every connection writing the new file: it is rebuilt from scratch and only
    renamed into place when complete, so the journal protects nothing a failed build would need."""
    for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{cache_kib}", "threads = 2"):
        execute(f"PRAGMA {pragma}")


# The published file is about this many times the warehouse file (10 M and 50 M dump rows: 7.8
# and 7.7); when that exceeds this share of the machine's memory, the page cache cannot hold it.
PUBLISHED_PER_WAREHOUSE_BYTE = 8
CACHED_SHARE = 0.5


def _outgrows_memory(warehouse_path: Path) -> bool:
    """Whether the file built from ``warehouse_path`` will be too large to stay in the page cache:
    then a check of the finished file reads it back from disk (50 M dump rows, 34 GB on 24 GiB:
    216 to 410 s, against 32 s for the inspect hash's one sequential read), so each table is
    checked as it is written instead, while its pages are still in memory."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return warehouse_path.stat().st_size * PUBLISHED_PER_WAREHOUSE_BYTE > memory * CACHED_SHARE


def _quick_check(lite: sqlite3.Connection, table: str | None, file: Path) -> None:
    """SQLite's quick_check of one table and its indexes (``table``), or of the whole file (None)."""
    problems = [row[0] for row in lite.execute(f"PRAGMA quick_check([{table}])" if table else "PRAGMA quick_check")]
    if problems != ["ok"]:
        what = f"table {table}" if table else "the new database"
        raise PublishError(f"{file.name}: {what} failed SQLite's quick_check: {'; '.join(problems[:5])}")


class _Lanes:
    """What the two loading lanes share: the first failure, and the signal it sends the other lane."""

    def __init__(self) -> None:
        self.abort = threading.Event()
        self.failures: list[BaseException] = []
        self._lock = threading.Lock()

    def fail(self, exc: BaseException) -> None:
        with self._lock:
            if not self.abort.is_set():  # the other lane's error, once stopped, is only a consequence
                self.failures.append(exc)
                self.abort.set()


def _load_and_index(duck: duckdb.DuckDBPyConnection, path: Path, tables: list[Table], timings: dict[str, float],
                    lanes: _Lanes, check: bool) -> dict[str, int]:
    """``tables``' rows, by ADBC, into their already created (empty) tables in ``path``, each
    table's indexes built right after its rows (by ``sqlite3``, which releases the GIL, while DuckDB
    sorts the next table), then (``check``) the table checked. Stops at the next batch once the
    other lane failed."""
    import adbc_driver_sqlite.dbapi as adbc

    abort = lanes.abort
    counts: dict[str, int] = {}
    bulk = adbc.connect(str(path), autocommit=True)
    cur = bulk.cursor()
    lite = sqlite3.connect(path, isolation_level=None)
    sorted_ahead = _SortedAhead(duck, tables, abort)
    try:
        def execute(sql: str) -> None:
            cur.execute(sql)
            cur.fetchall()

        _fast_writes(execute, APPEND_CACHE_KIB)
        _fast_writes(lite.execute)
        started = time.perf_counter()
        for table, reader in sorted_ahead:
            cur.execute("BEGIN")
            counts[table.name] = int(cur.adbc_ingest(table.name, reader, mode="append"))
            cur.execute("COMMIT")
            loaded = time.perf_counter()
            timings[f"rows.{table.name}"] = loaded - started
            indexes = table.sqlite_ddl()[1:]
            if indexes:
                lite.execute("BEGIN")
                for statement in indexes:
                    if abort.is_set():
                        raise _Stopped
                    lite.execute(statement)
                lite.execute("COMMIT")
            indexed = time.perf_counter()
            timings[f"indexes.{table.name}"] = indexed - loaded
            if abort.is_set():
                raise _Stopped
            if check:
                _quick_check(lite, table.name, path)
                timings[f"check.{table.name}"] = time.perf_counter() - indexed
            started = time.perf_counter()
    except BaseException as exc:
        lanes.fail(exc)
        raise
    finally:
        sorted_ahead.close()
        lite.close()
        cur.close()  # before its connection, which refuses to close with a statement open
        bulk.close()
    return counts


def _load_in_two_files(duck: duckdb.DuckDBPyConnection, path: Path, timings: dict[str, float],
                       check_early: bool) -> dict[str, int]:
    """Every stored table into ``path``: two SQLite writers at once, one per file (a file has one
    writer, and SQLite's work is most of the publish), then the second file's tables copied into
    ``path`` by SQLite's transfer optimization: ``INSERT INTO t SELECT * FROM side.t`` into an empty
    twin with the same indexes appends the records and index entries as they are, with no sort
    (10 M dump rows: the side tables build in 56 s, copy in 14 s). ``check_early``: the tables
    written into ``path`` are checked as they are written."""
    side_path = path.with_name(path.name + ".side")
    side_path.unlink(missing_ok=True)
    lanes = {path: [t for t in STORED if t.name not in SIDE_TABLES],
             side_path: [t for t in STORED if t.name in SIDE_TABLES]}
    for file, statements in ((path, [t.sqlite_ddl() if t.name in SIDE_TABLES else t.sqlite_ddl()[:1] for t in STORED]),
                             (side_path, [t.sqlite_ddl()[:1] for t in lanes[side_path]])):
        # ``path`` holds every table, the copied ones with their indexes already (empty until copied in).
        lite = sqlite3.connect(file, isolation_level=None)
        lite.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        for statement in (s for table in statements for s in table):
            lite.execute(statement)
        lite.close()
    shared = _Lanes()
    counts: dict[str, int] = {}
    lane_timings: list[dict[str, float]] = [{}, {}]
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            # The side file's tables are checked once copied into ``path`` (see ``publish``).
            running = [pool.submit(_load_and_index, duck.cursor(), lane_path, tables, lane_timing, shared,
                                   check_early and lane_path == path)
                       for (lane_path, tables), lane_timing in zip(lanes.items(), lane_timings, strict=True)]
            for lane in running:  # both are waited for (the pool's exit), each result taken once it is done
                if lane.exception() is None:
                    counts.update(lane.result())
        timings["lanes"] = time.perf_counter() - started
        for lane_timing in lane_timings:
            timings.update(lane_timing)
        if shared.failures:
            raise shared.failures[0]
        started = time.perf_counter()
        lite = sqlite3.connect(path, isolation_level=None)
        try:
            _fast_writes(lite.execute)
            lite.execute("ATTACH DATABASE ? AS side", (str(side_path),))
            lite.execute("BEGIN")
            for table in lanes[side_path]:
                lite.execute(f"INSERT INTO main.[{table.name}] SELECT * FROM side.[{table.name}]")
            lite.execute("COMMIT")
            lite.execute("DETACH DATABASE side")
        finally:
            lite.close()
        timings["merge"] = time.perf_counter() - started
    finally:
        side_path.unlink(missing_ok=True)
    for kind in ("rows", "indexes"):
        timings[kind] = sum(v for k, v in timings.items() if k.startswith(kind + "."))
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

    ``timings``, when given, receives seconds per phase (rows, indexes, check: SQLite's quick_check of
    each table, fts, analyze, check_and_inspect: the last checks beside the inspect file's hash), and
    per table (``rows.T``, ``indexes.T``, ``check.T``)."""
    timings = timings if timings is not None else {}
    published_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = published_path.with_name(f".{published_path.name}.building")
    tmp.unlink(missing_ok=True)
    lite = None
    duck = None
    try:
        if not warehouse_path.exists():
            raise FileNotFoundError(warehouse_path)
        # One DuckDB thread: it sorts ahead beside SQLite's one, instead of taking both cores from it
        # (2 M rows, back to back: 16.9 and 17.7 s against 18.1 and 19.7 s with two).
        duck = open_read_only(warehouse_path, memory_limit, threads=1)
        check_early = _outgrows_memory(warehouse_path)
        counts = _load_in_two_files(duck, tmp, timings, check_early)
        build_time = built_at(duck)
        view_counts = {view.name: duck.execute(f'SELECT count(*) FROM "{view.name}"').fetchone()[0] for view in VIEWS}
        duck.close()
        duck = None
        lite = sqlite3.connect(tmp, isolation_level=None)
        _fast_writes(lite.execute)
        started = time.perf_counter()
        lite.execute("BEGIN")
        for view in VIEWS:
            lite.execute(view.view_ddl(build_time))
        for table in STORED:
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
        # hash (both release the GIL) run side by side, one core each. With ``check_early`` the main
        # lane's tables were checked as they were written; the rest (the tables copied in, just
        # written and so still in memory, the full-text index, statistics, schema) are checked now.
        checked = {table.name for table in STORED if table.name not in SIDE_TABLES} if check_early else set()
        with ThreadPoolExecutor(max_workers=1) as pool:
            started = time.perf_counter()
            inspected = pool.submit(inspect_data, tmp, published_path, counts) if inspect_path else None
            if check_early:
                for (name,) in lite.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").fetchall():
                    if name not in checked:
                        _quick_check(lite, name, tmp)
            else:
                _quick_check(lite, None, tmp)
            timings["check.rest"] = time.perf_counter() - started
            data = inspected.result() if inspected else None
            timings["check_and_inspect"] = time.perf_counter() - started
        timings["check"] = sum(v for k, v in timings.items() if k.startswith("check."))
        lite.close()
        lite = None
        if inspect_path is not None:
            tmp_inspect = inspect_path.with_name(f".{inspect_path.name}.building")
            tmp_inspect.write_text(json.dumps(data, indent=2))
        os.replace(tmp, published_path)
        if inspect_path is not None:
            os.replace(tmp_inspect, inspect_path)
        return {**counts, **view_counts}
    except BaseException:
        if lite is not None:
            lite.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if duck is not None:
            duck.close()
