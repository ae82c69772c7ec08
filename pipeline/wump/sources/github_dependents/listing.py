"""GitHub's dependents page: the repositories GitHub's dependency graph says use a package.

``{github_web_url}/{owner}/{repo}/network/dependents?dependent_type=REPOSITORY&package_id=…`` is
HTML, 30 rows a page, chained by a ``dependents_after`` cursor in the "Next" link. A repository
that publishes several packages has a package selector menu (name → package_id); only the
package_ids whose name is the watched package are listed, so each edge is attributed to the right
package. The page is parsed with a real HTML parser and tolerates the markup variants seen over
time (``data-test-id="dg-repo-pkg-dependent"`` rows or plain ``Box-row`` rows, owner links with
or without hovercard attributes, star counts with or without the octicon).

Politeness: one request a second by default (PoliteClient ``min_interval``), waits on 429 with
``retry-after``, bounded retries. Resumability: every page read is journaled under ``cache_dir``;
an interrupted listing continues from its last cursor. GitHub stops the chain near 2,000 rows and
its headline counts private dependents it never lists, so each listing records "listed N of the
headline M".
"""

from __future__ import annotations

import logging
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

import httpx
from selectolax.lexbor import LexborHTMLParser
from tqdm import tqdm

from wump.checkpoint import listing_checkpoint
from wump.http import PoliteClient, RequestFailed, RetryPolicy
from wump.identity import normalize_name
from wump.raw import error_record as raw_error_record
from wump.raw import now_iso

log = logging.getLogger(__name__)

SOURCE = "github-dependents"
ROWS_PER_PAGE = 30
# GitHub answers the dependents page with 429s when pushed: more attempts, longer backoff.
DEPENDENTS_RETRY = {"attempts": 6, "base_delay": 2.0, "max_delay": 60.0}
_COUNT = re.compile(r"([\d][\d,.]*)\s*([kKmM]?)\s+Repositor(?:y|ies)\b")
_NUMBER = re.compile(r"([\d][\d,.]*)\s*([kKmM]?)")
# First path segments of github.com links that are never an owner.
_NOT_OWNERS = frozenset({"sponsors", "orgs", "users", "topics", "marketplace", "features", "settings", "login",
                         "apps", "about", "pricing", "site", "search", "explore", "notifications"})
OWNER_TYPES = {"organization": "Organization", "user": "User"}


@dataclass
class DependentsPage:
    rows: list[dict] = field(default_factory=list)
    headline: int | None = None
    packages: dict[str, str] = field(default_factory=dict)  # package_id → package name (menu)
    selected_package_id: str | None = None
    next_cursor: str | None = None


def parse_count(text: str) -> int | None:
    """``1,234`` → 1234, ``1.2k`` → 1200; None when there is no number."""
    match = _NUMBER.search(text or "")
    if not match:
        return None
    digits, suffix = match.group(1), match.group(2).lower()
    if suffix:
        try:
            return int(float(digits.replace(",", "")) * (1000 if suffix == "k" else 1_000_000))
        except ValueError:
            return None
    return int(re.sub(r"[,.]", "", digits))


def _query_value(href: str | None, key: str) -> str | None:
    if not href:
        return None
    values = parse_qs(urlparse(href).query).get(key)
    return values[0] if values else None


def _path_parts(href: str | None) -> list[str]:
    if not href:
        return []
    return [p for p in urlparse(href).path.split("/") if p]


