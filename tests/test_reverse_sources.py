"""Watched packages (reverse lookup): ecosyste.ms, GitHub's dependents page and Libraries.io,
against local imitations (tests/fakes/reverse_services.py) serving tests/fixtures/reverse/."""

from __future__ import annotations

import base64
import logging
import sqlite3
from pathlib import Path
from urllib.parse import quote

import polars as pl
import pytest
from fakes.reverse_services import (
    FakeReverseServices,
    Fault,
    fake_settings,
    load_universe,
    render_dependents_page,
    truth_edges,
    truth_organizations,
)
from wump import enrich, reverse, verify
from wump.config import Settings
from wump.publish import publish
from wump.raw import read_records
from wump.schema import NORMALIZED
from wump.sources.github_dependents.listing import parse_count, parse_dependents_page
from wump.warehouse import build_warehouse

WATCHED = ("pypi/fastapi", "pypi/httpx", "npm/@babel/core")


def make_settings(data_dir: Path, **options) -> Settings:
    return fake_settings(data_dir, watch_packages=WATCHED, mailto="maintainer@example.org",
                         repositories=(("npm/@babel/core", "https://github.com/babel/babel"),), **options)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def sleeps() -> list[float]:
    return []


def run_fetch(settings, fake, sleeps, specs=None) -> dict:
    return reverse.fetch_packages_step(settings, specs, transports=fake.transport(), sleep=sleeps.append)


def records_for(settings, spec) -> list[dict]:
    from wump.raw import safe_file_name

    path = settings.raw_dir / "packages" / f"{safe_file_name(spec)}.jsonl"
    import json

    return [json.loads(line) for line in path.read_text().splitlines()]


def cursor_param(offset: int) -> str:
    return "dependents_after=" + quote(base64.b64encode(f"cursor:{offset}".encode()).decode(), safe="")


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["modern", "legacy"])
def test_dependents_page_parses_both_markups(variant):
    """GitHub has served the dependents page with data-test-id rows and hovercards, and earlier
    with plain Box-row rows and text-gray-light counts; both must give the same rows."""
    universe = load_universe()
    package = universe["packages"]["npm/@babel/core"]
    menu = [(pid, name, f"npm/{name}") for pid, name in package["menu"]]
    rows = package["dependents"]
    html = render_dependents_page("babel/babel", menu[1], menu, rows, 1234, "Y3Vyc29yOjMw", universe["owners"], variant)
    page = parse_dependents_page(html)
    assert [r["full_name"] for r in page.rows] == [d["repo"] for d in rows]
    assert [r["stars"] for r in page.rows] == [d["stars"] for d in rows]
    assert page.headline == 1234
    assert page.packages == {pid: name for pid, name in package["menu"]}
    assert page.selected_package_id == "UGFja2FnZS0xMDAwMDI="
    assert page.next_cursor == "Y3Vyc29yOjMw"
    expected_types = ["Organization", "Organization", "Organization", "User"] if variant == "modern" else [None] * 4
    assert [r["owner_type"] for r in page.rows] == expected_types


def test_counts_in_every_spelling():
    assert parse_count("1,234") == 1234
    assert parse_count(" 12\n") == 12
    assert parse_count("1.2k") == 1200
    assert parse_count("none") is None


# --- ecosyste.ms ----------------------------------------------------------------------------


def test_ecosystems_keyset_pagination_polite_pool_and_slim_rows(tmp_path, sleeps):
    settings = make_settings(tmp_path / "data", ecosystems_per_page=10)
    fake = FakeReverseServices()
    records = reverse.fetch_watched_package(settings, "pypi/fastapi", fake.transport(), sleep=sleeps.append)
    listing = next(r for r in records if r["kind"] == "ecosystems_dependencies")
    expected_rows = sum(len(d["manifests"]) for d in fake.universe["packages"]["pypi/fastapi"]["dependents"]
                        if "ecosystems" in d["sources"])
    assert len(listing["rows"]) == expected_rows and listing["complete"]
    asked = [url for service, url in fake.requests if service == "ecosystems" and "/dependencies" in url]
    assert len(asked) == expected_rows // 10 + 1
    afters = [0] + [max(r["id"] for r in listing["rows"][:i * 10]) for i in range(1, len(asked))]
    for url, after in zip(asked, afters, strict=True):
        assert ("after=" in url) == (after > 0) and (after == 0 or f"after={after}&" in url)
        assert "per_page=10" in url
    assert all("mailto=maintainer%40example.org" in url for s, url in fake.requests if s == "ecosystems")
    assert "metadata" not in listing["rows"][0]["repository"]  # raw rows keep only what wump reads
    usage = next(r for r in records if r["kind"] == "ecosystems_usage")
    assert usage["body"]["dependents_count"] == len(truth_edges(fake.universe, "pypi/fastapi", "ecosystems")) + 3


