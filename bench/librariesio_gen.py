"""Synthetic Libraries.io Open Data 1.6.0 CSVs, in exactly the release's formats, deterministic by seed.

    .venv/bin/python bench/librariesio_gen.py 1000000 [--seed 7] [--out bench/out]

Writes ``bench/out/librariesio-{rows}-s{seed}/`` holding the three files the importer reads
(``repository_dependencies``, ``repositories``, ``projects``, all ``-1.6.0-2020-01-12.csv``) and
reuses it when it is already complete (a ``.complete`` marker is written last).

Shape, roughly the real release's proportions scaled down:

- ``rows`` dependency rows, about 10 per repository, grouped by repository as the export is;
- packages ``rows / 50`` over a dozen platforms (npm heaviest), chosen per edge with a Zipf-like
  (density ~1/rank) popularity, so a few packages have millions of dependents and most have few;
- owners ``repositories / 3``, each repository's owner drawn so owners hold a Pareto-like number
  of repositories (a few organizations own thousands);
- heavy-tailed stars and forks, 20% lockfile rows (transitive use), 2% unresolved dependencies,
  requirements with commas (``>=1.0,<2.0``, ``~> 1.2, >= 1.2.3``), doubled quotes, descriptions
  with commas and newlines, empty versus ``""`` fields;
- the repositories file has the 40-fields-under-39-names quirk on every data row;
- about one row in 100,000 of each file is malformed (ragged, badly quoted, non-numeric id), all
  appended at the end of the file (the generator streams the good rows with DuckDB ``COPY``).

Everything is SQL over ``range()`` with ``hash(i, seed, salt)`` as the random source, so the data
is identical for the same (rows, seed) and 50 M rows take about a minute per core.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import duckdb

DEPS = "repository_dependencies-1.6.0-2020-01-12.csv"
REPOS = "repositories-1.6.0-2020-01-12.csv"
PROJECTS = "projects-1.6.0-2020-01-12.csv"

DEPS_HEADER = ("ID,Host Type,Repository Name with Owner,Repository ID,Manifest Platform,Manifest Filepath,"
               "Git branch,Manifest kind,Optional,Dependency Project Name,Dependency Requirements,"
               "Dependency Kind,Dependency Project ID")
REPOS_HEADER = ("ID,Host Type,Name with Owner,Description,Fork,Created Timestamp,Updated Timestamp,"
                "Last pushed Timestamp,Homepage URL,Size,Stars Count,Language,Issues enabled,Wiki enabled,"
                "Pages enabled,Forks Count,Mirror URL,Open Issues Count,Default branch,Watchers Count,UUID,"
                "Fork Source Name with Owner,License,Contributors Count,Readme filename,Changelog filename,"
                "Contributing guidelines filename,License filename,Code of Conduct filename,"
                "Security Threat Model filename,Security Audit filename,Status,Last Synced Timestamp,"
                "SourceRank,Display Name,SCM type,Pull requests enabled,Logo URL,Keywords")
PROJECTS_HEADER = ("ID,Platform,Name,Created Timestamp,Updated Timestamp,Description,Keywords,Homepage URL,"
                   "Licenses,Repository URL,Versions Count,SourceRank,Latest Release Publish Timestamp,"
                   "Latest Release Number,Package Manager ID,Dependent Projects Count,Language,Status,"
                   "Last synced Timestamp,Dependent Repositories Count,Repository ID")

ROOT = Path(__file__).resolve().parent
DEFAULT_OUT = ROOT / "out"


def dataset_dir(rows: int, seed: int, out: Path = DEFAULT_OUT) -> Path:
    return out / f"librariesio-{rows}-s{seed}"


def _u(salt: str, key: str = "i") -> str:
    """A uniform [0, 1) double from (key, seed, salt)."""
    return f"((hash({key}, $seed, '{salt}') % 1000000007)::DOUBLE / 1000000007.0)"


def _ts(expr_days: str) -> str:
    return (f"strftime(TIMESTAMP '2008-01-01' + to_seconds(({expr_days}) * 86400)::INTERVAL, "
            f"'%Y-%m-%d %H:%M:%S') || ' UTC'")


# Platform of package p: (name in the dump, share of packages, manifest, lockfile).
PLATFORMS = [
    ("NPM", 0.38, "package.json", "package-lock.json"),
    ("Pypi", 0.15, "requirements.txt", "Pipfile.lock"),
    ("Rubygems", 0.10, "Gemfile", "Gemfile.lock"),
    ("Maven", 0.10, "pom.xml", "pom.xml"),
    ("Packagist", 0.07, "composer.json", "composer.lock"),
    ("NuGet", 0.05, "packages.config", "project.assets.json"),
    ("Go", 0.05, "go.mod", "go.sum"),
    ("Cargo", 0.03, "Cargo.toml", "Cargo.lock"),
    ("CocoaPods", 0.02, "Podfile", "Podfile.lock"),
    ("Hex", 0.02, "mix.exs", "mix.lock"),
    ("Pub", 0.02, "pubspec.yaml", "pubspec.lock"),
    ("Bower", 0.01, "bower.json", "bower.json"),
]


def _platform_case(u: str, column: int) -> str:
    """CASE over cumulative shares picking column 0 (name), 2 (manifest) or 3 (lockfile)."""
    parts, acc = [], 0.0
    for platform in PLATFORMS[:-1]:
        acc += platform[1]
        parts.append(f"WHEN {u} < {acc:.4f} THEN '{platform[column]}'")
    return "CASE " + " ".join(parts) + f" ELSE '{PLATFORMS[-1][column]}' END"


def _package_name() -> str:
    """A package's name as the dump spells it, per platform, with case and separator variety."""
    return """CASE platform
        WHEN 'NPM' THEN CASE WHEN p % 10 = 0 THEN '@Scope' || (p % 997) || '/pkg-' || p
                             ELSE (CASE WHEN p % 7 = 0 THEN 'Pkg-' ELSE 'pkg-' END) || p END
        WHEN 'Pypi' THEN CASE p % 4 WHEN 0 THEN 'Py_Pkg.' || p WHEN 1 THEN 'py-pkg-' || p
                                    WHEN 2 THEN 'PyPkg__' || p ELSE 'py.pkg' || p END
        WHEN 'Maven' THEN 'org.group' || (p % 5003) || ':artifact-' || p
        WHEN 'Go' THEN 'github.com/Org' || (p % 7919) || '/mod' || p
        WHEN 'Packagist' THEN 'Vendor' || (p % 4001) || '/lib-' || p
        WHEN 'NuGet' THEN 'Company.Lib' || p
        ELSE lower(platform) || '_pkg' || p END"""


