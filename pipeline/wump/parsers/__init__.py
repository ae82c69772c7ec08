"""Manifest and lockfile parsers: which dependencies a file declares, the way its ecosystem reads it.

The registry maps a path (file name and location) to a parser. Each ecosystem or format family is
one module in this package that registers its parsers with ``@register``; adding a format is adding
a module and listing it in ``_MODULES``. Parsers never execute anything: Gemfiles, setup.py,
Package.swift and friends are read statically.

``parse`` never raises: oversized, binary, wrongly encoded or malformed input gives a
``ParseResult`` with ``error`` set. Semantics follow bibliothecary (Libraries.io/ecosyste.ms) where
it has an opinion, and GitHub's dependency graph for directness.
"""

from __future__ import annotations

import codecs
import importlib
import json
import os
from collections.abc import Iterable
from typing import TextIO

from wump.parsers._core import REGISTRY, Dependency, Parser, ParseResult, split_path

__all__ = [
    "MAX_FILE_BYTES",
    "REGISTRY",
    "Dependency",
    "ParseResult",
    "Parser",
    "find_parser",
    "is_manifest",
    "is_vendored",
    "parse",
    "parse_file",
    "run_parse_cli",
    "sort_key",
]

MAX_FILE_BYTES = 5 * 1024 * 1024  # real lockfiles top out around 2-3 MiB; beyond that it is data

# Order matters only where two rules could claim one file: location rules (.github/workflows/)
# come first, so a workflow called environment.yml or docker-compose.yml is read as a workflow.
_MODULES = (
    "actions",
    "npm",
    "python",
    "golang",
    "cargo",
    "ruby",
    "maven",
    "gradle",
    "jvm_reports",
    "nuget",
    "composer",
    "hex",
    "pub",
    "cocoapods",
    "swift",
    "carthage",
    "cran",
    "julia",
    "clojure",
    "haskell",
    "elm",
    "dub",
    "meteor",
    "conan",
    "vcpkg",
    "haxelib",
    "shards",
    "cpan",
    "docker",
    "sbom",
)
for _m in _MODULES:
    importlib.import_module(f"wump.parsers.{_m}")

# Directories whose contents are someone else's code (installed or vendored dependencies, build
# output caches); manifests there describe those packages, not the repository.
VENDORED_DIRS = frozenset(
    {
        "node_modules",
        "bower_components",
        "jspm_packages",
        "vendor",
        "vendors",
        "third_party",
        "third-party",
        "thirdparty",
        "3rdparty",
        ".git",
        ".hg",
        ".svn",
        "Pods",
        ".venv",
        "venv",
        "site-packages",
        "dist-packages",
        "__pycache__",
        ".tox",
        ".nox",
        ".bundle",
        "elm-stuff",
        ".stack-work",
        ".dub",
        ".yarn",
        ".pnpm-store",
    }
)


# Files a tool keeps inside a vendored folder to record what it vendored: they describe the
# repository's own dependencies, so the folder that holds them does not make them vendored.
VENDOR_RECORDS = frozenset(
    {
        ("vendor", "manifest"),  # gb
        ("vendor", "vendor.json"),  # govendor
        ("elm-stuff", "exact-dependencies.json"),  # elm-make 0.1x
    }
)


def is_vendored(path: str) -> bool:
    """True when a directory of the path is a vendored/installed-dependencies folder."""
    parts = split_path(str(path))
    parts = parts[:-2] if parts[-2:] in VENDOR_RECORDS else parts[:-1]
    for i, part in enumerate(parts):
        if part in VENDORED_DIRS:
            return True
        # Carthage/Checkouts holds cloned dependencies; plain Carthage/ only has build output.
        if part == "Checkouts" and i > 0 and parts[i - 1] == "Carthage":
            return True
        if part == "_workspace" and i > 0 and parts[i - 1] == "Godeps":  # godep's copied GOPATH
            return True
    return False


def find_parser(path: str) -> Parser | None:
    """The parser for a path, decided by its file name and location; None when none applies."""
    parts = split_path(os.fspath(path))
    if not parts:
        return None
    for parser in REGISTRY:
        if parser.match(parts):
            return parser
    return None


def is_manifest(path: str) -> bool:
    return find_parser(path) is not None and not is_vendored(path)


