"""SwiftPM: Package.swift (read statically, never built) and Package.resolved v1-v3.

Packages are named by repository URL without scheme and ".git" (github.com/apple/swift-nio), the
way the swift purl type and bibliothecary name them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, as_list, load_json

ECO = "swift"


def repo_name(url: str) -> str:
    url = url.strip()
    m = re.match(r"^[\w.-]+@([^:/]+):(.*)$", url)  # git@github.com:owner/repo.git
    if m:
        url = f"{m.group(1)}/{m.group(2)}"
    url = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", url)
    url = re.sub(r"^[^@/]*@", "", url)  # credentials
    url = url.rstrip("/")
    return url.removesuffix(".git")


_CALL = re.compile(r"\.[pP]ackage\(")


def _package_calls(text: str) -> Iterator[str]:
    """The argument text of each ``.package( … )`` (and Swift 3's ``.Package( … )``), found by
    counting parentheses (linear)."""
    pos = 0
    while True:
        m = _CALL.search(text, pos)
        if m is None:
            return
        j = m.end()
        depth = 1
        k = j
        while k < len(text) and depth:
            c = text[k]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            k += 1
        yield text[j : k - 1]
        pos = k


# Swift 3 manifests: .Package(url: …, majorVersion: 1, minor: 2) or versions: Version(1,0,0)..<Version(2,0,0).
# Written as the range SwiftPM resolves them to, which is how bibliothecary reports them.
_MAJOR_MINOR = re.compile(r"^majorVersion:\s*(\d+)(?:\s*,\s*minor:\s*(\d+))?\s*$")
_VERSIONS = re.compile(r'^versions:\s*(?:Version\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)|"([^"]+)")\s*\.\.([<.])\s*'
                       r'(?:Version\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)|"([^"]+)")\s*$')
_MAX = "9223372036854775807"  # Int.max: "any" minor or patch


def _legacy_requirement(rest: str) -> str | None:
    m = _MAJOR_MINOR.match(rest.strip())
    if m:
        major, minor = m.group(1), m.group(2)
        return f"{major}.{minor}.0 - {major}.{minor}.{_MAX}" if minor else f"{major}.0.0 - {major}.{_MAX}.{_MAX}"
    m = _VERSIONS.match(rest.strip())
    if m:
        low = m.group(4) or ".".join(m.group(1, 2, 3))
        high = m.group(9) or ".".join(m.group(6, 7, 8))
        return f"{low} - {high}" if m.group(5) == "." else f"{low}..<{high}"
    return None


@register("swift/Package.swift", ECO, "manifest", names("Package.swift"))
def parse_package_swift(text: str, path: str) -> Iterator[Dependency | None]:
    text = re.sub(r"(^|\s)//[^\n]*", r"\1", text)  # comments; "https://" has no space before //
    for args in _package_calls(text):
        url = re.search(r'url:\s*"([^"]+)"', args)
        ident = re.search(r'id:\s*"([^"]+)"', args)  # registry packages: scope.name
        if not url and not ident:
            continue  # .package(path: "../Local")
        source = url or ident
        assert source is not None
        rest = args[source.end() :].lstrip(" \t\n,")
        legacy = _legacy_requirement(rest)
        if legacy:
            rest = legacy
        # Requirement as written, quotes dropped: "from: 1.0.0", "exact: 1.2.3", "1.0.0..<2.0.0".
        req = re.sub(r"\s+", " ", rest.replace('"', "")).strip() or None
        yield dep(ECO, repo_name(source.group(1)) if url else source.group(1), req)


@register("swift/Package.resolved", ECO, "lockfile", names("Package.resolved"))
def parse_package_resolved(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    pins = as_list(data.get("pins")) or as_list(as_dict(data.get("object")).get("pins"))  # v2/3 | v1
    for pin in pins:
        pin = as_dict(pin)
        location = pin.get("location") or pin.get("repositoryURL")
        if not isinstance(location, str):
            continue
        if pin.get("kind") == "localSourceControl":
            continue
        state = as_dict(pin.get("state"))
        name = location if pin.get("kind") == "registry" else repo_name(location)
        yield dep(ECO, name, state.get("version") or state.get("revision"), "runtime", False)
