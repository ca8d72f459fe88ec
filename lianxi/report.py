"""Diagnostics → text (rustc/ruff style), json or GitHub annotations. Pure functions."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

from lianxi.diagnostics import Diagnostic, Severity
from lianxi.textutil import inert

Lines = Mapping[str, Sequence[str]]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def format_summary(diags: Sequence[Diagnostic], files: int, lang: str = "en") -> str:
    """One closing line: counts of errors and warnings, and files checked."""
    errors = sum(1 for d in diags if d.severity == Severity.ERROR)
    warnings = len(diags) - errors
    if lang == "zh":
        if not diags:
            return f"已检查 {files} 个文件，没有发现问题"
        return f"已检查 {files} 个文件：{errors} 个错误，{warnings} 个警告"
    if not diags:
        return f"checked {_plural(files, 'file')}: no problems found"
    return (
        f"checked {_plural(files, 'file')}: {_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}"
    )


_SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


def format_text(diags: Sequence[Diagnostic], lines: Lines | None = None, lang: str = "en") -> str:
    """`file:line:col: CODE [severity] message`, the offending line, and the hint, in `lang`."""
    out: list[str] = []
    hint_word = "提示" if lang == "zh" else "hint"
    for d in diags:
        file = inert(d.file)
        where = f"{file}:{d.line}:{d.col}" if d.line else file
        severity = _SEVERITY_ZH[d.severity] if lang == "zh" else str(d.severity)
        out.append(f"{where}: {d.code} [{severity}] {inert(d.message(lang))}")
        src = (lines or {}).get(d.file)
        if src and 0 < d.line <= len(src):
            line = inert(src[d.line - 1].rstrip("\n").replace("\t", " "))
            text, col = _window(line, d.col)
            width = len(str(d.line))
            pad = " " * width
            out.append(f" {pad} |")
            out.append(f" {d.line} | {text}")
            caret_at = _display_width(text[: max(col - 1, 0)])
            out.append(f" {pad} | {' ' * caret_at}^")
        hint = d.hint(lang)
        if hint:
            out.append(f"  {hint_word}: {inert(hint)}")
    return "\n".join(out)


EXCERPT = 100  # characters of a source line shown; a longer line is cut around the column


def _window(text: str, col: int) -> tuple[str, int]:
    """A long line cut to EXCERPT characters around `col` (1-based), with … where it was cut."""
    if len(text) <= EXCERPT:
        return text, col
    start = max(0, min(col - 1 - EXCERPT // 4, len(text) - EXCERPT))
    part = text[start : start + EXCERPT]
    if start:
        part, col = "…" + part, col - start + 1
    if start + EXCERPT < len(text):
        part += "…"
    return part, col


def _display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_json(
    diags: Sequence[Diagnostic],
    lines: Lines | None = None,  # noqa: ARG001
    lang: str = "en",
) -> str:
    """A JSON object: diagnostics (file, line, col, code, severity, message and hint in `lang`,
    args) and counts."""
    errors = sum(1 for d in diags if d.severity == Severity.ERROR)
    return json.dumps(
        {
            "diagnostics": [d.to_dict(lang) for d in diags],
            "errors": errors,
            "warnings": len(diags) - errors,
        },
        ensure_ascii=False,
        indent=2,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(
    diags: Sequence[Diagnostic],
    lines: Lines | None = None,  # noqa: ARG001
    lang: str = "en",
) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`."""
    out = []
    for d in diags:
        props = [f"file={_escape_property(inert(d.file))}"]
        if d.line:
            props += [f"line={d.line}", f"col={max(d.col, 1)}"]
        props.append(f"title={d.code}")
        hint = d.hint(lang)
        message = inert(d.message(lang) + (f" ({hint})" if hint else ""))
        out.append(f"::{d.severity} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(out)


Formatter = Callable[[Sequence[Diagnostic], "Lines | None", str], str]
FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}


def format_validation(
    diags: Sequence[Diagnostic],
    files: int,
    fmt: str,
    strict: bool,
    lines: Lines | None,
    lang: str,
) -> tuple[str | None, str | None, bool]:
    """What `lianxi validate` prints: (stdout or None, the summary for stderr or None, failing).

    Failing means errors, or warnings too under `strict`.
    """
    listed = list(diags)
    out = FORMATTERS[fmt](listed, lines, lang) if fmt == "json" or listed else None
    summary = format_summary(listed, files, lang) if fmt == "text" else None
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return out, summary, any(d.severity in failing for d in listed)
