"""The floor: the Libraries.io CSVs → the published SQLite tables the fastest bare way we know.

One in-memory DuckDB session (same memory limit and threads as wump, spilling past it) reads the
three CSVs with the importer's reader (bad rows set aside, not reported), streams the edges to one
Parquet file in Arrow batches, computes the published tables with the simplifications a
single-source, single-use script may take (one source, so no per-edge source merging, no
normalized Parquet, no warehouse file), and loads SQLite by ADBC sorted by each table's key,
then builds the same indexes and FTS. No ANALYZE, no quick_check, no inspect file, no atomic
rename: the bare minimum to serve the same answer.

    .venv/bin/python bench/librariesio_floor.py DUMP_DIR OUT.db [--memory 1GB] [-v]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipeline"))

from wump.identity_frames import sql_normalize_name, sql_platform_key, sql_platform_table  # noqa: E402
from wump.schema import PUBLISHED  # noqa: E402

SOURCE = "librariesio-1.6.0"
ISO = "'%Y-%m-%dT%H:%M:%SZ'"
VERBOSE = False
BATCH_ROWS = 1 << 19  # the importer's batch size


def sid(expr: str) -> str:
    return f"CAST(('0x' || substr(md5({expr}), 1, 15)) AS BIGINT)"


_SCANS = iter(range(1_000_000))


def csv(path: Path, names: list[str]) -> str:
    """The same reader wump uses (typed columns, rejects kept aside): with ``ignore_errors`` and
    every column VARCHAR, DuckDB ran out of memory at a 1GB limit on 10 M rows."""
    from wump.sources.librariesio.dump import DEPENDENCY_COLUMNS, PROJECT_COLUMNS, REPOSITORY_COLUMNS, _read_csv

    columns = next(c for c in (DEPENDENCY_COLUMNS, REPOSITORY_COLUMNS, PROJECT_COLUMNS) if list(c) == names)
    return _read_csv(path, columns, f"floor{next(_SCANS)}")


def build(dump: Path, out: Path, memory: str = "2GB", threads: int = 2) -> dict[str, float]:
    from wump.sources.librariesio.dump import DEPENDENCY_COLUMNS, HOSTS, PROJECT_COLUMNS, RAW_KINDS, REPOSITORY_COLUMNS

    t0 = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    # In-memory DuckDB (it spills to temp_directory past the limit): no warehouse file to write.
    raw = duckdb.connect()

    class _Timed:
        def __getattr__(self, name):
            return getattr(raw, name)

        def execute(self, sql, *args):
            for statement in [x for x in sql.split(";\n") if x.strip()]:
                started = time.perf_counter()
                raw.execute(statement, *args)
                if VERBOSE:
                    print(f"{time.perf_counter() - started:6.1f}s {' '.join(statement.split())[:70]}", file=sys.stderr)
            return raw

    con = _Timed()
    con.execute(f"SET memory_limit = '{memory}'")
    con.execute(f"SET threads = {threads}")
    con.execute(f"SET temp_directory = '{out.parent / 'floor_tmp'}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    hosts = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in HOSTS.items())
    pkey = sql_platform_key('c."Manifest Platform"')
    kind_values = ", ".join(f"('{k}', '{v}')" for k, v in RAW_KINDS.items())
    # Streamed to a Parquet file batch by batch: a CREATE TABLE … AS over the 10 M-row CSV, and a
    # COPY … TO parquet of it, both ran out of memory at 1GB; an Arrow reader feeding pyarrow does not.
    e0 = out.parent / "floor_e0.parquet"
    edges = con.sql(f"""
    SELECT host, full_name, ecosystem, {sql_normalize_name('ecosystem', 'name')} AS package, manifest_path,
           requirement, direct, dependency_type, repo_id
    FROM (
        SELECT CASE lower("Host Type") {hosts} ELSE lower("Host Type") END AS host,
               "Repository Name with Owner" AS full_name, coalesce(pm.mapped_ecosystem, {pkey}) AS ecosystem,
               "Dependency Project Name" AS name,
               "Manifest Filepath" AS manifest_path, "Dependency Requirements" AS requirement,
               coalesce(lower("Manifest kind") <> 'lockfile', true) AS direct,
               coalesce(km.t, nullif(lower(trim("Dependency Kind")), ''), 'runtime') AS dependency_type,
               "Repository ID" AS repo_id
        FROM {csv(dump / 'repository_dependencies-1.6.0-2020-01-12.csv', list(DEPENDENCY_COLUMNS))} AS c
        LEFT JOIN {sql_platform_table('pm')} ON pm.platform_key = {pkey}
        LEFT JOIN (VALUES {kind_values}) AS km(k, t) ON km.k = lower(trim(c."Dependency Kind"))
        )
    """).to_arrow_reader(BATCH_ROWS)
    # Unusable rows are dropped batch by batch in Arrow: the same test as a WHERE clause made
    # DuckDB's plan hold far more (1.3 GB RSS instead of 0.5 GB on 10 M rows, and out of memory at 1GB).
    with pq.ParquetWriter(e0, edges.schema, compression="snappy") as writer:
        for batch in edges:
            usable = pc.and_kleene(pc.and_kleene(pc.greater(pc.find_substring(batch["full_name"], "/"), 0),
                                                 pc.not_equal(batch["ecosystem"], "")),
                                   pc.and_kleene(pc.not_equal(batch["package"], ""), pc.not_equal(batch["host"], "")))
            writer.write_batch(batch.filter(pc.fill_null(usable, False)))
    con.execute(f"""
    CREATE TABLE e AS
    SELECT {sid("host || '/' || lower(full_name)")} AS repository_id, {sid("ecosystem || '/' || package")} AS package_id,
           * FROM read_parquet('{e0}') WHERE package <> ''""")
    e0.unlink()
    con.execute(f"""
    CREATE TABLE r AS
    SELECT CASE lower("Host Type") {hosts} ELSE lower("Host Type") END AS host, "Name with Owner" AS full_name,
           "Stars Count" AS stars, "Fork" AS is_fork,
           "Language" AS language, "Default branch" AS branch,
           try_strptime("Last pushed Timestamp", '%Y-%m-%d %H:%M:%S UTC') AS pushed_at
    FROM {csv(dump / 'repositories-1.6.0-2020-01-12.csv', list(REPOSITORY_COLUMNS))}
    WHERE "ID" IN (SELECT DISTINCT repo_id FROM e)""")
    for table in PUBLISHED.values():
        con.execute(table.duckdb_ddl())
    con.execute(f"""
    CREATE TABLE repos AS
    SELECT host, lower(full_name) AS repo_key, arg_max(full_name, has_meta) AS full_name,
           max(stars) AS stars, bool_or(is_fork) AS is_fork, max(language) AS language, max(branch) AS branch,
           max(pushed_at) AS pushed_at
    FROM (SELECT host, full_name, stars, is_fork, language, branch, pushed_at, 1 AS has_meta FROM r
          UNION ALL SELECT DISTINCT host, full_name, NULL, NULL, NULL, NULL, NULL, 0 FROM e)
    GROUP BY host, lower(full_name);
    INSERT INTO repositories
    SELECT {sid("host || '/' || repo_key")}, {sid("host || '/' || lower(split_part(full_name, '/', 1))")},
           split_part(full_name, '/', 2), 'https://' || host || '/' || full_name, stars, strftime(pushed_at, {ISO}),
           NULL, language, full_name, host, is_fork, branch, NULL, NULL, '{SOURCE}',
           '2020-01-12T00:00:00Z', '2020-01-12T00:00:00Z'
    FROM repos;
    INSERT INTO organizations
    SELECT organization_id, any_value(split_part(full_name, '/', 1)), 'https://' || any_value(host) || '/'
           || any_value(split_part(full_name, '/', 1)), NULL, NULL, count(*), coalesce(sum(stars), 0)::BIGINT,
           NULL, '2020-01-12T00:00:00Z', NULL, any_value(host), 'unknown', NULL, NULL, NULL, NULL, NULL
    FROM repositories GROUP BY organization_id;
    CREATE TABLE multi AS SELECT repository_id, package_id FROM e GROUP BY ALL HAVING count(*) > 1;
    INSERT INTO dependencies
    SELECT {sid("repository_id::VARCHAR || '/' || package_id::VARCHAR")}, repository_id, package_id,
           CASE WHEN direct THEN NULL ELSE requirement END, dependency_type, '2020-01-12T00:00:00Z', requirement,
           manifest_path, direct, '{SOURCE}', '2020-01-12T00:00:00Z', '2020-01-12T00:00:00Z'
    FROM e ANTI JOIN multi USING (repository_id, package_id)
    UNION ALL
    SELECT {sid("repository_id::VARCHAR || '/' || package_id::VARCHAR")}, repository_id, package_id,
           max(CASE WHEN direct THEN NULL ELSE requirement END), max(dependency_type), '2020-01-12T00:00:00Z',
           max(requirement), string_agg(DISTINCT manifest_path, ',' ORDER BY manifest_path), bool_or(direct),
           '{SOURCE}', '2020-01-12T00:00:00Z', '2020-01-12T00:00:00Z'
    FROM e SEMI JOIN multi USING (repository_id, package_id) GROUP BY repository_id, package_id;
    CREATE TABLE keys AS SELECT DISTINCT package_id, ecosystem, package FROM e;
    """)
    ppkey = sql_platform_key('c."Platform"')
    con.execute(f"""
    CREATE TABLE proj AS
    SELECT ecosystem, {sql_normalize_name('ecosystem', 'n')} AS name, arg_min(d, id) AS d, arg_min(h, id) AS h,
           arg_min(ru, id) AS ru, arg_min(v, id) AS v, arg_min(c, id) AS c
    FROM (SELECT "ID" AS id, coalesce(pm.mapped_ecosystem, {ppkey}) AS ecosystem, "Name" AS n,
                 "Description" AS d,
                 "Homepage URL" AS h, "Repository URL" AS ru, "Latest Release Number" AS v,
                 "Dependent Repositories Count" AS c
          FROM {csv(dump / 'projects-1.6.0-2020-01-12.csv', list(PROJECT_COLUMNS))} AS c
          LEFT JOIN {sql_platform_table('pm')} ON pm.platform_key = {ppkey})
    GROUP BY ALL;
    CREATE TABLE usage AS
    SELECT d.package_id, r.organization_id, count(*) FILTER (WHERE d.direct) AS a,
           count(*) FILTER (WHERE d.direct AND d.dependency_type = 'runtime') AS b,
           count(*) FILTER (WHERE NOT d.direct) AS c, coalesce(sum(r.stars), 0)::BIGINT AS s,
           max(r.last_commit_at) AS l
    FROM dependencies d JOIN repositories r ON r.id = d.repository_id GROUP BY ALL;
    INSERT INTO packages
    SELECT k.package_id, k.package, k.ecosystem, p.d, p.ru, p.h, p.v, 'pkg:' || k.ecosystem || '/' || k.package,
           u.repos, u.orgs
    FROM keys k LEFT JOIN proj p ON p.ecosystem = k.ecosystem AND p.name = k.package
    LEFT JOIN (SELECT package_id, sum(a + c) AS repos, count(*) AS orgs FROM usage GROUP BY ALL) u
           ON u.package_id = k.package_id;
    INSERT INTO package_users
    SELECT u.package_id, u.organization_id, k.ecosystem, k.package, o.name, 'unknown', u.a, u.b, u.c, u.s, u.l,
           '2020-01-12T00:00:00Z', '{SOURCE}'
    FROM usage u JOIN keys k ON k.package_id = u.package_id JOIN organizations o ON o.id = u.organization_id;
    INSERT INTO source_counts
    SELECT any_value(e.ecosystem), any_value(e.package), '{SOURCE}', max(p.c), count(*), count(DISTINCT repository_id)
    FROM e LEFT JOIN proj p ON p.ecosystem = e.ecosystem AND p.name = e.package GROUP BY e.package_id;
    """)
    # The in-memory tables spill uncompressed: at 50 M rows the working tables left beside the
    # published ones filled a 68 GB disk during the sorted copy below, so they go first.
    for scratch in ("e", "r", "repos", "multi", "keys", "proj", "usage"):
        con.execute(f"DROP TABLE {scratch}")
    t1 = time.perf_counter()
    out.unlink(missing_ok=True)
    lite = sqlite3.connect(out, isolation_level=None)
    lite.execute("PRAGMA page_size = 8192")
    for table in PUBLISHED.values():
        lite.execute(table.sqlite_ddl()[0])
    lite.close()
    import adbc_driver_sqlite.dbapi as adbc

    a = adbc.connect(str(out), autocommit=True)
    cur = a.cursor()
    for pragma in ("journal_mode = OFF", "synchronous = OFF"):
        cur.execute(f"PRAGMA {pragma}")
        cur.fetchall()
    for table in PUBLISHED.values():
        select = ", ".join(f'CAST("{c.name}" AS INTEGER) AS "{c.name}"' if c.kind == "bool" else f'"{c.name}"'
                           for c in table.columns)
        order = ", ".join(f'"{k}"' + (" DESC" if table.without_rowid and k in ("repositories", "stars") else "")
                          for k in table.key)
        cur.execute("BEGIN")
        cur.adbc_ingest(table.name, con.sql(f'SELECT {select} FROM "{table.name}" ORDER BY {order}')
                        .to_arrow_reader(100_000), mode="append")
        cur.execute("COMMIT")
    cur.close()
    a.close()
    con.close()
    t2 = time.perf_counter()
    lite = sqlite3.connect(out, isolation_level=None)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144", "threads = 2"):
        lite.execute(f"PRAGMA {pragma}")
    lite.execute("BEGIN")
    for table in PUBLISHED.values():
        for statement in table.sqlite_ddl()[1:]:
            lite.execute(statement)
        if table.fts:
            cols = ", ".join(f"[{c}]" for c in table.fts)
            lite.execute(f"CREATE VIRTUAL TABLE [{table.name}_fts] USING FTS5 ({cols}, content=[{table.name}], "
                         f"content_rowid=[id])")
            lite.execute(f"INSERT INTO [{table.name}_fts] ([{table.name}_fts]) VALUES ('rebuild')")
    lite.execute("COMMIT")
    lite.close()
    t3 = time.perf_counter()
    return {"compute": t1 - t0, "rows": t2 - t1, "indexes_fts": t3 - t2, "total": t3 - t0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dump", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--memory", default="2GB")
    parser.add_argument("-v", action="store_true")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.v
    print(build(args.dump, args.out, args.memory))


if __name__ == "__main__":
    main()
