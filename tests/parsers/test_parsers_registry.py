"""The registry: which parser a path gets, vendored paths, error results, the CLI."""

from __future__ import annotations

import io
import json

import pytest
from wump import parsers
from wump.parsers import (
    MAX_FILE_BYTES,
    Dependency,
    find_parser,
    is_manifest,
    is_vendored,
    parse,
    parse_file,
    run_parse_cli,
    sort_key,
)

# Every format named in the issue, by a path a repository would have it at → parser name.
RECOGNISED = {
    "package.json": "npm/package.json",
    "package-lock.json": "npm/package-lock.json",
    "npm-shrinkwrap.json": "npm/package-lock.json",
    "yarn.lock": "npm/yarn.lock",
    "pnpm-lock.yaml": "npm/pnpm-lock.yaml",
    "bower.json": "bower/bower.json",
    "requirements.txt": "pypi/requirements.txt",
    "requirements-dev.txt": "pypi/requirements.txt",
    "requirements/prod.txt": "pypi/requirements.txt",
    "requirements.in": "pypi/requirements.txt",
    "dev-requirements.in": "pypi/requirements.txt",
    "setup.py": "pypi/setup.py",
    "setup.cfg": "pypi/setup.cfg",
    "pyproject.toml": "pypi/pyproject.toml",
    "Pipfile": "pypi/Pipfile",
    "Pipfile.lock": "pypi/Pipfile.lock",
    "poetry.lock": "pypi/poetry.lock",
    "uv.lock": "pypi/uv.lock",
    "pdm.lock": "pypi/pdm.lock",
    "environment.yml": "conda/environment.yml",
    "environment.yaml": "conda/environment.yml",
    "go.mod": "golang/go.mod",
    "go.sum": "golang/go.sum",
    "Gopkg.toml": "golang/Gopkg.toml",
    "Gopkg.lock": "golang/Gopkg.lock",
    "glide.yaml": "golang/glide.yaml",
    "glide.lock": "golang/glide.lock",
    "Cargo.toml": "cargo/Cargo.toml",
    "Cargo.lock": "cargo/Cargo.lock",
    "Gemfile": "gem/Gemfile",
    "Gemfile.lock": "gem/Gemfile.lock",
    "gems.rb": "gem/Gemfile",
    "gems.locked": "gem/Gemfile.lock",
    "rails.gemspec": "gem/gemspec",
    "pom.xml": "maven/pom.xml",
    "ivy.xml": "maven/ivy.xml",
    "build.gradle": "maven/build.gradle",
    "app/build.gradle.kts": "maven/build.gradle",
    "gradle/libs.versions.toml": "maven/libs.versions.toml",
    "gradle.lockfile": "maven/gradle.lockfile",
    "src/App/App.csproj": "nuget/project",
    "Lib.vbproj": "nuget/project",
    "Lib.fsproj": "nuget/project",
    "packages.config": "nuget/packages.config",
    "packages.lock.json": "nuget/packages.lock.json",
    "Directory.Packages.props": "nuget/project",
    "Example.nuspec": "nuget/nuspec",
    "paket.lock": "nuget/paket.lock",
    "composer.json": "composer/composer.json",
    "composer.lock": "composer/composer.lock",
    "mix.exs": "hex/mix.exs",
    "mix.lock": "hex/mix.lock",
    "pubspec.yaml": "pub/pubspec.yaml",
    "pubspec.lock": "pub/pubspec.lock",
    "Podfile": "cocoapods/Podfile",
    "Podfile.lock": "cocoapods/Podfile.lock",
    "AFNetworking.podspec": "cocoapods/podspec",
    "AFNetworking.podspec.json": "cocoapods/podspec.json",
    "Package.swift": "swift/Package.swift",
    "Package.resolved": "swift/Package.resolved",
    "Cartfile": "carthage/Cartfile",
    "Cartfile.private": "carthage/Cartfile.private",
    "Cartfile.resolved": "carthage/Cartfile.resolved",
    "DESCRIPTION": "cran/DESCRIPTION",
    "Project.toml": "julia/Project.toml",
    "Manifest.toml": "julia/Manifest.toml",
    "project.clj": "clojars/project.clj",
    "deps.edn": "clojars/deps.edn",
    "my-lib.cabal": "hackage/cabal",
    "stack.yaml": "hackage/stack.yaml",
    "elm.json": "elm/elm.json",
    "elm-package.json": "elm/elm.json",
    "dub.json": "dub/dub.json",
    "dub.sdl": "dub/dub.sdl",
    "conanfile.txt": "conan/conanfile.txt",
    "conanfile.py": "conan/conanfile.py",
    "conan.lock": "conan/conan.lock",
    "vcpkg.json": "vcpkg/vcpkg.json",
    "haxelib.json": "haxelib/haxelib.json",
    "shard.yml": "shards/shard.yml",
    "shard.lock": "shards/shard.lock",
    "META.json": "cpan/META.json",
    "META.yml": "cpan/META.yml",
    "cpanfile": "cpan/cpanfile",
    ".github/workflows/ci.yml": "githubactions/workflow",
    "repo/.github/workflows/release.yaml": "githubactions/workflow",
    "action.yml": "githubactions/action.yml",
    ".github/actions/setup/action.yaml": "githubactions/action.yml",
    "Dockerfile": "docker/Dockerfile",
    "docker/Dockerfile.prod": "docker/Dockerfile",
    "api.dockerfile": "docker/Dockerfile",
    "docker-compose.yml": "docker/compose",
    "compose.yaml": "docker/compose",
    "docker-compose.override.yml": "docker/compose",
    "sbom.spdx.json": "sbom/json",
    "bom.json": "sbom/json",
    "app.cdx.json": "sbom/json",
    # formats bibliothecary reads that wump added later
    "bun.lock": "npm/bun.lock",
    "npm-ls.json": "npm/npm-ls.json",
    "Godeps": "golang/Godeps",
    "Godeps/Godeps.json": "golang/Godeps.json",
    "src/tool/Godeps/Godeps.json": "golang/Godeps.json",
    "vendor/manifest": "golang/vendor/manifest",
    "vendor/vendor.json": "golang/vendor/vendor.json",
    "go-resolved-dependencies.json": "golang/go-resolved-dependencies.json",
    "project.json": "nuget/project.json",
    "Project.json": "nuget/project.json",
    "project.lock.json": "nuget/project.lock.json",
    "obj/project.assets.json": "nuget/project.assets.json",
    "elm_dependencies.json": "elm/elm.json",
    "elm-stuff/exact-dependencies.json": "elm/exact-dependencies.json",
    "versions.json": "meteor/versions.json",
    "_generated-vcpkg-list.json": "vcpkg/_generated-vcpkg-list.json",
    "maven-resolved-dependencies.txt": "maven/maven-resolved-dependencies.txt",
    "maven-dependency-tree.txt": "maven/maven-dependency-tree.txt",
    "maven-dependency-tree.dot": "maven/maven-dependency-tree.dot",
    "gradle-dependencies-q.txt": "maven/gradle-dependencies-q.txt",
    "sbt-update-full.txt": "maven/sbt-update-full.txt",
    "pylock.toml": "pypi/pylock.toml",
    "pylock.dev.toml": "pypi/pylock.toml",
    "pip-dependency-graph.json": "pypi/pip-dependency-graph.json",
    "ivy-reports/com.example-hello_2.12-compile.xml": "maven/ivy-report",
    "target/scala-2.12/resolution-cache/reports/com.example-hello_2.12-test.xml": "maven/ivy-report",
    "cyclonedx.json": "sbom/json",
    "cyclonedx.xml": "sbom/cyclonedx.xml",
    "app.cdx.xml": "sbom/cyclonedx.xml",
    "sbom.spdx": "sbom/spdx",
    "dependencies.csv": "sbom/dependencies.csv",
}


