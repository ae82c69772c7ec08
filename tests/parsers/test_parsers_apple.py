"""Exact expected output for every fixture of: cocoapods, swift, carthage."""

import pytest

CASES = {
    "carthage/Cartfile": (
        "manifest",
        [
            ("carthage", "Mantle/Mantle", "~> 1.0", "runtime", True),
            ("carthage", "ReactiveCocoa/ReactiveCocoa", ">= 2.3.1", "runtime", True),
            ("carthage", "https://enterprise.local/desktop/git-error-translations2.git", "development", "runtime", True),
            ("carthage", "https://my.domain.com/release/MyFramework.json", "~> 2.3", "runtime", True),
            ("carthage", "jspahrsummers/libextobjc", None, "runtime", True),
        ],
    ),
    "carthage/Cartfile.private": (
        "manifest",
        [
            ("carthage", "Quick/Nimble", "~> 12.0", "development", True),
        ],
    ),
    "carthage/Cartfile.resolved": (
        "lockfile",
        [
            ("carthage", "Mantle/Mantle", "1.5.8", "runtime", False),
            ("carthage", "ReactiveCocoa/ReactiveCocoa", "v2.5", "runtime", False),
        ],
    ),
    "cocoapods/Podfile": (
        "manifest",
        [
            ("cocoapods", "Alamofire", "~> 5.8", "runtime", True),
            ("cocoapods", "Firebase/Analytics", ">= 0", "runtime", True),
            ("cocoapods", "Quick", ">= 0", "runtime", True),
            ("cocoapods", "SnapKit", ">= 5.0, < 6.0", "runtime", True),
        ],
    ),
    "cocoapods/lock/Podfile.lock": (
        "lockfile",
        [
            ("cocoapods", "Alamofire", "5.8.1", "runtime", True),
            ("cocoapods", "Firebase", "10.18.0", "runtime", True),
            ("cocoapods", "FirebaseAnalytics", "10.18.0", "runtime", False),
            ("cocoapods", "LocalPod", "0.1.0", "runtime", True),
        ],
    ),
    "cocoapods/spec/MyLib.podspec": (
        "manifest",
        [
            ("cocoapods", "AFNetworking", "~> 4.0", "runtime", True),
            ("cocoapods", "Mantle", ">= 0", "runtime", True),
            ("cocoapods", "PromiseKit", "~> 6.0, >= 6.1", "runtime", True),
        ],
    ),
    # Subspecs' dependency lines; a subspec is its pod, "*" is any version.
    "cocoapods/spec/Logger.podspec": (
        "manifest",
        [
            ("cocoapods", "Logger", ">= 0", "runtime", True),
            ("cocoapods", "SwiftyBeaver", "~> 2.0", "runtime", True),
        ],
    ),
    "cocoapods/spec/MyLib.podspec.json": (
        "manifest",
        [
            ("cocoapods", "AFNetworking", "~> 4.0", "runtime", True),
            ("cocoapods", "Mantle", None, "runtime", True),
            ("cocoapods", "ReactiveObjC", "~> 3.1", "runtime", True),
        ],
    ),
    "swift/Package.swift": (
        "manifest",
        [
            ("swift", "github.com/apple/swift-log", ".upToNextMajor(from: 1.5.0)", "runtime", True),
            ("swift", "github.com/apple/swift-nio", "from: 2.60.0", "runtime", True),
            ("swift", "github.com/o/branchy", "branch: main", "runtime", True),
            ("swift", "github.com/o/range", "1.0.0..<2.0.0", "runtime", True),
            ("swift", "github.com/owner/Named", "exact: 1.2.3", "runtime", True),
        ],
    ),
    "swift/v1/Package.resolved": (
        "lockfile",
        [
            ("swift", "github.com/apple/swift-nio", "2.60.0", "runtime", False),
        ],
    ),
    "swift/v2/Package.resolved": (
        "lockfile",
        [
            ("swift", "github.com/apple/swift-log", "1.5.4", "runtime", False),
            ("swift", "github.com/o/branchy", "0123abcd", "runtime", False),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
