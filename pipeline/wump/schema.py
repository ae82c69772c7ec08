"""The one declaration of every table wump writes: columns, types and descriptions.

Normalized tables are Parquet (typed with Polars dtypes), the warehouse is DuckDB, the published
database is SQLite. The Parquet schemas, the DuckDB and SQLite DDL, and Datasette's table and
column descriptions are all generated from the declarations below; nothing else lists columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
import pyarrow as pa

# kind → (Polars dtype, DuckDB type, SQLite type)
# The one type map: column kind → (Polars, Arrow, DuckDB, SQLite) type.
KINDS: dict[str, tuple[pl.DataType, pa.DataType, str, str]] = {
    "text": (pl.String(), pa.string(), "VARCHAR", "TEXT"),
    "int": (pl.Int64(), pa.int64(), "BIGINT", "INTEGER"),
    "float": (pl.Float64(), pa.float64(), "DOUBLE", "REAL"),
    "bool": (pl.Boolean(), pa.bool_(), "BOOLEAN", "INTEGER"),
    # Naive UTC everywhere; published as ISO 8601 text ending in Z.
    "timestamp": (pl.Datetime("us"), pa.timestamp("us"), "TIMESTAMP", "TEXT"),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str
    nullable: bool = True

    @property
    def polars_dtype(self) -> pl.DataType:
        return KINDS[self.kind][0]

    @property
    def arrow_type(self) -> pa.DataType:
        return KINDS[self.kind][1]

    @property
    def duckdb_type(self) -> str:
        return KINDS[self.kind][2]

    @property
    def sqlite_type(self) -> str:
        return KINDS[self.kind][3]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    fts: tuple[str, ...] = ()
    # Published tables keyed for their main lookup are stored clustered on that key.
    without_rowid: bool = False
    sort_by: tuple[str, ...] = field(default=())
    # (column, other table, other column): declared in the published SQLite DDL, so Datasette
    # links ids to the row they name and shows that row's label column instead of the id.
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    # The column Datasette shows for a row when another table links to it.
    label_column: str | None = None
    # Key columns stored (and loaded) in descending order.
    descending: tuple[str, ...] = ()
    # Further indexes as (name, SQL after ON [table]): expressions, DESC columns, partial WHERE.
    sql_indexes: tuple[tuple[str, str], ...] = ()
    # A view instead of stored rows: a SELECT over other published tables that DuckDB and SQLite both
    # read the same way, ``{built_at}`` standing for the build's time (ISO 8601 text). Created in the
    # warehouse and in the published file after the tables; never loaded.
    view: str | None = None

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def polars_schema(self) -> pl.Schema:
        return pl.Schema({c.name: c.polars_dtype for c in self.columns})

    def empty_frame(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.polars_schema())

    def conform(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The frame with exactly this table's columns, in order and cast to their types."""
        missing = [c for c in self.column_names if c not in frame.columns]
        if missing:
            frame = frame.with_columns(pl.lit(None).alias(name) for name in missing)
        return frame.select(pl.col(c.name).cast(c.polars_dtype) for c in self.columns)

    def view_ddl(self, built_at: str) -> str:
        """``CREATE VIEW`` for a view table, the same statement in DuckDB and SQLite.

        :param built_at: the build's time as ISO 8601 text (``YYYY-MM-DDTHH:MM:SSZ``)."""
        if self.view is None:
            raise ValueError(f"{self.name} is a stored table, not a view")
        return f'CREATE VIEW "{self.name}" AS {self.view.format(built_at=built_at)}'

    def duckdb_ddl(self) -> str:
        cols = ",\n  ".join(f'"{c.name}" {c.duckdb_type}' for c in self.columns)
        return f'CREATE OR REPLACE TABLE "{self.name}" (\n  {cols}\n)'

    def sqlite_ddl(self) -> list[str]:
        cols = [
            f"[{c.name}] {c.sqlite_type}{'' if c.nullable else ' NOT NULL'}" for c in self.columns
        ]
        cols.append(f"PRIMARY KEY ({', '.join(f'[{k}]' + (' DESC' if k in self.descending else '') for k in self.key)})")
        cols += [f"FOREIGN KEY ([{column}]) REFERENCES [{other}] ([{other_column}])"
                 for column, other, other_column in self.foreign_keys]
        tail = " WITHOUT ROWID" if self.without_rowid else ""
        statements = [f"CREATE TABLE [{self.name}] (\n  " + ",\n  ".join(cols) + f"\n){tail}"]
        for index in self.indexes:
            index_name = f"idx_{self.name}_{'_'.join(index)}"
            statements.append(
                f"CREATE INDEX [{index_name}] ON [{self.name}] ({', '.join(f'[{c}]' for c in index)})"
            )
        for name, on in self.sql_indexes:
            statements.append(f"CREATE INDEX [idx_{self.name}_{name}] ON [{self.name}] {on}")
        return statements


