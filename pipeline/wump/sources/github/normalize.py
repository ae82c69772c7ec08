"""GitHub crawl records → normalized frames (owners, repositories, dependencies, errors).

Dependencies come two ways and both are kept: ``github-sbom`` edges from the dependency-graph SBOM
(resolved versions, directness; no manifest path) and ``github-manifest`` edges from the manifest
files wump parses itself (path, requirement as written, dependency type).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import polars as pl

from wump.identity import package_from_purl
from wump.normalize import frame, parse_time
from wump.schema import NORMALIZED
from wump.sources.github import MANIFEST_SOURCE, SBOM_SOURCE
from wump.vocabulary import GITHUB_HOST

OWNER_TYPES = ("Organization", "User")


def owner_row(body: dict, fetched: datetime | None) -> dict:
    """A normalized owners row (source ``github``) from a GitHub /orgs or /users profile.

    :param body: the profile as the crawl or owner enrichment stored it.
    :param fetched: when it was read.
    """
    return {
        "source": "github", "host": GITHUB_HOST, "login": body["login"],
        "owner_type": body.get("type") if body.get("type") in OWNER_TYPES else None,
        "display_name": body.get("name"), "website_url": body.get("blog") or None,
        "company": body.get("company"), "location": body.get("location"),
        "is_verified": body.get("is_verified"), "public_repos": body.get("public_repos"),
        "html_url": body.get("html_url"), "created_at": parse_time(body.get("created_at")),
        "fetched_at": fetched, "email": body.get("email") or None,
    }


def sbom_edges(sbom: dict) -> list[dict]:
    """Dependency edges from a GitHub dependency-graph SBOM (SPDX 2.3).

    The repository itself is the package the document DESCRIBES; packages it DEPENDS_ON are
    direct, packages only reached through another package are transitive. When the document has
    no DEPENDS_ON relationships at all, directness is unknown and edges count as direct, since
    that is what GitHub's dependency graph shows for manifests without a lockfile.
    """
    packages = {p.get("SPDXID"): p for p in sbom.get("packages", []) if isinstance(p, dict)}
    relationships = [r for r in sbom.get("relationships", []) if isinstance(r, dict)]
    roots = {r.get("relatedSpdxElement") for r in relationships if r.get("relationshipType") == "DESCRIBES"}
    depends = [r for r in relationships if r.get("relationshipType") == "DEPENDS_ON"]
    direct_ids = {r.get("relatedSpdxElement") for r in depends if r.get("spdxElementId") in roots}
    edges = []
    for spdx_id, package in packages.items():
        if spdx_id in roots:
            continue
        purl = next(
            (ref.get("referenceLocator") for ref in package.get("externalRefs", [])
             if isinstance(ref, dict) and ref.get("referenceType") == "purl"),
            None,
        )
        if not purl:
            continue
        try:
            ecosystem, name, version = package_from_purl(purl)
        except ValueError:
            continue
        requirement = package.get("versionInfo") or None
        edges.append({
            "ecosystem": ecosystem,
            "package": name,
            "version": version,
            # versionInfo holds the manifest's requirement when nothing was resolved.
            "requirement": requirement if requirement and requirement != version else None,
            "direct": (spdx_id in direct_ids) if depends else True,
        })
    return edges


def normalize_github(records: Iterable[dict]) -> dict[str, pl.DataFrame]:
    """Raw GitHub crawl records → owners, repositories, dependencies, packages, errors frames.

    Grain: owners per login; repositories per full_name; dependencies per (source, repository,
    manifest path, package) with source ``github-sbom`` (no path) or ``github-manifest``.
    """
    owners, repositories, dependencies, errors = [], [], [], []
    status: dict[str, str] = {}
    truncated: dict[str, bool] = {}
    for record in records:
        kind = record["kind"]
        fetched = parse_time(record.get("fetched_at"))
        if kind == "owner":
            owners.append(owner_row(record["body"], fetched))
        elif kind == "repository":
            body = record["body"]
            repositories.append({
                "source": "github", "host": GITHUB_HOST, "owner": body["owner"]["login"],
                "full_name": body["full_name"], "stars": body.get("stargazers_count"),
                "is_fork": body.get("fork"), "is_archived": body.get("archived"),
                "primary_language": body.get("language"), "default_branch": body.get("default_branch"),
                "pushed_at": parse_time(body.get("pushed_at")), "created_at": parse_time(body.get("created_at")),
                "fetched_at": fetched,
            })
        elif kind == "sbom":
            status.setdefault(record["repository"], "ok")
            for edge in sbom_edges(record["body"]):
                dependencies.append({
                    "source": SBOM_SOURCE, "host": GITHUB_HOST, "full_name": record["repository"],
                    "detected_at": fetched, **edge,
                })
        elif kind == "sbom_missing":
            status.setdefault(record["repository"], "ok (no dependency graph: manifests only)")
        elif kind == "tree":
            truncated[record["repository"]] = record.get("truncated", False)
            status.setdefault(record["repository"], "ok")  # read without its SBOM (wump.verify)
        elif kind == "manifest":
            if record.get("error"):
                errors.append({"source": MANIFEST_SOURCE, "subject": f"{record['repository']}:{record['path']}",
                               "reason": record["error"], "detected_at": fetched})
            for dep in record["dependencies"]:
                dependencies.append({
                    "source": MANIFEST_SOURCE, "host": GITHUB_HOST, "full_name": record["repository"],
                    "ecosystem": dep["ecosystem"], "package": dep["name"], "manifest_path": record["path"],
                    "requirement": dep["requirement"],
                    # Lockfiles pin versions: their requirement is the resolved version.
                    "version": dep["requirement"] if record.get("manifest_kind") == "lockfile" else None,
                    "dependency_type": dep["type"], "direct": dep["direct"], "detected_at": fetched,
                })
        elif kind in ("error", "skipped"):
            errors.append({"source": record.get("source", "github"), "subject": record["subject"],
                           "reason": record["reason"], "detected_at": fetched})
            if kind == "error" and record.get("repository"):
                status[record["repository"]] = f"failed: {record['reason']}"
    for repo in repositories:
        repo["crawl_status"] = status.get(repo["full_name"], "not crawled yet")
        repo["tree_truncated"] = truncated.get(repo["full_name"])
    return {
        "owners": frame(NORMALIZED["owners"], owners),
        "repositories": frame(NORMALIZED["repositories"], repositories),
        "dependencies": frame(NORMALIZED["dependencies"], dependencies),
        "errors": frame(NORMALIZED["errors"], errors),
    }
