"""The sources wump knows, in one list. The merge priority and the watched-package loop are
derived from it: adding a source is one folder, one entry here, and one fake under tests/fakes/."""

from __future__ import annotations

from wump.sources.base import ReverseSource, SignalSource, Source
from wump.sources.ecosystems import Ecosystems
from wump.sources.ecosystems_sponsors import EcosystemsSponsors
from wump.sources.github import GitHub
from wump.sources.github_dependents import GitHubDependents
from wump.sources.github_graphql import GitHubGraphQL
from wump.sources.librariesio import LibrariesIOApi, LibrariesIODump
from wump.sources.pledge import Pledge

# The watched-package loop asks these in this order: a source later in the list may use what
# earlier ones said (the dependents page needs the repository that package metadata names).
REVERSE_SOURCES: tuple[ReverseSource, ...] = (Ecosystems(), LibrariesIOApi(), GitHubDependents())
# Sponsor-readiness signals (wump.signals asks each for the enriched owners).
SIGNAL_SOURCES: tuple[SignalSource, ...] = (GitHubGraphQL(), EcosystemsSponsors(), Pledge())
SOURCES: tuple[Source, ...] = (GitHub(), *REVERSE_SOURCES, LibrariesIODump(), *SIGNAL_SOURCES)

PRIORITIES: dict[str, int] = {label: rank for source in SOURCES for label, rank in source.priorities.items()}


def priority_sql(column: str = "source") -> str:
    """SQL ranking a row by its source label's merge priority (unknown labels rank lowest, 1)."""
    cases = " ".join(f"WHEN '{label}' THEN {rank}" for label, rank in sorted(PRIORITIES.items()))
    return f"(CASE {column} {cases} ELSE 1 END)"


def reverse_source(name: str) -> ReverseSource:
    """The reverse source labelled ``name``."""
    return next(s for s in REVERSE_SOURCES if s.name == name)