# --- GitHub's dependents page ---------------------------------------------------------------


def test_dependents_lists_only_the_watched_package_of_a_multi_package_repository(settings, sleeps):
    """babel/babel publishes @babel/parser (the page's default), @babel/core and @babel/types:
    only @babel/core's package_id is listed; fastapi/fastapi publishes fastapi and fastapi-slim."""
    fake = FakeReverseServices(rows_per_page=30)
    fake.faults.append(Fault("github_web", "dependents_after", [(429, {"retry-after": "7"})]))
    run_fetch(settings, fake, sleeps)
    for spec in ("npm/@babel/core", "pypi/fastapi"):
        listing = [r for r in records_for(settings, spec) if r["kind"] == "dependents_listing"]
        assert len(listing) == 1
        assert {row["full_name"] for row in listing[0]["rows"]} == truth_edges(fake.universe, spec, "github-dependents")
        package = fake.universe["packages"][spec]
        assert listing[0]["headline"] == len(truth_edges(fake.universe, spec, "github-dependents")) + package["private_dependents"]
    babel = [url for s, url in fake.requests if s == "github_web" and url.startswith("/babel/")]
    assert len(babel) == 2 and "package_id=UGFja2FnZS0xMDAwMDI%3D" in babel[1]
    # fastapi is the default package of its page: its first page is not requested twice.
    assert fake.count("github_web", "/fastapi/fastapi/") == 3 + 1  # 67 rows in 3 pages, plus the 429
    assert any(7 <= s <= 8 for s in sleeps)  # retry-after honoured through the injected sleep
    frames = reverse.normalize_reverse(read_records(settings.raw_dir / "packages"))
    notes = frames["errors"].filter(pl.col("source") == "github-dependents")["reason"].to_list()
    assert "listed 67 of the headline 207: GitHub ends the cursor chain near 2,000 rows and counts private " \
           "dependents it never lists" in notes


def test_cursor_chain_that_stops_early_is_reported_as_listed_of_headline(settings, sleeps):
    fake = FakeReverseServices(rows_per_page=10, chain_limit=20)
    run_fetch(settings, fake, sleeps, ["pypi/fastapi"])
    listing = next(r for r in records_for(settings, "pypi/fastapi") if r["kind"] == "dependents_listing")
    assert (listing["listed"], listing["headline"], listing["complete"]) == (20, 207, True)
    assert listing["stopped"] == "end of the cursor chain"


