"""The answer to "who uses ECOSYSTEM/NAME?" as SQL over the published database.

Shared by the ``wump users`` command (sqlite3) and the Datasette ``/api/v1`` routes (async), so
both rank and filter identically. Without filters the precomputed, clustered ``package_users``
table answers; fork/archive/runtime/activity filters aggregate the package's edges live (still
one package's rows, found by index).
"""

from __future__ import annotations

from dataclasses import dataclass

from wump.identity import KNOWN_ECOSYSTEMS, normalize_name

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30
OWNER_TYPES = ("Organization", "User", "unknown")


class BadRequest(ValueError):
    """A query parameter wump cannot use; the message says which and what is allowed."""


@dataclass(frozen=True)
class UserFilters:
    owner_type: str | None = None
    include_forks: bool = True
    include_archived: bool = True
    runtime_only: bool = False
    active_since: str | None = None  # ISO date; repositories pushed on or after it

    @property
    def needs_live_aggregation(self) -> bool:
        return not self.include_forks or not self.include_archived or self.runtime_only or bool(self.active_since)


def _flag(value: str | None, name: str, default: bool) -> bool:
    if value is None or value == "":
        return default
    lowered = value.lower()
    if lowered in ("1", "true", "yes"):
        return True
    if lowered in ("0", "false", "no"):
        return False
    raise BadRequest(f"{name} must be true or false, not {value!r}")


def filters_from_args(args: dict[str, str]) -> UserFilters:
    """Filters from query-string arguments (``owner_type``, ``forks``, ``archived``, ``runtime``,
    ``active_since``)."""
    owner_type = args.get("owner_type") or None
    if owner_type is not None and owner_type not in OWNER_TYPES:
        raise BadRequest(f"owner_type must be one of {', '.join(OWNER_TYPES)}, not {owner_type!r}")
    active_since = args.get("active_since") or None
    if active_since is not None and not _looks_like_date(active_since):
        raise BadRequest(f"active_since must be a date like 2025-01-31, not {active_since!r}")
    return UserFilters(
        owner_type=owner_type,
        include_forks=_flag(args.get("forks"), "forks", True),
        include_archived=_flag(args.get("archived"), "archived", True),
        runtime_only=_flag(args.get("runtime"), "runtime", False),
        active_since=active_since,
    )


def _looks_like_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


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


# --- finding the package ---------------------------------------------------------------------

PACKAGE_BY_KEY = "SELECT id, ecosystem, name FROM packages WHERE ecosystem = :ecosystem AND name = :name"
PACKAGES_BY_NAME = "SELECT id, ecosystem, name FROM packages WHERE name = :name ORDER BY ecosystem"
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


# --- the ranked answer -----------------------------------------------------------------------

_PRECOMPUTED = """
SELECT organization AS org, owner_type, repositories AS repos, runtime_repositories AS runtime_repos,
       transitive_repositories AS transitive_repos, stars, last_commit_at, first_seen, sources
FROM package_users
WHERE package_id = :package_id {owner_filter}
ORDER BY repositories DESC, stars DESC, organization_id DESC
LIMIT :limit OFFSET :offset
"""

_LIVE = """
SELECT o.name AS org, o.owner_type,
       count(*) FILTER (WHERE d.direct) AS repos,
       count(*) FILTER (WHERE d.direct AND d.dependency_type = 'runtime') AS runtime_repos,
       count(*) FILTER (WHERE NOT d.direct) AS transitive_repos,
       coalesce(sum(r.stars), 0) AS stars, max(r.last_commit_at) AS last_commit_at,
       min(d.first_seen) AS first_seen, group_concat(DISTINCT d.source) AS sources
FROM dependencies d
JOIN repositories r ON r.id = d.repository_id
JOIN organizations o ON o.id = r.organization_id
WHERE d.package_id = :package_id {conditions}
GROUP BY o.id
ORDER BY repos DESC, stars DESC, o.id DESC
LIMIT :limit OFFSET :offset
"""


def users_query(package_id: int, filters: UserFilters, limit: int, offset: int) -> tuple[str, dict]:
    """SQL and parameters for one page of the ranked users of a package."""
    params: dict = {"package_id": package_id, "limit": limit, "offset": offset}
    if not filters.needs_live_aggregation:
        owner_filter = ""
        if filters.owner_type:
            owner_filter, params["owner_type"] = "AND owner_type = :owner_type", filters.owner_type
        return _PRECOMPUTED.format(owner_filter=owner_filter), params
    conditions = []
    if filters.owner_type:
        conditions.append("AND o.owner_type = :owner_type")
        params["owner_type"] = filters.owner_type
    if not filters.include_forks:
        conditions.append("AND NOT coalesce(r.is_fork, 0)")
    if not filters.include_archived:
        conditions.append("AND NOT coalesce(r.is_archived, 0)")
    if filters.runtime_only:
        conditions.append("AND d.dependency_type = 'runtime'")
    if filters.active_since:
        conditions.append("AND r.last_commit_at >= :active_since")
        params["active_since"] = filters.active_since
    return _LIVE.format(conditions=" ".join(conditions)), params


def shape_user(row: dict) -> dict:
    """One element of the API's JSON array (the seed's ``org``/``repos`` shape, extended)."""
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
        "url": f"https://github.com/{row['org']}",
    }
