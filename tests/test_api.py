"""Datasette in process on the demo: the /api/v1 routes, /health and the canned queries."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import feedparser
import pytest
from datasette.app import Datasette

REPO = Path(__file__).resolve().parents[1]
FASTAPI = "/api/v1/packages/pypi/fastapi/users"


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def orgs(ds, path) -> list[str]:
    response = get(ds, path)
    assert response.status_code == 200, response.text
    return [row["org"] for row in response.json()]


FASTAPI_TOP_2 = [
    {"org": "uber", "owner_type": "Organization", "repos": 3, "runtime_repos": 3, "transitive_repos": 0,
     "stars": 318, "last_commit_at": "2026-09-16T13:45:27Z", "first_seen": "2022-07-27T00:00:00Z",
     "sources": ["ecosystems", "github-manifest", "github-sbom"], "host": "github.com",
     "url": "https://github.com/uber"},
    {"org": "explosion", "owner_type": "Organization", "repos": 2, "runtime_repos": 2, "transitive_repos": 0,
     "stars": 975, "last_commit_at": "2026-09-30T03:29:03Z", "first_seen": "2022-12-14T00:00:00Z",
     "sources": ["ecosystems", "github-manifest", "github-sbom"], "host": "github.com",
     "url": "https://github.com/explosion"},
]
DEFAULT_FASTAPI = ["uber", "explosion", "netflix", "stripe", "microsoft", "azure", "twilio", "lyft", "dropbox",
                   "mozilla", "pydantic", "spotify", "pinterest", "quietcorp", "northwind-labs"]


def test_default_answer_is_organizations_that_declare_it(ds):
    """Personal accounts (dsouza-r has 3 fastapi repositories), gone-startup (GitHub has no such
    account) and the transitive-only tidepool-dev are left out; quietcorp, which no source
    describes, stays in, labelled unknown."""
    response = get(ds, f"{FASTAPI}?per_page=2")
    assert response.status_code == 200
    assert response.json() == FASTAPI_TOP_2
    assert response.headers["x-total-count"] == "15"
    assert response.headers["x-wump-personal-accounts-left-out"] == "11"
    assert response.headers["x-wump-transitive-only-left-out"] == "1"
    assert response.headers["x-wump-missing-accounts-left-out"] == "1"
    assert response.headers["x-wump-include-with"] == "owner_type=any&transitive=true"
    assert response.headers["link"] == f'<http://localhost{FASTAPI}?per_page=2&page=2>; rel="next"'
    everyone = get(ds, f"{FASTAPI}?per_page=100").json()
    assert [r["org"] for r in everyone] == DEFAULT_FASTAPI
    assert {r["org"]: r["owner_type"] for r in everyone}["quietcorp"] == "unknown"
    last = get(ds, f"{FASTAPI}?per_page=5&page=3")
    assert [r["org"] for r in get(ds, f"{FASTAPI}?per_page=5&page=4").json()] == []
    assert [r["org"] for r in last.json()] == ["pydantic", "spotify", "pinterest", "quietcorp", "northwind-labs"]
    assert 'rel="next"' not in last.headers["link"]


def test_opt_ins_bring_back_exactly_what_they_say(ds):
    personal = ["dsouza-r", "anaferreira", "mkowalczyk", "noor-a", "priya-s", "samirk", "ole-h", "tkimura",
                "lucas-m", "sven-l", "ivanp"]
    assert orgs(ds, f"{FASTAPI}?per_page=100&owner_type=User") == personal
    assert orgs(ds, f"{FASTAPI}?per_page=100&transitive=true") == DEFAULT_FASTAPI + ["tidepool-dev"]
    everything = orgs(ds, f"{FASTAPI}?per_page=100&owner_type=any&transitive=true")
    assert sorted(everything) == sorted(DEFAULT_FASTAPI + personal + ["tidepool-dev", "gone-startup"])
    assert everything[:4] == ["uber", "dsouza-r", "explosion", "netflix"]  # ties on repos broken by stars
    assert orgs(ds, f"{FASTAPI}?per_page=100&owner_type=unknown") == ["quietcorp"]
    missing = get(ds, f"{FASTAPI}?per_page=100&owner_type=missing")
    assert [(r["org"], r["owner_type"], r["repos"]) for r in missing.json()] == [("gone-startup", "missing", 1)]
    assert missing.headers["x-wump-missing-accounts-left-out"] == "0"
    assert orgs(ds, f"{FASTAPI}?per_page=100&owner_type=organization,unknown") == DEFAULT_FASTAPI
    tidepool = get(ds, f"{FASTAPI}?per_page=100&transitive=true").json()[-1]
    assert (tidepool["repos"], tidepool["transitive_repos"]) == (0, 1)


def test_sort_orders_are_stable(ds):
    assert orgs(ds, f"{FASTAPI}?per_page=100&sort=stars")[:4] == ["explosion", "uber", "microsoft", "azure"]
    assert orgs(ds, f"{FASTAPI}?per_page=100&sort=recent")[:3] == ["stripe", "azure", "explosion"]
    assert orgs(ds, f"{FASTAPI}?per_page=100&sort=first_seen")[:3] == ["northwind-labs", "pinterest", "lyft"]
    assert orgs(ds, f"{FASTAPI}?per_page=100&sort=name") == sorted(DEFAULT_FASTAPI)
    assert get(ds, f"{FASTAPI}?sort=popularity").status_code == 400


def test_evidence_matches_the_ranked_counts(ds):
    """For every owner of the answer, the evidence lists exactly its repos (+ transitive ones)."""
    for transitive in ("false", "true"):
        for row in get(ds, f"{FASTAPI}?per_page=100&owner_type=any&transitive={transitive}").json():
            evidence = get(ds, f"{FASTAPI}/{row['org']}?per_page=100&transitive={transitive}").json()
            expected = row["repos"] + (row["transitive_repos"] if transitive == "true" else 0)
            assert len(evidence) == expected, row["org"]


def test_evidence_of_one_owner(ds):
    response = get(ds, f"{FASTAPI}/stripe")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["repository"], r["fork"], r["requirement"], r["dependency_type"]) for r in rows] == [
        ("stripe/iris-pipeline", True, ">=0.110", "runtime"), ("stripe/willow-worker", False, ">=0.110", "runtime")]
    assert rows[1]["manifests"] == [{"path": "requirements.txt",
                                     "url": "https://github.com/stripe/willow-worker/blob/main/requirements.txt"}]
    assert rows[1]["sources"] == ["ecosystems", "github-manifest", "github-sbom"]
    assert rows[1]["first_seen"] == "2023-01-03T00:00:00Z"
    assert [r["repository"] for r in get(ds, f"{FASTAPI}/stripe?forks=false").json()] == ["stripe/willow-worker"]
    assert get(ds, f"{FASTAPI}/tidepool-dev").status_code == 404
    assert len(get(ds, f"{FASTAPI}/tidepool-dev?transitive=true").json()) == 1
    assert get(ds, f"{FASTAPI}/nobody-at-all").status_code == 404


def test_fork_filter_recounts_live(ds):
    """stripe's second fastapi repository is a fork (no dependency graph; its manifest says so);
    northwind-labs' only one is a fork too, so it leaves the answer."""
    everything = {r["org"]: r["repos"] for r in get(ds, f"{FASTAPI}?per_page=100").json()}
    no_forks = {r["org"]: r["repos"] for r in get(ds, f"{FASTAPI}?per_page=100&forks=false").json()}
    assert {org: (n, no_forks.get(org)) for org, n in everything.items() if no_forks.get(org) != n} == {
        "stripe": (2, 1), "northwind-labs": (1, None)}