def test_interrupted_dependents_listing_resumes_without_relisting(settings, sleeps):
    """A killed process, then a page failing past its retries: each run continues from the saved
    cursor, and no page already read is requested again."""
    fake = FakeReverseServices(rows_per_page=5)
    fake.faults.append(Fault("github_web", cursor_param(25), ["interrupt"]))
    with pytest.raises(KeyboardInterrupt):
        run_fetch(settings, fake, sleeps, ["pypi/fastapi"])
    assert fake.count("github_web", "/fastapi/fastapi/") == 6  # the first page, cursors 5..25

    fake.faults.append(Fault("github_web", cursor_param(50), [503] * 6))
    run_fetch(settings, fake, sleeps, ["pypi/fastapi"])
    partial = records_for(settings, "pypi/fastapi")
    listing = next(r for r in partial if r["kind"] == "dependents_listing")
    assert listing["complete"] is False and listing["listed"] == 50 and listing["resumed_pages"] == 5
    assert any(r["kind"] == "error" and r["source"] == "github-dependents" and "interrupted: gave up after 6 attempts"
               in r["reason"] for r in partial)
    # The edges read so far still reach the normalized layer.
    frames = reverse.normalize_reverse(partial)
    assert frames["dependencies"].filter(pl.col("source") == "github-dependents").height == 50

    run_fetch(settings, fake, sleeps, ["pypi/fastapi"])
    listing = next(r for r in records_for(settings, "pypi/fastapi") if r["kind"] == "dependents_listing")
    assert listing["complete"] and listing["listed"] == 67
    asked = [url for s, url in fake.requests if s == "github_web" and "/fastapi/fastapi/" in url]
    for offset in range(5, 70, 5):
        expected = {25: 2, 50: 7}.get(offset, 1)  # interrupted once; failed 6 times, then read
        assert sum(cursor_param(offset) in url for url in asked) == expected, offset
    assert sum("dependents_after" not in url for url in asked) == 1
    # A finished listing is reused by an immediate re-run (a retried Dagster run) at no cost.
    before = fake.count("github_web")
    run_fetch(settings, fake, sleeps, ["pypi/fastapi"])
    assert fake.count("github_web") == before


def test_interrupted_ecosystems_listing_resumes(tmp_path, sleeps):
    settings = make_settings(tmp_path / "data", ecosystems_per_page=10)
    fake = FakeReverseServices()
    third_page_after = fake._edge_ids["pypi/fastapi"][19][0]
    fake.faults.append(Fault("ecosystems", f"after={third_page_after}&", ["interrupt"]))
    with pytest.raises(KeyboardInterrupt):
        run_fetch(settings, fake, sleeps, ["pypi/fastapi"])
    run_fetch(settings, fake, sleeps, ["pypi/fastapi"])
    asked = [url for s, url in fake.requests if s == "ecosystems" and "/dependencies" in url]
    assert len(asked) == len(set(asked)) + 1  # only the interrupted page was asked twice
    listing = next(r for r in records_for(settings, "pypi/fastapi") if r["kind"] == "ecosystems_dependencies")
    assert len({r["id"] for r in listing["rows"]}) == len(listing["rows"]) == len(fake._edge_ids["pypi/fastapi"])


# --- faults ---------------------------------------------------------------------------------


def test_transient_faults_are_retried_to_a_complete_result(settings, sleeps):
    fake = FakeReverseServices()
    fake.faults += [Fault("ecosystems", "/dependencies", [500, "timeout"]), Fault("ecosystems", "/usage/", [502]),
                    Fault("github_web", "/encode/httpx/", ["timeout", 502]),
                    Fault("librariesio", "/dependent_repositories", [500, "timeout"])]
    result = run_fetch(settings, fake, sleeps)
    assert result["errors"] == []
    assert all(result["requests"][s]["retries"] >= 1 for s in ("ecosystems", "github-dependents", "librariesio-api"))
    listed = result["listed"]["pypi/httpx"]
    assert listed["github-dependents"]["repositories"] == len(truth_edges(fake.universe, "pypi/httpx", "github-dependents"))
    assert listed["librariesio-api"]["repositories"] == len(truth_edges(fake.universe, "pypi/httpx", "librariesio-api"))


def test_a_source_that_is_down_fails_alone(settings, sleeps):
    fake = FakeReverseServices(down={"ecosystems"})
    result = run_fetch(settings, fake, sleeps)
    reasons = {(e["source"], e["subject"]): e["reason"] for e in result["errors"]}
    assert reasons[("ecosystems", "usage pypi/fastapi")].startswith("ecosyste.ms is unavailable: gave up after 5 attempts: HTTP 503")
    counts = reverse.normalize_packages_step(settings)
    assert counts["dependencies"] > 0
    frames = reverse.normalize_reverse(read_records(settings.raw_dir / "packages"))
    fastapi = frames["dependencies"].filter(pl.col("package") == "fastapi")
    # fastapi's source repository came from Libraries.io, since ecosyste.ms could not say.
    assert set(fastapi["source"].unique()) == {"github-dependents", "librariesio-api"}
    assert set(fastapi.filter(pl.col("source") == "github-dependents")["full_name"]) == truth_edges(
        fake.universe, "pypi/fastapi", "github-dependents")


