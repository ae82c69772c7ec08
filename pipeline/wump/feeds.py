"""The adopters of a package as an Atom feed a maintainer can subscribe to (feedgen writes it)."""

from __future__ import annotations

from datetime import UTC, datetime

from feedgen.feed import FeedGenerator


def _time(value: str | None) -> datetime:
    if not value:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def adopters_atom(package: str, adopters: list[dict], base_url: str, self_url: str) -> bytes:
    """Atom XML: one entry per adopter (newest first), updated when it started or stopped.

    :param package: ``ECOSYSTEM/NAME``.
    :param adopters: ``wump.answers.adopters`` items.
    :param base_url: the site's base URL, for links to the package and owner pages.
    :param self_url: this feed's own URL.
    """
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(f"New organizations using {package} — wump")
    feed.link(href=self_url, rel="self")
    feed.link(href=f"{base_url}/packages/{package}", rel="alternate")
    feed.author({"name": "wump"})
    feed.subtitle(f"Owners whose repositories started (or stopped) depending on {package}.")
    times = [_time(a["ended_at"] or a["first_seen"]) for a in adopters]
    feed.updated(max(times) if times else datetime(1970, 1, 1, tzinfo=UTC))
    for adopter, when in zip(reversed(adopters), reversed(times), strict=True):
        entry = feed.add_entry()
        entry.id(f"{base_url}/api/v1/packages/{package}/users/{adopter['org']}#{adopter['first_seen']}")
        stopped = f" (stopped {adopter['ended_at'][:10]})" if adopter["ended_at"] else ""
        entry.title(f"{adopter['org']} uses {package}{stopped}")
        entry.link(href=f"{base_url}/orgs/{adopter['org']}")
        entry.published(_time(adopter["first_seen"]))
        entry.updated(when)
        entry.summary(f"{adopter['org']} ({adopter['owner_type']}) first seen using {package} on "
                      f"{(adopter['first_seen'] or '')[:10]}{stopped}.")
    return feed.atom_str(pretty=True)
