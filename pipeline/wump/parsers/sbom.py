"""SBOMs as inputs: SPDX (JSON and tag-value) and CycloneDX (JSON and XML), identified by their
purls; and bibliothecary's dependencies.csv (platform, name, requirement columns).

An SBOM lists resolved packages like a lockfile. Where it records the dependency graph, direct
means "the described root depends on it"; without a graph every entry is transitive (unknown).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from wump.identity import package_from_purl
from wump.parsers._core import TYPES, Dependency, any_of, dep, globs, names, register
from wump.parsers._util import as_dict, as_list, load_json, parse_xml, text_of


def _purl_dep(purl: object, version: object, typ: str, direct: bool) -> Dependency | None:
    if not isinstance(purl, str) or not purl.startswith("pkg:"):
        return None
    try:
        ecosystem, name, purl_version = package_from_purl(purl)
    except ValueError:
        return None
    return dep(ecosystem, name, purl_version or version, typ, direct)


def _spdx(doc: dict[str, Any]) -> Iterator[Dependency | None]:
    roots = {r for r in as_list(doc.get("documentDescribes")) if isinstance(r, str)}
    edges: list[tuple[str, str, str]] = []
    for rel in as_list(doc.get("relationships")):
        rel = as_dict(rel)
        a, b, kind = rel.get("spdxElementId"), rel.get("relatedSpdxElement"), rel.get("relationshipType")
        if isinstance(a, str) and isinstance(b, str) and isinstance(kind, str):
            edges.append((a, kind.upper(), b))
            if kind.upper() == "DESCRIBES" and a == "SPDXRef-DOCUMENT":
                roots.add(b)
    direct = {b for a, k, b in edges if k == "DEPENDS_ON" and a in roots}
    direct |= {a for a, k, b in edges if k == "DEPENDENCY_OF" and b in roots}
    dev = {a for a, k, b in edges if k in ("DEV_DEPENDENCY_OF", "TEST_DEPENDENCY_OF") and b in roots}
    for pkg in as_list(doc.get("packages")):
        pkg = as_dict(pkg)
        spdx_id = pkg.get("SPDXID")
        if spdx_id in roots:
            continue  # the repository or product the SBOM describes
        for ref in as_list(pkg.get("externalRefs")):
            ref = as_dict(ref)
            if str(ref.get("referenceType", "")).lower() == "purl":
                typ = "development" if spdx_id in dev else "runtime"
                yield _purl_dep(ref.get("referenceLocator"), pkg.get("versionInfo"), typ, spdx_id in direct)
                break


def _cyclonedx(doc: dict[str, Any]) -> Iterator[Dependency | None]:
    root_ref = as_dict(as_dict(doc.get("metadata")).get("component")).get("bom-ref")
    direct: set[str] = set()
    for d in as_list(doc.get("dependencies")):
        d = as_dict(d)
        if root_ref is not None and d.get("ref") == root_ref:
            direct |= {x for x in as_list(d.get("dependsOn")) if isinstance(x, str)}
    stack = list(as_list(doc.get("components")))
    while stack:  # components may nest (assemblies)
        comp = as_dict(stack.pop())
        stack.extend(as_list(comp.get("components")))
        scope = comp.get("scope")
        if scope == "excluded":
            continue
        typ = "optional" if scope == "optional" else "runtime"
        ref = comp.get("bom-ref")
        yield _purl_dep(comp.get("purl"), comp.get("version"), typ, isinstance(ref, str) and ref in direct)


@register(
    "sbom/json",
    "sbom",
    "lockfile",
    any_of(
        names("bom.json", "sbom.json", "cyclonedx.json"),
        globs("*.spdx.json", "*.cdx.json", "*.sbom.json", "*.bom.json", "*-sbom.json", "*_sbom.json"),
    ),
)
def parse_sbom(text: str, path: str) -> Iterator[Dependency | None]:
    doc = load_json(text)
    if not isinstance(doc, dict):
        raise ValueError("expected a JSON object")  # noqa: TRY004 - reported as malformed input
    if "spdxVersion" in doc:
        yield from _spdx(doc)
    elif str(doc.get("bomFormat", "")).lower() == "cyclonedx":
        yield from _cyclonedx(doc)
    else:
        raise ValueError("neither SPDX (spdxVersion) nor CycloneDX (bomFormat)")


@register(
    "sbom/cyclonedx.xml",
    "sbom",
    "lockfile",
    any_of(names("bom.xml", "sbom.xml", "cyclonedx.xml"), globs("*.cdx.xml")),
    binary=True,
)
def parse_cyclonedx_xml(content: bytes, path: str) -> Iterator[Dependency | None]:
    root = parse_xml(content)
    if root.tag != "bom":
        raise ValueError("not a CycloneDX document (no <bom> root)")
    meta = root.find("metadata/component")
    root_ref = meta.get("bom-ref") if meta is not None else None
    direct: set[str] = set()
    for d in root.iterfind("dependencies/dependency"):
        if root_ref is not None and d.get("ref") == root_ref:
            direct |= {x.get("ref", "") for x in d.iterfind("dependency")}
    for comp in root.iterfind("components//component"):
        scope = text_of(comp.find("scope"))
        if scope == "excluded":
            continue
        ref = comp.get("bom-ref")
        typ = "optional" if scope == "optional" else "runtime"
        yield _purl_dep(text_of(comp.find("purl")), text_of(comp.find("version")), typ, ref in direct)


@register("sbom/spdx", "sbom", "lockfile", globs("*.spdx"))
def parse_spdx_tag_value(text: str, path: str) -> Iterator[Dependency | None]:
    """SPDX tag-value: a package's ``ExternalRef: PACKAGE-MANAGER purl pkg:…`` lines."""
    version = None
    for line in text.splitlines():
        tag, _, value = line.partition(":")
        tag, value = tag.strip(), value.strip()
        if tag == "PackageName":
            version = None
        elif tag == "PackageVersion":
            version = value
        elif tag == "ExternalRef":
            fields = value.split()
            if len(fields) == 3 and fields[1].lower() == "purl":
                yield _purl_dep(fields[2], version, "runtime", False)


# bibliothecary's platform names → wump's ecosystems, where they differ.
_CSV_PLATFORMS = {"rubygems": "gem", "go": "golang", "packagist": "composer", "swiftpm": "swift"}


@register("sbom/dependencies.csv", "sbom", "lockfile", names("dependencies.csv"))
def parse_dependencies_csv(text: str, path: str) -> Iterator[Dependency | None]:
    """One row per dependency: platform, name and requirement (or lockfile requirement) columns,
    headers in any case; type when given."""
    rows = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(rows, [])]
    if "platform" not in header or "name" not in header:
        raise ValueError("dependencies.csv needs platform and name columns")
    col = {h: i for i, h in enumerate(header)}
    req_cols = [col[h] for h in ("requirement", "lockfile requirement", "version") if h in col]
    for row in rows:
        if len(row) < len(header):
            continue
        platform = row[col["platform"]].strip().lower()
        req = next((row[i].strip() for i in req_cols if row[i].strip()), None)
        typ = row[col["type"]].strip().lower() if "type" in col else "runtime"
        typ = typ if typ in TYPES else "development" if typ.startswith("dev") else "runtime"
        yield dep(_CSV_PLATFORMS.get(platform, platform), row[col["name"]], req, typ, False)