@pytest.mark.parametrize("path", sorted(RECOGNISED))
def test_every_listed_format_is_recognised_by_name(path: str) -> None:
    parser = find_parser(path)
    assert parser is not None
    assert parser.name == RECOGNISED[path]


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        "src/main.py",
        "ci.yml",
        "workflows/ci.yml",
        "notes.txt",
        "package.json.bak",
        "lib/Foo.cs",
        "",
    ],
)
def test_unrelated_files_are_not_recognised(path: str) -> None:
    assert find_parser(path) is None
    assert not is_manifest(path)


@pytest.mark.parametrize(
    "path",
    ["vendor/manifest", "app/vendor/vendor.json", "elm-stuff/exact-dependencies.json", "Godeps/Godeps.json"],
)
def test_records_of_vendoring_tools_are_manifests(path: str) -> None:
    """gb, govendor and elm-make keep their record of what they vendored inside the vendored
    folder (bibliothecary matches vendor/manifest and elm-stuff/exact-dependencies.json)."""
    assert is_manifest(path)


@pytest.mark.parametrize(
    "path",
    [
        "vendor/github.com/x/y/vendor/vendor.json",
        "vendor/other/manifest.json",
        "Godeps/_workspace/src/github.com/x/y/Godeps/Godeps.json",
        "manifest",
        "elm-stuff/packages/elm-lang/core/5.1.1/elm-package.json",
    ],
)
def test_vendored_copies_stay_vendored(path: str) -> None:
    assert not is_manifest(path)


