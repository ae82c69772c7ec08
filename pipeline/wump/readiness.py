"""Warehouse: the sponsor-readiness tables, built after the merge (``wump.warehouse``).

``owner_signals`` gathers every signal about a known owner with its source and date: the signal
sources' rows (``n_owner_signals``), the profile facts the owners rows carry (GitHub: website,
verified, email, company; ecosyste.ms: website, funding links, Sponsors listing), the company
domain derived from the merged website (source ``wump``), and Open Source Pledge membership
matched on that domain. ``sponsor_readiness`` sums them up per owner; nothing is filled in that no
source stated (a count nobody gave stays NULL).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from wump.domains import company_domain

ISO = "'%Y-%m-%dT%H:%M:%SZ'"
DERIVED_SOURCE = "wump"

# Facts of the owners rows that are signals, as (signal, SQL value) over n_owners.
_PROFILE_SIGNALS = (
    ("website", "website_url"),
    ("verified", "CASE WHEN is_verified THEN 'true' WHEN NOT is_verified THEN 'false' END"),
    ("email", "email"),
    ("company", "company"),
    ("funding_links", "funding_links"),
    ("sponsors_listing", "CASE WHEN has_sponsors_listing THEN 'true' WHEN NOT has_sponsors_listing THEN 'false' END"),
)


def _profile_rows() -> str:
    return "\nUNION ALL\n".join(
        f"SELECT host, login, source, '{signal}' AS signal, {value} AS value, NULL AS url, fetched_at AS observed_at "
        f"FROM n_owners WHERE {value} IS NOT NULL"
        for signal, value in _PROFILE_SIGNALS)


_READINESS_SQL = f"""
CREATE TEMP TABLE owner_domains AS
SELECT o.id AS organization_id, w.domain, o.is_verified, o.updated_at
FROM organizations o JOIN website_domains w ON w.website_url = o.website_url;

CREATE TEMP TABLE signal_rows AS
WITH stated AS (
    SELECT host, login, source, signal, value, url, observed_at FROM n_owner_signals
    UNION ALL
    {_profile_rows()}
)
SELECT o.id AS organization_id, o.name AS organization, s.signal, s.value, s.source, s.url, s.observed_at
FROM stated s JOIN organizations o ON o.host = s.host AND lower(o.name) = lower(s.login)
-- several producers may describe one owner from one source: the latest statement stands
QUALIFY row_number() OVER (PARTITION BY o.id, s.signal, s.source ORDER BY s.observed_at DESC NULLS LAST, s.value) = 1
UNION ALL
SELECT d.organization_id, o.name, 'domain', d.domain, '{DERIVED_SOURCE}', o.website_url,
       CAST(d.updated_at AS TIMESTAMP)
FROM owner_domains d JOIN organizations o ON o.id = d.organization_id WHERE d.domain IS NOT NULL
UNION ALL
SELECT d.organization_id, o.name, 'pledge_yearly_usd', CAST(p.yearly_usd AS VARCHAR), p.source, p.url, p.observed_at
FROM owner_domains d JOIN organizations o ON o.id = d.organization_id
JOIN (SELECT * FROM n_pledge_members QUALIFY row_number() OVER (PARTITION BY domain ORDER BY observed_at DESC) = 1) p
  ON p.domain = d.domain;

INSERT INTO owner_signals
SELECT row_number() OVER (ORDER BY organization, signal, source), organization_id, organization, signal, value,
       source, url, strftime(observed_at, {ISO})
FROM signal_rows;

INSERT INTO sponsor_readiness
WITH per_owner AS (
    SELECT organization_id,
           bool_or(value = 'true') FILTER (WHERE signal = 'sponsors_listing') AS has_sponsors_listing,
           max(TRY_CAST(value AS BIGINT)) FILTER (WHERE signal IN ('sponsoring_count', 'active_sponsorships_count'))
               AS sponsoring_count,
           max(TRY_CAST(value AS BIGINT)) FILTER (WHERE signal = 'pledge_yearly_usd') AS pledge_yearly_usd,
           bool_or(signal = 'pledge_yearly_usd') AS pledge_member,
           bool_or(signal = 'sponsors_maintainer') AS sponsors_maintainer
    FROM signal_rows GROUP BY organization_id
)
SELECT o.id, o.name, d.domain,
       CASE WHEN d.domain IS NOT NULL THEN o.is_verified END,
       s.has_sponsors_listing, s.sponsoring_count, s.pledge_yearly_usd,
       CASE WHEN s.pledge_member OR s.sponsoring_count > 0 THEN true
            WHEN s.sponsoring_count = 0 THEN false END,
       CASE WHEN s.sponsors_maintainer THEN true
            WHEN EXISTS (SELECT 1 FROM n_owner_signals WHERE signal = 'maintainer_sponsors_listed') THEN false END,
       coalesce(o.sponsorship_url,
                CASE WHEN s.has_sponsors_listing THEN 'https://github.com/sponsors/' || o.name END)
FROM organizations o
LEFT JOIN owner_domains d ON d.organization_id = o.id
LEFT JOIN per_owner s ON s.organization_id = o.id
WHERE d.domain IS NOT NULL OR s.organization_id IS NOT NULL;
"""


def build_readiness(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the published owner_signals and sponsor_readiness tables (organizations and the
    normalized views must be in place)."""
    # The Public Suffix List lives in Python: each distinct website is looked up once.
    websites = [row[0] for row in con.execute(
        "SELECT DISTINCT website_url FROM organizations WHERE website_url IS NOT NULL").fetchall()]
    con.register("website_domains", pa.table({"website_url": pa.array(websites, pa.string()),
                                              "domain": pa.array([company_domain(w) for w in websites], pa.string())}))
    try:
        con.execute(_READINESS_SQL)
    finally:
        con.unregister("website_domains")
