"""Sponsorship leads (issue 12): signal sources against fakes in their documented shapes, the
score, companies and the badge on a small world built through the real pipeline, and the demo."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
import yaml
from datasette.app import Datasette
from fakes.sponsor_services import FakeGraphQL, FakePledge, FakeSponsorsService, sponsorship, transports
from wump import leads, publish, signals, warehouse
from wump.config import OPTIONS, EcosystemsOptions, GitHubOptions, LeadsOptions, load_settings, with_overrides
from wump.domains import company_domain, registrable_domain
from wump.normalize import frame, write_tables
from wump.schema import NORMALIZED

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-06-30"


def no_sleep(_seconds: float) -> None:
    pass


def settings_for(data_dir: Path, **leads_options):
    base = load_settings({})
    return with_overrides(
        base, data_dir=data_dir, watch_packages=("pypi/fastapi",),
        github=replace(GitHubOptions(), graphql_url="http://graphql.test/graphql"),
        ecosystems=replace(EcosystemsOptions(), sponsors_url="http://sponsors.test"),
        leads=replace(LeadsOptions(), pledge_url="http://pledge.test/members.json", maintainer_github="maint",
                      **leads_options))


GRAPHQL_OWNERS = {
    "acme-a": {"__typename": "Organization", "hasSponsorsListing": False, "sponsoring": {"totalCount": 3}},
    "acme-b": {"__typename": "Organization", "hasSponsorsListing": True, "sponsoring": {"totalCount": 0}},
    "solo": {"__typename": "Organization", "hasSponsorsListing": False, "sponsoring": {"totalCount": 0}},
    "bob": {"__typename": "User", "hasSponsorsListing": False, "sponsoring": {"totalCount": 0}},
}
PLEDGE = [
    {"domain": "acme.com", "name": "Acme", "urlLearnMore": "https://acme.com/oss",
     "datetimeModified": "2026-01-01T00:00:00Z",
     "annualReports": [{"dateYearEnding": "2025-12-31", "averageNumberOfDevs": 25, "paymentsToProjects": 50000,
                        "monetaryValueOfTime": 0, "monetaryValueOfMaterials": 0}]},
    {"name": "Nameless Ltd", "annualReports": []},
]


def fake_services(**overrides):
    services = {
        "graphql": FakeGraphQL(GRAPHQL_OWNERS, sponsors={"maint": ["solo"]}),
        "sponsors": FakeSponsorsService({"acme-b": {"has_sponsors_listing": True, "sponsors_count": 0,
                                                    "sponsorships_count": 2, "active_sponsorships_count": 1}},
                                        sponsors={"maint": [sponsorship("solo", "maint")]}),
        "pledge": FakePledge(PLEDGE),
    }
    services.update(overrides)
    return services


def small_world(data_dir: Path) -> None:
    """Normalized rows of a tiny world: acme (two organizations, one domain), solo, a personal
    account and an organization that only has fastapi in a lockfile."""
    seen = datetime(2026, 6, 1)
    owners = [("acme-a", "Organization", "https://www.acme.com", True), ("acme-b", "Organization",
              "https://cloud.acme.com", True), ("solo", "Organization", None, None),
              ("bob", "User", None, None), ("trans-org", "Organization", "https://trans.example.org", False)]
    repos = [("acme-a/x", 99, datetime(2026, 6, 30)), ("acme-a/y", 1, datetime(2026, 1, 1)),
             ("acme-b/z", 9, datetime(2026, 1, 1)), ("solo/w", 0, datetime(2025, 7, 5)),
             ("bob/v", 500, datetime(2026, 6, 29)), ("trans-org/t", 50, datetime(2026, 6, 29))]
    edges = [("acme-a/x", "runtime", True), ("acme-a/y", "development", True), ("acme-b/z", "runtime", True),
             ("solo/w", "development", True), ("bob/v", "runtime", True), ("trans-org/t", "runtime", False)]
    write_tables(data_dir / "parquet", "test", {
        "owners": frame(NORMALIZED["owners"], [
            {"source": "github", "host": "github.com", "login": login, "owner_type": kind, "website_url": site,
             "is_verified": verified, "fetched_at": seen} for login, kind, site, verified in owners]),
        "repositories": frame(NORMALIZED["repositories"], [
            {"source": "github", "host": "github.com", "owner": name.split("/")[0], "full_name": name, "stars": stars,
             "is_fork": False, "is_archived": False, "pushed_at": pushed, "fetched_at": seen}
            for name, stars, pushed in repos]),
        "dependencies": frame(NORMALIZED["dependencies"], [
            {"source": "github-manifest", "host": "github.com", "full_name": name, "ecosystem": "pypi",
             "package": "fastapi", "manifest_path": "requirements.txt" if direct else "poetry.lock",
             "dependency_type": kind, "direct": direct, "detected_at": seen} for name, kind, direct in edges]),
    })


def build(data_dir: Path) -> Path:
    warehouse.build_warehouse(data_dir / "parquet", data_dir / "warehouse.duckdb")
    db = data_dir / "published" / "wump.db"
    publish.publish(data_dir / "warehouse.duckdb", db)
    return db


def run_signals(settings, services, monkeypatch, token: str | None = "test-token"):
    if token:
        monkeypatch.setenv("GITHUB_TOKEN", token)
    else:
        monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    return signals.signals_step(settings, transports=transports(**services), sleep=no_sleep)


def client_for(db: Path) -> Datasette:
    metadata = yaml.safe_load((REPO / "datasette" / "metadata.yml").read_text())
    return Datasette([str(db)], immutables=[], metadata=metadata, plugins_dir=str(REPO / "datasette" / "plugins"))


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The small world with every signal source answering, published."""
    data_dir = tmp_path_factory.mktemp("world") / "data"
    small_world(data_dir)
    services = fake_services()
    mp = pytest.MonkeyPatch()
    try:
        result = run_signals(settings_for(data_dir), services, mp)
    finally:
        mp.undo()
    return {"db": build(data_dir), "result": result, "services": services, "data_dir": data_dir}


