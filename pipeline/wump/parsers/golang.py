"""Go: go.mod (require, // indirect, replace), go.sum, Gopkg.toml/Gopkg.lock (dep),
glide.yaml/glide.lock, the pre-modules tools (godep's Godeps/Godeps.json, gpm's Godeps, gb's
vendor/manifest, govendor's vendor/vendor.json) and ``go list -m -json all`` output saved as
go-resolved-dependencies.json.

Requirements follow bibliothecary: "*" where a tool records no version, the revision in lockfiles."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, in_dir, names, register
from wump.parsers._util import as_dict, as_list, load_json, load_toml, load_yaml, strip_quotes

ECO = "golang"


_VERB = re.compile(r"([a-z]+)\s*(?=\(|\s|$)")


def _gomod_statements(text: str) -> Iterator[tuple[str, str, str]]:
    """(verb, arguments, trailing comment) for each directive, with ``verb ( … )`` blocks unrolled."""
    block: str | None = None
    for raw in text.splitlines():
        code, _, comment = raw.partition("//")
        line = code.strip()
        if block is not None:
            if line.startswith(")"):
                block = None
                continue
            if line:
                yield block, line, comment.strip()
            continue
        if not line:
            continue
        # "require x v1", "require\tx v1" and "require(" all occur in the wild.
        m = _VERB.match(line)
        verb, rest = (m.group(1), line[m.end() :].strip()) if m else (line, "")
        if rest == "(" or rest.startswith("(") and rest.endswith("("):
            block = verb
        elif rest.startswith("(") and rest.endswith(")"):
            yield verb, rest[1:-1].strip(), comment.strip()
        else:
            yield verb, rest, comment.strip()


def _is_local(path: str) -> bool:
    return (
        path.startswith(("./", "../", "/"))
        or path in (".", "..")
        or re.match(r"[A-Za-z]:[\\/]", path) is not None
    )


@register("golang/go.mod", ECO, "manifest", names("go.mod"))
def parse_go_mod(text: str, path: str) -> Iterator[Dependency | None]:
    requires: list[tuple[str, str, bool]] = []
    replaces: dict[tuple[str, str | None], tuple[str, str | None]] = {}
    for verb, args, comment in _gomod_statements(text):
        fields = [strip_quotes(f) for f in args.split()]
        if verb == "require" and len(fields) >= 2:
            # "// indirect" is how go.mod records modules only needed by dependencies.
            indirect = comment == "indirect" or comment.startswith("indirect;")
            requires.append((fields[0], fields[1], not indirect))
        elif verb == "replace" and "=>" in fields:
            i = fields.index("=>")
            old, new = fields[:i], fields[i + 1 :]
            if old and new:
                replaces[(old[0], old[1] if len(old) > 1 else None)] = (
                    new[0],
                    new[1] if len(new) > 1 else None,
                )
    for module, version, direct in requires:
        target = replaces.get((module, version)) or replaces.get((module, None))
        if target is not None:
            new_path, new_version = target
            if _is_local(new_path):
                continue  # replaced by a directory in the same repo: nothing is fetched
            # The build fetches the replacement module, so that is the dependency.
            module, version = new_path, new_version or version
        yield dep(ECO, module, version, "runtime", direct)


@register("golang/go.sum", ECO, "lockfile", names("go.sum"))
def parse_go_sum(text: str, path: str) -> Iterator[Dependency | None]:
    for line in text.splitlines():
        fields = line.split()
        if len(fields) == 3:
            # "/go.mod" lines are checksums of the module file only; same module and version.
            yield dep(ECO, fields[0], fields[1].removesuffix("/go.mod"), "runtime", False)


@register("golang/Gopkg.toml", ECO, "manifest", names("Gopkg.toml"))
def parse_gopkg_toml(text: str, path: str) -> Iterator[Dependency | None]:
    data = load_toml(text)
    for c in as_list(data.get("constraint")):
        c = as_dict(c)
        yield dep(ECO, c.get("name"), c.get("version") or "*")  # a branch or revision is not a version


@register("golang/Gopkg.lock", ECO, "lockfile", names("Gopkg.lock"))
def parse_gopkg_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = load_toml(text)
    imports = [i for i in as_list(as_dict(data.get("solve-meta")).get("input-imports")) if isinstance(i, str)]
    for p in as_list(data.get("projects")):
        p = as_dict(p)
        name = p.get("name")
        if not isinstance(name, str):
            continue
        # input-imports are the packages the project's own code imports.
        direct = any(i == name or i.startswith(name + "/") for i in imports)
        yield dep(ECO, name, p.get("revision") or p.get("version"), "runtime", direct)


@register("golang/glide.yaml", ECO, "manifest", names("glide.yaml", "glide.yml"))
def parse_glide_yaml(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    for section, typ in (("import", "runtime"), ("testImport", "test"), ("devImports", "development")):
        for p in as_list(data.get(section)):
            p = as_dict(p)
            yield dep(ECO, p.get("package"), p.get("version") or "*", typ)


@register("golang/glide.lock", ECO, "lockfile", names("glide.lock"))
def parse_glide_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    for section, typ in (("imports", "runtime"), ("testImports", "test")):
        for p in as_list(data.get(section)):
            p = as_dict(p)
            yield dep(ECO, p.get("name"), p.get("version"), typ, False)


# ---- before modules -----------------------------------------------------------------------------


def _listed(items: object, name_key: str, version_key: str, direct: bool) -> Iterator[Dependency | None]:
    for item in as_list(items):
        item = as_dict(item)
        yield dep(ECO, item.get(name_key), item.get(version_key) or "*", "runtime", direct)


@register("golang/Godeps.json", ECO, "manifest", in_dir(("Godeps",), names("Godeps.json")))
def parse_godeps_json(text: str, path: str) -> Iterator[Dependency | None]:
    # godep save records the exact revision of every package the code imports.
    yield from _listed(as_dict(load_json(text)).get("Deps"), "ImportPath", "Rev", True)


@register("golang/Godeps", ECO, "manifest", names("Godeps", case=False))
def parse_gpm_godeps(text: str, path: str) -> Iterator[Dependency | None]:
    """gpm: one ``import/path version`` a line, # comments."""
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2:
            yield dep(ECO, fields[0], fields[1])


