"""The words wump's tables use, each defined once: hosts, owner types and dependency types.

Every source spells these its own way (ecosyste.ms says ``normal``, Libraries.io ``compile``, npm
``devDependencies``); each spelling is mapped here, so the published ``dependency_type`` only ever
holds one of ``DEPENDENCY_TYPES`` (or NULL when a source said nothing we recognise).
"""

from __future__ import annotations

from urllib.parse import urlparse

GITHUB_HOST = "github.com"
# Libraries.io ``host_type`` / ecosyste.ms host names → the host part of a repository URL.
HOSTS: dict[str, str] = {"github": "github.com", "gitlab": "gitlab.com", "bitbucket": "bitbucket.org"}

# What an owner is: GitHub's two account types, ``unknown`` when no source says (never guessed) and
# ``missing`` when GitHub answers that no account has this login (deleted, renamed or suspended) —
# nobody to ask, so the default answer leaves it out like a personal account.
MISSING_OWNER = "missing"
OWNER_TYPES: tuple[str, ...] = ("Organization", "User", "unknown", MISSING_OWNER)
# The default answer: owners that may be organizations.
DEFAULT_OWNER_TYPES: tuple[str, ...] = ("Organization", "unknown")

DEPENDENCY_TYPES: tuple[str, ...] = ("runtime", "development", "test", "build", "optional", "peer", "provided")

# A source's raw dependency kind (lower-cased, spaces removed) → one of DEPENDENCY_TYPES.
RAW_KINDS: dict[str, str] = {
    **dict.fromkeys(("runtime", "normal", "dependencies", "dependency", "install", "compile", "required",
                     "requires", "require", "import", "imports", "depends", "linkingto", "main", "runtime_only"),
                    "runtime"),
    **dict.fromkeys(("development", "dev", "devdependencies", "develop", "dev-dependencies", "require-dev",
                     "suggests"), "development"),
    **dict.fromkeys(("test", "tests", "testing", "testcompile", "testruntime"), "test"),
    **dict.fromkeys(("build", "build-dependencies", "builddependencies", "build_requires", "tool_requires"), "build"),
    **dict.fromkeys(("optional", "optionaldependencies"), "optional"),
    **dict.fromkeys(("peer", "peerdependencies"), "peer"),
    "provided": "provided",
}
# When one source lists a package twice for one manifest, the strongest claim is kept.
TYPE_STRENGTH: dict[str, int] = {"runtime": 7, "peer": 6, "optional": 5, "provided": 4, "build": 3,
                                 "development": 2, "test": 1}


def dependency_type(kind: str | None, optional: bool | None = None) -> str | None:
    """The dependency type for a source's raw ``kind``; None when the kind is unknown.

    :param kind: the source's word (``normal``, ``devDependencies``, ``Development`` …).
    :param optional: the source's separate optional flag (ecosyste.ms); a runtime or unknown kind
        that is optional is ``optional``.
    """
    mapped = RAW_KINDS.get((kind or "").strip().lower().replace(" ", ""))
    if optional and mapped in (None, "runtime"):
        return "optional"
    return mapped


def host_of(url: str | None, default: str = GITHUB_HOST) -> str:
    """The host of a repository URL (``https://gitlab.com/a/b`` → ``gitlab.com``), else ``default``."""
    netloc = urlparse(url).netloc.lower() if url else ""
    return netloc.removeprefix("www.") or default


def host_for_type(host_type: str | None) -> str:
    """The host for a Libraries.io ``host_type`` (``GitHub`` → ``github.com``); GitHub when absent."""
    key = (host_type or "github").strip().lower()
    return HOSTS.get(key, key)
