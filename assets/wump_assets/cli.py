"""Entry point of the ``wump`` command: the engine's CLI plus ``build`` through Dagster."""

import sys


def _build() -> bool:
    # Imported only for `wump build`: Dagster takes seconds to import, `wump users` should not wait.
    from wump_assets.build import build_all

    return build_all()


def main() -> None:
    from wump.cli import main as engine_main

    sys.exit(engine_main(build=_build))