def generate(rows: int, seed: int = 7, out: Path = DEFAULT_OUT, *, threads: int = 2) -> Path:
    """Write (or reuse) the dataset for (rows, seed); returns its folder."""
    folder = dataset_dir(rows, seed, out)
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    n_repos = max(rows // 10, 10)
    n_packages = max(rows // 50, 20)
    n_owners = max(n_repos // 3, 5)
    n_all_repos = n_repos + n_repos // 3  # the repositories file also lists repositories without manifests
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute("SET memory_limit = '2GB'")
    con.execute("SET preserve_insertion_order = true")
    params = {"seed": seed}

    # Packages: platform and dump spelling; the Zipf draw picks a rank, rank maps to a package id
    # through a fixed permutation so popular packages are spread over platforms.
    con.execute(f"""
        CREATE TEMP TABLE pkg AS
        SELECT p, platform, {_package_name()} AS name FROM (
            SELECT range AS p, {_platform_case(_u('platform', 'range'), 0)} AS platform FROM range({n_packages})
        )""", params)
    con.execute(f"""
        CREATE TEMP TABLE manifests AS
        SELECT * FROM (VALUES {", ".join(f"('{p[0]}', '{p[2]}', '{p[3]}')" for p in PLATFORMS)})
        AS t(platform, manifest, lockfile)""")

    # Repositories: owner drawn Pareto-like over owners; login spelled as an org or a user.
    # repo r's dependency rows are i in [r*10, r*10+10) for r < n_repos.
    repo_expr = f"""
        SELECT r,
               CASE WHEN {_u('host', 'r')} < 0.90 THEN 'GitHub'
                    WHEN {_u('host', 'r')} < 0.97 THEN 'GitLab' ELSE 'Bitbucket' END AS host_type,
               least(floor({n_owners} * pow({_u('owner', 'r')}, 2.5))::BIGINT, {n_owners - 1}) AS o
        FROM (SELECT range AS r FROM range({n_all_repos}))"""
    con.execute(f"""
        CREATE TEMP TABLE repo AS
        SELECT r, host_type,
               CASE WHEN o % 3 = 0 THEN 'Org' || o ELSE 'user' || o END || '/'
               || CASE WHEN r % 5 = 0 THEN 'Repo-' ELSE 'repo_' END || r AS full_name
        FROM ({repo_expr})""", params)

    deps_sql = f"""
        SELECT i + 1 AS "ID", repo.host_type AS "Host Type", repo.full_name AS "Repository Name with Owner",
               repo.r + 1 AS "Repository ID", pkg.platform AS "Manifest Platform",
               CASE WHEN lockfile_row THEN m.lockfile ELSE m.manifest END AS "Manifest Filepath",
               'master' AS "Git branch",
               CASE WHEN lockfile_row THEN 'lockfile' ELSE 'manifest' END AS "Manifest kind",
               {_u('optional')} < 0.01 AS "Optional",
               pkg.name AS "Dependency Project Name",
               CASE WHEN {_u('req_null')} < 0.08 THEN NULL
                    WHEN {_u('req_null')} < 0.10 THEN ''
                    WHEN pkg.platform = 'Pypi' THEN '>=' || (i % 5) || '.0,<' || (i % 5 + 1) || '.0'
                    WHEN pkg.platform = 'Rubygems' THEN '~> ' || (i % 4) || '.2, >= ' || (i % 4) || '.2.3'
                    WHEN pkg.platform = 'NPM' AND i % 97 = 0 THEN '"latest"'
                    WHEN pkg.platform = 'NPM' THEN '^' || (i % 9) || '.' || (i % 13) || '.0'
                    ELSE (i % 7) || '.' || (i % 11) || '.' || (i % 3) END AS "Dependency Requirements",
               CASE WHEN pkg.platform = 'NPM' THEN
                        CASE WHEN {_u('kind')} < 0.65 THEN 'runtime' WHEN {_u('kind')} < 0.95 THEN 'Development'
                             ELSE 'peer' END
                    WHEN pkg.platform = 'Maven' THEN
                        CASE WHEN {_u('kind')} < 0.7 THEN 'compile' WHEN {_u('kind')} < 0.9 THEN 'test'
                             ELSE 'provided' END
                    WHEN pkg.platform = 'Rubygems' THEN
                        CASE WHEN {_u('kind')} < 0.7 THEN 'runtime' ELSE 'development' END
                    WHEN pkg.platform = 'Packagist' THEN
                        CASE WHEN {_u('kind')} < 0.7 THEN 'runtime' ELSE 'Development' END
                    WHEN pkg.platform = 'Cargo' THEN
                        CASE WHEN {_u('kind')} < 0.8 THEN 'normal' ELSE 'build' END
                    ELSE CASE WHEN {_u('kind')} < 0.9 THEN 'runtime' ELSE NULL END END AS "Dependency Kind",
               CASE WHEN {_u('unresolved')} < 0.02 THEN NULL ELSE pkg.p + 1 END AS "Dependency Project ID"
        FROM (
            SELECT i, i // 10 AS r, {_u('lock')} < 0.20 AS lockfile_row,
                   -- density ~ 1/rank over {n_packages} packages, rank → id by a fixed permutation
                   (((floor(exp({_u('zipf')} * ln({n_packages}))) - 1)::BIGINT * 2654435761) % {n_packages}) AS p
            FROM (SELECT range AS i FROM range({rows}))
        ) e
        JOIN repo ON repo.r = e.r
        JOIN pkg ON pkg.p = e.p
        JOIN manifests m ON m.platform = pkg.platform
        ORDER BY i"""

    repos_sql = f"""
        SELECT r + 1, host_type, full_name,
               CASE WHEN r % 4 = 0 THEN NULL WHEN r % 4 = 1 THEN ''
                    WHEN r % 4 = 2 THEN 'A tool, with commas, and "quotes"'
                    ELSE 'Line one' || chr(10) || 'line two' END,
               {_u('fork', 'r')} < 0.15,
               {_ts(f"{_u('created', 'r')} * 3000")},
               {_ts(f"3000 + {_u('updated', 'r')} * 400")},
               CASE WHEN {_u('pushed', 'r')} < 0.05 THEN NULL ELSE {_ts(f"1500 + {_u('pushed', 'r')} * 2900")} END,
               CASE WHEN r % 9 = 0 THEN 'https://example.com/' || r END,
               (r * 37) % 100000,
               floor(pow(1.0 - {_u('stars', 'r')} * 0.999999, -1.2))::BIGINT - 1,
               CASE r % 6 WHEN 0 THEN 'JavaScript' WHEN 1 THEN 'Python' WHEN 2 THEN 'Ruby'
                          WHEN 3 THEN 'Java' WHEN 4 THEN 'Go' ELSE NULL END,
               true, true, false,
               floor(pow(1.0 - {_u('forks', 'r')} * 0.999999, -1.0))::BIGINT - 1,
               NULL, r % 50,
               CASE WHEN r % 8 = 0 THEN 'main' ELSE 'master' END,
               r % 30, 'uuid-' || r, NULL,
               CASE WHEN r % 3 = 0 THEN 'MIT' WHEN r % 3 = 1 THEN 'Apache-2.0' END,
               r % 20, 'README.md', NULL, NULL, 'LICENSE', NULL, NULL, NULL, NULL,
               {_ts(f"4400 + {_u('synced', 'r')} * 30")},
               r % 30,
               -- the exporter's quirk: two values under "Display Name", so 40 fields in all
               NULL, NULL,
               'git', true, NULL,
               CASE WHEN r % 5 = 0 THEN 'cli,tool' END
        FROM repo ORDER BY r"""

    projects_sql = f"""
        SELECT p + 1, platform, name,
               {_ts(f"{_u('pcreated', 'p')} * 3000")}, {_ts(f"3000 + {_u('pupdated', 'p')} * 400")},
               CASE WHEN p % 3 = 0 THEN 'Does things, fast' WHEN p % 3 = 1 THEN 'The "best" package' END,
               CASE WHEN p % 2 = 0 THEN 'web,http' END,
               CASE WHEN p % 4 = 0 THEN 'https://pkg' || p || '.example.org' END,
               'MIT', 'https://github.com/org' || (p % 7919) || '/pkg' || p,
               1 + p % 40, p % 30,
               {_ts(f"3000 + {_u('prel', 'p')} * 1400")},
               (p % 5) || '.' || (p % 7) || '.0', p % 100, p % 1000, NULL, NULL,
               {_ts(f"4400 + {_u('psync', 'p')} * 30")},
               (p * 13) % 100000, NULL
        FROM pkg ORDER BY p"""

    started = time.perf_counter()
    for file, header, sql, bad in (
        (DEPS, DEPS_HEADER, deps_sql, _bad_deps),
        (REPOS, REPOS_HEADER, repos_sql, _bad_repos),
        (PROJECTS, PROJECTS_HEADER, projects_sql, _bad_projects),
    ):
        body = folder / f".{file}.body"
        con.execute(f"COPY ({sql}) TO '{body}' (FORMAT csv, HEADER false, QUOTE '\"', ESCAPE '\"', "
                    f"NULLSTR '')", params)
        with open(folder / file, "wb") as target:
            target.write((header + "\n").encode())
            with open(body, "rb") as source:
                shutil.copyfileobj(source, target, 16 << 20)
            count = rows if file == DEPS else (n_all_repos if file == REPOS else n_packages)
            target.write("".join(bad(count + 1 + k, k) for k in range(max(count // 100_000, 3))).encode())
        body.unlink()
    con.close()
    (folder / ".complete").write_text(f"{time.perf_counter() - started:.1f}s\n")
    return folder


# Malformed rows appended after the good ones: each kind the real release is known to contain.
def _bad_deps(row_id: int, k: int) -> str:
    kind = k % 4
    if kind == 0:  # ragged: too few fields
        return f"{row_id},GitHub,broken/repo,1,NPM,package.json\n"
    if kind == 1:  # badly quoted
        return f'{row_id},GitHub,broken/repo,1,NPM,package.json,master,manifest,false,"left"pad,1.0,runtime,1\n'
    if kind == 2:  # non-numeric id
        return f"x{row_id},GitHub,broken/repo,1,NPM,package.json,master,manifest,false,left-pad,1.0,runtime,1\n"
    return f"{row_id},GitHub,broken/repo,1,NPM,package.json,master,manifest,false,left-pad,1.0,runtime,1,extra\n"


def _bad_repos(row_id: int, k: int) -> str:
    if k % 2 == 0:  # 39 fields: the header's count, one short of every real data row
        return f"{row_id},GitHub,broken/repo" + "," * 36 + "\n"
    return f'{row_id},GitHub,broken/repo,"unfinished"description' + "," * 36 + "\n"


def _bad_projects(row_id: int, k: int) -> str:
    return f"{row_id},NPM,broken-package,2015-01-01 00:00:00 UTC\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="+")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for rows in args.rows:
        started = time.perf_counter()
        folder = generate(rows, args.seed, args.out)
        print(f"{folder} ({time.perf_counter() - started:.1f}s)")


if __name__ == "__main__":
    main()
