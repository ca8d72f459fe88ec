"""Why the YAML parser or the model refused a definition, worded for the person who typed it.

A parser notices a mistake where it can no longer go on, often a line or more after it was made.
People edit definitions in Chinese input methods and paste from web pages and Word, so the usual
causes are keys typed with a full-width `：` or `；`, no space after `:`, tabs or U+3000 in the
indentation, `，` between the entries of a `{…}`, a list item indented deeper than the one above.
These are looked for in the lines up to the place the parser stopped, and the diagnostic points
at the line that holds the cause. Everything else the parser or pydantic can say has a wording of
its own in MESSAGES; their English never reaches a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Any

from lianxi import diagnostics as dg
from lianxi.diagnostics import Diagnostic

# --- the usual keyboard mistakes ------------------------------------------------------------

_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_ITEM = re.compile(r"(?:-[ \t]+)*")  # `- ` markers before a key on a sequence line
_KEY_SEP = re.compile(rf"({_KEY})[ \t]*([：；:])(.?)")
# inside {…} or […]: a full-width separator before the next `key:`
_FLOW_SEP = re.compile(rf"([，、；])[ \t\u3000]*{_KEY}[ \t]*[:：]")
_FLOW_COLON = re.compile(rf"[{{,，][ \t]*{_KEY}[ \t]*(：)")
_BLOCK_SCALAR = re.compile(r"(?:^|[ \t]|:)[|>][-+0-9]*[ \t]*(?:#.*)?$")


def _structure_lines(lines: Sequence[str], upto: int) -> Iterator[tuple[int, str]]:
    """(0-based index, text) of the lines 0..upto-1 that hold YAML structure: comments and the
    content of `|` / `>` block scalars are left out."""
    block_indent: int | None = None
    for i in range(min(upto, len(lines))):
        raw = lines[i]
        stripped = raw.lstrip(" \t\u3000")
        indent = len(raw) - len(stripped)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if not stripped or stripped.startswith("#"):
            continue
        if _BLOCK_SCALAR.search(raw):
            block_indent = indent
        yield i, raw


def keyboard_mistake(lines: Sequence[str], upto: int) -> tuple[str, int, int, dict[str, dg.Arg]]:
    """The first keyboard mistake in lines 1..`upto`: (LX003 variant, line, col, args), or
    ("", 0, 0, {}) when there is none."""
    for i, raw in _structure_lines(lines, upto):
        stripped = raw.lstrip(" \t\u3000")
        lead = raw[: len(raw) - len(stripped)]
        if "\t" in lead:
            return "tab", i + 1, lead.index("\t") + 1, {}
        if "\u3000" in lead:
            return "ideographic_space", i + 1, lead.index("\u3000") + 1, {}
        start = len(lead) + _ITEM.match(stripped).end()  # type: ignore[union-attr]
        m = _KEY_SEP.match(raw, start)
        if m:
            key, sep, after = m.group(1), m.group(2), m.group(3)
            col = m.start(2) + 1
            if sep == "：":
                return "fullwidth_colon", i + 1, col, {"key": key}
            if sep == "；":
                return "fullwidth_semicolon", i + 1, col, {"key": key}
            if after == "\u3000":
                return "ideographic_space_after_colon", i + 1, col + 1, {"key": key}
            if after and after not in " \t#/:":
                return "no_space", i + 1, col, {"key": key}
        if "{" in raw or "[" in raw:
            f = _FLOW_COLON.search(raw)
            if f:
                return "fullwidth_colon", i + 1, f.start(1) + 1, {"key": ""}
            f = _FLOW_SEP.search(raw)
            if f:
                return "fullwidth_comma", i + 1, f.start(1) + 1, {"char": f.group(1)}
    return "", 0, 0, {}


# --- what PyYAML (libyaml or the pure-Python parser) says, in our words -------------------------

_PROBLEMS: list[tuple[str, str]] = [
    # (variant, a regular expression matched against PyYAML's `problem`)
    ("tab", r"tab character"),
    ("missing_colon", r"could not find expected ':'"),
    ("flow_sequence", r"expected ',' or '\]'"),
    ("flow_mapping", r"expected ',' or '\}'"),
    ("colon_in_value", r"mapping values are not allowed"),
    ("misplaced_item", r"sequence entries are not allowed"),
    ("misplaced_key", r"mapping keys are not allowed"),
    ("bad_start", r"cannot start any token"),
    ("indentation", r"did not find expected key|expected <block end>|did not find expected '-'"),
    ("no_value", r"node content"),
    ("unclosed_quote", r"unexpected end of stream"),
    ("escape", r"escape"),
    ("alias", r"undefined alias"),
    ("control_char", r"control characters|unacceptable character|invalid Unicode|UTF-8 octet"),
    ("after_value", r"comment or (?:a )?line break"),
    ("document", r"document"),
    ("directive", r"directive|%TAG|%YAML"),
    ("tag", r"tag"),
    ("colon_in_value", r"unexpected ':'"),
    ("block_scalar", r"indentation indicator|chomping"),
]


#: problems whose cause is where the bracket or quote was opened (PyYAML's context mark)
_AT_OPENING = {"flow_sequence", "flow_mapping", "unclosed_quote"}


def syntax_error(
    problem: str,
    text: str,
    file: str,
    line: int,
    col: int,
    opening: tuple[int, int] | None = None,
) -> Diagnostic:
    """LX003 for a YAML syntax error PyYAML reported at (line, col) (1-based), at the line of the
    keyboard mistake that caused it when one is found above, or at `opening` (where the bracket
    or quote that is not closed was opened)."""
    lines = text.split("\n")
    variant, at_line, at_col, args = keyboard_mistake(lines, line)
    if variant:
        return dg.problem(f"LX003/{variant}", file, at_line, at_col, args)
    for name, pattern in _PROBLEMS:
        if re.search(pattern, problem):
            if name in _AT_OPENING and opening is not None:
                line, col = opening
            if name == "bad_start" and 0 < line <= len(lines) and col <= len(lines[line - 1]):
                return dg.problem("LX003/bad_start", file, line, col, char=lines[line - 1][col - 1])
            return dg.problem(f"LX003/{name}", file, line, col)
    return dg.problem("LX003", file, line, col, problem=problem)


# --- what pydantic says, in our words -------------------------------------------------------

# a list typed without `- `: `-市教育局` (no space), `－ 市教育局`, `• 市教育局`, `1. 市教育局`
_BULLET = re.compile(r"^\s*([-－—–•·●▪])")
_NUMBERED = re.compile(
    r"^\s*(?:[0-9]+[.．、)）]|[（(][一二三四五六七八九十0-9]+[）)]|[一二三四五六七八九十]+、)"
)
_SUFFIXED = re.compile(r"^\s*([0-9]+)\s*[^\s0-9.]+\s*$")  # 35个, 35 家
_DATE_PARTS = re.compile(
    r"^\s*([0-9]{4})\s*[年./\-]\s*([0-9]{1,2})\s*[月./\-]\s*([0-9]{1,2})\s*日?\s*$"
)
_COMPACT_DATE = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$")


def pydantic_error(error: Any, where: str, got: Any, shown: str) -> tuple[str, dict[str, dg.Arg]]:
    """The MESSAGES key and args of one pydantic error (`error` as in `ValidationError.errors()`)
    for the value `got` (shown as `shown`) at the path `where`."""
    kind: str = error["type"]
    args: dict[str, dg.Arg] = {"where": where, "got": shown}
    if kind.startswith("date"):
        return _date(str(got) if got is not None else "", args)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        if isinstance(got, str):
            m = _SUFFIXED.match(got)
            if m:
                args["number"] = int(m.group(1))
                return "LX102/int_suffix", args
        if kind == "int_from_float":
            return "LX102/int_fraction", args
        return "LX102/int", args
    if kind == "greater_than_equal":
        args["min"] = int(error.get("ctx", {}).get("ge", 0))
        return "LX102/min", args
    if kind == "group":
        return "LX102/group", args
    if kind in ("bool_parsing", "bool_type"):
        return "LX102/bool", args
    if kind == "string_type":
        if isinstance(got, int | float | bool):
            return "LX102/quote", args
        return ("LX102/text_list" if isinstance(got, list) else "LX102/text_mapping"), args
    if kind == "string_too_short":
        return "LX102/empty", args
    if kind == "placeholder":
        return "LX102/placeholder", args
    if kind == "list_type":
        if isinstance(got, str):
            bullet = _BULLET.match(got)
            if bullet:
                args["char"] = bullet.group(1)
                return "LX102/list_bullet", args
            if _NUMBERED.match(got):
                return "LX102/list_numbered", args
            return ("LX102/list_joined" if re.search("[、，,；;]", got) else "LX102/list"), args
        return "LX102/list_value", args
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if got is None:
            return "LX102/empty_item", args
        return "LX102/mapping", args
    if kind == "enum":
        return _enum(error, args)
    args["msg"] = str(error.get("msg", ""))
    return "LX102", args


def _date(value: str, args: dict[str, dg.Arg]) -> tuple[str, dict[str, dg.Arg]]:
    m = _DATE_PARTS.match(value) or _COMPACT_DATE.match(value)
    if m is None:
        return "LX102/date", args
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        args["month"] = month
        return "LX102/date_month", args
    try:
        fixed = dt.date(year, month, day)
    except ValueError:
        args.update(year=year, month=month, day=day)
        return "LX102/date_day", args
    args["fixed"] = fixed.isoformat()
    return "LX102/date_fix", args


def _enum(error: Any, args: dict[str, dg.Arg]) -> tuple[str, dict[str, dg.Arg]]:
    from lianxi.model import CHINESE

    expected = str(error.get("ctx", {}).get("expected", ""))
    values = re.findall(r"'([^']*)'", expected)
    args["values"] = dg.join(values)
    for cls, names in CHINESE.items():
        if {m.value for m in cls} == set(values):
            chinese = list(dict.fromkeys(names))
            args["names"] = dg.join(chinese)
            return "LX102/enum_chinese", args
    return "LX102/enum", args


def collapse_unions(errors: list[Any]) -> list[Any]:
    """One error per place: pydantic reports a value that fits no member of `bool | int` once per
    member, at `(…, 'group', 'bool')` and `(…, 'group', 'int')`."""
    out: list[Any] = []
    seen: set[tuple[Any, ...]] = set()
    for e in errors:
        loc = tuple(e["loc"])
        if len(loc) >= 2 and loc[-1] in ("bool", "int", "str", "none") and loc[-2] == "group":
            place = loc[:-1]
            if place in seen:
                continue
            seen.add(place)
            out.append({**e, "loc": place, "type": "group"})
            continue
        out.append(e)
    return out


def field_named(fields: dict[str, str], key: str) -> str | None:
    """The field whose Chinese description names `key` (`牵头单位` → `lead_unit`), or None."""
    if not re.search("[\u4e00-\u9fff]", key):
        return None
    key = key.strip().rstrip("：:")
    heads = {name: re.split(r"[，,（(：:；;、 /]", desc)[0] for name, desc in fields.items()}
    for test in (
        lambda h: h == key,
        lambda h: key in h,
        lambda h: len(h) >= 2 and h in key,
    ):
        found = [n for n, h in heads.items() if h and test(h)]
        if found:
            return min(found, key=lambda n: len(heads[n]))
    return None
