"""GitHub dependents-page records → normalized rows (source label ``github-dependents``).

Grain: one dependency row per (repository, package) — the page names no manifest; repositories
with their stars; owners typed where the page marks organization and user links; the package's
headline "N Repositories", summed over the package ids the repository publishes it under.
"""

from __future__ import annotations

from wump.identity import purl_for
from wump.normalize import parse_time
from wump.sources.base import ReverseRows
from wump.sources.github_dependents.listing import SOURCE
from wump.vocabulary import GITHUB_HOST


def add_record(record: dict, ecosystem: str, name: str, rows: ReverseRows) -> None:
    """One ``dependents_listing`` record into ``rows`` (``dependents_packages`` adds nothing)."""
    if record["kind"] != "dependents_listing":
        return
    fetched = parse_time(record.get("fetched_at"))
    for row in record.get("rows", []):
        full_name, owner = row["full_name"], row["owner"]
        rows.dependencies.add({"source": SOURCE, "host": GITHUB_HOST, "full_name": full_name,
                               "ecosystem": ecosystem, "package": name, "detected_at": fetched})
        rows.repositories.add({"source": SOURCE, "host": GITHUB_HOST, "owner": owner,
                               "full_name": full_name, "stars": row.get("stars"), "fetched_at": fetched})
        if row.get("owner_type") in ("Organization", "User"):
            rows.owners.add({"source": SOURCE, "host": GITHUB_HOST, "login": owner,
                             "owner_type": row["owner_type"], "html_url": f"https://{GITHUB_HOST}/{owner}",
                             "fetched_at": fetched})
    rows.packages.add({"source": SOURCE, "ecosystem": ecosystem, "name": name, "purl": purl_for(ecosystem, name),
                       "repository_url": f"https://{GITHUB_HOST}/{record['repository']}"})
    headline, listed = record.get("headline"), record.get("listed", len(record.get("rows", [])))
    if record.get("complete") and headline is not None and listed < headline:
        rows.errors.add({"source": SOURCE,
                         "subject": f"dependents {record['spec']} via {record['repository']} "
                                    f"({record.get('package_name')})",
                         "reason": f"listed {listed} of the headline {headline}: GitHub ends the cursor chain near "
                                   "2,000 rows and counts private dependents it never lists",
                         "detected_at": fetched})


def headline_rows(records) -> list[dict]:
    """One packages row per package: the headlines of all its listings summed, and complete only
    when every listing reached its end."""
    totals: dict[tuple[str, str], int | None] = {}
    complete: dict[tuple[str, str], bool] = {}
    for record in records:
        if record["kind"] != "dependents_listing":
            continue
        key = tuple(record["spec"].partition("/")[::2])
        complete[key] = complete.get(key, True) and bool(record.get("complete"))
        if record.get("headline") is not None:
            totals[key] = (totals.get(key) or 0) + int(record["headline"])
    return [{"source": SOURCE, "ecosystem": e, "name": n, "dependent_repositories_count": totals.get((e, n)),
             "listing_complete": complete[(e, n)]} for (e, n) in complete]


def summary(records) -> dict | None:
    entry = None
    for record in records:
        if record["kind"] == "dependents_listing":
            entry = entry or {"headline": 0, "repositories": 0, "complete": True}
            entry["headline"] += record.get("headline") or 0
            entry["repositories"] += record.get("listed", 0)
            entry["complete"] = entry["complete"] and bool(record.get("complete"))
    return entry