def _c(name: str, kind: str, description: str, nullable: bool = True) -> Column:
    return Column(name, kind, description, nullable)


# ---------------------------------------------------------------------------------------------
# Normalized layer (Parquet, one folder per table, one file per source): natural keys only.
# ---------------------------------------------------------------------------------------------

N_OWNERS = Table(
    "owners",
    "Repository owners as a source describes them, one row per (source, host, login).",
    (
        _c("source", "text", "Which source described this owner.", False),
        _c("host", "text", "Code host, e.g. github.com.", False),
        _c("login", "text", "Owner login as the host spells it.", False),
        _c("owner_type", "text", "Organization, User, missing (GitHub: no such account), or null when the source "
           "does not say."),
        _c("display_name", "text", "Display name of the owner."),
        _c("website_url", "text", "Website (GitHub's blog field)."),
        _c("company", "text", "Company (personal accounts)."),
        _c("location", "text", "Location."),
        _c("is_verified", "bool", "Domain verified by GitHub (organizations)."),
        _c("public_repos", "int", "Number of public repositories the host reports."),
        _c("html_url", "text", "Owner page on the host."),
        _c("sponsorship_url", "text", "Where to sponsor this owner, when known."),
        _c("created_at", "timestamp", "When the account was created."),
        _c("fetched_at", "timestamp", "When wump read this record."),
        _c("email", "text", "Public email address, when the owner shows one."),
        _c("funding_links", "text", "Funding links the source lists, as a JSON array."),
        _c("has_sponsors_listing", "bool", "Whether the owner has a GitHub Sponsors listing, when the source says."),
    ),
    key=("source", "host", "login"),
)

N_REPOSITORIES = Table(
    "repositories",
    "Repositories as a source describes them, one row per (source, host, full_name).",
    (
        _c("source", "text", "Which source described this repository.", False),
        _c("host", "text", "Code host, e.g. github.com.", False),
        _c("owner", "text", "Owner login.", False),
        _c("full_name", "text", "owner/name.", False),
        _c("stars", "int", "Stargazers."),
        _c("is_fork", "bool", "Whether the repository is a fork."),
        _c("is_archived", "bool", "Whether the repository is archived."),
        _c("primary_language", "text", "Primary language."),
        _c("default_branch", "text", "Default branch."),
        _c("pushed_at", "timestamp", "Last push."),
        _c("created_at", "timestamp", "Creation time."),
        _c("tree_truncated", "bool", "The host truncated the file tree, so manifests may be missing."),
        _c("crawl_status", "text", "ok, or why dependencies could not be read."),
        _c("fetched_at", "timestamp", "When wump read this record."),
    ),
    key=("source", "host", "full_name"),
)

N_PACKAGES = Table(
    "packages",
    "Package metadata as a source describes it, one row per (source, ecosystem, name).",
    (
        _c("source", "text", "Which source described this package.", False),
        _c("ecosystem", "text", "purl type (npm, pypi, golang, ...).", False),
        _c("name", "text", "Name normalized by the ecosystem's rules.", False),
        _c("purl", "text", "Package URL without version.", False),
        _c("description", "text", "Description."),
        _c("homepage_url", "text", "Homepage."),
        _c("repository_url", "text", "Source repository."),
        _c("latest_version", "text", "Latest release."),
        _c("dependent_repositories_count", "int", "How many repositories the source says depend on it."),
        _c("listing_complete", "bool", "Whether the source's listing of dependents reached its end this run "
           "(false: interrupted or stopped at a page cap; null: the source lists none)."),
    ),
    key=("source", "ecosystem", "name"),
)

