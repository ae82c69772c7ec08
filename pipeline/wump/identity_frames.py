"""``wump.identity``'s rules over whole Polars frames, for inputs of millions of rows.

Each function gives exactly what the scalar function in ``wump.identity`` gives for every row
(tests assert it on tricky and random names). Rows the vectorized expressions might get wrong are
routed through the scalar function itself, once per distinct value:

- names or platforms with any non-ASCII character (Python's ``str.lower`` and Rust's disagree on a
  few dozen code points their Unicode versions assign differently);
- purls whose name needs percent-encoding or a type-specific purl rule (``pub``, ``hackage``,
  ``cpan``...): only plain names take the string-concatenation fast path.
"""

from __future__ import annotations

import polars as pl

from wump.identity import PLATFORM_TO_ECOSYSTEM, ecosystem_for_platform, normalize_name, purl_for

# Every character Python's str.strip() removes (str.isspace()), in code point order.
PY_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                 "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# Ecosystems normalize_name lower-cases (besides pypi's PEP 503 rule).
LOWERCASE_ECOSYSTEMS = ("npm", "nuget", "composer", "githubactions", "cargo")
_NON_ASCII = r"[^\x00-\x7F]"


def ecosystem_expr(platform: pl.Expr) -> pl.Expr:
    """``ecosystem_for_platform`` for ASCII platform names."""
    key = platform.str.strip_chars(PY_WHITESPACE).str.to_lowercase()
    return key.replace(PLATFORM_TO_ECOSYSTEM)


def normalize_name_expr(ecosystem: pl.Expr, name: pl.Expr) -> pl.Expr:
    """``normalize_name`` for ASCII names."""
    stripped = name.str.strip_chars(PY_WHITESPACE)
    return (
        pl.when(ecosystem == "pypi").then(stripped.str.replace_all(r"[-_.]+", "-").str.to_lowercase())
        .when(ecosystem.is_in(LOWERCASE_ECOSYSTEMS)).then(stripped.str.to_lowercase())
        .when(ecosystem == "maven").then(stripped.str.replace_all("/", ":", literal=True))
        .otherwise(stripped)
    )


def with_package_identity(frame: pl.DataFrame, platform: str, name: str,
                          ecosystem_out: str = "ecosystem", name_out: str = "package") -> pl.DataFrame:
    """``frame`` plus ``ecosystem_out`` = ecosystem_for_platform(platform) and ``name_out`` =
    normalize_name(ecosystem, name); null inputs give nulls."""
    eco = ecosystem_expr(pl.col(platform))
    out = frame.with_columns(eco.alias(ecosystem_out)).with_columns(
        normalize_name_expr(pl.col(ecosystem_out), pl.col(name)).alias(name_out))
    odd = out.select((pl.col(platform).str.contains(_NON_ASCII) | pl.col(name).str.contains(_NON_ASCII))
                     .fill_null(False).alias("odd"))["odd"]
    if not odd.any():
        return out
    pairs = out.filter(odd).select(platform, name).unique()
    fixed_eco, fixed_name = [], []
    for p, n in pairs.iter_rows():
        e = ecosystem_for_platform(p)
        fixed_eco.append(e)
        fixed_name.append(normalize_name(e, n))
    fixes = pairs.with_columns(pl.Series("__eco", fixed_eco, dtype=pl.String),
                               pl.Series("__name", fixed_name, dtype=pl.String))
    return (out.join(fixes, on=[platform, name], how="left", nulls_equal=False, maintain_order="left")
            .with_columns(pl.coalesce("__eco", ecosystem_out).alias(ecosystem_out),
                          pl.coalesce("__name", name_out).alias(name_out))
            .drop("__eco", "__name"))


# --- purls -----------------------------------------------------------------------------------

_SAFE = r"[A-Za-z0-9._-]+"
_LOWER_SAFE = r"[a-z0-9._-]+"
# purl types whose names packageurl lower-cases, and types with further name rules (never fast).
_PURL_LOWERCASED = ("bitbucket", "github", "pypi", "gitlab", "composer", "luarocks", "oci", "npm", "alpm",
                    "apk", "bitnami", "hex", "pub")
_PURL_SPECIAL = ("pub", "hackage", "cpan", "mlflow", "huggingface", "oci")
_SLASH_TYPES_ANY_CASE = ("golang", "swift", "docker", "githubactions")


