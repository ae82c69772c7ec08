"""GitHub crawl benchmark against the fake GitHub with realistic latency.

Reports requests per repository on a first crawl and on a refresh with nothing changed, and the
wall time of a first crawl of about 1,000 repositories at concurrency 1 and 8.

    python bench/github_bench.py [--copies 7] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fakes.github_server import FakeGitHub, scaled_world  # noqa: E402
from wump import steps  # noqa: E402
from wump.config import GitHubOptions, Settings  # noqa: E402


def crawl(world, owners, latency: float, concurrency: int, refresh: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp, FakeGitHub(world, latency=latency) as fake:
        settings = Settings(data_dir=Path(tmp), watch_orgs=tuple(owners),
                            github=GitHubOptions(api_url=fake.url, concurrency=concurrency))
        started = time.perf_counter()
        first = steps.fetch_github(settings)
        first_wall = time.perf_counter() - started
        first_counted = len(fake.counted)
        out = {"concurrency": concurrency, "first_wall_s": round(first_wall, 2), "first_counted": first_counted,
               "repositories": first.counts.get("repository", 0)}
        if refresh:
            fake.counted.clear()
            started = time.perf_counter()
            second = steps.fetch_github(settings)
            out.update(refresh_wall_s=round(time.perf_counter() - started, 2), refresh_counted=len(fake.counted),
                       refresh_not_modified=second.notes["not_modified"])
        return out


def run(copies: int = 7, latency: float = 0.05) -> dict:
    world, owners = scaled_world(copies)
    results = [crawl(world, owners, latency, 8, refresh=True), crawl(world, owners, latency, 1, refresh=False)]
    repos = results[0]["repositories"]
    return {
        "repositories": repos,
        "latency_s": latency,
        "first_requests_per_repo": round(results[0]["first_counted"] / repos, 2),
        "refresh_counted_per_repo": round(results[0]["refresh_counted"] / repos, 4),
        "refresh_wall_s": results[0]["refresh_wall_s"],
        "wall_s_concurrency_8": results[0]["first_wall_s"],
        "wall_s_concurrency_1": results[1]["first_wall_s"],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=7, help="demo world copies (146 repositories each)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every response")
    args = parser.parse_args()
    for key, value in run(args.copies, args.latency).items():
        print(f"{key:28} {value}")