def test_location_beats_file_name() -> None:
    assert find_parser(".github/workflows/environment.yml").name == "githubactions/workflow"
    assert find_parser(".github/workflows/docker-compose.yml").name == "githubactions/workflow"
    assert find_parser("environment.yml").name == "conda/environment.yml"


def test_windows_separators_are_understood() -> None:
    assert find_parser(r"repo\.github\workflows\ci.yml").name == "githubactions/workflow"
    assert is_vendored(r"app\node_modules\x\package.json")


@pytest.mark.parametrize(
    "path",
    [
        "node_modules/left-pad/package.json",
        "web/node_modules/@scope/x/package.json",
        "vendor/github.com/pkg/errors/go.mod",
        "third_party/lib/setup.py",
        "bower_components/jquery/bower.json",
        ".git/HEAD/package.json",
        "ios/Pods/Alamofire/Podfile",
        "Carthage/Checkouts/Mantle/Cartfile",
    ],
)
def test_vendored_paths(path: str) -> None:
    assert is_vendored(path)
    assert find_parser(path) is not None
    assert not is_manifest(path)


@pytest.mark.parametrize(
    "path", ["package.json", "src/vendor.json", "vendor.go/go.mod", "Carthage/Build/x/Cartfile"]
)
def test_not_vendored(path: str) -> None:
    assert not is_vendored(path)


def test_requirements_files_are_typed_by_name() -> None:
    # Documented choice (bibliothecary): "dev" in the name → development, then "test" → test.
    def types(path: str) -> set[str]:
        return {d.type for d in parse(path, b"requests\n").dependencies}

    assert types("requirements.txt") == {"runtime"}
    assert types("requirements-dev.txt") == {"development"}
    assert types("requirements/dev.in") == {"development"}
    assert types("requirements_test.txt") == {"test"}
    assert types("test-requirements.txt") == {"test"}
    assert types("requirements/tests.txt") == {"test"}
    assert types("dev/requirements.txt") == {"runtime"}  # folders other than requirements/ do not count


# ---- errors -------------------------------------------------------------------------------------


def test_unrecognised_file_is_an_error_result() -> None:
    r = parse("notes.txt", b"hello")
    assert r.error == "not a recognised manifest or lockfile"
    assert r.dependencies == ()


