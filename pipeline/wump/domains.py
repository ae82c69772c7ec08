"""Registrable domains: the part of a host name a company registers (``opensource.microsoft.com``
and ``azure.microsoft.com`` → ``microsoft.com``; ``netflix.github.io`` stays itself, github.io
being a public suffix).

The Public Suffix List comes bundled with the ``publicsuffixlist`` package: nothing is downloaded
at run time, and a new list arrives with a package upgrade.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


def host_name(url_or_host: str | None) -> str | None:
    """The lower-case host of a URL or bare host (``https://www.Example.com/x`` → ``www.example.com``);
    None for an empty value, an IP address or something without a dot."""
    if not url_or_host or not str(url_or_host).strip():
        return None
    text = str(url_or_host).strip()
    if "://" not in text:
        text = f"http://{text}"
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.rstrip(".").lower()
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        return host


@lru_cache(maxsize=65536)
def registrable_domain(url_or_host: str | None) -> str | None:
    """The registrable domain (public suffix plus one label) of a URL or host, or None when it has
    none (an IP address, a bare public suffix such as ``github.io``, an unparsable value)."""
    host = host_name(url_or_host)
    if host is None:
        return None
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return _psl().privatesuffix(host)


# Sites where many unrelated owners have a page: a website there names a page, not a company.
SHARED_SITES = frozenset({
    "github.com", "gitlab.com", "bitbucket.org", "medium.com", "substack.com", "twitter.com", "x.com",
    "linkedin.com", "facebook.com", "youtube.com", "instagram.com", "google.com", "notion.site",
    "linktr.ee", "opencollective.com", "patreon.com", "ko-fi.com", "buymeacoffee.com",
})


def company_domain(url_or_host: str | None) -> str | None:
    """The registrable domain that stands for the company behind a website, or None when the
    website is a page on a site shared by many owners (``medium.com/pinterest-engineering``)."""
    domain = registrable_domain(url_or_host)
    return None if domain in SHARED_SITES else domain
