"""`python -m lianxi` and the `lianxi` console script."""

from __future__ import annotations

import gc
import os
import sys

# `lianxi validate` options answered without building the typer app: name → allowed values
_QUICK = {"--format": ("text", "json", "github"), "--today": None, "--root": None}
_QUICK_LANG = ("zh", "en")


def _quick_args(args: list[str]) -> tuple[list[str], dict[str, str], bool] | None:
    """`validate` arguments as (refs, options, strict), or None for anything unusual."""
    refs: list[str] = []
    opts: dict[str, str] = {}
    strict = False
    rest = iter(args)
    for arg in rest:
        if arg == "--strict":
            strict = True
            continue
        name, eq, value = arg.partition("=")
        name = "--format" if name == "-f" else name
        if name in _QUICK or name == "--lang":
            if not eq:
                value = next(rest, "")
            allowed = _QUICK_LANG if name == "--lang" else _QUICK[name]
            if name in opts or not value or (allowed is not None and value not in allowed):
                return None
            opts[name] = value
        elif arg.startswith("-") or not arg:
            return None  # --help, -h, a typo: typer answers
        else:
            refs.append(arg)
    return refs, opts, strict


def _quick_validate(args: list[str]) -> int | None:
    """Run `lianxi validate` without typer when its arguments are plain.

    Building the typer app and its pydantic parameter adapters is a third of a one-file check.
    None: the full CLI takes over (help, a usage error, a bad REF, a progress bar, a bug) and,
    as nothing has been printed yet, does the same work and reports it its own way.
    """
    import io

    parsed = _quick_args(args)
    streams = (sys.stdout, sys.stderr)
    if parsed is None or not all(isinstance(s, io.TextIOWrapper) and not s.closed for s in streams):
        return None
    refs, opts, strict = parsed
    import contextlib
    import datetime as dt
    from pathlib import Path

    from lianxi import diagnostics as dg
    from lianxi import report
    from lianxi.validate import validate_refs
    from lianxi.workspace import require_root, resolve_refs

    # What the imports made lives to the end: moved out of reach of the collections a scan makes
    # after each share of files, which would otherwise walk it all again (a tenth of a one-file check)
    gc.freeze()
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    fmt = opts.get("--format", "github" if github else "text")
    lang = opts.get("--lang") or dg.detect_language()
    try:
        today = dt.date.fromisoformat(opts["--today"]) if "--today" in opts else dt.date.today()
        root = Path(opts["--root"]) if "--root" in opts else None
        if root is not None and not root.is_dir():
            return None
        base = require_root(root, Path.cwd())
        resolved = resolve_refs(refs, base)
        if len(resolved) >= 200 and sys.stderr.isatty():
            return None  # the full CLI shows a progress bar
        count, diags = validate_refs(resolved, base, today)
        if fmt == "text" and any(d.line for d in diags):
            return None  # excerpts of the files are the full CLI's to read, with its care
        out, summary, failing = report.format_validation(diags, count, fmt, strict, None, lang)
    except KeyboardInterrupt:
        return 130
    except Exception:  # a usage error or a bug: the full CLI reports it
        return None
    for stream in streams:  # as the full CLI: what the console cannot encode is replaced
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    try:
        if out is not None:
            sys.stdout.write(out if out.endswith("\n") else out + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: stop quietly, as the full CLI does
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, ValueError) as e:
        problem = dg.problem("LX505", "<stdout>", 0, 0, path="<stdout>", reason=str(e))
        sys.stderr.write(report.format_text([problem], lang=lang) + "\n")
        return 1
    if summary is not None:
        with contextlib.suppress(BrokenPipeError):
            sys.stderr.write(summary + "\n")
    return 1 if failing else 0


def main() -> None:
    # `lianxi --version` answers before typer, rich and pydantic are imported: start-up matters
    # for a command typed dozens of times a day.
    if sys.argv[1:] == ["--version"]:
        from lianxi import __version__

        sys.stdout.write(f"lianxi {__version__}\n")
        return
    # Importing pydantic and building the models makes some hundred thousand objects that live as
    # long as the process: collecting while they are made only walks them again and again (about
    # a tenth of a one-file check). A plain `validate` runs without it to the end (its files are
    # loaded with collection off anyway: `workspace.scan`); the full CLI resumes it once imported.
    gc.disable()
    # lianxi's models take no pydantic plugins: without this, building the first one reads the
    # entry points of every installed distribution (importlib.metadata, about 12 ms of a one-file
    # check, more in a crowded environment). A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = _quick_validate(sys.argv[2:]) if sys.argv[1:2] == ["validate"] else None
    if code is not None:
        gc.freeze()  # see below
        sys.exit(code)
    from lianxi.cli import run

    gc.freeze()  # what the imports made lives to the end: never walked again
    gc.enable()
    try:
        run()
    finally:
        # The process is about to end: without this, the interpreter's last collection walks every
        # object pydantic and typer created (about 30 ms of a 200 ms `lianxi validate FILE`).
        # Files are closed where they are written and std streams are flushed at exit regardless.
        gc.freeze()


if __name__ == "__main__":
    main()
