"""``wump export static DIR``: the read-only API as files any static host or CDN serves.

From the published file, for every package that has users, the same JSON the live routes send
(``wump.answers`` computes both, and the bytes are ``json.dumps`` of the same objects, as
Datasette's ``Response.json`` writes them):

    api/v1/packages/{ecosystem}/{name}/users.json          = GET …/users            (page 1)
    api/v1/packages/{ecosystem}/{name}/users/_page-N.json  = GET …/users?page=N
    api/v1/packages/{ecosystem}/{name}/users/{org}.json    = GET …/users/{org}      (evidence)
    api/v1/packages/{ecosystem}/{name}/adopters.json       = GET …/adopters
    api/v1/packages/{ecosystem}/{name}/adopters.atom       = GET …/adopters.atom
    api/v1/packages/{ecosystem}/{name}/badge.json          = GET …/badge.json
    api/v1/openapi.json                                    = GET /api/v1/openapi.json (when the site has it)

Headers the live routes send (``Link`` to the next page, ``X-Total-Count``, the left-out counts,
``Cache-Control`` on badges) go into ``_headers`` (Netlify / Cloudflare Pages: a path line, then
indented ``Name: value`` lines), the sidecar those hosts read;
other hosts can serve the files as they are. ``_page-N`` cannot clash with an owner's page: an
underscore is never part of a GitHub, GitLab or Bitbucket login.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from wump import answers, feeds, leads

BADGE_MAX_AGE = 3600


@dataclass
class ExportReport:
    packages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"wrote {self.files:,} files ({self.bytes / 1e6:,.1f} MB) for {self.packages:,} packages "
                f"in {self.seconds:.1f} s")


class _Writer:
    """Writes each route's file, and its headers to the ``_headers`` sidecar as it goes (a 10 M-row
    export has millions of routes: they are streamed, never held)."""

    def __init__(self, root: Path, report: ExportReport):
        self.root = root
        self.report = report
        root.mkdir(parents=True)
        self.headers = (root / "_headers").open("w", encoding="utf-8")
        self.headers.write("/api/*\n  Access-Control-Allow-Origin: *\n")
        self.folders: set[Path] = set()

    def write(self, route: str, body: bytes | str, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        path = self.root / route.lstrip("/")
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        path.write_bytes(data)
        self.report.files += 1
        self.report.bytes += len(data)
        if headers:
            self.headers.write(route + "\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items()))

    def close(self) -> None:
        self.headers.close()
        self.report.files += 1


def _json(value) -> str:
    return json.dumps(value)  # exactly what Datasette's Response.json sends


def export_static(published: Path, target: Path, *, base_url: str = "", openapi: dict | None = None) -> ExportReport:
    """Write the static API for ``published`` into ``target`` (replaced atomically when done).

    :param published: the published SQLite file.
    :param target: the folder to write (its old content is replaced once the new one is complete).
    :param base_url: the site's URL, for the Atom feed's absolute links (default: relative).
    :param openapi: the OpenAPI document to include, when the site provides one.
    """
    started = time.perf_counter()
    report = ExportReport()
    building = target.with_name(f".{target.name}.building")
    shutil.rmtree(building, ignore_errors=True)
    writer = _Writer(building, report)
    con = answers.open_published(published)
    try:
        packages = answers.rows(con, f"SELECT {answers.PACKAGE_COLUMNS} FROM packages p WHERE EXISTS "
                                     "(SELECT 1 FROM package_users u WHERE u.package_id = p.id) "
                                     "ORDER BY ecosystem, name")
        for package in packages:
            _export_package(con, package, writer, base_url)
            report.packages += 1
        if openapi is not None:
            writer.write("/api/v1/openapi.json", _json(openapi))
    finally:
        con.close()
        writer.close()
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(building, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(building, target)
    report.seconds = time.perf_counter() - started
    return report


def _pages(writer: _Writer, route: str, items: list, headers: dict[str, str]) -> None:
    """``route``.json (page 1) and ``route``/_page-N.json, each with the live route's headers and
    ``Link`` to its neighbours; as the live route pages at its default ``per_page``."""
    per_page = answers.DEFAULT_PER_PAGE
    pages = max(1, -(-len(items) // per_page))

    def name(page: int) -> str:
        return f"{route}.json" if page == 1 else f"{route}/_page-{page}.json"

    for page in range(1, pages + 1):
        links = [f'<{name(page + 1)}>; rel="next"'] if page < pages else []
        if page > 1:
            links += [f'<{name(page - 1)}>; rel="prev"', f'<{name(1)}>; rel="first"']
        page_headers = {**headers, **({"link": ", ".join(links)} if links else {})}
        writer.write(name(page), _json(items[(page - 1) * per_page:page * per_page]), page_headers)


def _export_package(con: sqlite3.Connection, package: dict, writer: _Writer, base_url: str) -> None:
    spec = f"{package['ecosystem']}/{package['name']}"
    route = f"/api/v1/packages/{spec}"
    filters = answers.UserFilters()
    counts = answers.count_users(con, package["id"], filters)
    everyone = answers.users(con, package["id"], filters, limit=max(counts.total, 1))
    _pages(writer, f"{route}/users", everyone, {"x-wump-package": spec, **counts.headers(filters)})
    evidence = answers.evidence_by_owner(con, package["id"], answers.UserFilters(owner_types=answers.OWNER_TYPES))
    for owner in answers.rows(con, "SELECT organization_id, organization FROM package_users "
                                   "WHERE package_id = :id AND repositories > 0", {"id": package["id"]}):
        found = evidence[owner["organization_id"]]
        _pages(writer, f"{route}/users/{owner['organization']}", found, {"x-total-count": str(len(found))})
    adopters = answers.adopters(con, package["id"], filters, since=None, limit=10**9)
    _pages(writer, f"{route}/adopters", adopters, {})
    newest = adopters[:answers.DEFAULT_PER_PAGE]
    writer.write(f"{route}/adopters.atom", feeds.adopters_atom(spec, newest, base_url, f"{base_url}{route}/adopters.atom"),
                 {"content-type": "application/atom+xml; charset=utf-8"})
    writer.write(f"{route}/badge.json", _json(leads.badge(counts.total)),
                 {"cache-control": f"public, max-age={BADGE_MAX_AGE}", "x-wump-package": spec})


def openapi_document() -> dict | None:
    """The site's OpenAPI document, when the engine has one to give (``wump.openapi``)."""
    try:
        from wump import openapi
    except ImportError:
        return None
    return openapi.document()


def read_headers_file(text: str) -> dict[str, dict[str, str]]:
    """The ``_headers`` sidecar back as route → headers (what a static host applies)."""
    headers: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        if line and not line.startswith(" "):
            current = headers.setdefault(line, {})
        elif line.strip() and current is not None:
            name, _, value = line.strip().partition(": ")
            current[name.lower()] = value
    return headers