def _kind(parser: Parser, text: str | None) -> str:
    if isinstance(parser.kind, str):
        return parser.kind
    try:
        return parser.kind(text or "")
    except Exception:  # noqa: BLE001 - a kind sniffer must not break parsing
        return "manifest"


def _decode(content: bytes, encodings: tuple[str, ...]) -> str:
    """Text from bytes: BOMs honoured, UTF-8 otherwise (with per-format fallbacks such as latin-1)."""
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16")
    if b"\x00" in content:
        raise UnicodeError("binary content (NUL bytes)")
    last: Exception | None = None
    for enc in encodings:
        try:
            return content.decode(enc)
        except UnicodeDecodeError as exc:
            last = exc
    raise UnicodeError(f"not valid {encodings[0].upper()} text ({last})")


def sort_key(d: Dependency) -> tuple:
    """Total order for Dependency: the dataclass order cannot compare a None requirement with a str."""
    return (d.ecosystem, d.name, d.requirement is not None, d.requirement or "", d.type, d.direct)


def _clean(deps: Iterable[Dependency | None]) -> tuple[Dependency, ...]:
    return tuple(sorted({d for d in deps if d is not None and d.name}, key=sort_key))


def parse(path: str, content: bytes) -> ParseResult:
    """Parse one file's bytes. Never raises; problems come back as ``ParseResult.error``."""
    path = os.fspath(path)
    try:
        parser = find_parser(path)
    except Exception as exc:  # noqa: BLE001
        return ParseResult(path, (), f"cannot match path: {exc}")
    if parser is None:
        return ParseResult(path, (), "not a recognised manifest or lockfile")
    kind = parser.kind if isinstance(parser.kind, str) else "manifest"
    if not isinstance(content, (bytes, bytearray, memoryview)):
        return ParseResult(path, (), "content must be bytes", kind)
    content = bytes(content)
    if len(content) > MAX_FILE_BYTES:
        return ParseResult(path, (), f"file is {len(content)} bytes, over the cap of {MAX_FILE_BYTES}", kind)
    text: str | None = None
    if not parser.binary:
        try:
            text = _decode(content, parser.encodings)
        except (UnicodeError, LookupError) as exc:
            return ParseResult(path, (), str(exc), kind)
    kind = _kind(parser, text)
    try:
        deps = _clean(parser.func(content if parser.binary else text, path))
    except RecursionError:
        return ParseResult(path, (), f"malformed {parser.name}: nested too deeply", kind)
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        return ParseResult(path, (), f"malformed {parser.name}: {reason}", kind)
    return ParseResult(path, deps, None, kind)


def parse_file(path: str | os.PathLike[str]) -> ParseResult:
    """Read a file (never more than the cap) and parse it."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > MAX_FILE_BYTES:
            parser = find_parser(name)
            kind = parser.kind if parser and isinstance(parser.kind, str) else "manifest"
            return ParseResult(name, (), f"file is {size} bytes, over the cap of {MAX_FILE_BYTES}", kind)
        with open(name, "rb") as fh:
            content = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return ParseResult(name, (), exc.strerror or str(exc))
    return parse(name, content)


def _walk(root: str) -> Iterable[str]:
    """Recognised, non-vendored files under a directory, in a stable order."""
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not is_vendored(os.path.join(rel, d, "x")) and not os.path.islink(os.path.join(dirpath, d))
        )
        for fn in sorted(filenames):
            full = os.path.join(dirpath, fn)
            if find_parser(full) is not None and not os.path.islink(full):
                yield full


def run_parse_cli(paths: list[str], out: TextIO, err: TextIO) -> int:
    """``wump parse PATH…``: JSON Lines of dependencies on ``out``, one error line per failed file."""
    ok = failed = 0
    for given in paths:
        if os.path.isdir(given):
            files = sorted(_walk(given))
            if not files:
                err.write(f"wump parse: {given}: no manifest or lockfile found\n")
                failed += 1
                continue
        else:
            files = [given]
        for file in files:
            result = parse_file(file)
            if result.error is not None:
                err.write(f"wump parse: {file}: {result.error}\n")
                failed += 1
                continue
            ok += 1
            for d in result.dependencies:
                record = {
                    "file": result.file,
                    "ecosystem": d.ecosystem,
                    "name": d.name,
                    "requirement": d.requirement,
                    "type": d.type,
                    "direct": d.direct,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 1 if failed and not ok else 0
