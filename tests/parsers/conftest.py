"""Helpers for the parser tests: fixtures live in tests/fixtures/manifests/<ecosystem>/…"""

from __future__ import annotations

from pathlib import Path

import pytest
from wump.parsers import Dependency, ParseResult, parse_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "manifests"


def parse_fixture(rel: str) -> ParseResult:
    return parse_file(FIXTURES / rel)


def _check_fixture(rel: str, kind: str, expected: list[tuple]) -> None:
    result = parse_fixture(rel)
    assert result.error is None, result.error
    assert result.kind == kind
    assert result.dependencies == tuple(Dependency(*e) for e in expected)


# Fixtures rather than imports: tests/ has no __init__.py, so helper modules are not importable
# by a stable name under every pytest import mode.
@pytest.fixture
def check_fixture():
    """check_fixture(rel, kind, expected): parses without error, with this kind and exactly these
    dependencies (as (ecosystem, name, requirement, type, direct) rows), in order."""
    return _check_fixture


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
