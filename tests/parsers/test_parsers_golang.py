"""Exact expected output for every fixture of: golang."""

import pytest

CASES = {
    "golang/dep/Gopkg.lock": (
        "lockfile",
        [
            ("golang", "github.com/pkg/errors", "v0.8.0", "runtime", True),
            ("golang", "golang.org/x/sys", "1b2967e3c290b7c545b3db0deeda16e9be4f98a2", "runtime", False),
        ],
    ),
    "golang/dep/Gopkg.toml": (
        "manifest",
        [
            ("golang", "github.com/pkg/errors", "0.8.0", "runtime", True),
            ("golang", "github.com/sirupsen/logrus", "master", "runtime", True),
        ],
    ),
    "golang/glide/glide.lock": (
        "lockfile",
        [
            (
                "golang",
                "github.com/Masterminds/semver",
                "15d8430ab86497c5c0da827b748823945e1cf1e1",
                "runtime",
                False,
            ),
            (
                "golang",
                "github.com/stretchr/testify",
                "12b6f73e6084dad08a7c6e575284b177ecafbc71",
                "test",
                False,
            ),
        ],
    ),
    "golang/glide/glide.yaml": (
        "manifest",
        [
            ("golang", "github.com/Masterminds/semver", "^1.4.0", "runtime", True),
            ("golang", "github.com/stretchr/testify", "~1.2.0", "test", True),
            ("golang", "gopkg.in/yaml.v2", None, "runtime", True),
        ],
    ),
    "golang/go.mod": (
        "manifest",
        [
            ("golang", "github.com/new/fork", "v1.3.0", "runtime", True),
            ("golang", "github.com/pkg/errors", "v0.9.1", "runtime", True),
            ("golang", "github.com/quoted/mod", "v1.0.0", "runtime", True),
            ("golang", "github.com/stretchr/testify", "v1.8.4", "runtime", True),
            ("golang", "golang.org/x/sys", "v0.15.0", "runtime", False),
        ],
    ),
    "golang/go.sum": (
        "lockfile",
        [
            ("golang", "github.com/pkg/errors", "v0.9.1", "runtime", False),
            ("golang", "golang.org/x/sys", "v0.14.0", "runtime", False),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