def purl_fast_expr(ecosystem: pl.Expr, name: pl.Expr) -> pl.Expr:
    """The purl by string concatenation where that is provably what ``purl_for`` returns, else null."""
    plain_type = ecosystem.str.contains(r"^[a-z0-9.-]+$") & ~ecosystem.is_in(_PURL_SPECIAL)
    lower_only = ecosystem.is_in(_PURL_LOWERCASED)
    simple = pl.concat_str(pl.lit("pkg:"), ecosystem, pl.lit("/"), name)
    return (
        pl.when(~plain_type).then(None)
        # pypi: packageurl also turns _ into -; normalized names never hold _ but be exact.
        .when((ecosystem == "pypi") & name.str.contains(r"^[a-z0-9.-]+$")).then(simple)
        .when(ecosystem == "pypi").then(None)
        .when(name.str.contains(f"^{_LOWER_SAFE}$")).then(simple)
        .when(~lower_only & name.str.contains(f"^{_SAFE}$")).then(simple)
        .when((ecosystem == "maven") & name.str.contains(f"^{_SAFE}:{_SAFE}$"))
        .then(pl.concat_str(pl.lit("pkg:maven/"), name.str.replace(":", "/", literal=True)))
        .when((ecosystem == "npm") & name.str.contains(f"^@{_LOWER_SAFE}/{_LOWER_SAFE}$"))
        .then(pl.concat_str(pl.lit("pkg:npm/%40"), name.str.slice(1)))
        .when(ecosystem.is_in(_SLASH_TYPES_ANY_CASE) & name.str.contains(f"^{_SAFE}(/{_SAFE})+$")).then(simple)
        .when((ecosystem == "composer") & name.str.contains(f"^{_LOWER_SAFE}(/{_LOWER_SAFE})+$")).then(simple)
        .otherwise(None)
    )


def _purl_or_none(ecosystem: str, name: str) -> str | None:
    try:
        return purl_for(ecosystem, name)
    except (ValueError, TypeError):  # names packageurl cannot represent (e.g. "/")
        return None


def purls(frame: pl.DataFrame, ecosystem: str = "ecosystem", name: str = "name") -> pl.Series:
    """``purl_for(ecosystem, name)`` for every row of ``frame``; null where either is null or
    ``purl_for`` rejects the name (a malformed name must not stop a bulk import)."""
    fast = frame.select(purl_fast_expr(pl.col(ecosystem), pl.col(name)).alias("purl"))["purl"]
    need = fast.is_null() & frame[ecosystem].is_not_null() & frame[name].is_not_null()
    if not need.any():
        return fast
    slow = frame.filter(need).select(ecosystem, name)
    values = pl.Series("purl", [_purl_or_none(e, n) for e, n in slow.iter_rows()], dtype=pl.String)
    # Scatter the slow results back into their rows.
    index = need.arg_true()
    return fast.scatter(index, values)


# --- the same rules as DuckDB SQL, exact for ASCII text ---------------------------------------
#
# DuckDB's lower() and Python's str.lower() agree on ASCII (not on every other code point: İ,
# final sigma), and str.strip() removes exactly ASCII_WHITESPACE from ASCII text, so these
# expressions equal the scalar functions whenever the inputs are ASCII. ``sql_is_ascii`` marks the
# rows that are: callers send the others through ``with_package_identity``.

ASCII_WHITESPACE = "".join(c for c in PY_WHITESPACE if ord(c) < 128)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_is_ascii(expression: str) -> str:
    """True when the text has no non-ASCII character (or is null)."""
    return f"coalesce(strlen({expression}) = length({expression}), true)"


def sql_ecosystem(platform: str) -> str:
    """``ecosystem_for_platform`` in DuckDB SQL (exact for ASCII platform names)."""
    key = f"lower(trim({platform}, {_sql_string(ASCII_WHITESPACE)}))"
    cases = " ".join(f"WHEN {_sql_string(k)} THEN {_sql_string(v)}" for k, v in PLATFORM_TO_ECOSYSTEM.items()
                     if k != v)
    return f"(CASE {key} {cases} ELSE {key} END)"


def sql_normalize_name(ecosystem: str, name: str) -> str:
    """``normalize_name`` in DuckDB SQL (exact for ASCII names)."""
    stripped = f"trim({name}, {_sql_string(ASCII_WHITESPACE)})"
    lowered = ", ".join(_sql_string(e) for e in LOWERCASE_ECOSYSTEMS)
    return (f"(CASE WHEN {ecosystem} = 'pypi' THEN lower(regexp_replace({stripped}, '[-_.]+', '-', 'g')) "
            f"WHEN {ecosystem} IN ({lowered}) THEN lower({stripped}) "
            f"WHEN {ecosystem} = 'maven' THEN replace({stripped}, '/', ':') ELSE {stripped} END)")


def sql_platform_key(platform: str) -> str:
    """The lookup key ``ecosystem_for_platform`` uses: the platform stripped and lower-cased."""
    return f"lower(trim({platform}, {_sql_string(ASCII_WHITESPACE)}))"


def sql_platform_table(alias: str = "platform_map") -> str:
    """A VALUES relation ``alias(platform_key, mapped_ecosystem)`` of ``PLATFORM_TO_ECOSYSTEM``.

    Joining it (``LEFT JOIN … ON alias.platform_key = sql_platform_key(col)``) and taking
    ``coalesce(alias.mapped_ecosystem, sql_platform_key(col))`` is ``sql_ecosystem`` at a hash
    probe per row instead of a 40-branch CASE (DuckDB inlines a CASE at every reference)."""
    values = ", ".join(f"({_sql_string(k)}, {_sql_string(v)})" for k, v in PLATFORM_TO_ECOSYSTEM.items())
    return f"(VALUES {values}) AS {alias}(platform_key, mapped_ecosystem)"
