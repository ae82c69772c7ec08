"""Publish: the warehouse copied into a fresh SQLite file, then renamed over the served one.

The new file is built beside the old one and only ``os.replace``d into place once complete,
indexed and checked, so Datasette always serves either the last good database or the new one.
Rows are streamed from DuckDB as Arrow batches, sorted by each table's key, and inserted in one
transaction per table.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import duckdb

from wump.schema import PUBLISHED, Table

BATCH_ROWS = 100_000


class PublishError(RuntimeError):
    pass


def _copy_table(duck: duckdb.DuckDBPyConnection, lite: sqlite3.Connection, table: Table) -> int:
    columns = table.column_names
    select = ", ".join(
        f'CAST("{c.name}" AS INTEGER) AS "{c.name}"' if c.kind == "bool" else f'"{c.name}"' for c in table.columns
    )
    order = ", ".join(f'"{k}"' + (" DESC" if table.without_rowid and k in ("repositories", "stars") else "")
                      for k in table.key)
    reader = duck.sql(f'SELECT {select} FROM "{table.name}" ORDER BY {order}').to_arrow_reader(BATCH_ROWS)
    insert = f"INSERT INTO [{table.name}] ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})"
    count = 0
    for batch in reader:
        rows = zip(*(batch.column(i).to_pylist() for i in range(batch.num_columns)))
        lite.executemany(insert, rows)
        count += batch.num_rows
    return count


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


def publish(warehouse_path: Path, published_path: Path, inspect_path: Path | None = None) -> dict[str, int]:
    """Build the published SQLite database from the warehouse and atomically replace the old one."""
    published_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = published_path.with_name(f".{published_path.name}.building")
    tmp.unlink(missing_ok=True)
    duck = duckdb.connect(str(warehouse_path), read_only=True)
    lite = sqlite3.connect(tmp, isolation_level=None)
    try:
        # The file is rebuilt from scratch and only renamed into place when complete, so the
        # journal protects nothing a failed build would need.
        lite.execute("PRAGMA journal_mode = OFF")
        lite.execute("PRAGMA synchronous = OFF")
        lite.execute("PRAGMA page_size = 8192")
        counts: dict[str, int] = {}
        for table in PUBLISHED.values():
            lite.execute("BEGIN")
            statements = table.sqlite_ddl()
            lite.execute(statements[0])
            counts[table.name] = _copy_table(duck, lite, table)
            for statement in statements[1:]:
                lite.execute(statement)
            if table.fts:
                _add_full_text_search(lite, table)
            lite.execute("COMMIT")
        lite.execute("ANALYZE")
        problems = lite.execute("PRAGMA quick_check").fetchone()[0]
        if problems != "ok":
            raise PublishError(f"the new database failed SQLite's quick_check: {problems}")
        lite.close()
        if inspect_path is not None:
            data = inspect_data(tmp, published_path, counts)
            tmp_inspect = inspect_path.with_name(f".{inspect_path.name}.building")
            tmp_inspect.write_text(json.dumps(data, indent=2))
        os.replace(tmp, published_path)
        if inspect_path is not None:
            os.replace(tmp_inspect, inspect_path)
        return counts
    except BaseException:
        lite.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        duck.close()

