"""DuckDB sessions as every step of a build opens them: memory-bounded, spilling to disk."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

# DuckDB's buffer limit (it spills beyond it). RSS runs up to ~1 GiB above it (SQLite's page
# caches, Arrow batches): import → publish peaked at 1,981 MiB with 1GB on 50 M dump rows, and passed
# 2 GiB with 2GB on 10 M (bench/librariesio_bench.py). WUMP_DUCKDB_MEMORY overrides it.
DEFAULT_MEMORY = "1GB"


def bounded(con: duckdb.DuckDBPyConnection, spill_dir: Path, memory_limit: str | None = None,
            threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """``con`` limited the way every DuckDB session of a build is: ``memory_limit`` (else
    WUMP_DUCKDB_MEMORY, else DEFAULT_MEMORY) and spilling to ``spill_dir`` beyond it. DuckDB's own
    default is 80% of RAM, which a Libraries.io-sized table takes at its word."""
    con.execute(f"SET memory_limit = '{memory_limit or os.environ.get('WUMP_DUCKDB_MEMORY', DEFAULT_MEMORY)}'")
    con.execute(f"SET temp_directory = '{spill_dir}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


_UNITS = {"bytes": 1, "B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40,
          "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}


def memory_limit_bytes(con: duckdb.DuckDBPyConnection) -> int:
    """The session's memory limit in bytes, as DuckDB reports it (e.g. ``953.6 MiB`` for ``1GB``).

    :param con: a session opened by :func:`bounded`.
    """
    amount, unit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0].split()
    return int(float(amount) * _UNITS[unit])