def test_size_cap() -> None:
    big = b" " * (MAX_FILE_BYTES + 1)
    r = parse("package.json", big)
    assert r.error == f"file is {MAX_FILE_BYTES + 1} bytes, over the cap of {MAX_FILE_BYTES}"
    assert r.dependencies == ()


def test_size_cap_on_disk_does_not_read_the_file(tmp_path) -> None:
    f = tmp_path / "yarn.lock"
    with open(f, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 10)  # sparse: costs nothing
    r = parse_file(f)
    assert r.error == f"file is {MAX_FILE_BYTES + 10} bytes, over the cap of {MAX_FILE_BYTES}"
    assert r.kind == "lockfile"
    assert r.file == str(f)


def test_binary_and_bad_encoding() -> None:
    assert parse("package.json", b'{"a":\x00}').error == "binary content (NUL bytes)"
    assert parse("package.json", b'{"dependencies": {"\xff": "1"}}').error.startswith("not valid UTF-8 text")


def test_bom_and_utf16_are_decoded() -> None:
    body = '{"dependencies": {"left-pad": "1.0.0"}}'
    expected = (Dependency("npm", "left-pad", "1.0.0", "runtime", True),)
    assert parse("package.json", b"\xef\xbb\xbf" + body.encode()).dependencies == expected
    assert parse("package.json", body.encode("utf-16")).dependencies == expected


def test_latin1_fallback_for_cran() -> None:
    r = parse("DESCRIPTION", "Package: x\nAuthor: Jos\xe9\nImports: dplyr\n".encode("latin-1"))
    assert r.error is None
    assert r.dependencies == (Dependency("cran", "dplyr", None, "runtime", True),)


@pytest.mark.parametrize(
    ("path", "content", "reason"),
    [
        ("package.json", b"{not json", "malformed npm/package.json: "),
        ("package.json", b"[1, 2]", "malformed npm/package.json: expected a JSON object"),
        ("Cargo.toml", b"[dependencies\n", "malformed cargo/Cargo.toml: "),
        ("pom.xml", b"<project><dependencies>", "malformed maven/pom.xml: "),
        ("pom.xml", b"<html/>", "malformed maven/pom.xml: root element is <html>, not <project>"),
        ("pubspec.yaml", b"a: [b\n", "malformed pub/pubspec.yaml: "),
        ("bom.json", b"{}", "malformed sbom/json: neither SPDX"),
        ("package.json", b"[" * 100_000, "malformed npm/package.json: "),
    ],
)
def test_malformed_input_gives_an_error_record(path: str, content: bytes, reason: str) -> None:
    r = parse(path, content)
    assert r.error is not None and r.error.startswith(reason), r.error
    assert r.dependencies == ()
    assert r.file == path


def test_missing_file(tmp_path) -> None:
    r = parse_file(tmp_path / "package.json")
    assert r.error == "No such file or directory"


def test_output_is_sorted_and_deduplicated() -> None:
    text = b"flask\nflask\nDjango==4.2\nflask>=2\n"
    r = parse("requirements.txt", text)
    assert r.dependencies == (
        Dependency("pypi", "django", "==4.2", "runtime", True),
        Dependency("pypi", "flask", "*", "runtime", True),
        Dependency("pypi", "flask", ">=2", "runtime", True),
    )
    assert list(r.dependencies) == sorted(r.dependencies, key=sort_key)


def test_registry_is_extensible_by_one_module() -> None:
    """A format module is a function decorated with @register; nothing else needs to change."""
    from wump.parsers._core import REGISTRY, dep, names, register

    before = len(REGISTRY)

    @register("test/deps.txt", "npm", "manifest", names("wump-test-deps.txt"))
    def _parse(text: str, path: str):
        for line in text.split():
            yield dep("npm", line)

    try:
        assert parse("x/wump-test-deps.txt", b"a B").dependencies == (
            Dependency("npm", "a", None, "runtime", True),
            Dependency("npm", "b", None, "runtime", True),
        )
    finally:
        del REGISTRY[before:]
    assert find_parser("wump-test-deps.txt") is None


