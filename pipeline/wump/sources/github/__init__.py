"""GitHub REST: owners, their repositories, and what each repository depends on (forward crawl).

``client.py`` reads the API, ``crawl.py`` decides what to read for an owner, ``normalize.py``
turns the records into rows. Labels: ``github`` (owners, repositories), ``github-manifest``
(manifests parsed by wump) and ``github-sbom`` (the dependency-graph SBOM).
"""

from __future__ import annotations

from wump.sources.base import Source

MANIFEST_SOURCE = "github-manifest"
SBOM_SOURCE = "github-sbom"


class GitHub(Source):
    name = "github"
    # A manifest read by wump says most (path, requirement, type); the SBOM least.
    priorities = {MANIFEST_SOURCE: 6, "github": 5, SBOM_SOURCE: 4}
