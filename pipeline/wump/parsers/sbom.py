"""SBOMs as inputs: SPDX JSON and CycloneDX JSON, identified by their purls.

An SBOM lists resolved packages like a lockfile. Where it records the dependency graph, direct
means "the described root depends on it"; without a graph every entry is transitive (unknown).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wump.identity import package_from_purl
from wump.parsers._core import Dependency, any_of, dep, globs, names, register
from wump.parsers._util import as_dict, as_list, load_json


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
        names("bom.json", "sbom.json"),
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
