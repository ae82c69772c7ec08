"""The warehouse: DuckDB merges every producer's normalized Parquet into the published shapes.

Sources overlap (GitHub, ecosyste.ms, Libraries.io, the dependents page all see some of the same
edges), so here each entity is merged to one row: one repository per (host, owner/name), one
owner per (host, login), one package per (ecosystem, name), one edge per (repository, package)
carrying the union of sources, the earliest first_seen and the most specific requirement and type.
The warehouse tables have exactly the published columns, so publishing is a copy.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from wump.schema import NORMALIZED, PUBLISHED

# Which source's attributes win when sources disagree (higher wins), then the freshest read.
SOURCE_PRIORITY = """
    CASE
        WHEN source = 'github-manifest' THEN 6
        WHEN source = 'github' THEN 5
        WHEN source = 'github-sbom' THEN 4
        WHEN source LIKE 'ecosystems%' THEN 3
        WHEN source LIKE 'github-dependents%' THEN 2
        WHEN source LIKE 'librariesio-api%' THEN 2
        ELSE 1
    END
"""
ISO = "'%Y-%m-%dT%H:%M:%SZ'"


def stable_id(expression: str) -> str:
    """SQL for a stable positive 60-bit id from a text key: same input, same id, any engine run."""
    return f"CAST(('0x' || substr(md5({expression}), 1, 15)) AS BIGINT)"


def connect(path: Path, memory_limit: str | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(f"SET memory_limit = '{memory_limit or os.environ.get('WUMP_DUCKDB_MEMORY', '4GB')}'")
    con.execute(f"SET temp_directory = '{path.parent / 'duckdb_tmp'}'")
    con.execute("SET preserve_insertion_order = false")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def _load_normalized(con: duckdb.DuckDBPyConnection, parquet_dir: Path) -> None:
    """A view per normalized table over every producer's file (an empty typed view when none)."""
    for name, table in NORMALIZED.items():
        files = sorted(str(p) for p in (parquet_dir / name).glob("*.parquet"))
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


def _create_published_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table in PUBLISHED.values():
        con.execute(table.duckdb_ddl())


def build_warehouse(parquet_dir: Path, warehouse_path: Path, memory_limit: str | None = None) -> dict[str, int]:
    """(Re)build every warehouse table from the normalized Parquet; returns row counts."""
    tmp = warehouse_path.with_suffix(".building.duckdb")
    tmp.unlink(missing_ok=True)
    con = connect(tmp, memory_limit)
    try:
        _load_normalized(con, parquet_dir)
        _create_published_tables(con)
        con.execute(_MERGE_SQL)
        counts = {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in PUBLISHED}
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, warehouse_path)
    return counts


