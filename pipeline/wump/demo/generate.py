"""Generate the bundled offline demo: a snapshot of GitHub API responses, deterministic by seed.

    python -m wump.demo.generate            # rewrites pipeline/wump/demo/github.json and ecosystems.json

The snapshot is wump's own invention in GitHub's response shapes: real-world organization names
(plus a few personal accounts) owning 3–10 repositories each, with stars, forks, archived flags,
push dates, dependency-graph SBOMs (SPDX 2.3 with purls) and manifest files in git trees and
blobs. The GitHub client reads it through a swapped HTTP transport, exactly as it reads the live
API. Same seed, same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEED = 20261126
SNAPSHOT = Path(__file__).with_name("github.json")
ECOSYSTEMS_SNAPSHOT = Path(__file__).with_name("ecosystems.json")
NOW = datetime(2026, 11, 1, tzinfo=UTC)

# login → (display name, website, languages the org writes, verified)
ORGANIZATIONS = {
    "netflix": ("Netflix, Inc.", "https://netflix.github.io", ["Python", "Java", "JavaScript"], True),
    "shopify": ("Shopify", "https://shopify.engineering", ["Ruby", "TypeScript", "Go"], True),
    "stripe": ("Stripe", "https://stripe.com", ["Ruby", "Python", "TypeScript"], True),
    "airbnb": ("Airbnb", "https://airbnb.io", ["JavaScript", "Python", "Java"], True),
    "uber": ("Uber Open Source", "https://uber.github.io", ["Go", "Python", "Java"], True),
    "spotify": ("Spotify", "https://spotify.github.io", ["Python", "Java", "TypeScript"], True),
    "microsoft": ("Microsoft", "https://opensource.microsoft.com", ["TypeScript", "Python", "Rust"], True),
    "mozilla": ("Mozilla", "https://www.mozilla.org", ["Rust", "Python", "JavaScript"], True),
    "vercel": ("Vercel", "https://vercel.com", ["TypeScript", "JavaScript", "Rust"], True),
    "cloudflare": ("Cloudflare", "https://www.cloudflare.com", ["Rust", "Go", "TypeScript"], True),
    "datadog": ("Datadog, Inc.", "https://www.datadoghq.com", ["Go", "Python", "Ruby"], True),
    "elastic": ("elastic", "https://www.elastic.co", ["Java", "Go", "TypeScript"], True),
    "hashicorp": ("HashiCorp", "https://www.hashicorp.com", ["Go", "Go", "TypeScript"], True),
    "twilio": ("Twilio", "https://www.twilio.com", ["Python", "JavaScript", "Java"], False),
    "lyft": ("Lyft", "https://eng.lyft.com", ["Python", "Go", "TypeScript"], True),
    "pinterest": ("Pinterest", "https://medium.com/pinterest-engineering", ["Python", "Java", "JavaScript"], False),
    "dropbox": ("Dropbox", "https://dropbox.tech", ["Python", "Go", "Rust"], True),
    "github": ("GitHub", "https://github.com/about", ["Ruby", "Go", "TypeScript"], True),
    "explosion": ("Explosion", "https://explosion.ai", ["Python", "Python", "JavaScript"], False),
    "pydantic": ("Pydantic", "https://pydantic.dev", ["Python", "Rust", "TypeScript"], False),
}
# Personal accounts: login → (display name, company, languages).
USERS = {
    "alice-dev": ("Alice Martin", "@netflix", ["Python", "TypeScript"]),
    "bkowalski": ("Bartek Kowalski", None, ["Go", "Rust"]),
    "chen-wei": ("Chen Wei", "Freelance", ["Python", "JavaScript"]),
    "dsouza-r": ("Rhea D'Souza", None, ["Ruby", "Python"]),
}

WORDS = [
    "atlas", "beacon", "cinder", "delta", "ember", "falcon", "garnet", "harbor", "iris", "juniper",
    "kepler", "lumen", "mosaic", "nimbus", "orbit", "prism", "quartz", "relay", "summit", "tundra",
    "umbra", "vertex", "willow", "xenon", "yonder", "zephyr",
]
SUFFIXES = ["api", "service", "ui", "cli", "sdk", "worker", "gateway", "tools", "pipeline", "docs"]

# Catalogue per language: (ecosystem, name, requirement, manifest type, weight). Weights make a
# few packages very popular (the ranking then has something to rank).
CATALOGUE: dict[str, list[tuple[str, str, str, str, int]]] = {
    "Python": [
        ("pypi", "fastapi", ">=0.110", "runtime", 16),
        ("pypi", "requests", ">=2.31", "runtime", 10),
        ("pypi", "pydantic", ">=2.5", "runtime", 8),
        ("pypi", "numpy", ">=1.26", "runtime", 6),
        ("pypi", "pandas", ">=2.1", "runtime", 5),
        ("pypi", "django", ">=4.2,<5", "runtime", 4),
        ("pypi", "flask", ">=3.0", "runtime", 4),
        ("pypi", "sqlalchemy", ">=2.0", "runtime", 5),
        ("pypi", "uvicorn", ">=0.27", "runtime", 5),
        ("pypi", "pytest", ">=8", "development", 9),
        ("pypi", "ruff", ">=0.4", "development", 5),
    ],
    "JavaScript": [
        ("npm", "react", "^18.2.0", "runtime", 9),
        ("npm", "lodash", "^4.17.21", "runtime", 8),
        ("npm", "express", "^4.18.2", "runtime", 7),
        ("npm", "axios", "^1.6.0", "runtime", 6),
        ("npm", "jest", "^29.7.0", "development", 7),
        ("npm", "webpack", "^5.89.0", "development", 4),
    ],
    "TypeScript": [
        ("npm", "react", "^18.2.0", "runtime", 9),
        ("npm", "next", "^14.1.0", "runtime", 6),
        ("npm", "lodash", "^4.17.21", "runtime", 5),
        ("npm", "zod", "^3.22.4", "runtime", 5),
        ("npm", "typescript", "^5.3.3", "development", 10),
        ("npm", "@types/node", "^20.11.0", "development", 9),
        ("npm", "vitest", "^1.2.0", "development", 4),
    ],
    "Go": [
        ("golang", "github.com/stretchr/testify", "v1.8.4", "runtime", 9),
        ("golang", "github.com/spf13/cobra", "v1.8.0", "runtime", 7),
        ("golang", "github.com/gin-gonic/gin", "v1.9.1", "runtime", 4),
        ("golang", "golang.org/x/net", "v0.20.0", "runtime", 6),
        ("golang", "google.golang.org/grpc", "v1.61.0", "runtime", 6),
    ],
    "Rust": [
        ("cargo", "serde", "1.0", "runtime", 10),
        ("cargo", "tokio", "1.35", "runtime", 8),
        ("cargo", "clap", "4.4", "runtime", 6),
        ("cargo", "anyhow", "1.0", "runtime", 6),
        ("cargo", "reqwest", "0.11", "runtime", 4),
        ("cargo", "criterion", "0.5", "development", 3),
    ],
    "Ruby": [
        ("gem", "rails", "~> 7.1", "runtime", 8),
        ("gem", "sidekiq", "~> 7.2", "runtime", 5),
        ("gem", "puma", "~> 6.4", "runtime", 6),
        ("gem", "nokogiri", "~> 1.16", "runtime", 5),
        ("gem", "rspec", "~> 3.12", "development", 8),
    ],
    "Java": [
        ("maven", "org.springframework.boot:spring-boot-starter-web", "3.2.2", "runtime", 8),
        ("maven", "com.google.guava:guava", "33.0.0-jre", "runtime", 7),
        ("maven", "com.fasterxml.jackson.core:jackson-databind", "2.16.1", "runtime", 7),
        ("maven", "org.slf4j:slf4j-api", "2.0.11", "runtime", 6),
        ("maven", "org.junit.jupiter:junit-jupiter", "5.10.1", "test", 8),
    ],
}
# What the popular packages pull in (SBOM relationships make these transitive edges).
TRANSITIVE = {
    ("pypi", "fastapi"): [("pypi", "starlette", "0.36.3"), ("pypi", "pydantic", "2.6.1")],
    ("pypi", "requests"): [("pypi", "urllib3", "2.2.0"), ("pypi", "idna", "3.6"), ("pypi", "certifi", "2024.2.2")],
    ("pypi", "uvicorn"): [("pypi", "h11", "0.14.0"), ("pypi", "click", "8.1.7")],
    ("npm", "express"): [("npm", "body-parser", "1.20.2"), ("npm", "debug", "2.6.9")],
    ("npm", "next"): [("npm", "react-dom", "18.2.0"), ("npm", "postcss", "8.4.31")],
    ("npm", "axios"): [("npm", "follow-redirects", "1.15.5")],
    ("cargo", "tokio"): [("cargo", "mio", "0.8.10"), ("cargo", "bytes", "1.5.0")],
    ("cargo", "reqwest"): [("cargo", "hyper", "0.14.28")],
    ("gem", "rails"): [("gem", "rack", "3.0.9"), ("gem", "activesupport", "7.1.3")],
    ("golang", "github.com/gin-gonic/gin"): [("golang", "github.com/go-playground/validator/v10", "v10.17.0")],
}


def git_blob_sha(content: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def pick_dependencies(rng: random.Random, language: str) -> list[tuple[str, str, str, str]]:
    catalogue = CATALOGUE[language]
    count = rng.randint(2, min(6, len(catalogue)))
    chosen: list[tuple[str, str, str, str, int]] = []
    pool = list(catalogue)
    while len(chosen) < count:
        entry = rng.choices(pool, weights=[w for *_, w in pool])[0]
        pool.remove(entry)
        chosen.append(entry)
    return sorted((eco, name, req, kind) for eco, name, req, kind, _ in chosen)


def exact_version(requirement: str) -> str:
    """A plausible resolved version for a requirement (strip operators, pad to x.y.z)."""
    bare = requirement.split(",")[0].lstrip("^~>=< v")
    parts = (bare.split(".") + ["0", "0"])[:3]
    return ".".join(parts)


def manifest_files(language: str, repo: str, deps: list[tuple[str, str, str, str]]) -> dict[str, str]:
    runtime = [d for d in deps if d[3] == "runtime"]
    dev = [d for d in deps if d[3] != "runtime"]
    files: dict[str, str] = {}
    if language == "Python":
        files["requirements.txt"] = "".join(f"{n}{r}\n" for _, n, r, _ in runtime)
        if dev:
            files["requirements-dev.txt"] = "-r requirements.txt\n" + "".join(f"{n}{r}\n" for _, n, r, _ in dev)
    elif language in ("JavaScript", "TypeScript"):
        doc = {"name": repo, "version": "1.0.0", "private": True,
               "dependencies": {n: r for _, n, r, _ in runtime}}
        if dev:
            doc["devDependencies"] = {n: r for _, n, r, _ in dev}
        files["package.json"] = json.dumps(doc, indent=2) + "\n"
    elif language == "Go":
        lines = "".join(f"\t{n} {r}\n" for _, n, r, _ in deps)
        files["go.mod"] = f"module github.com/example/{repo}\n\ngo 1.21\n\nrequire (\n{lines})\n"
    elif language == "Rust":
        body = "".join(f'{n} = "{r}"\n' for _, n, r, _ in runtime)
        dev_body = "".join(f'{n} = "{r}"\n' for _, n, r, _ in dev)
        files["Cargo.toml"] = (
            f'[package]\nname = "{repo}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n{body}'
            + (f"\n[dev-dependencies]\n{dev_body}" if dev else "")
        )
    elif language == "Ruby":
        body = "".join(f"gem '{n}', '{r}'\n" for _, n, r, _ in runtime)
        dev_body = "".join(f"  gem '{n}', '{r}'\n" for _, n, r, _ in dev)
        files["Gemfile"] = "source 'https://rubygems.org'\n\n" + body + (
            f"\ngroup :development, :test do\n{dev_body}end\n" if dev else ""
        )
    elif language == "Java":
        entries = []
        for _, name, req, kind in deps:
            group, artifact = name.split(":")
            scope = "\n      <scope>test</scope>" if kind == "test" else ""
            entries.append(
                f"    <dependency>\n      <groupId>{group}</groupId>\n      <artifactId>{artifact}</artifactId>\n"
                f"      <version>{req}</version>{scope}\n    </dependency>\n"
            )
        files["pom.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
            f"  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n  <artifactId>{repo}</artifactId>\n"
            f"  <version>1.0.0</version>\n  <dependencies>\n{''.join(entries)}  </dependencies>\n</project>\n"
        )
    files[".github/workflows/ci.yml"] = (
        "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: make test\n"
    )
    files["README.md"] = f"# {repo}\n"
    return files


def spdx_sbom(owner: str, repo: str, deps: list[tuple[str, str, str, str]]) -> dict:
    from wump.identity import purl_for

    root_id = f"SPDXRef-github-{owner}-{repo}"
    packages = [{
        "SPDXID": root_id, "name": f"com.github.{owner}/{repo}", "versionInfo": "main",
        "downloadLocation": "NOASSERTION", "filesAnalyzed": False,
        "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                          "referenceLocator": f"pkg:github/{owner}/{repo}@main"}],
    }]
    relationships = [{"relationshipType": "DESCRIBES", "spdxElementId": "SPDXRef-DOCUMENT",
                      "relatedSpdxElement": root_id}]

    def add(eco: str, name: str, version_info: str, version: str | None, parent: str) -> str:
        spdx_id = f"SPDXRef-{eco}-{name}-{version or version_info}".replace("/", "-").replace(":", "-").replace("@", "")
        if not any(p["SPDXID"] == spdx_id for p in packages):
            packages.append({
                "SPDXID": spdx_id, "name": f"{eco}:{name}", "versionInfo": version_info,
                "downloadLocation": "NOASSERTION", "filesAnalyzed": False, "licenseConcluded": "NOASSERTION",
                "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                                  "referenceLocator": purl_for(eco, name, version)}],
            })
        relationships.append({"relationshipType": "DEPENDS_ON", "spdxElementId": parent,
                              "relatedSpdxElement": spdx_id})
        return spdx_id

    for eco, name, req, _kind in deps:
        resolved = exact_version(req) if eco in ("npm", "pypi", "golang") else None
        dep_id = add(eco, name, req, resolved, root_id)
        for t_eco, t_name, t_version in TRANSITIVE.get((eco, name), []):
            add(t_eco, t_name, t_version, t_version, dep_id)
    add("githubactions", "actions/checkout", "4.*.*", None, root_id)
    return {"sbom": {
        "SPDXID": "SPDXRef-DOCUMENT", "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0",
        "name": f"com.github.{owner}/{repo}",
        "documentNamespace": f"https://spdx.org/spdxdocs/protobom/{owner}-{repo}",
        "creationInfo": {"created": iso(NOW), "creators": ["Tool: protobom-v0.0.13", "Tool: GitHub.com-Dependency-Graph"]},
        "packages": packages, "relationships": relationships,
    }}


def owner_profile(login: str, kind: str, rng: random.Random, repo_count: int) -> dict:
    created = NOW - timedelta(days=rng.randint(900, 5000))
    if kind == "Organization":
        name, blog, _, verified = ORGANIZATIONS[login]
        return {"login": login, "id": rng.randint(10_000, 9_000_000), "type": "Organization", "name": name,
                "blog": blog, "company": None, "location": rng.choice(["San Francisco, CA", "Ottawa", "Stockholm", "Remote"]),
                "is_verified": verified, "public_repos": repo_count,
                "html_url": f"https://github.com/{login}", "created_at": iso(created)}
    name, company, _ = USERS[login]
    return {"login": login, "id": rng.randint(10_000_000, 90_000_000), "type": "User", "name": name,
            "blog": "", "company": company, "location": None, "public_repos": repo_count,
            "html_url": f"https://github.com/{login}", "created_at": iso(created)}


def generate(seed: int = SEED, uses: list[dict] | None = None) -> dict:
    """The GitHub snapshot. ``uses``, when given, receives one entry per (repository, declared
    dependency) — what the ecosyste.ms snapshot is built from."""
    rng = random.Random(seed)
    responses: dict[str, dict] = {}

    def put(path: str, body: object, status: int = 200) -> None:
        responses[path] = {"status": status, "body": body}

    owners = [(login, "Organization", langs) for login, (*_, langs, _v) in ORGANIZATIONS.items()]
    owners += [(login, "User", langs) for login, (*_, langs) in USERS.items()]
    for login, kind, languages in owners:
        repo_count = rng.randint(3, 10) if kind == "Organization" else rng.randint(3, 4)
        names: list[str] = []
        while len(names) < repo_count:
            candidate = f"{rng.choice(WORDS)}-{rng.choice(SUFFIXES)}"
            if candidate not in names:
                names.append(candidate)
        repos = []
        for repo in sorted(names):
            language = rng.choice(languages)
            is_fork = rng.random() < 0.12
            archived = rng.random() < 0.1
            stars = int(rng.paretovariate(1.1) * (40 if kind == "Organization" else 3))
            pushed = NOW - timedelta(days=int(rng.expovariate(1 / (900 if archived else 120))), seconds=rng.randint(0, 86_399))
            full = f"{login}/{repo}"
            repos.append({
                "id": rng.randint(1_000_000, 900_000_000), "name": repo, "full_name": full,
                "owner": {"login": login, "type": kind}, "private": False,
                "html_url": f"https://github.com/{full}", "description": f"{repo.replace('-', ' ')} by {login}",
                "fork": is_fork, "archived": archived, "stargazers_count": stars, "language": language,
                "default_branch": "main", "pushed_at": iso(pushed),
                "created_at": iso(pushed - timedelta(days=rng.randint(30, 2000))),
            })
            deps = pick_dependencies(rng, language)
            files = manifest_files(language, repo, deps)
            if uses is not None:
                main_manifest = next(iter(files))  # the first file manifest_files writes is the main one
                for dep_eco, dep_name, dep_req, dep_kind in deps:
                    # Python keeps development dependencies in their own requirements file.
                    path = "requirements-dev.txt" if language == "Python" and dep_kind != "runtime" else main_manifest
                    uses.append({"repository": repos[-1], "ecosystem": dep_eco, "name": dep_name,
                                 "requirement": dep_req, "kind": dep_kind, "manifest": path})
            tree = []
            for path, text in sorted(files.items()):
                content = text.encode()
                sha = git_blob_sha(content)
                tree.append({"path": path, "mode": "100644", "type": "blob", "sha": sha, "size": len(content)})
                put(f"/repos/{full}/git/blobs/{sha}", {
                    "sha": sha, "size": len(content), "encoding": "base64",
                    "content": base64.encodebytes(content).decode(),
                })
            put(f"/repos/{full}/git/trees/main?recursive=1", {"sha": git_blob_sha(repo.encode()), "tree": tree, "truncated": False})
            if is_fork:
                # GitHub does not build a dependency graph for most forks: manifests alone answer.
                put(f"/repos/{full}/dependency-graph/sbom", {"message": "Not Found"}, 404)
            else:
                put(f"/repos/{full}/dependency-graph/sbom", spdx_sbom(login, repo, deps))
        list_path = "orgs" if kind == "Organization" else "users"
        query = "per_page=100&type=public" if kind == "Organization" else "per_page=100&type=owner"
        put(f"/{list_path}/{login}/repos?{query}", repos)
        profile = owner_profile(login, kind, rng, len(repos))
        put(f"/users/{login}", {k: v for k, v in profile.items() if k != "is_verified"})
        if kind == "Organization":
            put(f"/orgs/{login}", profile)
    return {
        "about": "wump offline demo: invented repositories in GitHub REST response shapes (generate.py)",
        "owners": [login for login, _, _ in owners],
        "responses": dict(sorted(responses.items())),
    }


def main() -> None:
    from wump.demo.reverse import generate_ecosystems

    uses: list[dict] = []
    SNAPSHOT.write_text(json.dumps(generate(uses=uses), indent=None, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {SNAPSHOT} ({SNAPSHOT.stat().st_size // 1024} KiB)")
    ECOSYSTEMS_SNAPSHOT.write_text(json.dumps(generate_ecosystems(uses), indent=None, sort_keys=True,
                                              separators=(",", ":")) + "\n")
    print(f"wrote {ECOSYSTEMS_SNAPSHOT} ({ECOSYSTEMS_SNAPSHOT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
