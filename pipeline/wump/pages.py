"""What the site's pages show, as functions of a connection to the published SQLite database.

The pages (``/``, ``/packages/{ecosystem}/{name}``, ``/orgs/{org}``, ``/search``) and the search
JSON behind the home page's box are rendered by ``datasette/plugins/pages.py``; the data they
show comes from here, and every ranked answer from ``wump.answers`` (one implementation for the
API, the CLI and the pages). Nothing here knows HTTP or HTML, except the adoption chart, which
is drawn here as SVG so the page needs no JavaScript and no CDN.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import quote, urlencode

from wump import answers
from wump.answers import UserFilters, rows
from wump.identity import KNOWN_ECOSYSTEMS

SEARCH_LIMIT = 8
HOME_LIMIT = 10
PAGE_SIZE = 50
ORG_REPOSITORIES_LIMIT = 200


# --- addresses -------------------------------------------------------------------------------

def package_path(ecosystem: str, name: str) -> str:
    """The package page; names keep their slashes (``/packages/npm/@types/node``)."""
    return f"/packages/{ecosystem}/{quote(name, safe='/@:')}"


def org_path(host: str | None, login: str) -> str:
    """The owner page: ``/orgs/LOGIN`` on GitHub, ``/orgs/HOST/LOGIN`` elsewhere."""
    if host and host != "github.com":
        return f"/orgs/{quote(host)}/{quote(login)}"
    return f"/orgs/{quote(login)}"


def api_path(ecosystem: str, name: str, route: str) -> str:
    return f"/api/v1/packages/{ecosystem}/{quote(name, safe='/@:')}/{route}"


# --- search ----------------------------------------------------------------------------------

def fts_query(text: str) -> str | None:
    """An FTS5 query matching every word of ``text`` as a prefix (results as you type), or None
    when it has no word. Words are quoted, so FTS operators in the input are plain text."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"*' for w in words) or None