def test_no_known_source_repository_is_a_clear_error(tmp_path, sleeps):
    settings = fake_settings(tmp_path / "data", watch_packages=("npm/@babel/core",))
    records = reverse.fetch_watched_package(settings, "npm/@babel/core", FakeReverseServices().transport(),
                                            sleep=sleeps.append)
    error = next(r for r in records if r["kind"] == "error" and r["source"] == "github-dependents")
    assert error["reason"] == ('no source repository known; set [sources.repositories] "npm/@babel/core" = '
                               '"owner/repo" in wump.toml')


def test_librariesio_key_is_sent_but_never_stored(settings, sleeps, monkeypatch, caplog):
    secret = "sekrit-key-123"
    monkeypatch.setenv("LIBRARIES_IO_API_KEY", secret)
    fake = FakeReverseServices()
    fake.faults.append(Fault("librariesio", "/api/pypi/httpx/dependent_repositories", ["timeout"] * 5))
    with caplog.at_level(logging.DEBUG):
        run_fetch(settings, fake, sleeps)
        reverse.normalize_packages_step(settings)
    assert set(fake.api_keys) == {secret}
    stored = [p for p in settings.data_dir.rglob("*") if p.is_file()]
    assert stored and not [p for p in stored if secret.encode() in p.read_bytes()]
    assert secret not in caplog.text and "api_key=REDACTED" in caplog.text
    errors = [r for r in records_for(settings, "pypi/httpx") if r["kind"] == "error"]
    assert errors and all(secret not in r["reason"] for r in errors)


# --- normalizing ----------------------------------------------------------------------------


def test_normalized_rows_are_exact_labelled_and_unique(settings, sleeps):
    fake = FakeReverseServices()
    run_fetch(settings, fake, sleeps)
    frames = reverse.normalize_reverse(read_records(settings.raw_dir / "packages"))
    for name, data in frames.items():
        key = list(NORMALIZED[name].key)
        assert data.height == data.unique(subset=key).height, name
        assert data.columns == NORMALIZED[name].column_names
    deps = frames["dependencies"]
    for spec in WATCHED:
        ecosystem, name = spec.split("/", 1)
        mine = deps.filter((pl.col("ecosystem") == ecosystem) & (pl.col("package") == name))
        for source in ("ecosystems", "github-dependents", "librariesio-api"):
            assert set(mine.filter(pl.col("source") == source)["full_name"]) == truth_edges(fake.universe, spec, source)
    dispatch = deps.filter((pl.col("full_name") == "Netflix/dispatch") & (pl.col("source") == "ecosystems")).sort(
        "manifest_path").select("manifest_path", "requirement", "version", "dependency_type", "direct").rows()
    assert dispatch == [("requirements-base.in", None, None, "runtime", True),
                        ("requirements-base.txt", None, "0.110.0", "runtime", False)]
    llama = deps.filter(pl.col("full_name") == "abetlen/llama-cpp-python", pl.col("source") == "ecosystems")
    assert llama["dependency_type"].to_list() == ["optional"]
    packages = frames["packages"].filter(pl.col("name") == "fastapi").sort("source")
    assert packages.select("source", "dependent_repositories_count").rows() == [
        ("ecosystems", 69), ("github-dependents", 207), ("librariesio-api", 14)]


# --- merged, enriched, published: the acceptance run ----------------------------------------


