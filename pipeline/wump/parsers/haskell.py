"""Hackage: *.cabal build-depends (library/executable → runtime, test-suite → test, benchmark →
development) and build-tool-depends (build), stack.yaml extra-deps, and cabal.project.freeze.

Version ranges are written the way Cabal prints them (and bibliothecary reports them):
``==1.1.*``, ``>=4.9 && <4.11``: no space after an operator, one around ``&&`` and ``||``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, globs, names, register
from wump.parsers._util import as_dict, as_list, load_yaml

ECO = "hackage"

_SECTION = re.compile(r"^(library|executable|test-suite|benchmark|foreign-library|common)\b", re.IGNORECASE)
_FIELD = re.compile(r"^(\s*)(build-depends|build-tool-depends)\s*:(.*)$", re.IGNORECASE)
# Deeper than the field, "name: value" starts another field, "pkg:exe == 1.2" continues the list.
_ANY_FIELD = re.compile(r"^\s*[A-Za-z][A-Za-z0-9-]*\s*:(\s|$)")
_DEP = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*)(?::\S+)?\s*(.*)")
_OP_SPACE = re.compile(r"(\^>=|==|>=|<=|>|<)\s+")
_JOIN = re.compile(r"\s*(&&|\|\|)\s*")


def _cabal_range(text: str) -> str | None:
    text = _JOIN.sub(r" \1 ", _OP_SPACE.sub(r"\1", re.sub(r"\s+", " ", text))).strip()
    return text or None


def _section_type(header: str) -> str:
    h = header.lower()
    return "test" if h.startswith("test-suite") else "development" if h.startswith("benchmark") else "runtime"


@register("hackage/cabal", ECO, "manifest", globs("*.cabal"))
def parse_cabal(text: str, path: str) -> Iterator[Dependency | None]:
    own = re.search(r"^name\s*:\s*(\S+)", text, re.IGNORECASE | re.MULTILINE)
    own_name = own.group(1) if own else None
    typ = "runtime"
    collecting: list[str] | None = None
    field_indent = 0
    field_typ = typ
    chunks: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)--.*$", "", raw)
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if collecting is not None:
            # A build-depends value continues on lines indented deeper than the field name.
            if indent > field_indent and not _ANY_FIELD.match(line):
                collecting.append(line.strip())
                continue
            chunks.append((field_typ, " ".join(collecting)))
            collecting = None
        if indent == 0 and _SECTION.match(line):
            typ = _section_type(line)
            continue
        m = _FIELD.match(line)
        if m:
            field_indent = len(m.group(1))
            field_typ = "build" if m.group(2).lower() == "build-tool-depends" else typ
            collecting = [m.group(3).strip()]
    if collecting is not None:
        chunks.append((field_typ, " ".join(collecting)))
    for typ, value in chunks:
        for item in value.split(","):
            m = _DEP.fullmatch(item.strip())
            if m and m.group(1) != own_name:  # the package's own library, used by its executables
                yield dep(ECO, m.group(1), _cabal_range(m.group(2)), typ)


_PKG_VERSION = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*?)-(\d+(?:\.\d+)*)(?:@.*)?")


@register("hackage/stack.yaml", ECO, "manifest", names("stack.yaml"))
def parse_stack_yaml(text: str, path: str) -> Iterator[Dependency | None]:
    data = as_dict(load_yaml(text))
    for item in as_list(data.get("extra-deps")):
        if isinstance(item, str):
            m = _PKG_VERSION.fullmatch(item.strip())
            if m:
                yield dep(ECO, m.group(1), m.group(2))
        # git/github/archive entries name a repository, not a Hackage package.


@register("hackage/cabal.project.freeze", ECO, "lockfile", names("cabal.project.freeze", "cabal.config"))
def parse_cabal_freeze(text: str, path: str) -> Iterator[Dependency | None]:
    m = re.search(r"^constraints\s*:(.*?)(?=^\S|\Z)", text, re.MULTILINE | re.DOTALL)
    if not m:
        return
    for item in m.group(1).split(","):
        c = re.fullmatch(r"\s*(?:any\.)?([A-Za-z0-9][A-Za-z0-9-]*)\s*(==\s*\S+)\s*", item)
        if c:  # "any.foo +flag" lines set flags, not versions
            yield dep(ECO, c.group(1), c.group(2).replace(" ", "")[2:], "runtime", False)
