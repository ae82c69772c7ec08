"""Package and owner identity: ecosystems are purl types, names follow each ecosystem's rules.

Every source (GitHub SBOM purls, manifests, ecosyste.ms, Libraries.io) names packages its own way;
everything passes through here so that one package has exactly one (ecosystem, name) key.
"""

from __future__ import annotations

import re

from packageurl import PackageURL

# Libraries.io / ecosyste.ms platform names (lower-cased) → purl types.
PLATFORM_TO_ECOSYSTEM: dict[str, str] = {
    "npm": "npm",
    "pypi": "pypi",
    "go": "golang",
    "golang": "golang",
    "cargo": "cargo",
    "crates": "cargo",
    "rubygems": "gem",
    "gem": "gem",
    "maven": "maven",
    "nuget": "nuget",
    "packagist": "composer",
    "composer": "composer",
    "hex": "hex",
    "pub": "pub",
    "cocoapods": "cocoapods",
    "swiftpm": "swift",
    "swift": "swift",
    "conda": "conda",
    "actions": "githubactions",
    "githubactions": "githubactions",
    "github actions": "githubactions",
    "bower": "bower",
    "carthage": "carthage",
    "cran": "cran",
    "cpan": "cpan",
    "hackage": "hackage",
    "julia": "julia",
    "clojars": "clojars",
    "elm": "elm",
    "dub": "dub",
    "haxelib": "haxelib",
    "conan": "conan",
    "vcpkg": "vcpkg",
    "shards": "shards",
    "docker": "docker",
    "meteor": "meteor",
    "puppet": "puppet",
    "pypi-conda": "conda",
}

KNOWN_ECOSYSTEMS: frozenset[str] = frozenset(PLATFORM_TO_ECOSYSTEM.values())

_PEP503 = re.compile(r"[-_.]+")


def ecosystem_for_platform(platform: str) -> str:
    """The purl type for a Libraries.io/ecosyste.ms platform name; unknown names are lower-cased."""
    key = platform.strip().lower()
    return PLATFORM_TO_ECOSYSTEM.get(key, key)


def normalize_name(ecosystem: str, name: str) -> str:
    """A package name as its ecosystem compares names (PEP 503 for PyPI, case rules elsewhere)."""
    name = name.strip()
    if ecosystem == "pypi":
        return _PEP503.sub("-", name).lower()
    if ecosystem in {"npm", "nuget", "composer", "githubactions", "cargo"}:
        # npm names are lower-case by rule; NuGet, Packagist and Actions compare case-insensitively.
        # Cargo treats - and _ as distinct but crates.io names are case-insensitive.
        return name.lower()
    if ecosystem == "maven":
        # Maven coordinates are case-sensitive; unify the two common separators to group:artifact.
        return name.replace("/", ":")
    if ecosystem == "golang":
        return name
    return name


def purl_for(ecosystem: str, name: str, version: str | None = None) -> str:
    """The package URL for an (ecosystem, normalized name), without qualifiers."""
    namespace: str | None = None
    short = name
    if ecosystem == "maven" and ":" in name:
        namespace, short = name.split(":", 1)
    elif ecosystem == "npm" and name.startswith("@") and "/" in name:
        namespace, short = name.split("/", 1)
    elif "/" in name and ecosystem in {"golang", "composer", "githubactions", "swift", "docker"}:
        namespace, short = name.rsplit("/", 1)
    return PackageURL(type=ecosystem, namespace=namespace, name=short, version=version or None).to_string()


def package_from_purl(purl: str) -> tuple[str, str, str | None]:
    """(ecosystem, normalized name, version) from a purl such as ``pkg:npm/%40types/node@1.0``."""
    parsed = PackageURL.from_string(purl)
    ecosystem = parsed.type.lower()
    if ecosystem == "github":
        # GitHub's SBOM names Actions as pkg:githubactions; older exports used pkg:github.
        ecosystem = "githubactions"
    if parsed.namespace:
        sep = ":" if ecosystem == "maven" else "/"
        name = f"{parsed.namespace}{sep}{parsed.name}"
    else:
        name = parsed.name
    return ecosystem, normalize_name(ecosystem, name), parsed.version


def split_full_name(full_name: str) -> tuple[str, str]:
    """('owner', 'repo') from 'owner/repo'."""
    owner, _, repo = full_name.partition("/")
    if not owner or not repo:
        raise ValueError(f"not an owner/repo name: {full_name!r}")
    return owner, repo