def test_watch_enrich_merge_publish_matches_the_truth(settings, sleeps):
    fake = FakeReverseServices()
    run_fetch(settings, fake, sleeps)
    reverse.normalize_packages_step(settings)
    enriched = enrich.enrich_owners_step(settings, budget=1000, transports=fake.transport(), sleep=sleeps.append)
    assert enriched["selected"] == len({r.split("/")[0].lower() for spec in WATCHED for r in truth_edges(fake.universe, spec)})
    verified = verify.verify_step(settings, transports=fake.transport(), sleep=sleeps.append)
    assert (verified["verify_selected"], verified["verify_lockfile_only"]) == (12, 2)
    build_warehouse(settings.parquet_dir, settings.warehouse_path)
    publish(settings.warehouse_path, settings.published_path)
    db = sqlite3.connect(settings.published_path)

    for spec in WATCHED:
        ecosystem, name = spec.split("/", 1)
        reported = {r[0] for r in db.execute(
            "SELECT organization FROM package_users WHERE ecosystem = ? AND package = ? AND owner_type = 'Organization' "
            "AND repositories > 0", (ecosystem, name))}
        truth = truth_organizations(fake.universe, spec)
        precision = len(reported & truth) / len(reported)
        recall = len(reported & truth) / len(truth)
        assert (precision, recall) == (1.0, 1.0), (spec, reported ^ truth)

    # One edge per (repository, package), carrying every source that saw it.
    assert db.execute("SELECT count(*) FROM (SELECT repository_id, package_id FROM dependencies "
                      "GROUP BY 1, 2 HAVING count(*) > 1)").fetchone()[0] == 0
    edge = db.execute(
        "SELECT d.source, d.requirement, d.dependency_type FROM dependencies d JOIN repositories r ON r.id = d.repository_id "
        "JOIN packages p ON p.id = d.package_id WHERE r.full_name = 'Netflix/dispatch' AND p.name = 'fastapi'").fetchall()
    assert edge == [("ecosystems,github-dependents,librariesio-api", None, "runtime")]
    user = db.execute("SELECT sources, owner_type FROM package_users WHERE package = 'fastapi' AND organization = 'Netflix'")
    # dispatch-fork-ci, listed by GitHub alone, was read: its requirements.txt declares fastapi.
    assert user.fetchall() == [("ecosystems,github-dependents,github-manifest,librariesio-api", "Organization")]
    # Listed only by GitHub's dependents page, lockstep-systems has httpx only in poetry.lock: transitive.
    lockstep = db.execute("SELECT repositories, transitive_repositories, sources FROM package_users "
                          "WHERE package = 'httpx' AND organization = 'lockstep-systems'").fetchall()
    assert lockstep == [(0, 1, "github-dependents,github-manifest")]
    harborview = db.execute("SELECT d.direct, d.manifest_path, d.requirement, d.source FROM dependencies d "
                            "JOIN repositories r ON r.id = d.repository_id JOIN packages p ON p.id = d.package_id "
                            "WHERE r.full_name = 'harborview-analytics/pipeline' AND p.name = 'httpx'").fetchall()
    assert harborview == [(1, "pyproject.toml", ">=0.25", "github-manifest,librariesio-api")]
    total = sum(len(truth_edges(fake.universe, spec)) for spec in WATCHED)
    assert db.execute("SELECT count(*) FROM dependencies").fetchone()[0] == total

    owners = dict(db.execute("SELECT name, owner_type FROM organizations"))
    assert owners["tiangolo"] == "User" and owners["Buuntu"] == "User"
    assert owners["microsoft"] == "Organization"  # GitHub answered 502; ecosyste.ms said organization
    assert owners["vanished-account"] == "missing"  # GitHub has no such account; ecosyste.ms no record
    assert owners["Buuntu"] == "User"
    sponsor = dict(db.execute("SELECT name, sponsorship_url FROM organizations WHERE sponsorship_url IS NOT NULL"))
    assert sponsor["open-webui"] == "https://github.com/sponsors/open-webui"
    assert sponsor["polarsource"] == "https://polar.sh/polarsource"

    counts = {r[0]: r[1:] for r in db.execute(
        "SELECT source, headline_count, listed_repositories FROM source_counts WHERE package = 'fastapi'")}
    # The repositories wump read itself count as github-manifest's, with no headline.
    assert counts == {"ecosystems": (69, 66), "github-dependents": (207, 67), "librariesio-api": (14, 7),
                      "github-manifest": (None, 4)}
    babel = db.execute("SELECT headline_count, listed_edges, listed_repositories FROM source_counts "
                       "WHERE package = '@babel/core' AND source = 'librariesio-api'").fetchall()
    assert babel == [(7, 0, 0)]  # a headline with nothing listed is shown, not dropped