# --- domains ------------------------------------------------------------------------------------


def test_registrable_domains_from_the_bundled_public_suffix_list():
    assert registrable_domain("https://opensource.microsoft.com/") == "microsoft.com"
    assert registrable_domain("azure.microsoft.com") == "microsoft.com"
    assert registrable_domain("https://www.bbc.co.uk/news") == "bbc.co.uk"
    # github.io is a public suffix: each Pages site is its own registrable domain.
    assert registrable_domain("https://netflix.github.io") == "netflix.github.io"
    assert registrable_domain("http://10.0.0.1/") is None and registrable_domain("") is None
    assert company_domain("https://medium.com/pinterest-engineering") is None


# --- the signal sources -------------------------------------------------------------------------


def test_signals_from_every_source_with_their_source_and_date(world):
    signal_rows = pl.read_parquet(world["data_dir"] / "parquet" / "owner_signals" / "signals.parquet")
    stated = {(r["source"], r["login"], r["signal"]): r["value"] for r in signal_rows.iter_rows(named=True)}
    assert stated[("github-graphql", "acme-a", "sponsoring_count")] == "3"
    assert stated[("github-graphql", "acme-b", "sponsors_listing")] == "true"
    assert stated[("github-graphql", "solo", "sponsors_maintainer")] == "maint"
    assert stated[("github-graphql", "maint", "maintainer_sponsors_listed")] == "1"
    assert stated[("ecosystems-sponsors", "acme-b", "active_sponsorships_count")] == "1"
    assert stated[("ecosystems-sponsors", "solo", "sponsors_maintainer")] == "maint"
    assert signal_rows["observed_at"].null_count() == 0
    # trans-org is not on GitHub's side: NOT_FOUND is "no such owner", not an error.
    assert not any(login == "trans-org" for _, login, _ in stated)
    members = pl.read_parquet(world["data_dir"] / "parquet" / "pledge_members" / "signals.parquet")
    assert members.select("domain", "yearly_usd", "year_ending").rows() == [("acme.com", 50000, "2025-12-31")]


def test_graphql_batches_owners_under_aliases_with_bound_logins(tmp_path, monkeypatch):
    """GitHub charges a GraphQL query by its connections, not its aliases: owners are asked
    several at a time, the logins passed as variables, never spliced into the query."""
    small_world(tmp_path / "data")
    services = fake_services()
    run_signals(settings_for(tmp_path / "data", graphql_batch=2), services, monkeypatch)
    owner_queries = [r for r in services["graphql"].requests if "repositoryOwner(login: $l0)" in r["query"]]
    assert [sorted(r["variables"].values()) for r in owner_queries] == [["acme-a", "acme-b"], ["bob", "solo"],
                                                                        ["trans-org"]]
    assert all("acme" not in r["query"] for r in owner_queries)
    assert {r["path"] for r in services["graphql"].requests} == {"/graphql"}
    assert {r["auth"] for r in services["graphql"].requests} == {"Bearer test-token"}


