"""Maven: pom.xml (dependencies, dependencyManagement, scopes, ${property} interpolation from the
same file) and Ivy's ivy.xml. XML goes through defusedxml only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from wump.parsers._core import Dependency, any_of, dep, names, regex, register
from wump.parsers._util import parse_xml, text_of

ECO = "maven"

SCOPES = {
    None: "runtime",
    "compile": "runtime",
    "runtime": "runtime",
    "import": "runtime",  # a BOM imported into dependencyManagement; bibliothecary keeps it
    "test": "test",
    "provided": "provided",
    "system": "provided",
}

_PROPERTY = re.compile(r"\$\{([^}]+)\}")


def _properties(root: Element) -> dict[str, str]:
    props: dict[str, str] = {}
    for tag in ("groupId", "artifactId", "version"):
        parent_value = text_of(root.find(f"parent/{tag}"))
        value = text_of(root.find(tag)) or parent_value
        if value:
            props[f"project.{tag}"] = props[f"pom.{tag}"] = props[tag] = value
        if parent_value:
            props[f"project.parent.{tag}"] = props[f"parent.{tag}"] = parent_value
    for el in root.findall("properties/*"):
        if isinstance(el.tag, str):
            props[el.tag] = (el.text or "").strip()
    return props


def interpolate(value: str | None, props: dict[str, str]) -> str | None:
    """Replace ${name} from the same file, a few rounds deep; unknown names stay as written."""
    if value is None:
        return None
    for _ in range(5):
        if "${" not in value:
            break
        new = _PROPERTY.sub(lambda m: props.get(m.group(1).strip(), m.group(0)), value)
        if new == value or len(new) > 1000:  # no progress, or a property bomb
            break
        value = new
    return value


def _dependencies(root: Element, xpath: str, props: dict[str, str]) -> Iterator[Dependency | None]:
    for d in root.findall(xpath):
        group = interpolate(text_of(d.find("groupId")), props)
        artifact = interpolate(text_of(d.find("artifactId")), props)
        if not group or not artifact:
            continue
        scope = (interpolate(text_of(d.find("scope")), props) or "").lower() or None
        typ = SCOPES.get(scope, "runtime")
        if (text_of(d.find("optional")) or "").lower() == "true" and typ == "runtime":
            typ = "optional"
        yield dep(ECO, f"{group}:{artifact}", interpolate(text_of(d.find("version")), props), typ)


@register(
    "maven/pom.xml", ECO, "manifest", any_of(names("pom.xml"), regex(r".+\.pom", re.IGNORECASE)), binary=True
)
def parse_pom(content: bytes, path: str) -> Iterator[Dependency | None]:
    root = parse_xml(content)
    if root.tag != "project":
        raise ValueError(f"root element is <{root.tag}>, not <project>")
    props = _properties(root)
    yield from _dependencies(root, "dependencies/dependency", props)
    yield from _dependencies(root, "dependencyManagement/dependencies/dependency", props)


@register("maven/ivy.xml", ECO, "manifest", names("ivy.xml"), binary=True)
def parse_ivy(content: bytes, path: str) -> Iterator[Dependency | None]:
    root = parse_xml(content)
    for d in root.findall("dependencies/dependency"):
        org, name = d.get("org"), d.get("name")
        if not org or not name:
            continue
        conf = (d.get("conf") or "").lower()
        typ = "test" if conf.startswith("test") else "provided" if conf.startswith("provided") else "runtime"
        yield dep(ECO, f"{org}:{name}", d.get("rev"), typ)
