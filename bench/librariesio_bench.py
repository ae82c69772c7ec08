"""Benchmark: Libraries.io dump → published SQLite, wump's pipeline against the bare floor.

For each size (repository_dependencies rows) it generates (or reuses) synthetic data with
``librariesio_gen``, then in child processes (wall time and peak RSS from ``os.wait4``):

- wump: ``librariesio_dump.import_dump`` → ``warehouse.build_warehouse`` → ``publish.publish``
  (with the Datasette inspect file), each phase timed;
- the floor: ``librariesio_floor.build``, one bare DuckDB script to the same tables;

and the latency of the API's default answer (``wump.answers.users_query``, top 50) for the most
used package and for a median package, from the published file (p50/p99 over many runs).

    .venv/bin/python bench/librariesio_bench.py [--sizes 1000000,10000000] [--memory 1GB]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "pipeline"))

import librariesio_gen  # noqa: E402

DEFAULT_SIZES = (1_000_000, 10_000_000)
# Both pipelines run under the same DuckDB limit unless --floor-memory says otherwise.
MEMORY = "1GB"  # wump at 1GB peaked at 1,826 MiB RSS on 50 M rows; at 2GB it passed 2 GiB on 10 M

_WUMP = """
import json, sys, time
from pathlib import Path
from wump import publish, warehouse
from wump.sources.librariesio import dump as librariesio_dump
dump, work, memory = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
t = {}
s = time.perf_counter()
report = librariesio_dump.import_dump(dump, work / "parquet", memory_limit=memory, threads=2)
t["import"] = time.perf_counter() - s
s = time.perf_counter()
counts = warehouse.build_warehouse(work / "parquet", work / "warehouse.duckdb", memory_limit=memory)
t["warehouse"] = time.perf_counter() - s
s = time.perf_counter()
phases = {}
publish.publish(work / "warehouse.duckdb", work / "published" / "wump.db", work / "published" / "inspect.json",
                memory_limit=memory, timings=phases)
t["publish"] = time.perf_counter() - s
Path(sys.argv[4]).write_text(json.dumps({"phases": t, "publish_phases": phases, "counts": counts,
                                         "bad_rows": report.bad_rows}))
"""

_FLOOR = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[4])
import librariesio_floor
Path(sys.argv[5]).write_text(json.dumps(librariesio_floor.build(Path(sys.argv[1]), Path(sys.argv[2]) / "floor.db",
                                                             sys.argv[3])))
"""


def _child(code: str, *args: str) -> tuple[float, int, dict]:
    """Run ``code`` in a fresh interpreter; (wall seconds, peak RSS bytes, the JSON it writes to
    the file named by its last argument)."""
    result = Path(args[-1])
    result.unlink(missing_ok=True)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO / "pipeline")})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"benchmark child failed with status {status}")
    return wall, usage.ru_maxrss * 1024, json.loads(result.read_text())


def latency(db: Path, runs: int = 2000) -> dict[str, float]:
    """p50/p99 (ms) of the API's default top-50 query for the most used and a median package."""
    from wump.answers import UserFilters, users_query

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ids = [r[0] for r in con.execute(
        "SELECT id FROM packages WHERE dependent_organizations > 0 ORDER BY dependent_organizations DESC, id")]
    result = {}
    for label, package_id in (("top", ids[0]), ("median", ids[len(ids) // 2])):
        sql, params = users_query(package_id, UserFilters(), 50, 0)
        con.execute(sql, params).fetchall()  # warm the page cache
        samples = []
        for _ in range(runs):
            started = time.perf_counter_ns()
            con.execute(sql, params).fetchall()
            samples.append((time.perf_counter_ns() - started) / 1e6)
        samples.sort()
        result[f"{label}_p50_ms"] = statistics.median(samples)
        result[f"{label}_p99_ms"] = samples[int(len(samples) * 0.99) - 1]
    con.close()
    return result


def run(sizes=DEFAULT_SIZES, *, seed: int = 7, memory: str = MEMORY, floor_memory: str | None = None,
        keep: bool = False) -> dict:
    """Benchmark each size; returns {size: measurements}. Work files go under bench/out/work and
    are deleted afterwards (the generated CSVs stay cached under bench/out)."""
    results = {}
    for size in sizes:
        dump = librariesio_gen.generate(int(size), seed)
        work = HERE / "out" / "work" / f"librariesio-{size}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        try:
            wump_wall, wump_rss, wump = _child(_WUMP, str(dump), str(work), memory, str(work / "wump.json"))
            lat = latency(work / "published" / "wump.db")
            # wump's figures are printed at once, so a failing floor cannot lose them.
            print(f"wump {size:,} rows at {memory}: {wump_wall:.1f} s, peak RSS {wump_rss / 2**20:.0f} MiB, "
                  f"{lat}, phases {wump['phases']} {wump['publish_phases']}", flush=True)
            (work / "parquet").exists() and shutil.rmtree(work / "parquet")
            (work / "warehouse.duckdb").unlink(missing_ok=True)
            (work / "published").exists() and shutil.rmtree(work / "published")  # the floor needs the disk
            floor_wall, floor_rss, floor = _child(_FLOOR, str(dump), str(work), floor_memory or memory, str(HERE),
                                                  str(work / "floor.json"))
        finally:
            if not keep:
                shutil.rmtree(work, ignore_errors=True)
        results[size] = {
            "wump_s": round(wump_wall, 1), "wump_rss_mib": round(wump_rss / 2**20),
            "floor_s": round(floor_wall, 1), "floor_rss_mib": round(floor_rss / 2**20),
            "ratio": round(wump_wall / floor_wall, 2),
            "wump_rows_per_s": round(size / wump_wall), "floor_rows_per_s": round(size / floor_wall),
            "wump_phases_s": {k: round(v, 1) for k, v in {**wump["phases"], **wump["publish_phases"]}.items()},
            "floor_phases_s": {k: round(v, 1) for k, v in floor.items()},
            "bad_rows": wump["bad_rows"], "package_users": wump["counts"]["package_users"],
            **{k: round(v, 3) for k, v in lat.items()},
        }
        print(json.dumps({size: results[size]}), flush=True)
    return results


def table(results: dict) -> str:
    lines = ["| rows | wump s | wump RSS MiB | floor s | floor RSS MiB | ratio | wump rows/s | top p50/p99 ms "
             "| median p50/p99 ms |", "|---|---|---|---|---|---|---|---|---|"]
    for size, r in results.items():
        lines.append(f"| {int(size):,} | {r['wump_s']} | {r['wump_rss_mib']} | {r['floor_s']} | {r['floor_rss_mib']} "
                     f"| {r['ratio']} | {r['wump_rows_per_s']:,} | {r['top_p50_ms']}/{r['top_p99_ms']} "
                     f"| {r['median_p50_ms']}/{r['median_p99_ms']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", "--libraries-io-sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory", default=MEMORY)
    parser.add_argument("--floor-memory", default=None, help="the floor's DuckDB limit (default: --memory)")
    parser.add_argument("--keep", action="store_true", help="keep the work files (Parquet, warehouse, db)")
    args = parser.parse_args(argv)
    results = run([int(s) for s in args.sizes.split(",")], seed=args.seed, memory=args.memory,
                  floor_memory=args.floor_memory, keep=args.keep)
    print(table(results))


if __name__ == "__main__":
    main()
