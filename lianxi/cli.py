"""The typer app: the only module that prints, reads argv or exits. Each command: parse → core →
format → exit. Core modules are imported inside commands so that start-up stays fast."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import io
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO, TypeVar

import typer

from lianxi import __version__
from lianxi import diagnostics as dg

if TYPE_CHECKING:
    from rich.console import Console

    from lianxi.diagnostics import Diagnostic
    from lianxi.loader import LoadResult
    from lianxi.model import Definition
    from lianxi.render import Batch
    from lianxi.workspace import Ref

T = TypeVar("T")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class _Funnelled(typer.Typer):
    """A Typer whose every command runs inside `user_errors()`: one funnel for the whole CLI, so a
    command that forgets it (or fails before reaching it) still ends with a diagnostic and a
    documented exit code, never a traceback."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorator(f: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(f)  # typer reads the signature through __wrapped__
            def funnelled(*a: Any, **kw: Any) -> Any:
                safe_streams()
                with user_errors():
                    return f(*a, **kw)

            register(funnelled)
            return f

        return decorator


def safe_streams() -> None:
    """Write what the console cannot encode as replacements (a GBK console, `PYTHONIOENCODING=gbk`)
    instead of failing with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not stream.closed:
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")


app = _Funnelled(
    name="lianxi",
    help="Keep 联席会议制度 (joint meeting systems) as validated YAML: validate, show, diff, "
    "render, import.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
render_app = _Funnelled(
    help="Render documents (通知, 成员名单) through Jinja templates.", no_args_is_help=True
)
app.add_typer(render_app, name="render")


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, stderr=stderr)


def out_print(text: str) -> None:
    """Print to stdout without rich markup (user text may contain `[error]`)."""
    _to_stdout(lambda out: out.write(text if text.endswith("\n") else text + "\n"))


def out_bytes(data: bytes) -> None:
    """Write a rendered document (bytes) to stdout."""

    def write(out: TextIO) -> None:
        out.flush()
        out.buffer.write(data)
        out.buffer.flush()

    _to_stdout(write)


def _to_stdout(write: Callable[[TextIO], object]) -> None:
    """Run `write` on stdout; a stdout that is closed or fails is LX505, never a traceback."""
    try:
        if sys.stdout is None or sys.stdout.closed:  # started with stdout closed (`>&-`)
            raise ValueError("standard output is closed")
        write(sys.stdout)
    except (OSError, ValueError) as e:
        if isinstance(e, BrokenPipeError):
            raise  # the reader went away (`| head`): user_errors() ends quietly
        raise dg.LianxiError(
            dg.problem("LX505", "<stdout>", 0, 0, path="<stdout>", reason=str(e))
        ) from None


def err_print(text: str) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()  # keep stdout and stderr in order on a shared terminal
    if sys.stderr is None or sys.stderr.closed:
        return  # nowhere left to say anything; the exit code still tells
    with contextlib.suppress(BrokenPipeError):
        sys.stderr.write(text if text.endswith("\n") else text + "\n")


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """The one funnel: LianxiError → diagnostics and exit 1 (2 for usage); anything else is a bug."""
    from lianxi import report

    try:
        yield
    except typer.Exit:
        raise
    except dg.UsageError as e:
        err_print(report.format_text(list(e.diagnostics), lang=_lang))
        raise typer.Exit(EXIT_USAGE) from None
    except dg.LianxiError as e:
        err_print(report.format_text(list(e.diagnostics), lang=_lang))
        raise typer.Exit(EXIT_FINDINGS) from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader went away (`lianxi units | head -1`): stop quietly, as cat does, and keep
        # the interpreter from complaining when it flushes stdout at exit.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_OK) from None
    except Exception as e:
        if os.environ.get("LIANXI_DEBUG"):
            raise
        if _lang == "zh":
            err_print(f"内部错误：{type(e).__name__}: {e}")
            err_print(
                "这是 lianxi 的缺陷；请设置 LIANXI_DEBUG=1 重新运行，并附上完整的错误信息报告问题"
            )
        else:
            err_print(f"internal error: {type(e).__name__}: {e}")
            err_print("this is a bug in lianxi; rerun with LIANXI_DEBUG=1 and report the traceback")
        raise typer.Exit(EXIT_BUG) from None


@contextlib.contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr for long runs, only when stderr is a terminal."""
    if total < 200 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(console=_console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


class Lang(enum.StrEnum):
    zh = "zh"
    en = "en"


class DiagFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


class DiffFormat(enum.StrEnum):
    text = "text"
    md = "md"
    json = "json"


class ShowFormat(enum.StrEnum):
    text = "text"
    json = "json"


class TableFormat(enum.StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class NoticeFormat(enum.StrEnum):
    md = "md"
    txt = "txt"
    html = "html"
    docx = "docx"
    pdf = "pdf"


class MembersFormat(enum.StrEnum):
    md = "md"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    docx = "docx"
    pdf = "pdf"


RootOpt = Annotated[
    Path | None,
    typer.Option(
        "--root", help="Workspace folder (default: found by walking up, like git).", file_okay=False
    ),
]
LangOpt = Annotated[
    Lang | None, typer.Option("--lang", help="Message language (default: from LANG).")
]


_lang = "en"  # the language of this run's output: set once by setup(), passed to each formatter


def setup(lang: Lang | None) -> str:
    """Choose the output language from --lang or the locale."""
    global _lang
    _lang = lang.value if lang else dg.detect_language()
    return _lang


def version_callback(value: bool) -> None:
    if value:
        out_print(f"lianxi {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """lianxi keeps 联席会议制度 as validated YAML files in a git repository.

    Example: lianxi validate && lianxi show yuncheng:quality
    """


def _root(root: Path | None) -> Path:
    from lianxi.workspace import require_root, use_catalog

    base = require_root(root, Path.cwd())
    with user_errors():
        use_catalog(base)  # the workspace's own catalog entries, checked (LX904)
    return base


def _resolve(refs: list[str], root: Path) -> list[Ref]:
    from lianxi.workspace import resolve_refs

    out = resolve_refs(refs, root)
    _PATHS.update((r.display, r.path.absolute()) for r in out if r.rev is None)
    return out


#: the file each displayed name stands for (a REF relative to the current folder is not one
#: relative to --root), so that an excerpt is taken from the file that was checked
_PATHS: dict[str, Path] = {}


def _source_lines(diags: list[Diagnostic], root: Path) -> dict[str, list[str]]:
    """The text of each file a diagnostic names, to show the offending line.

    Never from a file of the workspace that is a symbolic link out of it, never more than the
    size limit, never from anything but a regular file."""
    from lianxi.inputs import lexically_inside, outside, read_limited

    out: dict[str, list[str]] = {}
    for file in {d.file for d in diags if d.line}:
        path = _PATHS.get(file) or (Path(file) if Path(file).is_absolute() else root / file)
        if lexically_inside(path, root) and outside(path, root):
            continue
        with contextlib.suppress(dg.LianxiError, UnicodeDecodeError):
            out[file] = read_limited(path).decode("utf-8-sig").splitlines()
    return out


def _inert_lines(text: str) -> str:
    """Text output made of workspace names, made inert line by line: control, bidi and invisible
    characters escaped, and no line starting with `::`, which CI would take for a workflow command
    (a unit name may hold a line break)."""
    from lianxi.textutil import inert

    return "\n".join(
        (" " + line if line.startswith("::") else line)
        for line in (inert(part) for part in text.split("\n"))
    )


def _finish(failing: bool) -> NoReturn:
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


@app.command()
def validate(
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Definitions to check: ID, ID:KEY, ID@REV or a path. "
            "Default: the whole workspace.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        DiagFormat | None,
        typer.Option(
            "--format", "-f", help="Output format (default: text; github when GITHUB_ACTIONS=true)."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Date to check against (YYYY-MM-DD), for reproducible runs.",
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """Load and check definitions; report every problem in one run.

    Exit 0 when no errors, 1 on errors (or warnings with --strict), 2 on a usage error.

    Examples: lianxi validate | lianxi validate yuncheng --format json | lianxi validate --strict
    """
    setup(lang)
    from lianxi import report

    chosen = fmt or (
        DiagFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else DiagFormat.text
    )
    with user_errors():
        day = _parse_date(today, "--today")
        base = _root(root)
        from lianxi.validate import validate_refs

        resolved = _resolve(refs or [], base)
        with progress_bar(len(resolved), "validating" if _lang == "en" else "检查") as tick:
            count, diags = validate_refs(resolved, base, day, tick)
    lines = _source_lines(diags, base) if chosen == DiagFormat.text else None
    out, summary, failing = report.format_validation(
        diags, count, chosen.value, strict, lines, _lang
    )
    if out is not None:
        out_print(out)
    if summary is not None:
        err_print(summary)
    _finish(failing)


def _parse_date(text: str | None, option: str) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise dg.UsageError(
            dg.problem("LX102/date_option", option, 0, 0, option=option, value=text)
        ) from None


@app.command()
def show(
    ref: Annotated[str, typer.Argument(help="ID, ID:KEY, ID@REV or a path.")],
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ShowFormat.text
    ),
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show one definition or one system, as a summary or as the normalized model in JSON.

    Examples: lianxi show yuncheng | lianxi show yuncheng:ip --format json
    """
    setup(lang)
    from lianxi import report
    from lianxi import show as show_core
    from lianxi.workspace import load_ref

    with user_errors():
        base = _root(root)
        (parsed,) = _resolve([ref], base)
        result = load_ref(parsed, base)
        if result.definition is None:
            err_print(
                report.format_text(
                    result.diagnostics, _source_lines(result.diagnostics, base), _lang
                )
            )
            _finish(True)
        text = (
            show_core.format_json(result.definition, parsed.key)
            if fmt == ShowFormat.json
            else _inert_lines(show_core.format_text(result.definition, parsed.key, lang=_lang))
        )
    out_print(text)


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    lang: LangOpt = None,
) -> None:
    """Print the JSON Schema of the definition format, for editors and other tools.

    Example: lianxi schema -o schema/lianxi.schema.json --force
    """
    setup(lang)
    from lianxi.output import write_atomic
    from lianxi.schema import schema_json

    with user_errors():
        text = schema_json()
        if output is None:
            out_print(text)
        else:
            write_atomic(output, text.encode("utf-8"), force=force)
            err_print(f"wrote {output}")


def _scan(
    refs: list[Ref], base: Path, use: Callable[[Definition, str | None], T], label: str
) -> Iterator[T]:
    """`use(definition, key)` for each REF, computed in workers for a large workspace.

    Files that do not load are reported together at the end, and the command exits 1.
    """
    import functools

    from lianxi.workspace import each_definition

    yield from _gather(refs, base, functools.partial(each_definition, use), label)


def _gather(
    refs: list[Ref],
    base: Path,
    extract: Callable[[LoadResult, Ref], tuple[T | None, list[Diagnostic]]],
    label: str,
) -> Iterator[T]:
    """`extract(result, ref)` for each REF through `workspace.scan`: its values, and the files
    that do not load reported together at the end (the command exits 1)."""
    from lianxi import report
    from lianxi.workspace import scan

    problems: list[Diagnostic] = []
    with progress_bar(len(refs), label) as tick:
        for value, diags in scan(base, refs, extract):
            if value is None:
                problems += diags
            else:
                yield value
            if tick:
                tick(1)
    if problems:
        err_print(report.format_text(problems, _source_lines(problems, base), _lang))
        _finish(True)


def _load_all(refs: list[Ref], base: Path) -> list[tuple[Definition, str | None]]:
    """Load each REF; a file that does not load stops the command with its diagnostics."""
    from lianxi import report
    from lianxi.checks import Context, phrasing_placeholders
    from lianxi.workspace import load_ref, pick_system

    loaded: list[tuple[Definition, str | None]] = []
    for ref in refs:
        result = load_ref(ref, base)
        # a phrasing field with an unknown or empty placeholder cannot be rendered: said at its line
        wrong = (
            []
            if result.definition is None
            else list(phrasing_placeholders.check(result, Context()))
        )
        if result.definition is None or wrong:
            shown = wrong or result.diagnostics
            err_print(report.format_text(shown, _source_lines(shown, base), _lang))
            _finish(True)
        assert result.definition is not None
        pick_system(result.definition, ref.key)  # an ID:KEY whose KEY is not there is LX901
        loaded.append((result.definition, ref.key))
    return loaded


@app.command()
def meetings(
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Definitions (ID, ID:KEY, a path); default: the whole workspace.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ShowFormat.text
    ),
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help="Date that decides what is overdue (YYYY-MM-DD).", metavar="YYYY-MM-DD"
        ),
    ] = None,
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """List meetings newest first, then open decisions, overdue ones first and marked.

    Examples: lianxi meetings | lianxi meetings neimenggu --today 2024-01-15 --format json
    """
    setup(lang)
    import functools

    from lianxi import meetings as core

    with user_errors():
        day = _parse_date(today, "--today")
        base = _root(root)
        use = functools.partial(core.entries, today=day, fmt=fmt.value, lang=_lang)
        rows, open_ = core.merge(_scan(_resolve(refs or [], base), base, use, "meetings"))
        text = (
            core.format_json(rows, open_)
            if fmt == ShowFormat.json
            else _inert_lines(core.format_text(rows, open_, lang=_lang))
        )
    out_print(text)


