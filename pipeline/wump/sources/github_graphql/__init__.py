"""GitHub GraphQL: does an owner have a GitHub Sponsors listing, how many accounts does it sponsor
publicly, and who sponsors the maintainer (``[maintainer] github``). Token required.

Signals (label ``github-graphql``): ``sponsors_listing`` (true/false), ``sponsoring_count``
(accounts it sponsors publicly), ``sponsors_maintainer`` (on each sponsor of the maintainer; value:
the maintainer's login) and ``maintainer_sponsors_listed`` (on the maintainer: how many sponsors
were read, so "not among them" means something). Answers are cached per login like owner
enrichment's (``cache/owners/github-graphql/``); only logins whose answer expired are asked.
"""

from __future__ import annotations

import os

from wump.config import Settings
from wump.http import RequestFailed
from wump.normalize import parse_time
from wump.sources.base import SignalRequest, SignalRows, SignalSource, Transports
from wump.sources.github_graphql.client import GraphQLClient

SOURCE = "github-graphql"
MAINTAINER_CACHE = "github-graphql-sponsors"


def sponsors_url(login: str) -> str:
    return f"https://github.com/sponsors/{login}"


class GitHubGraphQL(SignalSource):
    name = SOURCE
    service = "github_graphql"

    def client(self, settings: Settings, transports: Transports = None, sleep=None):
        token = os.environ.get("GITHUB_TOKEN")
        if not token:
            if not settings.use_demo:
                return None, ("not asked: GitHub's GraphQL API needs a token; set GITHUB_TOKEN for Sponsors "
                              "listings, public sponsorships and the maintainer's sponsors")
            token = "demo"  # the offline demo's snapshot answers without one
        return GraphQLClient(settings.github.graphql_url, token,
                             **self.client_options(settings, transports, sleep)), None

    def fetch(self, client: GraphQLClient, request: SignalRequest) -> list[dict]:
        records: list[dict] = []
        errors: list[dict] = []
        batch = max(1, request.batch)
        stale = [login for login in request.logins if request.cache.get(SOURCE, login) is None]
        for start in range(0, len(stale), batch):
            logins = stale[start:start + batch]
            if client.http.down_reason is not None:
                break
            try:
                nodes, problems = client.owners(logins)
            except RequestFailed as exc:
                if client.http.down_reason is None:
                    errors.append(self.error(f"owners {logins[0]}…{logins[-1]} ({len(logins)})", exc.reason))
                continue
            for login, node in nodes.items():
                request.cache.put(SOURCE, login, node)
            errors.extend(self.error(f"owner {p.split(':', 1)[0]}", p.split(": ", 1)[-1]) for p in problems)
        for login in request.logins:
            records.extend(self.record("graphql_owner", request.cache.get(SOURCE, login, any_age=True), login))
        if request.maintainer:
            records.extend(self.maintainer_record("graphql_sponsors", client.http, MAINTAINER_CACHE,
                                                  lambda: client.sponsors(request.maintainer), request, errors))
        return records + errors

    def normalize(self, record: dict, rows: SignalRows) -> None:
        observed = parse_time(record.get("fetched_at"))
        body = record.get("body") or {}
        login = body.get("login") or record["login"]
        if record["kind"] == "graphql_owner":
            rows.signal(SOURCE, login, "sponsors_listing", body.get("hasSponsorsListing"), observed,
                        sponsors_url(login) if body.get("hasSponsorsListing") else None)
            rows.signal(SOURCE, login, "sponsoring_count", (body.get("sponsoring") or {}).get("totalCount"),
                        observed, f"https://github.com/{login}?tab=sponsoring")
        elif record["kind"] == "graphql_sponsors":
            rows.maintainer_sponsors(SOURCE, record["login"], body, observed, sponsors_url(record["login"]))
