"""ecosyste.ms records → normalized rows (source label ``ecosystems``).

Grain: one dependency row per (repository, package, manifest path) with the manifest's
requirement and kind; repositories with ecosyste.ms' metadata; the package's description and
the usage headline ``dependents_count``; owners from the owners API (enrichment).
"""

from __future__ import annotations

import json
import re

from wump.identity import purl_for
from wump.normalize import parse_time
from wump.sources.base import ReverseRows
from wump.vocabulary import GITHUB_HOST, dependency_type, host_of

SOURCE = "ecosystems"
_ANY_REQUIREMENT = re.compile(r"^\s*(\*|latest|any|>=\s*0(\.0)*|)\s*$", re.IGNORECASE)
OWNER_KINDS = {"organization": "Organization", "user": "User"}


def clean_requirement(value: object) -> str | None:
    """The requirement as written, or None when it says nothing ("*", "", ">= 0")."""
    if value is None:
        return None
    text = str(value).strip()
    return None if _ANY_REQUIREMENT.match(text) else text


def add_record(record: dict, ecosystem: str, name: str, rows: ReverseRows) -> None:
    """One ecosyste.ms raw record (usage, package or dependencies) into ``rows``."""
    kind = record["kind"]
    fetched = parse_time(record.get("fetched_at"))
    body = record.get("body") or {}
    if kind == "ecosystems_usage":
        rows.packages.add({"source": SOURCE, "ecosystem": ecosystem, "name": name, "purl": purl_for(ecosystem, name),
                           "dependent_repositories_count": body.get("dependents_count")})
    elif kind == "ecosystems_package":
        rows.packages.add({"source": SOURCE, "ecosystem": ecosystem, "name": name, "purl": purl_for(ecosystem, name),
                           "description": body.get("description"), "homepage_url": body.get("homepage"),
                           "repository_url": body.get("repository_url"),
                           "latest_version": body.get("latest_release_number")})
    elif kind == "ecosystems_dependencies":
        rows.packages.add({"source": SOURCE, "ecosystem": ecosystem, "name": name, "purl": purl_for(ecosystem, name),
                           "listing_complete": bool(record.get("complete"))})
        for row in record.get("rows", []):
            _edge(row, ecosystem, name, fetched, rows)


def _edge(row: dict, ecosystem: str, name: str, fetched, rows: ReverseRows) -> None:
    repo = row.get("repository") or {}
    full_name = repo.get("full_name")
    if not full_name or "/" not in full_name:
        return
    host = host_of(repo.get("html_url"))
    manifest = row.get("manifest") or {}
    lockfile = (manifest.get("kind") or "").lower() == "lockfile"
    requirement = clean_requirement(row.get("requirements"))
    direct = row.get("direct")
    rows.dependencies.add({
        "source": SOURCE, "host": host, "full_name": full_name, "ecosystem": ecosystem,
        "package": name, "manifest_path": manifest.get("filepath") or None,
        # A lockfile's "requirement" is the resolved version.
        "requirement": None if lockfile else requirement, "version": requirement if lockfile else None,
        "dependency_type": dependency_type(row.get("kind"), row.get("optional")),
        "direct": bool(direct) if direct is not None else (False if lockfile else None),
        "detected_at": parse_time(manifest.get("created_at")) or fetched,
    })
    rows.repositories.add({
        "source": SOURCE, "host": host, "owner": repo.get("owner") or full_name.split("/")[0],
        "full_name": full_name, "stars": repo.get("stargazers_count"), "is_fork": repo.get("fork"),
        "is_archived": repo.get("archived"), "primary_language": repo.get("language"),
        "default_branch": repo.get("default_branch"), "pushed_at": parse_time(repo.get("pushed_at")),
        "created_at": parse_time(repo.get("created_at")), "fetched_at": fetched,
    })


def _funding_links(body: dict) -> list[str]:
    links = body.get("funding_links") or []
    if isinstance(links, str):
        links = [links]
    return [str(link) for link in links if link]


def sponsorship_url(body: dict) -> str | None:
    """GitHub Sponsors when the owner has a listing, else the first funding link."""
    if body.get("has_sponsors_listing") and body.get("login"):
        return f"https://github.com/sponsors/{body['login']}"
    return next(iter(_funding_links(body)), None)


def owner_row(body: dict, fetched) -> dict:
    """A normalized owners row (source ``ecosystems``) from an ecosyste.ms owner.

    :param body: the owner as owner enrichment stored it (login, kind, website, funding_links …).
    :param fetched: when it was read (datetime or ISO text).
    """
    return {
        "source": SOURCE, "host": GITHUB_HOST, "login": body["login"],
        "owner_type": OWNER_KINDS.get(str(body.get("kind") or "").lower()),
        "display_name": body.get("name"), "website_url": body.get("website") or None,
        "company": body.get("company"), "location": body.get("location"),
        "public_repos": body.get("repositories_count"), "html_url": body.get("html_url"),
        "sponsorship_url": sponsorship_url(body),
        "fetched_at": parse_time(fetched) if isinstance(fetched, str) else fetched,
        "funding_links": json.dumps(links) if (links := _funding_links(body)) else None,
        "has_sponsors_listing": body.get("has_sponsors_listing"),
    }


def summary(records) -> dict | None:
    entry: dict = {}
    for record in records:
        if record["kind"] == "ecosystems_usage":
            entry["headline"] = (record.get("body") or {}).get("dependents_count")
        elif record["kind"] == "ecosystems_dependencies":
            entry["edges"] = len(record["rows"])
            entry["repositories"] = len({r["repository"].get("full_name") for r in record["rows"]})
            entry["complete"] = record.get("complete")
    return entry or None
