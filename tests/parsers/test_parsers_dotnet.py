"""Exact expected output for every fixture of: nuget."""

import pytest

CASES = {
    "nuget/App.csproj": (
        "manifest",
        [
            ("nuget", "microsoft.extensions.http", None, "runtime", True),
            ("nuget", "newtonsoft.json", "13.0.3", "runtime", True),
            ("nuget", "serilog", "3.1.1", "runtime", True),
            ("nuget", "stylecop.analyzers", "1.1.118", "development", True),
        ],
    ),
    "nuget/assets/project.assets.json": (
        "lockfile",
        [
            ("nuget", "newtonsoft.json", "13.0.1", "runtime", False),
            ("nuget", "serilog", "2.12.0", "runtime", True),
            ("nuget", "system.valuetuple", "4.5.0", "runtime", False),
        ],
    ),
    "nuget/cpm/Directory.Packages.props": (
        "manifest",
        [
            ("nuget", "microsoft.extensions.http", "8.0.0", "runtime", True),
            ("nuget", "nerdbank.gitversioning", "3.6.133", "development", True),
        ],
    ),
    "nuget/dnx/project.json": (
        "manifest",
        [
            ("nuget", "automapper", "4.0.0-alpha1", "runtime", True),
            ("nuget", "microsoft.aspnet.mvc", "6.0.0-beta7", "runtime", True),
            ("nuget", "microsoft.aspnet.tooling.razor", "1.0.0-beta7", "build", True),
        ],
    ),
    "nuget/dnx/project.lock.json": (
        "lockfile",
        [
            ("nuget", "automapper", "4.0.0-alpha1", "runtime", True),
            ("nuget", "microsoft.aspnet.mvc", "6.0.0-beta7", "runtime", True),
            ("nuget", "microsoft.aspnet.mvc.core", "6.0.0-beta7", "runtime", False),
        ],
    ),
    "nuget/legacy/packages.config": (
        "manifest",
        [
            ("nuget", "entityframework", "6.4.4", "runtime", True),
            ("nuget", "nunit", "3.13.3", "development", True),
        ],
    ),
    "nuget/lock/packages.lock.json": (
        "lockfile",
        [
            ("nuget", "newtonsoft.json", "13.0.3", "runtime", True),
            ("nuget", "serilog", "3.1.1", "runtime", False),
            ("nuget", "system.memory", "4.5.5", "runtime", False),
        ],
    ),
    "nuget/paket/paket.lock": (
        "lockfile",
        [
            ("nuget", "fsharp.core", "8.0.100", "runtime", False),
            ("nuget", "newtonsoft.json", "13.0.3", "runtime", False),
            ("nuget", "nunit", "3.14.0", "test", False),
        ],
    ),
    "nuget/spec/Example.nuspec": (
        "manifest",
        [
            ("nuget", "newtonsoft.json", "[13.0.1,)", "runtime", True),
            ("nuget", "system.text.json", "6.0.0", "runtime", True),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