def _parse_row(row) -> dict | None:
    repo_link = row.css_first('a[data-hovercard-type="repository"]')
    if repo_link is None:
        # Markup without hovercards: the first link to /owner/repo.
        repo_link = next((a for a in row.css("a[href]") if len(_path_parts(a.attributes.get("href"))) == 2
                          and _path_parts(a.attributes.get("href"))[0].lower() not in _NOT_OWNERS), None)
    if repo_link is None:
        return None
    parts = _path_parts(repo_link.attributes.get("href"))
    if len(parts) >= 2:
        owner, repo = parts[0], parts[1]
    else:
        owner_link = row.css_first("a[data-hovercard-type]")
        owner, repo = (owner_link.text(strip=True) if owner_link else ""), repo_link.text(strip=True)
    if not owner or not repo:
        return None
    owner_type = None
    for link in row.css("a[data-hovercard-type]"):
        kind = (link.attributes.get("data-hovercard-type") or "").lower()
        if kind in OWNER_TYPES and _path_parts(link.attributes.get("href"))[:1] == [owner]:
            owner_type = OWNER_TYPES[kind]
            break
    stars = forks = None
    star = row.css_first("svg.octicon-star")
    if star is not None and star.parent is not None:
        stars = parse_count(star.parent.text(strip=True))
    fork = row.css_first("svg.octicon-repo-forked")
    if fork is not None and fork.parent is not None:
        forks = parse_count(fork.parent.text(strip=True))
    return {"full_name": f"{owner}/{repo}", "owner": owner, "owner_type": owner_type, "stars": stars,
            "forks": forks}


def parse_dependents_page(html: str) -> DependentsPage:
    """Rows, headline, package menu and next cursor of one dependents page."""
    tree = LexborHTMLParser(html)
    page = DependentsPage()
    nodes = tree.css('[data-test-id="dg-repo-pkg-dependent"]')
    if not nodes:
        nodes = [n for n in tree.css(".Box-row") if n.css_first("a[href]") is not None]
    seen: set[str] = set()
    for node in nodes:
        row = _parse_row(node)
        if row and row["full_name"].lower() not in seen:
            seen.add(row["full_name"].lower())
            page.rows.append(row)

    for link in tree.css("a"):
        href = link.attributes.get("href") or ""
        match = _COUNT.search(link.text(separator=" ", strip=True))
        if match and ("dependent_type=REPOSITORY" in href or "selected" in (link.attributes.get("class") or "")):
            page.headline = parse_count(match.group(0))
            break
    if page.headline is None:
        body = tree.body.text(separator=" ", strip=True) if tree.body else ""
        match = _COUNT.search(body)
        page.headline = parse_count(match.group(0)) if match else None

    for item in tree.css('a.select-menu-item, a[role="menuitemradio"], a[role="menuitem"]'):
        package_id = _query_value(item.attributes.get("href"), "package_id")
        if not package_id or package_id in page.packages:
            continue
        label = item.css_first(".select-menu-item-text") or item
        page.packages[package_id] = label.text(strip=True)
        if item.attributes.get("aria-checked") == "true" or "selected" in (item.attributes.get("class") or "").split():
            page.selected_package_id = package_id
    if page.selected_package_id is None and page.packages:
        button = tree.css_first("[data-menu-button]")
        chosen = button.text(strip=True) if button else None
        page.selected_package_id = next((pid for pid, n in page.packages.items() if n == chosen), None)

    containers = tree.css(".paginate-container") or [tree.root]
    for container in containers:
        for link in container.css("a"):
            if link.text(strip=True).lower().startswith("next"):
                page.next_cursor = _query_value(link.attributes.get("href"), "dependents_after")
                if page.next_cursor:
                    return page
    return page


class DependentsClient:
    """Reads of GitHub's dependents page over a PoliteClient (one request a second by default)."""

    def __init__(
        self,
        base_url: str = "https://github.com",
        *,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        min_interval: float = 1.0,
        timeout: float = 30.0,
    ):
        kwargs = {"sleep": sleep} if sleep else {}
        self.http = PoliteClient(base_url, headers={"accept": "text/html"}, transport=transport, timeout=timeout,
                                 retry=retry or RetryPolicy(**DEPENDENTS_RETRY),
                                 min_interval=min_interval, **kwargs)

    def close(self) -> None:
        self.http.close()

    def page(self, repository: str, package_id: str | None = None, cursor: str | None = None) -> DependentsPage | None:
        """One page; None when GitHub has no dependents page for the repository (404)."""
        params = {"dependent_type": "REPOSITORY"}
        if package_id:
            params["package_id"] = package_id
        if cursor:
            params["dependents_after"] = cursor
        path = f"/{repository}/network/dependents"
        response = self.http.get(path, params=params)
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise RequestFailed(path, f"HTTP {response.status_code}", response.status_code)
        return parse_dependents_page(response.text)


