"""Exact expected output for every fixture of: golang."""

import pytest

CASES = {
    "golang/dep/Gopkg.lock": (
        "lockfile",
        [
            ("golang", "github.com/pkg/errors", "645ef00459ed84a119197bfb8d8205042c6df63d", "runtime", True),
            ("golang", "golang.org/x/sys", "1b2967e3c290b7c545b3db0deeda16e9be4f98a2", "runtime", False),
        ],
    ),
    "golang/dep/Gopkg.toml": (
        "manifest",
        [
            ("golang", "github.com/pkg/errors", "0.8.0", "runtime", True),
            ("golang", "github.com/sirupsen/logrus", "*", "runtime", True),
        ],
    ),
    "golang/gb/vendor/manifest": (
        "manifest",
        [
            ("golang", "github.com/gorilla/mux", "9fa818a44c2bf1396a17f9d5a3c0f6dd39d2ff8e", "runtime", True),
        ],
    ),
    "golang/glide/glide.lock": (
        "lockfile",
        [
            ("golang", "github.com/Masterminds/semver", "15d8430ab86497c5c0da827b748823945e1cf1e1", "runtime", False),
            ("golang", "github.com/stretchr/testify", "12b6f73e6084dad08a7c6e575284b177ecafbc71", "test", False),
        ],
    ),
    "golang/glide/glide.yaml": (
        "manifest",
        [
            ("golang", "github.com/Masterminds/semver", "^1.4.0", "runtime", True),
            ("golang", "github.com/stretchr/testify", "~1.2.0", "test", True),
            ("golang", "gopkg.in/yaml.v2", "*", "runtime", True),
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
    "golang/godep/Godeps/Godeps.json": (
        "manifest",
        [
            ("golang", "github.com/BurntSushi/toml", "056c9bc7be7190eaa7715723883caffa5f8fa3e4", "runtime", True),
            ("golang", "golang.org/x/crypto/ssh", "1351f936d976c60a0a48d728281922cf63eafb8d", "runtime", True),
        ],
    ),
    "golang/govendor/vendor/vendor.json": (
        "manifest",
        [
            ("golang", "github.com/pkg/errors", "a2d6902c6d2a2f194eb3fb474981ab7867c81505", "runtime", True),
            ("golang", "github.com/unpinned/thing", "*", "runtime", True),
            ("golang", "golang.org/x/tools/go/vcs", "1727758746e7a08feaaceb9366d1468498ac2ac2", "runtime", True),
        ],
    ),
    "golang/gpm/Godeps": (
        "manifest",
        [
            ("golang", "github.com/garyburd/redigo/redis", "a6a0a737c00caf4d4c2bb589941ace0d688168bb", "runtime", True),
            ("golang", "github.com/nu7hatch/gotrail", "v0.0.2", "runtime", True),
        ],
    ),
    "golang/resolved/go-resolved-dependencies.json": (
        "lockfile",
        [
            ("golang", "example.com/fork/net", "v1.4.5", "runtime", True),
            ("golang", "github.com/BurntSushi/toml", "v0.3.1", "runtime", False),
            ("golang", "github.com/pkg/errors", "v0.9.1", "runtime", True),
            ("golang", "github.com/stretchr/testify", "v1.7.0", "test", True),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
