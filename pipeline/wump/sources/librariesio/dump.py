"""Import the Libraries.io Open Data release 1.6.0 (2020-01-12) into wump's normalized tables.

The release (CC BY-SA 4.0, Libraries.io / Tidelift) is the largest free record of which
repositories depend on which packages: ``repository_dependencies`` (hundreds of millions of
rows), ``repositories`` (tens of millions), ``projects`` (millions). ``import_dump`` turns it into
the producer ``librariesio``'s normalized Parquet, the same tables every other source writes:

    parquet_dir/dependencies/librariesio.parquet   one row per dump row that names a package
    parquet_dir/repositories/librariesio.parquet   repositories that have at least one edge
    parquet_dir/packages/librariesio.parquet       every package an edge names, with purl and,
                                                   when the projects file lists it, metadata
    parquet_dir/errors/librariesio.parquet         per file and reason: a count, and examples

How (measured in bench/librariesio_bench.py):

- **Streaming, bounded memory.** DuckDB parses each CSV (parallel reader, ``memory_limit``,
  spilling to ``parquet_dir/.duckdb_tmp``) and normalizes in the same SQL pipeline; Arrow record
  batches of ~0.5 M rows reach Python through a two-batch queue (DuckDB keeps parsing while the
  previous batch is written) and are appended to the Parquet file as row groups by pyarrow.
  Only the distinct repository ids the edges reference are kept in memory (to select the
  repositories rows worth keeping); the referenced packages are read back from the written file.
  Why not Polars ``scan_csv``: it is a little faster on clean files but stops at the first badly
  quoted field even with ``ignore_errors`` and cannot say which rows it dropped; DuckDB's
  ``store_rejects`` gives every rejected row with its line number and reason.
- **Bad rows are counted, shown and skipped, never fatal.** DuckDB's ``store_rejects`` records
  every row it cannot parse (ragged: too few or too many fields, badly quoted, a non-numeric id or
  count, an over-long line) with its line number and text; rows that parse but cannot be used
  (no ``owner/name``, no platform, no package name) are counted too, by dump ``ID``. The report
  has the counts per reason and up to ``EXAMPLES`` examples each; the errors table gets one
  summary row per (file, reason) plus the examples.
- **Identity.** ``Manifest Platform`` → purl type by ``identity.ecosystem_for_platform``, names by
  ``identity.normalize_name``, vectorized in ``wump.identity_frames``: DuckDB SQL for ASCII text
  (where DuckDB's ``lower``/``trim`` equal Python's), and the scalar functions themselves for the
  rare rows with any non-ASCII character (Python's full Unicode case mapping differs from
  DuckDB's on İ and final sigma). Tests assert equality on tricky and random names. Unknown
  platforms keep their lower-cased name as the ecosystem, as ``ecosystem_for_platform`` does.
  Hosts: GitHub → github.com, GitLab → gitlab.com, Bitbucket → bitbucket.org, else lower-cased.
- **The date stays honest.** Every edge is ``source = 'librariesio-1.6.0'`` and
  ``detected_at = 2020-01-12``; repositories are ``fetched_at = 2020-01-12`` too, so their
  first/last seen are the snapshot's date, not the import's.
- **Edges.** ``Manifest kind = lockfile`` rows are transitive use (``direct = false``, and their
  requirement, which is the locked version, is also the ``version``); every other row is direct.
  ``Dependency Kind`` maps to ``dependency_type`` by ``wump.vocabulary.RAW_KINDS``, the same
  mapping every source uses (case- and space-insensitive); an empty kind is ``runtime`` (the
  default scope of every manifest format); a kind it does not know (``system``...) is NULL, so the
  published column only holds the seven documented types. ``Optional = true``
  does not override the kind (the type stays what the manifest's section says; the flag is not
  a scope). Requirements are kept exactly as written (commas, quotes; an empty field is null, a
  quoted ``""`` is the empty string). Unresolved dependencies (no ``Dependency Project ID``) are
  kept: the edge names its package, Libraries.io just had no project page for it.
- **Owners.** The dump says nothing about owners: no owners rows are written, so the warehouse
  reports ``owner_type = 'unknown'`` unless another source describes the owner.
- **Known quirks.** In ``repositories`` every data row has 40 fields under a 39-name header (two
  values under ``Display Name``): it is read with 40 names, ``Display Name 2`` inserted after
  ``Display Name``. A row with 39 fields is ragged there. Repository ``Forks Count`` and projects'
  keywords/licences have no column in the normalized schema and are not kept. Repositories
  rows are matched to edges by ``Repository ID``; the edge keeps the name the dependency row
  gives.
- The normalized dependencies file may repeat its key when the dump lists one package twice in
  one manifest (e.g. as runtime and as development); the warehouse merges edges per
  (repository, package) anyway, and skipping the global de-duplication keeps the import a
  single streaming pass.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from queue import Queue

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from wump.duck import bounded
from wump.identity_frames import (
    purls,
    sql_is_ascii,
    sql_normalize_name,
    sql_platform_key,
    sql_platform_table,
    with_package_identity,
)
from wump.normalize import frame as typed_frame
from wump.normalize import table_path, write_parquet
from wump.schema import NORMALIZED
from wump.vocabulary import HOSTS, RAW_KINDS

PRODUCER = "librariesio"
SOURCE = "librariesio-1.6.0"
DUMP_DATE = datetime(2020, 1, 12)
EXAMPLES = 5
BATCH_ROWS = 1 << 19

DEPENDENCIES_FILE = "repository_dependencies-1.6.0-2020-01-12.csv"
REPOSITORIES_FILE = "repositories-1.6.0-2020-01-12.csv"
PROJECTS_FILE = "projects-1.6.0-2020-01-12.csv"

DEPENDENCY_COLUMNS = {
    "ID": "BIGINT", "Host Type": "VARCHAR", "Repository Name with Owner": "VARCHAR", "Repository ID": "BIGINT",
    "Manifest Platform": "VARCHAR", "Manifest Filepath": "VARCHAR", "Git branch": "VARCHAR",
    "Manifest kind": "VARCHAR", "Optional": "BOOLEAN", "Dependency Project Name": "VARCHAR",
    "Dependency Requirements": "VARCHAR", "Dependency Kind": "VARCHAR", "Dependency Project ID": "BIGINT",
}
_REPOSITORY_NAMES = (
    "ID, Host Type, Name with Owner, Description, Fork, Created Timestamp, Updated Timestamp, "
    "Last pushed Timestamp, Homepage URL, Size, Stars Count, Language, Issues enabled, Wiki enabled, "
    "Pages enabled, Forks Count, Mirror URL, Open Issues Count, Default branch, Watchers Count, UUID, "
    "Fork Source Name with Owner, License, Contributors Count, Readme filename, Changelog filename, "
    "Contributing guidelines filename, License filename, Code of Conduct filename, "
    "Security Threat Model filename, Security Audit filename, Status, Last Synced Timestamp, SourceRank, "
    "Display Name, Display Name 2, SCM type, Pull requests enabled, Logo URL, Keywords"
).split(", ")
_REPOSITORY_TYPES = {"ID": "BIGINT", "Fork": "BOOLEAN", "Stars Count": "BIGINT"}
REPOSITORY_COLUMNS = {name: _REPOSITORY_TYPES.get(name, "VARCHAR") for name in _REPOSITORY_NAMES}
_PROJECT_NAMES = (
    "ID, Platform, Name, Created Timestamp, Updated Timestamp, Description, Keywords, Homepage URL, Licenses, "
    "Repository URL, Versions Count, SourceRank, Latest Release Publish Timestamp, Latest Release Number, "
    "Package Manager ID, Dependent Projects Count, Language, Status, Last synced Timestamp, "
    "Dependent Repositories Count, Repository ID"
).split(", ")
PROJECT_COLUMNS = {name: ("BIGINT" if name in ("ID", "Dependent Repositories Count") else "VARCHAR")
                   for name in _PROJECT_NAMES}

@dataclass
class BadRow:
    line: int | None  # line in the file (1 = header) when the CSV reader rejected it
    row_id: int | None  # the dump's ID when the row parsed but could not be used
    reason: str
    text: str  # the raw line (or the row's fields), cut to EXCERPT characters
    detail: str = ""  # the CSV reader's message, e.g. "Expected Number of Columns: 13 Found: 6"


@dataclass
class FileReport:
    file: str
    rows_read: int = 0  # data rows seen: written + skipped as bad + not needed
    rows_written: int = 0
    bad_rows: int = 0
    not_needed: int = 0  # repositories without edges, projects no edge names
    bad_reasons: dict[str, int] = field(default_factory=dict)
    examples: list[BadRow] = field(default_factory=list)


@dataclass
class ImportReport:
    files: dict[str, FileReport]
    tables: dict[str, int]  # rows written per normalized table
    seconds: float

    @property
    def bad_rows(self) -> int:
        return sum(f.bad_rows for f in self.files.values())

    def summary(self) -> str:
        lines = [f"librariesio import: {self.seconds:.1f}s, "
                 + ", ".join(f"{name} {n:,}" for name, n in self.tables.items())]
        for report in self.files.values():
            lines.append(f"  {report.file}: read {report.rows_read:,}, written {report.rows_written:,}, "
                         f"bad {report.bad_rows:,}, not needed {report.not_needed:,}")
            for reason, n in sorted(report.bad_reasons.items()):
                lines.append(f"    {n:,} × {reason}")
            for ex in report.examples:
                where = f"line {ex.line}" if ex.line is not None else f"ID {ex.row_id}"
                detail = f" ({ex.detail})" if ex.detail else ""
                lines.append(f"    e.g. {where}: {ex.reason}{detail}: {ex.text}")
        return "\n".join(lines)


EXCERPT = 200


def _sql_columns(columns: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"


def _read_csv(path: Path, columns: dict[str, str], rejects: str) -> str:
    escaped = str(path).replace("'", "''")
    return (f"read_csv('{escaped}', columns = {_sql_columns(columns)}, header = true, auto_detect = false, "
            f"delim = ',', quote = '\"', escape = '\"', allow_quoted_nulls = false, "
            f"store_rejects = true, rejects_table = '{rejects}_errors', rejects_scan = '{rejects}_scans', "
            f"rejects_limit = 0)")


def _sql_map(expression: str, mapping: dict[str, str], default: str) -> str:
    cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in mapping.items())
    return f"CASE {expression} {cases} ELSE {default} END"


class _Writer:
    """Appends Arrow batches conformed to a normalized table to one Parquet file, atomically."""

    def __init__(self, parquet_dir: Path, table: str):
        self.table = NORMALIZED[table]
        self.path = table_path(parquet_dir, table, PRODUCER)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        os.close(fd)
        self.tmp = Path(tmp)
        self.schema = pa.schema([(c.name, c.arrow_type) for c in self.table.columns])
        self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="snappy")
        self.rows = 0

    def write(self, data: pa.Table) -> None:
        if data.num_rows:
            columns = [data[f.name] if f.name in data.column_names else pa.nulls(data.num_rows, f.type)
                       for f in self.schema]
            self.writer.write_table(pa.table(columns, names=self.schema.names).cast(self.schema))
            self.rows += data.num_rows

    def commit(self) -> int:
        self.writer.close()
        os.replace(self.tmp, self.path)
        return self.rows

    def abort(self) -> None:
        self.writer.close()
        self.tmp.unlink(missing_ok=True)


def _note_bad(report: FileReport, reason: str, n: int) -> None:
    report.bad_rows += n
    report.bad_reasons[reason] = report.bad_reasons.get(reason, 0) + n


def _semantic_bad(report: FileReport, bad: pl.DataFrame, id_column: str, text_columns: list[str]) -> None:
    """Count rows that parsed but cannot be used; keep the first examples of each reason."""
    for (reason,), group in bad.group_by(["problem"], maintain_order=True):
        _note_bad(report, reason, group.height)
        have = sum(1 for ex in report.examples if ex.reason == reason)
        for row in group.head(max(EXAMPLES - have, 0)).iter_rows(named=True):
            text = ",".join("" if row[c] is None else str(row[c]) for c in text_columns)
            report.examples.append(BadRow(None, row[id_column], reason, text[:EXCERPT]))


def _rejected(con: duckdb.DuckDBPyConnection, report: FileReport, rejects: str) -> None:
    """Rows the CSV reader could not parse: one per line, the first error of the line as reason."""
    rows = con.execute(f"""
        SELECT line, arg_min(error_type, column_idx) AS kind, arg_min(error_message, column_idx) AS message,
               any_value(csv_line) AS text
        FROM {rejects}_errors GROUP BY line ORDER BY line""").fetchall()
    counts: dict[str, int] = {}
    for line, kind, message, text in rows:
        reason = _reject_reason(kind, message)
        counts[reason] = counts.get(reason, 0) + 1
        if counts[reason] <= EXAMPLES:
            report.examples.append(BadRow(int(line) if line is not None else None, None, reason,
                                          (text or "")[:EXCERPT], message or ""))
    for reason, n in counts.items():
        _note_bad(report, reason, n)


def _reject_reason(kind: str, message: str) -> str:
    kind = (kind or "").upper()
    if kind == "MISSING COLUMNS":
        return "ragged row: too few fields"
    if kind == "TOO MANY COLUMNS":
        return "ragged row: too many fields"
    if kind in ("UNQUOTED VALUE", "UNTERMINATED QUOTES"):
        return "badly quoted field"
    if kind == "CAST":
        column = message.split('"')[1] if '"' in message else "a column"
        return f"not a valid value for {column}"
    if kind == "LINE SIZE OVER MAXIMUM":
        return "line too long"
    if kind == "INVALID UNICODE":
        return "invalid UTF-8"
    return (kind.lower() or "unreadable row") + (f": {message}" if message else "")


def _stream(con: duckdb.DuckDBPyConnection, sql: str, progress: str | None) -> Iterator[pa.RecordBatch]:
    """Arrow batches of ``sql``, produced by DuckDB in a background thread while the caller
    works on the previous batch (DuckDB and Polars both release the GIL)."""
    reader = con.sql(sql).to_arrow_reader(BATCH_ROWS)
    queue: Queue = Queue(maxsize=2)
    done = object()

    def produce() -> None:
        try:
            for batch in reader:
                queue.put(batch)
            queue.put(done)
        except BaseException as exc:  # handed to the consumer, raised there
            queue.put(exc)

    worker = threading.Thread(target=produce, name="librariesio-reader", daemon=True)
    worker.start()
    seen, started = 0, time.perf_counter()
    while True:
        item = queue.get()
        if item is done:
            break
        if isinstance(item, BaseException):
            raise item
        seen += item.num_rows
        if progress:
            rate = seen / max(time.perf_counter() - started, 1e-9)
            print(f"\r{progress}: {seen:,} rows ({rate / 1e6:.2f} M rows/s)", end="", file=sys.stderr, flush=True)
        yield item
    worker.join()
    if progress:
        print(file=sys.stderr)


def _fix_non_ascii(batch: pl.DataFrame, platform: str, name: str, eco_out: str, name_out: str) -> pl.DataFrame:
    """Rows SQL marked non-ASCII get ecosystem and name from ``wump.identity`` itself."""
    odd = batch.filter(~pl.col("ascii"))
    fixed = with_package_identity(odd.drop(eco_out, name_out), platform, name, eco_out, name_out)
    return pl.concat([batch.filter(pl.col("ascii")), fixed.select(batch.columns)])


def _problem_expr(checks: list[tuple[pl.Expr, str]]) -> pl.Expr:
    expr = pl.when(checks[0][0]).then(pl.lit(checks[0][1]))
    for condition, reason in checks[1:]:
        expr = expr.when(condition).then(pl.lit(reason))
    return expr.otherwise(None)


def _missing(column: str) -> pl.Expr:
    return pl.col(column).is_null() | (pl.col(column) == "")


def _sql_missing(column: str) -> str:
    return f"({column} IS NULL OR {column} = '')"


def _consume(batches: Iterator[pa.RecordBatch], report: FileReport, *, fix: tuple[str, str, str, str] | None,
             checks: list[tuple[pl.Expr, str]], id_column: str, text_columns: list[str],
             keep: list[str], needed: str | None = None) -> Iterator[pa.Table]:
    """Count every batch, fix non-ASCII identities, set bad rows aside; yield the good rows' ``keep``
    columns. SQL computed ``problem`` (null when fine) and ``ascii``; rows fixed in Python get
    their problem recomputed from ``checks``. The common batch (all ASCII, no problem) stays Arrow
    end to end."""
    for arrow_batch in batches:
        table = pa.Table.from_batches([arrow_batch])
        report.rows_read += table.num_rows
        if needed is not None:
            wanted = table.filter(table[needed])
            report.not_needed += table.num_rows - wanted.num_rows
            table = wanted
        odd = fix is not None and not pc.all(table["ascii"]).as_py()
        if not odd and table["problem"].null_count == table.num_rows:
            yield table.select(keep)
            continue
        batch = pl.from_arrow(table)
        if odd:
            batch = _fix_non_ascii(batch, *fix)
            batch = batch.with_columns(
                pl.when(pl.col("ascii")).then(pl.col("problem")).otherwise(_problem_expr(checks)).alias("problem"))
        if batch["problem"].null_count() != batch.height:
            _semantic_bad(report, batch.filter(pl.col("problem").is_not_null()), id_column, text_columns)
            batch = batch.filter(pl.col("problem").is_null())
        yield batch.select(keep).to_arrow()


_EDGE_CHECKS = [
    (pl.col("full_name").is_null() | ~pl.col("full_name").str.contains(r"(?s)^[^/]+/."),
     "repository name is not owner/name"),
    (_missing("host"), "missing host type"),
    (_missing("ecosystem"), "missing manifest platform"),
    (_missing("package"), "missing dependency project name"),
]
# "owner/name": something before the first slash and something after it.
_SQL_OWNER_NAME = "(strpos({0}, '/') > 1 AND strpos({0}, '/') < strlen({0}))"


def _import_dependencies(con, dump_dir: Path, parquet_dir: Path, progress: bool):
    report = FileReport(DEPENDENCIES_FILE)
    host = _sql_map('lower(trim("Host Type"))', HOSTS, 'lower(trim("Host Type"))')
    kinds = ", ".join(f"('{k}', '{v}')" for k, v in RAW_KINDS.items())
    platform_key = sql_platform_key('c."Manifest Platform"')
    sql = f"""
        WITH rows AS (
            SELECT "ID" AS id, "Host Type" AS host_type, {host} AS host,
                   "Repository Name with Owner" AS full_name, "Repository ID" AS repository_id,
                   "Manifest Platform" AS platform, coalesce(pm.mapped_ecosystem, {platform_key}) AS ecosystem,
                   "Manifest Filepath" AS manifest_path, "Manifest kind" AS manifest_kind,
                   "Dependency Project Name" AS dependency_name,
                   "Dependency Requirements" AS requirement,
                   coalesce(km.dependency_type, CASE WHEN nullif(trim("Dependency Kind"), '') IS NULL THEN 'runtime' END)
                       AS dependency_type,
                   coalesce(lower("Manifest kind") <> 'lockfile', true) AS direct,
                   {sql_is_ascii('"Manifest Platform"')} AND {sql_is_ascii('"Dependency Project Name"')} AS ascii
            FROM {_read_csv(dump_dir / DEPENDENCIES_FILE, DEPENDENCY_COLUMNS, 'deps')} AS c
            LEFT JOIN {sql_platform_table('pm')} ON pm.platform_key = {platform_key}
            LEFT JOIN (VALUES {kinds}) AS km(kind, dependency_type) ON km.kind = replace(lower(trim(c."Dependency Kind")), ' ', '')
        ), named AS (
            SELECT *, {sql_normalize_name('ecosystem', 'dependency_name')} AS package FROM rows
        ), checked AS (
            SELECT *,
                   CASE WHEN full_name IS NULL OR NOT {_SQL_OWNER_NAME.format('full_name')}
                            THEN 'repository name is not owner/name'
                        WHEN {_sql_missing('host')} THEN 'missing host type'
                        WHEN {_sql_missing('ecosystem')} THEN 'missing manifest platform'
                        WHEN {_sql_missing('package')} THEN 'missing dependency project name' END AS problem
            FROM named
        )
        SELECT '{SOURCE}' AS source, host, full_name, ecosystem, package, manifest_path, requirement,
               CASE WHEN direct THEN NULL ELSE requirement END AS version, dependency_type, direct,
               TIMESTAMP '{DUMP_DATE:%Y-%m-%d %H:%M:%S}' AS detected_at, repository_id, ascii, problem,
               -- the raw fields only travel for the rows Python must look at
               {", ".join(f"CASE WHEN problem IS NOT NULL OR NOT ascii THEN {c} END AS {c}"
                          for c in ("id", "host_type", "platform", "manifest_kind", "dependency_name"))}
        FROM checked"""
    writer = _Writer(parquet_dir, "dependencies")
    repo_ids: list[pl.Series] = []
    text_columns = ["id", "host_type", "full_name", "repository_id", "platform", "manifest_path",
                    "manifest_kind", "dependency_name", "requirement"]
    keep = NORMALIZED["dependencies"].column_names + ["repository_id"]
    try:
        for good in _consume(_stream(con, sql, "repository_dependencies" if progress else None), report,
                             fix=("platform", "dependency_name", "ecosystem", "package"), checks=_EDGE_CHECKS,
                             id_column="id", text_columns=text_columns, keep=keep):
            writer.write(good)
            repo_ids.append(pc.unique(good["repository_id"]))
            if len(repo_ids) > 64:
                repo_ids = [pc.unique(pa.chunked_array(repo_ids))]
        _rejected(con, report, "deps")
        report.rows_read += _rejected_count(con, "deps")
        report.rows_written = writer.commit()
    except BaseException:
        writer.abort()
        raise
    ids = pc.unique(pa.chunked_array(repo_ids, type=pa.int64())) if repo_ids else pa.array([], pa.int64())
    return report, pa.table({"id": ids})


def _rejected_count(con, rejects: str) -> int:
    return con.execute(f"SELECT count(DISTINCT line) FROM {rejects}_errors").fetchall()[0][0]


_REPOSITORY_CHECKS = [
    (pl.col("full_name").is_null() | ~pl.col("full_name").str.contains(r"(?s)^[^/]+/."),
     "repository name is not owner/name"),
    (_missing("host"), "missing host type"),
]


def _import_repositories(con, dump_dir: Path, parquet_dir: Path, repo_ids: pa.Table, progress: bool):
    report = FileReport(REPOSITORIES_FILE)
    host = _sql_map('lower(trim("Host Type"))', HOSTS, 'lower(trim("Host Type"))')
    con.register("edge_repository_ids", repo_ids)
    ts = "try_strptime({}, '%Y-%m-%d %H:%M:%S UTC')"
    sql = f"""
        SELECT '{SOURCE}' AS source, {host} AS host, split_part("Name with Owner", '/', 1) AS owner,
               "Name with Owner" AS full_name, "Stars Count" AS stars, "Fork" AS is_fork,
               "Language" AS primary_language, "Default branch" AS default_branch,
               {ts.format('"Last pushed Timestamp"')} AS pushed_at,
               {ts.format('"Created Timestamp"')} AS created_at,
               TIMESTAMP '{DUMP_DATE:%Y-%m-%d %H:%M:%S}' AS fetched_at,
               "ID" AS id, "Host Type" AS host_type,
               "ID" IN (SELECT id FROM edge_repository_ids) AS needed,
               CASE WHEN "Name with Owner" IS NULL OR NOT {_SQL_OWNER_NAME.format('"Name with Owner"')}
                        THEN 'repository name is not owner/name'
                    WHEN {_sql_missing(host)} THEN 'missing host type' END AS problem
        FROM {_read_csv(dump_dir / REPOSITORIES_FILE, REPOSITORY_COLUMNS, 'repos')}"""
    writer = _Writer(parquet_dir, "repositories")
    keep = [c for c in NORMALIZED["repositories"].column_names if c not in ("is_archived", "tree_truncated",
                                                                             "crawl_status")]
    try:
        for good in _consume(_stream(con, sql, "repositories" if progress else None), report, fix=None,
                             checks=_REPOSITORY_CHECKS, id_column="id",
                             text_columns=["id", "host_type", "full_name", "stars", "is_fork"], keep=keep,
                             needed="needed"):
            writer.write(good)
        _rejected(con, report, "repos")
        report.rows_read += _rejected_count(con, "repos")
        report.rows_written = writer.commit()
    except BaseException:
        writer.abort()
        raise
    finally:
        con.unregister("edge_repository_ids")
    return report


_PROJECT_CHECKS = [(_missing("ecosystem"), "missing platform"), (_missing("name"), "missing name")]


def _import_projects(con, dump_dir: Path, parquet_dir: Path, progress: bool):
    report = FileReport(PROJECTS_FILE)
    deps = table_path(parquet_dir, "dependencies", PRODUCER)
    referenced = con.sql(f"SELECT DISTINCT ecosystem, package AS name FROM read_parquet('{deps}')").pl()
    platform_key = sql_platform_key('c."Platform"')
    sql = f"""
        WITH rows AS (
            SELECT "ID" AS id, "Platform" AS platform, "Name" AS project_name,
                   coalesce(pm.mapped_ecosystem, {platform_key}) AS ecosystem,
                   "Description" AS description, "Homepage URL" AS homepage_url,
                   "Repository URL" AS repository_url, "Latest Release Number" AS latest_version,
                   "Dependent Repositories Count" AS dependent_repositories_count,
                   {sql_is_ascii('"Platform"')} AND {sql_is_ascii('"Name"')} AS ascii
            FROM {_read_csv(dump_dir / PROJECTS_FILE, PROJECT_COLUMNS, 'projects')} AS c
            LEFT JOIN {sql_platform_table('pm')} ON pm.platform_key = {platform_key}
        )
        SELECT *, {sql_normalize_name('ecosystem', 'project_name')} AS name,
               CASE WHEN {_sql_missing('ecosystem')} THEN 'missing platform'
                    WHEN {_sql_missing(sql_normalize_name('ecosystem', 'project_name'))} THEN 'missing name'
               END AS problem
        FROM rows"""
    keep = ["id", "ecosystem", "name", "description", "homepage_url", "repository_url", "latest_version",
            "dependent_repositories_count"]
    kept: list[pl.DataFrame] = []
    for good in _consume(_stream(con, sql, "projects" if progress else None), report,
                         fix=("platform", "project_name", "ecosystem", "name"), checks=_PROJECT_CHECKS,
                         id_column="id", text_columns=["id", "platform", "project_name"], keep=keep):
        good = pl.from_arrow(good)
        matched = good.join(referenced, on=["ecosystem", "name"], how="semi")
        report.not_needed += good.height - matched.height
        kept.append(matched)
    _rejected(con, report, "projects")
    report.rows_read += _rejected_count(con, "projects")
    described = pl.concat(kept) if kept else pl.DataFrame(schema={k: pl.String for k in keep} | {
        "id": pl.Int64, "dependent_repositories_count": pl.Int64})
    # Two projects can normalize to one package (case variants): the oldest (lowest ID) describes it.
    ordered = described.sort("id")
    described = ordered.unique(subset=["ecosystem", "name"], keep="first")
    report.not_needed += ordered.height - described.height
    packages = referenced.join(described, on=["ecosystem", "name"], how="left")
    packages = packages.with_columns(pl.lit(SOURCE).alias("source"))
    packages = packages.with_columns(purls(packages)).sort("ecosystem", "name")
    report.rows_written = described.height
    write_parquet(NORMALIZED["packages"].conform(packages), table_path(parquet_dir, "packages", PRODUCER))
    return report, packages.height


def _write_errors(parquet_dir: Path, files: dict[str, FileReport]) -> int:
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    rows = []
    for report in files.values():
        for reason, n in report.bad_reasons.items():
            rows.append({"source": SOURCE, "subject": report.file, "reason": f"{n} rows skipped: {reason}",
                         "detected_at": now})
        for ex in report.examples:
            where = f"line {ex.line}" if ex.line is not None else f"ID {ex.row_id}"
            rows.append({"source": SOURCE, "subject": f"{report.file} {where}", "reason": f"{ex.reason}: {ex.text}",
                         "detected_at": now})
    data = typed_frame(NORMALIZED["errors"], rows)
    write_parquet(data, table_path(parquet_dir, "errors", PRODUCER))
    return data.height


def import_dump(dump_dir: Path, parquet_dir: Path, *, memory_limit: str | None = None, progress: bool = False,
                threads: int | None = None) -> ImportReport:
    """Import the Libraries.io 1.6.0 CSVs in ``dump_dir`` into ``parquet_dir`` as producer ``librariesio``.

    Reads ``repository_dependencies-1.6.0-2020-01-12.csv``, ``repositories-…`` and ``projects-…``
    streaming (DuckDB limited to ``memory_limit``, spilling under ``parquet_dir``), writes the
    normalized ``dependencies``, ``repositories``, ``packages`` and ``errors`` files (each replaced
    atomically), removes a stale ``owners`` file of this producer, and returns what it read,
    wrote and skipped. Malformed rows are counted and reported, never fatal; a missing file is.
    ``progress`` prints rows and rate per file to stderr.
    """
    started = time.perf_counter()
    dump_dir, parquet_dir = Path(dump_dir), Path(parquet_dir)
    for name in (DEPENDENCIES_FILE, REPOSITORIES_FILE, PROJECTS_FILE):
        if not (dump_dir / name).is_file():
            raise FileNotFoundError(f"{dump_dir / name}: not found (is this the Libraries.io 1.6.0 release?)")
    parquet_dir.mkdir(parents=True, exist_ok=True)
    spill = parquet_dir / ".duckdb_tmp"
    con = bounded(duckdb.connect(), spill, memory_limit, threads)
    try:
        deps, repo_ids = _import_dependencies(con, dump_dir, parquet_dir, progress)
        repos = _import_repositories(con, dump_dir, parquet_dir, repo_ids, progress)
        del repo_ids
        projects, package_rows = _import_projects(con, dump_dir, parquet_dir, progress)
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
    files = {r.file: r for r in (deps, repos, projects)}
    table_path(parquet_dir, "owners", PRODUCER).unlink(missing_ok=True)
    errors = _write_errors(parquet_dir, files)
    tables = {"dependencies": deps.rows_written, "repositories": repos.rows_written,
              "packages": package_rows, "errors": errors}
    return ImportReport(files, tables, time.perf_counter() - started)