def test_engine_does_not_import_dagster() -> None:
    import subprocess
    import sys

    code = "import sys, wump.parsers; assert 'dagster' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- CLI ----------------------------------------------------------------------------------------


def test_cli_prints_json_lines_in_key_order(tmp_path) -> None:
    (tmp_path / "package.json").write_text(
        '{"dependencies": {"left-pad": "^1.3.0"}, "devDependencies": {"jest": "29"}}'
    )
    out, err = io.StringIO(), io.StringIO()
    assert run_parse_cli([str(tmp_path / "package.json")], out, err) == 0
    lines = out.getvalue().splitlines()
    assert lines == [
        json.dumps(
            {
                "file": str(tmp_path / "package.json"),
                "ecosystem": "npm",
                "name": "jest",
                "requirement": "29",
                "type": "development",
                "direct": True,
            }
        ),
        json.dumps(
            {
                "file": str(tmp_path / "package.json"),
                "ecosystem": "npm",
                "name": "left-pad",
                "requirement": "^1.3.0",
                "type": "runtime",
                "direct": True,
            }
        ),
    ]
    assert list(json.loads(lines[0])) == ["file", "ecosystem", "name", "requirement", "type", "direct"]
    assert err.getvalue() == ""


def test_cli_walks_directories_and_skips_vendored(tmp_path) -> None:
    (tmp_path / "go.mod").write_text("module x\nrequire github.com/a/b v1.0.0\n")
    (tmp_path / "node_modules" / "dep").mkdir(parents=True)
    (tmp_path / "node_modules" / "dep" / "package.json").write_text('{"dependencies": {"evil": "1"}}')
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n"
    )
    (tmp_path / "README.md").write_text("hi")
    out, err = io.StringIO(), io.StringIO()
    assert run_parse_cli([str(tmp_path)], out, err) == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["ecosystem"], r["name"], r["requirement"]) for r in records] == [
        ("githubactions", "actions/checkout", "v4"),
        ("golang", "github.com/a/b", "v1.0.0"),
    ]
    assert err.getvalue() == ""


def test_cli_reports_failures_and_exit_code(tmp_path) -> None:
    good = tmp_path / "Cargo.toml"
    good.write_text('[dependencies]\nserde = "1"\n')
    bad = tmp_path / "package.json"
    bad.write_text("{oops")
    out, err = io.StringIO(), io.StringIO()
    assert run_parse_cli([str(good), str(bad)], out, err) == 0  # one file succeeded
    assert err.getvalue().startswith(f"wump parse: {bad}: malformed npm/package.json: ")
    assert len(err.getvalue().splitlines()) == 1

    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    out, err = io.StringIO(), io.StringIO()
    assert run_parse_cli([str(bad), str(notes), str(tmp_path / "go.mod")], out, err) == 1  # every file failed
    assert err.getvalue().splitlines()[1:] == [
        f"wump parse: {notes}: not a recognised manifest or lockfile",
        f"wump parse: {tmp_path / 'go.mod'}: No such file or directory",
    ]
    assert out.getvalue() == ""

    out, err = io.StringIO(), io.StringIO()
    (tmp_path / "empty").mkdir()
    assert run_parse_cli([str(tmp_path / "empty")], out, err) == 1
    assert err.getvalue() == f"wump parse: {tmp_path / 'empty'}: no manifest or lockfile found\n"


def test_module_list_matches_files() -> None:
    """Every format module in the package is loaded by the registry."""
    from pathlib import Path

    here = Path(parsers.__file__).parent
    modules = {p.stem for p in here.glob("*.py") if not p.stem.startswith("_")}
    assert modules == set(parsers._MODULES)
