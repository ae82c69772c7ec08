"""Exact expected output for every fixture of: cargo."""

import pytest

CASES = {
    "cargo/Cargo.lock": (
        "lockfile",
        [
            ("cargo", "pin-project-lite", "0.2.13", "runtime", False),
            ("cargo", "serde", "1.0.190", "runtime", True),
            ("cargo", "tokio", "1.33.0", "runtime", True),
        ],
    ),
    "cargo/Cargo.toml": (
        "manifest",
        [
            ("cargo", "cc", "1.0", "build", True),
            ("cargo", "criterion", "0.5", "development", True),
            ("cargo", "git-dep", None, "runtime", True),
            ("cargo", "nix", "0.27", "development", True),
            ("cargo", "opt", "2", "runtime", True),
            ("cargo", "published-local", "0.2", "runtime", True),
            ("cargo", "rand", "0.8", "runtime", True),
            ("cargo", "serde", "1.0", "runtime", True),
            ("cargo", "tokio", "1.32", "runtime", True),
            ("cargo", "winapi", "0.3", "runtime", True),
        ],
    ),
    "cargo/lock_v1/Cargo.lock": (
        "lockfile",
        [
            ("cargo", "libc", "0.2.40", "runtime", True),
        ],
    ),
    "cargo/workspace/Cargo.toml": (
        "manifest",
        [
            ("cargo", "anyhow", None, "runtime", True),
            ("cargo", "anyhow", "1.0.75", "runtime", True),
            ("cargo", "serde", "1", "runtime", True),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
