"""Exact expected output for every fixture of: cran, julia, hackage."""

import pytest

CASES = {
    "cran/DESCRIPTION": (
        "manifest",
        [
            ("cran", "Rcpp", None, "build", True),
            ("cran", "dplyr", ">= 1.0.0", "runtime", True),
            ("cran", "knitr", None, "optional", True),
            ("cran", "methods", None, "runtime", True),
            ("cran", "rlang", ">= 1.1.0", "runtime", True),
            ("cran", "stats", None, "runtime", True),
            ("cran", "testthat", ">= 3.0.0", "optional", True),
        ],
    ),
    "julia/Manifest.toml": (
        "lockfile",
        [
            ("julia", "DataFrames", "1.6.1", "runtime", False),
            ("julia", "LinearAlgebra", None, "runtime", False),
        ],
    ),
    "julia/Project.toml": (
        "manifest",
        [
            ("julia", "DataFrames", "1.6", "runtime", True),
            ("julia", "LinearAlgebra", None, "runtime", True),
            ("julia", "Plots", None, "optional", True),
            ("julia", "Test", "1", "test", True),
        ],
    ),
    "julia/legacy/REQUIRE": (
        "manifest",
        [
            ("julia", "JSON", "0.16", "runtime", True),
            ("julia", "WinRPM", None, "runtime", True),
        ],
    ),
    "julia/v1/Manifest.toml": (
        "lockfile",
        [
            ("julia", "JSON", "0.21.4", "runtime", False),
        ],
    ),
    "hackage/freeze/cabal.project.freeze": (
        "lockfile",
        [
            ("hackage", "aeson", "2.1.2.1", "runtime", False),
            ("hackage", "base", "4.17.2.1", "runtime", False),
            ("hackage", "text", "2.0.2", "runtime", False),
        ],
    ),
    "hackage/mypkg.cabal": (
        "manifest",
        [
            ("hackage", "aeson", None, "runtime", True),
            ("hackage", "base", None, "runtime", True),
            ("hackage", "base", None, "test", True),
            ("hackage", "base", ">=4.14 && <5", "runtime", True),
            ("hackage", "containers", "^>=0.6", "runtime", True),
            ("hackage", "criterion", None, "development", True),
            ("hackage", "hspec", "==2.*", "test", True),
            ("hackage", "pretty-simple", None, "runtime", True),
            ("hackage", "text", ">=1.2", "runtime", True),
        ],
    ),
    # Multi-line lists with leading commas, build-tool-depends (pkg:exe) as build, ranges the way
    # Cabal prints them.
    "hackage/tools/webtool.cabal": (
        "manifest",
        [
            ("hackage", "base", ">=4.9 && <4.11", "runtime", True),
            ("hackage", "base", ">=4.9 && <4.11", "test", True),
            ("hackage", "hspec", "==2.7.*", "test", True),
            ("hackage", "hspec-discover", "==2.7.*", "build", True),
            ("hackage", "http-types", "==0.12.*", "runtime", True),
            ("hackage", "wai", ">=3.2 && <3.3 || ==3.4.*", "runtime", True),
            ("hackage", "warp", None, "runtime", True),
        ],
    ),
    "hackage/stack/stack.yaml": (
        "manifest",
        [
            ("hackage", "acme-missiles", "0.3", "runtime", True),
            ("hackage", "text", "2.0.2", "runtime", True),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
