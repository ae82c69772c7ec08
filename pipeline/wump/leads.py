"""Sponsorship leads for ECOSYSTEM/NAME: who to ask first, why, and which company stands behind
several organizations — shared by the Datasette routes (``datasette/plugins/leads.py``) and any
sqlite3 caller (static export, CLI), which run the SQL here and hand the rows to the functions.

The score of a lead is the sum of five factors, each a weight from ``wump.toml [leads]`` (defaults
in ``wump.config.LeadsOptions``) times a number read from the published database:

    repositories       = w × log2(1 + repositories that declare the package)
    runtime            = w × (runtime repositories / repositories)
    activity           = w × 0.5 ^ (days since the latest push / activity_half_life_days)
    stars              = w × log10(1 + stars of the repositories using it)
    funds_open_source  = w × 1 when a source shows the owner funding open source
                         (public sponsorships, sponsors.ecosyste.ms, an Open Source Pledge membership)

Each factor is rounded to two decimals and the score is their sum, so the factors a response
shows always add up to its score. A company's score is the same formula over its organizations'
summed repositories, runtime repositories and stars, latest push, and any funding.

Leads are the organizations of the default answer (declaring the package directly; owners of
unknown type are left to ``owner_type=unknown|any``, personal accounts to ``owner_type=User|any``,
logins GitHub has no account for to ``owner_type=missing|any``, lockfile-only use to ``transitive=true``). Owners already sponsoring the configured maintainer are flagged and ranked after
all others: they are thanked, not pitched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from wump import answers
from wump.answers import BadRequest
from wump.config import LeadsOptions

FACTORS = ("repositories", "runtime", "activity", "stars", "funds_open_source")
CENT = Decimal("0.01")
GROUPS = ("organization", "company")
# A lead is someone to pitch: an organization. Owners of unknown type (in the default answer,
# labelled) become leads when asked for (owner_type=unknown or any).
LEAD_OWNER_TYPES = ("Organization",)


@dataclass(frozen=True)
class LeadFilters:
    owner_types: tuple[str, ...] = LEAD_OWNER_TYPES
    transitive: bool = False  # also owners that only have the package in a lockfile
    group: str = "organization"  # or "company"
    as_of: date | None = None  # the day activity is measured from (default: today, UTC)

    @property
    def answer_filters(self) -> answers.UserFilters:
        """The ranked answer's filters for the same owners (for the left-out counts)."""
        return answers.UserFilters(owner_types=self.owner_types, transitive=self.transitive)


def lead_filters_from_args(args: dict[str, str | None]) -> LeadFilters:
    """Filters from the query string: ``owner_type`` (as the users route takes it; default
    Organization), ``transitive`` (true|false), ``group`` (organization|company), ``as_of`` (YYYY-MM-DD)."""
    owner_types = answers.owner_types_from(args.get("owner_type")) if args.get("owner_type") else LEAD_OWNER_TYPES
    group = args.get("group") or "organization"
    if group not in GROUPS:
        raise BadRequest(f"group must be one of {', '.join(GROUPS)}, not {group!r}")
    as_of = answers.date_arg(args.get("as_of"), "as_of")
    return LeadFilters(owner_types=owner_types, transitive=answers.flag(args.get("transitive"), "transitive", False),
                       group=group, as_of=date.fromisoformat(as_of) if as_of else None)


# --- SQL (bound parameters only) ---------------------------------------------------------------

_ROWS = """
SELECT pu.organization_id, pu.organization AS org, pu.owner_type, pu.repositories AS repos,
       pu.runtime_repositories AS runtime_repos, pu.transitive_repositories AS transitive_repos, pu.stars,
       pu.last_commit_at, pu.host, o.display_name, o.website_url, sr.domain, sr.domain_verified,
       sr.has_sponsors_listing, sr.sponsoring_count, sr.pledge_yearly_usd, sr.funds_open_source,
       sr.already_sponsors_you, coalesce(sr.sponsorship_url, o.sponsorship_url) AS sponsorship_url
FROM package_users pu
JOIN organizations o ON o.id = pu.organization_id
LEFT JOIN sponsor_readiness sr ON sr.organization_id = pu.organization_id
WHERE pu.package_id = :package_id AND {conditions}
"""


