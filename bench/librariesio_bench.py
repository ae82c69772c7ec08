"""Benchmark: Libraries.io dump → published SQLite, wump's pipeline against the bare floor.

For each size (repository_dependencies rows) it generates (or reuses) synthetic data with
``librariesio_gen``, then in child processes (wall time and peak RSS from ``os.wait4``):

- wump: ``librariesio_dump.import_dump`` → ``warehouse.build_warehouse`` → ``publish.publish``
  (with the Datasette inspect file), each phase timed;
- the floor: ``../shared/bench/librariesio_floor.py``, run as its own script on the same files;

and, from wump's published file, through HTTP (Datasette in process, the real plugins and routes):
the latency of ``/api/v1/packages/{ecosystem}/{name}/users`` for the most used package under every
documented filter combination (owner type incl. the default, forks, archived, runtime, transitive,
active_since, every sort), p50/p99; and the natural SQL question (``package_users`` of one package
by repositories, through ``/wump.json?sql=``).

    .venv/bin/python bench/librariesio_bench.py [--sizes 1000000,10000000] [--memory 1GB] [--runs 200]
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

DEFAULT_SIZES = (1_000_000,)
# Both pipelines run under the same DuckDB limit unless --floor-memory says otherwise.
MEMORY = "1GB"  # wump at 1GB peaked at 1,981 MiB RSS on 50 M rows; at 2GB it passed 2 GiB on 10 M

_WUMP = """
import json, os, sys, threading, time
from pathlib import Path
from wump import publish, warehouse
from wump.sources.librariesio import dump as librariesio_dump
dump, work, memory = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
# Peak RSS per phase: /proc/self/statm sampled every 50 ms (the child's overall peak comes from wait4).
page = os.sysconf("SC_PAGE_SIZE")
peaks, phase = {}, ["import"]
def sample():
    with open("/proc/self/statm") as statm:
        while True:
            statm.seek(0)
            rss = int(statm.read().split()[1]) * page
            peaks[phase[0]] = max(peaks.get(phase[0], 0), rss)
            time.sleep(0.05)
threading.Thread(target=sample, daemon=True).start()
t = {}
s = time.perf_counter()
report = librariesio_dump.import_dump(dump, work / "parquet", memory_limit=memory, threads=2)
t["import"] = time.perf_counter() - s
phase[0] = "warehouse"
s = time.perf_counter()
statements = {}
counts = warehouse.build_warehouse(work / "parquet", work / "warehouse.duckdb", memory_limit=memory, timings=statements)
t["warehouse"] = time.perf_counter() - s
phase[0] = "publish"
s = time.perf_counter()
phases = {}
publish.publish(work / "warehouse.duckdb", work / "published" / "wump.db", work / "published" / "inspect.json",
                memory_limit=memory, timings=phases)
t["publish"] = time.perf_counter() - s
Path(sys.argv[4]).write_text(json.dumps({"phases": {**t, **{"publish." + k: v for k, v in phases.items()},
                                                    **{"warehouse." + k: v for k, v in statements.items()}},
                                         "peak_rss_mib": {k: round(v / 2**20) for k, v in peaks.items()},
                                         "counts": counts,
                                         "bad_rows": report.bad_rows}))
"""

SHARED_FLOOR = REPO.parent / "shared" / "bench" / "librariesio_floor.py"


def floor_script() -> Path:
    """The floor to compare against: ``../shared/bench/librariesio_floor.py`` (or ``WUMP_FLOOR``)."""
    script = Path(os.environ.get("WUMP_FLOOR", SHARED_FLOOR))
    if script.exists():
        return script
    raise FileNotFoundError(f"no floor script: put the shared one at {SHARED_FLOOR} or name it in WUMP_FLOOR")


def _floor(dump: Path, out: Path, memory: str | None) -> tuple[float, int, float, str]:
    """Run the floor script as it is (its own command line); wall, peak RSS, CPU seconds (user and
    system, every thread), its last line."""
    script = floor_script()
    args = [sys.executable, str(script), str(dump), str(out)]
    if memory:
        args += ["--memory-limit", memory]
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO / "pipeline")})
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"the floor failed with status {status}")
    return wall, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime, (output.strip().splitlines() or [""])[-1]


def _child(code: str, *args: str) -> tuple[float, int, float, dict]:
    """Run ``code`` in a fresh interpreter; (wall seconds, peak RSS bytes, CPU seconds, the JSON it
    writes to the file named by its last argument)."""
    result = Path(args[-1])
    result.unlink(missing_ok=True)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO / "pipeline")})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"benchmark child failed with status {status}")
    return wall, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime, json.loads(result.read_text())


def _generate(size: int, seed: int, out: Path) -> Path:
    """The dataset's folder, generated in a child process: Linux hands a parent's peak RSS on to the
    children it forks (``ru_maxrss``), so generating in this process (DuckDB, ~2 GB at 10 M rows)
    made both pipelines report the generator's peak instead of their own."""
    code = ("import sys; from pathlib import Path; import librariesio_gen; "
            "librariesio_gen.generate(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))")
    subprocess.run([sys.executable, "-c", code, str(size), str(seed), str(out)], cwd=HERE, check=True,
                   env={**os.environ, "PYTHONPATH": str(HERE)})
    return librariesio_gen.dataset_dir(size, seed, out)


