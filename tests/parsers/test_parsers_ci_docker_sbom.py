"""Exact expected output for every fixture of: githubactions, docker, sbom."""

import pytest

CASES = {
    "githubactions/action/action.yml": (
        "manifest",
        [
            ("githubactions", "actions/setup-node", "v4", "runtime", True),
        ],
    ),
    "githubactions/repo/.github/workflows/ci.yml": (
        "manifest",
        [
            ("githubactions", "actions/cache", "704facf57e6136b1bc63b828d79edcd491f0ee84", "runtime", True),
            ("githubactions", "actions/checkout", "v4", "runtime", True),
            ("githubactions", "actions/setup-python", "v5.0.0", "runtime", True),
            ("githubactions", "github/codeql-action", "v3", "runtime", True),
            ("githubactions", "octo-org/shared", "main", "runtime", True),
        ],
    ),
    "docker/Dockerfile": (
        "manifest",
        [
            ("docker", "ghcr.io/owner/runtime", "1.2@sha256:deadbeef", "runtime", True),
            ("docker", "golang", "1.21", "runtime", True),
            ("docker", "localhost:5000/myimage", None, "runtime", True),
            ("docker", "node", "20-alpine", "runtime", True),
            ("docker", "python", "3.11-slim", "runtime", True),
        ],
    ),
    "docker/compose/docker-compose.yml": (
        "manifest",
        [
            ("docker", "myorg/worker", "${TAG:-dev}", "runtime", True),
            ("docker", "postgres", "16", "runtime", True),
            ("docker", "redis", "7-alpine", "runtime", True),
        ],
    ),
    "sbom/bom.json": (
        "lockfile",
        [
            ("cargo", "inner", "0.1.0", "runtime", False),
            ("maven", "org.apache.commons:commons-lang3", "3.13.0", "runtime", True),
            ("npm", "lodash", "4.17.21", "optional", False),
        ],
    ),
    "sbom/example.spdx.json": (
        "lockfile",
        [
            ("githubactions", "actions/checkout", "4.*.*", "runtime", True),
            ("npm", "@types/node", "20.1.0", "runtime", True),
            ("pypi", "requests", "2.31.0", "runtime", False),
        ],
    ),
    "sbom/xml/cyclonedx.xml": (
        "lockfile",
        [
            ("npm", "accepts", "1.3.8", "runtime", False),
            ("npm", "express", "4.18.2", "runtime", True),
            ("pypi", "requests", "2.31.0", "optional", False),
        ],
    ),
    "sbom/tagvalue/shop.spdx": (
        "lockfile",
        [
            ("gem", "rails", "7.1.2", "runtime", False),
            ("npm", "lodash", "4.17.21", "runtime", False),
        ],
    ),
    "sbom/csv/dependencies.csv": (
        "lockfile",
        [
            ("gem", "rails", "~> 7.1", "development", False),
            ("maven", "org.slf4j:slf4j-api", "2.0.9", "test", False),
            ("npm", "left-pad", "^1.3.0", "runtime", False),
            ("pypi", "django", "==4.2", "runtime", False),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