def test_a_second_run_is_answered_from_the_cache(tmp_path, monkeypatch):
    small_world(tmp_path / "data")
    settings = settings_for(tmp_path / "data")
    run_signals(settings, fake_services(), monkeypatch)
    again = fake_services()
    result = run_signals(settings, again, monkeypatch)
    assert again["graphql"].requests == [] and again["sponsors"].requests == [] and again["pledge"].requests == 0
    assert result["signals_owner_signals"] > 0


def test_without_a_token_graphql_is_skipped_with_a_reason_and_the_rest_goes_on(tmp_path, monkeypatch):
    small_world(tmp_path / "data")
    services = fake_services()
    result = run_signals(settings_for(tmp_path / "data"), services, monkeypatch, token=None)
    assert services["graphql"].requests == []
    reasons = {(e["source"], e["subject"]): e["reason"] for e in result["signal_errors"]}
    assert "needs a token" in reasons[("github-graphql", "not asked")]
    db = build(tmp_path / "data")
    ds = client_for(db)
    rows = get(ds, f"/api/v1/packages/pypi/fastapi/leads?as_of={AS_OF}").json()
    # sponsors.ecosyste.ms still says solo sponsors the maintainer; the Pledge still matches acme.
    assert [(r["org"], r["already_sponsors_you"], r["funds_open_source"]) for r in rows] == [
        ("acme-a", False, True), ("acme-b", False, True), ("solo", True, None)]
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM errors WHERE source = 'github-graphql'").fetchone()[0] == 1


def test_a_502_from_graphql_is_recorded_and_the_rest_of_the_leads_stay(tmp_path, monkeypatch):
    small_world(tmp_path / "data")
    services = fake_services(graphql=FakeGraphQL(GRAPHQL_OWNERS, status=502))
    result = run_signals(settings_for(tmp_path / "data"), services, monkeypatch)
    graphql_errors = [e for e in result["signal_errors"] if e["source"] == "github-graphql"]
    assert graphql_errors and all("502" in e["reason"] for e in graphql_errors)
    rows = get(client_for(build(tmp_path / "data")), f"/api/v1/packages/pypi/fastapi/leads?as_of={AS_OF}").json()
    assert [r["org"] for r in rows] == ["acme-a", "acme-b", "solo"]
    assert rows[0]["sponsoring_count"] is None  # GitHub did not say: unknown, not 0
    assert rows[1]["sponsoring_count"] == 1  # sponsors.ecosyste.ms did


def test_a_malformed_member_list_is_recorded_and_the_rest_of_the_leads_stay(tmp_path, monkeypatch):
    small_world(tmp_path / "data")
    services = fake_services(pledge=FakePledge(raw=b'[{"domain": "acme.com", "name": '))
    result = run_signals(settings_for(tmp_path / "data"), services, monkeypatch)
    (pledge_error,) = [e for e in result["signal_errors"] if e["source"] == "opensourcepledge"]
    assert "not valid JSON" in pledge_error["reason"]
    rows = get(client_for(build(tmp_path / "data")), f"/api/v1/packages/pypi/fastapi/leads?as_of={AS_OF}").json()
    assert {r["org"]: r["pledge_yearly_usd"] for r in rows} == {"acme-a": None, "acme-b": None, "solo": None}
    assert {r["org"]: r["funds_open_source"] for r in rows}["acme-a"] is True  # GraphQL: sponsors 3


def test_a_member_without_a_domain_is_skipped_with_its_reason(world):
    with sqlite3.connect(world["db"]) as con:
        rows = con.execute("SELECT subject, reason FROM errors WHERE source = 'opensourcepledge'").fetchall()
    assert rows == [("member Nameless Ltd", "skipped: names no domain (neither domain nor a URL with one)")]


# --- leads, companies, badge --------------------------------------------------------------------


