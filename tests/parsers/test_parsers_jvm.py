"""Exact expected output for every fixture of: maven, clojure."""

import pytest

CASES = {
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
    "maven/locks/gradle.lockfile": (
        "lockfile",
        [
            ("maven", "com.google.guava:guava", "32.1.2-jre", "runtime", False),
            ("maven", "junit:junit", "4.13.2", "test", False),
            ("maven", "org.projectlombok:lombok", "1.18.30", "runtime", False),
        ],
    ),
    "maven/locks/gradle/dependency-locks/testCompileClasspath.lockfile": (
        "lockfile",
        [
            ("maven", "org.hamcrest:hamcrest-core", "1.3", "test", False),
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
    "maven/reports/gradle-dependencies-q.txt": (
        "lockfile",
        [
            ("maven", "com.google.code.findbugs:jsr305", "3.0.2", "runtime", False),
            ("maven", "com.google.guava:guava", "25.1-jre", "runtime", True),
            ("maven", "com.puppycrawl.tools:checkstyle", "8.12", "build", True),
            ("maven", "commons-cli:commons-cli", "1.4", "build", False),
            ("maven", "junit:junit", "4.12", "test", True),
            ("maven", "org.apache.logging.log4j:log4j-core", "2.11.1", "runtime", True),
            ("maven", "org.hamcrest:hamcrest-core", "1.3", "test", False),
            ("maven", "org.projectlombok:lombok", "1.18.2", "build", True),
            ("maven", "org.slf4j:slf4j-api", "1.7.30", "runtime", True),
            ("maven", "org.springframework.boot:spring-boot-starter-web", "2.1.0.RELEASE", "runtime", True),
        ],
    ),
    "maven/reports/maven-dependency-tree.dot": (
        "lockfile",
        [
            ("maven", "net.sf.saxon:Saxon-HE", "12.5", "runtime", True),
            ("maven", "org.junit.jupiter:junit-jupiter", "5.12.2", "test", True),
            ("maven", "org.junit.jupiter:junit-jupiter-api", "5.12.2", "test", False),
            ("maven", "org.scala-lang:scala-library", "2.12.20", "runtime", True),
            ("maven", "org.xmlresolver:xmlresolver", "5.2.2", "runtime", False),
        ],
    ),
    "maven/reports/maven-dependency-tree.txt": (
        "lockfile",
        [
            ("maven", "com.example:app", "1.0-SNAPSHOT", "runtime", True),
            ("maven", "com.example:core", "1.0-SNAPSHOT", "runtime", True),
            ("maven", "com.github.tomakehurst:wiremock", "1.57", "test", True),
            ("maven", "com.google.guava:guava", "29.0-android", "test", False),
            ("maven", "jaxen:jaxen", "1.1.6", "optional", True),
            ("maven", "net.sourceforge.saxon:saxon", "9.1.0.8", "runtime", True),
            ("maven", "org.apache.ant:ant", "1.10.9", "provided", True),
            ("maven", "org.apache.ant:ant-launcher", "1.10.9", "runtime", True),
            ("maven", "org.mortbay.jetty:jetty", "6.1.26", "test", False),
            ("maven", "org.mortbay.jetty:jetty-util", "6.1.26", "test", False),
        ],
    ),
    "maven/reports/maven-resolved-dependencies.txt": (
        "lockfile",
        [
            ("maven", "javax.servlet:javax.servlet-api", "4.0.1", "provided", False),
            ("maven", "junit:junit", "4.12", "test", False),
            ("maven", "net.sourceforge.saxon:saxon", "9.1.0.8", "runtime", False),
            ("maven", "org.springframework.boot:spring-boot-devtools", "2.0.3.RELEASE", "optional", False),
            ("maven", "org.springframework.boot:spring-boot-starter-web", "2.0.3.RELEASE", "runtime", False),
            ("maven", "org.yaml:snakeyaml", "1.19", "runtime", False),
        ],
    ),
    "maven/reports/sbt-update-full.txt": (
        "lockfile",
        [
            ("maven", "com.github.fommil.netlib:core", "1.1.2", "runtime", False),
            ("maven", "org.scala-lang:scala-library", "2.12.6", "runtime", False),
            ("maven", "org.scalatest:scalatest_2.12", "3.0.1", "test", False),
        ],
    ),
    "maven/ivy-reports/com.example-shop_2.13-compile.xml": (
        "lockfile",
        [
            ("maven", "org.scala-lang:scala-library", "2.13.12", "runtime", False),
            ("maven", "org.typelevel:cats-core_2.13", "2.10.0", "runtime", False),
        ],
    ),
    # Another XML in a reports folder is read as nothing, not as an error.
    "maven/ivy-reports-other/ivy-reports/TEST-com.example-Spec.xml": ("lockfile", []),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