@register("golang/vendor/manifest", ECO, "manifest", in_dir(("vendor",), names("manifest")))
def parse_gb_manifest(text: str, path: str) -> Iterator[Dependency | None]:
    yield from _listed(as_dict(load_json(text)).get("dependencies"), "importpath", "revision", True)


@register("golang/vendor/vendor.json", ECO, "manifest", in_dir(("vendor",), names("vendor.json")))
def parse_govendor(text: str, path: str) -> Iterator[Dependency | None]:
    yield from _listed(as_dict(load_json(text)).get("package"), "path", "revision", True)


def _flag(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


_GO_SCOPES = {"runtime": "runtime", "test": "test", "development": "development", "build": "build"}


@register("golang/go-resolved-dependencies.json", ECO, "lockfile", names("go-resolved-dependencies.json"))
def parse_go_resolved(text: str, path: str) -> Iterator[Dependency | None]:
    """A JSON array of ``go list -m -json all`` modules; tools write the flags as strings."""
    for mod in as_list(load_json(text)):
        mod = as_dict(mod)
        if _flag(mod.get("Main")):
            continue  # the module being built
        name, version = mod.get("Path"), mod.get("Version")
        replace = mod.get("Replace")
        if isinstance(replace, dict):  # go's own JSON: {"Path": …, "Version": …}
            replace = " ".join(str(replace.get(k) or "") for k in ("Path", "Version")).strip()
        if isinstance(replace, str) and replace and replace != "<nil>":
            new = replace.split()
            if _is_local(new[0]):
                continue  # replaced by a directory of the same repository
            name, version = new[0], new[1] if len(new) > 1 else version
        typ = _GO_SCOPES.get(str(mod.get("Scope") or "runtime"), "runtime")
        yield dep(ECO, name, version or "*", typ, not _flag(mod.get("Indirect")))