EXPECTED_LEADS = [
    ("acme-a", 1, 9.42, {"repositories": 3.17, "runtime": 0.75, "activity": 1.5, "stars": 2.0, "funds_open_source": 2.0}),
    ("acme-b", 2, 7.25, {"repositories": 2.0, "runtime": 1.5, "activity": 0.75, "stars": 1.0, "funds_open_source": 2.0}),
    ("solo", None, 2.38, {"repositories": 2.0, "runtime": 0.0, "activity": 0.38, "stars": 0.0, "funds_open_source": 0.0}),
]


def test_leads_are_ranked_by_a_score_whose_factors_sum_to_it(world):
    response = get(client_for(world["db"]), f"/api/v1/packages/pypi/fastapi/leads?as_of={AS_OF}")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["org"], r["rank"], r["score"], r["factors"]) for r in rows] == EXPECTED_LEADS
    assert all(round(sum(r["factors"].values()), 2) == r["score"] for r in rows)
    # the personal account and the lockfile-only organization are left out, and the response says so
    assert response.headers["x-wump-personal-accounts-left-out"] == "1"
    assert response.headers["x-wump-transitive-only-left-out"] == "1"
    solo = rows[-1]
    assert solo["already_sponsors_you"] is True and rows[0]["already_sponsors_you"] is False
    assert rows[0]["company"] == "acme.com" and rows[0]["pledge_yearly_usd"] == 50000
    sources = {(e["signal"], e["source"]) for e in rows[0]["evidence"]}
    assert {("sponsoring_count", "github-graphql"), ("pledge_yearly_usd", "opensourcepledge"),
            ("website", "github"), ("verified", "github"), ("domain", "wump")} <= sources
    assert all(e["observed_at"] for e in rows[0]["evidence"])


def test_personal_accounts_and_transitive_users_only_when_asked(world):
    ds = client_for(world["db"])
    everyone = get(ds, f"/api/v1/packages/pypi/fastapi/leads?as_of={AS_OF}&owner_type=any&transitive=true").json()
    assert {r["org"] for r in everyone} == {"acme-a", "acme-b", "solo", "bob", "trans-org"}
    users = get(ds, f"/api/v1/packages/pypi/fastapi/leads?as_of={AS_OF}&owner_type=User").json()
    assert [r["org"] for r in users] == ["bob"]


def test_weights_come_from_the_leads_section(world, tmp_path, monkeypatch):
    config = tmp_path / "wump.toml"
    config.write_text("[leads]\nrepositories = 0\nruntime = 0\nactivity = 0\nstars = 0\nfunds_open_source = 1\n")
    monkeypatch.setenv("WUMP_CONFIG", str(config))
    rows = [leads._lead(r, load_settings().leads, date(2026, 6, 30)) for r in [
        {"organization_id": 1, "org": "x", "owner_type": "Organization", "repos": 5, "runtime_repos": 5,
         "transitive_repos": 0, "stars": 10, "last_commit_at": "2026-06-30T00:00:00Z", "funds_open_source": 1}]]
    assert rows[0]["score"] == 1.0 and rows[0]["factors"]["funds_open_source"] == 1.0


def test_companies_group_organizations_by_registrable_domain(world):
    rows = get(client_for(world["db"]), "/api/v1/packages/pypi/fastapi/companies").json()
    assert [(c["company"], [o["org"] for o in c["organizations"]], c["repos"]) for c in rows] == [
        ("acme.com", ["acme-a", "acme-b"], 3), ("solo", ["solo"], 1)]
    scored = get(client_for(world["db"]), f"/api/v1/packages/pypi/fastapi/leads?group=company&as_of={AS_OF}").json()
    assert scored[0]["company"] == "acme.com" and round(sum(scored[0]["factors"].values()), 2) == scored[0]["score"]
    assert scored[0]["factors"]["repositories"] == 4.0  # 2 × log2(1 + 3 repositories)