def test_archived_filter_recounts_live(ds):
    """Two fastapi repositories in the demo are archived (microsoft/quartz-gateway,
    pinterest/iris-ui): leaving archived out drops those owners' only uses."""
    everything = {r["org"]: r["repos"] for r in get(ds, f"{FASTAPI}?per_page=100").json()}
    active = {r["org"]: r["repos"] for r in get(ds, f"{FASTAPI}?per_page=100&archived=false").json()}
    assert set(everything) - set(active) == {"microsoft", "pinterest"}
    assert all(active[org] == everything[org] for org in active)


def test_csv_beside_json(ds):
    response = get(ds, f"{FASTAPI}.csv?per_page=3")
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["org"], r["repos"]) for r in table] == [("uber", "3"), ("explosion", "2"), ("netflix", "2")]
    assert get(ds, f"{FASTAPI}?per_page=3&_format=csv").text == response.text


def test_adopters_newest_first_and_since(ds):
    newest = get(ds, "/api/v1/packages/npm/react/adopters?per_page=4").json()
    assert [(a["org"], a["first_seen"][:10]) for a in newest] == [
        ("github", "2026-10-08"), ("northwind-labs", "2026-09-21"), ("cloudflare", "2025-09-19"),
        ("spotify", "2025-01-07")]
    assert all(a["ended_at"] is None for a in newest)
    assert [a["org"] for a in get(ds, "/api/v1/packages/npm/react/adopters?since=2025-06-01").json()] == [
        "github", "northwind-labs", "cloudflare"]
    assert get(ds, "/api/v1/packages/npm/react/adopters?since=yesterday").status_code == 400


def test_adopters_atom_feed_parses(ds):
    response = get(ds, "/api/v1/packages/npm/react/adopters.atom?per_page=3")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "New organizations using npm/react — wump"
    assert [e.title for e in feed.entries] == ["github uses npm/react", "northwind-labs uses npm/react",
                                               "cloudflare uses npm/react"]
    assert feed.entries[0].published.startswith("2026-10-08")