@app.command()
def units(
    query: Annotated[
        str | None,
        typer.Argument(
            help="Show only this function (公安, 市公安局, public-security).", show_default=False
        ),
    ] = None,
    fmt: Annotated[
        TableFormat,
        typer.Option("--format", "-f", help="text, json, csv, or xlsx (the participation matrix)."),
    ] = TableFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="xlsx: write here (default: build/units.xlsx)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    unknown: Annotated[
        bool,
        typer.Option(
            "--unknown", help="Only the names the catalog cannot place, most frequent first."
        ),
    ] = False,
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """List every unit across the workspace with its catalog function and the systems it sits in.

    Most-shared functions come first. Examples: lianxi units | lianxi units 公安 |
    lianxi units --format csv > units.csv | lianxi units -f xlsx -o 参与矩阵.xlsx |
    lianxi units --unknown
    """
    setup(lang)
    from lianxi import units as core

    with user_errors():
        if unknown and fmt == TableFormat.xlsx:
            raise dg.UsageError(
                dg.problem("LX102/unknown_format", "--format", 0, 0, value=fmt.value)
            )
        base = _root(root)
        refs = _resolve([], base)
        found = _scan(refs, base, core.entries, "units")
        if unknown:
            missing, total = core.unknown(found)
            if fmt == TableFormat.json:
                out_print(core.format_unknown_json(missing))
            elif fmt == TableFormat.csv:
                out_bytes(core.format_unknown_csv(missing))
            else:
                out_print(core.format_unknown_text(missing, total, lang=_lang))
            return
        rows = core.merge(found)
        if query is not None:
            rows = [r for r in rows if core.matches(r, query)]
        if fmt == TableFormat.xlsx:
            from lianxi.site import participation_sheets, unit_facts
            from lianxi.workbook import workbook

            kept = {r.function for r in rows}
            facts = [f for group in _scan(refs, base, unit_facts, "units") for f in group]
            sheets = participation_sheets(facts, kept.__contains__)
            _emit(workbook(sheets), output or Path("build") / "units.xlsx", force)
        elif fmt == TableFormat.json:
            out_print(core.format_json(rows))
        elif fmt == TableFormat.csv:
            out_bytes(core.format_csv(rows))
        else:
            out_print(_inert_lines(core.format_text(rows, lang=_lang)))
        if query is not None and not rows:
            raise typer.Exit(1)


