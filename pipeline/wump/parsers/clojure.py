"""Clojure (Clojars): Leiningen's project.clj and tools.deps' deps.edn, read with a small EDN-ish
reader — the file is data to us, never evaluated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from wump.parsers._core import Dependency, dep, names, register

ECO = "clojars"

_TOKEN = re.compile(
    r"""
    (?P<ws>[\s,]+)
  | (?P<comment>;[^\n]*)
  | (?P<str>"(?:[^"\\]|\\.)*")
  | (?P<open>\#\{|[(\[{])
  | (?P<close>[)\]}])
  | (?P<skip>\#_|\#'|\#|['`~@^])
  | (?P<atom>[^\s,;"()\[\]{}]+)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass
class Form:
    kind: str  # "(", "[", "{", "#{"
    items: list


class Sym(str):
    """A symbol or keyword (keywords keep their leading colon)."""


MAX_DEPTH = 200


def read_forms(text: str) -> list:
    """Top-level forms: Form for collections, str for strings, Sym for symbols/keywords/numbers."""
    root: list = []
    stack: list[Form] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"unreadable text at offset {pos}")
        pos = m.end()
        kind = m.lastgroup
        target = stack[-1].items if stack else root
        if kind in ("ws", "comment", "skip"):
            continue  # reader macros are dropped: we only need the data shape
        if kind == "open":
            if len(stack) >= MAX_DEPTH:
                raise ValueError("nested too deeply")
            form = Form(m.group(), [])
            target.append(form)
            stack.append(form)
        elif kind == "close":
            if stack:
                stack.pop()
        elif kind == "str":
            target.append(m.group()[1:-1].replace('\\"', '"'))
        else:
            target.append(Sym(m.group()))
    return root


def _pairs(form: object) -> dict:
    """A map form's key/value pairs keyed by symbol text."""
    if not isinstance(form, Form) or form.kind != "{":
        return {}
    items = form.items
    return {str(items[i]): items[i + 1] for i in range(0, len(items) - 1, 2) if isinstance(items[i], str)}


def _lein_vector(vec: object, typ: str) -> Iterator[Dependency | None]:
    if not isinstance(vec, Form):
        return
    for item in vec.items:
        if isinstance(item, Form) and item.kind == "[" and item.items and isinstance(item.items[0], Sym):
            version = (
                item.items[1] if len(item.items) > 1 and not isinstance(item.items[1], (Sym, Form)) else None
            )
            yield dep(ECO, str(item.items[0]), version, typ)


def profile_type(profile: str) -> str:
    return "test" if "test" in profile else "development"


@register("clojars/project.clj", ECO, "manifest", names("project.clj"))
def parse_project_clj(text: str, path: str) -> Iterator[Dependency | None]:
    for form in read_forms(text):
        if not (isinstance(form, Form) and form.kind == "(" and form.items and form.items[0] == "defproject"):
            continue
        body = form.items[3:]  # (defproject name "version" :key value …)
        opts = {str(body[i]): body[i + 1] for i in range(0, len(body) - 1, 2) if isinstance(body[i], Sym)}
        yield from _lein_vector(opts.get(":dependencies"), "runtime")
        for profile, settings in _pairs(opts.get(":profiles")).items():
            yield from _lein_vector(_pairs(settings).get(":dependencies"), profile_type(profile))


def _deps_map(form: object, typ: str) -> Iterator[Dependency | None]:
    for name, coord in _pairs(form).items():
        c = _pairs(coord)
        if ":local/root" in c:
            continue
        version = c.get(":mvn/version") or c.get(":git/tag") or c.get(":git/sha") or c.get(":sha")
        yield dep(
            ECO, name, version if isinstance(version, str) and not isinstance(version, Sym) else None, typ
        )


@register("clojars/deps.edn", ECO, "manifest", names("deps.edn"))
def parse_deps_edn(text: str, path: str) -> Iterator[Dependency | None]:
    forms = read_forms(text)
    top = _pairs(forms[0]) if forms else {}
    yield from _deps_map(top.get(":deps"), "runtime")
    for alias, settings in _pairs(top.get(":aliases")).items():
        s = _pairs(settings)
        for key in (":extra-deps", ":override-deps", ":replace-deps", ":deps"):
            yield from _deps_map(s.get(key), profile_type(alias))