def combinations() -> list[dict[str, str]]:
    """Every documented filter combination of the users route (query-string arguments)."""
    import itertools

    from wump.answers import SORTS

    found = []
    for owner_type, transitive, forks, archived, runtime, since, sort in itertools.product(
            (None, "User", "any"), (False, True), (True, False), (True, False), (False, True),
            (None, "2019-06-01"), list(SORTS)):
        args = {k: v for k, v in (("owner_type", owner_type), ("transitive", "true" if transitive else None),
                                  ("forks", None if forks else "false"), ("archived", None if archived else "false"),
                                  ("runtime", "true" if runtime else None), ("active_since", since),
                                  ("sort", None if sort == "repos" else sort)) if v}
        found.append(args)
    return found


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(int(len(samples) * 0.99) - 1, 0)]


def latency(db: Path, runs: int = 200) -> dict:
    """p50/p99 (ms) through HTTP (Datasette in process, wump's plugins) for the most used package:
    every filter combination of the users route (top 50), and the natural SQL question."""
    import asyncio
    from urllib.parse import urlencode

    import yaml
    from datasette.app import Datasette

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ecosystem, name = con.execute("SELECT ecosystem, name FROM packages ORDER BY dependent_organizations DESC, id "
                                  "LIMIT 1").fetchone()
    con.close()
    site = REPO / "datasette"
    metadata = yaml.safe_load((site / "metadata.yml").read_text())
    ds = Datasette([str(db)], immutables=[], metadata=metadata, plugins_dir=str(site / "plugins"),
                   settings={"sql_time_limit_ms": 10_000})

    async def measure() -> dict:
        await ds.invoke_startup()
        timings: dict = {}
        for args in combinations():
            path = f"/api/v1/packages/{ecosystem}/{name}/users?" + urlencode({**args, "per_page": 50})
            first = await ds.client.get(path)
            assert first.status_code == 200, (path, first.text[:200])
            samples = []
            for _ in range(runs):
                started = time.perf_counter_ns()
                await ds.client.get(path)
                samples.append((time.perf_counter_ns() - started) / 1e6)
            timings["&".join(f"{k}={v}" for k, v in args.items()) or "default"] = _percentiles(samples)
        sql = ("SELECT * FROM package_users WHERE ecosystem = :e AND package = :p ORDER BY repositories DESC "
               "LIMIT 100")
        path = "/wump.json?" + urlencode({"sql": sql, "e": ecosystem, "p": name, "_shape": "array"})
        assert (await ds.client.get(path)).status_code == 200
        samples = []
        for _ in range(runs):
            started = time.perf_counter_ns()
            await ds.client.get(path)
            samples.append((time.perf_counter_ns() - started) / 1e6)
        return {"package": f"{ecosystem}/{name}", "users": timings, "sql_natural": _percentiles(samples)}

    return asyncio.run(measure())


def _latency_summary(lat: dict) -> dict:
    users = lat["users"]
    filtered = {k: v for k, v in users.items() if k != "default"}
    worst = max(filtered, key=lambda k: filtered[k][1])
    return {"default_p50_ms": round(users["default"][0], 2), "default_p99_ms": round(users["default"][1], 2),
            "filters_max_p99_ms": round(filtered[worst][1], 2), "filters_worst": worst,
            "filters_median_p50_ms": round(statistics.median(v[0] for v in filtered.values()), 2),
            "sql_natural_p50_ms": round(lat["sql_natural"][0], 2), "sql_natural_p99_ms": round(lat["sql_natural"][1], 2)}


def latency_table(lat: dict) -> str:
    """Every combination's p50/p99 (ms), the natural SQL question's, and the worst filtered p99."""
    lines = [f"package {lat['package']}", "| combination | p50 ms | p99 ms |", "|---|---|---|"]
    lines += [f"| {name} | {p50:.2f} | {p99:.2f} |" for name, (p50, p99) in lat["users"].items()]
    lines.append(f"| natural SQL | {lat['sql_natural'][0]:.2f} | {lat['sql_natural'][1]:.2f} |")
    summary = _latency_summary(lat)
    lines.append(f"max filtered p99 {summary['filters_max_p99_ms']} ms ({summary['filters_worst']}); "
                 f"default p99 {summary['default_p99_ms']} ms; natural SQL p99 {summary['sql_natural_p99_ms']} ms")
    return "\n".join(lines)