N_DEPENDENCIES = Table(
    "dependencies",
    "Dependency edges as each source saw them: one row per (source, repository, manifest, package).",
    (
        _c("source", "text", "Which source saw this edge (github-sbom, github-manifest, ...).", False),
        _c("host", "text", "Code host of the depending repository.", False),
        _c("full_name", "text", "owner/name of the depending repository.", False),
        _c("ecosystem", "text", "purl type of the package.", False),
        _c("package", "text", "Normalized package name.", False),
        _c("manifest_path", "text", "Manifest or lockfile path inside the repository, when known."),
        _c("requirement", "text", "Requirement as written (e.g. ^18.2.0), when known."),
        _c("version", "text", "Resolved version, when known."),
        _c("dependency_type", "text", "runtime, development, test, build, optional, peer, provided."),
        _c("direct", "bool", "Declared directly (manifest) rather than only resolved (lockfile)."),
        _c("detected_at", "timestamp", "When the source observed the edge."),
    ),
    key=("source", "host", "full_name", "ecosystem", "package", "manifest_path"),
)

N_ERRORS = Table(
    "errors",
    "Everything a run skipped, with the reason: failed requests, malformed files, bad rows.",
    (
        _c("source", "text", "Which source or step recorded it.", False),
        _c("subject", "text", "What failed: a URL path, a repository, a file, a CSV line.", False),
        _c("reason", "text", "Why.", False),
        _c("detected_at", "timestamp", "When."),
    ),
    key=("source", "subject", "reason"),
)

N_OWNER_SIGNALS = Table(
    "owner_signals",
    "Sponsor-readiness signals about an owner as a source states them, one row per "
    "(source, host, login, signal); a signal no source states is absent, never guessed.",
    (
        _c("source", "text", "Which source stated it (github-graphql, ecosystems-sponsors, ...).", False),
        _c("host", "text", "Code host of the owner, e.g. github.com.", False),
        _c("login", "text", "Owner login.", False),
        _c("signal", "text", "What is stated: sponsors_listing, sponsoring_count, sponsors_maintainer, ...", False),
        _c("value", "text", "The stated value as text (true/false, a count, a login, a URL)."),
        _c("url", "text", "Where a person can check it."),
        _c("observed_at", "timestamp", "When the source was read."),
    ),
    key=("source", "host", "login", "signal"),
)

N_PLEDGE_MEMBERS = Table(
    "pledge_members",
    "Open Source Pledge members from its public member list, one row per registrable domain.",
    (
        _c("source", "text", "Always opensourcepledge.", False),
        _c("domain", "text", "The member's registrable domain (its stated domain, else its URL's).", False),
        _c("name", "text", "Member name."),
        _c("url", "text", "The member's own page about its pledge."),
        _c("yearly_usd", "int", "What the latest annual report says was paid to open source, in USD."),
        _c("year_ending", "text", "End of the year that report covers."),
        _c("observed_at", "timestamp", "When the list was read."),
    ),
    key=("source", "domain"),
)

NORMALIZED: dict[str, Table] = {t.name: t for t in (N_OWNERS, N_REPOSITORIES, N_PACKAGES, N_DEPENDENCIES, N_ERRORS,
                                                    N_OWNER_SIGNALS, N_PLEDGE_MEMBERS)}

# ---------------------------------------------------------------------------------------------
# Published layer (SQLite, served by Datasette). Seed columns first, then wump's extensions.
# ---------------------------------------------------------------------------------------------