def test_every_package_of_a_repository(ds):
    """react and react-dom are both published from facebook/react: one answer for both."""
    response = get(ds, "/api/v1/repos/facebook/react/users?per_page=3")
    assert response.headers["x-wump-packages"] == "npm/react,npm/react-dom"
    assert response.headers["x-total-count"] == "19"
    assert [(r["org"], r["repos"], r["packages"]) for r in response.json()] == [
        ("microsoft", 4, ["npm/react", "npm/react-dom"]), ("vercel", 4, ["npm/react", "npm/react-dom"]),
        ("hashicorp", 3, ["npm/react", "npm/react-dom"])]
    listed = get(ds, "/api/v1/users?packages=npm/react,npm/react-dom&per_page=3")
    assert listed.json() == response.json()
    assert get(ds, "/api/v1/repos/nobody/nothing/users").status_code == 404
    assert get(ds, "/api/v1/users").status_code == 400
    assert get(ds, "/api/v1/users?packages=npm/not-a-package").status_code == 404


def test_organization_view(ds):
    body = get(ds, "/api/v1/orgs/vercel").json()
    assert {k: body[k] for k in ("org", "owner_type", "website_url", "is_verified", "total_repositories")} == {
        "org": "vercel", "owner_type": "Organization", "website_url": "https://vercel.com", "is_verified": True,
        "total_repositories": 8}
    uses = {u["package"]: u["repos"] for u in body["packages"]}
    assert uses["npm/react"] == 3 and uses["npm/react-dom"] == 1
    assert get(ds, "/api/v1/orgs/no-such-owner").status_code == 404


@pytest.mark.parametrize("path", ["npm/@types/node", "npm/%40types/node", "@types/node",
                                  "golang/github.com/stretchr/testify", "github.com/stretchr/testify",
                                  "pypi/FastAPI"])
def test_names_with_slashes_and_case(ds, path):
    response = get(ds, f"/api/v1/packages/{path}/users")
    assert response.status_code == 200, response.text
    assert len(response.json()) > 0


def test_unknown_package_is_a_helpful_404(ds):
    for route in ("users", "adopters", "users/uber"):
        response = get(ds, f"/api/v1/packages/pypi/fastapy/{route}")
        assert response.status_code == 404
        assert response.json()["error"].startswith("No package 'pypi/fastapy' in wump")
        assert response.json()["suggestions"] == []


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


@pytest.mark.parametrize("query", ["per_page=1000", "owner_type=robot", "forks=maybe", "active_since=soon"])
def test_bad_parameters_are_400(ds, query):
    response = get(ds, f"{FASTAPI}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["error"]


def test_health_reads_the_counts_written_at_publish(ds):
    body = get(ds, "/health").json()
    assert body["status"] == "ok"
    assert body["rows"] == {"package_users": 539, "packages": 61, "organizations": 44}


def test_ids_are_exact_in_javascript(demo_db):
    """Every published id fits in 2^53 - 1, so JSON consumers (JavaScript) never round it."""
    import sqlite3

    with sqlite3.connect(demo_db) as con:
        for table, column in (("organizations", "id"), ("repositories", "id"), ("packages", "id"),
                              ("dependencies", "id"), ("repositories", "organization_id")):
            assert con.execute(f"SELECT max({column}) FROM {table}").fetchone()[0] <= 2**53 - 1


def test_canned_users_of_package_is_the_default_answer(ds):
    rows = get(ds, "/wump/users_of_package.json?ecosystem=pypi&package=fastapi&owner_type=&transitive="
                   "&_shape=array").json()
    assert [r["organization"] for r in rows] == DEFAULT_FASTAPI
    everyone = get(ds, "/wump/users_of_package.json?ecosystem=pypi&package=fastapi&owner_type=any&transitive=true"
                       "&_shape=array").json()
    assert [r["organization"] for r in everyone] == orgs(ds, f"{FASTAPI}?per_page=100&owner_type=any&transitive=true")


def test_canned_organization_uses(ds):
    rows = get(ds, "/wump/organization_uses.json?organization=uber&_shape=array").json()
    assert ("pypi", "fastapi", 3) in [(r["ecosystem"], r["package"], r["repositories"]) for r in rows]


def test_canned_search_packages(ds):
    rows = get(ds, "/wump/search_packages.json?q=react&_shape=array").json()
    assert [r["name"] for r in rows] == ["react", "react-dom"]


def test_home_page_asks_the_question(ds):
    page = get(ds, "/")
    assert page.status_code == 200
    assert "Who uses my package?" in page.text and 'action="/search"' in page.text
    assert get(ds, "/static/wump.css").status_code == 200


def test_the_served_process_reads_with_its_page_cache_and_a_frozen_startup(ds):
    """As served, each reading connection keeps READ_CACHE_KIB of pages (SQLite's default 2 MiB made
    every seek re-read its pages) and what startup loaded is out of the collector's generations."""
    import gc

    from wump import answers

    asyncio.run(ds.invoke_startup())
    cache = asyncio.run(ds.get_database("wump").execute_fn(lambda conn: conn.execute("PRAGMA cache_size").fetchone()[0]))
    assert cache == -answers.READ_CACHE_KIB == -65536
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
