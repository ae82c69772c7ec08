"""Libraries.io API records → normalized rows (source label ``librariesio-api``).

Grain: one dependency row per (repository, package) — the API names no manifest; repositories
with Libraries.io's metadata; the package's description and ``dependent_repos_count`` headline.
"""

from __future__ import annotations

from wump.identity import purl_for
from wump.normalize import parse_time
from wump.sources.base import ReverseRows
from wump.sources.librariesio.api import SOURCE
from wump.vocabulary import host_for_type


def add_record(record: dict, ecosystem: str, name: str, rows: ReverseRows) -> None:
    """One Libraries.io API raw record (project or dependent repositories) into ``rows``."""
    fetched = parse_time(record.get("fetched_at"))
    if record["kind"] == "librariesio_project":
        body = record.get("body") or {}
        rows.packages.add({"source": SOURCE, "ecosystem": ecosystem, "name": name, "purl": purl_for(ecosystem, name),
                           "description": body.get("description"), "homepage_url": body.get("homepage"),
                           "repository_url": body.get("repository_url"),
                           "latest_version": body.get("latest_release_number"),
                           "dependent_repositories_count": body.get("dependent_repos_count")})
    elif record["kind"] == "librariesio_dependent_repositories":
        rows.packages.add({"source": SOURCE, "ecosystem": ecosystem, "name": name, "purl": purl_for(ecosystem, name),
                           "listing_complete": bool(record.get("complete"))})
        for row in record.get("rows", []):
            _edge(row, ecosystem, name, fetched, rows)


def _edge(row: dict, ecosystem: str, name: str, fetched, rows: ReverseRows) -> None:
    full_name = row.get("full_name")
    if not full_name or "/" not in full_name or row.get("private"):
        return
    host = host_for_type(row.get("host_type"))
    rows.dependencies.add({"source": SOURCE, "host": host, "full_name": full_name,
                           "ecosystem": ecosystem, "package": name, "detected_at": fetched})
    rows.repositories.add({
        "source": SOURCE, "host": host, "owner": full_name.split("/")[0], "full_name": full_name,
        "stars": row.get("stargazers_count"), "is_fork": row.get("fork"), "is_archived": row.get("archived"),
        "primary_language": row.get("language"), "default_branch": row.get("default_branch"),
        "pushed_at": parse_time(row.get("pushed_at")), "created_at": parse_time(row.get("created_at")),
        "fetched_at": fetched,
    })


def summary(records) -> dict | None:
    entry: dict = {}
    for record in records:
        if record["kind"] == "librariesio_project":
            entry["headline"] = (record.get("body") or {}).get("dependent_repos_count")
        elif record["kind"] == "librariesio_dependent_repositories":
            entry["repositories"] = len(record["rows"])
            entry["complete"] = record.get("complete")
    return entry or None
