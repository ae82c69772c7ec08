"""The warehouse: DuckDB merges every producer's normalized Parquet into the published shapes.

Sources overlap (GitHub, ecosyste.ms, Libraries.io, the dependents page all see some of the same
edges), so here each entity is merged to one row: one repository per (host, owner/name), one
owner per (host, login), one package per (ecosystem, name), one edge per (repository, package)
carrying the union of sources, the earliest first_seen and the most specific requirement and type.
The warehouse tables have exactly the published columns, so publishing is a copy.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from wump.duck import bounded, memory_limit_bytes
from wump.normalize import table_files
from wump.readiness import build_readiness
from wump.schema import NORMALIZED, PUBLISHED
from wump.sources.registry import priority_sql
from wump.vocabulary import GITHUB_HOST

# Which source's attributes win when sources disagree (higher wins), then the freshest read:
# each source declares its labels' priorities (wump.sources.registry).
SOURCE_PRIORITY = priority_sql("source")
ISO = "'%Y-%m-%dT%H:%M:%SZ'"


def edge_rank(value: str, declared: bool = True) -> str:
    """SQL ranking the rows of a repeated (repository, package) edge as one sortable number, so
    ``arg_max(value, edge_rank(value))`` picks the row that speaks for the edge: the source's
    priority, then (``declared``) a manifest's declaration before a lockfile's resolution
    (package.json's devDependency is a development dependency whatever package-lock.json says) and
    runtime use before any other; a hash of the value breaks the last tie, so every build agrees."""
    order = "coalesce(e.direct, true)::UBIGINT * 2 + coalesce(e.dependency_type = 'runtime', false)::UBIGINT"
    return f"(((e.priority::UBIGINT * 4 + {order if declared else '0'}) << 56) | (hash({value}) >> 8))"


def stable_id(expression: str) -> str:
    """SQL for a stable positive 53-bit id from a text key: same input, same id, any engine run,
    and exact as a JavaScript number (≤ 2^53 - 1), so JSON consumers never round it."""
    return f"(CAST(('0x' || substr(md5({expression}), 1, 14)) AS BIGINT) >> 3)"


def connect(path: Path, memory_limit: str | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """The warehouse file at ``path``, writable, bounded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return bounded(duckdb.connect(str(path)), path.parent / "duckdb_tmp", memory_limit, threads)


def open_read_only(path: Path, memory_limit: str | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """The built warehouse at ``path``, read-only (checks and publish), bounded."""
    return bounded(duckdb.connect(str(path), read_only=True), path.parent / "duckdb_tmp", memory_limit, threads)


def _load_normalized(con: duckdb.DuckDBPyConnection, parquet_dir: Path) -> None:
    """A view per normalized table over every producer's file (an empty typed view when none)."""
    for name, table in NORMALIZED.items():
        files = table_files(parquet_dir, name)
        columns = ", ".join(f'"{c}"' for c in table.column_names)
        if files:
            listing = ", ".join(f"'{f}'" for f in files)
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW n_{name} AS "
                f"SELECT {columns} FROM read_parquet([{listing}], union_by_name = true)"
            )
        else:
            typed = ", ".join(f'CAST(NULL AS {c.duckdb_type}) AS "{c.name}"' for c in table.columns)
            con.execute(f"CREATE OR REPLACE TEMP VIEW n_{name} AS SELECT {typed} WHERE false")


# The build's time, for the publish step (the adoptions view's last_seen); not published itself.
BUILD_INFO = "wump_build"


def _create_published_tables(con: duckdb.DuckDBPyConnection, built_at: str) -> None:
    for table in PUBLISHED.values():
        if table.view is None:
            con.execute(table.duckdb_ddl())
    for table in PUBLISHED.values():  # views last: they read the tables
        if table.view is not None:
            con.execute(table.view_ddl(built_at))
    con.execute(f"CREATE TABLE {BUILD_INFO} AS SELECT ?::VARCHAR AS built_at", [built_at])


def built_at(con: duckdb.DuckDBPyConnection) -> str:
    """The time of the build that wrote the warehouse ``con`` reads (ISO 8601 text)."""
    return con.execute(f"SELECT built_at FROM {BUILD_INFO}").fetchone()[0]


HISTORY = {"owners": "history/owners.parquet", "adoptions": "history/adoptions.parquet"}


def _load_history(con: duckdb.DuckDBPyConnection, parquet_dir: Path) -> None:
    """The ledgers earlier builds left (owners and adoptions ever seen), or empty ones."""
    for name, columns in (("owners", "host VARCHAR, owner_key VARCHAR, name VARCHAR, owner_type VARCHAR, "
                                     "first_seen TIMESTAMP, last_seen TIMESTAMP, deleted_at TIMESTAMP"),
                          ("adoptions", "ecosystem VARCHAR, package VARCHAR, host VARCHAR, owner_key VARCHAR, "
                                        "direct BOOLEAN, first_seen TIMESTAMP, last_seen TIMESTAMP, "
                                        "ended_at TIMESTAMP, sources VARCHAR")):
        con.execute(f"CREATE TEMP TABLE h_{name} ({columns})")
        path = parquet_dir / HISTORY[name]
        if path.exists():  # by name: a ledger an older build wrote lacks the newer columns
            con.execute(f"INSERT INTO h_{name} BY NAME SELECT * FROM read_parquet('{path}')")


def _save_history(con: duckdb.DuckDBPyConnection, parquet_dir: Path) -> None:
    """Write the ledgers this build computed, atomically (only after the whole build succeeded)."""
    for name in HISTORY:
        path = parquet_dir / HISTORY[name]
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        con.execute(f"COPY new_{name} TO '{tmp}' (FORMAT parquet, COMPRESSION zstd)")
        os.replace(tmp, path)


def build_warehouse(parquet_dir: Path, warehouse_path: Path, memory_limit: str | None = None,
                    now: datetime | None = None, timings: dict[str, float] | None = None,
                    popular_owners: int | None = None, edges_per_shard: int | None = None) -> dict[str, int]:
    """(Re)build every warehouse table from the normalized Parquet; returns row counts.

    :param parquet_dir: the normalized layer (and the history ledgers under ``history/``).
    :param warehouse_path: the DuckDB file to replace.
    :param memory_limit: DuckDB's limit (default ``WUMP_DUCKDB_MEMORY``).
    :param now: the build's time, written as ``last_seen`` / ``ended_at`` / ``deleted_at``.
    :param timings: receives seconds per named statement.
    :param popular_owners: owners from which a package is popular (default ``POPULAR_OWNERS``).
    :param edges_per_shard: edges the per-package statements take at once (default
        ``EDGES_PER_GIB`` per GiB of the memory limit); more are split by package id.
    """
    now = (now or datetime.now(UTC)).replace(tzinfo=None, microsecond=0)
    timings = timings if timings is not None else {}
    tmp = warehouse_path.with_suffix(".building.duckdb")
    tmp.unlink(missing_ok=True)
    con = connect(tmp, memory_limit)
    try:
        _load_normalized(con, parquet_dir)
        _load_history(con, parquet_dir)
        _create_published_tables(con, now.strftime("%Y-%m-%dT%H:%M:%SZ"))
        con.execute("SET VARIABLE build_time = ?::TIMESTAMP", [now])
        con.execute("SET VARIABLE popular_owners = ?::BIGINT", [popular_owners or POPULAR_OWNERS])
        for name, statement in STATEMENTS:
            if isinstance(statement, tuple):
                _run_per_package(con, statement, timings, memory_limit, edges_per_shard)
            else:
                _run(con, name, statement, timings, memory_limit)
        build_readiness(con)
        counts = {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in PUBLISHED}
        con.execute("CHECKPOINT")
        _save_history(con, parquet_dir)
    finally:
        con.close()
    os.replace(tmp, warehouse_path)
    return counts



def _run(con: duckdb.DuckDBPyConnection, name: str, statement: str, timings: dict[str, float],
         memory_limit: str | None) -> None:
    """One named statement, its seconds added to ``timings[name]``; a failure names it."""
    started = time.perf_counter()
    try:
        con.execute(statement)
    except duckdb.Error as exc:
        exc.add_note(f"in the warehouse statement {name!r} (memory limit {memory_limit or 'default'})")
        raise
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - started


def _run_per_package(con: duckdb.DuckDBPyConnection, statements: tuple[tuple[str, str], ...],
                     timings: dict[str, float], memory_limit: str | None, edges_per_shard: int | None) -> None:
    """The per-package statements over ``shard_edges``: every edge at once when they fit, else one
    shard of package ids at a time, copied out of edge_facts first. A filter on the id in the
    statements themselves would not do: DuckDB estimates ``package_id % n = k`` at a few rows and
    builds its hash join on the edges instead (out of memory at 50 M edges, 1GB)."""
    shards = package_shards(con, edges_per_shard)
    for shard in range(shards):
        if shards == 1:
            _run(con, "shard_edges", "CREATE OR REPLACE TEMP VIEW shard_edges AS SELECT * FROM edge_facts",
                 timings, memory_limit)
        else:
            _run(con, "shard_edges", "CREATE OR REPLACE TEMP TABLE shard_edges AS SELECT * FROM edge_facts "
                 f"WHERE package_id % {shards} = {shard}", timings, memory_limit)
        for name, statement in statements:
            _run(con, name, statement, timings, memory_limit)
    con.execute(f"DROP {'VIEW' if shards == 1 else 'TABLE'} shard_edges")


# --- the merge, one named statement per step --------------------------------------------------
# Every INSERT is ``INSERT INTO t BY NAME SELECT … AS column``: reordering columns in schema.py
# can never move data between columns.

_REPO_ROWS = f"""
-- Repositories: every repository any producer described or saw in an edge.
CREATE TEMP TABLE repo_rows AS
SELECT host, lower(full_name) AS repo_key, full_name, owner, stars, is_fork, is_archived,
       primary_language, default_branch, pushed_at, tree_truncated, crawl_status, source, fetched_at,
       {SOURCE_PRIORITY} * 10000000000 + coalesce(epoch(fetched_at), 0)::BIGINT AS rank_key
FROM n_repositories
UNION ALL
SELECT DISTINCT host, lower(full_name), full_name, split_part(full_name, '/', 1), NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, source, detected_at, 0
FROM n_dependencies
"""

_MERGED_REPOS = """
CREATE TEMP TABLE merged_repos AS
SELECT host, repo_key,
       arg_max(full_name, rank_key) AS full_name,
       lower(split_part(arg_max(full_name, rank_key), '/', 1)) AS owner_key,
       split_part(arg_max(full_name, rank_key), '/', 1) AS owner,
       arg_max(stars, rank_key) FILTER (WHERE stars IS NOT NULL) AS stars,
       arg_max(is_fork, rank_key) FILTER (WHERE is_fork IS NOT NULL) AS is_fork,
       arg_max(is_archived, rank_key) FILTER (WHERE is_archived IS NOT NULL) AS is_archived,
       arg_max(primary_language, rank_key) FILTER (WHERE primary_language IS NOT NULL) AS primary_language,
       arg_max(default_branch, rank_key) FILTER (WHERE default_branch IS NOT NULL) AS default_branch,
       max(pushed_at) AS pushed_at,
       bool_or(tree_truncated) AS tree_truncated,
       arg_max(crawl_status, rank_key) FILTER (WHERE crawl_status IS NOT NULL) AS crawl_status,
       string_agg(DISTINCT source, ',' ORDER BY source) AS sources,
       min(fetched_at) AS first_seen, max(fetched_at) AS last_seen
FROM repo_rows GROUP BY host, repo_key
"""

_OWNER_ROWS = f"""
-- Owners: every owner of a known repository, described by whichever source knows most.
CREATE TEMP TABLE owner_rows AS
SELECT host, lower(login) AS owner_key, login, owner_type, display_name, website_url, company, location,
       is_verified, sponsorship_url, created_at, fetched_at, source,
       {SOURCE_PRIORITY} * 10000000000 + coalesce(epoch(fetched_at), 0)::BIGINT AS rank_key
FROM n_owners
"""

_OWNER_TOTALS = """
CREATE TEMP TABLE owner_totals AS
SELECT host, owner_key, any_value(owner) AS owner, count(*) AS repos,
       coalesce(sum(stars), 0)::BIGINT AS stars, min(first_seen) AS first_seen, max(last_seen) AS last_seen
FROM merged_repos GROUP BY host, owner_key
"""

_ORGANIZATIONS = f"""
INSERT INTO organizations BY NAME
SELECT {stable_id("t.host || '/' || t.owner_key")} AS id,
       coalesce(arg_max(o.login, o.rank_key), t.owner) AS name,
       CASE WHEN t.host = '{GITHUB_HOST}'
            THEN 'https://{GITHUB_HOST}/' || coalesce(arg_max(o.login, o.rank_key), t.owner) END AS github_url,
       'https://' || t.host || '/' || coalesce(arg_max(o.login, o.rank_key), t.owner) AS url,
       arg_max(o.website_url, o.rank_key) FILTER (WHERE o.website_url IS NOT NULL) AS website_url,
       arg_max(o.sponsorship_url, o.rank_key) FILTER (WHERE o.sponsorship_url IS NOT NULL) AS sponsorship_url,
       t.repos AS total_repositories,
       t.stars AS total_stars,
       strftime(min(o.created_at), {ISO}) AS created_at,
       strftime(coalesce(max(o.fetched_at), t.last_seen), {ISO}) AS updated_at,
       NULL AS deleted_at,
       t.host AS host,
       -- A type a source states wins over GitHub's "no such account" (a renamed account's older
       -- record still says what it was); with neither, nobody says: unknown.
       coalesce(arg_max(o.owner_type, o.rank_key) FILTER (WHERE o.owner_type IN ('Organization', 'User')),
                arg_max(o.owner_type, o.rank_key) FILTER (WHERE o.owner_type IS NOT NULL), 'unknown') AS owner_type,
       arg_max(o.display_name, o.rank_key) FILTER (WHERE o.display_name IS NOT NULL) AS display_name,
       arg_max(o.company, o.rank_key) FILTER (WHERE o.company IS NOT NULL) AS company,
       arg_max(o.location, o.rank_key) FILTER (WHERE o.location IS NOT NULL) AS location,
       arg_max(o.is_verified, o.rank_key) FILTER (WHERE o.is_verified IS NOT NULL) AS is_verified,
       string_agg(DISTINCT o.source, ',' ORDER BY o.source) AS sources,
       strftime(least(min(h.first_seen), t.first_seen), {ISO}) AS first_seen
FROM owner_totals t
LEFT JOIN owner_rows o ON o.host = t.host AND o.owner_key = t.owner_key
LEFT JOIN h_owners h ON h.host = t.host AND h.owner_key = t.owner_key
GROUP BY t.host, t.owner_key, t.owner, t.repos, t.stars, t.first_seen, t.last_seen
"""

_DELETED_ORGANIZATIONS = f"""
-- Owners an earlier build saw and no source reports any more: kept, marked with the date.
INSERT INTO organizations BY NAME
SELECT {stable_id("h.host || '/' || h.owner_key")} AS id, h.name AS name,
       CASE WHEN h.host = '{GITHUB_HOST}' THEN 'https://{GITHUB_HOST}/' || h.name END AS github_url,
       'https://' || h.host || '/' || h.name AS url, 0 AS total_repositories, 0 AS total_stars,
       strftime(h.last_seen, {ISO}) AS updated_at,
       strftime(coalesce(h.deleted_at, getvariable('build_time')), {ISO}) AS deleted_at,
       h.host AS host, h.owner_type AS owner_type, strftime(h.first_seen, {ISO}) AS first_seen
FROM h_owners h ANTI JOIN owner_totals t ON t.host = h.host AND t.owner_key = h.owner_key
"""

_NEW_OWNER_LEDGER = """
CREATE TEMP TABLE new_owners AS
SELECT o.host, lower(o.name) AS owner_key, o.name, o.owner_type, CAST(o.first_seen AS TIMESTAMP) AS first_seen,
       CASE WHEN o.deleted_at IS NULL THEN getvariable('build_time') ELSE h.last_seen END AS last_seen,
       CAST(o.deleted_at AS TIMESTAMP) AS deleted_at
FROM organizations o LEFT JOIN h_owners h ON h.host = o.host AND h.owner_key = lower(o.name)
ORDER BY 1, 2
"""

_REPOSITORIES = f"""
INSERT INTO repositories BY NAME
SELECT {stable_id("host || '/' || repo_key")} AS id, {stable_id("host || '/' || owner_key")} AS organization_id,
       split_part(full_name, '/', 2) AS name, 'https://' || host || '/' || full_name AS github_url, stars,
       strftime(pushed_at, {ISO}) AS last_commit_at, is_archived, primary_language, full_name, host, is_fork,
       default_branch, tree_truncated, crawl_status, sources, strftime(first_seen, {ISO}) AS first_seen,
       strftime(last_seen, {ISO}) AS last_seen
FROM merged_repos
"""

_EDGE_ROWS = f"""
-- Edges: one per (repository, package), the union of what every source saw.
CREATE TEMP TABLE edge_rows AS
SELECT {stable_id("host || '/' || lower(full_name)")} AS repository_id,
       {stable_id("ecosystem || '/' || package")} AS package_id,
       ecosystem, package, manifest_path, requirement, version, dependency_type, direct, source, detected_at,
       {SOURCE_PRIORITY} AS priority
FROM n_dependencies
"""

_MULTI_EDGES = """
-- Most (repository, package) pairs are seen once: those rows are copied as they are, and only
-- the pairs seen several times (several manifests or sources) pay for the merging aggregate.
CREATE TEMP TABLE multi_edges AS
SELECT repository_id, package_id FROM edge_rows GROUP BY repository_id, package_id HAVING count(*) > 1
"""

_DEPENDENCIES = f"""
INSERT INTO dependencies BY NAME
SELECT {stable_id("e.repository_id::VARCHAR || '/' || e.package_id::VARCHAR")} AS id,
       e.repository_id, e.package_id, e.version, e.dependency_type,
       strftime(e.detected_at, {ISO}) AS detected_at, e.requirement, e.manifest_path,
       coalesce(e.direct, true) AS direct, e.source,
       strftime(e.detected_at, {ISO}) AS first_seen, strftime(e.detected_at, {ISO}) AS last_seen
FROM edge_rows e ANTI JOIN multi_edges m ON m.repository_id = e.repository_id AND m.package_id = e.package_id
UNION ALL BY NAME
SELECT {stable_id("e.repository_id::VARCHAR || '/' || e.package_id::VARCHAR")} AS id,
       e.repository_id, e.package_id,
       arg_max(e.version, {edge_rank('e.version', False)}) FILTER (WHERE e.version IS NOT NULL) AS version,
       arg_max(e.dependency_type, {edge_rank('e.dependency_type')})
           FILTER (WHERE e.dependency_type IS NOT NULL) AS dependency_type,
       strftime(min(e.detected_at), {ISO}) AS detected_at,
       arg_max(e.requirement, {edge_rank('e.requirement')}) FILTER (WHERE e.requirement IS NOT NULL) AS requirement,
       string_agg(DISTINCT e.manifest_path, ',' ORDER BY e.manifest_path) AS manifest_path,
       coalesce(bool_or(e.direct), true) AS direct,
       string_agg(DISTINCT e.source, ',' ORDER BY e.source) AS source,
       strftime(min(e.detected_at), {ISO}) AS first_seen,
       strftime(max(e.detected_at), {ISO}) AS last_seen
FROM edge_rows e SEMI JOIN multi_edges m ON m.repository_id = e.repository_id AND m.package_id = e.package_id
GROUP BY e.repository_id, e.package_id
"""

_PACKAGE_KEYS = """
-- Packages: everything depended on, plus what package-metadata sources describe.
CREATE TEMP TABLE package_keys AS
SELECT DISTINCT ecosystem, package AS name FROM n_dependencies
UNION SELECT DISTINCT ecosystem, name FROM n_packages
"""

_PACKAGES = f"""
INSERT INTO packages BY NAME
SELECT {stable_id("k.ecosystem || '/' || k.name")} AS id, k.name, k.ecosystem,
       arg_max(m.description, {priority_sql('m.source')}) FILTER (WHERE m.description IS NOT NULL) AS description,
       arg_max(m.repository_url, {priority_sql('m.source')})
           FILTER (WHERE m.repository_url IS NOT NULL) AS repository_url,
       arg_max(m.homepage_url, {priority_sql('m.source')}) FILTER (WHERE m.homepage_url IS NOT NULL) AS homepage_url,
       arg_max(m.latest_version, {priority_sql('m.source')})
           FILTER (WHERE m.latest_version IS NOT NULL) AS latest_version,
       coalesce(arg_max(m.purl, {priority_sql('m.source')}) FILTER (WHERE m.purl IS NOT NULL),
                'pkg:' || k.ecosystem || '/' || k.name) AS purl,
       0 AS dependent_repositories, 0 AS dependent_organizations, 0 AS filter_flags, false AS popular,
       lower(nullif(regexp_extract(arg_max(m.repository_url, {priority_sql('m.source')})
                                       FILTER (WHERE m.repository_url IS NOT NULL),
                                   '^(?:git\\+)?(?:https?://|git@|ssh://git@)?(?:www\\.)?github\\.com[:/]([^/]+/[^/#?]+?)(?:\\.git)?/?(?:[#?].*)?$',
                                   1), '')) AS source_repository
FROM package_keys k LEFT JOIN n_packages m ON m.ecosystem = k.ecosystem AND m.name = k.name
GROUP BY k.ecosystem, k.name
"""

_SOURCE_LISTS = """
-- The answer: per (package, owner), how many of the owner's repositories use it and how.
-- Almost every (package, owner) pair is its own group at Libraries.io scale (45 M groups from 50 M
-- edges), so the aggregate keeps only fixed-width states: the two ids as keys, timestamps instead
-- of their ISO text, and a small number per distinct source list instead of the list itself.
-- Names are joined to the result; the sources are merged only for pairs whose edges differ.
CREATE TEMP TABLE source_lists AS
SELECT source, (row_number() OVER (ORDER BY source))::INTEGER AS source_list_id
FROM (SELECT DISTINCT source FROM dependencies)
"""

# Repository filters as bits of one edge (the API's forks=false, archived=false, runtime=true):
# an answer under a filter mask keeps the edges whose bits miss the mask.
FORK, ARCHIVED, NOT_RUNTIME = 1, 2, 4
# The per-package statements (facets, user counts, activity) group and window every edge they
# read; at 50 M edges and 1GB they ran out of memory in one go. Beyond this many edges per GiB of
# the memory limit they run once per shard of package ids (a package's edges are never split).
EDGES_PER_GIB = 16_000_000


def package_shards(con: duckdb.DuckDBPyConnection, edges_per_shard: int | None = None) -> int:
    """How many shards of package ids the per-package statements run in (see ``EDGES_PER_GIB``).

    :param con: the warehouse being built, with ``edge_facts``.
    :param edges_per_shard: edges one shard may take (default from the session's memory limit).
    """
    edges = con.execute("SELECT count(*) FROM edge_facts").fetchone()[0]
    per_shard = edges_per_shard or max(1, int(EDGES_PER_GIB * memory_limit_bytes(con) / 2**30))
    return max(1, -(-edges // per_shard))


# Packages with at least this many owners get an index per sort order and precomputed counts;
# the others are few enough rows to sort and count per request.
POPULAR_OWNERS = 2000

_EDGE_FACTS = f"""
-- One row per merged edge with what the answer's filters and aggregates read, joined once.
CREATE TEMP TABLE edge_facts AS
SELECT d.package_id, r.organization_id, d.direct, r.stars, r.pushed_at,
       CAST(d.first_seen AS TIMESTAMP) AS first_seen, l.source_list_id, d.dependency_type = 'runtime' AS runtime,
       (CASE WHEN coalesce(r.is_fork, false) THEN {FORK} ELSE 0 END
        | CASE WHEN coalesce(r.is_archived, false) THEN {ARCHIVED} ELSE 0 END
        | CASE WHEN coalesce(d.dependency_type = 'runtime', false) THEN 0 ELSE {NOT_RUNTIME} END) AS facet
FROM dependencies d
JOIN (SELECT id, organization_id, stars, is_fork, is_archived, CAST(last_commit_at AS TIMESTAMP) AS pushed_at
      FROM repositories) r ON r.id = d.repository_id
JOIN source_lists l ON l.source = d.source
"""

_USAGE = """
CREATE TEMP TABLE usage AS
SELECT package_id, organization_id,
       count(*) FILTER (WHERE direct) AS repositories,
       count(*) FILTER (WHERE direct AND runtime) AS runtime_repositories,
       count(*) FILTER (WHERE NOT direct) AS transitive_repositories,
       coalesce(sum(stars), 0)::BIGINT AS stars,
       max(pushed_at) AS last_commit_at,
       CASE WHEN count(pushed_at) = count(*) THEN min(pushed_at) END AS oldest_commit_at,
       min(first_seen) AS first_seen,
       bit_or(facet)::INTEGER AS filter_flags,
       min(source_list_id) AS source_min, max(source_list_id) AS source_max
FROM edge_facts
GROUP BY package_id, organization_id
"""

_PACKAGE_STATS = """
CREATE TEMP TABLE package_stats AS
SELECT package_id, sum(repositories + transitive_repositories)::BIGINT AS repos, count(*) AS orgs,
       bit_or(filter_flags)::INTEGER AS filter_flags, count(*) >= getvariable('popular_owners') AS popular
FROM usage GROUP BY package_id
"""

_SOURCE_BITS = """
-- Each source label a bit, each source list a mask of them, so facet rows can union their sources
-- as integers (bit_or) and spell them out once at the end.
CREATE TEMP TABLE source_bits AS
SELECT label, (1::UBIGINT << (row_number() OVER (ORDER BY label) - 1)::INTEGER) AS bit
FROM (SELECT DISTINCT unnest(string_split(source, ',')) AS label FROM source_lists)
"""

_SOURCE_MASKS = """
CREATE TEMP TABLE source_list_masks AS
SELECT l.source_list_id, bit_or(b.bit) AS mask
FROM source_lists l, unnest(string_split(l.source, ',')) AS s(label) JOIN source_bits b ON b.label = s.label
GROUP BY l.source_list_id
"""

_USAGE_SOURCES = """
CREATE TEMP TABLE usage_sources AS
SELECT d.package_id, r.organization_id,
       array_to_string(list_sort(list_distinct(flatten(list(string_split(d.source, ','))))), ',') AS sources
FROM dependencies d JOIN repositories r ON r.id = d.repository_id
SEMI JOIN (SELECT package_id, organization_id FROM usage WHERE source_min <> source_max) m
     ON m.package_id = d.package_id AND m.organization_id = r.organization_id
GROUP BY d.package_id, r.organization_id
"""

_FACETS = f"""
-- Owners using a package from several repositories: their edges per facet (filter bits) and day of
-- last push, summed from that day on (a window over the days, latest first), so the answer under
-- any filter and active_since reads one row per facet instead of counting repositories.
INSERT INTO package_user_facets BY NAME
WITH days AS (
    SELECT e.package_id, e.organization_id, e.facet, coalesce(strftime(e.pushed_at, '%Y-%m-%d'), '') AS since,
           count(*) FILTER (WHERE e.direct) AS repositories, count(*) FILTER (WHERE NOT e.direct) AS transitive,
           coalesce(sum(e.stars), 0)::BIGINT AS stars, max(e.pushed_at) AS last_commit, min(e.first_seen) AS first_seen,
           bit_or(m.mask) AS mask
    FROM shard_edges e
    JOIN source_list_masks m ON m.source_list_id = e.source_list_id
    SEMI JOIN (SELECT package_id, organization_id FROM usage WHERE repositories + transitive_repositories > 1) u
         ON u.package_id = e.package_id AND u.organization_id = e.organization_id
    GROUP BY ALL
), cumulative AS (
    SELECT package_id, organization_id, facet, since,
           sum(repositories) OVER w AS repositories, sum(transitive) OVER w AS transitive_repositories,
           sum(stars) OVER w AS stars, max(last_commit) OVER w AS last_commit, min(first_seen) OVER w AS first_seen,
           bit_or(mask) OVER w AS mask
    FROM days
    WINDOW w AS (PARTITION BY package_id, organization_id, facet ORDER BY since DESC
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), spelled AS (
    SELECT m.mask, string_agg(b.label, ',' ORDER BY b.label) AS sources
    FROM (SELECT DISTINCT mask FROM cumulative) m JOIN source_bits b ON (m.mask & b.bit) <> 0
    GROUP BY m.mask
)
SELECT c.package_id, c.organization_id, c.facet, c.since, c.repositories::BIGINT AS repositories,
       c.transitive_repositories::BIGINT AS transitive_repositories, c.stars::BIGINT AS stars,
       strftime(c.last_commit, {ISO}) AS last_commit_at, strftime(c.first_seen, {ISO}) AS first_seen, s.sources
FROM cumulative c JOIN spelled s ON s.mask = c.mask
"""

# "Never pushed" as a day earlier than any push (dates aggregate in 4 fixed bytes; strings do not
# spill well: at 50 M edges the string version ran out of a 1 GB limit); written as ''.
_NEVER = "DATE '0001-01-01'"

_USER_COUNTS = """
-- Popular packages: per filter combination (reduced to the package's filter bits), owner type and
-- day, how many owners keep a (direct) repository pushed on or after that day: the latest such
-- day per owner, counted per day, summed from that day on.
INSERT INTO package_user_counts BY NAME
WITH by_facet AS (
    -- Two small aggregate states per (package, owner, facet) instead of sixteen per (package, owner).
    SELECT e.package_id, e.organization_id, e.facet,
           max(coalesce(CAST(e.pushed_at AS DATE), """ + _NEVER + """)) FILTER (WHERE e.direct) AS d,
           max(coalesce(CAST(e.pushed_at AS DATE), """ + _NEVER + """)) AS a
    FROM shard_edges e SEMI JOIN package_stats p ON p.package_id = e.package_id AND p.popular
    GROUP BY ALL
), per_owner AS (
    -- A repository counts under a combination when it has none of the combination's facets.
    SELECT f.package_id, f.organization_id, c.combo, max(f.d) AS d, max(f.a) AS a
    FROM by_facet f
    JOIN package_stats p ON p.package_id = f.package_id
    JOIN (SELECT range::INTEGER AS combo FROM range(8)) c
      ON (c.combo & ~p.filter_flags) = 0 AND (f.facet & c.combo) = 0
    GROUP BY ALL
), per_combo AS (
    SELECT l.package_id, l.combo, o.owner_type, l.d, l.a
    FROM per_owner l JOIN organizations o ON o.id = l.organization_id
), days AS (
    -- Both days of each owner in one pass (a UNION ALL of two scans made DuckDB keep per_combo as
    -- a CTE, which ran out of a 1GB limit at 50 M edges).
    SELECT package_id, combo, owner_type, since, sum(nd) AS nd, sum(na) AS na FROM (
        SELECT package_id, combo, owner_type, unnest([d, a]) AS since, unnest([1, 0]) AS nd, unnest([0, 1]) AS na
        FROM per_combo)
    WHERE since IS NOT NULL
    GROUP BY ALL
)
SELECT package_id, combo, owner_type,
       CASE WHEN since = """ + _NEVER + """ THEN '' ELSE strftime(since, '%Y-%m-%d') END AS since,
       (sum(nd) OVER w)::BIGINT AS direct_owners, (sum(na) OVER w)::BIGINT AS owners
FROM days
WINDOW w AS (PARTITION BY package_id, combo, owner_type ORDER BY since DESC
             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
"""

# Activity days per popular package: the day of its pushed edge at recency rank n/2, n/4, … (n its
# pushed edges), ACTIVITY_LEVELS of them at most (the last ones only days apart).
ACTIVITY_LEVELS = 12

_ACTIVITY = f"""
-- Popular packages: per activity day, each owner with a repository pushed on or after it, counting
-- only those repositories (every filter combination: the counts bound any combination's). Edges are
-- placed at the latest activity day on or before their push, summed from that day on per owner, and
-- the sum holds for every activity day down to the owner's previous one.
INSERT INTO package_user_activity BY NAME
WITH pushed AS (
    SELECT e.package_id, e.organization_id, e.direct, e.runtime, e.stars, CAST(e.pushed_at AS DATE) AS day,
           row_number() OVER (PARTITION BY e.package_id ORDER BY e.pushed_at DESC) AS recency,
           count(*) OVER (PARTITION BY e.package_id) AS pushes
    FROM shard_edges e SEMI JOIN package_stats p ON p.package_id = e.package_id AND p.popular
    WHERE e.pushed_at IS NOT NULL
), days AS (
    SELECT DISTINCT p.package_id, p.day FROM pushed p
    JOIN range(1, {ACTIVITY_LEVELS + 1}) j ON p.recency = ceil(p.pushes / power(2, j.range))
), placed AS (
    SELECT p.package_id, p.organization_id, d.day, count(*) FILTER (WHERE p.direct) AS repositories,
           count(*) FILTER (WHERE p.direct AND p.runtime) AS runtime_repositories, coalesce(sum(p.stars), 0) AS stars
    FROM pushed p ASOF JOIN days d ON d.package_id = p.package_id AND p.day >= d.day
    GROUP BY ALL
), cumulative AS (
    SELECT package_id, organization_id, day,
           coalesce(lag(day) OVER (PARTITION BY package_id, organization_id ORDER BY day), DATE '0001-01-01') AS below,
           sum(repositories) OVER w AS repositories, sum(runtime_repositories) OVER w AS runtime_repositories,
           sum(stars) OVER w AS stars
    FROM placed
    WINDOW w AS (PARTITION BY package_id, organization_id ORDER BY day DESC
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT c.package_id, strftime(d.day, '%Y-%m-%d') AS since, o.owner_type, c.organization_id,
       c.repositories::BIGINT AS repositories, c.stars::BIGINT AS stars,
       c.runtime_repositories::BIGINT AS runtime_repositories
FROM cumulative c
JOIN days d ON d.package_id = c.package_id AND d.day > c.below AND d.day <= c.day
JOIN organizations o ON o.id = c.organization_id
"""

_PACKAGE_USERS = f"""
-- First use survives rebuilds: the earliest of this build's evidence and every earlier build's.
-- The adoption ledger reads these rows back instead of a second copy of every (package, owner)
-- (a temporary table of them cost 4.4 s at 10 M edges).
INSERT INTO package_users BY NAME
SELECT u.package_id, u.organization_id, p.ecosystem, p.name AS package, o.name AS organization, o.owner_type,
       u.repositories, u.runtime_repositories, u.transitive_repositories, u.stars,
       strftime(u.last_commit_at, {ISO}) AS last_commit_at,
       -- An edge no source dated (none of ours leaves one undated) is first seen by this build.
       strftime(coalesce(least(u.first_seen, h.first_seen), getvariable('build_time')), {ISO}) AS first_seen,
       CASE WHEN u.source_min = u.source_max THEN l.source ELSE s.sources END AS sources, o.host,
       -- The two helper columns only when they differ from the published ones (an owner with one
       -- repository, most rows, has neither): 40 bytes less on most of 8.9 M rows at 10 M edges.
       u.filter_flags,
       CASE WHEN u.oldest_commit_at IS NULL THEN ''
            WHEN u.oldest_commit_at < u.last_commit_at THEN strftime(u.oldest_commit_at, {ISO}) END AS oldest_commit_at,
       CASE WHEN u.first_seen IS NULL THEN ''
            WHEN h.first_seen < u.first_seen THEN strftime(u.first_seen, {ISO}) END AS edge_first_seen, ps.popular
FROM usage u
JOIN packages p ON p.id = u.package_id
JOIN organizations o ON o.id = u.organization_id
JOIN package_stats ps ON ps.package_id = u.package_id
JOIN source_lists l ON l.source_list_id = u.source_min
LEFT JOIN usage_sources s ON s.package_id = u.package_id AND s.organization_id = u.organization_id
LEFT JOIN h_adoptions h ON h.ecosystem = p.ecosystem AND h.package = p.name AND h.host = o.host
                       AND h.owner_key = lower(o.name)
"""

_UNSEEN_ADOPTIONS = f"""
-- Every (package, owner) ever seen. One that an earlier build saw and this one does not has
-- ended, provided the package itself still has users here (so a package that is no longer
-- watched ends nothing) and every source that reported it listed the package completely this
-- run (an owner past a truncated or interrupted listing is not gone; it stays, not ended).
-- The uses seen now are package_users' rows: the adoptions view is both.
INSERT INTO adoptions_unseen BY NAME
SELECT {stable_id("h.ecosystem || '/' || h.package")} AS package_id,
       {stable_id("h.host || '/' || h.owner_key")} AS organization_id,
       h.ecosystem, h.package, h.host, o.name AS organization, o.owner_type, h.direct,
       strftime(h.first_seen, {ISO}) AS first_seen, strftime(h.last_seen, {ISO}) AS last_seen,
       CASE WHEN h.ended_at IS NOT NULL THEN strftime(h.ended_at, {ISO})
            WHEN NOT EXISTS (SELECT 1 FROM n_packages np
                             WHERE np.ecosystem = h.ecosystem AND np.name = h.package AND NOT np.listing_complete
                               AND list_contains(string_split(coalesce(h.sources, ''), ','), np.source))
            THEN strftime(getvariable('build_time'), {ISO}) END AS ended_at
FROM h_adoptions h
JOIN organizations o ON o.id = {stable_id("h.host || '/' || h.owner_key")}
SEMI JOIN packages p ON p.ecosystem = h.ecosystem AND p.name = h.package AND p.dependent_organizations > 0
ANTI JOIN package_users a ON a.package_id = {stable_id("h.ecosystem || '/' || h.package")}
                          AND a.organization_id = {stable_id("h.host || '/' || h.owner_key")}
"""

_NEW_ADOPTION_LEDGER = """
-- The ledger's rows are the published adoptions' (timestamps, not their ISO text), each with the
-- sources that reported it: this build's for the uses seen now (package_users' ISO text, whole
-- seconds, read back), else the last list known.
CREATE TEMP TABLE new_adoptions AS
SELECT ecosystem, package, host, lower(organization) AS owner_key, repositories > 0 AS direct,
       CAST(first_seen AS TIMESTAMP) AS first_seen, getvariable('build_time') AS last_seen,
       CAST(NULL AS TIMESTAMP) AS ended_at, sources
FROM package_users
UNION ALL
SELECT a.ecosystem, a.package, a.host, lower(a.organization) AS owner_key, a.direct,
       CAST(a.first_seen AS TIMESTAMP) AS first_seen, CAST(a.last_seen AS TIMESTAMP) AS last_seen,
       CAST(a.ended_at AS TIMESTAMP) AS ended_at, h.sources
FROM adoptions_unseen a
LEFT JOIN h_adoptions h ON h.ecosystem = a.ecosystem AND h.package = a.package AND h.host = a.host
                       AND h.owner_key = lower(a.organization)
UNION ALL
-- Packages with no users this build keep their history untouched for a later build.
SELECT h.ecosystem, h.package, h.host, h.owner_key, h.direct, h.first_seen, h.last_seen, h.ended_at, h.sources
FROM h_adoptions h
ANTI JOIN adoptions a ON a.ecosystem = h.ecosystem AND a.package = h.package AND a.host = h.host
                     AND lower(a.organization) = h.owner_key
-- No ORDER BY: the next build only joins the ledger, and sorting every adoption by four strings
-- took as long as the rest of this statement.
"""

_PACKAGE_TOTALS = """
-- Every edge's repository has an owner, so the usage rows count them: no count(DISTINCT) pass.
UPDATE packages SET dependent_repositories = s.repos, dependent_organizations = s.orgs,
                    filter_flags = s.filter_flags, popular = s.popular
FROM package_stats s
WHERE packages.id = s.package_id
"""

_SOURCE_COUNTS = """
-- listed_repositories counts the merged edges whose source list names the source (one merged
-- edge per repository and package), so no count(DISTINCT) over raw edges is needed.
INSERT INTO source_counts BY NAME
WITH listed AS (
    SELECT package_id, any_value(ecosystem) AS ecosystem, any_value(package) AS package, source, count(*) AS edges
    FROM edge_rows GROUP BY package_id, source
), merged AS (
    SELECT package_id, source, count(*) AS repos FROM dependencies WHERE NOT contains(source, ',')
    GROUP BY package_id, source
    UNION ALL
    SELECT package_id, unnest(string_split(source, ',')) AS source, 1 FROM dependencies WHERE contains(source, ',')
), repos AS (
    SELECT package_id, source, sum(repos) AS repos FROM merged GROUP BY package_id, source
)
SELECT l.ecosystem, l.package, l.source, max(h.dependent_repositories_count) AS headline_count,
       l.edges AS listed_edges, r.repos AS listed_repositories, bool_and(h.listing_complete) AS complete
FROM listed l
JOIN repos r ON r.package_id = l.package_id AND r.source = l.source
LEFT JOIN n_packages h ON h.ecosystem = l.ecosystem AND h.name = l.package AND h.source = l.source
GROUP BY l.ecosystem, l.package, l.source, l.edges, r.repos
"""

_SOURCE_HEADLINES = """
-- A source that gave a headline but listed nothing still says something: "N dependents, 0 listed".
INSERT INTO source_counts BY NAME
SELECT h.ecosystem, h.name AS package, h.source, max(h.dependent_repositories_count) AS headline_count,
       0 AS listed_edges, 0 AS listed_repositories, bool_and(h.listing_complete) AS complete
FROM n_packages h
WHERE h.dependent_repositories_count IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM source_counts s
                  WHERE s.ecosystem = h.ecosystem AND s.package = h.name AND s.source = h.source)
GROUP BY h.ecosystem, h.name, h.source
"""

_ERRORS = f"""
INSERT INTO errors BY NAME
SELECT row_number() OVER (ORDER BY source, subject, reason) AS id, source, subject, reason,
       strftime(detected_at, {ISO}) AS detected_at
FROM (SELECT DISTINCT source, subject, reason, detected_at FROM n_errors)
"""

# The statements that read one shard of packages' edges at a time (``_run_per_package``).
PER_PACKAGE = (("facets", _FACETS), ("user_counts", _USER_COUNTS), ("activity", _ACTIVITY))

# In order; the names are what ``timings`` reports (the per-package ones by their own names).
STATEMENTS: tuple[tuple[str, str | tuple[tuple[str, str], ...]], ...] = (
    ("repo_rows", _REPO_ROWS), ("merged_repos", _MERGED_REPOS), ("owner_rows", _OWNER_ROWS),
    ("owner_totals", _OWNER_TOTALS), ("organizations", _ORGANIZATIONS),
    ("deleted_organizations", _DELETED_ORGANIZATIONS), ("owner_ledger", _NEW_OWNER_LEDGER),
    ("repositories", _REPOSITORIES), ("edge_rows", _EDGE_ROWS), ("multi_edges", _MULTI_EDGES),
    ("dependencies", _DEPENDENCIES), ("package_keys", _PACKAGE_KEYS), ("packages", _PACKAGES),
    ("source_lists", _SOURCE_LISTS), ("edge_facts", _EDGE_FACTS), ("usage", _USAGE),
    ("package_stats", _PACKAGE_STATS), ("usage_sources", _USAGE_SOURCES),
    ("source_bits", _SOURCE_BITS), ("source_masks", _SOURCE_MASKS),
    ("package_users", _PACKAGE_USERS), ("package_totals", _PACKAGE_TOTALS),
    ("per_package", PER_PACKAGE),
    ("adoptions_unseen", _UNSEEN_ADOPTIONS), ("adoption_ledger", _NEW_ADOPTION_LEDGER),
    ("source_counts", _SOURCE_COUNTS),
    ("source_headlines", _SOURCE_HEADLINES), ("errors", _ERRORS),
)