P_ORGANIZATIONS = Table(
    "organizations",
    "Repository owners (organizations and personal accounts) whose repositories depend on "
    "watched or known packages.",
    (
        _c("id", "int", "Stable id derived from host and login.", False),
        _c("name", "text", "Owner login, e.g. netflix.", False),
        _c("github_url", "text", "Owner page on GitHub; null for owners on other hosts (see url)."),
        _c("website_url", "text", "Website the owner lists."),
        _c("sponsorship_url", "text", "Where to sponsor this owner, when known."),
        _c("total_repositories", "int", "Repositories of this owner that wump knows."),
        _c("total_stars", "int", "Sum of stars over those repositories."),
        _c("created_at", "text", "When the account was created (ISO 8601 UTC)."),
        _c("updated_at", "text", "When wump last read this owner (ISO 8601 UTC)."),
        _c("deleted_at", "text", "When the owner was first missing from every source (ISO 8601 UTC); "
           "null while present. Kept so its adoption history still names it."),
        _c("host", "text", "Code host, e.g. github.com.", False),
        _c("owner_type", "text", "Organization, User, unknown (no source says; never guessed) or missing (GitHub "
           "knows no account with this login: deleted, renamed or suspended).", False),
        _c("display_name", "text", "Display name."),
        _c("company", "text", "Company (personal accounts)."),
        _c("location", "text", "Location."),
        _c("is_verified", "bool", "Domain verified by GitHub."),
        _c("sources", "text", "Sources that described this owner, comma-separated."),
        _c("url", "text", "Owner page on its host (https://{host}/{name}).", False),
        _c("first_seen", "text", "When wump first saw this owner (ISO 8601 UTC)."),
    ),
    key=("id",),
    indexes=(("name",),),
    label_column="name",
    fts=("name", "display_name", "website_url"),
)

P_REPOSITORIES = Table(
    "repositories",
    "Repositories that depend on at least one known package.",
    (
        _c("id", "int", "Stable id derived from host and owner/name.", False),
        _c("organization_id", "int", "Owner (organizations.id).", False),
        _c("name", "text", "Repository name without the owner.", False),
        _c("github_url", "text", "Repository page on its host."),
        _c("stars", "int", "Stargazers."),
        _c("last_commit_at", "text", "Last push (ISO 8601 UTC)."),
        _c("is_archived", "bool", "Archived (read-only) on the host."),
        _c("primary_language", "text", "Primary language."),
        _c("full_name", "text", "owner/name.", False),
        _c("host", "text", "Code host.", False),
        _c("is_fork", "bool", "A fork of another repository."),
        _c("default_branch", "text", "Default branch."),
        _c("tree_truncated", "bool", "The host truncated the file tree; manifests may be missing."),
        _c("crawl_status", "text", "ok, or why dependencies could not be read."),
        _c("sources", "text", "Sources that reported this repository, comma-separated."),
        _c("first_seen", "text", "Earliest observation by any source (ISO 8601 UTC)."),
        _c("last_seen", "text", "Latest observation by any source (ISO 8601 UTC)."),
    ),
    key=("id",),
    indexes=(("organization_id",), ("full_name",)),
    foreign_keys=(("organization_id", "organizations", "id"),),
    label_column="full_name",
)

P_PACKAGES = Table(
    "packages",
    "Packages that repositories depend on, identified by (ecosystem, name) and their purl.",
    (
        _c("id", "int", "Stable id derived from ecosystem and name.", False),
        _c("name", "text", "Name normalized by the ecosystem's rules.", False),
        _c("ecosystem", "text", "purl type: npm, pypi, golang, cargo, gem, maven, ...", False),
        _c("description", "text", "Description from the registry or Libraries.io."),
        _c("repository_url", "text", "Source repository."),
        _c("homepage_url", "text", "Homepage."),
        _c("latest_version", "text", "Latest release."),
        _c("purl", "text", "Package URL, e.g. pkg:pypi/fastapi.", False),
        _c("dependent_repositories", "int", "Repositories in wump that depend on it (direct or not)."),
        _c("dependent_organizations", "int", "Owners in wump with at least one such repository."),
        _c("source_repository", "text", "owner/repo (lower case) of the package's source on GitHub, from "
           "registry metadata or [sources.repositories]."),
        _c("filter_flags", "int", "Which repository filters change any of its users' counts: 1 some using "
           "repository is a fork, 2 archived, 4 some use is not a runtime dependency (a bit mask)."),
        _c("popular", "bool", "At least POPULAR_OWNERS owners use it: its users are indexed for every sort "
           "order and their counts under every filter are precomputed (package_user_counts)."),
    ),
    key=("id",),
    indexes=(("ecosystem", "name"), ("name",), ("source_repository",)),
    fts=("name", "description"),
    label_column="purl",
)

