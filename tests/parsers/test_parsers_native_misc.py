"""Exact expected output for every fixture of: elm, dub, conan, vcpkg, haxelib, shards, cpan, meteor."""

import pytest

CASES = {
    "conan/lock03/conan.lock": (
        "lockfile",
        [
            ("conan", "cmake", "3.27.0", "build", False),
            ("conan", "zlib", "1.2.11", "runtime", False),
        ],
    ),
    "conan/lock1/conan.lock": (
        "lockfile",
        [
            ("conan", "zlib", "1.2.11", "runtime", False),
        ],
    ),
    "conan/lock2/conan.lock": (
        "lockfile",
        [
            ("conan", "cmake", "3.27.7", "build", False),
            ("conan", "openssl", "3.1.4", "runtime", False),
            ("conan", "zlib", "1.3", "runtime", False),
        ],
    ),
    "conan/py/conanfile.py": (
        "manifest",
        [
            ("conan", "gtest", "1.14.0", "test", True),
            ("conan", "ninja", "1.11.1", "build", True),
            ("conan", "nlohmann_json", "3.11.2", "runtime", True),
            ("conan", "openssl", "3.1.4", "runtime", True),
            ("conan", "spdlog", "1.12.0", "runtime", True),
            ("conan", "zlib", "1.3", "runtime", True),
        ],
    ),
    "conan/txt/conanfile.txt": (
        "manifest",
        [
            ("conan", "boost", "1.83.0", "runtime", True),
            ("conan", "cmake", "3.27.7", "build", True),
            ("conan", "fmt", "[>=10.0 <11]", "runtime", True),
            ("conan", "zlib", "1.2.13", "runtime", True),
        ],
    ),
    "cpan/cpanfile/cpanfile": (
        "manifest",
        [
            ("cpan", "After::Blocks", "1.5", "runtime", True),
            ("cpan", "DBI", None, "runtime", True),
            ("cpan", "JSON::XS", "2.0", "optional", True),
            ("cpan", "Perl::Tidy", None, "development", True),
            ("cpan", "Plack", "1.0", "runtime", True),
            ("cpan", "Test::Deep", None, "test", True),
            ("cpan", "Test::Exception", None, "test", True),
            ("cpan", "Test::More", ">= 0.96, < 2.0", "test", True),
            ("cpan", "perl", "5.008001", "runtime", True),
        ],
    ),
    "cpan/json/META.json": (
        "manifest",
        [
            ("cpan", "Dist::Zilla", "6", "development", True),
            ("cpan", "ExtUtils::MakeMaker", "0", "build", True),
            ("cpan", "ExtUtils::MakeMaker", "6.30", "build", True),
            ("cpan", "JSON::PP", "0", "runtime", True),
            ("cpan", "Moo", "2.0", "runtime", True),
            ("cpan", "Test::More", "0.98", "test", True),
            ("cpan", "perl", "5.010", "runtime", True),
        ],
    ),
    "cpan/yml/META.yml": (
        "manifest",
        [
            ("cpan", "Carp", "0", "runtime", True),
            ("cpan", "ExtUtils::MakeMaker", "0", "build", True),
            ("cpan", "List::Util", "1.45", "runtime", True),
            ("cpan", "Test::More", "0.88", "build", True),
            ("cpan", "perl", "5.006", "runtime", True),
        ],
    ),
    # Versions as written (1.10, 1.60, 5.008001), recommends left out, like bibliothecary.
    "cpan/yml-written/META.yml": (
        "manifest",
        [
            ("cpan", "HTTP::Tiny", "0.014", "runtime", True),
            ("cpan", "Storable", "0", "runtime", True),
            ("cpan", "Test::Deep", "0.108", "test", True),
            ("cpan", "Test::Simple", "1.10", "build", True),
            ("cpan", "URI", "1.60", "runtime", True),
            ("cpan", "perl", "5.008001", "runtime", True),
        ],
    ),
    "dub/dub.json": (
        "manifest",
        [
            ("dub", "mir-algorithm", ">=3.0.0", "optional", True),
            ("dub", "vibe-d", "~>0.9.7", "runtime", True),
        ],
    ),
    "dub/dub.selections.json": (
        "lockfile",
        [
            ("dub", "taggedalgebraic", "0.11.22", "runtime", False),
            ("dub", "vibe-d", "0.9.7", "runtime", False),
        ],
    ),
    "dub/sdl/dub.sdl": (
        "manifest",
        [
            ("dub", "unit-threaded", "*", "optional", True),
            ("dub", "vibe-d", "~>0.9.7", "runtime", True),
        ],
    ),
    "elm/app/elm.json": (
        "manifest",
        [
            ("elm", "elm-explorations/test", "2.1.1", "test", True),
            ("elm", "elm/browser", "1.0.2", "runtime", True),
            ("elm", "elm/core", "1.0.5", "runtime", True),
            ("elm", "elm/json", "1.1.3", "runtime", False),
            ("elm", "elm/random", "1.0.0", "test", False),
        ],
    ),
    "elm/legacy/elm-stuff/exact-dependencies.json": (
        "lockfile",
        [
            ("elm", "elm-lang/core", "5.1.1", "runtime", False),
            ("elm", "elm-lang/html", "2.0.0", "runtime", False),
            ("elm", "elm-lang/virtual-dom", "2.0.4", "runtime", False),
        ],
    ),
    "elm/legacy/elm_dependencies.json": (
        "manifest",
        [
            ("elm", "johnpmayer/elm-linear-algebra", "1.0.1", "runtime", True),
            ("elm", "johnpmayer/elm-webgl", "0.1.1", "runtime", True),
        ],
    ),
    "elm/old/elm-package.json": (
        "manifest",
        [
            ("elm", "elm-lang/core", "5.1.1 <= v < 6.0.0", "runtime", True),
        ],
    ),
    "elm/pkg/elm.json": (
        "manifest",
        [
            ("elm", "elm/core", "1.0.0 <= v < 2.0.0", "runtime", True),
        ],
    ),
    "haxelib/haxelib.json": (
        "manifest",
        [
            ("haxelib", "lime", "8.0.0", "runtime", True),
            ("haxelib", "openfl", None, "runtime", True),
        ],
    ),
    "meteor/versions.json": (
        "manifest",
        [
            ("meteor", "accounts-base", "1.1.2", "runtime", True),
            ("meteor", "tracker", "1.0.3", "runtime", True),
            ("meteor", "underscore", None, "runtime", True),
        ],
    ),
    "shards/shard.lock": (
        "lockfile",
        [
            ("shards", "kemal", "1.4.0", "runtime", False),
            ("shards", "pg", "0.28.0+git.commit.abc", "runtime", False),
        ],
    ),
    "shards/shard.yml": (
        "manifest",
        [
            ("shards", "ameba", None, "development", True),
            ("shards", "kemal", "~> 1.4.0", "runtime", True),
            ("shards", "pg", None, "runtime", True),
        ],
    ),
    "vcpkg/list/_generated-vcpkg-list.json": (
        "lockfile",
        [
            ("vcpkg", "fmt", "10.1.1", "runtime", False),
            ("vcpkg", "vcpkg-cmake", "2023-05-04", "runtime", False),
            ("vcpkg", "zlib", "1.3#1", "runtime", False),
        ],
    ),
    "vcpkg/vcpkg.json": (
        "manifest",
        [
            ("vcpkg", "boost-asio", ">=1.83.0", "runtime", True),
            ("vcpkg", "fmt", "10.1.1", "runtime", True),
            ("vcpkg", "vcpkg-cmake", None, "build", True),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
