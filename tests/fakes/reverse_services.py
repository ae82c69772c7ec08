"""Imitations of the reverse-lookup services, serving one "universe" of who depends on what.

- ecosyste.ms: usage summary, dependency rows with keyset pagination (``after``/``per_page``),
  owners, and the packages.ecosyste.ms purl lookup.
- GitHub's dependents page: HTML in two markup variants, a package selector for multi-package
  repositories, ``dependents_after`` cursor chains, a chain that stops early (as GitHub's does near
  2,000) and a headline that counts private dependents never listed.
- Libraries.io: project metadata and dependent_repositories pages; records the api_key it got.
- GitHub REST: /orgs/{login} and /users/{login} for owner enrichment.

Faults are queued per service and URL substring: HTTP statuses (500, 502, 429 with retry-after),
``"timeout"`` (httpx.ReadTimeout) and ``"interrupt"`` (KeyboardInterrupt, a killed process).
Every request is logged so tests can count what was asked. One ``httpx.MockTransport`` routes by
host; ``serve()`` puts a service on a real socket on 127.0.0.1 for an end-to-end check.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import httpx
from wump.config import EcosystemsOptions, GitHubOptions, LibrariesIOOptions, Settings

UNIVERSE = Path(__file__).resolve().parents[1] / "fixtures" / "reverse" / "universe.json"
HOSTS = {"ecosystems.test": "ecosystems", "github.test": "github_web", "libraries.test": "librariesio",
         "api.github.test": "github_api"}
URLS = {"ecosystems": "http://ecosystems.test", "github_web": "http://github.test",
        "librariesio": "http://libraries.test", "github_api": "http://api.github.test"}


def fake_settings(data_dir: Path, *, urls: dict[str, str] | None = None, mailto: str | None = None,
                  ecosystems_per_page: int = 1000, interval: float = 1.0, **fields) -> Settings:
    """Settings whose every service URL points at these fakes (``urls`` by service key)."""
    urls = {**URLS, **(urls or {})}
    return Settings(
        data_dir=data_dir,
        github=GitHubOptions(api_url=urls["github_api"], web_url=urls["github_web"], dependents_interval=interval),
        ecosystems=EcosystemsOptions(url=urls["ecosystems"], mailto=mailto, per_page=ecosystems_per_page),
        librariesio=LibrariesIOOptions(url=urls["librariesio"], interval=interval), **fields)
ECOSYSTEMS_NAMES = {"pypi": "pypi", "npm": "npm"}
PLATFORMS = {"pypi": "pypi", "npm": "npm"}


def load_universe(path: Path = UNIVERSE) -> dict:
    """The fixture with its synthetic long tail expanded (deterministically)."""
    universe = json.loads(path.read_text(encoding="utf-8"))
    for package in universe["packages"].values():
        synthetic = package.pop("synthetic", None)
        if not synthetic:
            continue
        prefix = synthetic["prefix"]
        for i in range(synthetic["orgs"] + synthetic["users"]):
            is_org = i < synthetic["orgs"]
            login = f"{prefix}-{'org' if is_org else 'dev'}-{i:03d}"
            universe["owners"][login] = {"type": "Organization" if is_org else "User",
                                         "ecosystems": {"kind": "organization" if is_org else "user"}}
            package["dependents"].append({
                "repo": f"{login}/{prefix}-service-{i}", "stars": (i * 37) % 500,
                "sources": list(synthetic["sources"]),
                "manifests": [{"path": "requirements.txt", "requirement": f">={i % 9}.0", "type": "runtime"}],
            })
    for package in universe["packages"].values():
        for dependent in package["dependents"]:
            dependent.setdefault("manifests", [{"path": "requirements.txt", "requirement": "*", "type": "runtime"}])
    return universe


def truth_edges(universe: dict, spec: str, source: str | None = None) -> set[str]:
    """full_names of the repositories depending on ``spec`` (as any source, or as ``source``)."""
    return {d["repo"] for d in universe["packages"][spec]["dependents"] if source is None or source in d["sources"]}


def truth_organizations(universe: dict, spec: str) -> set[str]:
    """The organizations that declare ``spec`` (in a manifest, not only a lockfile) in a repository."""
    return {d["repo"].split("/")[0] for d in universe["packages"][spec]["dependents"]
            if universe["owners"].get(d["repo"].split("/")[0], {}).get("type") == "Organization"
            and any(m.get("direct", True) for m in d["manifests"])}


_PACKAGE_JSON_GROUPS = {"development": "devDependencies", "optional": "optionalDependencies",
                        "peer": "peerDependencies"}


def manifest_file(path: str, entries: list[tuple[str, str, dict]]) -> bytes | None:
    """A file at ``path`` declaring (or, for a lockfile, resolving) each (ecosystem, name,
    manifest entry of the universe); None for a format the fake does not write."""
    base = path.rsplit("/", 1)[-1]
    if base == "package.json":
        body: dict = {"name": "app", "version": "1.0.0"}
        for _, name, manifest in entries:
            body.setdefault(_PACKAGE_JSON_GROUPS.get(manifest.get("type"), "dependencies"), {})[name] = \
                manifest["requirement"]
        return json.dumps(body, indent=2).encode()
    if base == "package-lock.json":
        packages = {"": {"name": "app"}, **{f"node_modules/{name}": {"version": m["requirement"]}
                                            for _, name, m in entries}}
        return json.dumps({"name": "app", "lockfileVersion": 3, "packages": packages}).encode()
    if base == "yarn.lock":
        return "".join(f'"{name}@^{m["requirement"]}":\n  version "{m["requirement"]}"\n\n'
                       for _, name, m in entries).encode()
    if base in ("poetry.lock", "uv.lock"):
        return ("version = 1\n" if base == "uv.lock" else "") .encode() + "".join(
            f'[[package]]\nname = "{name}"\nversion = "{m["requirement"]}"\n\n' for _, name, m in entries).encode()
    if base == "pyproject.toml":
        def spec(name: str, requirement: str) -> str:
            return f'"{name}{"" if requirement == "*" else requirement}"'

        runtime = [spec(n, m["requirement"]) for _, n, m in entries if m.get("type") in (None, "runtime")]
        other = [spec(n, m["requirement"]) for _, n, m in entries if m.get("type") not in (None, "runtime")]
        text = f'[project]\nname = "app"\nversion = "1.0"\ndependencies = [{", ".join(runtime)}]\n'
        if other:
            text += f'\n[project.optional-dependencies]\nextra = [{", ".join(other)}]\n'
        return text.encode()
    if base.endswith((".txt", ".in")) and "requirements" in base:
        lines = []
        for _, name, manifest in entries:
            requirement = manifest["requirement"]
            pinned = manifest.get("kind") == "lockfile"
            lines.append(f"{name}=={requirement}" if pinned else name + ("" if requirement == "*" else requirement))
        return ("\n".join(lines) + "\n").encode()
    return None


@dataclass
class Fault:
    service: str
    match: str
    responses: list  # int status, "timeout", "interrupt", or (status, headers)


@dataclass
class FakeReverseServices:
    universe: dict = field(default_factory=load_universe)
    rows_per_page: int = 30
    chain_limit: int | None = None  # GitHub stops the cursor chain after this many rows
    variant: str = "modern"  # or "legacy" markup of the dependents page
    down: set = field(default_factory=set)  # services answering 503 to everything
    unreachable: set = field(default_factory=set)  # services whose name does not resolve
    faults: list[Fault] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    api_keys: list[str | None] = field(default_factory=list)

    def __post_init__(self):
        self._lock = threading.Lock()
        self._edge_ids: dict[str, list[tuple[int, dict, dict]]] = {}
        next_id = 1000
        for spec, package in self.universe["packages"].items():
            rows = []
            for dependent in package["dependents"]:
                if "ecosystems" in dependent["sources"]:
                    for manifest in dependent["manifests"]:
                        next_id += 7
                        rows.append((next_id, dependent, manifest))
            self._edge_ids[spec] = rows

    # --- plumbing -------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        def handler(request: httpx.Request) -> httpx.Response:
            service = HOSTS[request.url.host]
            if service in self.unreachable:
                with self._lock:
                    self.requests.append((service, request.url.raw_path.decode()))
                raise httpx.ConnectError(f"[Errno -2] Name or service not known: {request.url.host}", request=request)
            raw = request.url.raw_path.decode()
            status, headers, body = self.respond(service, raw)
            return httpx.Response(status, headers=headers, content=body, request=request)

        return httpx.MockTransport(handler)

    def count(self, service: str, contains: str = "") -> int:
        return sum(1 for s, url in self.requests if s == service and contains in url)

    def respond(self, service: str, raw: str) -> tuple[int, dict, bytes]:
        with self._lock:
            self.requests.append((service, raw))
            for fault in self.faults:
                if fault.service == service and fault.match in raw and fault.responses:
                    action = fault.responses.pop(0)
                    if action == "timeout":
                        raise httpx.ReadTimeout("the fake stalled", request=None)
                    if action == "interrupt":
                        raise KeyboardInterrupt("the process was killed")
                    status, headers = action if isinstance(action, tuple) else (action, {})
                    return status, headers, b"fault"
        if service in self.down:
            return 503, {}, b"service unavailable"
        split = urlsplit(raw)
        segments = [unquote(s) for s in split.path.split("/") if s]
        query = {k: v[0] for k, v in parse_qs(split.query).items()}
        handler = getattr(self, f"_{service}")
        result = handler(segments, query)
        if isinstance(result, tuple):
            return result
        if result is None:
            return 404, {"content-type": "application/json"}, b'{"error":"not found"}'
        if isinstance(result, str):
            return 200, {"content-type": "text/html; charset=utf-8"}, result.encode()
        return 200, {"content-type": "application/json"}, json.dumps(result).encode()

    def _spec(self, ecosystem_name: str, name: str) -> str | None:
        eco = {v: k for k, v in ECOSYSTEMS_NAMES.items()}.get(ecosystem_name)
        spec = f"{eco}/{name}"
        package = self.universe["packages"].get(spec)
        return spec if package and not package.get("menu_only") else None

    # --- ecosyste.ms ----------------------------------------------------------------------

    def _ecosystems(self, segments: list[str], query: dict):
        if segments[:3] == ["api", "v1", "usage"] and len(segments) >= 5:
            spec = self._spec(segments[3], segments[4])
            if spec is None:
                return None
            rows = self._edge_ids[spec]
            if len(segments) == 5:
                repos = {d["repo"] for _, d, _ in rows}
                return {"ecosystem": segments[3], "name": segments[4], "dependents_count": len(repos) + 3,
                        "requirements": 42, "kind": "runtime", "direct": True}
            if segments[5] == "dependencies":
                after = int(query.get("after", 0))
                per_page = min(int(query.get("per_page", 30)), 1000)
                page = [r for r in rows if r[0] > after][:per_page]
                return [self._ecosystems_row(spec, *r) for r in page]
        if segments[:4] == ["api", "v1", "hosts", "GitHub"] and len(segments) == 6 and segments[4] == "owners":
            owner = self.universe["owners"].get(segments[5])
            info = (owner or {}).get("ecosystems")
            if info is None:
                return None
            return {"login": segments[5], "name": owner.get("name"), "uuid": "x", "kind": info.get("kind"),
                    "website": info.get("website"), "funding_links": info.get("funding_links", []),
                    "html_url": f"https://github.com/{segments[5]}", "repositories_count": 10,
                    "metadata": {"has_sponsors_listing": info.get("has_sponsors_listing", False)}}
        if segments == ["api", "v1", "packages", "lookup"]:
            purl = query.get("purl", "")
            for spec, package in self.universe["packages"].items():
                eco, name = spec.split("/", 1)
                expected = f"pkg:{eco}/{quote(name, safe='/').replace('@', '%40')}"
                if purl == expected and "ecosystems" in package.get("repository_in", []):
                    return [{"name": name, "ecosystem": eco, "description": package.get("description"),
                             "repository_url": f"https://github.com/{package['repository']}",
                             "latest_release_number": "1.0.0"}]
            return []
        return None

    def _ecosystems_row(self, spec: str, edge_id: int, dependent: dict, manifest: dict) -> dict:
        eco, name = spec.split("/", 1)
        owner = dependent["repo"].split("/")[0]
        return {
            "id": edge_id, "package_name": name, "ecosystem": ECOSYSTEMS_NAMES[eco],
            "requirements": manifest.get("requirement", "*"), "direct": manifest.get("direct", True),
            "kind": manifest.get("type", "runtime"), "optional": manifest.get("optional", False),
            "repository": {
                "id": edge_id * 3, "full_name": dependent["repo"], "owner": owner,
                "html_url": f"https://github.com/{dependent['repo']}", "stargazers_count": dependent.get("stars"),
                "fork": dependent.get("fork", False), "archived": dependent.get("archived", False),
                "pushed_at": "2025-06-01T10:00:00.000Z", "language": "Python", "default_branch": "main",
                "created_at": "2019-01-01T00:00:00.000Z", "topics": ["lots", "of", "fields"],
                "metadata": {"large": "x" * 200}, "commit_stats": {"total_commits": 1},
            },
            "manifest": {"ecosystem": ECOSYSTEMS_NAMES[eco], "filepath": manifest["path"], "sha": None,
                         "kind": manifest.get("kind", "manifest"), "created_at": "2024-03-01T00:00:00.000Z",
                         "updated_at": "2025-01-01T00:00:00.000Z"},
        }

    # --- GitHub's dependents page -----------------------------------------------------------

    def _menu(self, repository: str) -> list[tuple[str, str, str]]:
        """(package_id, name, spec) for every package the repository publishes."""
        entries = []
        for spec, package in self.universe["packages"].items():
            if package["repository"] == repository:
                for pid, label in package.get("menu", []):
                    entries.append((pid, label, f"{spec.split('/', 1)[0]}/{label}"))
        if not entries:
            for spec, package in self.universe["packages"].items():
                if package["repository"] == repository:
                    entries.append(("", spec.split("/", 1)[1], spec))
        return entries

    def _github_web(self, segments: list[str], query: dict):
        if len(segments) != 4 or segments[2:] != ["network", "dependents"]:
            return None
        repository = "/".join(segments[:2])
        menu = self._menu(repository)
        if not menu:
            return None
        pid = query.get("package_id")
        entry = next((e for e in menu if e[0] == pid), menu[0]) if pid else menu[0]
        package = self.universe["packages"][entry[2]]
        rows = [d for d in package["dependents"] if "github-dependents" in d["sources"]]
        offset = 0
        if query.get("dependents_after"):
            offset = int(base64.b64decode(query["dependents_after"]).decode().split(":")[1])
        limit = len(rows) if self.chain_limit is None else min(len(rows), self.chain_limit)
        page = rows[offset:offset + self.rows_per_page]
        nxt = None
        if offset + self.rows_per_page < limit:
            nxt = base64.b64encode(f"cursor:{offset + self.rows_per_page}".encode()).decode()
        headline = len(rows) + package.get("private_dependents", 0)
        menu_entries = menu if len(menu) > 1 or menu[0][0] else []
        return render_dependents_page(repository, entry, menu_entries, page, headline, nxt, self.universe["owners"],
                                      self.variant)

    # --- Libraries.io -----------------------------------------------------------------------

    def _librariesio(self, segments: list[str], query: dict):
        self.api_keys.append(query.get("api_key"))
        if segments[:1] != ["api"] or len(segments) < 3:
            return None
        spec = self._spec(segments[1], segments[2])
        if spec is None:
            return None
        package = self.universe["packages"][spec]
        rows = [d for d in package["dependents"] if "librariesio-api" in d["sources"]]
        if len(segments) == 3:
            repository_url = (f"https://github.com/{package['repository']}"
                              if "librariesio-api" in package.get("repository_in", []) else None)
            return {"name": segments[2], "platform": "Pypi", "description": package.get("description"),
                    "homepage": "https://example.org", "repository_url": repository_url,
                    "latest_release_number": "1.0.0", "dependent_repos_count": len(rows) + 7,
                    "dependents_count": 99, "versions": [{"number": "0.1"}] * 3}
        if segments[3] == "dependent_repositories":
            page, per_page = int(query.get("page", 1)), int(query.get("per_page", 30))
            chunk = rows[(page - 1) * per_page: page * per_page]
            return [{"full_name": d["repo"], "host_type": "GitHub", "fork": d.get("fork", False),
                     "stargazers_count": d.get("stars"), "language": "Python", "pushed_at": "2025-05-01T00:00:00.000Z",
                     "default_branch": "main", "private": False, "description": "..."} for d in chunk]
        return None

    # --- GitHub REST ------------------------------------------------------------------------

    def _github_api(self, segments: list[str], query: dict):
        if segments[:1] == ["repos"]:
            return self._github_repository(segments[1:])
        if len(segments) != 2 or segments[0] not in ("orgs", "users"):
            return None
        login = segments[1]
        owner = self.universe["owners"].get(login)
        if owner is None or owner.get("type") is None:
            return None
        if owner.get("github_fails"):
            return 502, {}, b"bad gateway"
        if segments[0] == "orgs" and owner["type"] != "Organization":
            return None
        body = {"login": login, "type": owner["type"], "name": owner.get("name"),
                "html_url": f"https://github.com/{login}", "public_repos": 12, "created_at": "2012-01-01T00:00:00Z"}
        if segments[0] == "orgs":
            body.update({"blog": owner.get("blog", ""), "company": None, "location": "Earth",
                         "is_verified": owner.get("is_verified", False)})
        return body

    def _repository_files(self, full_name: str) -> dict[str, bytes]:
        """The repository's manifest files, written from what the universe says it declares."""
        entries: dict[str, list[tuple[str, str, dict]]] = {}
        for spec, package in self.universe["packages"].items():
            ecosystem, name = spec.split("/", 1)
            for dependent in package["dependents"]:
                if dependent["repo"].lower() == full_name.lower():
                    for manifest in dependent["manifests"]:
                        entries.setdefault(manifest["path"], []).append((ecosystem, name, manifest))
        files = {path: manifest_file(path, found) for path, found in entries.items()}
        return {path: content for path, content in files.items() if content is not None}

    def _github_repository(self, segments: list[str]):
        """/repos/{owner}/{name}, its tree (?recursive=1) and blobs, for every repository of the universe."""
        if len(segments) < 2:
            return None
        full_name = "/".join(segments[:2])
        dependent = next((d for p in self.universe["packages"].values() for d in p["dependents"]
                          if d["repo"].lower() == full_name.lower()), None)
        if dependent is None:
            return None
        login = dependent["repo"].split("/")[0]
        owner_type = (self.universe["owners"].get(login) or {}).get("type")
        if owner_type is None:
            return None  # the account is gone, and its repositories with it
        files = self._repository_files(full_name)
        blobs = {hashlib.sha1(content).hexdigest(): content for content in files.values()}
        rest = segments[2:]
        if not rest:
            return {"full_name": dependent["repo"], "name": segments[1], "owner": {"login": login, "type": owner_type},
                    "html_url": f"https://github.com/{dependent['repo']}", "default_branch": "main",
                    "stargazers_count": dependent.get("stars", 0), "fork": dependent.get("fork", False),
                    "archived": False, "size": 100, "language": "Python",
                    "pushed_at": "2025-05-01T00:00:00Z", "created_at": "2020-01-01T00:00:00Z"}
        if rest[:2] == ["git", "trees"]:
            return {"sha": "0" * 40, "truncated": False, "tree": [
                {"path": path, "type": "blob", "sha": hashlib.sha1(content).hexdigest(), "size": len(content)}
                for path, content in sorted(files.items())]}
        if rest[:2] == ["git", "blobs"] and len(rest) == 3 and rest[2] in blobs:
            return {"sha": rest[2], "encoding": "base64", "content": base64.b64encode(blobs[rest[2]]).decode()}
        return None

    # --- a real socket ---------------------------------------------------------------------

    def serve(self, service: str) -> tuple[ThreadingHTTPServer, str]:
        """Serve one service on 127.0.0.1 (random port); returns (server, base URL)."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                try:
                    status, headers, body = fake.respond(service, self.path)
                except httpx.TimeoutException:
                    status, headers, body = 504, {}, b"timeout"
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}"


def render_dependents_page(repository: str, entry: tuple, menu: list, rows: list[dict], headline: int,
                           next_cursor: str | None, owners: dict, variant: str) -> str:
    """GitHub's dependents page, in the current markup or an older one."""
    pid, label, _ = entry
    esc = html.escape
    base = f"/{repository}/network/dependents"
    pid_q = f"&package_id={quote(pid)}" if pid else ""
    parts = ["<!DOCTYPE html><html><head><title>Network Dependents</title></head><body><main>"]
    if menu:
        items = "".join(
            f'<a class="select-menu-item" role="menuitemradio" aria-checked="{"true" if p == pid else "false"}" '
            f'href="{base}?dependent_type=REPOSITORY&amp;package_id={quote(p)}">'
            f'<span class="select-menu-item-text" data-menu-button-text>{esc(n)}</span></a>'
            for p, n, _ in menu)
        parts.append('<details class="select-menu details-reset details-overlay"><summary class="btn-link">'
                     f'Package: <span data-menu-button>{esc(label)}</span></summary>'
                     f'<div class="select-menu-modal"><div class="select-menu-list">{items}</div></div></details>')
    count = f"{headline:,}"
    if variant == "modern":
        parts.append('<div class="Box"><div class="Box-header"><div class="table-list-filters">'
                     f'<a class="btn-link selected" href="{base}?dependent_type=REPOSITORY{pid_q}">'
                     f'<svg class="octicon octicon-code-square"></svg>\n  {count}\n  Repositories</a>'
                     f'<a class="btn-link" href="{base}?dependent_type=PACKAGE{pid_q}">'
                     '<svg class="octicon octicon-package"></svg> 17 Packages</a></div></div>')
    else:
        parts.append('<div class="Box"><div class="Box-header"><div class="table-list-header-toggle">'
                     f'<a class="btn-link selected" href="{base}?dependent_type=REPOSITORY{pid_q}">{count} Repositories</a>'
                     f' <a class="btn-link" href="{base}?dependent_type=PACKAGE{pid_q}">3 Packages</a></div></div>')
    for row in rows:
        owner, name = row["repo"].split("/")
        kind = {"Organization": "organization", "User": "user"}.get((owners.get(owner) or {}).get("type"))
        stars = f"{row.get('stars') or 0:,}"
        if variant == "modern":
            hover = f' data-hovercard-type="{kind}" data-hovercard-url="/{kind}s/{owner}/hovercard"' if kind else ""
            parts.append(
                '<div class="flex-items-center d-flex Box-row" data-test-id="dg-repo-pkg-dependent">'
                f'<img class="avatar mr-2" src="https://avatars.example/{owner}" alt="@{owner}">'
                '<span class="f5 color-fg-muted" data-repository-hovercards-enabled>'
                f'<a{hover} href="/{owner}">{esc(owner)}</a> / '
                f'<a class="text-bold" data-hovercard-type="repository" data-hovercard-url="/{owner}/{name}/hovercard" '
                f'href="/{owner}/{name}">{esc(name)}</a></span>'
                '<div class="d-flex flex-auto flex-justify-end">'
                f'<span class="color-fg-muted text-bold pl-3"><svg class="octicon octicon-star"></svg>\n {stars}\n</span>'
                '<span class="color-fg-muted text-bold pl-3"><svg class="octicon octicon-repo-forked"></svg> 2</span>'
                '</div></div>')
        else:
            parts.append(
                '<div class="Box-row d-flex flex-items-center">'
                f'<img class="avatar" src="https://avatars.example/{owner}">'
                f'<span class="f5 text-gray-light"><a href="/{owner}">{esc(owner)}</a> / '
                f'<a class="text-bold" href="/{owner}/{name}">{esc(name)}</a></span>'
                f'<div class="d-flex"><span class="text-gray-light text-bold pl-3">'
                f'<svg class="octicon octicon-star" height="16"></svg> {stars}</span></div></div>')
    parts.append("</div>")
    prev = '<button class="btn btn-outline BtnGroup-item" disabled="disabled">Previous</button>'
    if next_cursor:
        nxt = (f'<a rel="nofollow" class="btn btn-outline BtnGroup-item" '
               f'href="https://github.com/{repository}/network/dependents?dependents_after={quote(next_cursor)}{pid_q}">Next</a>')
    else:
        nxt = '<button class="btn btn-outline BtnGroup-item" disabled="disabled">Next</button>'
    parts.append(f'<div class="paginate-container"><div class="BtnGroup" data-test-selector="pagination">{prev}{nxt}'
                 "</div></div></main></body></html>")
    return "".join(parts)
