"""Hostile input: arbitrary bytes under every known file name never raise and never hang; XML and
YAML bombs are refused; pathological lines do not trigger regex backtracking."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wump.parsers import REGISTRY, ParseResult, find_parser, parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "manifests"

# Real fixtures: their paths cover every registered parser, their bytes seed the mutation test.
FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file())
SEEDS = {p.relative_to(FIXTURES).as_posix(): p.read_bytes() for p in FIXTURE_FILES}
KNOWN_NAMES = sorted(SEEDS)

SLOW = 2.0  # seconds; a parse of a few KB taking this long means something is quadratic


def test_fixtures_cover_every_registered_parser() -> None:
    covered = {find_parser(name).name for name in KNOWN_NAMES}
    assert covered == {p.name for p in REGISTRY}


def _check(path: str, content: bytes) -> ParseResult:
    start = time.perf_counter()
    result = parse(path, content)  # must not raise
    elapsed = time.perf_counter() - start
    assert elapsed < SLOW, f"{path} took {elapsed:.2f}s"
    assert isinstance(result, ParseResult)
    assert result.file == path
    assert (result.error is None) or result.dependencies == ()
    return result


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(KNOWN_NAMES), content=st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(name: str, content: bytes) -> None:
    _check(name, content)


# Text drawn from the characters manifests are made of reaches deeper into the parsers than bytes.
_ALPHABET = "abcdefgXYZ019._-/@:=<>~^*!#;,()[]{}\"' \t\n\\$%&|+?"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(KNOWN_NAMES), content=st.text(alphabet=_ALPHABET, max_size=2000))
def test_arbitrary_manifest_like_text_never_raises(name: str, content: str) -> None:
    _check(name, content.encode())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(KNOWN_NAMES),
    cut=st.integers(min_value=0, max_value=10_000),
    junk=st.binary(max_size=20),
    where=st.integers(min_value=0, max_value=10_000),
)
def test_mutated_real_files_never_raise(name: str, cut: int, junk: bytes, where: int) -> None:
    seed = SEEDS[name]
    mutated = seed[: where % (len(seed) + 1)] + junk + seed[where % (len(seed) + 1) :]
    _check(name, mutated[: max(1, len(mutated) - cut % (len(mutated) + 1))])


# ---- bombs --------------------------------------------------------------------------------------

XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<project><dependencies><dependency><groupId>&lol3;</groupId><artifactId>a</artifactId></dependency></dependencies></project>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<packages><package id="&xxe;" version="1"/></packages>
"""


@pytest.mark.parametrize(
    ("path", "content"), [("pom.xml", XML_BOMB), ("packages.config", XXE), ("App.csproj", XXE)]
)
def test_xml_entities_are_refused(path: str, content: bytes) -> None:
    r = parse(path, content)
    assert r.error is not None and "Entit" in r.error, r.error
    assert r.dependencies == ()


def test_yaml_alias_bomb_is_refused() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    lines.append("jobs: {j: {steps: *a8}}")
    r = _check(".github/workflows/bomb.yml", "\n".join(lines).encode())
    assert r.error is not None and "too many nodes" in r.error


def test_yaml_aliases_in_normal_use_are_fine() -> None:
    text = b"""x-base: &base
  image: postgres:16
services:
  a: *base
  b:
    <<: *base
    image: redis:7
"""
    r = parse("docker-compose.yml", text)
    assert r.error is None
    assert [(d.name, d.requirement) for d in r.dependencies] == [("postgres", "16"), ("redis", "7")]


# ---- pathological lines -------------------------------------------------------------------------

_PATHOLOGICAL = [
    b" " * 200_000,
    b"a" + b" " * 200_000 + b"b",
    b"a" * 200_000,
    b"-" * 100_000,
    b"{:a," + b" " * 100_000 + b"{",
    b'gem "' + b" " * 100_000,
    b"requires " + b" " * 100_000 + b"(",
    b"implementation" + b" " * 100_000 + b"x",
    b"pod " + b"'a', " * 20_000,
    b"FROM " + b"a:" * 50_000,
    b"x==1 " + b"-" * 100_000,
    b"(" * 100_000,
    b"[" * 100_000,
    b".package(" * 20_000,
    b"@" * 100_000,
    b"\\\n" * 50_000,
    b"# via\n#   " * 20_000,
    b'"a\\' * 30_000,  # JSONC (bun.lock): strings that never close must not be retried at every quote
    b"/*" * 50_000,
    b"[INFO] " + b"|  " * 50_000,  # maven-dependency-tree.txt
    b"+--- " * 30_000,  # gradle-dependencies-q.txt
]


@pytest.mark.parametrize("index", range(len(_PATHOLOGICAL)))
def test_pathological_content_is_fast_for_every_parser(index: int) -> None:
    content = _PATHOLOGICAL[index]
    start = time.perf_counter()
    for name in KNOWN_NAMES:
        _check(name, content)
    assert (
        time.perf_counter() - start < 20
    )  # generous for loaded CI; the 2 s per-parse bound is the real check
