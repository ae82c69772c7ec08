"""Exact expected output for every fixture of: gem."""

import pytest

CASES = {
    "gem/Gemfile": (
        "manifest",
        [
            ("gem", "activerecord-jdbc-adapter", None, "runtime", True),
            ("gem", "after_blocks", None, "runtime", True),
            ("gem", "bootsnap", ">= 1.4.4", "runtime", True),
            ("gem", "capybara", ">= 3.26", "test", True),
            ("gem", "from_git", None, "runtime", True),
            ("gem", "pg", "~> 1.1", "runtime", True),
            ("gem", "puma", None, "runtime", True),
            ("gem", "rails", "~> 7.0.4, >= 7.0.4.3", "runtime", True),
            ("gem", "rspec-rails", None, "development", True),
            ("gem", "sidekiq", "~> 7.0", "runtime", True),
            ("gem", "simplecov", None, "development", True),
        ],
    ),
    "gem/Gemfile.lock": (
        "lockfile",
        [
            ("gem", "from_git", "0.1.0", "runtime", True),
            ("gem", "nokogiri", "1.15.4", "runtime", True),
            ("gem", "racc", "1.7.1", "runtime", False),
            ("gem", "rack", "3.0.8", "runtime", False),
            ("gem", "rails", "7.0.8", "runtime", True),
        ],
    ),
    "gem/example.gemspec": (
        "manifest",
        [
            ("gem", "activesupport", ">= 6.0, < 8", "runtime", True),
            ("gem", "json", ">= 2.0", "runtime", True),
            ("gem", "no_version", None, "runtime", True),
            ("gem", "rake", "~> 13.0", "development", True),
            ("gem", "thor", "~> 1.0", "runtime", True),
        ],
    ),
    "gem/gemsrb/gems.rb": (
        "manifest",
        [
            ("gem", "roda", "~> 3.0", "runtime", True),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