def test_enrichment_order_budget_cache_and_unknowns(settings, sleeps):
    fake = FakeReverseServices()
    run_fetch(settings, fake, sleeps)
    reverse.normalize_packages_step(settings)
    # Another producer's edges: a heavy user of some other package.
    other = NORMALIZED["dependencies"].conform(pl.DataFrame({
        "source": ["github-sbom"] * 40, "host": ["github.com"] * 40,
        "full_name": [f"bigcorp/repo-{i}" for i in range(40)], "ecosystem": ["npm"] * 40, "package": ["left-pad"] * 40}))
    (settings.parquet_dir / "dependencies").mkdir(parents=True, exist_ok=True)
    other.write_parquet(settings.parquet_dir / "dependencies" / "github.parquet")

    chosen = enrich.select_owners(settings, budget=3)
    assert len(chosen) == 3 and "bigcorp" not in chosen
    # Owners the dependents page already typed wait: an untyped owner is in the default answer
    # until a source says what it is, so those are looked up first.
    typed = set(pl.read_parquet(settings.parquet_dir / "owners" / "packages.parquet")
                .filter(pl.col("owner_type").is_not_null())["login"].str.to_lowercase())
    assert typed and not {c.lower() for c in chosen} & typed
    assert enrich.select_owners(settings, budget=1, watched=[]) == ["bigcorp"]
    everyone = enrich.select_owners(settings, budget=10_000)
    assert everyone[-1] == "bigcorp"  # watched packages' owners come first

    first = enrich.enrich_owners_step(settings, budget=10_000, transports=fake.transport(), sleep=sleeps.append)
    assert first["requests"]["github"] > 0
    asked = len(fake.requests)
    again = enrich.enrich_owners_step(settings, budget=10_000, transports=fake.transport(), sleep=sleeps.append)
    # The cache answers everything it has; only the owner GitHub failed on is asked again.
    assert {url for _, url in fake.requests[asked:]} == {"/orgs/microsoft"}
    assert again["owners"] == first["owners"]
    owners = pl.read_parquet(settings.parquet_dir / "owners" / "enrichment.parquet")
    vanished = owners.filter(pl.col("login") == "vanished-account")
    # GitHub answers 404 for it, ecosyste.ms has no record: "missing" (GitHub's word), no other type guessed.
    assert vanished.select("source", "owner_type").rows() == [("github", "missing")]
    github_types = dict(owners.filter(pl.col("source") == "github").select("login", "owner_type").iter_rows())
    assert github_types["Netflix"] == "Organization" and github_types["tiangolo"] == "User"
    assert "microsoft" not in github_types  # GitHub failed for it; the error is recorded instead
    errors = pl.read_parquet(settings.parquet_dir / "errors" / "enrichment.parquet")
    assert errors.filter(pl.col("subject") == "owner microsoft")["reason"].to_list() == [
        "gave up after 5 attempts: HTTP 502"]


def test_over_a_real_socket(tmp_path, sleeps):
    fake = FakeReverseServices()
    servers = {name: fake.serve(name) for name in ("ecosystems", "github_web", "librariesio")}
    try:
        settings = fake_settings(tmp_path / "data", watch_packages=("pypi/httpx",), interval=0.01,
                                 urls={name: url for name, (_, url) in servers.items()})
        records = reverse.fetch_watched_package(settings, "pypi/httpx", sleep=sleeps.append)
    finally:
        for server, _ in servers.values():
            server.shutdown()
            server.server_close()
    assert not [r for r in records if r["kind"] == "error"]
    frames = reverse.normalize_reverse(records)
    assert set(frames["dependencies"]["full_name"]) == truth_edges(fake.universe, "pypi/httpx")


def test_partition_run_keeps_other_files_and_full_run_prunes(settings, sleeps):
    fake = FakeReverseServices()
    run_fetch(settings, fake, sleeps)
    folder = settings.raw_dir / "packages"
    assert len(list(folder.glob("*.jsonl"))) == 3
    (folder / "pypi_gone.jsonl").write_text("")
    run_fetch(settings, fake, sleeps, ["pypi/httpx"])
    assert (folder / "pypi_gone.jsonl").exists()
    run_fetch(settings, fake, sleeps)
    assert not (folder / "pypi_gone.jsonl").exists()