P_DEPENDENCIES = Table(
    "dependencies",
    "One row per (repository, package): the merged evidence of every source that saw the edge.",
    (
        _c("id", "int", "Stable id derived from the repository and package ids.", False),
        _c("repository_id", "int", "Depending repository (repositories.id).", False),
        _c("package_id", "int", "Package depended on (packages.id).", False),
        _c("version", "text", "Resolved version, when a lockfile or SBOM gives one."),
        _c("dependency_type", "text", "runtime, development, test, build, optional, peer or provided."),
        _c("detected_at", "text", "When the edge was first observed (ISO 8601 UTC)."),
        _c("requirement", "text", "Requirement as declared, when known."),
        _c("manifest_path", "text", "Manifest paths that declare it, comma-separated."),
        _c("direct", "bool", "Declared in a manifest (1) or only resolved in a lockfile (0)."),
        _c("source", "text", "Sources that saw the edge, comma-separated."),
        _c("first_seen", "text", "Earliest observation (ISO 8601 UTC)."),
        _c("last_seen", "text", "Latest observation (ISO 8601 UTC)."),
    ),
    # Clustered on the repository (an owner's evidence and a repository's page read its rows
    # together), the package's edges through the one index. The stable id stays a column: no route
    # looks an edge up by it, and as the key it took a second index (10 M dump rows: the indexes
    # 20.5 -> 9.1 s, the copy into the published file 14.3 -> 10.6 s, peak RSS 1,947 -> 1,763 MiB).
    key=("repository_id", "package_id"),
    indexes=(("package_id", "repository_id"),),
    without_rowid=True,
    foreign_keys=(("repository_id", "repositories", "id"), ("package_id", "packages", "id")),
)

P_PACKAGE_USERS = Table(
    "package_users",
    "The answer: for each package, every owner whose repositories depend on it. The default answer "
    "(API, CLI, site, the users_of_package query) is the rows with owner_type Organization or unknown "
    "and repositories > 0: organizations (or owners of unknown type) that declare the package directly; "
    "personal accounts, missing accounts and transitive-only owners stay here, left out unless asked for.",
    (
        _c("package_id", "int", "packages.id.", False),
        _c("organization_id", "int", "organizations.id.", False),
        _c("ecosystem", "text", "purl type of the package.", False),
        _c("package", "text", "Package name.", False),
        _c("organization", "text", "Owner login.", False),
        _c("owner_type", "text", "Organization, User, unknown or missing.", False),
        _c("repositories", "int", "Repositories of this owner that declare the package directly.", False),
        _c("runtime_repositories", "int", "Of those, repositories where it is a runtime dependency.", False),
        _c("transitive_repositories", "int", "Repositories that only have it in a lockfile.", False),
        _c("stars", "int", "Stars summed over all repositories of this owner using it.", False),
        _c("last_commit_at", "text", "Latest push among those repositories (ISO 8601 UTC)."),
        _c("first_seen", "text", "When the owner was first seen using it (ISO 8601 UTC)."),
        _c("sources", "text", "Sources that reported the usage, comma-separated."),
        _c("host", "text", "Code host of the owner.", False),
        _c("filter_flags", "int", "Which repository filters change this row (a bit mask): 1 one of the "
           "repositories is a fork, 2 archived, 4 one use is not a runtime dependency.", False),
        _c("oldest_commit_at", "text", "Earliest last push among those repositories (so active_since on or "
           "before it keeps the row as it is): null when it is last_commit_at, empty when one has none."),
        _c("edge_first_seen", "text", "Earliest observation of any of the edges (ISO 8601 UTC), the first "
           "seen of a filtered answer: null when it is first_seen, empty when no edge is dated."),
        _c("popular", "bool", "The package is popular (packages.popular): the row is in the sort indexes.", False),
    ),
    # Clustered on the lookup: the users of one package and owner type sit together, in the default
    # order (the API's sort=repos) itself, so the first page is read off in order.
    key=("package_id", "owner_type", "repositories", "stars", "organization", "organization_id"),
    descending=("repositories", "stars"),
    indexes=(("organization_id",),),
    # The natural SQL question (users of ECOSYSTEM/NAME by repositories) reads this index in order;
    # the other sort orders get an index only for packages with many users (the rest sort in memory).
    sql_indexes=(
        ("ecosystem_package", "([ecosystem], [package], [repositories] DESC, [stars] DESC, [organization])"),
        ("sort_stars", "([package_id], [owner_type], [stars] DESC, [repositories] DESC, [organization], "
                       "[organization_id]) WHERE [popular] = 1"),
        ("sort_recent", "([package_id], [owner_type], [last_commit_at] DESC, [repositories] DESC, "
                        "[organization], [organization_id]) WHERE [popular] = 1"),
        ("sort_first_seen", "([package_id], [owner_type], [first_seen], [organization], [organization_id]) "
                            "WHERE [popular] = 1"),
        ("sort_name", "([package_id], [owner_type], [organization], [organization_id]) WHERE [popular] = 1"),
    ),
    without_rowid=True,
    foreign_keys=(("package_id", "packages", "id"), ("organization_id", "organizations", "id")),
)

