"""Conan (C/C++): conanfile.txt, conanfile.py (read with ast, never run) and conan.lock."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register
from wump.parsers._util import as_dict, as_list, load_json

ECO = "conan"

# name/version[@user[/channel]][#recipe_revision][:package_id[#package_revision]][%timestamp];
# the version may be a range "[>1.0 <2]".
_REF = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.+-]*)/([^@#/:\s\[]+|\[[^\]]*\])(?:@[^#:\s]*)?(?:#[^:\s]*)?(?::\S*)?")


def conan_ref(ref: str, typ: str = "runtime", direct: bool = True) -> Dependency | None:
    m = _REF.fullmatch(ref.strip().split("%", 1)[0])
    return dep(ECO, m.group(1), m.group(2), typ, direct) if m else None


_TXT_SECTIONS = {
    "requires": "runtime",
    "build_requires": "build",
    "tool_requires": "build",
    "test_requires": "test",
}


@register("conan/conanfile.txt", ECO, "manifest", names("conanfile.txt"))
def parse_conanfile_txt(text: str, path: str) -> Iterator[Dependency | None]:
    section = None
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif line and section in _TXT_SECTIONS:
            yield conan_ref(line, _TXT_SECTIONS[section])


_PY_ATTRS = {
    "requires": "runtime",
    "build_requires": "build",
    "tool_requires": "build",
    "test_requires": "test",
}


def _refs(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [s.strip() for s in node.value.split(",")]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [s for e in node.elts for s in _refs(e)]
    return []


@register("conan/conanfile.py", ECO, "manifest", names("conanfile.py"))
def parse_conanfile_py(text: str, path: str) -> Iterator[Dependency | None]:
    tree = ast.parse(text)
    for node in ast.walk(tree):
        # class attributes: requires = "zlib/1.2.13", ("boost/1.80.0", …)
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in _PY_ATTRS:
                    for ref in _refs(node.value):
                        yield conan_ref(ref, _PY_ATTRS[target.id])
        # methods: self.requires("fmt/10.0.0"), self.tool_requires("cmake/3.27.0")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _PY_ATTRS
            and node.args
        ):
            for ref in _refs(node.args[0]):
                yield conan_ref(ref, _PY_ATTRS[node.func.attr])


@register("conan/conan.lock", ECO, "lockfile", names("conan.lock"))
def parse_conan_lock(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_json(text))
    # Conan 2: flat lists of references.
    for key, typ in (("requires", "runtime"), ("build_requires", "build"), ("python_requires", "build")):
        for ref in as_list(data.get(key)):
            if isinstance(ref, str):
                yield conan_ref(ref, typ, False)
    # Conan 1 (lockfile versions 0.1-0.4): a graph of nodes. The consumer conanfile has a "path"
    # and no reference; lockfiles before Conan 1.28 (0.3 and older) hold a package reference
    # "pref" (ref:package_id) instead of "ref".
    nodes = as_dict(as_dict(data.get("graph_lock")).get("nodes"))
    for node in nodes.values():
        node = as_dict(node)
        ref = node.get("ref") or node.get("pref")
        if node.get("path") or not isinstance(ref, str):
            continue
        typ = "build" if node.get("context") == "build" else "runtime"
        yield conan_ref(ref, typ, False)