# --- declared or lockfile-only: reading the repositories listed without a word on it -----------


def test_listed_only_repositories_are_read_once_and_a_failed_read_again(settings, sleeps):
    fake = FakeReverseServices()
    run_fetch(settings, fake, sleeps)
    reverse.normalize_packages_step(settings)
    enrich.enrich_owners_step(settings, budget=1000, transports=fake.transport(), sleep=sleeps.append)
    # Organizations' repositories that no source qualified, most starred first; personal accounts'
    # (e.g. tiangolo's) and the ones ecosyste.ms described are not read.
    chosen = verify.select_repositories(settings, budget=4)
    assert chosen == [{"full_name": "open-webui/open-webui", "packages": ["pypi/fastapi"]},
                      {"full_name": "python-poetry/poetry", "packages": ["pypi/httpx"]},
                      {"full_name": "airbytehq/airbyte", "packages": ["pypi/fastapi"]},
                      {"full_name": "bentoml/BentoML", "packages": ["pypi/fastapi"]}]

    fake.faults.append(Fault("github_api", "/repos/lockstep-systems/ingest-api/git/trees", [502] * 5))
    first = verify.verify_step(settings, transports=fake.transport(), sleep=sleeps.append)
    assert {k: first[k] for k in ("verify_selected", "verify_read", "verify_reused", "verify_failed",
                                  "verify_declared", "verify_lockfile_only")} == {
        "verify_selected": 12, "verify_read": 12, "verify_reused": 0, "verify_failed": 1,
        "verify_declared": 10, "verify_lockfile_only": 1}
    errors = pl.read_parquet(settings.parquet_dir / "errors" / "verification.parquet")
    assert errors.select("source", "subject").rows() == [("verification", "lockstep-systems/ingest-api")]
    assert "HTTP 502" in errors["reason"][0]

    asked = len(fake.requests)
    again = verify.verify_step(settings, transports=fake.transport(), sleep=sleeps.append)
    # Only the failed read is made again; the other eleven come from the earlier reads.
    assert {url for _, url in fake.requests[asked:]} == {
        "/repos/lockstep-systems/ingest-api", "/repos/lockstep-systems/ingest-api/git/trees/main?recursive=1",
        next(url for _, url in fake.requests[asked:] if "/git/blobs/" in url)}
    assert (again["verify_read"], again["verify_reused"], again["verify_failed"], again["verify_lockfile_only"]) == (
        1, 11, 0, 2)
    owners = pl.read_parquet(settings.parquet_dir / "owners" / "verification.parquet")
    assert dict(owners.select("login", "owner_type").iter_rows())["lockstep-systems"] == "Organization"


def test_only_a_404_makes_an_owner_missing(settings, sleeps):
    """GitHub refusing to answer (403) is a failed lookup, kept unknown and asked again next run;
    only "no such account" makes the owner missing."""
    fake = FakeReverseServices(faults=[Fault("github_api", "/users/vanished-account", [403])])
    run_fetch(settings, fake, sleeps)
    reverse.normalize_packages_step(settings)
    result = enrich.enrich_owners_step(settings, budget=1000, transports=fake.transport(), sleep=sleeps.append)
    assert {"source": "enrichment-github", "subject": "owner vanished-account", "reason": "HTTP 403"} in result["errors"]
    owners = pl.read_parquet(settings.parquet_dir / "owners" / "enrichment.parquet")
    assert owners.filter(pl.col("login") == "vanished-account").height == 0
    again = enrich.enrich_owners_step(settings, budget=1000, transports=fake.transport(), sleep=sleeps.append)
    assert not [e for e in again["errors"] if e["subject"] == "owner vanished-account"]
    owners = pl.read_parquet(settings.parquet_dir / "owners" / "enrichment.parquet")
    assert owners.filter(pl.col("login") == "vanished-account").select("owner_type").rows() == [("missing",)]
