"""CRAN: an R package's DESCRIPTION file (Debian-control format)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wump.parsers._core import Dependency, dep, names, register

ECO = "cran"

FIELDS = {
    "Depends": "runtime",
    "Imports": "runtime",
    "LinkingTo": "build",  # C/C++ headers needed to compile
    "Suggests": "optional",
    "Enhances": "optional",
}

_ENTRY = re.compile(r"([A-Za-z][A-Za-z0-9.]*)\s*(?:\(([^)]*)\))?")


def control_fields(text: str) -> dict[str, str]:
    """Fields of a control file; indented lines continue the previous field."""
    fields: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        if line[:1].isspace() and current:
            fields[current] += " " + line.strip()
        elif ":" in line:
            key, _, value = line.partition(":")
            current = key.strip()
            fields[current] = value.strip()
        else:
            current = None
    return fields


@register("cran/DESCRIPTION", ECO, "manifest", names("DESCRIPTION"), encodings=("utf-8", "latin-1"))
def parse_description(text: str, path: str) -> Iterator[Dependency | None]:
    # Old packages declare "Encoding: latin1"; hence the latin-1 fallback above.
    fields = control_fields(text)
    for field, typ in FIELDS.items():
        for item in fields.get(field, "").split(","):
            m = _ENTRY.fullmatch(item.strip())
            if m and m.group(1) != "R":  # "R (>= 3.5)" is the interpreter
                req = re.sub(r"\s+", " ", m.group(2)).strip() if m.group(2) else None
                yield dep(ECO, m.group(1), req, typ)
