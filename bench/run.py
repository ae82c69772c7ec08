"""`make bench`: every benchmark, figures printed as a table and saved to bench/out/results.json.

    python bench/run.py [--only github,parsers,librariesio] [--libraries-io-sizes 1000000] [--runs 100]

The default Libraries.io size (1 M rows) takes a few minutes; the acceptance sizes are flags:
``--libraries-io-sizes 10000000,50000000`` (tens of minutes, ~20 GB of disk at 50 M).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="parsers,github,librariesio")
    parser.add_argument("--libraries-io-sizes", default="1000000")
    parser.add_argument("--runs", type=int, default=100, help="requests per users-route filter combination")
    args = parser.parse_args()
    wanted = args.only.split(",")
    results: dict[str, object] = {}
    if "parsers" in wanted:
        import parsers_bench

        results["parsers"] = parsers_bench.run()
    if "github" in wanted:
        import github_bench

        results["github"] = github_bench.run()
    if "librariesio" in wanted and (HERE / "librariesio_bench.py").exists():
        import librariesio_bench

        results["librariesio"] = librariesio_bench.run([int(s) for s in args.libraries_io_sizes.split(",")],
                                                         runs=args.runs)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                                  **results}, indent=2, default=str))
    for name, figures in results.items():
        print(f"== {name}")
        print(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
