"""Datasette in process: the /api/v1 routes, /health and the canned queries."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ds(demo_db):
    metadata = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text())
    site = REPO / "datasette"
    return Datasette([str(demo_db)], immutables=[], metadata=metadata, plugins_dir=str(site / "plugins"),
                     template_dir=str(site / "templates"), static_mounts=[("static", str(site / "static"))])


def get(ds, path):
    return asyncio.run(ds.client.get(path))


FASTAPI_TOP_3 = [
    {"org": "uber", "owner_type": "Organization", "repos": 3, "runtime_repos": 3, "transitive_repos": 0,
     "stars": 318, "last_commit_at": "2026-09-16T13:45:27Z", "sources": ["github-manifest", "github-sbom"],
     "url": "https://github.com/uber"},
    {"org": "dsouza-r", "owner_type": "User", "repos": 3, "runtime_repos": 3, "transitive_repos": 0,
     "stars": 25, "last_commit_at": "2026-09-07T10:29:13Z", "sources": ["github-manifest", "github-sbom"],
     "url": "https://github.com/dsouza-r"},
    {"org": "explosion", "owner_type": "Organization", "repos": 2, "runtime_repos": 2, "transitive_repos": 0,
     "stars": 975, "last_commit_at": "2026-09-30T03:29:03Z", "sources": ["github-manifest", "github-sbom"],
     "url": "https://github.com/explosion"},
]


def without_first_seen(rows):
    """first_seen is when the build ran; everything else is fixed by the demo snapshot."""
    return [{k: v for k, v in row.items() if k != "first_seen"} for row in rows]


def test_users_of_fastapi_ranked_with_link_pagination(ds):
    response = get(ds, "/api/v1/packages/pypi/fastapi/users?per_page=3")
    assert response.status_code == 200
    assert without_first_seen(response.json()) == FASTAPI_TOP_3
    assert response.headers["link"] == (
        '<http://localhost/api/v1/packages/pypi/fastapi/users?per_page=3&page=2>; rel="next"'
    )
    page_5 = get(ds, "/api/v1/packages/pypi/fastapi/users?per_page=3&page=5")
    # azure (the sponsorship demo's second Microsoft organization) has one fastapi repository too.
    assert [row["org"] for row in page_5.json()] == ["spotify", "pinterest"]
    assert 'rel="next"' not in page_5.headers["link"]


def test_owner_type_filter(ds):
    rows = get(ds, "/api/v1/packages/pypi/fastapi/users?owner_type=Organization&per_page=2").json()
    assert [r["org"] for r in rows] == ["uber", "explosion"]


def test_fork_filter_recounts_live(ds):
    """stripe's second fastapi repository is a fork (no dependency graph; its manifest says so)."""
    everything = {r["org"]: r["repos"] for r in get(ds, "/api/v1/packages/pypi/fastapi/users?per_page=100").json()}
    no_forks = {r["org"]: r["repos"] for r in
                get(ds, "/api/v1/packages/pypi/fastapi/users?per_page=100&forks=false").json()}
    assert {org: n for org, n in everything.items() if no_forks.get(org) != n} == {"stripe": 2}
    assert no_forks["stripe"] == 1


def test_archived_filter_recounts_live(ds):
    """Two fastapi repositories in the demo are archived (microsoft/quartz-gateway,
    pinterest/iris-ui): leaving archived out drops those owners' only uses."""
    everything = {r["org"]: r["repos"] for r in get(ds, "/api/v1/packages/pypi/fastapi/users?per_page=100").json()}
    active = {r["org"]: r["repos"] for r in
              get(ds, "/api/v1/packages/pypi/fastapi/users?per_page=100&archived=false").json()}
    assert set(everything) - set(active) == {"microsoft", "pinterest"}
    assert all(active[org] == everything[org] for org in active)


@pytest.mark.parametrize("path", ["npm/@types/node", "npm/%40types/node", "@types/node",
                                  "golang/github.com/stretchr/testify", "github.com/stretchr/testify",
                                  "pypi/FastAPI"])
def test_names_with_slashes_and_case(ds, path):
    response = get(ds, f"/api/v1/packages/{path}/users")
    assert response.status_code == 200, response.text
    assert len(response.json()) > 0


def test_unknown_package_is_a_helpful_404(ds):
    response = get(ds, "/api/v1/packages/pypi/fastapy/users")
    assert response.status_code == 404
    assert response.json()["error"].startswith("No package 'pypi/fastapy' in wump")


def test_ambiguous_bare_name_lists_candidates(tmp_path):
    """A bare name found in two ecosystems is a 404 naming both, not a guess."""
    import sqlite3

    from wump.schema import PUBLISHED

    db = tmp_path / "wump.db"
    with sqlite3.connect(db) as con:
        for statement in PUBLISHED["packages"].sqlite_ddl():
            con.execute(statement)
        con.executemany("INSERT INTO packages (id, name, ecosystem, purl) VALUES (?, ?, ?, ?)",
                        [(1, "click", "pypi", "pkg:pypi/click"), (2, "click", "npm", "pkg:npm/click")])
    small = Datasette([str(db)], plugins_dir=str(REPO / "datasette" / "plugins"))
    response = get(small, "/api/v1/packages/click/users")
    assert response.status_code == 404
    assert response.json()["candidates"] == ["npm/click", "pypi/click"]


def test_bad_parameters_are_400(ds):
    response = get(ds, "/api/v1/packages/pypi/fastapi/users?per_page=1000")
    assert response.status_code == 400
    assert "per_page" in response.json()["error"]


def test_health(ds):
    body = get(ds, "/health").json()
    assert body["status"] == "ok"
    assert body["rows"] == {"package_users": 495, "packages": 61, "organizations": 25}


def test_canned_users_of_package(ds):
    rows = get(ds, "/wump/users_of_package.json?ecosystem=pypi&package=fastapi&owner_type=Organization"
                   "&include_forks=&include_archived=&_shape=array").json()
    assert [(r["organization"], r["repositories"]) for r in rows[:3]] == [("uber", 3), ("explosion", 2), ("netflix", 2)]


def test_canned_organization_uses(ds):
    rows = get(ds, "/wump/organization_uses.json?organization=uber&_shape=array").json()
    assert ("pypi", "fastapi", 3) in [(r["ecosystem"], r["package"], r["repositories"]) for r in rows]


def test_canned_search_packages(ds):
    rows = get(ds, "/wump/search_packages.json?q=react&_shape=array").json()
    assert [r["name"] for r in rows] == ["react", "react-dom"]


def test_home_page_asks_the_question(ds):
    page = get(ds, "/")
    assert page.status_code == 200
    assert "Who uses my package?" in page.text and 'action="/wump/users_of_package"' in page.text
    assert get(ds, "/static/wump.css").status_code == 200
