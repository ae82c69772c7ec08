"""The data types and the registry every format module registers itself into.

Kept apart from ``__init__`` so format modules can import it without a circular import.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath

from wump.identity import normalize_name

TYPES = frozenset({"runtime", "development", "test", "build", "optional", "peer", "provided"})


@dataclass(frozen=True, order=True)
class Dependency:
    ecosystem: str
    name: str
    requirement: str | None
    type: str
    direct: bool


@dataclass(frozen=True)
class ParseResult:
    file: str
    dependencies: tuple[Dependency, ...]
    error: str | None = None
    kind: str = "manifest"


def dep(
    ecosystem: str,
    name: object,
    requirement: object = None,
    type: str = "runtime",
    direct: bool = True,
) -> Dependency | None:
    """A Dependency with the name normalized and the requirement cleaned; None when there is no name.

    Formats hand us all sorts of JSON/YAML/TOML values; anything that is not a string (or a number,
    for versions written unquoted in YAML) is treated as absent rather than stringified.
    """
    if not isinstance(name, str) or not name.strip():
        return None
    if isinstance(requirement, bool) or not isinstance(requirement, (str, int, float)):
        requirement = None
    req = str(requirement).strip() if requirement is not None else None
    assert type in TYPES, type
    return Dependency(ecosystem, normalize_name(ecosystem, name), req or None, type, direct)


# What a file name/location rule sees: the path split into POSIX parts.
Matcher = Callable[[tuple[str, ...]], bool]
ParseFunc = Callable[..., Iterable["Dependency | None"]]


@dataclass(frozen=True)
class Parser:
    name: str  # e.g. "npm/package.json", used in error messages
    ecosystem: str  # main ecosystem (a file may yield others, e.g. environment.yml → conda + pypi)
    kind: str | Callable[[str], str]  # "manifest"/"lockfile", or decided from the text
    match: Matcher
    func: ParseFunc  # func(text_or_bytes, path) -> iterable of Dependency (None entries ignored)
    binary: bool = False  # True: func gets the raw bytes (XML decides its own encoding)
    encodings: tuple[str, ...] = field(default=("utf-8",))


REGISTRY: list[Parser] = []


def register(
    name: str,
    ecosystem: str,
    kind: str | Callable[[str], str],
    match: Matcher,
    *,
    binary: bool = False,
    encodings: tuple[str, ...] = ("utf-8",),
) -> Callable[[ParseFunc], ParseFunc]:
    """Decorator: add a parse function to the registry. Earlier registrations win on overlap."""

    def deco(func: ParseFunc) -> ParseFunc:
        REGISTRY.append(Parser(name, ecosystem, kind, match, func, binary, encodings))
        return func

    return deco


# ---- match rules -------------------------------------------------------------------------------


def split_path(path: str) -> tuple[str, ...]:
    """Path parts, accepting both / and \\ separators (Windows checkouts, zip listings)."""
    if "\\" in path:
        parts = PureWindowsPath(path).parts
    else:
        parts = PurePosixPath(path).parts
    return tuple(p for p in parts if p not in ("", "/", "."))


def names(*filenames: str, case: bool = True) -> Matcher:
    """Exact base names; ``case=False`` for files people spell both ways (Dockerfile, Gemfile)."""
    if case:
        wanted = frozenset(filenames)
        return lambda parts: bool(parts) and parts[-1] in wanted
    lowered = frozenset(f.lower() for f in filenames)
    return lambda parts: bool(parts) and parts[-1].lower() in lowered


def globs(*patterns: str) -> Matcher:
    """Shell patterns on the base name, case-insensitive (``*.csproj`` matches ``App.CSPROJ``)."""
    rx = re.compile("|".join(fnmatch.translate(p.lower()) for p in patterns))
    return lambda parts: bool(parts) and rx.match(parts[-1].lower()) is not None


def regex(pattern: str, flags: int = 0) -> Matcher:
    """A regular expression that must match the whole base name."""
    rx = re.compile(pattern, flags)
    return lambda parts: bool(parts) and rx.fullmatch(parts[-1]) is not None


def in_dir(dir_suffix: tuple[str, ...], inner: Matcher) -> Matcher:
    """``inner`` and the file's parent directories end with ``dir_suffix`` (e.g. .github/workflows)."""
    n = len(dir_suffix)
    return lambda parts: len(parts) > n and parts[-1 - n : -1] == dir_suffix and inner(parts)


def any_of(*matchers: Matcher) -> Matcher:
    return lambda parts: any(m(parts) for m in matchers)