P_PACKAGE_USER_FACETS = Table(
    "package_user_facets",
    "For owners using a package from several repositories: their use split by the repository filters "
    "(facet) and by last push, so a filtered answer adds a few rows instead of counting repositories. "
    "Each row sums the owner's repositories in that facet pushed on or after since.",
    (
        _c("package_id", "int", "packages.id.", False),
        _c("organization_id", "int", "organizations.id.", False),
        _c("facet", "int", "The repositories' filter bits: 1 fork, 2 archived, 4 not a runtime dependency.", False),
        _c("since", "text", "Day of last push (YYYY-MM-DD; empty for repositories with none): the row counts "
           "the facet's repositories pushed on or after it.", False),
        _c("repositories", "int", "Repositories that declare the package directly.", False),
        _c("transitive_repositories", "int", "Repositories that only have it in a lockfile.", False),
        _c("stars", "int", "Stars summed over those repositories.", False),
        _c("last_commit_at", "text", "Latest push among them (ISO 8601 UTC)."),
        _c("first_seen", "text", "Earliest observation of their edges (ISO 8601 UTC)."),
        _c("sources", "text", "Sources of those edges, comma-separated."),
    ),
    key=("package_id", "organization_id", "facet", "since"),
    without_rowid=True,
    foreign_keys=(("package_id", "packages", "id"), ("organization_id", "organizations", "id")),
)

P_PACKAGE_USER_COUNTS = Table(
    "package_user_counts",
    "For popular packages: how many owners of each type remain under each combination of repository "
    "filters (combo: 1 no forks, 2 no archived, 4 runtime only) counting repositories pushed on or after "
    "since, so the answer's totals are read, not counted.",
    (
        _c("package_id", "int", "packages.id.", False),
        _c("combo", "int", "Repository filters (bit mask, reduced to the package's filter_flags).", False),
        _c("owner_type", "text", "Organization, User, unknown or missing.", False),
        _c("since", "text", "Day (YYYY-MM-DD, or empty: every repository).", False),
        _c("direct_owners", "int", "Owners with a repository pushed on or after since that declares it.", False),
        _c("owners", "int", "Owners with any such repository (direct or lockfile-only).", False),
    ),
    key=("package_id", "combo", "owner_type", "since"),
    without_rowid=True,
    foreign_keys=(("package_id", "packages", "id"),),
)

