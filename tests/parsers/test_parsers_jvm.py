"""Exact expected output for every fixture of: maven, clojure."""

import pytest

CASES = {
    "maven/build.gradle": (
        "manifest",
        [
            ("maven", "androidx.test:runner", "1.5.2", "test", True),
            ("maven", "com.android.tools.build:gradle", "8.1.0", "build", True),
            ("maven", "com.google.guava:guava", "32.1.2-jre", "runtime", True),
            ("maven", "junit:junit", "4.13.2", "test", True),
            ("maven", "log4j:log4j", "1.2.17", "runtime", True),
            ("maven", "org.apache.commons:commons-lang3", "$commonsVersion", "runtime", True),
            ("maven", "org.postgresql:postgresql", None, "runtime", True),
            ("maven", "org.projectlombok:lombok", "1.18.30", "build", True),
            ("maven", "org.projectlombok:lombok", "1.18.30", "provided", True),
        ],
    ),
    "maven/catalog/gradle/libs.versions.toml": (
        "manifest",
        [
            ("maven", "com.example:managed", None, "runtime", True),
            ("maven", "com.example:plain", "1.0", "runtime", True),
            ("maven", "com.squareup.okhttp3:okhttp", "4.12.0", "runtime", True),
            ("maven", "junit:junit", "4.13.2", "runtime", True),
            ("maven", "org.jetbrains.kotlin:kotlin-stdlib", "1.9.20", "runtime", True),
        ],
    ),
    "maven/gradle_kts/build.gradle.kts": (
        "manifest",
        [
            ("maven", "com.google.dagger:dagger-compiler", "2.48", "build", True),
            ("maven", "com.squareup.leakcanary:leakcanary-android", "2.12", "runtime", True),
            ("maven", "io.ktor:ktor-client-core", "2.3.5", "runtime", True),
            ("maven", "org.jetbrains.kotlinx:kotlinx-coroutines-core", "1.7.3", "runtime", True),
            ("maven", "org.springframework.boot:spring-boot-dependencies", "3.1.5", "runtime", True),
        ],
    ),
    "maven/ivy/ivy.xml": (
        "manifest",
        [
            ("maven", "commons-lang:commons-lang", "2.6", "runtime", True),
            ("maven", "junit:junit", "4.13.2", "test", True),
        ],
    ),
    "maven/locks/gradle/dependency-locks/testCompileClasspath.lockfile": (
        "lockfile",
        [
            ("maven", "org.hamcrest:hamcrest-core", "1.3", "test", False),
        ],
    ),
    "maven/locks/gradle.lockfile": (
        "lockfile",
        [
            ("maven", "com.google.guava:guava", "32.1.2-jre", "runtime", False),
            ("maven", "junit:junit", "4.13.2", "test", False),
            ("maven", "org.projectlombok:lombok", "1.18.30", "runtime", False),
        ],
    ),
    "maven/pom.xml": (
        "manifest",
        [
            ("maven", "com.example:demo-common", "0.0.1-SNAPSHOT", "runtime", True),
            ("maven", "com.fasterxml.jackson.core:jackson-databind", "2.15.3", "runtime", True),
            ("maven", "com.sun:tools", "${undefined.prop}", "provided", True),
            ("maven", "jakarta.servlet:jakarta.servlet-api", "6.0.0", "provided", True),
            ("maven", "org.junit.jupiter:junit-jupiter", None, "test", True),
            ("maven", "org.junit:junit-bom", "5.10.0", "runtime", True),
            ("maven", "org.optional:opt", "1.0", "optional", True),
            ("maven", "org.springframework.boot:spring-boot-starter-web", None, "runtime", True),
        ],
    ),
    "clojure/deps.edn": (
        "manifest",
        [
            ("clojars", "djblue/portal", "0.51.0", "development", True),
            ("clojars", "io.github.clojure/tools.build", "v0.9.6", "runtime", True),
            ("clojars", "lambdaisland/kaocha", "1.87.1366", "test", True),
            ("clojars", "org.clojure/clojure", "1.11.1", "runtime", True),
        ],
    ),
    "clojure/project.clj": (
        "manifest",
        [
            ("clojars", "cheshire", "5.12.0", "runtime", True),
            ("clojars", "eftest", "0.6.0", "test", True),
            ("clojars", "org.clojure/clojure", "1.11.1", "runtime", True),
            ("clojars", "ring", "1.10.0", "runtime", True),
            ("clojars", "ring/ring-mock", "0.4.0", "development", True),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