def search(con: sqlite3.Connection, text: str, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Packages, then owners, whose names (or descriptions, display names, websites) match every
    word of ``text`` as a prefix. ``pypi/fast`` searches pypi only. Exact names come first,
    then the most used packages and the owners with most repositories."""
    text = text.strip()
    ecosystem = None
    first, slash, rest = text.partition("/")
    if slash and first.lower() in KNOWN_ECOSYSTEMS:
        ecosystem, text = first.lower(), rest
    query = fts_query(text)
    if query is None:
        return []
    exact = text.lower()
    packages = rows(con, """
        SELECT p.ecosystem, p.name, p.description, p.dependent_organizations
        FROM packages_fts JOIN packages p ON p.id = packages_fts.rowid
        WHERE packages_fts MATCH :q AND (:ecosystem IS NULL OR p.ecosystem = :ecosystem)
        ORDER BY lower(p.name) = :exact DESC, p.dependent_organizations DESC, p.name LIMIT :limit""",
                    {"q": query, "ecosystem": ecosystem, "exact": exact, "limit": limit})
    found = [{"type": "package", "name": f"{p['ecosystem']}/{p['name']}", "description": p["description"],
              "organizations": p["dependent_organizations"], "url": package_path(p["ecosystem"], p["name"])}
             for p in packages]
    if ecosystem is None:
        owners = rows(con, f"""
            SELECT o.name, o.host, o.owner_type, o.display_name, o.total_repositories
            FROM organizations_fts JOIN organizations o ON o.id = organizations_fts.rowid
            WHERE organizations_fts MATCH :q
            ORDER BY lower(o.name) = :exact DESC, NOT o.{answers.DEFAULT_OWNER_SQL}, o.total_repositories DESC,
                     o.name
            LIMIT :limit""", {"q": query, "exact": exact, "limit": limit})
        found += [{"type": "organization", "name": o["name"], "description": o["display_name"],
                   "owner_type": o["owner_type"], "repositories": o["total_repositories"],
                   "url": org_path(o["host"], o["name"])} for o in owners]
    return found


def suggest_packages(con: sqlite3.Connection, spec: str, limit: int = 5) -> list[str]:
    """Packages whose names start like the last part of ``spec`` (``fastapy`` → pypi/fastapi),
    shortening it until something matches (not below three letters)."""
    ecosystem, slash, name = spec.strip("/").partition("/")
    name = name if slash and ecosystem.lower() in KNOWN_ECOSYSTEMS else spec.strip("/")
    words = re.findall(r"\w+", name)
    if not words:
        return []
    head = " ".join(words[:-1])
    for cut in range(len(words[-1]), 2, -1):
        found = [r["name"] for r in search(con, f"{head} {words[-1][:cut]}", limit) if r["type"] == "package"]
        if found:
            return found
    return []


# --- home ------------------------------------------------------------------------------------

def home(con: sqlite3.Connection, limit: int = HOME_LIMIT) -> dict:
    """The most used packages (by owners in the default answer) and the newest adopters.

    The published file is immutable, so the caller may keep this for the life of the file."""
    # Candidates by the precomputed owner count, then counted as the default answer counts them.
    top = rows(con, f"""
        SELECT p.ecosystem, p.name, p.description,
               (SELECT count(*) FROM package_users u WHERE u.package_id = p.id
                  AND u.{answers.DEFAULT_OWNER_SQL} AND u.repositories > 0) AS organizations,
               (SELECT coalesce(sum(u.repositories), 0) FROM package_users u WHERE u.package_id = p.id
                  AND u.{answers.DEFAULT_OWNER_SQL} AND u.repositories > 0) AS repositories
        FROM (SELECT * FROM packages ORDER BY dependent_organizations DESC LIMIT :candidates) p""",
               {"candidates": limit * 3})
    top = sorted((t for t in top if t["organizations"]), key=lambda t: (-t["organizations"], t["ecosystem"],
                                                                         t["name"]))[:limit]
    # One line per organization (its newest adoption; SQLite takes the bare columns from the max row):
    # a forward crawl adopts dozens of packages for one owner at once.
    newest = rows(con, f"""
        SELECT ecosystem, package, organization, host, owner_type, max(first_seen) AS first_seen,
               count(*) - 1 AS others
        FROM adoptions WHERE {answers.DEFAULT_OWNER_SQL} AND direct AND ended_at IS NULL
        GROUP BY organization_id ORDER BY first_seen DESC, organization LIMIT :limit""", {"limit": limit})
    totals = rows(con, "SELECT (SELECT count(*) FROM packages) AS packages, "
                       f"(SELECT count(*) FROM organizations WHERE {answers.DEFAULT_OWNER_SQL}) AS organizations, "
                       "(SELECT count(*) FROM repositories) AS repositories")[0]
    return {
        "packages": [{**t, "package": f"{t['ecosystem']}/{t['name']}", "url": package_path(t["ecosystem"], t["name"])}
                     for t in top],
        "adopters": [{**a, "package_url": package_path(a["ecosystem"], a["package"]),
                      "org_url": org_path(a["host"], a["organization"])} for a in newest],
        "totals": totals,
    }


# --- the package page ------------------------------------------------------------------------

@dataclass(frozen=True)
class Toggle:
    """One switch of the package page: what it does, whether it is on, where flipping it leads
    and how many owners the answer gains (positive) or loses (negative) by flipping it."""

    key: str
    label: str
    on: bool
    href: str
    delta: int


def _flipped(filters: UserFilters, today: date) -> list[tuple[str, str, bool, UserFilters]]:
    personal = "User" in filters.owner_types
    a_year_ago = (today - timedelta(days=365)).isoformat()
    return [
        ("personal", "personal accounts", personal,
         replace(filters, owner_types=tuple(t for t in answers.OWNER_TYPES if t != "User" and t in filters.owner_types
                                            or t == "User" and not personal))),
        ("transitive", "transitive-only owners", filters.transitive, replace(filters, transitive=not filters.transitive)),
        ("forks", "without forks", not filters.include_forks, replace(filters, include_forks=not filters.include_forks)),
        ("archived", "without archived", not filters.include_archived,
         replace(filters, include_archived=not filters.include_archived)),
        ("runtime", "runtime only", filters.runtime_only, replace(filters, runtime_only=not filters.runtime_only)),
        ("active", f"active since {filters.active_since or a_year_ago}", bool(filters.active_since),
         replace(filters, active_since=None if filters.active_since else a_year_ago)),
    ]


def page_query(filters: UserFilters, page: int = 1) -> str:
    args = filters.query_args()
    if page > 1:
        args["page"] = str(page)
    return f"?{urlencode(args)}" if args else ""


def adoption_series(con: sqlite3.Connection, package_id: int, filters: UserFilters) -> list[tuple[str, int]]:
    """(day, owners first seen that day) for the owners the answer's owner-type and transitive
    filters admit, oldest first: the adoption history, ended uses included."""
    params: dict = {"package_id": package_id}
    types = ", ".join(f":t{i}" for i in range(len(filters.owner_types)))
    params.update({f"t{i}": t for i, t in enumerate(filters.owner_types)})
    direct = "" if filters.transitive else " AND direct"
    found = rows(con, f"""
        SELECT substr(first_seen, 1, 10) AS day, count(*) AS n FROM adoptions
        WHERE package_id = :package_id AND owner_type IN ({types}){direct}
        GROUP BY day ORDER BY day""", params)
    return [(r["day"], r["n"]) for r in found]


def package_page(con: sqlite3.Connection, spec: str, args: dict[str, str], today: date | None = None) -> dict:
    """Everything the package page shows. Raises answers.NotFound (with suggestions) or
    answers.BadRequest as the API does."""
    today = today or date.today()
    filters = answers.filters_from_args(args)
    page, _ = answers.page_args({"page": args.get("page")})
    package = answers.find_package(con, spec)
    ecosystem, name = package["ecosystem"], package["name"]
    found = answers.users(con, package["id"], filters, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    counts = answers.count_users(con, package["id"], filters)
    users = []
    for user in found[:PAGE_SIZE]:
        owner = answers.find_owner(con, f"{user['host']}/{user['org']}")
        users.append({**user, "page_url": org_path(user["host"], user["org"]),
                      "evidence": answers.evidence(con, package["id"], owner["id"], filters)})
    base = package_path(ecosystem, name)
    toggles = [Toggle(key, label, on, base + page_query(other),
                      answers.count_users(con, package["id"], other).total - counts.total)
               for key, label, on, other in _flipped(filters, today)]
    query = page_query(filters)
    series = adoption_series(con, package["id"], filters)
    return {
        "package": {**package, "key": f"{ecosystem}/{name}"},
        "filters": filters,
        "users": users,
        "counts": counts,
        "toggles": toggles,
        "sorts": [(s, base + page_query(replace(filters, sort=s)), s == filters.sort) for s in answers.SORTS],
        "page": page,
        "first": (page - 1) * PAGE_SIZE + 1,
        "next_url": base + page_query(filters, page + 1) if len(found) > PAGE_SIZE else None,
        "prev_url": base + page_query(filters, page - 1) if page > 1 else None,
        "chart": adoption_chart_svg(series, f"Organizations using {ecosystem}/{name}, by first seen"),
        "adopted": sum(n for _, n in series),
        "links": {
            "json": api_path(ecosystem, name, "users") + query,
            "csv": api_path(ecosystem, name, "users.csv") + query,
            "atom": api_path(ecosystem, name, "adopters.atom"),
            "badge": api_path(ecosystem, name, "badge.json"),
        },
    }


def badge_markdown(site_url: str, ecosystem: str, name: str) -> str:
    """The README snippet: a shields.io endpoint badge reading this site's ``badge.json``."""
    endpoint = site_url + api_path(ecosystem, name, "badge.json")
    return (f"[![used by](https://img.shields.io/endpoint?url={quote(endpoint, safe='')})]"
            f"({site_url}{package_path(ecosystem, name)})")


# --- the adoption chart ----------------------------------------------------------------------

def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def adoption_chart_svg(series: list[tuple[str, int]], title: str, width: int = 640, height: int = 220) -> str:
    """Cumulative owners by first-seen day as a step line, with year ticks: plain SVG text.

    :param series: (ISO day, owners first seen that day), oldest first.
    """
    left, right, top, bottom = 44, 12, 14, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="adoption-chart" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{_escape(title)}"><title>{_escape(title)}</title>')
    if not series:
        return head + (f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="empty">'
                       "No adoption history yet</text></svg>")
    days = [date.fromisoformat(d) for d, _ in series]
    start, end = days[0], max(days[-1], days[0] + timedelta(days=1))
    span = (end - start).days
    total = sum(n for _, n in series)

    def x(day: date) -> float:
        return round(left + plot_w * (day - start).days / span, 1)

    def y(count: int) -> float:
        return round(top + plot_h * (1 - count / total), 1)

    points, running = [f"{x(start)},{y(0)}"], 0
    for day, (_, n) in zip(days, series, strict=True):
        points.append(f"{x(day)},{y(running)}")
        running += n
        points.append(f"{x(day)},{y(running)}")
    points.append(f"{x(end)},{y(running)}")
    parts = [head,
             f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>',
             f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>',
             f'<text class="tick" x="{left - 6}" y="{y(total) + 4}" text-anchor="end">{total}</text>',
             f'<text class="tick" x="{left - 6}" y="{y(0) + 4}" text-anchor="end">0</text>']
    years = range(start.year + 1, end.year + 1)
    step = max(1, len(years) // 8)
    for year in list(years)[::step]:
        tick = x(date(year, 1, 1))
        parts.append(f'<line class="grid" x1="{tick}" y1="{top}" x2="{tick}" y2="{top + plot_h}"/>'
                     f'<text class="tick" x="{tick}" y="{height - 8}" text-anchor="middle">{year}</text>')
    parts.append(f'<polyline class="line" fill="none" points="{" ".join(points)}"/>')
    return "".join(parts) + "</svg>"


# --- the organization page -------------------------------------------------------------------

def org_page(con: sqlite3.Connection, name: str) -> dict:
    """An owner, the packages its repositories use grouped by ecosystem, and its repositories.
    Raises answers.NotFound (with suggestions)."""
    owner = answers.find_owner(con, name)
    view = answers.owner_view(con, owner)
    by_ecosystem: dict[str, list[dict]] = {}
    for used in view["packages"]:
        ecosystem, _, package = used["package"].partition("/")
        by_ecosystem.setdefault(ecosystem, []).append({**used, "name": package, "url": package_path(ecosystem, package)})
    repositories = rows(con, """
        SELECT full_name, github_url AS url, stars, is_fork, is_archived, last_commit_at, primary_language,
               (SELECT count(*) FROM dependencies d WHERE d.repository_id = r.id) AS dependencies
        FROM repositories r WHERE organization_id = :id
        ORDER BY stars DESC, full_name LIMIT :limit""", {"id": owner["id"], "limit": ORG_REPOSITORIES_LIMIT})
    signals = [
        ("Sponsorship link", bool(view["sponsorship_url"])),
        ("Domain verified by GitHub", bool(view["is_verified"])),
        ("Website listed", bool(view["website_url"])),
        ("An organization, not a personal account", view["owner_type"] == "Organization"),
    ]
    return {"owner": view, "ecosystems": sorted(by_ecosystem.items(), key=lambda kv: (-len(kv[1]), kv[0])),
            "repositories": repositories, "signals": signals, "api_url": f"/api/v1/orgs/{name}"}