@dataclass
class _Target:
    package_id: str  # "" = the repository's only (default) package
    package_name: str | None
    rows: list[dict] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    next_cursor: str | None = None
    cursors: set[str] = field(default_factory=set)
    pages: int = 0
    resumed_pages: int = 0
    done: bool = False
    headline: int | None = None
    stopped: str = "not started"

    def add(self, page: dict) -> None:
        for row in page["rows"]:
            key = row["full_name"].lower()
            if key not in self.seen:
                self.seen.add(key)
                self.rows.append(row)
        if page.get("headline") is not None:
            self.headline = max(self.headline or 0, page["headline"])
        self.next_cursor = page.get("next")
        if self.next_cursor:
            self.cursors.add(self.next_cursor)
        self.pages += 1
        if not self.next_cursor:
            self.done, self.stopped = True, "end of the cursor chain"


class DependentsListing:
    """The listing of one watched package's dependents from its source repository, resumable."""

    def __init__(self, client: DependentsClient, repository: str, ecosystem: str, name: str, *, cache_dir,
                 max_pages: int = 100, interactive: bool | None = None):
        self.client = client
        self.repository = repository
        self.ecosystem = ecosystem
        self.name = name
        self.max_pages = max_pages
        self.interactive = sys.stderr.isatty() if interactive is None else interactive
        self.checkpoint = listing_checkpoint(cache_dir, SOURCE, ecosystem, name)
        self.header = {"repository": repository.lower(), "ecosystem": ecosystem, "name": name}
        self.menu: dict[str, str] = {}
        self.targets: dict[str, _Target] = {}
        self.problem: str | None = None

    # --- journal ---------------------------------------------------------------------------

    def _restore(self) -> bool:
        journal = self.checkpoint.load(self.header)
        if journal is None:
            return False
        for entry in journal.pages:
            if "menu" in entry:
                self.menu = entry["menu"]
                self.problem = entry.get("problem")
                for pid in entry["targets"]:
                    self.targets[pid] = _Target(pid, self.menu.get(pid) or self.name)
            elif entry.get("package_id") in self.targets:
                self.targets[entry["package_id"]].add(entry)
        for target in self.targets.values():
            target.resumed_pages = target.pages
        return bool(self.targets) or self.problem is not None

    def _record_page(self, target: _Target, page: DependentsPage, cursor: str | None) -> None:
        entry = {"package_id": target.package_id, "cursor": cursor, "next": page.next_cursor,
                 "headline": page.headline, "rows": page.rows}
        self.checkpoint.add_page(entry)
        target.add(entry)

    # --- listing ---------------------------------------------------------------------------

    def run(self) -> None:
        """List every target package's dependents to the end of its chain (or ``max_pages``).
        Raises RequestFailed on a failure; what was read so far stays journaled and in memory."""
        if not self._restore():
            self.checkpoint.start(self.header)
            self._discover()
        for target in self.targets.values():
            self._list(target)
        if all(t.done for t in self.targets.values()):
            self.checkpoint.finish({"targets": len(self.targets)})

    def _discover(self) -> None:
        first = self.client.page(self.repository)
        if first is None:
            self.problem = (f"GitHub has no dependents page for {self.repository} (repository missing, private, "
                            "or its dependency graph is off)")
        else:
            self.menu = first.packages
            if first.packages:
                wanted = [pid for pid, pname in first.packages.items()
                          if normalize_name(self.ecosystem, pname) == self.name]
                if not wanted:
                    self.problem = (f"{self.repository} publishes {', '.join(sorted(first.packages.values()))}; "
                                    f"none of them is {self.name}")
            else:
                wanted = [first.selected_package_id or ""]
            for pid in wanted:
                self.targets[pid] = _Target(pid, first.packages.get(pid) or self.name)
        self.checkpoint.add_page({"menu": self.menu, "targets": list(self.targets), "problem": self.problem})
        if first is not None:
            default = first.selected_package_id if first.packages else ""
            if default in self.targets:
                # The page without package_id already shows this package: no second request for it.
                self._record_page(self.targets[default], first, None)

    def _list(self, target: _Target) -> None:
        if target.done:
            return
        total = math.ceil(target.headline / ROWS_PER_PAGE) if target.headline else None
        bar = tqdm(total=min(total, self.max_pages) if total else None, initial=target.pages,
                   desc=f"dependents {self.repository} {target.package_name}", unit="page",
                   disable=not self.interactive, leave=False)
        try:
            while not target.done:
                if target.pages >= self.max_pages:
                    target.done, target.stopped = True, f"stopped at the page limit ({self.max_pages})"
                    break
                cursor = target.next_cursor
                page = self.client.page(self.repository, target.package_id or None, cursor)
                if page is None:
                    raise RequestFailed(f"/{self.repository}/network/dependents", "HTTP 404 in the middle of the chain", 404)
                if page.next_cursor and page.next_cursor in target.cursors:
                    page.next_cursor = None  # a cursor loop: the chain has nothing new to give
                self._record_page(target, page, cursor)
                bar.update(1)
        finally:
            bar.close()

    # --- records ---------------------------------------------------------------------------

    def records(self, spec: str, interrupted: str | None = None) -> list[dict]:
        records: list[dict] = []
        if self.menu:
            records.append({"kind": "dependents_packages", "fetched_at": now_iso(), "spec": spec,
                            "repository": self.repository, "packages": self.menu})
        if self.problem:
            records.append(error_record(f"dependents {spec}", self.problem))
        for target in self.targets.values():
            complete = target.done and interrupted is None
            stopped = target.stopped if target.done else f"interrupted: {interrupted or 'not finished'}"
            records.append({
                "kind": "dependents_listing", "fetched_at": now_iso(), "spec": spec,
                "repository": self.repository, "package_id": target.package_id or None,
                "package_name": target.package_name, "headline": target.headline, "listed": len(target.rows),
                "pages": target.pages, "resumed_pages": target.resumed_pages, "complete": complete,
                "stopped": stopped, "rows": target.rows,
            })
            log.info("github-dependents: %s (%s) listed %d of the headline %s (%s)", self.repository,
                     target.package_name, len(target.rows), target.headline, stopped)
        return records


def fetch_dependents(client: DependentsClient, spec: str, ecosystem: str, name: str, repository: str, *,
                     cache_dir, max_pages: int = 100, interactive: bool | None = None) -> list[dict]:
    """Raw records for one watched package from GitHub's dependents page of ``repository``.

    Kinds: ``dependents_packages`` (the package selector menu: package_id → name),
    ``dependents_listing`` (per listed package_id: headline, rows, pages, complete, stopped), and
    ``error`` (the page is missing, the package is not in the menu, or the listing was interrupted —
    its rows so far are still emitted and the next run resumes from the saved cursor).
    """
    listing = DependentsListing(client, repository, ecosystem, name, cache_dir=cache_dir, max_pages=max_pages,
                                interactive=interactive)
    try:
        listing.run()
    except RequestFailed as exc:
        return [*listing.records(spec, interrupted=exc.reason),
                error_record(f"dependents {spec}", f"listing of {repository} interrupted: {exc.reason}; "
                                                   "the next run resumes from the saved cursor")]
    return listing.records(spec)


def error_record(subject: str, reason: str) -> dict:
    return raw_error_record(SOURCE, subject, reason)