def test_leads_csv_has_one_column_per_factor(world):
    response = get(client_for(world["db"]), f"/api/v1/packages/pypi/fastapi/leads.csv?as_of={AS_OF}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    header, first = response.text.splitlines()[:2]
    assert header.split(",")[:10] == ["rank", "org", "owner_type", "company", "score", "factor_repositories",
                                      "factor_runtime", "factor_activity", "factor_stars", "factor_funds_open_source"]
    assert first.startswith("1,acme-a,Organization,acme.com,9.42,3.17,0.75,1.5,2.0,2.0,")


def test_badge_is_a_shields_endpoint_counting_the_default_answer(world):
    response = get(client_for(world["db"]), "/api/v1/packages/pypi/fastapi/badge.json")
    assert response.status_code == 200
    assert response.json() == {"schemaVersion": 1, "label": "used by", "message": "3 organizations", "color": "blue"}
    assert "max-age=3600" in response.headers["cache-control"]
    assert leads.badge(1)["message"] == "1 organization" and leads.badge(1234)["message"] == "1,234 organizations"


@pytest.mark.parametrize("path, status, words", [
    ("/api/v1/packages/pypi/nothing-like-it/leads", 404, "No package"),
    ("/api/v1/packages/pypi/nothing-like-it/badge.json", 404, "No package"),
    ("/api/v1/packages/pypi/fastapi/leads?owner_type=Robot", 400, "owner_type"),
    ("/api/v1/packages/pypi/fastapi/leads?transitive=maybe", 400, "transitive"),
    ("/api/v1/packages/pypi/fastapi/leads?group=team", 400, "group"),
    ("/api/v1/packages/pypi/fastapi/leads?as_of=yesterday", 400, "as_of"),
    ("/api/v1/packages/pypi/fastapi/companies?per_page=1000", 400, "per_page"),
])
def test_bad_requests_get_json_errors(world, path, status, words):
    response = get(client_for(world["db"]), path)
    assert response.status_code == status
    assert words in response.json()["error"]


def test_every_configuration_key_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text()
    missing = [f"{o.section}.{o.key}" for o in OPTIONS if o.key != "*" and o.key not in readme]
    assert missing == []


# --- the offline demo ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_db):
    return client_for(demo_db)


def test_demo_leads_are_organizations_whose_factors_sum_to_their_score(demo):
    rows = get(demo, "/api/v1/packages/pypi/fastapi/leads?per_page=100&as_of=2026-11-01").json()
    assert rows and {r["owner_type"] for r in rows} == {"Organization"}
    assert all(round(sum(r["factors"].values()), 2) == r["score"] for r in rows)
    assert [(r["rank"], r["org"], r["score"]) for r in rows[:3]] == [(1, "stripe", 10.08), (2, "netflix", 9.56),
                                                                     (3, "azure", 9.27)]
    # explosion sponsors the demo's maintainer: flagged, after everyone, though it scores highest
    flagged = [r["org"] for r in rows if r["already_sponsors_you"]]
    assert flagged == ["explosion"] and rows[-1]["org"] == "explosion" and rows[-1]["rank"] is None
    ranked = [r["score"] for r in rows if not r["already_sponsors_you"]]
    assert ranked == sorted(ranked, reverse=True)
    assert {r["org"]: r["pledge_yearly_usd"] for r in rows if r["pledge_yearly_usd"]} == {"pydantic": 30000}


def test_demo_companies_group_the_two_microsoft_organizations(demo):
    rows = get(demo, "/api/v1/packages/pypi/fastapi/companies").json()
    microsoft = next(c for c in rows if c["company"] == "microsoft.com")
    assert sorted(o["org"] for o in microsoft["organizations"]) == ["azure", "microsoft"]
    assert microsoft["repos"] == sum(o["repos"] for o in microsoft["organizations"])


def test_demo_badge_counts_the_default_answer(demo, demo_db):
    response = get(demo, "/api/v1/packages/pypi/fastapi/badge.json")
    document = response.json()
    assert set(document) == {"schemaVersion", "label", "message", "color"} and document["schemaVersion"] == 1
    with sqlite3.connect(demo_db) as con:
        (default_answer,) = con.execute(
            "SELECT count(*) FROM package_users WHERE ecosystem = 'pypi' AND package = 'fastapi' "
            "AND owner_type IN ('Organization', 'unknown') AND repositories > 0").fetchone()
    assert document["message"] == f"{default_answer} organizations"
    assert get(demo, "/api/v1/packages/pypi/fastapi/users").headers["x-total-count"] == str(default_answer)
    # Leads are the organizations among them: quietcorp, of unknown type, is not pitched unasked.
    assert get(demo, "/api/v1/packages/pypi/fastapi/leads").headers["x-total-count"] == str(default_answer - 1)
    assert get(demo, "/api/v1/packages/pypi/fastapi/leads?owner_type=Organization,unknown").headers[
        "x-total-count"] == str(default_answer)
    assert json.loads(json.dumps(document)) == document


