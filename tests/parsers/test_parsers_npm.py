"""Exact expected output for every fixture of: npm."""

import pytest

CASES = {
    "npm/berry/yarn.lock": (
        "lockfile",
        [
            ("npm", "@babel/code-frame", "7.12.13", "runtime", False),
            ("npm", "resolve", "1.22.1", "runtime", False),
            ("npm", "string-width", "4.2.3", "runtime", False),
        ],
    ),
    "npm/bower.json": (
        "manifest",
        [
            ("bower", "bootstrap", "twbs/bootstrap#v4.0.0", "runtime", True),
            ("bower", "jquery", "~3.6.0", "runtime", True),
            ("bower", "qunit", "^2.0.0", "development", True),
        ],
    ),
    "npm/bun/bun.lock": (
        "lockfile",
        [
            ("npm", "@types/bun", "1.2.5", "development", True),
            ("npm", "@types/node", "22.13.10", "runtime", False),
            ("npm", "bun-types", "1.2.5", "runtime", False),
            ("npm", "chalk", "5.4.1", "runtime", True),
            ("npm", "fsevents", "2.3.3", "optional", True),
            ("npm", "left-pad", "1.3.0", "runtime", True),
            ("npm", "react", "18.3.1", "peer", True),
        ],
    ),
    "npm/lock_v1/package-lock.json": (
        "lockfile",
        [
            ("npm", "debug", "2.6.9", "runtime", False),
            ("npm", "debug", "4.3.4", "runtime", False),
            ("npm", "express", "4.18.2", "runtime", False),
            ("npm", "fsevents", "2.3.2", "optional", False),
            ("npm", "jest", "29.0.0", "development", False),
        ],
    ),
    "npm/lock_v3/package-lock.json": (
        "lockfile",
        [
            ("npm", "@scope/pkg", "1.2.0", "runtime", True),
            ("npm", "debug", "2.6.9", "runtime", False),
            ("npm", "debug", "4.3.4", "runtime", False),
            ("npm", "express", "4.18.2", "runtime", True),
            ("npm", "fsevents", "2.3.3", "development", False),
            ("npm", "jest", "29.7.0", "development", True),
            ("npm", "real-name", "2.1.0", "runtime", True),
        ],
    ),
    "npm/ls/npm-ls.json": (
        "lockfile",
        [
            ("npm", "debug", "2.6.9", "runtime", False),
            ("npm", "express", "4.18.2", "runtime", True),
            ("npm", "jest", "29.7.0", "development", True),
            ("npm", "left-pad", "1.3.0", "runtime", True),
            ("npm", "ms", "2.0.0", "runtime", False),
        ],
    ),
    "npm/package.json": (
        "manifest",
        [
            ("npm", "@scope/real-pkg", "^2.1.0", "runtime", True),
            ("npm", "@types/node", "20.1.0", "runtime", True),
            ("npm", "express", "^4.18.2", "runtime", True),
            ("npm", "from-git", "github:user/repo#v1.0", "runtime", True),
            ("npm", "fsevents", "*", "optional", True),
            ("npm", "jest", "~29.0.0", "development", True),
            ("npm", "react", ">=17 <19", "peer", True),
            ("npm", "weird", None, "runtime", True),
        ],
    ),
    "npm/pnpm5/pnpm-lock.yaml": (
        "lockfile",
        [
            ("npm", "@babel/core", "7.20.0", "development", False),
            ("npm", "loose-envify", "1.4.0", "runtime", False),
            ("npm", "react", "17.0.2", "runtime", True),
            ("npm", "typescript", "4.9.5", "development", True),
        ],
    ),
    "npm/pnpm6/pnpm-lock.yaml": (
        "lockfile",
        [
            ("npm", "@emotion/react", "11.11.1", "runtime", True),
            ("npm", "chai", "4.3.10", "development", False),
            ("npm", "js-tokens", "4.0.0", "runtime", False),
            ("npm", "react", "18.2.0", "runtime", True),
            ("npm", "vitest", "0.34.6", "development", True),
        ],
    ),
    "npm/pnpm9/pnpm-lock.yaml": (
        "lockfile",
        [
            ("npm", "@types/node", "20.8.0", "runtime", False),
            ("npm", "fsevents", "2.3.3", "optional", True),
            ("npm", "lodash", "4.17.21", "runtime", True),
        ],
    ),
    "npm/yarn.lock": (
        "lockfile",
        [
            ("npm", "@babel/code-frame", "7.12.13", "runtime", False),
            ("npm", "js-tokens", "4.0.0", "runtime", False),
            ("npm", "lodash", "4.17.20", "runtime", False),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