P_PACKAGE_USER_ACTIVITY = Table(
    "package_user_activity",
    "For popular packages: each owner's use counting only repositories pushed on or after since, at a "
    "few days per package (the days after which a half, a quarter, an eighth… of its pushed repositories "
    "lie), so an answer under active_since reads its owners in an order close to the filtered one: "
    "from the latest of these days on or before the date, whose counts bound the filtered ones.",
    (
        _c("package_id", "int", "packages.id.", False),
        _c("since", "text", "Day (YYYY-MM-DD): the row counts repositories pushed on or after it.", False),
        _c("owner_type", "text", "Organization, User, unknown or missing.", False),
        _c("repositories", "int", "Of those repositories, the ones that declare the package directly.", False),
        _c("stars", "int", "Stars summed over those repositories (direct or lockfile-only).", False),
        # Declared in key order: SQLite 3.40's quick_check misreads a WITHOUT ROWID key column
        # declared before a column that precedes it in the key ("NULL value in …").
        _c("organization_id", "int", "organizations.id.", False),
        _c("runtime_repositories", "int", "Of those direct ones, the repositories where it is a runtime dependency "
           "(they bound the count under runtime=true).", False),
    ),
    key=("package_id", "since", "owner_type", "repositories", "stars", "organization_id"),
    descending=("repositories", "stars"),
    without_rowid=True,
    sql_indexes=(("by_stars", "([package_id], [since], [owner_type], [stars] DESC, [repositories] DESC, "
                              "[organization_id])"),),
    foreign_keys=(("package_id", "packages", "id"), ("organization_id", "organizations", "id")),
)

def _adoption_columns(direct: str, last_seen: str, ended_at: str) -> tuple[Column, ...]:
    return (
        _c("package_id", "int", "packages.id.", False),
        _c("organization_id", "int", "organizations.id.", False),
        _c("ecosystem", "text", "purl type of the package.", False),
        _c("package", "text", "Package name.", False),
        _c("host", "text", "Code host of the owner.", False),
        _c("organization", "text", "Owner login.", False),
        _c("owner_type", "text", "Organization, User, unknown or missing.", False),
        _c("direct", "bool", direct, False),
        _c("first_seen", "text", "Earliest evidence of use: the Libraries.io dump's date, a source's own "
           "date, else wump's first observation (ISO 8601 UTC).", False),
        _c("last_seen", "text", last_seen, False),
        _c("ended_at", "text", ended_at),
    )


P_ADOPTIONS_UNSEEN = Table(
    "adoptions_unseen",
    "Uses earlier builds saw and this one's sources did not report: ended, or (when a source that "
    "reported one listed the package incompletely this run) not known to have ended. Survives rebuilds; "
    "the adoptions view adds the uses seen now.",
    _adoption_columns("Declared the package directly in at least one repository (when last seen).",
                      "Latest build that saw the use (ISO 8601 UTC).",
                      "First build that no longer saw it (ISO 8601 UTC); null when a source that reported it "
                      "listed the package incompletely (not known to have ended)."),
    key=("package_id", "organization_id"),
    without_rowid=True,
    foreign_keys=(("package_id", "packages", "id"), ("organization_id", "organizations", "id")),
)

# The uses seen now are package_users' rows (same first_seen): a view over them, instead of a copy of
# every (package, owner) row and its indexes (at 10 M dump rows 8.9 M rows, 1.7 GB, 23 s of the build).
P_ADOPTIONS = Table(
    "adoptions",
    "Adoption history: every owner ever seen using a package, when it started and, if it stopped "
    "(no longer reported by any source that still reports the package), when. Survives rebuilds. "
    "A view: package_users (in use now) and adoptions_unseen.",
    _adoption_columns("Declares the package directly in at least one repository (last seen).",
                      "Latest build that saw the use (ISO 8601 UTC).",
                      "First build that no longer saw it (ISO 8601 UTC); null while in use."),
    key=("package_id", "organization_id"),
    view=("SELECT package_id, organization_id, ecosystem, package, host, organization, owner_type, "
          "repositories > 0 AS direct, first_seen, '{built_at}' AS last_seen, CAST(NULL AS TEXT) AS ended_at "
          "FROM package_users UNION ALL "
          "SELECT package_id, organization_id, ecosystem, package, host, organization, owner_type, direct, "
          "first_seen, last_seen, ended_at FROM adoptions_unseen"),
)