def _pdf(docx: bytes, name: str) -> bytes:
    """The PDF LibreOffice prints from `docx`; LX508 on stderr when fallback fonts stood in."""
    from lianxi import pdf, report

    printed = pdf.docx_to_pdf(docx, name)
    notes = pdf.font_report(printed, name)
    if notes:
        err_print(report.format_text(notes, lang=_lang))
    return printed.data


def _emit(data: bytes, output: Path | None, force: bool, root: Path | None = None) -> None:
    """A rendered document to stdout, or whole to a file (never over one without --force)."""
    from lianxi.output import write_atomic

    if output is None:
        out_bytes(data)
        return
    write_atomic(output, data, force=force, root=root)
    err_print(f"wrote {output}")


RenderRef = Annotated[
    str | None,
    typer.Argument(
        help="ID, ID:KEY or a path (default: every definition, into --out-dir).", show_default=False
    ),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
]
OutDirOpt = Annotated[
    Path,
    typer.Option(
        "--out-dir",
        help="Folder for files when no REF is given, or for docx and pdf.",
        file_okay=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite existing files.")]


def _render(
    doc: str,
    ref: str | None,
    fmt: str,
    output: Path | None,
    out_dir: Path,
    force: bool,
    root: Path | None,
    private: bool = False,
) -> None:
    """Shared by `render notice` and `render members`: one REF to stdout or a file, or all into a folder."""
    from lianxi import render as core
    from lianxi.output import refuse_existing

    base = _root(root)
    target = out_dir if out_dir.is_absolute() else Path.cwd() / out_dir
    batch = core.Batch(doc, fmt, target, base / "templates", base, force, private)

    def produce(defn: Definition, key: str | None) -> bytes:
        data = core.render_one(batch, defn, key)
        if fmt == "pdf":
            return _pdf(data, str(output or core.batch_name(batch, defn, key)))
        return data

    with user_errors():
        refs = _resolve([ref] if ref else [], base)
        if ref is not None and (output is not None or fmt not in ("docx", "xlsx", "pdf")):
            loaded = _load_all(refs, base)
            if output is not None:
                refuse_existing([output], force=force)  # before the work, not after it
            _emit(produce(*loaded[0]), output, force, base)
            return
        _render_all(batch, refs, out_dir)


def _render_all(batch: Batch, refs: list[Ref], out_dir: Path) -> None:
    """Render each REF into `batch.folder` (in workers when there are many), then write the files
    in order. Nothing is written unless every definition loads, no file is in the way (without
    --force) and every template renders; the first problem is reported as it would be had the
    files been loaded one by one before the first was rendered."""
    import functools
    import tempfile

    from lianxi import render as core
    from lianxi import report
    from lianxi.output import refuse_existing, write_atomic
    from lianxi.workspace import scan

    names: list[str] = []
    kept: list[tuple[str, int]] = []  # file name, size of its bytes in the spool
    failed: tuple[Diagnostic, ...] = ()
    with tempfile.TemporaryFile() as spool:  # rendered files wait on disk, not in memory
        label = "rendering" if _lang == "en" else "生成"
        with progress_bar(len(refs), label) as tick:
            for done in scan(batch.root, refs, functools.partial(core.batch_entry, batch)):
                if done.unloaded:
                    shown = list(done.diagnostics)
                    err_print(report.format_text(shown, _source_lines(shown, batch.root), _lang))
                    _finish(True)
                names.append(done.name)
                if done.diagnostics and not failed:
                    failed = done.diagnostics
                elif not done.exists and not done.diagnostics:
                    spool.write(done.data)
                    kept.append((done.name, len(done.data)))
                if tick:
                    tick(1)
        refuse_existing([batch.folder / n for n in names], force=batch.force)
        if failed:
            raise dg.LianxiError(*failed)
        spool.seek(0)
        for name, size in kept:
            data = spool.read(size)
            if batch.fmt == "pdf":
                data = _pdf(data, name)
            write_atomic(batch.folder / name, data, force=batch.force, root=batch.root)
            err_print(f"wrote {out_dir / name}")


@render_app.command("notice")
def render_notice(
    ref: RenderRef = None,
    fmt: Annotated[
        NoticeFormat,
        typer.Option(
            "--format", "-f", help="md, txt, html, docx (GB/T 9704) or pdf (via LibreOffice)."
        ),
    ] = NoticeFormat.md,
    output: OutputOpt = None,
    out_dir: OutDirOpt = Path("build"),
    force: ForceOpt = False,
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """Render the 通知 (or 函) with its systems, in the document's own structure and phrasing.

    Examples: lianxi render notice yuncheng --format txt |
    lianxi render notice yuncheng -f docx -o 运政办函〔2024〕38号.docx |
    lianxi render notice --format html --out-dir site/
    """
    setup(lang)
    _render("notice", ref, fmt.value, output, out_dir, force, root)


@render_app.command("members")
def render_members(
    ref: RenderRef = None,
    fmt: Annotated[
        MembersFormat,
        typer.Option("--format", "-f", help="md, csv (UTF-8 with BOM), xlsx, html, docx or pdf."),
    ] = MembersFormat.md,
    output: OutputOpt = None,
    out_dir: OutDirOpt = Path("build"),
    force: ForceOpt = False,
    private: Annotated[
        bool, typer.Option("--private", help="Add the liaison list with phone numbers.")
    ] = False,
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """Render the 成员名单: conveners first, then the member units in order with names and posts.

    Examples: lianxi render members guojia-jiliang | lianxi render members yuncheng:ip -f csv -o 成员.csv |
    lianxi render members yuncheng --private -f docx -o 联络员.docx
    """
    setup(lang)
    _render("members", ref, fmt.value, output, out_dir, force, root, private)


class MinutesFormat(enum.StrEnum):
    md = "md"
    txt = "txt"
    docx = "docx"
    pdf = "pdf"


class AdjustmentFormat(enum.StrEnum):
    md = "md"
    txt = "txt"
    docx = "docx"
    pdf = "pdf"


@render_app.command("adjustment")
def render_adjustment(
    ref: Annotated[
        str, typer.Argument(help="ID:KEY (or ID of a file with one system).", show_default=False)
    ],
    since: Annotated[
        str,
        typer.Option(
            "--since", help="The git revision the adjustment is measured from.", metavar="REV"
        ),
    ],
    fmt: Annotated[
        AdjustmentFormat,
        typer.Option("--format", "-f", help="md, txt, docx (GB/T 9704) or pdf (via LibreOffice)."),
    ] = AdjustmentFormat.md,
    date: Annotated[
        str | None,
        typer.Option("--date", help="成文日期 (YYYY-MM-DD; default: today).", metavar="YYYY-MM-DD"),
    ] = None,
    record: Annotated[
        bool,
        typer.Option("--record", help="Also print the history: entry that records the adjustment."),
    ] = False,
    output: OutputOpt = None,
    force: ForceOpt = False,
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """Draft the 调整通知 of one system from its revision diff: units added, removed and renamed,
    conveners, lead unit and office changed, and the full new member list.

    Examples: lianxi render adjustment yuncheng:quality --since HEAD~1 |
    lianxi render adjustment yuncheng:quality --since v1 -f docx -o 调整通知.docx --record
    """
    setup(lang)
    import dataclasses

    from lianxi import adjustment as core
    from lianxi.workspace import load_ref

    base = _root(root)
    with user_errors():
        day = _parse_date(date, "--date")
        ((defn, key),) = _load_all(_resolve([ref], base), base)
        if key is None and len(defn.systems) != 1:
            keys = dg.join(s.key for s in defn.systems)
            example = f"{defn.id}:{defn.systems[0].key}"
            raise dg.UsageError(
                dg.problem("LX901/one_system", ref, 0, 0, ref=ref, keys=keys, example=example)
            )
        new = defn.system(key) if key else defn.systems[0]
        assert new is not None
        (parsed,) = _resolve([ref], base)
        before = load_ref(dataclasses.replace(parsed, rev=since), base)
        if before.definition is None:
            from lianxi import report

            err_print(report.format_text(before.diagnostics, lang=_lang))
            _finish(True)
        old = before.definition.system(new.key)
        label = f"{defn.id}:{new.key}"
        if old is None:
            raise dg.UsageError(
                dg.problem("LX901/not_at_rev", ref, 0, 0, ref=label, key=new.key, rev=since)
            )
        view = core.adjustment_view(defn, old, new, day)
        if view is None:
            raise dg.UsageError(dg.problem("LX901/unchanged", ref, 0, 0, ref=label, rev=since))
        printed = fmt in (AdjustmentFormat.docx, AdjustmentFormat.pdf)
        if output is None and printed:
            output = Path("build") / f"{defn.id}.{new.key}.adjustment.{day}.{fmt.value}"
        if output is not None and printed:
            from lianxi.output import refuse_existing

            refuse_existing([output], force=force)  # before the work, not after it
        kind = "docx" if fmt == AdjustmentFormat.pdf else fmt.value
        data = core.render_adjustment(view, kind, base / "templates", base)
        if fmt == AdjustmentFormat.pdf:
            data = _pdf(data, str(output))
        _emit(data, output, force)
        if record:
            where = f"{parsed.display}, systems[{defn.systems.index(new)}] ({label}), history:"
            err_print(
                (f"# add to {where}" if _lang == "en" else f"# 加入 {where}")
                + "\n"
                + core.history_entry(view, day)
            )


@render_app.command("minutes")
def render_minutes(
    ref: Annotated[
        str, typer.Argument(help="ID or ID:KEY of the system that met.", show_default=False)
    ],
    meeting: Annotated[
        str,
        typer.Option(
            "--meeting", help="Date of the meeting record, YYYY-MM-DD.", show_default=False
        ),
    ],
    fmt: Annotated[
        MinutesFormat, typer.Option("--format", "-f", help="md, txt, docx (纪要格式) or pdf.")
    ] = MinutesFormat.md,
    output: OutputOpt = None,
    force: ForceOpt = False,
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """Draft a 会议纪要 from a meeting record: summary, 议定事项 with owners and due dates, 出席 / 列席.

    Examples: lianxi render minutes neimenggu --meeting 2023-08-10 |
    lianxi render minutes neimenggu --meeting 2023-08-10 -f docx -o 纪要.docx
    """
    setup(lang)
    from lianxi import render as core

    base = _root(root)
    templates = base / "templates"
    with user_errors():
        date = _parse_date(meeting, "--meeting")
        ((defn, key),) = _load_all(_resolve([ref], base), base)
        view = core.minutes_view(defn, key, date)
        if view is None:
            dates = sorted({str(m.date) for s in defn.systems for m in s.meetings})
            raise dg.UsageError(
                dg.problem(
                    "LX901/no_meeting" if dates else "LX901/no_meetings",
                    ref,
                    0,
                    0,
                    ref=ref,
                    date=str(date),
                    dates=dg.join(dates),
                )
            )
        if fmt in (MinutesFormat.docx, MinutesFormat.pdf):
            from lianxi.output import refuse_existing

            output = output or Path("build") / f"{defn.id}.minutes.{date}.{fmt.value}"
            refuse_existing([output], force=force)  # before the work, not after it
            data = core.render_minutes_docx(view, templates, base)
            if fmt == MinutesFormat.pdf:
                data = _pdf(data, str(output))
        else:
            data = core.render_minutes(view, fmt.value, templates, base).encode("utf-8")
        _emit(data, output, force, base)


@app.command()
def diff(
    a: Annotated[
        str | None,
        typer.Argument(help="First REF (ID, ID:KEY, ID@REV, a path).", show_default=False),
    ] = None,
    b: Annotated[str | None, typer.Argument(help="Second REF.", show_default=False)] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Compare every definition changed since this git revision.",
            metavar="REV",
        ),
    ] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DiffFormat.text
    ),
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are differences.")
    ] = False,
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """Compare two systems: peers by unit function, or one system across git revisions.

    Examples: lianxi diff yuncheng ezhou | lianxi diff yuncheng@HEAD~1 yuncheng |
    lianxi diff --base origin/main --format md
    """
    setup(lang)
    from lianxi import diff as core
    from lianxi.compare import compare_refs, compare_since

    with user_errors():
        base_dir = _root(root)
        if base is not None:
            if a or b:
                raise dg.UsageError(dg.problem("LX901/diff_both", "diff", 0, 0))
            results, problems = compare_since(base_dir, base)
        else:
            if not a or not b:
                raise dg.UsageError(dg.problem("LX901/diff_two", "diff", 0, 0))
            ref_a, ref_b = _resolve([a, b], base_dir)
            results, problems = compare_refs(ref_a, ref_b, base_dir)
        if problems:
            from lianxi import report

            err_print(report.format_text(problems, _source_lines(problems, base_dir), _lang))
            _finish(True)
        text = core.FORMATTERS[fmt.value](results, _lang)
    out_print(text)
    _finish(exit_code and sum(r.differences for r in results) > 0)


@app.command()
def site(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to build the site in.", file_okay=False)
    ] = Path("build/site"),
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help="Date that decides what is overdue (YYYY-MM-DD).", metavar="YYYY-MM-DD"
        ),
    ] = None,
    downloads: Annotated[
        bool,
        typer.Option(
            "--downloads/--no-downloads",
            help="Add each notice (md, docx) and member list (csv, xlsx) for download.",
        ),
    ] = True,
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """Build a static registry of the workspace: an index with offline search, a page per system
    and per unit function, participation matrices, peer comparisons. Opens from file:// or any
    static host; loads nothing from the internet.

    Examples: lianxi site | lianxi site -o public/ --today 2025-01-01
    """
    setup(lang)
    import functools
    import tempfile

    from lianxi import site as core
    from lianxi.output import building

    with user_errors():
        day = _parse_date(today, "--today")
        base = _root(root)
        refs = _resolve([], base)
        # what the first pass loaded, kept for the second (lianxi's own folder, removed at the end)
        with tempfile.TemporaryDirectory(prefix="lianxi-site-") as scratch:
            snapshots = core.Snapshots(Path(scratch))
            gather = functools.partial(core.gather, day, snapshots)
            try:
                facts = [f for found in _gather(refs, base, gather, "reading") for f in found]
            finally:
                snapshots.close()
            options = core.SiteOptions(today=day, downloads=downloads)
            label = "pages" if _lang == "en" else "页面"
            with progress_bar(len(refs), label) as tick, building(output, core.MARKER) as stage:
                try:
                    count = core.build_site(
                        base, refs, facts, options, base / "templates", stage, tick, snapshots
                    )
                finally:
                    snapshots.close()
    err_print(
        f"wrote {count} files to {output}" if _lang == "en" else f"已写入 {count} 个文件到 {output}"
    )


class LevelChoice(enum.StrEnum):
    national = "national"
    provincial = "provincial"
    city = "city"
    county = "county"


@app.command("import")
def import_(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The notice as text or HTML; - reads stdin.")
    ],
    ident: Annotated[
        str | None,
        typer.Option("--id", help="Definition id (default: the output's or input's file name)."),
    ] = None,
    jurisdiction: Annotated[
        str | None,
        typer.Option("--jurisdiction", help="e.g. 运城市 (default: guessed from the issuer)."),
    ] = None,
    output: OutputOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 while the review lists anything missing.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Draft a definition from a notice as published on the web: simplified or traditional, HTML,
    inline pinyin, site chrome. The draft goes to stdout (or -o) with # TODO comments where the
    import was unsure; a review goes to stderr. Exit 0 when the draft validates without errors.

    Example: lianxi import notice.html --jurisdiction 西安市 -o definitions/xian.yaml
    """
    setup(lang)
    import re

    from lianxi import importer, report
    from lianxi.inputs import read_stream
    from lianxi.loader import read_bytes
    from lianxi.model import ID_PATTERN

    with user_errors():
        from lianxi.scaffold import check_id, check_jurisdiction

        if ident is not None:
            check_id(ident)
        if jurisdiction is not None:
            check_jurisdiction(jurisdiction)
        review = importer.Review()
        if file == "-":
            data, name = read_stream(sys.stdin.buffer, "<stdin>"), "<stdin>"
        else:
            data, name = read_bytes(Path(file)), file
        text = importer.decode(data, name, review)
        guess = [output.stem if output else None, None if file == "-" else Path(file).stem]
        default = next((g for g in guess if g and re.fullmatch(ID_PATTERN, g)), "draft")
        draft = importer.import_text(text, ident or default, jurisdiction, source=Path(name).name)
        draft.review.guessed[:0] = review.guessed
        if output is not None:
            from lianxi.output import write_atomic

            write_atomic(output, draft.text.encode("utf-8"), force=force)
        else:
            out_print(draft.text.rstrip("\n"))
        err_print(
            importer.review_text(draft, name, str(output) if output else "stdout", lang=_lang)
        )
        if draft.errors:
            err_print(report.format_text(draft.errors, lang=_lang))
            raise typer.Exit(EXIT_FINDINGS)
        if strict and draft.review.missing:
            raise typer.Exit(EXIT_FINDINGS)


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(help="Folder to scaffold (default: here).", file_okay=False)
    ] = Path(),
    lang: LangOpt = None,
) -> None:
    """Scaffold a workspace: definitions/ with a commented example, templates/, lianxi.toml,
    .pre-commit-config.yaml and a GitHub Actions workflow. Never overwrites a file.

    Example: lianxi init my-definitions && cd my-definitions && lianxi validate
    """
    setup(lang)
    from lianxi.scaffold import init_workspace

    with user_errors():
        written = init_workspace(folder)
    for path in written:
        err_print(f"wrote {path}" if _lang == "en" else f"已写入 {path}")


@app.command()
def new(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The new definition's id.")],
    jurisdiction: Annotated[str, typer.Option("--jurisdiction", help="e.g. 运城市.")],
    level: Annotated[LevelChoice, typer.Option("--level", help="Level of the systems.")] = (
        LevelChoice.city
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    root: RootOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write definitions/ID.yaml with the schema modeline and every field commented in Chinese.

    Example: lianxi new xian --jurisdiction 西安市 --level city
    """
    setup(lang)
    from lianxi.model import Level
    from lianxi.scaffold import new_definition

    with user_errors():
        path = new_definition(_root(root), ident, jurisdiction, Level(level.value), force)
    err_print(f"wrote {path}" if _lang == "en" else f"已写入 {path}")


def run() -> None:
    """Entry point used by `python -m lianxi` and the console script."""
    app()
