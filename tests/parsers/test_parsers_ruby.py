"""Exact expected output for every fixture of: gem."""

import pytest

CASES = {
    "gem/Gemfile": (
        "manifest",
        [
            ("gem", "activerecord-jdbc-adapter", ">= 0", "runtime", True),
            ("gem", "after_blocks", ">= 0", "runtime", True),
            ("gem", "bootsnap", ">= 1.4.4", "runtime", True),
            ("gem", "capybara", ">= 3.26", "test", True),
            ("gem", "exact", "= 1.2.3", "runtime", True),
            ("gem", "from_git", ">= 0", "runtime", True),
            ("gem", "pg", "~> 1.1", "runtime", True),
            ("gem", "puma", ">= 0", "runtime", True),
            ("gem", "rails", "~> 7.0.4, >= 7.0.4.3", "runtime", True),
            ("gem", "rspec-rails", ">= 0", "development", True),
            ("gem", "sidekiq", "~> 7.0", "runtime", True),
            ("gem", "simplecov", ">= 0", "development", True),
            ("gem", "spaced", ">= 2.0", "runtime", True),
        ],
    ),
    "gem/Gemfile.lock": (
        "lockfile",
        [
            ("gem", "bundler", "2.4.10", "runtime", False),
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
            ("gem", "no_version", ">= 0", "runtime", True),
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
