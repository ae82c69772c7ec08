"""Exact expected output for every fixture of: composer, hex, pub."""

import pytest

CASES = {
    "composer/composer.json": (
        "manifest",
        [
            ("composer", "ext-json", "*", "runtime", True),
            ("composer", "monolog/monolog", "^3.0", "runtime", True),
            ("composer", "php", ">=8.1", "runtime", True),
            ("composer", "phpunit/phpunit", "^10.4", "development", True),
            ("composer", "symfony/console", "^6.3 || ^7.0", "runtime", True),
        ],
    ),
    "composer/composer.lock": (
        "lockfile",
        [
            ("composer", "monolog/monolog", "3.5.0", "runtime", False),
            ("composer", "phpunit/phpunit", "10.4.2", "development", False),
            ("composer", "psr/log", "3.0.0", "runtime", False),
        ],
    ),
    "hex/mix.exs": (
        "manifest",
        [
            ("hex", "credo", "~> 1.7", "development", True),
            ("hex", "ecto_sql", "~> 3.10", "runtime", True),
            ("hex", "ex_machina", "~> 2.7", "test", True),
            ("hex", "jason", ">= 1.0.0", "optional", True),
            ("hex", "phoenix", "~> 1.7.10", "runtime", True),
            ("hex", "plug_cowboy", None, "runtime", True),
        ],
    ),
    "hex/mix.lock": (
        "lockfile",
        [
            ("hex", "credo", "1.7.1", "runtime", False),
            ("hex", "phoenix", "1.7.10", "runtime", False),
            ("hex", "plug_cowboy", "a1b2c3d4", "runtime", False),
        ],
    ),
    "hex/oneline/mix.lock": (
        "lockfile",
        [
            ("hex", "jason", "1.4.1", "runtime", False),
            ("hex", "mime", "2.0.5", "runtime", False),
        ],
    ),
    "pub/pubspec.lock": (
        "lockfile",
        [
            ("pub", "flutter", "0.0.0", "runtime", True),
            ("pub", "http", "1.1.0", "runtime", True),
            ("pub", "lints", "3.0.0", "development", True),
            ("pub", "meta", "1.11.0", "runtime", False),
        ],
    ),
    "pub/pubspec.yaml": (
        "manifest",
        [
            ("pub", "flutter", None, "runtime", True),
            ("pub", "flutter_test", None, "development", True),
            ("pub", "git_pkg", None, "runtime", True),
            ("pub", "hosted_pkg", "^2.0.0", "runtime", True),
            ("pub", "http", "^1.1.0", "runtime", True),
            ("pub", "lints", "^3.0.0", "development", True),
            ("pub", "provider", None, "runtime", True),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
