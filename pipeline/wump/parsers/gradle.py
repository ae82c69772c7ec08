"""Gradle: build.gradle / build.gradle.kts (string and map notation, read with regexes, never
run), version catalogs (gradle/libs.versions.toml) and gradle.lockfile."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from wump.parsers._core import Dependency, any_of, dep, globs, in_dir, names, register
from wump.parsers._util import as_dict, load_toml

ECO = "maven"


def configuration_type(conf: str) -> str | None:
    """Gradle configuration → dependency type; None for names that are not dependency configurations."""
    c = conf.lower()
    if c in ("annotationprocessor", "kapt", "ksp", "classpath") or c.endswith(
        ("annotationprocessor", "kapt", "ksp")
    ):
        return "build"
    if "test" in c:
        return "test"
    if c.endswith(("compileonly", "providedcompile")) or c in ("compileonlyapi", "provided"):
        return "provided"
    if c in ("implementation", "api", "compile", "runtime", "runtimeonly", "developmentonly") or c.endswith(
        ("implementation", "api", "compile", "runtimeonly")
    ):
        return "runtime"
    return None


# `conf "g:a:v"`, `conf("g:a:v")`, `conf(platform("g:a:v"))`, `conf group: 'g', name: 'a', version: 'v'`
_CALL = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*[\s(]\s*(.*)$")
_COORD = re.compile(r"""^(?:(?:platform|enforcedPlatform|testFixtures)\s*\(\s*)?["']([^"'\s]+)["']""")
_MAP_ARG = re.compile(r"""\b(group|name|version)\s*[:=]\s*["']([^"']*)["']""")


@register("maven/build.gradle", ECO, "manifest", names("build.gradle", "build.gradle.kts"))
def parse_build_gradle(text: str, path: str) -> Iterator[Dependency | None]:
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("//", "*", "/*")):
            continue
        m = _CALL.match(line)
        if not m:
            continue
        typ = configuration_type(m.group(1))
        if typ is None:
            continue
        args = m.group(2).strip()
        c = _COORD.match(args)
        if c:
            coord = c.group(1).split("@", 1)[0]  # "g:a:v@aar" → artifact type is not the version
            parts = coord.split(":")
            if len(parts) >= 2 and parts[0] and parts[1] and "/" not in parts[0]:
                yield dep(ECO, f"{parts[0]}:{parts[1]}", parts[2] if len(parts) > 2 else None, typ)
            continue
        kv = dict(_MAP_ARG.findall(args))
        if kv.get("group") and kv.get("name"):
            yield dep(ECO, f"{kv['group']}:{kv['name']}", kv.get("version"), typ)


def _catalog_version(v: Any, versions: dict[str, Any]) -> str | None:
    if isinstance(v, str):
        return v
    if isinstance(v, dict):
        if isinstance(v.get("ref"), str):
            return _catalog_version(versions.get(v["ref"]), {})
        for key in ("strictly", "require", "prefer"):
            if isinstance(v.get(key), str):
                return v[key]
    return None


@register(
    "maven/libs.versions.toml",
    ECO,
    "manifest",
    any_of(names("libs.versions.toml"), in_dir(("gradle",), globs("*.versions.toml"))),
)
def parse_version_catalog(text: str, path: str) -> Iterator[Dependency | None]:
    data = load_toml(text)
    versions = as_dict(data.get("versions"))
    for lib in as_dict(data.get("libraries")).values():
        if isinstance(lib, str):  # alias = "g:a:v"
            parts = lib.split(":")
            if len(parts) >= 2:
                yield dep(ECO, f"{parts[0]}:{parts[1]}", parts[2] if len(parts) > 2 else None)
            continue
        lib = as_dict(lib)
        module = lib.get("module")
        if (
            not isinstance(module, str)
            and isinstance(lib.get("group"), str)
            and isinstance(lib.get("name"), str)
        ):
            module = f"{lib['group']}:{lib['name']}"
        if isinstance(module, str) and ":" in module:
            yield dep(ECO, module, _catalog_version(lib.get("version"), versions))


@register(
    "maven/gradle.lockfile",
    ECO,
    "lockfile",
    any_of(
        names("gradle.lockfile", "buildscript-gradle.lockfile"),
        in_dir(("gradle", "dependency-locks"), globs("*.lockfile")),
    ),
)
def parse_gradle_lockfile(text: str, path: str) -> Iterator[Dependency | None]:
    # Old per-configuration lockfiles (gradle/dependency-locks/testCompileClasspath.lockfile) name
    # the configuration in the file name instead of after "=".
    file_conf = path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".lockfile")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "empty=")):
            continue
        coord, _, confs = line.partition("=")
        parts = coord.split(":")
        if len(parts) < 3:
            continue
        conf_list = [c for c in confs.split(",") if c] or [file_conf]
        types = {configuration_type(c.removesuffix("Classpath")) or "runtime" for c in conf_list}
        typ = next((t for t in ("runtime", "provided", "build", "test") if t in types), "runtime")
        yield dep(ECO, f"{parts[0]}:{parts[1]}", parts[2], typ, False)
