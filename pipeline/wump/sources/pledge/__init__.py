"""The Open Source Pledge: companies that pay open-source maintainers and say how much each year.

``[sources] pledge_url`` (``WUMP_PLEDGE_URL``) names a JSON document listing the members, each in
the Pledge's member schema: ``domain``, ``name``, ``urlLearnMore`` (or ``url``),
``datetimeModified`` and ``annualReports`` — each report with ``dateYearEnding`` (or ``year`` /
``reportDate``) and what was paid: ``paymentsToProjects``, ``usdAmountPaid``, or the sum of
``monetaryPayments[].amount``. The document is a JSON array of members, an object with a
``members`` array, or an object of members by id (as the Pledge's site keeps them).

Members become ``pledge_members`` rows keyed by registrable domain (their stated ``domain``, else
their URL's); the warehouse matches them to owners by the registrable domain of the owner's
website. A malformed document or member is recorded with its reason; the other members stay.
"""

from __future__ import annotations

import json

from wump.config import Settings
from wump.domains import registrable_domain
from wump.http import PoliteClient, RequestFailed, RetryPolicy
from wump.normalize import parse_time
from wump.sources.base import SignalRequest, SignalRows, SignalSource, Transports, cached_answer

SOURCE = "opensourcepledge"
CACHE_KEY = "members"


class PledgeClient:
    def __init__(self, url: str, *, transport=None, sleep=None, timeout: float = 30.0,
                 retry: RetryPolicy | None = None):
        kwargs = {"sleep": sleep} if sleep else {}
        self.url = url
        self.http = PoliteClient(url, headers={"accept": "application/json"}, transport=transport,
                                 timeout=timeout, retry=retry, **kwargs)

    def close(self) -> None:
        self.http.close()

    def members(self) -> dict:
        """``{"members": [...]}`` as listed; RequestFailed when the document is unusable."""
        response = self.http.get(self.url)
        if response.status_code >= 400:
            raise RequestFailed(self.url, f"member list: HTTP {response.status_code}", response.status_code)
        try:
            doc = json.loads(response.content)
        except ValueError as exc:
            raise RequestFailed(self.url, f"member list is not valid JSON: {exc}") from exc
        if isinstance(doc, dict) and isinstance(doc.get("members"), list):
            doc = doc["members"]
        elif isinstance(doc, dict) and doc and all(isinstance(v, dict) for v in doc.values()):
            doc = [{"id": key, **value} for key, value in doc.items()]
        if not isinstance(doc, list):
            raise RequestFailed(self.url, "member list is neither a JSON array of members nor an object of them")
        return {"members": doc}


def yearly_payment(report: dict) -> int | None:
    """What one annual report says was paid to open source, in USD; None when it does not say."""
    for key in ("paymentsToProjects", "usdAmountPaid"):
        if isinstance(report.get(key), int | float) and not isinstance(report.get(key), bool):
            return int(report[key])
    payments = report.get("monetaryPayments")
    if isinstance(payments, list):
        amounts = [p.get("amount") for p in payments if isinstance(p, dict)]
        amounts = [a for a in amounts if isinstance(a, int | float) and not isinstance(a, bool)]
        if amounts:
            return int(sum(amounts))
    return None


def member_row(member: object, observed) -> tuple[dict | None, str | None]:
    """(pledge_members row, None) or (None, why the member cannot be used)."""
    if not isinstance(member, dict):
        return None, "not a JSON object"
    url = member.get("urlLearnMore") or member.get("url")
    domain = registrable_domain(member.get("domain")) or registrable_domain(url if isinstance(url, str) else None)
    if domain is None:
        return None, "names no domain (neither domain nor a URL with one)"
    reports = [r for r in member.get("annualReports") or [] if isinstance(r, dict)]

    def ending(report: dict) -> str:
        return str(report.get("dateYearEnding") or report.get("reportDate") or report.get("year") or "")

    latest = max(reports, key=ending, default=None)
    return {"source": SOURCE, "domain": domain, "name": member.get("name"), "url": url if isinstance(url, str) else None,
            "yearly_usd": yearly_payment(latest) if latest else None,
            "year_ending": (ending(latest) or None) if latest else None, "observed_at": observed}, None


class Pledge(SignalSource):
    name = SOURCE
    service = "pledge"

    def client(self, settings: Settings, transports: Transports = None, sleep=None):
        if not settings.leads.pledge_url:
            return None, "not asked: set [sources] pledge_url (WUMP_PLEDGE_URL) to a JSON list of Pledge members"
        return PledgeClient(settings.leads.pledge_url, **self.client_options(settings, transports, sleep)), None

    def fetch(self, client: PledgeClient, request: SignalRequest) -> list[dict]:
        errors: list[dict] = []
        entry = cached_answer(request.cache, client.http, SOURCE, CACHE_KEY, client.members, errors, self.error,
                              "member list", request.maintainer_max_age)
        records = [{"kind": "pledge_members", "source": SOURCE, "fetched_at": entry["fetched_at"],
                    "body": entry["body"]}] if entry is not None and entry["found"] else []
        return records + errors

    def normalize(self, record: dict, rows: SignalRows) -> None:
        observed = parse_time(record.get("fetched_at"))
        for index, member in enumerate((record.get("body") or {}).get("members") or []):
            row, problem = member_row(member, observed)
            if row is not None:
                rows.pledge_members.add(row)
            else:
                name = member.get("name") or member.get("id") if isinstance(member, dict) else None
                rows.errors.add({"source": SOURCE, "subject": f"member {name or f'#{index + 1}'}",
                                 "reason": f"skipped: {problem}", "detected_at": observed})