_MERGE_SQL = f"""
-- Repositories: every repository any producer described or saw in an edge, merged.
CREATE TEMP TABLE repo_rows AS
SELECT host, lower(full_name) AS repo_key, full_name, owner, stars, is_fork, is_archived,
       primary_language, default_branch, pushed_at, tree_truncated, crawl_status, source, fetched_at,
       {SOURCE_PRIORITY} * 10000000000 + coalesce(epoch(fetched_at), 0)::BIGINT AS rank_key
FROM n_repositories
UNION ALL
SELECT DISTINCT host, lower(full_name), full_name, split_part(full_name, '/', 1), NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, source, detected_at, 0
FROM n_dependencies;

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
FROM repo_rows GROUP BY host, repo_key;

-- Owners: every owner of a known repository, described by whichever source knows most.
CREATE TEMP TABLE owner_rows AS
SELECT host, lower(login) AS owner_key, login, owner_type, display_name, website_url, company, location,
       is_verified, sponsorship_url, created_at, fetched_at, source,
       {SOURCE_PRIORITY} * 10000000000 + coalesce(epoch(fetched_at), 0)::BIGINT AS rank_key
FROM n_owners;

CREATE TEMP TABLE owner_totals AS
SELECT host, owner_key, any_value(owner) AS owner, count(*) AS repos,
       coalesce(sum(stars), 0)::BIGINT AS stars, max(last_seen) AS last_seen
FROM merged_repos GROUP BY host, owner_key;

INSERT INTO organizations
SELECT {stable_id("t.host || '/' || t.owner_key")} AS id,
       coalesce(arg_max(o.login, o.rank_key), t.owner) AS name,
       'https://' || t.host || '/' || coalesce(arg_max(o.login, o.rank_key), t.owner) AS github_url,
       arg_max(o.website_url, o.rank_key) FILTER (WHERE o.website_url IS NOT NULL) AS website_url,
       arg_max(o.sponsorship_url, o.rank_key) FILTER (WHERE o.sponsorship_url IS NOT NULL) AS sponsorship_url,
       t.repos AS total_repositories,
       t.stars AS total_stars,
       strftime(min(o.created_at), {ISO}) AS created_at,
       strftime(coalesce(max(o.fetched_at), t.last_seen), {ISO}) AS updated_at,
       NULL AS deleted_at,
       t.host,
       coalesce(arg_max(o.owner_type, o.rank_key) FILTER (WHERE o.owner_type IS NOT NULL), 'unknown') AS owner_type,
       arg_max(o.display_name, o.rank_key) FILTER (WHERE o.display_name IS NOT NULL) AS display_name,
       arg_max(o.company, o.rank_key) FILTER (WHERE o.company IS NOT NULL) AS company,
       arg_max(o.location, o.rank_key) FILTER (WHERE o.location IS NOT NULL) AS location,
       arg_max(o.is_verified, o.rank_key) FILTER (WHERE o.is_verified IS NOT NULL) AS is_verified,
       string_agg(DISTINCT o.source, ',' ORDER BY o.source) AS sources
FROM owner_totals t LEFT JOIN owner_rows o ON o.host = t.host AND o.owner_key = t.owner_key
GROUP BY t.host, t.owner_key, t.owner, t.repos, t.stars, t.last_seen;

INSERT INTO repositories
SELECT {stable_id("host || '/' || repo_key")}, {stable_id("host || '/' || owner_key")},
       split_part(full_name, '/', 2), 'https://' || host || '/' || full_name, stars,
       strftime(pushed_at, {ISO}), is_archived, primary_language, full_name, host, is_fork, default_branch,
       tree_truncated, crawl_status, sources, strftime(first_seen, {ISO}), strftime(last_seen, {ISO})
FROM merged_repos;

-- Edges: one per (repository, package), the union of what every source saw.
CREATE TEMP TABLE edge_rows AS
SELECT {stable_id("host || '/' || lower(full_name)")} AS repository_id,
       {stable_id("ecosystem || '/' || package")} AS package_id,
       ecosystem, package, manifest_path, requirement, version, dependency_type, direct, source, detected_at,
       {SOURCE_PRIORITY} AS priority
FROM n_dependencies;

INSERT INTO dependencies
SELECT {stable_id("repository_id::VARCHAR || '/' || package_id::VARCHAR")},
       repository_id, package_id,
       arg_max(version, priority) FILTER (WHERE version IS NOT NULL),
       arg_max(dependency_type, priority) FILTER (WHERE dependency_type IS NOT NULL),
       strftime(min(detected_at), {ISO}),
       arg_max(requirement, priority) FILTER (WHERE requirement IS NOT NULL),
       string_agg(DISTINCT manifest_path, ',' ORDER BY manifest_path),
       coalesce(bool_or(direct), true),
       string_agg(DISTINCT source, ',' ORDER BY source),
       strftime(min(detected_at), {ISO}),
       strftime(max(detected_at), {ISO})
FROM edge_rows GROUP BY repository_id, package_id;

-- Packages: everything depended on, plus what package-metadata sources describe.
CREATE TEMP TABLE package_keys AS
SELECT DISTINCT ecosystem, package AS name FROM n_dependencies
UNION SELECT DISTINCT ecosystem, name FROM n_packages;

INSERT INTO packages
SELECT {stable_id("k.ecosystem || '/' || k.name")}, k.name, k.ecosystem,
       arg_max(m.description, {SOURCE_PRIORITY.replace('source', 'm.source')}) FILTER (WHERE m.description IS NOT NULL),
       arg_max(m.repository_url, {SOURCE_PRIORITY.replace('source', 'm.source')}) FILTER (WHERE m.repository_url IS NOT NULL),
       arg_max(m.homepage_url, {SOURCE_PRIORITY.replace('source', 'm.source')}) FILTER (WHERE m.homepage_url IS NOT NULL),
       arg_max(m.latest_version, {SOURCE_PRIORITY.replace('source', 'm.source')}) FILTER (WHERE m.latest_version IS NOT NULL),
       coalesce(arg_max(m.purl, {SOURCE_PRIORITY.replace('source', 'm.source')}) FILTER (WHERE m.purl IS NOT NULL),
                'pkg:' || k.ecosystem || '/' || k.name), 0, 0
FROM package_keys k LEFT JOIN n_packages m ON m.ecosystem = k.ecosystem AND m.name = k.name
GROUP BY k.ecosystem, k.name;

-- The answer: per (package, owner), how many of the owner's repositories use it and how.
INSERT INTO package_users
SELECT d.package_id, r.organization_id, p.ecosystem, p.name, o.name, o.owner_type,
       count(*) FILTER (WHERE d.direct),
       count(*) FILTER (WHERE d.direct AND d.dependency_type = 'runtime'),
       count(*) FILTER (WHERE NOT d.direct),
       coalesce(sum(r.stars), 0)::BIGINT,
       max(r.last_commit_at),
       min(d.first_seen),
       array_to_string(list_sort(list_distinct(flatten(list(string_split(d.source, ','))))), ',')
FROM dependencies d
JOIN repositories r ON r.id = d.repository_id
JOIN organizations o ON o.id = r.organization_id
JOIN packages p ON p.id = d.package_id
GROUP BY d.package_id, r.organization_id, p.ecosystem, p.name, o.name, o.owner_type;

UPDATE packages SET dependent_repositories = s.repos, dependent_organizations = s.orgs
FROM (SELECT d.package_id, count(*) AS repos, count(DISTINCT r.organization_id) AS orgs
      FROM dependencies d JOIN repositories r ON r.id = d.repository_id GROUP BY d.package_id) s
WHERE packages.id = s.package_id;

INSERT INTO source_counts
SELECT e.ecosystem, e.package, e.source,
       max(h.dependent_repositories_count),
       count(*), count(DISTINCT e.repository_id)
FROM edge_rows e
LEFT JOIN n_packages h ON h.ecosystem = e.ecosystem AND h.name = e.package AND h.source = e.source
GROUP BY e.ecosystem, e.package, e.source;

INSERT INTO errors
SELECT row_number() OVER (ORDER BY source, subject, reason), source, subject, reason, strftime(detected_at, {ISO})
FROM (SELECT DISTINCT source, subject, reason, detected_at FROM n_errors);
"""

