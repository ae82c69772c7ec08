"""Benchmark: `wump export static` — export time, files and bytes written, and requests/s of the
static files against the live route serving the same body.

    .venv/bin/python bench/export_bench.py --rows 1000000        # a generated Libraries.io dump
    .venv/bin/python bench/export_bench.py --db data/published/wump.db

With ``--rows`` it generates the dump (``librariesio_gen``), imports, builds and publishes it, then
exports. Requests/s: one client thread on keep-alive connections, the live route served by
``datasette`` (as ``wump serve`` starts it) and the exported file by Python's static file server,
each a separate process on 127.0.0.1; the package asked for is the most used one.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "pipeline"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            con = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            con.request("GET", path)
            con.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def requests_per_second(port: int, path: str, seconds: float = 5.0) -> float:
    """Sequential GETs over one keep-alive connection for ``seconds``; responses read fully."""
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        con.request("GET", path)
        response = con.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        done += 1
    return done / (time.perf_counter() - started)


def disk_usage(folder: Path) -> int:
    """Bytes the folder takes on disk (allocated blocks: a small file still takes a whole block)."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(root, name)).st_blocks * 512
    return total


def _build_from_dump(rows: int, work: Path) -> Path:
    import librariesio_gen
    from wump import publish, warehouse
    from wump.sources.librariesio import dump

    source = librariesio_gen.generate(rows)
    dump.import_dump(source, work / "parquet")
    warehouse.build_warehouse(work / "parquet", work / "warehouse.duckdb")
    published = work / "published" / "wump.db"
    publish.publish(work / "warehouse.duckdb", published, work / "published" / "counts.json")
    return published


def run(db: Path | None = None, rows: int | None = None, seconds: float = 5.0) -> dict:
    from wump import export, site

    with tempfile.TemporaryDirectory(dir=os.environ.get("WUMP_BENCH_TMP")) as tmp:
        work = Path(tmp)
        db = db or _build_from_dump(rows, work)
        with sqlite3.connect(db) as con:
            eco, name, size = con.execute(
                "SELECT ecosystem, package, count(*) FROM package_users GROUP BY package_id "
                "ORDER BY count(*) DESC LIMIT 1").fetchone()
        target = work / "static"
        started = time.perf_counter()
        report = export.export_static(db, target)
        export_seconds = time.perf_counter() - started
        on_disk = disk_usage(target)
        route = f"/api/v1/packages/{eco}/{name}/users"
        live_port, static_port = _free_port(), _free_port()
        live = subprocess.Popen([str(Path(sys.executable).with_name("datasette")), "serve", "-i", str(db),
                                 "--metadata", str(site.METADATA_PATH), "--plugins-dir", str(site.SITE_DIR / "plugins"),
                                 "--port", str(live_port), "--host", "127.0.0.1"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        static = subprocess.Popen([sys.executable, "-m", "http.server", str(static_port), "--bind", "127.0.0.1",
                                   "--directory", str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(live_port, route)
            _wait(static_port, f"{route}.json")
            live_rps = requests_per_second(live_port, route, seconds)
            static_rps = requests_per_second(static_port, f"{route}.json", seconds)
        finally:
            live.terminate()
            static.terminate()
            live.wait()
            static.wait()
        return {"package": f"{eco}/{name}", "owners_of_package": size, "packages": report.packages,
                "files": report.files, "megabytes": round(report.bytes / 1e6, 1),
                "megabytes_on_disk": round(on_disk / 1e6, 1),
                "export_seconds": round(export_seconds, 1), "live_requests_per_second": round(live_rps),
                "static_requests_per_second": round(static_rps), "ratio": round(static_rps / live_rps, 2)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing published database")
    parser.add_argument("--rows", type=int, help="generate a Libraries.io dump of this many dependency rows")
    parser.add_argument("--seconds", type=float, default=5.0, help="load time per server")
    args = parser.parse_args(argv)
    if not args.db and not args.rows:
        parser.error("give --db or --rows")
    print(json.dumps(run(args.db, args.rows, args.seconds), indent=2))
    shutil.rmtree(HERE / "out" / "export", ignore_errors=True)


if __name__ == "__main__":
    main()
