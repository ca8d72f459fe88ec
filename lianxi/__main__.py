"""`python -m lianxi` and the `lianxi` console script."""

from __future__ import annotations

import sys


def main() -> None:
    # `lianxi --version` answers before typer, rich and pydantic are imported: start-up matters
    # for a command typed dozens of times a day.
    if sys.argv[1:] == ["--version"]:
        from lianxi import __version__

        sys.stdout.write(f"lianxi {__version__}\n")
        return
    from lianxi.cli import run

    run()


if __name__ == "__main__":
    main()