def rows_query(package_id: int, filters: LeadFilters) -> tuple[str, dict]:
    """SQL and parameters for every candidate lead of a package (scored and ranked in Python)."""
    params: dict = {"package_id": package_id}
    conditions = [answers.in_list("pu.owner_type", filters.owner_types, params, "type")]
    if not filters.transitive:
        conditions.append("pu.repositories > 0")
    return _ROWS.format(conditions=" AND ".join(conditions)), params


def evidence_query(organization_ids: list[int]) -> tuple[str, dict]:
    """SQL for the signals (with source and date) of some organizations."""
    params = {f"id{i}": oid for i, oid in enumerate(organization_ids)}
    placeholders = ", ".join(f":{name}" for name in params) or "NULL"
    return (f"SELECT organization_id, signal, value, source, url, observed_at FROM owner_signals "
            f"WHERE organization_id IN ({placeholders}) ORDER BY signal, source"), params


# --- the score ---------------------------------------------------------------------------------


def _days_since(moment: str | None, as_of: date) -> float | None:
    if not moment:
        return None
    try:
        pushed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return None
    today = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    return max(0.0, (today - pushed.astimezone(UTC)).total_seconds() / 86400)


def _cents(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def score(usage: dict, options: LeadsOptions, as_of: date) -> tuple[float, dict[str, float]]:
    """(score, factors) for one owner's or company's use of a package (``repos``,
    ``runtime_repos``, ``stars``, ``last_commit_at``, ``funds_open_source``)."""
    repos = usage.get("repos") or 0
    days = _days_since(usage.get("last_commit_at"), as_of)
    raw = {
        "repositories": options.repositories * math.log2(1 + repos),
        "runtime": options.runtime * ((usage.get("runtime_repos") or 0) / repos if repos else 0.0),
        "activity": 0.0 if days is None else options.activity * 0.5 ** (days / options.activity_half_life_days),
        "stars": options.stars * math.log10(1 + (usage.get("stars") or 0)),
        "funds_open_source": options.funds_open_source if usage.get("funds_open_source") else 0.0,
    }
    factors = {name: _cents(raw[name]) for name in FACTORS}
    return float(sum(factors.values(), Decimal(0))), {name: float(value) for name, value in factors.items()}


def _flag(value) -> bool | None:
    return None if value is None else bool(value)


def _lead(row: dict, options: LeadsOptions, as_of: date) -> dict:
    total, factors = score(row, options, as_of)
    return {
        "org": row["org"], "owner_type": row["owner_type"], "company": row.get("domain"),
        "score": total, "factors": factors,
        "repos": row["repos"], "runtime_repos": row["runtime_repos"], "transitive_repos": row["transitive_repos"],
        "stars": row["stars"], "last_commit_at": row["last_commit_at"],
        "has_sponsors_listing": _flag(row.get("has_sponsors_listing")),
        "sponsoring_count": row.get("sponsoring_count"), "pledge_yearly_usd": row.get("pledge_yearly_usd"),
        "funds_open_source": _flag(row.get("funds_open_source")),
        "already_sponsors_you": _flag(row.get("already_sponsors_you")),
        "sponsorship_url": row.get("sponsorship_url"), "website_url": row.get("website_url"),
        "url": answers.owner_url(row.get("host") or "github.com", row["org"]),
        "organization_id": row["organization_id"],
    }


def _ranked(leads: list[dict], name: str) -> list[dict]:
    """Best first; owners already sponsoring the maintainer after everyone else, unranked."""
    leads.sort(key=lambda lead: (bool(lead["already_sponsors_you"]), -lead["score"], -lead["repos"], -lead["stars"],
                                 lead[name]))
    rank = 0
    for lead in leads:
        if lead["already_sponsors_you"]:
            lead["rank"] = None
        else:
            rank += 1
            lead["rank"] = rank
    return [{"rank": lead.pop("rank"), **lead} for lead in leads]


def rank_leads(rows: list[dict], options: LeadsOptions, as_of: date | None = None) -> list[dict]:
    """Organizations scored and ranked (see the module docstring)."""
    as_of = as_of or datetime.now(UTC).date()
    return _ranked([_lead(dict(row), options, as_of) for row in rows], "org")


def _any(values: list) -> bool | None:
    known = [v for v in values if v is not None]
    return None if not known else any(known)


def group_companies(rows: list[dict]) -> list[dict]:
    """Owners grouped by company: the registrable domain of their website (several Microsoft
    organizations → microsoft.com); an owner without a domain is a company of its own. Ranked by
    repositories using the package across the company's organizations, then stars."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        key = row.get("domain") or f"\0{row['org']}"
        groups.setdefault(key, []).append(dict(row))
    companies = []
    for members in groups.values():
        members.sort(key=lambda m: (-m["repos"], -m["stars"], m["org"]))
        pushes = [m["last_commit_at"] for m in members if m.get("last_commit_at")]
        companies.append({
            "company": members[0]["domain"] or members[0]["org"], "domain": members[0]["domain"],
            "organizations": [{"org": m["org"], "owner_type": m["owner_type"], "repos": m["repos"],
                               "runtime_repos": m["runtime_repos"], "stars": m["stars"]} for m in members],
            "organization_count": len(members),
            "repos": sum(m["repos"] for m in members), "runtime_repos": sum(m["runtime_repos"] for m in members),
            "transitive_repos": sum(m["transitive_repos"] for m in members), "stars": sum(m["stars"] for m in members),
            "last_commit_at": max(pushes) if pushes else None,
            "funds_open_source": _any([m.get("funds_open_source") for m in members]),
            "already_sponsors_you": _any([m.get("already_sponsors_you") for m in members]),
        })
    companies.sort(key=lambda c: (-c["repos"], -c["stars"], c["company"]))
    return companies


def rank_companies(rows: list[dict], options: LeadsOptions, as_of: date | None = None) -> list[dict]:
    """Companies scored by the same formula over their organizations' combined use, ranked."""
    as_of = as_of or datetime.now(UTC).date()
    companies = []
    for company in group_companies(rows):
        total, factors = score(company, options, as_of)
        companies.append({**company, "score": total, "factors": factors})
    return _ranked(companies, "company")


def attach_evidence(leads: list[dict], signal_rows: list[dict]) -> list[dict]:
    """Each lead with its signals (``evidence``: signal, value, source, observed_at, url), and
    without the internal organization id."""
    by_owner: dict[int, list[dict]] = {}
    for row in signal_rows:
        by_owner.setdefault(row["organization_id"], []).append(
            {k: row[k] for k in ("signal", "value", "source", "observed_at", "url")})
    return [{**{k: v for k, v in lead.items() if k != "organization_id"},
             "evidence": by_owner.get(lead.get("organization_id"), [])} for lead in leads]


CSV_COLUMNS = ("rank", "org", "owner_type", "company", "score", *(f"factor_{f}" for f in FACTORS), "repos",
               "runtime_repos", "transitive_repos", "stars", "last_commit_at", "has_sponsors_listing",
               "sponsoring_count", "pledge_yearly_usd", "funds_open_source", "already_sponsors_you",
               "sponsorship_url", "url")


def csv_row(lead: dict) -> dict:
    """A lead flattened for CSV: one column per factor, organizations of a company joined."""
    flat = {**lead, **{f"factor_{name}": value for name, value in lead["factors"].items()}}
    if "organizations" in lead:
        flat.setdefault("org", " ".join(o["org"] for o in lead["organizations"]))
        flat.setdefault("company", lead["company"])
    return {column: flat.get(column) for column in CSV_COLUMNS}


# --- the badge ---------------------------------------------------------------------------------


def badge(organizations: int) -> dict:
    """A shields.io endpoint document: "used by | 37 organizations"."""
    color = "lightgrey" if organizations == 0 else "blue" if organizations < 10 else \
        "green" if organizations < 100 else "brightgreen"
    noun = "organization" if organizations == 1 else "organizations"
    return {"schemaVersion": 1, "label": "used by", "message": f"{organizations:,} {noun}", "color": color}
