"""Exact expected output for every fixture of: pypi."""

import pytest

CASES = {
    "pypi/compiled/requirements.txt": (
        "lockfile",
        [
            ("pypi", "asgiref", "==3.7.2", "runtime", False),
            ("pypi", "django", "==4.2.7", "runtime", True),
            ("pypi", "sqlparse", "==0.4.4", "runtime", True),
        ],
    ),
    "pypi/conda/environment.yml": (
        "manifest",
        [
            ("conda", "libblas", "3.9.0", "runtime", True),
            ("conda", "numpy", ">=1.26", "runtime", True),
            ("conda", "pandas", "2.1.*", "runtime", True),
            ("conda", "pip", None, "runtime", True),
            ("conda", "python", "3.11", "runtime", True),
            ("pypi", "requests", "==2.31.0", "runtime", True),
        ],
    ),
    "pypi/pdm/pdm.lock": (
        "lockfile",
        [
            ("pypi", "click", "8.1.7", "runtime", False),
            ("pypi", "colorama", "0.4.6", "runtime", False),
            ("pypi", "pytest", "7.4.3", "test", False),
        ],
    ),
    "pypi/pep621/pyproject.toml": (
        "manifest",
        [
            ("pypi", "httpx", ">=0.27", "runtime", True),
            ("pypi", "jinja2", "~= 3.1", "runtime", True),
            ("pypi", "mkdocs", "*", "development", True),
            ("pypi", "mypy", ">=1.0", "development", True),
            ("pypi", "pre-commit", "*", "development", True),
            ("pypi", "pytest", ">=8", "test", True),
            ("pypi", "ruff", "*", "development", True),
            ("pypi", "tomli", "python_version < '3.11'", "runtime", True),
            ("pypi", "typer", "[all]>=0.9", "optional", True),
        ],
    ),
    "pypi/pipdeptree/pip-dependency-graph.json": (
        "lockfile",
        [
            ("pypi", "click", "8.1.7", "runtime", False),
            ("pypi", "flask", "3.0.0", "runtime", False),
            ("pypi", "idna", "3.6", "runtime", False),
            ("pypi", "markupsafe", "2.1.3", "runtime", False),
            ("pypi", "requests", "2.31.0", "runtime", False),
            ("pypi", "werkzeug", "3.0.1", "runtime", False),
        ],
    ),
    "pypi/pipenv/Pipfile": (
        "manifest",
        [
            ("pypi", "another-local", "*", "development", True),
            ("pypi", "django", ">=4.0", "runtime", True),
            ("pypi", "mkdocs", "~=1.5", "development", True),
            ("pypi", "mylocal", "*", "runtime", True),
            ("pypi", "pytest", ">=7.0", "development", True),
            ("pypi", "records", "https://github.com/kennethreitz/records.git#v0.5.3", "runtime", True),
            ("pypi", "requests", "*", "runtime", True),
            ("pypi", "socks-extra", "*", "runtime", True),
            ("pypi", "table-form", "==1.2", "runtime", True),
        ],
    ),
    "pypi/pipenv/Pipfile.lock": (
        "lockfile",
        [
            ("pypi", "pytest", "==7.4.3", "development", False),
            ("pypi", "records", "https://github.com/kennethreitz/records.git#abc123", "runtime", False),
            ("pypi", "requests", "==2.31.0", "runtime", False),
            ("pypi", "urllib3", "==2.0.7", "runtime", False),
        ],
    ),
    "pypi/poetry/poetry.lock": (
        "lockfile",
        [
            ("pypi", "certifi", "2023.7.22", "runtime", False),
            ("pypi", "pytest", "7.4.0", "development", False),
        ],
    ),
    "pypi/poetry/pyproject.toml": (
        "manifest",
        [
            ("pypi", "coverage", "*", "test", True),
            ("pypi", "flake8", "^6", "development", True),
            ("pypi", "from-git", "https://github.com/org/from-git.git#v1.0", "runtime", True),
            ("pypi", "multi", "<1.0", "runtime", True),
            ("pypi", "multi", "^1.0", "runtime", True),
            ("pypi", "my-local", "*", "runtime", True),
            ("pypi", "pendulum", "^3.0", "optional", True),
            ("pypi", "pytest", "^7.0", "development", True),
            ("pypi", "python", "^3.10", "runtime", True),
            ("pypi", "requests", "^2.31", "runtime", True),
        ],
    ),
    "pypi/pylock/pylock.toml": (
        "lockfile",
        [
            ("pypi", "attrs", "25.1.0", "runtime", False),
            ("pypi", "from-git", "https://github.com/o/from-git.git#4b6d9b8", "runtime", False),
            ("pypi", "numpy", "2.2.3", "runtime", False),
        ],
    ),
    "pypi/requirements-test.in": (
        "manifest",
        [
            ("pypi", "hypothesis", "*", "test", True),
        ],
    ),
    "pypi/requirements.txt": (
        "manifest",
        [
            ("pypi", "django", ">=4.2,<5.0", "runtime", True),
            ("pypi", "flask-sqlalchemy", "*", "runtime", True),
            ("pypi", "legacy-thing", "==1.0-beta", "runtime", True),
            ("pypi", "mylib", "v1.2", "runtime", True),
            ("pypi", "numpy", "==1.26.0", "runtime", True),
            ("pypi", "other-pkg", None, "runtime", True),
            ("pypi", "pydantic", "https://files.example.com/pydantic-2.0-py3-none-any.whl", "runtime", True),
            ("pypi", "requests", "==2.31.0", "runtime", True),
            ("pypi", "zope-interface", ">=5.0", "runtime", True),
        ],
    ),
    "pypi/requirements/dev.txt": (
        "manifest",
        [
            ("pypi", "black", "*", "development", True),
            ("pypi", "pytest", ">=7", "development", True),
        ],
    ),
    "pypi/setup.cfg": (
        "manifest",
        [
            ("pypi", "importlib-metadata", "*", "runtime", True),
            ("pypi", "pytest-cov", "*", "test", True),
            ("pypi", "sphinx", ">=7", "optional", True),
            ("pypi", "typing-extensions", ">=4.0", "runtime", True),
        ],
    ),
    "pypi/setup.py": (
        "manifest",
        [
            ("pypi", "attrs", "==23.1.0", "runtime", True),
            ("pypi", "click", ">=8.0", "runtime", True),
            ("pypi", "pytest", "*", "test", True),
            ("pypi", "pyyaml", ">=6", "optional", True),
            ("pypi", "rich", "*", "runtime", True),
            ("pypi", "ujson", "*", "optional", True),
        ],
    ),
    "pypi/setup_py2/setup.py": (
        "manifest",
        [
            ("pypi", "simplejson", "*", "runtime", True),
            ("pypi", "six", ">=1.0", "runtime", True),
        ],
    ),
    "pypi/uv/uv.lock": (
        "lockfile",
        [
            ("pypi", "anyio", "4.0.0", "runtime", True),
            ("pypi", "idna", "3.4", "runtime", False),
            ("pypi", "orjson", "3.9.0", "optional", True),
            ("pypi", "pytest", "8.0.0", "development", True),
        ],
    ),
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_fixture(rel: str, check_fixture) -> None:
    kind, expected = CASES[rel]
    check_fixture(rel, kind, expected)
