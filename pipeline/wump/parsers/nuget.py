"""NuGet: SDK-style projects (*.csproj, *.vbproj, *.fsproj PackageReference), packages.config,
packages.lock.json, Directory.Packages.props (central versions), *.nuspec, paket.lock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from wump.parsers._core import Dependency, any_of, dep, globs, names, register
from wump.parsers._util import as_dict, load_json, parse_xml, text_of

ECO = "nuget"


def _version(el: Element) -> str | None:
    # Version may be an attribute or a child element; VersionOverride beats central management.
    return (
        el.get("VersionOverride")
        or el.get("Version")
        or text_of(el.find("VersionOverride"))
        or text_of(el.find("Version"))
    )


def _private(el: Element) -> bool:
    value = el.get("PrivateAssets") or text_of(el.find("PrivateAssets")) or ""
    return value.strip().lower() == "all"


@register(
    "nuget/project",
    ECO,
    "manifest",
    any_of(
        globs("*.csproj", "*.vbproj", "*.fsproj"),
        names("Directory.Packages.props", "Directory.Build.props", "Directory.Build.targets", case=False),
    ),
    binary=True,
)
def parse_msbuild(content: bytes, path: str) -> Iterator[Dependency | None]:
    root = parse_xml(content)
    for el in root.iter():
        tag = el.tag
        if tag in ("PackageReference", "PackageVersion", "GlobalPackageReference"):
            # Include adds a package; Update (Directory.Build.*) only sets its version.
            name = el.get("Include") or el.get("Update")
            if not name:
                continue
            # PrivateAssets="all" keeps a package out of consumers: analyzers, build tools.
            dev = _private(el) or tag == "GlobalPackageReference"
            yield dep(ECO, name, _version(el), "development" if dev else "runtime")
        elif tag == "DotNetCliToolReference":
            yield dep(ECO, el.get("Include"), _version(el), "development")


@register("nuget/packages.config", ECO, "manifest", names("packages.config", case=False), binary=True)
def parse_packages_config(content: bytes, path: str) -> Iterator[Dependency | None]:
    root = parse_xml(content)
    for el in root.iter("package"):
        dev = (el.get("developmentDependency") or "").lower() == "true"
        yield dep(ECO, el.get("id"), el.get("version"), "development" if dev else "runtime")


@register("nuget/packages.lock.json", ECO, "lockfile", names("packages.lock.json"))
def parse_packages_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    for framework in as_dict(data.get("dependencies")).values():
        for name, info in as_dict(framework).items():
            info = as_dict(info)
            kind = info.get("type")
            if kind == "Project":
                continue  # another project of the same solution
            yield dep(ECO, name, info.get("resolved"), "runtime", kind == "Direct")


@register("nuget/nuspec", ECO, "manifest", globs("*.nuspec"), binary=True)
def parse_nuspec(content: bytes, path: str) -> Iterator[Dependency | None]:
    root = parse_xml(content)
    for el in root.iter("dependency"):  # flat or inside <group targetFramework="…">
        yield dep(ECO, el.get("id"), el.get("version"))


_PAKET_ENTRY = re.compile(r"^    (\S+) \(([^)]*)\)")


@register("nuget/paket.lock", ECO, "lockfile", names("paket.lock"))
def parse_paket_lock(text: str, path: str) -> Iterator[Dependency | None]:
    source = ""
    group = "main"
    for line in text.splitlines():
        if line.startswith("GROUP "):
            group = line[6:].strip().lower()
            continue
        if line and not line[0].isspace():
            source = line.strip()  # NUGET, GITHUB, HTTP, GIT, RESTRICTION:…
            continue
        if source != "NUGET":
            continue
        m = _PAKET_ENTRY.match(line)  # four spaces: resolved package; six: its dependency ranges
        if m:
            typ = "test" if "test" in group else "build" if "build" in group else "runtime"
            yield dep(ECO, m.group(1), m.group(2), typ, False)