def run(sizes=DEFAULT_SIZES, *, seed: int = 7, memory: str = MEMORY, floor_memory: str | None = None,
        keep: bool = False, runs: int = 100, latency_loop: bool = True,
        out: Path = librariesio_gen.DEFAULT_OUT) -> dict:
    """Benchmark each size; returns {size: measurements}. Work files go under ``out``/work and
    are deleted afterwards unless ``keep`` (the generated CSVs stay cached under ``out``)."""
    results = {}
    for size in sizes:
        dump = _generate(int(size), seed, out)
        work = out / "work" / f"librariesio-{size}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        try:
            wump_wall, wump_rss, wump_cpu, wump = _child(_WUMP, str(dump), str(work), memory, str(work / "wump.json"))
            # wump's figures are printed at once, so a failing floor cannot lose them.
            print(f"wump {size:,} rows at {memory}: {wump_wall:.1f} s, {wump_cpu:.0f} CPU-s, "
                  f"peak RSS {wump_rss / 2**20:.0f} MiB, "
                  f"phases {json.dumps(wump['phases'])}", flush=True)
            lat = latency(work / "published" / "wump.db", runs) if latency_loop else None
            if lat:
                print(latency_table(lat), flush=True)
            if not keep:  # the floor needs the disk
                (work / "parquet").exists() and shutil.rmtree(work / "parquet")
                (work / "warehouse.duckdb").unlink(missing_ok=True)
                (work / "published").exists() and shutil.rmtree(work / "published")
            floor_wall, floor_rss, floor_cpu, floor_line = _floor(dump, work / "floor.db", floor_memory)
        finally:
            if not keep:
                shutil.rmtree(work, ignore_errors=True)
        results[size] = {
            "wump_s": round(wump_wall, 1), "wump_rss_mib": round(wump_rss / 2**20),
            "floor_s": round(floor_wall, 1), "floor_rss_mib": round(floor_rss / 2**20),
            # CPU seconds (user + system, all threads): with two cores the wall follows the work.
            "wump_cpu_s": round(wump_cpu), "floor_cpu_s": round(floor_cpu),
            "ratio": round(wump_wall / floor_wall, 2), "floor": str(floor_script()), "floor_says": floor_line,
            "wump_rows_per_s": round(size / wump_wall), "floor_rows_per_s": round(size / floor_wall),
            "wump_phases_s": {k: round(v, 1) for k, v in wump["phases"].items()},
            "wump_phase_peak_rss_mib": wump["peak_rss_mib"], "bad_rows": wump["bad_rows"], "package_users": wump["counts"]["package_users"],
        }
        if lat:
            results[size] |= {**_latency_summary(lat), "users_p50_p99_ms": {
                k: [round(a, 2), round(b, 2)] for k, (a, b) in lat["users"].items()}}
        print(json.dumps({size: results[size]}), flush=True)
    return results


def table(results: dict) -> str:
    lines = ["| rows | wump s | wump CPU-s | wump RSS MiB | floor s | floor CPU-s | floor RSS MiB | ratio "
             "| default p50/p99 ms | filters max p99 ms | SQL p50/p99 ms |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for size, r in results.items():
        latencies = (f"{r['default_p50_ms']}/{r['default_p99_ms']} | {r['filters_max_p99_ms']} ({r['filters_worst']}) "
                     f"| {r['sql_natural_p50_ms']}/{r['sql_natural_p99_ms']}") if "default_p50_ms" in r else "- | - | -"
        lines.append(f"| {int(size):,} | {r['wump_s']} | {r['wump_cpu_s']} | {r['wump_rss_mib']} | {r['floor_s']} "
                     f"| {r['floor_cpu_s']} | {r['floor_rss_mib']} | {r['ratio']} | {latencies} |")
    phases = ["", "| phase | wump s | peak RSS MiB |", "|---|---|---|"]
    for size, r in results.items():
        phases += [f"| {int(size):,} {name} | {seconds} | {r['wump_phase_peak_rss_mib'].get(name, '')} |"
                   for name, seconds in r["wump_phases_s"].items()]
    return "\n".join(lines + phases)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", "--libraries-io-sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory", default=MEMORY)
    parser.add_argument("--floor-memory", default=None, help="the floor's DuckDB limit (default: the floor's own)")
    parser.add_argument("--runs", type=int, default=100, help="requests per filter combination")
    parser.add_argument("--keep", action="store_true", help="keep the work files (Parquet, warehouse, db)")
    parser.add_argument("--no-latency", dest="latency", action="store_false",
                        help="skip the HTTP latency loop (the build's wall time and RSS only)")
    parser.add_argument("--out", type=Path, default=librariesio_gen.DEFAULT_OUT,
                        help="where the generated dumps and the work files go (default bench/out)")
    parser.add_argument("--db", type=Path, default=None,
                        help="only time the HTTP answers of this published wump.db (no generating, no build)")
    args = parser.parse_args(argv)
    if args.db:
        print(latency_table(latency(args.db, args.runs)))
        return
    results = run([int(s) for s in args.sizes.split(",")], seed=args.seed, memory=args.memory,
                  floor_memory=args.floor_memory, keep=args.keep, runs=args.runs, latency_loop=args.latency,
                  out=args.out)
    print(table(results))


if __name__ == "__main__":
    main()
