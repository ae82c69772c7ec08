"""The Libraries.io 1.6.0 dump importer on a small real-format sample, and the vectorized identity
rules it relies on (equal to wump.identity's scalar functions)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wump import publish, warehouse
from wump.identity import PLATFORM_TO_ECOSYSTEM, ecosystem_for_platform, normalize_name, purl_for
from wump.identity_frames import (
    purls,
    sql_ecosystem,
    sql_is_ascii,
    sql_normalize_name,
    sql_platform_key,
    sql_platform_table,
    with_package_identity,
)
from wump.sources.librariesio.dump import DEPENDENCIES_FILE, PROJECTS_FILE, REPOSITORIES_FILE, import_dump

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "librariesio"
D = datetime(2020, 1, 12)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("librariesio") / "parquet"
    report = import_dump(SAMPLE, out)
    return report, out


def read(out: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(out / table / "librariesio.parquet")


def test_edges_are_normalized_dated_and_typed(imported):
    _, out = imported
    rows = sorted(read(out, "dependencies").drop("source", "detected_at").iter_rows(),
                  key=lambda r: (r[1], r[2], r[3], r[4]))
    assert rows == sorted([
        # host, full_name, ecosystem, package, manifest_path, requirement, version, type, direct
        ("github.com", "Netflix/api", "pypi", "flask-sqlalchemy", "requirements.txt", ">=1.0,<2.0", None, "runtime", True),
        ("github.com", "Netflix/api", "pypi", "pytest", "requirements-dev.txt", None, None, "development", True),
        ("github.com", "netflix/web", "npm", "react", "package.json", "^16.8.0", None, "runtime", True),
        ("github.com", "netflix/web", "npm", "@types/node", "package.json", "~12.0.0", None, "development", True),
        # a lockfile row is transitive use; its requirement is the locked version
        ("github.com", "netflix/web", "npm", "loose-envify", "package-lock.json", "1.4.0", "1.4.0", "runtime", False),
        ("github.com", "alice/tool", "gem", "rails", "Gemfile", "~> 5.2, >= 5.2.3", None, "runtime", True),
        # Optional = true keeps the kind's type; no Dependency Project ID (unresolved) is kept
        ("github.com", "alice/tool", "gem", "pg", "Gemfile", None, None, "runtime", True),
        ("gitlab.com", "bob/lib", "pypi", "zope-interface", "setup.py", "==4.*", None, "test", True),
        # doubled quotes inside a quoted requirement
        ("github.com", "Netflix/api", "pypi", "flask-sqlalchemy", "requirements.txt", '"pinned" 2.1', None, "runtime", True),
        # an unknown platform keeps its lower-cased name as ecosystem (ecosystem_for_platform)
        ("github.com", "weird/repo", "atom", "Some-Pkg", "package.json", "*", None, "runtime", True),
        ("github.com", "carol/app", "maven", "org.slf4j:slf4j-api", "pom.xml", "1.7.25", None, "runtime", True),
        ("bitbucket.org", "dave/site", "composer", "monolog/monolog", "composer.json", "^1.0", None, "development", True),
        ("github.com", "netflix/web", "npm", "react", "yarn.lock", "16.12.0", "16.12.0", "runtime", False),
        # an empty Dependency Kind is runtime
        ("github.com", "netflix/api", "golang", "github.com/Stretchr/testify", "go.mod", "v1.4.0", None, "runtime", True),
    ], key=lambda r: (r[1], r[2], r[3], r[4]))
    edges = read(out, "dependencies")
    assert edges["source"].unique().to_list() == ["librariesio-1.6.0"]
    assert edges["detected_at"].unique().to_list() == [D]


def test_bad_rows_are_counted_with_reasons_and_examples(imported):
    report, _ = imported
    deps, repos, projects = (report.files[f] for f in (DEPENDENCIES_FILE, REPOSITORIES_FILE, PROJECTS_FILE))
    assert (deps.rows_read, deps.rows_written, deps.bad_rows) == (19, 14, 5)
    assert deps.bad_reasons == {"ragged row: too few fields": 1, "ragged row: too many fields": 1,
                                "badly quoted field": 1, "not a valid value for ID": 1,
                                "missing manifest platform": 1}
    where = {(ex.line, ex.row_id): ex.reason for ex in deps.examples}
    assert where == {(12, None): "ragged row: too few fields", (14, None): "badly quoted field",
                     (15, None): "not a valid value for ID", (17, None): "ragged row: too many fields",
                     (None, 17): "missing manifest platform"}
    ragged = next(ex for ex in deps.examples if ex.line == 12)
    assert ragged.text == "11,GitHub,netflix/api,101,Pypi,requirements.txt"
    assert "Found: 6" in ragged.detail
    # repositories: 40 fields under 39 names is the norm; 39 fields is the ragged row
    assert (repos.rows_read, repos.rows_written, repos.bad_rows, repos.not_needed) == (10, 7, 2, 1)
    assert repos.bad_reasons == {"ragged row: too few fields": 1, "not a valid value for Stars Count": 1}
    assert (projects.rows_read, projects.rows_written, projects.bad_rows, projects.not_needed) == (9, 6, 2, 1)
    assert projects.bad_reasons == {"ragged row: too few fields": 1,
                                    "not a valid value for Dependent Repositories Count": 1}
    assert report.bad_rows == 9
    assert report.tables == {"dependencies": 14, "repositories": 7, "packages": 12, "errors": 9 + 9}
    assert "badly quoted field" in report.summary()


def test_errors_table_has_a_summary_per_reason_and_the_examples(imported):
    _, out = imported
    errors = read(out, "errors")
    assert errors.height == 18
    assert ("repository_dependencies-1.6.0-2020-01-12.csv line 14", "badly quoted field: 13,GitHub,netflix/web,"
            '102,NPM,package.json,master,manifest,false,"lo"dash,4.17.15,runtime,5011') in errors.select(
        "subject", "reason").rows()
    assert ("repositories-1.6.0-2020-01-12.csv", "1 rows skipped: ragged row: too few fields") in errors.select(
        "subject", "reason").rows()


def test_repositories_keep_stars_forks_and_push_dates_of_repositories_with_edges(imported):
    _, out = imported
    repos = read(out, "repositories").sort("full_name")
    assert repos.select("host", "owner", "full_name", "stars", "is_fork", "primary_language", "default_branch",
                        "pushed_at", "created_at").rows() == [
        ("github.com", "Netflix", "Netflix/api", 1200, False, "Java", "master", datetime(2019, 12, 30, 10),
         datetime(2012, 1, 1)),
        ("github.com", "alice", "alice/tool", 5, True, "Ruby", "master", datetime(2018, 6, 7, 8, 9, 10),
         datetime(2015, 2, 3, 4, 5, 6)),
        ("gitlab.com", "bob", "bob/lib", 0, False, "Python", "main", None, datetime(2016, 1, 1)),
        ("github.com", "carol", "carol/app", 7, False, "Java", "master", datetime(2019, 1, 1), datetime(2017, 1, 1)),
        ("bitbucket.org", "dave", "dave/site", None, False, "PHP", "master", datetime(2019, 10, 10, 10, 10, 10),
         datetime(2014, 1, 1)),
        ("github.com", "netflix", "netflix/web", 300, False, "JavaScript", "main", datetime(2019, 11, 1, 12),
         datetime(2013, 5, 6, 7, 8, 9)),
        ("github.com", "weird", "weird/repo", 1, False, None, "master", datetime(2019, 2, 2, 2, 2, 2),
         datetime(2018, 1, 1)),
    ]
    assert repos["fetched_at"].unique().to_list() == [D]
    assert not (out / "owners" / "librariesio.parquet").exists()  # the dump says nothing about owners


def test_packages_cover_every_edge_with_purl_and_project_metadata(imported):
    _, out = imported
    packages = read(out, "packages").sort("ecosystem", "name")
    assert packages.select("ecosystem", "name", "purl").rows() == [
        ("atom", "Some-Pkg", "pkg:atom/Some-Pkg"),
        ("composer", "monolog/monolog", "pkg:composer/monolog/monolog"),
        ("gem", "pg", "pkg:gem/pg"),
        ("gem", "rails", "pkg:gem/rails"),
        ("golang", "github.com/Stretchr/testify", "pkg:golang/github.com/Stretchr/testify"),
        ("maven", "org.slf4j:slf4j-api", "pkg:maven/org.slf4j/slf4j-api"),
        ("npm", "@types/node", "pkg:npm/%40types/node"),
        ("npm", "loose-envify", "pkg:npm/loose-envify"),
        ("npm", "react", "pkg:npm/react"),
        ("pypi", "flask-sqlalchemy", "pkg:pypi/flask-sqlalchemy"),
        ("pypi", "pytest", "pkg:pypi/pytest"),
        ("pypi", "zope-interface", "pkg:pypi/zope-interface"),
    ]
    flask = packages.row(by_predicate=pl.col("name") == "flask-sqlalchemy", named=True)
    assert flask["description"] == 'Adds SQLAlchemy support to Flask, the "micro" framework'
    assert (flask["latest_version"], flask["dependent_repositories_count"]) == ("2.4.1", 15000)


def test_import_then_build_publishes_the_exact_answer(imported, tmp_path):
    _, out = imported
    warehouse.build_warehouse(out, tmp_path / "warehouse.duckdb")
    publish.publish(tmp_path / "warehouse.duckdb", tmp_path / "wump.db")
    with sqlite3.connect(tmp_path / "wump.db") as con:
        rows = con.execute(
            "SELECT ecosystem, package, organization, owner_type, repositories, runtime_repositories, "
            "transitive_repositories, stars, last_commit_at, first_seen, sources FROM package_users "
            "ORDER BY ecosystem, package, organization").fetchall()
    first, src = "2020-01-12T00:00:00Z", "librariesio-1.6.0"
    assert rows == [
        ("atom", "Some-Pkg", "weird", "unknown", 1, 1, 0, 1, "2019-02-02T02:02:02Z", first, src),
        ("composer", "monolog/monolog", "dave", "unknown", 1, 0, 0, 0, "2019-10-10T10:10:10Z", first, src),
        ("gem", "pg", "alice", "unknown", 1, 1, 0, 5, "2018-06-07T08:09:10Z", first, src),
        ("gem", "rails", "alice", "unknown", 1, 1, 0, 5, "2018-06-07T08:09:10Z", first, src),
        ("golang", "github.com/Stretchr/testify", "Netflix", "unknown", 1, 1, 0, 1200, "2019-12-30T10:00:00Z",
         first, src),
        ("maven", "org.slf4j:slf4j-api", "carol", "unknown", 1, 1, 0, 7, "2019-01-01T00:00:00Z", first, src),
        ("npm", "@types/node", "Netflix", "unknown", 1, 0, 0, 300, "2019-11-01T12:00:00Z", first, src),
        # only in a lockfile: transitive use
        ("npm", "loose-envify", "Netflix", "unknown", 0, 0, 1, 300, "2019-11-01T12:00:00Z", first, src),
        # in package.json and yarn.lock: direct
        ("npm", "react", "Netflix", "unknown", 1, 1, 0, 300, "2019-11-01T12:00:00Z", first, src),
        ("pypi", "flask-sqlalchemy", "Netflix", "unknown", 1, 1, 0, 1200, "2019-12-30T10:00:00Z", first, src),
        ("pypi", "pytest", "Netflix", "unknown", 1, 0, 0, 1200, "2019-12-30T10:00:00Z", first, src),
        ("pypi", "zope-interface", "bob", "unknown", 1, 0, 0, 0, None, first, src),
    ]


def test_non_ascii_names_take_the_exact_python_path(tmp_path):
    dump = tmp_path / "dump"
    shutil.copytree(SAMPLE, dump)
    with open(dump / DEPENDENCIES_FILE, "a") as f:
        f.write("20,GitHub,netflix/web,102,NPM,package.json,master,manifest,false,ΑΣ-İx,1.0,runtime,\n")
        f.write("21,GitHub,netflix/web,102,Pypi,setup.py,master,manifest,false,Ünï_Côde..Pkg,1.0,runtime,\n")
    import_dump(dump, tmp_path / "parquet")
    edges = read(tmp_path / "parquet", "dependencies")
    names = set(edges.filter(pl.col("full_name") == "netflix/web")["package"].to_list())
    assert {normalize_name("npm", "ΑΣ-İx"), normalize_name("pypi", "Ünï_Côde..Pkg")} <= names
    assert "ας-i̇x" in names  # Python's full lower-casing: final sigma, dotted capital I


def test_a_manifest_declaration_speaks_for_an_edge_its_lockfile_also_lists(tmp_path):
    dump = tmp_path / "dump"
    shutil.copytree(SAMPLE, dump)
    # @types/node is a devDependency in package.json (row 4); its lockfile row comes first here.
    header, *rows = (dump / DEPENDENCIES_FILE).read_text().splitlines(keepends=True)
    lock_row = "20,GitHub,netflix/web,102,NPM,package-lock.json,master,lockfile,false,@types/node,12.0.8,runtime,\n"
    (dump / DEPENDENCIES_FILE).write_text("".join([header, lock_row, *rows]))
    import_dump(dump, tmp_path / "parquet")
    warehouse.build_warehouse(tmp_path / "parquet", tmp_path / "warehouse.duckdb")
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        edge = con.execute("SELECT d.requirement, d.version, d.dependency_type, d.direct, d.manifest_path "
                           "FROM dependencies d JOIN packages p ON p.id = d.package_id "
                           "WHERE p.name = '@types/node'").fetchall()
        usage = con.execute("SELECT repositories, runtime_repositories, transitive_repositories "
                            "FROM package_users WHERE package = '@types/node'").fetchall()
    assert edge == [("~12.0.0", "12.0.8", "development", True, "package-lock.json,package.json")]
    assert usage == [(1, 0, 0)]


def test_missing_file_is_an_error_not_an_empty_import(tmp_path):
    with pytest.raises(FileNotFoundError):
        import_dump(tmp_path, tmp_path / "parquet")


# --- the vectorized identity rules equal the scalar ones ---------------------------------------

TRICKY_NAMES = ["Flask_SQLAlchemy", "  Zope..Interface ", "\x1cfoo\x1f", "A/B", "@Types/Node", "a-_-b", "--x--",
                "\x0bx\x0c", "org.slf4j/slf4j-api", "ΑΣ", "İstanbul", "ǅungla", "ß", "ﬁle", "a\u2003", "\u3000b",
                "github.com/Stretchr/testify", "Monolog/Monolog", "", "   ", "x..", "Ω_Ω", "a\nb"]
PLATFORMS = sorted(set(PLATFORM_TO_ECOSYSTEM) | {"Pypi", "NPM", " Maven ", "Atom", "PYPİ", "\tGo\x1f", "Packagist"})


def expected(platform: str, name: str) -> tuple[str, str]:
    ecosystem = ecosystem_for_platform(platform)
    return ecosystem, normalize_name(ecosystem, name)


def test_frame_identity_equals_scalar_on_tricky_names():
    pairs = [(p, n) for p in PLATFORMS for n in TRICKY_NAMES]
    frame = pl.DataFrame(pairs, schema=["p", "n"], orient="row")
    got = with_package_identity(frame, "p", "n").select("ecosystem", "package").rows()
    assert got == [expected(p, n) for p, n in pairs]


def test_sql_identity_equals_scalar_on_ascii_names():
    pairs = [(p, n) for p in PLATFORMS for n in TRICKY_NAMES]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INT, p VARCHAR, n VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?)", [(i, p, n) for i, (p, n) in enumerate(pairs)])
    key = sql_platform_key("t.p")
    rows = con.execute(f"""
        SELECT {sql_ecosystem('p')}, {sql_normalize_name(sql_ecosystem('p'), 'n')},
               coalesce(m.mapped_ecosystem, {key}), {sql_is_ascii('p')} AND {sql_is_ascii('n')}
        FROM t LEFT JOIN {sql_platform_table('m')} ON m.platform_key = {key} ORDER BY i""").fetchall()
    for (p, n), (case_eco, name, joined_eco, ascii_) in zip(pairs, rows, strict=True):
        assert ascii_ == (p.isascii() and n.isascii())
        if ascii_:
            assert (case_eco, name) == expected(p, n)
            assert joined_eco == case_eco


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PLATFORMS), st.text(max_size=12)), min_size=1, max_size=30))
def test_frame_identity_equals_scalar_on_random_names(pairs):
    frame = pl.DataFrame(pairs, schema=["p", "n"], orient="row")
    assert with_package_identity(frame, "p", "n").select("ecosystem", "package").rows() == [
        expected(p, n) for p, n in pairs]


PURL_NAMES = ["react", "@types/node", "@Types/Node", "org.slf4j:slf4j-api", "a:b:c", "github.com/x/y", "x//y",
              "Flask-SQLAlchemy", "flask_sqlalchemy", "zope.interface", "monolog/monolog", "Some-Pkg", "a b", "ü",
              "a%b", "a+b", "/lead", "trail/", "x.y~z", "my.pkg", "A_B", "@scope/"]
PURL_ECOSYSTEMS = ["npm", "pypi", "maven", "golang", "composer", "githubactions", "cargo", "gem", "nuget", "swift",
                   "docker", "hex", "pub", "hackage", "cpan", "atom", "conda", "cocoapods"]


def scalar_purl(ecosystem: str, name: str) -> str | None:
    try:
        return purl_for(ecosystem, name)
    except (ValueError, TypeError):
        return None


def test_vectorized_purls_equal_purl_for():
    pairs = [(e, n) for e in PURL_ECOSYSTEMS for n in PURL_NAMES if scalar_purl(e, n) is not None]
    frame = pl.DataFrame(pairs, schema=["ecosystem", "name"], orient="row")
    assert purls(frame).to_list() == [purl_for(e, n) for e, n in pairs]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PURL_ECOSYSTEMS),
                          st.text(alphabet="abcXYZ019._-:/@~ %ü", min_size=1, max_size=14)), min_size=1, max_size=20))
def test_vectorized_purls_equal_purl_for_on_random_names(pairs):
    frame = pl.DataFrame(pairs, schema=["ecosystem", "name"], orient="row")
    assert purls(frame).to_list() == [scalar_purl(e, n) for e, n in pairs]
