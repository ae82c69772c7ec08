"""sponsors.ecosyste.ms: the open record of GitHub Sponsors — which accounts an owner sponsors,
and who sponsors the maintainer — without a GitHub token.

Endpoints (``Settings.ecosystems.sponsors_url`` + ``/api/v1``): ``/accounts/{login}`` (an
Account: ``has_sponsors_listing``, ``sponsors_count``, ``sponsorships_count`` — sponsorships it
makes as a funder — and ``active_sponsorships_count``; 404 when unknown) and
``/account/{login}/sponsors?page=&per_page=`` (Sponsorships with ``status`` and ``funder``).

Signals (label ``ecosystems-sponsors``): ``sponsors_listing``, ``sponsorships_count``,
``active_sponsorships_count``, ``sponsors_maintainer`` and ``maintainer_sponsors_listed``.
"""

from __future__ import annotations

from urllib.parse import quote

from wump.config import Settings
from wump.http import PoliteClient, RequestFailed, RetryPolicy, json_or_none
from wump.normalize import parse_time
from wump.sources.base import SignalRequest, SignalRows, SignalSource, Transports, cached_answer

SOURCE = "ecosystems-sponsors"
MAINTAINER_CACHE = "ecosystems-sponsors-maintainer"
_ACCOUNT_FIELDS = ("login", "has_sponsors_listing", "sponsors_count", "sponsorships_count",
                   "active_sponsorships_count", "html_url", "sponsors_url")


class SponsorsClient:
    def __init__(self, base_url: str, *, mailto: str | None = None, transport=None, sleep=None,
                 timeout: float = 30.0, retry: RetryPolicy | None = None):
        agent = f"wump (mailto:{mailto})" if mailto else "wump"
        kwargs = {"sleep": sleep} if sleep else {}
        self.mailto = mailto
        self.http = PoliteClient(base_url, headers={"user-agent": agent, "accept": "application/json"},
                                 transport=transport, timeout=timeout, retry=retry, **kwargs)

    def close(self) -> None:
        self.http.close()

    def _get(self, path: str, **params) -> object | None:
        if self.mailto:
            params["mailto"] = self.mailto
        return json_or_none(self.http.get(path, params=params or None), path)

    def account(self, login: str) -> dict | None:
        body = self._get(f"/api/v1/accounts/{quote(login, safe='')}")
        if body is None:
            return None
        if not isinstance(body, dict):
            raise RequestFailed(f"accounts/{login}", "expected an Account object")
        return {k: body.get(k) for k in _ACCOUNT_FIELDS}

    def sponsors(self, login: str, per_page: int = 100, max_pages: int = 50) -> dict | None:
        """The account's active sponsors (funder logins), or None when it is unknown here."""
        funders: list[dict] = []
        for page in range(1, max_pages + 1):
            body = self._get(f"/api/v1/account/{quote(login, safe='')}/sponsors", page=page, per_page=per_page)
            if body is None:
                return None if page == 1 else {"total": len(funders), "sponsors": funders}
            if not isinstance(body, list):
                raise RequestFailed(f"account/{login}/sponsors", "expected a JSON array of sponsorships")
            for row in body:
                funder = row.get("funder") if isinstance(row, dict) else None
                if isinstance(funder, dict) and funder.get("login") and row.get("status", "active") == "active":
                    funders.append({"login": funder["login"], "since": row.get("created_at")})
            if len(body) < per_page:
                break
        return {"total": len(funders), "sponsors": funders}


class EcosystemsSponsors(SignalSource):
    name = SOURCE
    service = "ecosystems_sponsors"

    def client(self, settings: Settings, transports: Transports = None, sleep=None):
        return SponsorsClient(settings.ecosystems.sponsors_url, mailto=settings.ecosystems.mailto,
                              **self.client_options(settings, transports, sleep)), None

    def fetch(self, client: SponsorsClient, request: SignalRequest) -> list[dict]:
        records: list[dict] = []
        errors: list[dict] = []
        for login in request.logins:
            entry = cached_answer(request.cache, client.http, SOURCE, login, lambda login=login: client.account(login),
                                  errors, self.error, f"account {login}")
            records.extend(self.record("sponsors_account", entry, login))
        if request.maintainer:
            records.extend(self.maintainer_record("sponsors_of_maintainer", client.http, MAINTAINER_CACHE,
                                                  lambda: client.sponsors(request.maintainer), request, errors))
        return records + errors

    def normalize(self, record: dict, rows: SignalRows) -> None:
        observed = parse_time(record.get("fetched_at"))
        body = record.get("body") or {}
        if record["kind"] == "sponsors_account":
            login = body.get("login") or record["login"]
            url = f"https://sponsors.ecosyste.ms/accounts/{login}"
            rows.signal(SOURCE, login, "sponsors_listing", body.get("has_sponsors_listing"), observed, url)
            rows.signal(SOURCE, login, "sponsorships_count", body.get("sponsorships_count"), observed, url)
            rows.signal(SOURCE, login, "active_sponsorships_count", body.get("active_sponsorships_count"), observed,
                        url)
        elif record["kind"] == "sponsors_of_maintainer":
            rows.maintainer_sponsors(SOURCE, record["login"], body, observed,
                                     f"https://sponsors.ecosyste.ms/accounts/{record['login']}")
