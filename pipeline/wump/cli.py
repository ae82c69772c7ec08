"""The ``wump`` command.

The engine cannot import Dagster, so ``wump build`` (which materializes the Dagster graph) is
handed in by ``wump_assets.cli``; everything else runs on the engine alone.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from wump import answers, site, watch
from wump.config import ConfigError, load_settings

BuildFunction = Callable[[], bool]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wump", description="Who's Using My Package?")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every step")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("build", help="fetch, normalize and publish everything (in process)")

    serve = commands.add_parser("serve", help="serve the published database with Datasette")
    serve.add_argument("--port", type=int, default=8001)
    serve.add_argument("--host", default="127.0.0.1")

    users = commands.add_parser("users", help="who uses ECOSYSTEM/NAME, ranked")
    users.add_argument("package", help="e.g. pypi/fastapi, npm/@types/node")
    users.add_argument("--owner-type", help="Organization, User, unknown, missing or any, comma lists allowed "
                                             "(default: Organization,unknown — personal and missing accounts "
                                             "left out)")
    users.add_argument("--transitive", action="store_true", help="add owners that only have it in a lockfile")
    users.add_argument("--no-forks", action="store_true", help="leave forks out")
    users.add_argument("--no-archived", action="store_true", help="leave archived repositories out")
    users.add_argument("--runtime", action="store_true", help="runtime dependencies only")
    users.add_argument("--active-since", help="only repositories pushed on or after this date")
    users.add_argument("--sort", choices=list(answers.SORTS), default="repos")
    users.add_argument("--limit", type=int, default=20)

    parse = commands.add_parser("parse", help="print the dependencies in manifest files as JSON Lines")
    parse.add_argument("paths", nargs="+")

    import_cmd = commands.add_parser("import", help="import a bulk dump into the normalized tables")
    import_cmd.add_argument("kind", choices=["librariesio"], help="which dump")
    import_cmd.add_argument("directory", type=Path, help="folder with the Libraries.io 1.6.0 CSVs")
    import_cmd.add_argument("--force", action="store_true", help="import even if these files were imported")

    export = commands.add_parser("export", help="write the read-only API as files for a static host or CDN")
    export.add_argument("kind", choices=["static"])
    export.add_argument("directory", type=Path, help="folder to write (replaced when complete)")
    export.add_argument("--base-url", default="", help="the site's public URL, for the Atom feeds' links")

    watch_cmd = commands.add_parser("watch", help="the watch list in wump.toml")
    watch_sub = watch_cmd.add_subparsers(dest="action", required=True)
    for action in ("add", "remove"):
        sub = watch_sub.add_parser(action)
        sub.add_argument("items", nargs="+", help="org:LOGIN or ECOSYSTEM/NAME")
    watch_sub.add_parser("list")

    metadata = commands.add_parser("metadata", help="regenerate datasette/metadata.yml from the schema")
    metadata.add_argument("--check", action="store_true", help="fail when the file is out of date")
    return parser


def main(argv: list[str] | None = None, build: BuildFunction | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"wump: {exc}", file=sys.stderr)
        return 2
    if args.command == "build":
        if build is None:
            print("wump: build needs the Dagster code location (pip install -e .)", file=sys.stderr)
            return 2
        return _build(settings, build)
    if args.command == "serve":
        return _serve(settings, args.host, args.port)
    if args.command == "users":
        return _users(settings, args)
    if args.command == "parse":
        from wump.parsers import run_parse_cli

        return run_parse_cli(args.paths, sys.stdout, sys.stderr)
    if args.command == "watch":
        return _watch(settings.config_path, args)
    if args.command == "import":
        return _import(settings, args)
    if args.command == "export":
        return _export(settings, args)
    if args.command == "metadata":
        if args.check:
            current = site.METADATA_PATH.read_text(encoding="utf-8") if site.METADATA_PATH.exists() else ""
            if current != site.render():
                print(f"wump: {site.METADATA_PATH} is out of date; run `wump metadata`", file=sys.stderr)
                return 1
            return 0
        site.write()
        print(f"wrote {site.METADATA_PATH}")
        return 0
    return 2


def _build(settings, build: BuildFunction) -> int:
    started = time.monotonic()
    mode = "the bundled offline demo" if settings.use_demo else "the configured sources"
    print(f"wump: building {settings.published_path} from {mode} ...", file=sys.stderr)
    if not build():
        print("wump: build failed; the previously published database (if any) is unchanged", file=sys.stderr)
        if not settings.use_demo and not (settings.watch_orgs or settings.watch_packages or settings.librariesio.dump):
            print("wump: GITHUB_TOKEN is set but nothing is watched, so there is nothing to publish: "
                  "`wump watch add org:LOGIN` or `wump watch add ECOSYSTEM/NAME` (or unset GITHUB_TOKEN "
                  "for the offline demo)", file=sys.stderr)
        return 1
    with answers.open_published(settings.published_path) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
                  for t in ("organizations", "repositories", "packages", "dependencies", "package_users", "errors")}
    summary = ", ".join(f"{n:,} {t}" for t, n in counts.items())
    print(f"wump: published {settings.published_path} in {time.monotonic() - started:.1f} s: {summary}",
          file=sys.stderr)
    return 0


def datasette_command(settings, host: str, port: int) -> list[str]:
    return [
        str(Path(sys.executable).with_name("datasette")), "serve",
        "-i", str(settings.published_path),
        "--inspect-file", str(settings.inspect_path),
        "--metadata", str(site.METADATA_PATH),
        "--plugins-dir", str(site.SITE_DIR / "plugins"),
        "--template-dir", str(site.SITE_DIR / "templates"),
        "--static", f"static:{site.SITE_DIR / 'static'}",
        "--setting", "sql_time_limit_ms", "3000",
        "--setting", "max_returned_rows", "1000",
        "--host", host, "--port", str(port),
    ]


def _serve(settings, host: str, port: int) -> int:
    if not settings.published_path.exists():
        print(f"wump: no published database at {settings.published_path}; run `wump build` first",
              file=sys.stderr)
        return 1
    command = datasette_command(settings, host, port)
    print(f"wump: serving http://{host}:{port}/ (try /api/v1/packages/pypi/fastapi/users)", file=sys.stderr)
    os.execv(command[0], command)
    return 0  # not reached


def _users(settings, args) -> int:
    path = settings.published_path
    if not path.exists():
        print(f"wump: no published database at {path}; run `wump build` first", file=sys.stderr)
        return 1
    con = answers.open_published(path)
    try:
        filters = answers.filters_from_args({
            "owner_type": args.owner_type, "transitive": str(args.transitive), "forks": str(not args.no_forks),
            "archived": str(not args.no_archived), "runtime": str(args.runtime), "active_since": args.active_since,
            "sort": args.sort})
        package = answers.find_package(con, args.package)
    except answers.BadRequest as exc:
        print(f"wump: {exc}", file=sys.stderr)
        return 2
    except answers.NotFound as exc:
        hint = f" Did you mean: {', '.join(exc.candidates or exc.suggestions)}?" if (exc.candidates or exc.suggestions) else ""
        print(f"wump: {exc.message}{hint}", file=sys.stderr)
        return 1
    users = answers.users(con, package["id"], filters, args.limit)
    counts = answers.count_users(con, package["id"], filters)
    print(f"Who uses {package['ecosystem']}/{package['name']}?  ({len(users)} of {counts.total} shown)")
    print(format_table(users, ["org", "owner_type", "repos", "runtime_repos", "transitive_repos", "stars", "last_commit_at"]))
    left_out = []
    if counts.personal_accounts_left_out:
        left_out.append(f"{counts.personal_accounts_left_out} personal account(s) (--owner-type any)")
    if counts.missing_accounts_left_out:
        left_out.append(f"{counts.missing_accounts_left_out} login(s) GitHub has no account for (--owner-type any)")
    if counts.transitive_only_left_out:
        left_out.append(f"{counts.transitive_only_left_out} transitive-only owner(s) (--transitive)")
    if left_out:
        print(f"Left out: {'; '.join(left_out)}.")
    return 0


def format_table(rows: list[dict], columns: list[str]) -> str:
    """A plain aligned text table (numbers right-aligned)."""
    cells = [[("" if r[c] is None else str(r[c])) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(r[c], int) for r in rows) and rows != [] for c in columns]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(row) for row in cells)])


def _export(settings, args) -> int:
    from wump import export

    if not settings.published_path.exists():
        print(f"wump: no published database at {settings.published_path}; run `wump build` first", file=sys.stderr)
        return 1
    report = export.export_static(settings.published_path, args.directory, base_url=args.base_url.rstrip("/"),
                                  openapi=export.openapi_document())
    print(f"wump: {args.directory}: {report.summary()}", file=sys.stderr)
    return 0


def _import(settings, args) -> int:
    from wump import steps

    try:
        result = steps.import_librariesio(settings, args.directory, force=args.force, progress=sys.stderr.isatty())
    except FileNotFoundError as exc:
        print(f"wump: {exc}", file=sys.stderr)
        return 1
    print(result.notes.get("summary") or f"wump: {args.directory} was imported already (use --force)",
          file=sys.stderr)
    # Recorded so every later build keeps publishing it (and knows the demo is not wanted).
    watch.set_source(settings.config_path, "libraries_io_dump", str(args.directory.resolve()))
    print(f"wump: recorded [sources] libraries_io_dump in {settings.config_path}; `wump build` publishes it",
          file=sys.stderr)
    return 0


def _watch(config_path: Path, args) -> int:
    try:
        if args.action == "list":
            for item in watch.listing(config_path):
                print(item)
            return 0
        for item in args.items:
            changed = (watch.add if args.action == "add" else watch.remove)(config_path, item)
            verb = {"add": ("added", "already watched"), "remove": ("removed", "was not watched")}[args.action]
            print(f"{item}: {verb[0] if changed else verb[1]} ({config_path})")
        return 0
    except watch.WatchError as exc:
        print(f"wump: {exc}", file=sys.stderr)
        return 2
