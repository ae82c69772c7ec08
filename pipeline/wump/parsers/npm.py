"""npm: package.json, package-lock.json / npm-shrinkwrap.json, yarn.lock (v1 and Berry),
pnpm-lock.yaml (v5-v9), bun.lock (Bun's text lockfile), ``npm ls --json`` output saved as
npm-ls.json, and bower.json (ecosystem "bower", as Libraries.io names it)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, as_list, load_json, load_jsonc, load_yaml

ECO = "npm"

# package.json sections → dependency type (bundledDependencies only repeats names from these).
SECTIONS = (
    ("dependencies", "runtime"),
    ("devDependencies", "development"),
    ("optionalDependencies", "optional"),
    ("peerDependencies", "peer"),
)


def _json_object(text: str) -> dict:
    data = load_json(text)
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")  # noqa: TRY004 - reported as malformed input
    return data


# Specifiers that point into the repository (or the machine) rather than at a published package.
LOCAL_SPECS = ("file:", "link:", "portal:", "workspace:", "./", "../", "/", "~/")


def manifest_dep(name: str, req: object, typ: str) -> Dependency | None:
    """One package.json entry: local specifiers are not packages; ``npm:real@range`` aliases
    name the package actually installed; git URLs and tags are kept as written."""
    if not isinstance(req, str):
        return dep(ECO, name, None, typ)
    spec = req.strip()
    if spec.startswith(LOCAL_SPECS):
        return None
    if spec.startswith("npm:"):
        target = spec[4:]
        at = target.find("@", 1)
        name, spec = (target, "*") if at == -1 else (target[:at], target[at + 1 :])
    return dep(ECO, name, spec, typ)


@register("npm/package.json", ECO, "manifest", names("package.json"))
def parse_package_json(text: str, path: str) -> Iterator[Dependency | None]:
    data = _json_object(text)
    for section, typ in SECTIONS:
        for name, req in as_dict(data.get(section)).items():
            if not name.startswith("//"):  # "//" keys are comments, which npm allows
                yield manifest_dep(name, req, typ)


def _lock_type(entry: dict) -> str:
    if entry.get("dev") or entry.get("devOptional"):
        return "development"
    if entry.get("optional"):
        return "optional"
    if entry.get("peer"):
        return "peer"
    return "runtime"


@register("npm/package-lock.json", ECO, "lockfile", names("package-lock.json", "npm-shrinkwrap.json"))
def parse_package_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = _json_object(text)
    packages = data.get("packages")
    if isinstance(packages, dict) and packages:
        yield from _lock_v2(packages)
    else:
        yield from _lock_v1(as_dict(data.get("dependencies")))


def _lock_v2(packages: dict) -> Iterator[Dependency | None]:
    """v2/v3: flat "packages" keyed by install path; "" is the project and lists its direct deps."""
    root = as_dict(packages.get(""))
    declared = {n for section, _ in SECTIONS for n in as_dict(root.get(section))}
    for key, entry in packages.items():
        if not isinstance(entry, dict) or "node_modules/" not in key and not key.startswith("node_modules"):
            continue  # "" (the project) and workspace folders
        if entry.get("link"):
            continue  # a symlink to a workspace package: local
        installed_as = key.rsplit("node_modules/", 1)[-1]
        name = entry.get("name") if isinstance(entry.get("name"), str) else installed_as
        top_level = key == f"node_modules/{installed_as}"
        direct = top_level and installed_as in declared
        yield dep(ECO, name, entry.get("version"), _lock_type(entry), direct)


def _lock_v1(deps: dict) -> Iterator[Dependency | None]:
    """v1: a nested "dependencies" tree; it does not record which entries the project declared."""
    stack = [deps]
    while stack:
        level = stack.pop()
        for name, entry in level.items():
            if not isinstance(entry, dict):
                continue
            version = entry.get("version")
            if isinstance(version, str) and version.startswith("file:"):
                continue
            yield dep(ECO, name, version, _lock_type(entry), False)
            nested = entry.get("dependencies")
            if isinstance(nested, dict):
                stack.append(nested)


# yarn.lock: a header line per resolution ("a@^1, a@^1.1:" or Berry's "a@npm:^1:") then indented
# fields. One line-oriented reader handles both dialects; Berry's is YAML but this is 10x faster.
_YARN_VERSION = re.compile(r'^\s+version:?\s+"?([^"\s]+)"?\s*$')
_YARN_RESOLUTION = re.compile(r'^\s+resolution:\s+"?([^"]+?)"?\s*$')


def _yarn_name(spec: str) -> str:
    """``@scope/pkg@npm:^1`` → ``@scope/pkg``: the name is everything before the second-level @."""
    spec = spec.strip().strip('"').strip("'")
    at = spec.find("@", 1)
    return spec if at == -1 else spec[:at]


@register("npm/yarn.lock", ECO, "lockfile", names("yarn.lock"))
def parse_yarn_lock(text: str, path: str) -> Iterator[Dependency | None]:
    header: str | None = None
    version: str | None = None
    resolution: str | None = None

    def flush() -> Dependency | None:
        if header is None or version is None:
            return None
        specs = resolution or header.split(",")[0]
        if "@workspace:" in specs or "@link:" in specs or "@file:" in specs or "@portal:" in specs:
            return None  # the project itself and local packages
        return dep(ECO, _yarn_name(specs), version, "runtime", False)

    for line in text.splitlines():
        if not line or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            d = flush()
            if d:
                yield d
            header, version, resolution = None, None, None
            stripped = line.rstrip()
            if stripped.endswith(":") and not stripped.startswith("__metadata"):
                header = stripped[:-1]
            continue
        if header is None:
            continue
        m = _YARN_VERSION.match(line)
        if m and version is None and line.startswith("  ") and not line.startswith("   "):
            version = m.group(1)
            continue
        m = _YARN_RESOLUTION.match(line)
        if m:
            resolution = m.group(1)
    d = flush()
    if d:
        yield d


# ---- pnpm ---------------------------------------------------------------------------------------

_PNPM_SECTIONS = (
    ("dependencies", "runtime"),
    ("devDependencies", "development"),
    ("optionalDependencies", "optional"),
)


def _pnpm_version(v: object) -> str | None:
    """Importer versions: "1.2.3", "1.2.3_react@17" (v5), "1.2.3(react@18)" (v6+), or "link:…"."""
    if isinstance(v, dict):
        v = v.get("version")
    if not isinstance(v, str):
        return None
    return re.split(r"[(_]", v, maxsplit=1)[0]


def _pnpm_key(key: str, old_format: bool) -> tuple[str, str] | None:
    """Package keys: "/name/1.0.0_peer" (v5), "/name@1.0.0(peer)" (v6), "name@1.0.0(peer)" (v9)."""
    key = key.lstrip("/")
    key = key.split("(", 1)[0]
    if old_format:
        name, _, version = key.rpartition("/")
        version = version.split("_", 1)[0]
    else:
        at = key.rfind("@")
        if at <= 0:
            return None
        name, version = key[:at], key[at + 1 :]
    if not name or not version:
        return None
    return name, version


@register("npm/pnpm-lock.yaml", ECO, "lockfile", names("pnpm-lock.yaml", "pnpm-lock.yml"))
def parse_pnpm_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    try:
        lock_version = float(str(data.get("lockfileVersion", "5")).split(".")[0])
    except ValueError:
        lock_version = 9.0
    importers = as_dict(data.get("importers")) or {".": data}  # single projects before workspaces
    direct: set[tuple[str, str]] = set()
    for importer in importers.values():
        importer = as_dict(importer)
        for section, typ in _PNPM_SECTIONS:
            for name, value in as_dict(importer.get(section)).items():
                version = _pnpm_version(value)
                if not version or version.startswith(("link:", "file:", "workspace:")):
                    continue  # workspace siblings and local folders
                direct.add((name, version))
                yield dep(ECO, name, version, typ, True)
    for key, entry in as_dict(data.get("packages")).items():
        if not isinstance(key, str):
            continue
        entry = as_dict(entry)
        parsed = _pnpm_key(key, lock_version < 6)
        name = entry.get("name") if isinstance(entry.get("name"), str) else parsed and parsed[0]
        version = entry.get("version") if isinstance(entry.get("version"), str) else parsed and parsed[1]
        if not name or not version or (name, version) in direct:
            continue
        if key.startswith(("file:", "link:")) or version.startswith(("file:", "link:")):
            continue
        yield dep(ECO, name, version, _lock_type(entry), False)


# ---- bun ----------------------------------------------------------------------------------------


def _split_ident(ident: str) -> tuple[str, str]:
    """``@scope/name@1.2.3`` → (``@scope/name``, ``1.2.3``)."""
    at = ident.find("@", 1)
    return (ident, "") if at == -1 else (ident[:at], ident[at + 1 :])


@register("npm/bun.lock", ECO, "lockfile", names("bun.lock"))
def parse_bun_lock(text: str, path: str) -> Iterator[Dependency | None]:
    """bun.lock: ``workspaces`` are the package.json files (what each declares), ``packages`` maps
    an install path ("name", or "parent/name" when nested) to ["name@version", registry, info, hash]."""
    data = as_dict(load_jsonc(text))
    declared: dict[str, str] = {}
    for workspace in as_dict(data.get("workspaces")).values():
        workspace = as_dict(workspace)
        for section, typ in SECTIONS:
            for name in as_dict(workspace.get(section)):
                declared.setdefault(name, typ)
    for key, entry in as_dict(data.get("packages")).items():
        entry = as_list(entry)
        if not entry or not isinstance(entry[0], str):
            continue
        name, version = _split_ident(entry[0])
        if not version or version.startswith(("workspace:", "file:", "link:", "portal:", "root:")):
            continue  # the workspace's own packages and local folders
        direct = key in declared
        yield dep(ECO, name, version, declared.get(key, "runtime"), direct)


@register("npm/npm-ls.json", ECO, "lockfile", names("npm-ls.json"))
def parse_npm_ls(text: str, path: str) -> Iterator[Dependency | None]:
    """``npm ls --json --all``: a tree of {"version", "dependencies": {…}}; the first level is what
    the project declares."""
    stack = [(as_dict(_json_object(text).get("dependencies")), True)]
    while stack:
        level, direct = stack.pop()
        for name, entry in level.items():
            entry = as_dict(entry)
            version = entry.get("version")
            if isinstance(version, str) and version.startswith(LOCAL_SPECS):
                continue
            typ = "development" if entry.get("dev") is True else "runtime"
            yield dep(ECO, name, version, typ, direct)
            nested = entry.get("dependencies")
            if isinstance(nested, dict):
                stack.append((nested, False))


@register("bower/bower.json", "bower", "manifest", names("bower.json"))
def parse_bower(text: str, path: str) -> Iterator[Dependency | None]:
    data = _json_object(text)
    for section, typ in (("dependencies", "runtime"), ("devDependencies", "development")):
        for name, req in as_dict(data.get(section)).items():
            yield dep("bower", name, req if isinstance(req, str) else None, typ)
