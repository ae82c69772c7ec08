"""The answers wump gives, as functions of a connection to the published SQLite database.

One implementation for every way in: the ``/api/v1`` routes (Datasette runs these functions on
its own connection through ``execute_fn``), ``wump users`` in the terminal, ``wump export
static``, and the canned query (whose SQL is ``default_users_sql``). Nothing here knows HTTP.

**The default answer** to "who uses ECOSYSTEM/NAME?" is the owners that are not known personal
accounts (``owner_type`` Organization or unknown) and that declare the package directly in at
least one repository (``repos`` ≥ 1). Personal accounts come back with ``owner_type=User`` or
``any``; owners that only have the package in a lockfile with ``transitive=true``. Ranked by
``sort``: ``repos`` (default: repositories, then stars), ``stars``, ``recent`` (last push),
``first_seen`` (longest-standing users first) or ``name``; ties always end on the owner's name.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from wump.identity import KNOWN_ECOSYSTEMS, normalize_name
from wump.vocabulary import DEFAULT_OWNER_TYPES, MISSING_OWNER, OWNER_TYPES

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30
# The default answer's owner condition, for SQL written elsewhere (the site, the canned query).
DEFAULT_OWNER_SQL = f"owner_type IN ({', '.join(repr(t) for t in DEFAULT_OWNER_TYPES)})"
# sort → ORDER BY over package_users' columns (and the live aggregate's, which use the same names).
SORTS: dict[str, str] = {
    "repos": "repositories DESC, stars DESC, organization, organization_id",
    "stars": "stars DESC, repositories DESC, organization, organization_id",
    # SQLite puts nulls last in descending order: recent pushes first, owners with none at the end.
    "recent": "last_commit_at DESC, repositories DESC, organization, organization_id",
    "first_seen": "first_seen IS NULL, first_seen, organization, organization_id",
    "name": "organization, organization_id",
}


class BadRequest(ValueError):
    """A query parameter wump cannot use; the message says which and what is allowed."""


class NotFound(LookupError):
    """No such package or owner; ``suggestions`` and ``candidates`` help the caller ask again."""

    def __init__(self, message: str, *, suggestions: Iterable[str] = (), candidates: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.suggestions = list(suggestions)
        self.candidates = list(candidates)


@dataclass(frozen=True)
class UserFilters:
    """Which owners and repositories an answer counts (defaults: the default answer)."""

    owner_types: tuple[str, ...] = DEFAULT_OWNER_TYPES
    transitive: bool = False  # include owners that only have the package in a lockfile
    include_forks: bool = True
    include_archived: bool = True
    runtime_only: bool = False
    active_since: str | None = None  # ISO date; repositories pushed on or after it
    sort: str = "repos"

    @property
    def needs_live_aggregation(self) -> bool:
        """Whether repository-level filters change the counts (package_users cannot answer)."""
        return not self.include_forks or not self.include_archived or self.runtime_only or bool(self.active_since)

    def query_args(self) -> dict[str, str]:
        """The query-string arguments that ask for these filters (defaults left out)."""
        args = {}
        if self.owner_types != DEFAULT_OWNER_TYPES:
            args["owner_type"] = "any" if set(self.owner_types) == set(OWNER_TYPES) else ",".join(self.owner_types)
        for key, value, default in (("transitive", self.transitive, False), ("forks", self.include_forks, True),
                                    ("archived", self.include_archived, True),
                                    ("runtime", self.runtime_only, False)):
            if value != default:
                args[key] = str(value).lower()
        if self.active_since:
            args["active_since"] = self.active_since
        if self.sort != "repos":
            args["sort"] = self.sort
        return args


def flag(value: str | None, name: str, default: bool) -> bool:
    """A true/false query argument (1/0, yes/no too); ``default`` when absent."""
    if value is None or value == "":
        return default
    lowered = value.lower()
    if lowered in ("1", "true", "yes"):
        return True
    if lowered in ("0", "false", "no"):
        return False
    raise BadRequest(f"{name} must be true or false, not {value!r}")


def owner_types_from(value: str | None) -> tuple[str, ...]:
    """``owner_type`` as a tuple: absent → the default (Organization, unknown); ``any`` → every type;
    a comma list of Organization, User, unknown, missing (case-insensitive) otherwise."""
    if value is None or value.strip() == "":
        return DEFAULT_OWNER_TYPES
    wanted: list[str] = []
    by_lower = {t.lower(): t for t in OWNER_TYPES}
    for part in (p.strip().lower() for p in value.split(",")):
        if part == "any":
            return OWNER_TYPES
        if part not in by_lower:
            raise BadRequest(f"owner_type must be {', '.join(OWNER_TYPES)} or any (a comma list is fine), "
                             f"not {value!r}")
        if by_lower[part] not in wanted:
            wanted.append(by_lower[part])
    return tuple(t for t in OWNER_TYPES if t in wanted)


def date_arg(value: str | None, name: str) -> str | None:
    """An ISO date argument (``2025-01-31``), validated; None when absent."""
    if not value:
        return None
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        raise BadRequest(f"{name} must be a date like 2025-01-31, not {value!r}") from None
    return value[:10]


def filters_from_args(args: dict[str, str]) -> UserFilters:
    """Filters from query-string arguments: ``owner_type``, ``transitive``, ``forks``,
    ``archived``, ``runtime``, ``active_since``, ``sort``."""
    sort = args.get("sort") or "repos"
    if sort not in SORTS:
        raise BadRequest(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    return UserFilters(
        owner_types=owner_types_from(args.get("owner_type")),
        transitive=flag(args.get("transitive"), "transitive", False),
        include_forks=flag(args.get("forks"), "forks", True),
        include_archived=flag(args.get("archived"), "archived", True),
        runtime_only=flag(args.get("runtime"), "runtime", False),
        active_since=date_arg(args.get("active_since"), "active_since"),
        sort=sort,
    )


def page_args(args: dict[str, str]) -> tuple[int, int]:
    """(page, per_page) from the query string, validated."""
    try:
        page = int(args.get("page") or 1)
        per_page = int(args.get("per_page") or DEFAULT_PER_PAGE)
    except ValueError as exc:
        raise BadRequest("page and per_page must be whole numbers") from exc
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise BadRequest(f"page must be ≥ 1 and per_page between 1 and {MAX_PER_PAGE}")
    return page, per_page


# Each reading connection's page cache: an answer seeks a few hundred rows of several tables, and
# with SQLite's default 2 MiB each seek re-read its pages from the OS (10 M dump rows, the most used
# package under active_since: 3.4 ms at 2 MiB, 2.7 ms at 64 MiB).
READ_CACHE_KIB = 64 * 1024


def prepare_reader(con: sqlite3.Connection) -> sqlite3.Connection:
    """Size the page cache (``READ_CACHE_KIB``) of a connection that answers questions; returns it.

    :param con: a connection to the published database (Datasette's, the CLI's, the exporter's).
    """
    con.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
    return con


def open_published(path) -> sqlite3.Connection:
    """A read-only connection to the published database at ``path``, prepared for answers.

    :param path: the published SQLite file.
    """
    return prepare_reader(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def rows(con: sqlite3.Connection, sql: str, params: dict | list | tuple = ()) -> list[dict]:
    """Rows as dicts, whatever the connection's row factory."""
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# --- finding the package ---------------------------------------------------------------------

PACKAGE_COLUMNS = "id, ecosystem, name, purl, description, repository_url, homepage_url, latest_version, " \
                  "source_repository"
PACKAGE_BY_KEY = f"SELECT {PACKAGE_COLUMNS} FROM packages WHERE ecosystem = :ecosystem AND name = :name"
PACKAGES_BY_NAME = f"SELECT {PACKAGE_COLUMNS} FROM packages WHERE name = :name ORDER BY ecosystem"
SIMILAR_PACKAGES = """
SELECT ecosystem || '/' || name AS package FROM packages
WHERE name LIKE :pattern ESCAPE '\\' ORDER BY dependent_organizations DESC, name LIMIT 5
"""


def package_lookups(spec: str) -> list[tuple[str, dict]]:
    """Candidate lookups for a route's ``{ecosystem}/{name}`` or bare ``{name}`` (names may
    contain slashes: ``npm/@types/node``, ``golang/github.com/stretchr/testify``), most specific
    first."""
    spec = spec.strip("/")
    lookups: list[tuple[str, dict]] = []
    first, _, rest = spec.partition("/")
    if rest and first.lower() in KNOWN_ECOSYSTEMS:
        ecosystem = first.lower()
        lookups.append((PACKAGE_BY_KEY, {"ecosystem": ecosystem, "name": normalize_name(ecosystem, rest)}))
    lookups.append((PACKAGES_BY_NAME, {"name": spec}))
    return lookups


def similar_pattern(spec: str) -> dict:
    name = spec.strip("/").rsplit("/", 1)[-1]
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return {"pattern": f"%{escaped}%"}


def find_package(con: sqlite3.Connection, spec: str) -> dict:
    """The package a route or command names, or NotFound: unknown (with similar names) or a bare
    name several ecosystems share (with the candidates)."""
    for sql, params in package_lookups(spec):
        found = rows(con, sql, params)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise NotFound(f"'{spec}' names packages in several ecosystems; ask for one of them",
                           candidates=[f"{r['ecosystem']}/{r['name']}" for r in found])
    similar = [r["package"] for r in rows(con, SIMILAR_PACKAGES, similar_pattern(spec))]
    raise NotFound(f"No package '{spec}' in wump. Ask for ECOSYSTEM/NAME with a purl type, e.g. pypi/fastapi.",
                   suggestions=similar)


def find_packages(con: sqlite3.Connection, specs: Iterable[str]) -> list[dict]:
    """Several packages (``pypi/a,npm/b``); NotFound names the first that is unknown."""
    found = []
    for spec in specs:
        package = find_package(con, spec)
        if package["id"] not in {p["id"] for p in found}:
            found.append(package)
    return found


def find_owner(con: sqlite3.Connection, name: str) -> dict:
    """The owner called ``name`` (``login`` or ``host/login``; GitHub first when several hosts have it)."""
    host, _, login = name.rpartition("/")
    sql = ("SELECT * FROM organizations WHERE name = :login COLLATE NOCASE AND (:host = '' OR host = :host) "
           "ORDER BY host <> 'github.com', host LIMIT 1")
    found = rows(con, sql, {"login": login, "host": host})
    if not found:
        similar = rows(con, "SELECT name FROM organizations WHERE name LIKE :pattern ESCAPE '\\' "
                            "ORDER BY total_repositories DESC, name LIMIT 5", similar_pattern(login))
        raise NotFound(f"No owner '{name}' in wump.", suggestions=[r["name"] for r in similar])
    return found[0]


# --- the ranked answer -----------------------------------------------------------------------

def in_list(column: str, values: tuple, params: dict, prefix: str) -> str:
    """``column IN (:prefix0, …)`` with the values bound in ``params``."""
    names = []
    for i, value in enumerate(values):
        params[f"{prefix}{i}"] = value
        names.append(f":{prefix}{i}")
    return f"{column} IN ({', '.join(names)})"


_USER_COLUMNS = ("organization AS org, owner_type, host, repositories AS repos, runtime_repositories AS runtime_repos, "
                 "transitive_repositories AS transitive_repos, stars, last_commit_at, first_seen, sources")

_LIVE = """
SELECT o.id AS organization_id, o.name AS organization, o.owner_type, o.host,
       count(*) FILTER (WHERE d.direct) AS repositories,
       count(*) FILTER (WHERE d.direct AND d.dependency_type = 'runtime') AS runtime_repositories,
       count(*) FILTER (WHERE NOT d.direct) AS transitive_repositories,
       coalesce(sum(r.stars), 0) AS stars, max(r.last_commit_at) AS last_commit_at,
       min(d.first_seen) AS first_seen, group_concat(DISTINCT d.source) AS sources
FROM dependencies d
JOIN repositories r ON r.id = d.repository_id
JOIN organizations o ON o.id = r.organization_id
WHERE d.package_id = :package_id {conditions}
GROUP BY o.id
"""


def _repository_conditions(filters: UserFilters, params: dict) -> list[str]:
    conditions = []
    if not filters.include_forks:
        conditions.append("NOT coalesce(r.is_fork, 0)")
    if not filters.include_archived:
        conditions.append("NOT coalesce(r.is_archived, 0)")
    if filters.runtime_only:
        conditions.append("d.dependency_type = 'runtime'")
    if filters.active_since:
        conditions.append("r.last_commit_at >= :active_since")
        params["active_since"] = filters.active_since
    return conditions


def _live_candidates(package_id: int, filters: UserFilters, params: dict) -> str:
    """The live aggregation over the package's edges (the reference the precomputed shape equals)."""
    params["package_id"] = package_id
    conditions = "".join(f" AND {c}" for c in _repository_conditions(filters, params))
    return _LIVE.format(conditions=conditions)


def _candidates(package_id: int, filters: UserFilters, params: dict) -> str:
    """SQL of every owner using the package under the repository-level filters, one row each,
    with package_users' column names (before the owner-type and transitive choice)."""
    params["package_id"] = package_id
    if not filters.needs_live_aggregation:
        return f"SELECT {_BASE_COLUMNS} FROM package_users WHERE package_id = :package_id"
    cand = f"SELECT {_BASE_COLUMNS}, {_PU_EXTRA} FROM package_users WHERE package_id = :package_id"
    _filter_params(filters, params)
    return f"WITH {_FACET_VALUES}, {_exact('c', f'({cand})')} SELECT * FROM ex_c WHERE present"


# --- the precomputed shape -----------------------------------------------------------------------
# An owner's row under repository filters (forks=false → bit 1, archived=false → 2, runtime=true → 4,
# active_since → day) is read, never counted: a row whose filter_flags miss the mask and whose
# oldest push is on or after the day is unchanged (pure); a one-repository row that is not pure is
# gone; the others sum one package_user_facets row per facet that misses the mask (the row of the
# first day on or after active_since, which already sums every later day).
# Which owners get exact values: a filter only lowers an owner's counts, so its unfiltered row (under
# active_since with sort repos or stars: its package_user_activity row from an activity day on or
# before the date) bounds where it can rank; the first owners in that order give the k-th exact
# value, and only owners whose bound still reaches it are read (``_threshold_users``).

FORK, ARCHIVED, NOT_RUNTIME = 1, 2, 4
_BASE_COLUMNS = ("organization_id, organization, owner_type, host, repositories, runtime_repositories, "
                 "transitive_repositories, stars, last_commit_at, first_seen, sources")
_PU_EXTRA = "filter_flags, oldest_commit_at, edge_first_seen"
_FACET_VALUES = "facet_values(facet) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7))"


def filter_mask(filters: UserFilters) -> int:
    """The repository filters as the facet bits they exclude."""
    return ((0 if filters.include_forks else FORK) | (0 if filters.include_archived else ARCHIVED)
            | (NOT_RUNTIME if filters.runtime_only else 0))


def _filter_params(filters: UserFilters, params: dict, package_flags: int | None = None) -> None:
    mask = filter_mask(filters)
    params["mask"] = mask if package_flags is None else mask & package_flags
    params["since"] = filters.active_since or ""


def _exact(name: str, rows: str) -> str:
    """CTEs ``facets_{name}`` and ``ex_{name}``: the filtered values of every row of ``rows`` (package_users
    rows of the package with _PU_EXTRA), ``present`` when any of its repositories passes."""
    pure = "((filter_flags & :mask) = 0 AND (:since = '' OR coalesce(oldest_commit_at, last_commit_at, '') >= :since))"
    # MATERIALIZED: each is computed once (as a join's inner side SQLite would re-run it per row).
    return f"""c_{name} AS MATERIALIZED (SELECT *, {pure} AS pure FROM {rows}),
facets_{name} AS MATERIALIZED (
    SELECT c.organization_id, sum(f.repositories) AS repositories,
           sum(CASE WHEN f.facet & {NOT_RUNTIME} = 0 THEN f.repositories ELSE 0 END) AS runtime_repositories,
           sum(f.transitive_repositories) AS transitive_repositories, sum(f.stars) AS stars,
           max(f.last_commit_at) AS last_commit_at, min(f.first_seen) AS first_seen,
           group_concat(f.sources) AS sources
    -- CROSS JOIN fixes the order (per candidate, per facet, one primary-key seek); LEFT JOIN keeps
    -- SQLite from building a Bloom filter over the whole facet table first.
    FROM c_{name} c CROSS JOIN facet_values g
    LEFT JOIN package_user_facets f ON f.package_id = :package_id AND f.organization_id = c.organization_id
         AND f.facet = g.facet
         AND f.since = (SELECT min(x.since) FROM package_user_facets x
                        WHERE x.package_id = :package_id AND x.organization_id = c.organization_id
                          AND x.facet = g.facet AND x.since >= :since)
    WHERE NOT c.pure AND c.repositories + c.transitive_repositories > 1 AND (g.facet & :mask) = 0
      AND f.package_id IS NOT NULL
    GROUP BY c.organization_id),
ex_{name} AS (
    SELECT c.organization_id, c.organization, c.owner_type, c.host,
           CASE WHEN c.pure THEN c.repositories ELSE coalesce(f.repositories, 0) END AS repositories,
           CASE WHEN c.pure THEN c.runtime_repositories ELSE coalesce(f.runtime_repositories, 0) END
               AS runtime_repositories,
           CASE WHEN c.pure THEN c.transitive_repositories ELSE coalesce(f.transitive_repositories, 0) END
               AS transitive_repositories,
           CASE WHEN c.pure THEN c.stars ELSE coalesce(f.stars, 0) END AS stars,
           CASE WHEN c.pure THEN c.last_commit_at ELSE f.last_commit_at END AS last_commit_at,
           CASE WHEN c.pure THEN nullif(coalesce(c.edge_first_seen, c.first_seen), '') ELSE f.first_seen END
               AS first_seen,
           CASE WHEN c.pure THEN c.sources ELSE f.sources END AS sources,
           c.pure OR f.organization_id IS NOT NULL AS present
    FROM c_{name} c LEFT JOIN facets_{name} f ON f.organization_id = c.organization_id)"""


# Per sort: the column that bounds the filtered value (a filter only removes repositories, so an
# owner's filtered value ranks no earlier than its unfiltered one), the direction, and the value
# below which (in sort order) no owner can enter the page.
_BOUNDS = {
    "repos": ("repositories", ">=", "-1"),
    "stars": ("stars", ">=", "-1"),
    "recent": ("last_commit_at", ">=", "''"),
    "name": ("organization", "<=", "char(1114111)"),
    "first_seen": ("first_seen", "<=", "char(1114111)"),
}
# The index order of each sort (package_users' own columns; sort_* indexes, the key for repos).
_INDEX_ORDER = {
    "repos": "repositories DESC, stars DESC, organization, organization_id",
    "stars": "stars DESC, repositories DESC, organization, organization_id",
    "recent": "last_commit_at DESC, repositories DESC, organization, organization_id",
    "first_seen": "first_seen, organization, organization_id",
    "name": "organization, organization_id",
}


_SORT_INDEX = {_INDEX_ORDER[s]: f" INDEXED BY idx_package_users_sort_{s}" for s in ("stars", "recent", "first_seen",
                                                                                     "name")}


def _arms(filters: UserFilters, params: dict, where: str, order: str, limit: str | None, popular: bool,
          extra: str = "", index: str | None = None, direct: str = " AND repositories > 0") -> str:
    """One ordered, limited scan per owner type (each reads its own index range in order),
    concatenated; ``direct`` is the condition that leaves out transitive-only owners."""
    arms = []
    direct = "" if filters.transitive else direct
    indexed = " AND popular = 1" if popular else ""
    # A popular package's rows are read in the sort's own index order (the planner, seeing
    # repositories > 0, would pick the key's range and sort every row).
    index = (_SORT_INDEX.get(index or order, "") if popular else "")
    for i, owner_type in enumerate(filters.owner_types):
        params[f"type{i}"] = owner_type
        ordered = f" ORDER BY {order} LIMIT {limit}" if limit else ""
        arms.append(f"SELECT * FROM (SELECT {_BASE_COLUMNS}{extra} FROM package_users{index} "
                    f"WHERE package_id = :package_id AND owner_type = :type{i}{direct}{indexed}{where}{ordered})")
    return " UNION ALL ".join(arms)


def _unfiltered_query(filters: UserFilters, params: dict, popular: bool) -> str:
    order = SORTS[filters.sort]
    if filters.sort == "first_seen":  # nulls last: the non-null range of the index, then the nulls
        source = (_arms(filters, params, " AND first_seen IS NOT NULL", _INDEX_ORDER["first_seen"],
                        ":limit + :offset", popular) + " UNION ALL "
                  + _arms(filters, {}, " AND first_seen IS NULL", "organization, organization_id",
                          ":limit + :offset", popular, index=_INDEX_ORDER["first_seen"]))
    else:
        source = _arms(filters, params, "", _INDEX_ORDER[filters.sort], ":limit + :offset", popular)
    return f"SELECT {_USER_COLUMNS} FROM ({source}) ORDER BY {order} LIMIT :limit OFFSET :offset"


# Owners whose exact values the head computes first (at least twice the page's end).
HEAD_WINDOW = 100
_TOP = chr(0x10FFFF)  # sorts after every owner name and date: the open end of an ascending cut


def _answer_condition(filters: UserFilters) -> str:
    return "present" + ("" if filters.transitive else " AND repositories > 0")


# Sorts whose values package_user_activity bounds under active_since: the bound column, the next
# one in the order, and the answer's order as a Python key (SORTS' order, for merging two answers).
_ACTIVITY_SORTS = {"repos": ("repositories", "stars"), "stars": ("stars", "repositories")}
_SORT_KEYS = {"repos": lambda r: (-r["repos"], -r["stars"], r["org"], r["organization_id"]),
              "stars": lambda r: (-r["stars"], -r["repos"], r["org"], r["organization_id"])}
_ACTIVITY_COLUMNS = ", ".join(f"pu.{c}" for c in f"{_BASE_COLUMNS}, {_PU_EXTRA}".split(", "))


def _activity_arms(filters: UserFilters, params: dict, cut: str, limit: str | None, after: bool = False) -> str:
    """Per owner type, the owners pushed on or after ``:bucket`` (an activity day on or before
    active_since) in the order of their counts from that day, which bound the filtered counts from
    the later date; each with its package_users row and that bound (``bound``, then ``second``).
    ``after``: only the owners after the ``:after_bound{i}``, ``:after_second{i}``, ``:after_id{i}``
    of each owner type ``i`` in that order."""
    first, second = (f"a.{c}" for c in _ACTIVITY_SORTS[filters.sort])
    order = f"{first} DESC, {second} DESC, a.organization_id"
    direct = "" if filters.transitive or (cut and filters.sort == "repos") else " AND a.repositories > 0"
    arms = []
    for i, owner_type in enumerate(filters.owner_types):
        params[f"type{i}"] = owner_type
        ordered = f" ORDER BY {order}" + (f" LIMIT {limit}" if limit else "")
        later = (f" AND ({first} < :after_bound{i} OR ({first} = :after_bound{i} AND ({second} < :after_second{i} "
                 f"OR ({second} = :after_second{i} AND a.organization_id > :after_id{i}))))") if after else ""
        # CROSS JOIN: the activity rows are read in order, each owner's package_users row seeked.
        arms.append(f"SELECT * FROM (SELECT {_ACTIVITY_COLUMNS}, {first} AS bound, {second} AS second "
                    "FROM package_user_activity a CROSS JOIN package_users pu ON pu.package_id = a.package_id "
                    "AND pu.organization_id = a.organization_id "
                    f"WHERE a.package_id = :package_id AND a.since = :bucket AND a.owner_type = :type{i}"
                    f"{direct}{cut}{later}{ordered})")
    return " UNION ALL ".join(arms)


def _activity_cut(filters: UserFilters) -> str:
    """The bound still reaching ``:theta`` (the k-th exact value)."""
    if filters.sort == "repos":  # the scan's one lower bound (see _cand_arms)
        return (f" AND a.repositories >= max(coalesce(:theta, -1), {-1 if filters.transitive else 1})"
                + _runtime_cut(filters, "a."))
    return " AND a.stars >= coalesce(:theta, -1)"


def _runtime_cut(filters: UserFilters, prefix: str = "") -> str:
    """Under runtime=true an owner's repositories are at most its runtime ones (no ``prefix``:
    package_users', in every repository; ``a.``: the activity row's, pushed on or after its day)."""
    return f" AND {prefix}runtime_repositories >= coalesce(:theta, -1)" if filters.runtime_only else ""


def _head_arms(filters: UserFilters, params: dict, popular: bool) -> str:
    """The first ``:window`` owners of each owner type in the unfiltered order of the sort (in the
    activity order from ``:bucket`` when one is set)."""
    if params.get("bucket"):
        return _activity_arms(filters, params, _pushed_since(filters, "pu."), ":window")
    head_where = (" AND first_seen IS NOT NULL" if filters.sort == "first_seen" else "") + _pushed_since(filters)
    return _arms(filters, params, head_where, _INDEX_ORDER[filters.sort], ":window", popular, ", " + _PU_EXTRA)


def _pushed_since(filters: UserFilters, prefix: str = "") -> str:
    """Under active_since only owners with a push on or after it can answer: the others are
    skipped by the scan instead of given exact values (and do not fill the head)."""
    return f" AND {prefix}last_commit_at >= :since" if filters.active_since else ""


def _cand_arms(filters: UserFilters, popular: bool) -> str:
    """Every owner whose unfiltered value still lets it reach the k-th filtered one (``:theta``,
    with ``:theta_name`` and ``:theta_id`` for first_seen; null when no k-th is known: everyone)."""
    column, op, open_end = _BOUNDS[filters.sort]
    order = _INDEX_ORDER[filters.sort]
    extra = ", " + _PU_EXTRA
    pushed = _pushed_since(filters)
    if filters.sort == "first_seen":
        cut = (" AND (first_seen, organization, organization_id) <= "
               "(coalesce(:theta, char(1114111)), coalesce(:theta_name, ''), coalesce(:theta_id, 0))")
        return (_arms(filters, {}, cut + pushed, order, None, popular, extra) + " UNION ALL "
                + _arms(filters, {}, " AND first_seen IS NULL AND coalesce(:theta, char(1114111)) = char(1114111)"
                        + pushed, "organization", None, popular, extra))
    # One lower bound on the index's column, or SQLite ranges over one bound and filters the rest.
    if column == "repositories":
        least = "-1" if filters.transitive else "1"
        return _arms(filters, {}, f" AND repositories >= max(coalesce(:theta, -1), {least}){pushed}"
                     + _runtime_cut(filters), order, None, popular, extra, direct="")
    if column == "last_commit_at" and filters.active_since:  # owners never pushed cannot answer
        return _arms(filters, {}, " AND last_commit_at >= max(coalesce(:theta, ''), :since)", order, None, popular,
                     extra)
    arms = _arms(filters, {}, f" AND {column} {op} coalesce(:theta, {open_end}){pushed}", order, None, popular,
                 extra)
    if column == "last_commit_at":
        arms += " UNION ALL " + _arms(filters, {}, " AND last_commit_at IS NULL AND coalesce(:theta, '') = ''",
                                      "organization", None, popular, extra)
    return arms


def _filtered_query(filters: UserFilters, params: dict, popular: bool) -> str:
    """Top-k under repository filters without aggregating every owner, in one statement (the
    small packages' way; popular ones run the same steps one by one in ``_threshold_users``): exact
    values for the first owners in the unfiltered order (``head``), the k-th of those (``theta``)
    bounds which owners can still enter the page, and only those (``cand``) get exact values."""
    column, _, open_end = _BOUNDS[filters.sort]
    params["window"] = max(2 * (params["limit"] + params["offset"]), HEAD_WINDOW)
    answer = _answer_condition(filters)
    if filters.sort == "first_seen":
        theta_value = "coalesce(first_seen, char(1114111)) AS v, organization AS name, organization_id AS id"
    else:
        theta_value = (f"coalesce(last_commit_at, {open_end}) AS v" if column == "last_commit_at"
                       else f"{column} AS v") + ", NULL AS name, NULL AS id"
    cand = (_cand_arms(filters, popular).replace(":theta_name", "(SELECT name FROM theta)")
            .replace(":theta_id", "(SELECT id FROM theta)").replace(":theta", "(SELECT v FROM theta)"))
    return f"""WITH {_FACET_VALUES},
{_exact('head', f'({_head_arms(filters, params, popular)})')},
theta AS MATERIALIZED (SELECT {theta_value} FROM ex_head WHERE {answer} ORDER BY {SORTS[filters.sort]}
          LIMIT 1 OFFSET :limit + :offset - 1),
{_exact('cand', f'({cand})')}
SELECT {_USER_COLUMNS} FROM ex_cand WHERE {answer} ORDER BY {SORTS[filters.sort]} LIMIT :limit OFFSET :offset"""


# Per sort, over one owner type's head rows: how far the head reached in the unfiltered order.
_HEAD_REACH = {"repos": "min(repositories)", "stars": "min(stars)", "recent": "min(coalesce(last_commit_at, ''))",
               "name": "max(organization)", "first_seen": "max(first_seen)"}


def _theta(sort: str, row: dict) -> dict:
    """The cut parameters from the k-th filtered row."""
    column = _BOUNDS[sort][0]
    if sort == "first_seen":
        return {"theta": row["first_seen"] or _TOP, "theta_name": row["org"], "theta_id": row["organization_id"]}
    value = row["repos"] if column == "repositories" else row["org"] if column == "organization" else row[column]
    return {"theta": "" if value is None else value, "theta_name": None, "theta_id": None}


def _beyond(sort: str, reach, theta) -> bool:
    """Whether every owner after a head that reached ``reach`` falls outside the cut at ``theta``."""
    if sort in ("repos", "stars"):
        return reach < theta
    if sort == "recent":
        return theta != "" and reach < theta
    if sort == "name":
        return reach > theta
    return theta != _TOP and reach > theta


def _threshold_users(con: sqlite3.Connection, filters: UserFilters, params: dict, popular: bool) -> list[dict]:
    """``_filtered_query``'s steps one by one: the head grows (×4) until it holds k answering owners
    (a narrow filter leaves few of the first owners), and the candidates are only read when the
    head does not already cover every owner the cut lets in."""
    k = params["limit"] + params["offset"]
    answer = _answer_condition(filters)
    order = SORTS[filters.sort]
    params["window"] = max(2 * k, HEAD_WINDOW)
    if filters.active_since and filters.sort in _ACTIVITY_SORTS:
        params["bucket"] = con.execute("SELECT max(since) FROM package_user_activity WHERE package_id = ? "
                                       "AND since <= ?", [params["package_id"], filters.active_since]).fetchone()[0]
    # How far each owner type's head reached: its last row (activity: with its place in the order),
    # read off the head's materialized rows in the same statement as the head's page.
    reach_sql = ("SELECT owner_type, n, reach, second, organization_id FROM (SELECT owner_type, count(*) OVER t AS n, "
                 "bound AS reach, second, organization_id, row_number() OVER (t ORDER BY bound, second, "
                 "organization_id DESC) AS back FROM c_head WINDOW t AS (PARTITION BY owner_type)) WHERE back = 1"
                 if params.get("bucket") else
                 f"SELECT owner_type, count(*) AS n, {_HEAD_REACH[filters.sort]} AS reach, NULL AS second, "
                 "NULL AS organization_id FROM c_head GROUP BY owner_type")
    while True:
        head = _head_arms(filters, params, popular)
        # One row at least (the reach), then the page's rows in order.
        found = rows(con, f"WITH {_FACET_VALUES}, {_exact('head', f'({head})')}, reach AS ({reach_sql}) "
                          "SELECT (SELECT json_group_array(json_array(owner_type, n, reach, second, organization_id)) "
                          "FROM reach) AS reach_json, page.* FROM (SELECT 1) LEFT JOIN "
                          f"(SELECT {_USER_COLUMNS}, organization_id, row_number() OVER (ORDER BY {order}) AS position "
                          f"FROM ex_head WHERE {answer} ORDER BY {order} LIMIT :limit + :offset) page "
                          "ORDER BY page.position", params)
        last = {t: {"n": n, "reach": r, "second": second, "organization_id": i}
                for t, n, r, second, i in json.loads(found[0]["reach_json"])}
        found = [r for r in found if r["org"] is not None]
        reach = {t: (r["n"], r["reach"]) for t, r in last.items()}
        exhausted = all(n < params["window"] for n, _ in reach.values())
        if exhausted and filters.sort != "first_seen":  # every owner was in the head
            return found[params["offset"]:]
        if len(found) >= k or exhausted:
            break
        params["window"] *= 4
    if len(found) >= k:
        theta = _theta(filters.sort, found[k - 1])
        if all(n < params["window"] or _beyond(filters.sort, last, theta["theta"]) for n, last in reach.values()):
            return found[params["offset"]:]
    else:
        theta = {"theta": None, "theta_name": None, "theta_id": None}
    params.update(theta)
    if params.get("bucket") and len(found) >= k:
        # Only the owners after the head can still enter: their top k, merged with the head's.
        for i, owner_type in enumerate(filters.owner_types):
            end = last.get(owner_type)
            full = end is not None and end["n"] >= params["window"]
            params.update({f"after_bound{i}": end["reach"] if full else -1,
                           f"after_second{i}": end["second"] if full else -1,
                           f"after_id{i}": end["organization_id"] if full else 0})
        cand = _activity_arms(filters, {}, _activity_cut(filters) + _pushed_since(filters, "pu."), None, after=True)
        beyond = rows(con, f"WITH {_FACET_VALUES}, {_exact('cand', f'({cand})')} "
                           f"SELECT {_USER_COLUMNS}, organization_id FROM ex_cand WHERE {answer} ORDER BY {order} "
                           "LIMIT :limit + :offset", params)
        return sorted(found + beyond, key=_SORT_KEYS[filters.sort])[params["offset"]:k]
    cand = _cand_arms(filters, popular)
    return rows(con, f"WITH {_FACET_VALUES}, {_exact('cand', f'({cand})')} "
                     f"SELECT {_USER_COLUMNS} FROM ex_cand WHERE {answer} ORDER BY {order} "
                     "LIMIT :limit OFFSET :offset", params)


def users_query(package_id: int, filters: UserFilters, limit: int, offset: int, *,
                popular: bool = False, package_flags: int | None = None) -> tuple[str, dict]:
    """SQL and parameters for one page of the ranked users of a package.

    :param popular: the package is popular (``packages.popular``): its sort indexes are used.
    :param package_flags: ``packages.filter_flags``, when known: filters that change nothing are dropped.
    """
    params: dict = {"limit": limit, "offset": offset, "package_id": package_id}
    mask = filter_mask(filters) & (package_flags if package_flags is not None else 7)
    if not mask and not filters.active_since:
        return _unfiltered_query(filters, params, popular), params
    _filter_params(filters, params, package_flags)
    return _filtered_query(filters, params, popular), params


def package_facts(con: sqlite3.Connection, package_id: int) -> dict:
    """What the query builders want to know of a package: ``popular`` and ``package_flags``."""
    row = rows(con, "SELECT popular, filter_flags FROM packages WHERE id = :id", {"id": package_id})
    if not row:
        return {"popular": False, "package_flags": None}
    return {"popular": bool(row[0]["popular"]), "package_flags": row[0]["filter_flags"]}


@dataclass(frozen=True)
class AnswerCounts:
    """How many owners the answer has, and what its filter left out (with how to include them)."""

    total: int
    personal_accounts_left_out: int
    transitive_only_left_out: int
    missing_accounts_left_out: int = 0  # logins GitHub knows no account for

    def headers(self, filters: UserFilters) -> dict[str, str]:
        """HTTP headers saying so (``X-Total-Count`` and the three left-out counts)."""
        include = []
        if self.personal_accounts_left_out or self.missing_accounts_left_out:
            include.append("owner_type=any")
        if self.transitive_only_left_out:
            include.append("transitive=true")
        return {"x-total-count": str(self.total),
                "x-wump-personal-accounts-left-out": str(self.personal_accounts_left_out),
                "x-wump-transitive-only-left-out": str(self.transitive_only_left_out),
                "x-wump-missing-accounts-left-out": str(self.missing_accounts_left_out),
                "x-wump-include-with": "&".join(include)}


_PRECOMPUTED_COUNTS = f"""
WITH t(owner_type) AS (VALUES {', '.join(f"('{t}')" for t in OWNER_TYPES)})
SELECT t.owner_type,
       (SELECT direct_owners FROM package_user_counts WHERE package_id = :package_id AND combo = :mask
           AND owner_type = t.owner_type AND since >= :since ORDER BY since LIMIT 1) AS direct_owners,
       (SELECT owners FROM package_user_counts WHERE package_id = :package_id AND combo = :mask
           AND owner_type = t.owner_type AND since >= :since ORDER BY since LIMIT 1) AS owners
FROM t
"""


def _counts_from(per_type: dict[str, tuple[int, int]], filters: UserFilters) -> AnswerCounts:
    """AnswerCounts from (direct owners, owners) per owner type."""
    typed = [per_type.get(t, (0, 0)) for t in filters.owner_types]
    total = sum(owners if filters.transitive else direct for direct, owners in typed)
    def left_out(owner_type: str) -> int:
        return 0 if owner_type in filters.owner_types else per_type.get(owner_type, (0, 0))[0]

    transitive = 0 if filters.transitive else sum(owners - direct for direct, owners in typed)
    return AnswerCounts(total, left_out("User"), transitive, left_out(MISSING_OWNER))


def count_users(con: sqlite3.Connection, package_id: int, filters: UserFilters,
                facts: dict | None = None) -> AnswerCounts:
    """The size of the answer and of what its owner-type and transitive filters leave out: read
    from package_user_counts for popular packages, counted over the package's rows otherwise."""
    facts = facts if facts is not None else package_facts(con, package_id)
    params: dict = {"package_id": package_id}
    _filter_params(filters, params, facts["package_flags"])
    if facts["popular"]:
        found = rows(con, _PRECOMPUTED_COUNTS, params)
        return _counts_from({r["owner_type"]: (r["direct_owners"] or 0, r["owners"] or 0) for r in found}, filters)
    if not params["mask"] and not filters.active_since:
        source = f"SELECT {_BASE_COLUMNS} FROM package_users WHERE package_id = :package_id"
    else:
        cand = f"SELECT {_BASE_COLUMNS}, {_PU_EXTRA} FROM package_users WHERE package_id = :package_id"
        source = f"WITH {_FACET_VALUES}, {_exact('c', f'({cand})')} SELECT * FROM ex_c WHERE present"
    found = rows(con, f"SELECT owner_type, count(*) FILTER (WHERE repositories > 0) AS direct_owners, "
                      f"count(*) AS owners FROM ({source}) GROUP BY owner_type", params)
    return _counts_from({r["owner_type"]: (r["direct_owners"], r["owners"]) for r in found}, filters)


def live_users(con: sqlite3.Connection, package_id: int, filters: UserFilters, limit: int,
               offset: int = 0) -> list[dict]:
    """The ranked answer aggregated live over the package's edges: the reference the precomputed
    shape must equal (tests compare them), far too slow for popular packages."""
    params: dict = {"limit": limit, "offset": offset}
    source = (_live_candidates(package_id, filters, params) if filters.needs_live_aggregation
              else _candidates(package_id, filters, params))
    where = [in_list("owner_type", filters.owner_types, params, "type")]
    if not filters.transitive:
        where.append("repositories > 0")
    sql = (f"SELECT {_USER_COLUMNS} FROM ({source}) WHERE {' AND '.join(where)} "
           f"ORDER BY {SORTS[filters.sort]} LIMIT :limit OFFSET :offset")
    return [shape_user(r) for r in rows(con, sql, params)]


def live_count_users(con: sqlite3.Connection, package_id: int, filters: UserFilters) -> AnswerCounts:
    """count_users aggregated live (the reference)."""
    params: dict = {}
    source = (_live_candidates(package_id, filters, params) if filters.needs_live_aggregation
              else _candidates(package_id, filters, params))
    found = rows(con, f"SELECT owner_type, count(*) FILTER (WHERE repositories > 0) AS direct_owners, "
                      f"count(*) AS owners FROM ({source}) GROUP BY owner_type", params)
    return _counts_from({r["owner_type"]: (r["direct_owners"], r["owners"]) for r in found}, filters)


def owner_url(host: str, login: str) -> str:
    return f"https://{host}/{login}"


def shape_user(row: dict) -> dict:
    """One element of the API's JSON array (the seed's ``org``/``repos`` shape, extended)."""
    host = row.get("host") or "github.com"
    return {
        "org": row["org"],
        "owner_type": row["owner_type"],
        "repos": row["repos"],
        "runtime_repos": row["runtime_repos"],
        "transitive_repos": row["transitive_repos"],
        "stars": row["stars"],
        "last_commit_at": row["last_commit_at"],
        "first_seen": row["first_seen"],
        "sources": sorted(set(row["sources"].split(","))) if row["sources"] else [],
        "host": host,
        "url": owner_url(host, row["org"]),
    }


def users(con: sqlite3.Connection, package_id: int, filters: UserFilters, limit: int, offset: int = 0,
          facts: dict | None = None) -> list[dict]:
    """One page of the ranked answer, shaped for JSON."""
    facts = facts if facts is not None else package_facts(con, package_id)
    sql, params = users_query(package_id, filters, limit, offset, **facts)
    if facts["popular"] and "ex_cand" in sql:  # filtered: the steps one by one
        found = _threshold_users(con, filters, params, True)
    else:
        found = rows(con, sql, params)
    return [shape_user(r) for r in found]


def default_users_sql() -> str:
    """The canned query's SQL: the default answer for ``:ecosystem`` / ``:package``, with the same
    ranking as the API (``:owner_type`` 'any' or a type adds owners; ``:transitive`` 'true' adds
    transitive-only owners)."""
    columns = _USER_COLUMNS.replace("repositories AS repos", "repositories").replace(
        "runtime_repositories AS runtime_repos", "runtime_repositories").replace(
        "transitive_repositories AS transitive_repos", "transitive_repositories").replace("organization AS org", "organization")
    return f"""SELECT {columns}
FROM package_users
WHERE ecosystem = :ecosystem AND package = :package
  AND (CASE WHEN coalesce(:owner_type, '') = '' THEN {DEFAULT_OWNER_SQL}
            WHEN :owner_type = 'any' THEN 1
            ELSE owner_type = :owner_type END)
  AND (repositories > 0 OR coalesce(:transitive, '') IN ('true', '1', 'yes'))
ORDER BY {SORTS['repos']}"""


# --- evidence, history, several packages, one owner --------------------------------------------

def manifest_links(host: str, full_name: str, branch: str | None, paths: str | None) -> list[dict]:
    """Each manifest path with a link to the file on its host (default branch, else HEAD)."""
    if not paths:
        return []
    blob = "-/blob" if host == "gitlab.com" else ("src" if host == "bitbucket.org" else "blob")
    return [{"path": p, "url": f"https://{host}/{full_name}/{blob}/{branch or 'HEAD'}/{p}"}
            for p in paths.split(",") if p]


_EVIDENCE = """
    SELECT r.organization_id, r.full_name, r.host, r.github_url AS url, r.stars, r.is_fork, r.is_archived,
           r.last_commit_at, r.default_branch, d.manifest_path, d.requirement, d.version,
           d.dependency_type, d.direct, d.source, d.first_seen, d.last_seen
    FROM {source}
    WHERE {conditions}
    ORDER BY r.organization_id, d.direct DESC, r.stars DESC, r.full_name"""


def _evidence_item(r: dict) -> dict:
    return {
        "repository": r["full_name"], "url": r["url"], "stars": r["stars"], "fork": bool(r["is_fork"]),
        "archived": bool(r["is_archived"]), "last_commit_at": r["last_commit_at"],
        "manifests": manifest_links(r["host"], r["full_name"], r["default_branch"], r["manifest_path"]),
        "requirement": r["requirement"], "version": r["version"], "dependency_type": r["dependency_type"],
        "direct": bool(r["direct"]), "sources": sorted(set((r["source"] or "").split(",")) - {""}),
        "first_seen": r["first_seen"], "last_seen": r["last_seen"],
    }


def _evidence_rows(con: sqlite3.Connection, package_id: int, owner_id: int | None, filters: UserFilters) -> list[dict]:
    params: dict = {"package_id": package_id}
    conditions = ["d.package_id = :package_id", *_repository_conditions(filters, params)]
    if not filters.transitive:
        conditions.append("d.direct")
    if owner_id is None:  # every owner: walk the package's edges
        source = "dependencies d JOIN repositories r ON r.id = d.repository_id"
    else:  # one owner: walk its repositories
        source = "repositories r JOIN dependencies d ON d.repository_id = r.id AND d.package_id = :package_id"
        conditions.append("r.organization_id = :owner_id")
        params["owner_id"] = owner_id
    return rows(con, _EVIDENCE.format(source=source, conditions=" AND ".join(conditions)), params)


def evidence(con: sqlite3.Connection, package_id: int, owner_id: int, filters: UserFilters) -> list[dict]:
    """The owner's repositories that use the package, under the same filters as the ranked
    answer: as many as its ``repos`` (plus ``transitive_repos`` with ``transitive=true``)."""
    return [_evidence_item(r) for r in _evidence_rows(con, package_id, owner_id, filters)]


def evidence_by_owner(con: sqlite3.Connection, package_id: int, filters: UserFilters) -> dict[int, list[dict]]:
    """``evidence`` for every owner of the package at once (organizations.id → items), in one query."""
    grouped: dict[int, list[dict]] = {}
    for r in _evidence_rows(con, package_id, None, filters):
        grouped.setdefault(r["organization_id"], []).append(_evidence_item(r))
    return grouped


def adopters(con: sqlite3.Connection, package_id: int, filters: UserFilters, *, since: str | None,
             limit: int, offset: int = 0) -> list[dict]:
    """Owners by when they started using the package, newest first; those that stopped carry
    ``ended_at``. The owner-type and transitive filters are the ranked answer's."""
    params: dict = {"package_id": package_id, "since": since, "limit": limit, "offset": offset}
    where = ["package_id = :package_id", in_list("owner_type", filters.owner_types, params, "type")]
    if not filters.transitive:
        where.append("direct")
    if since:
        where.append("first_seen >= :since")
    sql = (f"SELECT organization, owner_type, host, first_seen, last_seen, ended_at, direct FROM adoptions "
           f"WHERE {' AND '.join(where)} ORDER BY first_seen DESC, organization LIMIT :limit OFFSET :offset")
    return [{"org": r["organization"], "owner_type": r["owner_type"], "first_seen": r["first_seen"],
             "last_seen": r["last_seen"], "ended_at": r["ended_at"], "direct": bool(r["direct"]),
             "url": owner_url(r["host"], r["organization"])} for r in rows(con, sql, params)]


def packages_of_repository(con: sqlite3.Connection, full_name: str) -> list[dict]:
    """The packages whose source repository is ``owner/repo`` (registry metadata, configuration)."""
    return rows(con, f"SELECT {PACKAGE_COLUMNS} FROM packages WHERE source_repository = :repo "
                     "ORDER BY ecosystem, name", {"repo": full_name.strip("/").lower()})


def users_of_packages(con: sqlite3.Connection, package_ids: list[int], filters: UserFilters, limit: int,
                      offset: int = 0) -> tuple[list[dict], int]:
    """Owners ranked by how many of their repositories use any of the packages (each repository
    once), with which packages each uses; and how many owners there are in all.

    :param package_ids: packages.id of every package asked about (e.g. all published from one repository).
    """
    params: dict = {"limit": limit, "offset": offset}
    ids = in_list("d.package_id", tuple(package_ids), params, "pkg")
    conditions = "".join(f" AND {c}" for c in _repository_conditions(filters, params))
    having = "" if filters.transitive else "HAVING count(*) FILTER (WHERE u.direct) > 0"
    typed = in_list("o.owner_type", filters.owner_types, params, "type")
    base = f"""
        WITH repository_use AS (
            SELECT d.repository_id, max(d.direct) AS direct, min(d.first_seen) AS first_seen,
                   group_concat(DISTINCT p.ecosystem || '/' || p.name) AS packages
            FROM dependencies d JOIN repositories r ON r.id = d.repository_id JOIN packages p ON p.id = d.package_id
            WHERE {ids}{conditions}
            GROUP BY d.repository_id
        )
        SELECT o.id AS organization_id, o.name AS organization, o.owner_type, o.host,
               count(*) FILTER (WHERE u.direct) AS repositories,
               count(*) FILTER (WHERE NOT u.direct) AS transitive_repositories,
               coalesce(sum(r.stars), 0) AS stars, max(r.last_commit_at) AS last_commit_at,
               min(u.first_seen) AS first_seen, group_concat(u.packages) AS packages
        FROM repository_use u JOIN repositories r ON r.id = u.repository_id
        JOIN organizations o ON o.id = r.organization_id
        WHERE {typed}
        GROUP BY o.id {having}"""
    total = rows(con, f"SELECT count(*) AS n FROM ({base})", params)[0]["n"]
    found = rows(con, f"SELECT * FROM ({base}) ORDER BY {SORTS['repos']} LIMIT :limit OFFSET :offset", params)
    return [{"org": r["organization"], "owner_type": r["owner_type"], "repos": r["repositories"],
             "transitive_repos": r["transitive_repositories"], "stars": r["stars"],
             "last_commit_at": r["last_commit_at"], "first_seen": r["first_seen"],
             "packages": sorted(set((r["packages"] or "").split(",")) - {""}), "host": r["host"],
             "url": owner_url(r["host"], r["organization"])} for r in found], total


def owner_view(con: sqlite3.Connection, owner: dict) -> dict:
    """An owner as the API shows it: type, website, verification, sponsor link, and the packages
    its repositories use with counts (direct and transitive), most used first."""
    used = rows(con, """
        SELECT ecosystem, package, repositories, runtime_repositories, transitive_repositories, first_seen
        FROM package_users WHERE organization_id = :id
        ORDER BY repositories DESC, transitive_repositories DESC, ecosystem, package""", {"id": owner["id"]})
    return {
        "org": owner["name"], "host": owner["host"], "owner_type": owner["owner_type"], "url": owner["url"],
        "display_name": owner["display_name"], "website_url": owner["website_url"],
        "is_verified": None if owner["is_verified"] is None else bool(owner["is_verified"]),
        "sponsorship_url": owner["sponsorship_url"], "company": owner["company"], "location": owner["location"],
        "total_repositories": owner["total_repositories"], "total_stars": owner["total_stars"],
        "first_seen": owner["first_seen"], "deleted_at": owner["deleted_at"],
        "packages": [{"package": f"{u['ecosystem']}/{u['package']}", "repos": u["repositories"],
                      "runtime_repos": u["runtime_repositories"], "transitive_repos": u["transitive_repositories"],
                      "first_seen": u["first_seen"]} for u in used],
    }