P_SOURCE_COUNTS = Table(
    "source_counts",
    "Per package and source: the source's headline count beside how many edges it actually listed.",
    (
        _c("ecosystem", "text", "purl type.", False),
        _c("package", "text", "Package name.", False),
        _c("source", "text", "Source.", False),
        _c("headline_count", "int", "How many dependents the source says there are."),
        _c("listed_edges", "int", "How many dependency edges wump read from it.", False),
        _c("listed_repositories", "int", "Distinct repositories among those edges.", False),
        _c("complete", "bool", "The source's listing reached its end (false: interrupted or truncated at a "
           "page cap, so the listed counts are a lower bound); null when the source lists no dependents."),
    ),
    key=("ecosystem", "package", "source"),
)

P_ERRORS = Table(
    "errors",
    "What the last run skipped and why: failed requests, malformed manifests, bad CSV rows.",
    (
        _c("id", "int", "Row number.", False),
        _c("source", "text", "Source or step.", False),
        _c("subject", "text", "What failed.", False),
        _c("reason", "text", "Why.", False),
        _c("detected_at", "text", "When (ISO 8601 UTC)."),
    ),
    key=("id",),
    indexes=(("source",),),
)

P_OWNER_SIGNALS = Table(
    "owner_signals",
    "Sponsor-readiness evidence per owner: each signal with the source that stated it and when.",
    (
        _c("id", "int", "Row number.", False),
        _c("organization_id", "int", "organizations.id.", False),
        _c("organization", "text", "Owner login.", False),
        _c("signal", "text", "website, verified, email, company, funding_links, sponsors_listing, "
           "sponsoring_count, sponsorships_count, pledge_yearly_usd, sponsors_maintainer, domain.", False),
        _c("value", "text", "The stated value as text."),
        _c("source", "text", "Which source stated it.", False),
        _c("url", "text", "Where a person can check it."),
        _c("observed_at", "text", "When the source was read (ISO 8601 UTC)."),
    ),
    key=("id",),
    indexes=(("organization_id",), ("signal",)),
)

P_SPONSOR_READINESS = Table(
    "sponsor_readiness",
    "Per owner, what the signals add up to: company domain, GitHub Sponsors listing, whether it "
    "funds open source, whether it already sponsors the configured maintainer. Null: no source says.",
    (
        _c("organization_id", "int", "organizations.id.", False),
        _c("organization", "text", "Owner login.", False),
        _c("domain", "text", "Registrable domain of the owner's website: the company behind it."),
        _c("domain_verified", "bool", "GitHub verified the organization's domain."),
        _c("has_sponsors_listing", "bool", "Has a GitHub Sponsors listing of its own."),
        _c("sponsoring_count", "int", "Accounts it sponsors publicly now (the largest count GitHub or "
           "sponsors.ecosyste.ms gives)."),
        _c("pledge_yearly_usd", "int", "Yearly open-source payments reported to the Open Source Pledge."),
        _c("funds_open_source", "bool", "Sponsors someone publicly or is a Pledge member."),
        _c("already_sponsors_you", "bool", "Among the configured maintainer's current sponsors."),
        _c("sponsorship_url", "text", "Where to sponsor this owner, when known."),
    ),
    key=("organization_id",),
    indexes=(("domain",),),
)

PUBLISHED: dict[str, Table] = {
    t.name: t
    for t in (
        P_ORGANIZATIONS,
        P_REPOSITORIES,
        P_PACKAGES,
        P_DEPENDENCIES,
        P_PACKAGE_USERS,
        P_PACKAGE_USER_FACETS,
        P_PACKAGE_USER_COUNTS,
        P_PACKAGE_USER_ACTIVITY,
        P_ADOPTIONS_UNSEEN,
        P_ADOPTIONS,
        P_SOURCE_COUNTS,
        P_ERRORS,
        P_OWNER_SIGNALS,
        P_SPONSOR_READINESS,
    )
}
