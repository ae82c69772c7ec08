"""Go: go.mod (require, // indirect, replace), go.sum, Gopkg.toml/Gopkg.lock (dep),
glide.yaml/glide.lock."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, as_list, load_toml, load_yaml, strip_quotes

ECO = "golang"


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
        verb, _, rest = line.partition(" ")
        rest = rest.strip()
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
        yield dep(ECO, c.get("name"), c.get("version") or c.get("branch") or c.get("revision"))


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
        yield dep(ECO, name, p.get("version") or p.get("revision"), "runtime", direct)


@register("golang/glide.yaml", ECO, "manifest", names("glide.yaml", "glide.yml"))
def parse_glide_yaml(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    for section, typ in (("import", "runtime"), ("testImport", "test"), ("devImports", "development")):
        for p in as_list(data.get(section)):
            p = as_dict(p)
            yield dep(ECO, p.get("package"), p.get("version"), typ)


@register("golang/glide.lock", ECO, "lockfile", names("glide.lock"))
def parse_glide_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    for section, typ in (("imports", "runtime"), ("testImports", "test")):
        for p in as_list(data.get(section)):
            p = as_dict(p)
            yield dep(ECO, p.get("name"), p.get("version"), typ, False)
