"""How close wump's parsers come to bibliothecary (the parser behind Libraries.io and ecosyste.ms).

Run: ``python bench/parsers_score.py`` (not part of ``make test``). It reads
``bench/parsers_score_cases.json``:

- ``formats``: the file names bibliothecary's parsers recognise; each must be recognised by
  ``wump.parsers.find_parser`` under that path;
- ``cases``: our own fixtures (under tests/fixtures/manifests) with the dependencies bibliothecary's
  rules give for them;
- ``upstream``: what bibliothecary's spec asserts for its own fixtures. These are scored only with
  ``--upstream DIR`` (a checkout's spec/fixtures folder); the fixtures are not kept here.

Figures: name recall (expected names wump reports), name precision (reported names that are
expected), (name, requirement) agreement (expected pairs reported with the same requirement
string), all over distinct (name, requirement) pairs per file, names normalized the way wump does.
``--verbose`` prints each file's misses and extras.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

try:
    from wump.identity import normalize_name
    from wump.parsers import find_parser, parse
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipeline"))
    from wump.identity import normalize_name
    from wump.parsers import find_parser, parse

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).with_name("parsers_score_cases.json")
FIXTURES = ROOT / "tests" / "fixtures" / "manifests"


def _score_file(case: dict, content: bytes) -> dict:
    eco = case["ecosystem"]
    result = parse(case["file"], content)
    got = {(d.name, d.requirement) for d in result.dependencies if d.ecosystem == eco}
    # bibliothecary writes "no requirement" as None, "", "*" or ">= 0" depending on the format;
    # compare the strings as given, None only with None.
    want = {(normalize_name(eco, n), r if r is None else str(r)) for n, r, _ in case["expected"]}
    got_names, want_names = {n for n, _ in got}, {n for n, _ in want}
    return {
        "file": case.get("fixture") or case.get("upstream"),
        "error": result.error,
        "names_expected": len(want_names),
        "names_found": len(want_names & got_names),
        "names_reported": len(got_names),
        "names_right": len(got_names & want_names),
        "pairs_expected": len(want),
        "pairs_agree": len(want & got),
        "missing": sorted(want_names - got_names),
        "extra": sorted(got_names - want_names),
        "disagree": sorted(want - got - {p for p in want if p[0] not in got_names}, key=str),
    }


def _totals(rows: list[dict]) -> dict:
    def ratio(a: str, b: str) -> float:
        den = sum(r[b] for r in rows)
        return round(sum(r[a] for r in rows) / den, 4) if den else 1.0

    return {
        "files": len(rows),
        "name_recall": ratio("names_found", "names_expected"),
        "name_precision": ratio("names_right", "names_reported"),
        "requirement_agreement": ratio("pairs_agree", "pairs_expected"),
        "errors": sum(1 for r in rows if r["error"]),
    }


def score(upstream: Path | None = None) -> dict:
    data = json.loads(CASES.read_text())
    unrecognised = [f["path"] for f in data["formats"] if find_parser(f["path"]) is None]
    report: dict = {
        "formats": len(data["formats"]),
        "formats_recognised": len(data["formats"]) - len(unrecognised),
        "unrecognised": unrecognised,
    }
    rows = [_score_file(c, (FIXTURES / c["fixture"]).read_bytes()) for c in data["cases"]]
    report["own_fixtures"] = _totals(rows)
    report["own_rows"] = rows
    if upstream is not None:
        up_rows = [
            _score_file(c, (upstream / c["upstream"]).read_bytes())
            for c in data["upstream"]
            if (upstream / c["upstream"]).is_file()
        ]
        report["upstream"] = _totals(up_rows)
        report["upstream_rows"] = up_rows
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", type=Path, help="bibliothecary's spec/fixtures folder")
    ap.add_argument("--verbose", action="store_true", help="per-file misses, extras, disagreements")
    ap.add_argument("--json", action="store_true", help="the whole report as JSON")
    args = ap.parse_args(argv)
    report = score(args.upstream)
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"formats: {report['formats_recognised']}/{report['formats']} recognised")
    if report["unrecognised"]:
        print("  not recognised: " + ", ".join(report["unrecognised"]))
    for key in ("own_fixtures", "upstream"):
        if key in report:
            t = report[key]
            print(
                f"{key}: {t['files']} files, name recall {t['name_recall']:.3f}, "
                f"precision {t['name_precision']:.3f}, requirement agreement "
                f"{t['requirement_agreement']:.3f}, {t['errors']} errors"
            )
            if args.verbose:
                for r in report[key.replace("_fixtures", "") + "_rows"]:
                    if r["missing"] or r["extra"] or r["disagree"] or r["error"]:
                        print(f"  {r['file']}: missing {r['missing']} extra {r['extra']} "
                              f"disagree {r['disagree']} error {r['error']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
