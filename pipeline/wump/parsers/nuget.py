"""NuGet: projects (*.csproj, *.vbproj, *.fsproj: PackageReference, and the older Reference to a
packages/ folder), packages.config, packages.lock.json, Directory.Packages.props (central
versions), *.nuspec, paket.lock, and the project.json era (project.json, project.lock.json) with
its successor project.assets.json."""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from wump.parsers._core import Dependency, any_of, dep, globs, names, register
from wump.parsers._util import as_dict, as_list, load_json, parse_xml, text_of

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
        elif tag == "Reference":
            yield _assembly_reference(el)


# ..\packages\Newtonsoft.Json.13.0.1\lib\net45\Newtonsoft.Json.dll: the folder NuGet restored into
# is "<id>.<version>", the version being the dotted numbers (and any -prerelease) at the end.
_PACKAGES_DIR = re.compile(r"(?:^|[\\/])packages[\\/]([^\\/]+?)\.(\d+(?:\.\d+)+(?:-[0-9A-Za-z.-]+)?)[\\/]", re.I)


def _assembly_reference(el: Element) -> Dependency | None:
    r"""``<Reference Include="log4net, Version=2.0.15.0, …"><HintPath>..\packages\log4net.2.0.15\…``.

    A reference with neither a version nor a packages/ hint path is a framework assembly
    (System.Xml…), not a package.
    """
    include = el.get("Include") or ""
    name, *attrs = [p.strip() for p in include.split(",")]
    props = dict(a.split("=", 1) for a in attrs if "=" in a)
    hint = _PACKAGES_DIR.search(text_of(el.find("HintPath")) or "")
    if hint:
        return dep(ECO, hint.group(1), hint.group(2))
    if props.get("Version"):
        return dep(ECO, name, props["Version"].strip())
    return None


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
    # A package that is itself a development dependency (analyzers, build tasks) passes that on.
    dev = (text_of(root.find("metadata/developmentDependency")) or "").lower() == "true"
    for el in root.iter("dependency"):  # flat or inside <group targetFramework="…">
        yield dep(ECO, el.get("id"), el.get("version"), "development" if dev else "runtime")


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


# ---- project.json era (DNX / .NET Core 1.x) and project.assets.json ----------------------------


def _project_json_deps(table: object, direct: bool = True) -> Iterator[Dependency | None]:
    for name, spec in as_dict(table).items():
        if isinstance(spec, dict):
            if spec.get("target") == "project":
                continue  # another project of the solution
            typ = "build" if spec.get("type") == "build" else "runtime"
            yield dep(ECO, name, spec.get("version"), typ, direct)
        else:
            yield dep(ECO, name, spec, "runtime", direct)


@register("nuget/project.json", ECO, "manifest", names("project.json", case=False))
def parse_project_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    # Only the top-level table: like bibliothecary; per-framework tables mostly repeat the
    # framework's own assemblies.
    yield from _project_json_deps(data.get("dependencies"))


def _name_version(key: str) -> tuple[str, str | None]:
    name, _, version = key.partition("/")
    return name, version or None


@register("nuget/project.lock.json", ECO, "lockfile", names("project.lock.json", case=False))
def parse_project_lock_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    declared: set[str] = set()
    for group in as_dict(data.get("projectFileDependencyGroups")).values():
        for spec in as_list(group):
            if isinstance(spec, str):
                if spec.strip():
                    declared.add(spec.split()[0].lower())
    for key, info in as_dict(data.get("libraries")).items():
        if as_dict(info).get("type") == "project":
            continue
        name, version = _name_version(key)
        yield dep(ECO, name, version, "runtime", name.lower() in declared)


@register("nuget/project.assets.json", ECO, "lockfile", names("project.assets.json"))
def parse_project_assets_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    declared: set[str] = set()
    for framework in as_dict(as_dict(data.get("project")).get("frameworks")).values():
        declared |= {n.lower() for n in as_dict(as_dict(framework).get("dependencies"))}
    for group in as_dict(data.get("projectFileDependencyGroups")).values():
        declared |= {s.split()[0].lower() for s in as_list(group) if isinstance(s, str) and s.strip()}
    for target in as_dict(data.get("targets")).values():  # one per framework (and runtime)
        for key, info in as_dict(target).items():
            if as_dict(info).get("type") != "package":
                continue  # "project": another project of the solution
            name, version = _name_version(key)
            yield dep(ECO, name, version, "runtime", name.lower() in declared)
