"""The demo's reverse-lookup side: an ecosyste.ms snapshot for a few watched packages.

Built from the GitHub snapshot's own manifests (the same repositories, each edge with the date
ecosyste.ms first saw the manifest, spread over four years) plus what only a reverse source
knows: personal accounts and small organizations outside the crawl, some using the package only
through a lockfile. ``facebook/react`` publishes two of the packages, so an organization using
both shows what ``/api/v1/repos/facebook/react/users`` is for. Same seed, same bytes.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from wump.identity import ecosystems_name, purl_for

SEED = 20261201
START = datetime(2022, 1, 10, tzinfo=UTC)
SPAN_DAYS = 1750

# Watched in the demo: spec → (source repository, description, latest release).
PACKAGES = {
    "pypi/fastapi": ("https://github.com/fastapi/fastapi", "FastAPI framework, high performance, easy to learn",
                     "0.115.6"),
    "npm/react": ("https://github.com/facebook/react", "React is a JavaScript library for building user interfaces.",
                  "19.0.0"),
    "npm/react-dom": ("https://github.com/facebook/react", "React package for working with the DOM.", "19.0.0"),
    "npm/@types/node": ("https://github.com/DefinitelyTyped/DefinitelyTyped", "TypeScript definitions for node",
                        "22.10.2"),
}
# Owners only the reverse source sees: login → kind. Personal accounts outnumber organizations,
# as on GitHub (of 2,001 dependents listed for one popular package, 1,693 were user-owned).
EXTRA_OWNERS = {
    **{login: "user" for login in (
        "mkowalczyk", "jdoe42", "priya-s", "tkimura", "lucas-m", "anaferreira", "ole-h", "samirk", "yuki-t",
        "devon-r", "fatima-z", "georgeb", "ivanp", "noor-a", "rafael-c", "sven-l")},
    "acme-robotics": "organization", "northwind-labs": "organization", "tidepool-dev": "organization",
}
# Owners with no owner record anywhere. quietcorp is on GitLab, where wump asks nobody about owners:
# its type stays unknown (never guessed) and it is labelled so in the default answer. GitHub knows
# no account named gone-startup (deleted or renamed since ecosyste.ms read the manifest): it is
# "missing" and left out of the default answer, like a personal account.
UNDESCRIBED = ("quietcorp", "gone-startup")
HOST_OF = {"quietcorp": "gitlab.com"}
# Organizations that declare these packages in a repository of their own (so one organization
# uses both packages published from facebook/react).
DECLARED_BY = {"npm/react": ("acme-robotics",), "npm/react-dom": ("vercel", "acme-robotics"),
               "pypi/fastapi": ("quietcorp",)}
# Declared after the rest, from their own random stream, so adding them changed nothing else.
LATE_DECLARED_BY = {"pypi/fastapi": ("gone-startup",)}
WORDS = ("notes", "scratch", "demo", "playground", "bot", "site", "api", "homework", "dashboard", "tools")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _key(path: str, **params) -> str:
    return path + (f"?{urlencode(sorted(params.items()))}" if params else "")


def _row(edge_id: int, spec: str, repository: dict, requirement: str, kind: str, path: str, lockfile: bool,
         created: datetime) -> dict:
    ecosystem, _, name = spec.partition("/")
    return {
        "id": edge_id, "package_name": name, "ecosystem": ecosystems_name(ecosystem),
        "requirements": requirement, "direct": not lockfile, "kind": kind, "optional": False,
        "manifest": {"filepath": path, "kind": "lockfile" if lockfile else "manifest", "ecosystem": ecosystem,
                     "created_at": _iso(created), "updated_at": _iso(created)},
        "repository": {k: repository.get(k) for k in ("full_name", "html_url", "stargazers_count", "fork", "archived",
                                                      "pushed_at", "language", "default_branch", "created_at")}
        | {"owner": repository["owner"]["login"]},
    }


def generate_ecosystems(uses: list[dict], seed: int = SEED) -> dict:
    """The ecosyste.ms snapshot from the GitHub snapshot's ``uses`` (see ``generate.generate``)."""
    rng = random.Random(seed)
    late_rng = random.Random(seed + 1)
    responses: dict[str, dict] = {}
    next_id, late_id = 1000, 90000
    extra_repos: dict[str, dict] = {}

    def extra_repository(login: str, rng: random.Random = rng) -> dict:
        full = f"{login}/{rng.choice(WORDS)}-{rng.randint(1, 99)}"
        while full in extra_repos:
            full = f"{login}/{rng.choice(WORDS)}-{rng.randint(1, 99)}"
        pushed = START + timedelta(days=rng.randint(200, SPAN_DAYS))
        extra_repos[full] = {"full_name": full, "owner": {"login": login},
                             "html_url": f"https://{HOST_OF.get(login, 'github.com')}/{full}",
                             "stargazers_count": rng.randint(0, 12), "fork": rng.random() < 0.15, "archived": False,
                             "pushed_at": _iso(pushed), "language": None, "default_branch": "main",
                             "created_at": _iso(pushed - timedelta(days=300))}
        return extra_repos[full]

    for spec, (repository_url, description, latest) in PACKAGES.items():
        ecosystem, _, name = spec.partition("/")
        rows = []
        for use in sorted(uses, key=lambda u: u["repository"]["full_name"]):
            if (use["ecosystem"], use["name"]) != (ecosystem, name):
                continue
            next_id += 1
            created = START + timedelta(days=rng.randint(0, SPAN_DAYS))
            rows.append(_row(next_id, spec, use["repository"], use["requirement"], use["kind"], use["manifest"],
                             False, created))
        manifest = "package.json" if ecosystem == "npm" else "requirements.txt"
        for login in DECLARED_BY.get(spec, ()):
            next_id += 1
            created = START + timedelta(days=rng.randint(0, SPAN_DAYS))
            rows.append(_row(next_id, spec, extra_repository(login), f"^{latest}" if ecosystem == "npm"
                             else f">={latest}", "runtime", manifest, False, created))
        logins = sorted(EXTRA_OWNERS)
        for login in rng.sample(logins, k=min(len(logins), 12 if ecosystem == "pypi" else 9)):
            next_id += 1
            lockfile = EXTRA_OWNERS.get(login) == "organization" and rng.random() < 0.5
            path = ("package-lock.json" if lockfile else manifest) if ecosystem == "npm" else (
                "poetry.lock" if lockfile else manifest)
            created = START + timedelta(days=rng.randint(0, SPAN_DAYS))
            rows.append(_row(next_id, spec, extra_repository(login), latest if lockfile else f">={latest[:4]}",
                             "runtime", path, lockfile, created))
        for login in LATE_DECLARED_BY.get(spec, ()):
            late_id += 1
            created = START + timedelta(days=late_rng.randint(0, SPAN_DAYS))
            rows.append(_row(late_id, spec, extra_repository(login, late_rng), f">={latest}", "runtime", manifest,
                             False, created))
        base = f"/api/v1/usage/{ecosystems_name(ecosystem)}/{name}"
        responses[_key(base)] = {"status": 200, "body": {"ecosystem": ecosystems_name(ecosystem), "name": name,
                                                         "dependents_count": len(rows)}}
        responses[_key(f"{base}/dependencies", per_page=1000)] = {"status": 200, "body": rows}
        responses[_key("/api/v1/packages/lookup", purl=purl_for(ecosystem, name))] = {"status": 200, "body": [{
            "name": name, "ecosystem": ecosystems_name(ecosystem), "description": description,
            "homepage": repository_url, "repository_url": repository_url, "latest_release_number": latest,
            "purl": purl_for(ecosystem, name)}]}
    for login, kind in EXTRA_OWNERS.items():
        responses[_key(f"/api/v1/hosts/GitHub/owners/{login}")] = {"status": 200, "body": {
            "login": login, "name": login.replace("-", " ").title(), "kind": kind,
            "website": f"https://{login}.example" if kind == "organization" else None,
            "html_url": f"https://github.com/{login}", "funding_links": [], "repositories_count": 3}}
        # GitHub knows them too (owner enrichment asks both), as it knows every account.
        profile = {"login": login, "type": "Organization" if kind == "organization" else "User",
                   "name": login.replace("-", " ").title(), "html_url": f"https://github.com/{login}",
                   "blog": f"https://{login}.example" if kind == "organization" else "", "public_repos": 3,
                   "created_at": "2019-03-01T00:00:00Z"}
        responses[_key(f"/users/{login}")] = {"status": 200, "body": profile}
        if kind == "organization":
            responses[_key(f"/orgs/{login}")] = {"status": 200, "body": {**profile, "is_verified": False}}
    return {"about": "wump offline demo: invented ecosyste.ms responses for the demo's watched packages, and "
                     "GitHub profiles of the owners only ecosyste.ms names",
            "packages": list(PACKAGES), "responses": dict(sorted(responses.items()))}
