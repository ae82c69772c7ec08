"""Exact expected output for every parser fixture.

The expectations are data, one file per group of ecosystems in tests/parsers/expected/: for each
fixture (relative to tests/fixtures/manifests/), its kind and exactly the dependencies the parser
returns, in order, as [ecosystem, name, requirement, type, direct]; an optional "note" says why
a case looks the way it does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXPECTED_DIR = Path(__file__).with_name("expected")
CASE_KEYS = {"kind", "dependencies", "note"}


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    if duplicated:
        raise ValueError(f"duplicate keys: {duplicated}")
    return dict(pairs)


def load_expected() -> dict[str, dict]:
    """Every case of every expected/*.json, keyed by fixture path; a fixture is expected once."""
    cases: dict[str, dict] = {}
    for path in sorted(EXPECTED_DIR.glob("*.json")):
        for rel, case in json.loads(path.read_text(), object_pairs_hook=_refuse_duplicate_keys).items():
            assert rel not in cases, f"{rel} is expected in two files"
            assert set(case) <= CASE_KEYS and {"kind", "dependencies"} <= set(case), (path.name, rel)
            cases[rel] = case
    return cases


EXPECTED = load_expected()


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_fixture(rel: str, check_fixture) -> None:
    case = EXPECTED[rel]
    check_fixture(rel, case["kind"], case["dependencies"])
