"""Maven coordinates from build tools' reports, the files bibliothecary accepts as resolved
dependency lists: ``mvn dependency:resolve`` (maven-resolved-dependencies.txt),
``mvn dependency:tree`` as text or DOT (maven-dependency-tree.txt / .dot),
``gradle dependencies -q`` (gradle-dependencies-q.txt) and ``sbt update-full``
(sbt-update-full.txt).

Every report lists resolved versions, so each is a lockfile; where the report is a tree, the first
level is what the project declares (direct). One package that several configurations resolve is
reported once, with the most consequential type (runtime before provided, build, test).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import parse_xml
from wump.parsers.gradle import configuration_type
from wump.parsers.maven import SCOPES

ECO = "maven"

_RANK = {"runtime": 0, "optional": 1, "provided": 2, "build": 3, "test": 4, "development": 5}


def _merged(entries: Iterable[tuple[str, str | None, str, bool]]) -> Iterator[Dependency | None]:
    """(name, version, type, direct) rows → one Dependency per (name, version)."""
    best: dict[tuple[str, str | None], tuple[str, bool]] = {}
    for name, version, typ, direct in entries:
        key = (name, version)
        if key in best:
            old_typ, old_direct = best[key]
            typ = min(typ, old_typ, key=_RANK.__getitem__)
            direct = direct or old_direct
        best[key] = (typ, direct)
    for (name, version), (typ, direct) in best.items():
        yield dep(ECO, name, version, typ, direct)


def _scope_type(scope: str) -> str:
    scope = scope.strip()
    if scope.endswith("(optional)"):
        typ = SCOPES.get(scope.split()[0].lower(), "runtime")
        return "optional" if typ == "runtime" else typ
    return SCOPES.get(scope.lower() or None, "runtime")


def _coordinate(text: str) -> tuple[str, str | None, str] | None:
    """``group:artifact:packaging[:classifier]:version[:scope]`` → (g:a, version, scope or "")."""
    parts = text.split(":")
    if len(parts) == 4:  # a project's own line: g:a:packaging:version
        return f"{parts[0]}:{parts[1]}", parts[3], ""
    if len(parts) == 5:
        return f"{parts[0]}:{parts[1]}", parts[3], parts[4]
    if len(parts) == 6:
        return f"{parts[0]}:{parts[1]}", parts[4], parts[5]
    return None


# "   org.yaml:snakeyaml:jar:1.19:runtime -- module snakeyaml (auto)"; colours may wrap the scope.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_RESOLVED = re.compile(r"^\s*(?:\[INFO\]\s+)?([\w.\-]+(?::[\w.\-${}]+){3,5}(?:\s+\(optional\))?)(?:\s+--.*)?\s*$")


@register("maven/maven-resolved-dependencies.txt", ECO, "lockfile", names("maven-resolved-dependencies.txt"))
def parse_maven_resolved(text: str, path: str) -> Iterator[Dependency | None]:
    def rows() -> Iterator[tuple[str, str | None, str, bool]]:
        for line in _ANSI.sub("", text).splitlines():
            m = _RESOLVED.match(line)
            c = _coordinate(m.group(1).split()[0]) if m else None
            if c and m:
                optional = " (optional)" if m.group(1).endswith("(optional)") else ""
                yield c[0], c[1], _scope_type(c[2] + optional), False

    yield from _merged(rows())


# "[INFO] |  +- org.mortbay.jetty:jetty:jar:6.1.26:test"; the project itself has no tree prefix.
_TREE = re.compile(r"^(?:\[INFO\] )?((?:\+- |\\- |\|  |   )*)([\w.\-]+(?::[\w.\-${}]+){3,5})(\s+\(optional\))?\s*$")


@register("maven/maven-dependency-tree.txt", ECO, "lockfile", names("maven-dependency-tree.txt"))
def parse_maven_tree(text: str, path: str) -> Iterator[Dependency | None]:
    """Multi-module builds print one tree per module. Like bibliothecary, the first project is the
    root; the other modules' own lines count as dependencies of the build (modules depend on
    one another), at the first level."""

    def rows() -> Iterator[tuple[str, str | None, str, bool]]:
        root: tuple[str, str | None] | None = None
        for line in _ANSI.sub("", text).splitlines():
            m = _TREE.match(line.rstrip())
            c = _coordinate(m.group(2)) if m else None
            if not m or not c:
                continue
            depth = len(m.group(1)) // 3
            if depth == 0:
                if root is None:
                    root = (c[0], c[1])
                elif (c[0], c[1]) != root:
                    yield c[0], c[1], "runtime", True
                continue
            yield c[0], c[1], _scope_type(c[2] + (" (optional)" if m.group(3) else "")), depth == 1

    yield from _merged(rows())


_DOT_EDGE = re.compile(r'"([^"\n]+)"\s*->\s*"([^"\n]+)"')
_DOT_ROOT = re.compile(r'digraph\s+"([^"\n]+)"')


@register("maven/maven-dependency-tree.dot", ECO, "lockfile", names("maven-dependency-tree.dot"))
def parse_maven_dot(text: str, path: str) -> Iterator[Dependency | None]:
    roots = set(_DOT_ROOT.findall(text))

    def rows() -> Iterator[tuple[str, str | None, str, bool]]:
        for parent, child in _DOT_EDGE.findall(text):
            c = _coordinate(child)
            if c and child not in roots:
                yield c[0], c[1], _scope_type(c[2]), parent in roots

    yield from _merged(rows())


# "+--- group:artifact:1.0 -> 1.1 (*)", "\--- group:artifact -> 2.0 (c)", "+--- project :core"
_GRADLE_LINE = re.compile(r"^((?:[|+\\ ] {4})*)[+\\]--- (.*)$")
_GRADLE_CONF = re.compile(r"^([A-Za-z][\w-]*)(?: - .*)?$")
_GRADLE_MARKS = re.compile(r"\s*\((?:\*|c|n|constraint)\)\s*$")


def _gradle_type(conf: str) -> str:
    typ = configuration_type(re.sub(r"(Classpath|DependenciesMetadata|Elements)$", "", conf))
    return typ or "build"  # tool classpaths: checkstyle, jacocoAgent, kotlinCompilerPluginClasspath…


@register("maven/gradle-dependencies-q.txt", ECO, "lockfile", names("gradle-dependencies-q.txt"))
def parse_gradle_report(text: str, path: str) -> Iterator[Dependency | None]:
    def rows() -> Iterator[tuple[str, str | None, str, bool]]:
        typ = "runtime"
        for line in text.splitlines():
            m = _GRADLE_LINE.match(line)
            if not m:
                c = _GRADLE_CONF.match(line)
                if c:
                    typ = _gradle_type(c.group(1))
                continue
            body = _GRADLE_MARKS.sub("", m.group(2)).strip()
            if body.startswith(("project ", "file(", "unspecified")):
                continue  # another project of the build, a jar on disk
            coord, _, resolved = body.partition(" -> ")
            parts = coord.strip().split(":")
            if len(parts) < 2 or not parts[0] or not parts[1]:
                continue
            version = resolved.strip() or (parts[2] if len(parts) > 2 else None)
            if version and version.startswith("{"):  # "{strictly 1.0}" rich versions
                version = version.strip("{}").split()[-1]
            yield f"{parts[0]}:{parts[1]}", version or None, typ, not m.group(1)

    yield from _merged(rows())


_SBT_CONF = re.compile(r"^\[info\] \t([A-Za-z][\w-]*):\s*$")
_SBT_MODULE = re.compile(r"^\[info\] \t([\w.\-]+:[\w.\-]+)\s*$")
_SBT_VERSION = re.compile(r"^\[info\] \t\t- (\S+)\s*$")
_SBT_EVICTED = re.compile(r"^\[info\] \t\t\tevicted: (true|false)\s*$")


@register("maven/sbt-update-full.txt", ECO, "lockfile", names("sbt-update-full.txt"))
def parse_sbt_update(text: str, path: str) -> Iterator[Dependency | None]:
    """``sbt update-full``: per configuration, each module's candidate versions; evicted ones lost
    conflict resolution and are not on the classpath."""

    def rows() -> Iterator[tuple[str, str | None, str, bool]]:
        typ = "runtime"
        module: str | None = None
        version: str | None = None
        for line in text.replace("\r\n", "\n").splitlines():
            if m := _SBT_CONF.match(line):
                conf = m.group(1).lower()
                typ = "test" if "test" in conf else "provided" if conf == "provided" else "runtime"
                module = version = None
            elif m := _SBT_MODULE.match(line):
                module, version = m.group(1), None
            elif (m := _SBT_VERSION.match(line)) and module:
                version = m.group(1)
            elif (m := _SBT_EVICTED.match(line)) and module and version:
                if m.group(1) == "false":
                    yield module, version, typ, False
                version = None

    yield from _merged(rows())


def _ivy_report_match(parts: tuple[str, ...]) -> bool:
    """Ivy/sbt resolution reports (``org-module-conf.xml``) in the folders they are kept in
    (ivy-reports/, sbt's resolution-cache/reports/); bibliothecary sniffs every .xml for an
    <ivy-report> root, which a path rule cannot."""
    if len(parts) < 2 or not parts[-1].lower().endswith(".xml") or "-" not in parts[-1]:
        return False
    return parts[-2] in ("ivy-reports", "ivy_reports") or parts[-3:-1] == ("resolution-cache", "reports")


@register("maven/ivy-report", ECO, "lockfile", _ivy_report_match, binary=True)
def parse_ivy_report(content: bytes, path: str) -> Iterator[Dependency | None]:
    root = parse_xml(content)
    if root.tag != "ivy-report":
        return  # another report in a reports/ folder: nothing to read
    info = next((e for e in root if e.tag == "info"), None)
    conf = info.get("conf", "") if info is not None else ""
    typ = SCOPES.get(conf.lower() or None, "runtime")
    deps = next((e for e in root if e.tag == "dependencies"), None)
    for module in deps if deps is not None else ():
        if module.tag != "module":
            continue
        org, name = module.get("organisation"), module.get("name")
        rev = next((r.get("name") for r in module if r.tag == "revision"), None)
        if org and name and rev:
            yield dep(ECO, f"{org}:{name}", rev, typ, False)
