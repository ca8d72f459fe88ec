"""Text or path → LoadResult: the data, the model, a source map of positions, and diagnostics.

The YAML is composed once (C parser when present) and the data built from the nodes while the
position of every key and value is recorded. Never raises for bad content.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from lianxi import diagnostics as dg
from lianxi.diagnostics import Diagnostic

if TYPE_CHECKING:
    from pydantic import ValidationError

    from lianxi.model import Definition

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """The C parser (when present) without PyYAML's tag resolution: scalars are typed by
    `_scalar` below, so resolving each one against YAML 1.1's regexes is wasted work."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:  # noqa: ARG002
        return ""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


MAX_BYTES = 5 * 1024 * 1024  # a definition is a few KB; 5 MB is far beyond any real one
MAX_NODES = 100_000  # nodes built, aliases expanded: stops "billion laughs" in milliseconds
MAX_DEPTH = 200  # a definition nests about 8 deep; libyaml's composer recurses in C and would crash

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]


@dataclass(slots=True)
class SourceMap:
    """Positions (1-based line, col) of keys and values by data path, looked up in the composed
    nodes only when a diagnostic needs one (recording every position up front costs more)."""

    file: str
    root: yaml.Node | None = None
    # one index per mapping looked into, built on first use: a mapping of 60,000 unknown keys is
    # 60,000 lookups, not 60,000 scans of the mapping
    keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict)

    def at(self, path: Path_, *, key: bool = False) -> Pos:
        """Return the position of `path`, or of its nearest ancestor that has one."""
        node = self.root
        if node is None:
            return (1, 1)
        found = node.start_mark
        for part in path:
            nxt: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                pair = self._index(node).get(part) if isinstance(part, str) else None
                if pair is not None:
                    k, nxt = pair
                    found = k.start_mark if key and part == path[-1] else None
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                nxt, found = node.value[part], None
            if nxt is None:
                break
            node = nxt
            found = found or node.start_mark
        return (found.line + 1, found.column + 1)

    def _index(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        index = self.keys.get(id(node))
        if index is None:
            index = self.keys[id(node)] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    index.setdefault(k.value, (k, v))  # the first of duplicates, as before
        return index


@dataclass(slots=True)
class LoadResult:
    file: str
    data: Any = None
    definition: Definition | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: SourceMap = field(default_factory=lambda: SourceMap(""))

    @property
    def stem(self) -> str:
        return Path(self.file).stem


# --- scalars: YAML 1.2 core schema, decided here rather than left to YAML 1.1 -------------------
# Unquoted `NO`, `yes`, `on` stay text; `2024-10-12` stays text for pydantic to parse as a date
# where a date is expected and to keep as text where text is expected (tests/test_loader.py).

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?\Z")


_NUMERIC_START = frozenset("+-.0123456789")


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.style or node.tag == "tag:yaml.org,2002:str":  # "" (C) or None: plain
        return value
    if not value or value[0] not in _NUMERIC_START:
        if value in _NULL:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        return value
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


class _TooBig(Exception):
    def __init__(self, node: yaml.Node, reason: str) -> None:
        self.node = node
        self.reason = reason


#: explicit tags that say what lianxi reads anyway (`!!str` keeps `yes` or `2024-01-01` text)
_PLAIN_TAGS = frozenset(
    {"!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
)


class _Builder:
    """Build Python data from composed nodes, flagging duplicate keys and alias bombs."""

    def __init__(self, file: str, diags: list[Diagnostic]) -> None:
        self.file = file
        self.diags = diags
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node, "expansion")
        if node.tag and node.tag not in _PLAIN_TAGS:
            # `!foo`, `!!python/object`, `!!binary`: not data of a definition; said, not ignored
            mark = node.start_mark
            self.diags.append(dg.problem("LX003/tag", self.file, mark.line + 1, mark.column + 1))
        cls = node.__class__
        if cls is yaml.ScalarNode:
            return _scalar(node)  # type: ignore[arg-type]
        ident = id(node)
        if ident in self.active:
            raise _TooBig(node, "recursion")
        self.active.add(ident)
        try:
            if cls is yaml.SequenceNode:
                build = self.build
                return [build(child) for child in node.value]
            return self._mapping(node)  # type: ignore[arg-type]
        finally:
            self.active.discard(ident)

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        out: dict[str, Any] = {}
        firsts: dict[str, yaml.Node] | None = None  # built at the first duplicate, then O(1)
        build = self.build
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                mark = key_node.start_mark
                self.diags.append(
                    dg.problem("LX102/key_not_text", self.file, mark.line + 1, mark.column + 1)
                )
                continue
            key = str(key_node.value)
            if key in out:
                if firsts is None:
                    firsts = {}
                    for k, _ in node.value:
                        if k.__class__ is yaml.ScalarNode:
                            firsts.setdefault(k.value, k)
                self._duplicate(firsts[key], key_node, key)
                continue
            out[key] = build(value_node)
        return out

    def _duplicate(self, first: yaml.Node, key_node: yaml.Node, key: str) -> None:
        fline = first.start_mark.line + 1
        mark = key_node.start_mark
        self.diags.append(
            dg.problem("LX004", self.file, mark.line + 1, mark.column + 1, key=key, first=fline)
        )


def _decode(data: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, dg.problem("LX002/utf16", file, 1, 1)
    if b"\x00" in data[:65536]:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return None, dg.problem("LX009/nul", file, line, 1)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        try:
            data.decode("gb18030")
            looks_cjk = True
        except UnicodeDecodeError:
            looks_cjk = False
        if looks_cjk:
            return None, dg.problem("LX002/gbk", file, line, col, file=file)
        return None, dg.problem("LX009", file, line, col)


def _syntax_error(e: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    opened = e.context_mark  # where an unclosed bracket or quote was opened
    if opened is not None and opened is not mark:
        opening: tuple[int, int] | None = (opened.line + 1, opened.column + 1)
    else:
        opening = None
    problem = e.problem or str(e)
    lines = text.split("\n")
    if line > len(lines):  # an error at the end of the stream: point at the end of the text
        line = max(len(lines), 1)
        col = len(lines[-1]) + 1 if lines else 1
    from lianxi.explain import syntax_error

    return syntax_error(problem, text, file, line, col, opening)


def dump_scalar(value: Any) -> str:
    """`value` as a one-line YAML flow value, quoted where YAML needs it (`a: b`, `#x`, `yes`)."""
    if isinstance(value, str) and not value.isprintable():
        import json

        return json.dumps(value, ensure_ascii=False)  # a JSON string is a one-line YAML string
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 30)
    return text.removesuffix("\n").removesuffix("\n...").removesuffix("...").strip()


def _too_deep(text: str) -> Pos | None:
    """Where (line, col) collections first nest deeper than MAX_DEPTH, else None.

    libyaml composes recursively in C: tens of thousands of `[` would overflow the stack and kill
    the process, so such text is never composed. Nesting cannot exceed the number of flow openers
    plus twice the widest line prefix of indentation and indicators; only text whose bound is over
    the limit (no real definition) is parsed once more, event by event, to find the place.
    """
    room = (MAX_DEPTH - 4 - text.count("[") - text.count("{")) // 2  # widest prefix that is safe
    if room >= 0:
        wide = f"[ ?:-]{{{room + 1},}}"
        rare = any(c in text for c in "\r\x85\u2028\u2029")  # other line breaks YAML knows
        lines = "[\n\r\x85\u2028\u2029]" if rare else "\n"
        if not re.match(wide, text) and not re.search(lines + wide, text):
            return None
    # Event by event, first with libyaml, which keeps a stack of its own rather than recursing in
    # C (the pure-Python parser took 5 s on a 1.8 MB definition of 2,000 `{name, post}` members).
    # libyaml may give up first, at a nesting limit of its own (1,000 in PyYAML 6.0.4) that its
    # scanner meets before the parser reaches MAX_DEPTH: then the pure-Python parser finds the place.
    parsers = (_Base, yaml.SafeLoader) if _Base is not yaml.SafeLoader else (yaml.SafeLoader,)
    for parser in parsers:
        depth = 0
        try:
            for event in yaml.parse(text, Loader=parser):
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    mark = event.start_mark
                    if depth > MAX_DEPTH and mark is not None:
                        return mark.line + 1, mark.column + 1
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
        except yaml.YAMLError:
            continue
        return None
    return None  # composing meets the same error at the same depth and reports it


# --- a list item indented deeper than the one above -----------------------------------------

_DEEPER = re.compile(r"^( *)- +([^\s#|>'\"\[{&*!][^\n]*)\n(\1 +)- +\S", re.M)


def merged_items(text: str, root: Any) -> list[tuple[int, int, str]]:
    """(line, col, merged value) of each `- item` indented deeper than the item above it: YAML
    folds it into that item's text (`市发展改革委 - 市教育局`) without a word."""
    out: list[tuple[int, int, str]] = []
    for m in _DEEPER.finditer(text):
        if re.search(r":[ \t]*(?:#.*)?$", m.group(2)):
            continue  # `- key:` with a nested list below: the deeper item belongs to it
        first = text.count("\n", 0, m.start()) + 1  # 1-based line of the item above
        value = _plain_spanning(root, first - 1)
        if value is not None and "\n" not in value and " - " in value:
            out.append((first + 1, len(m.group(3)) + 1, value))
    return out


def _plain_spanning(root: Any, line: int) -> str | None:
    """The value of the plain scalar that starts on 0-based `line` and ends on a later line."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.start_mark.line == line and node.end_mark.line > line and not node.style:
                return str(node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for _, v in node.value)
    return None


def compose_text(text: str, file: str) -> LoadResult:
    """Parse YAML text into data with a source map. Never raises for bad content."""
    result = LoadResult(file, source=SourceMap(file))
    diags = result.diagnostics
    if not text.strip():
        diags.append(dg.problem("LX008", file, 1, 1))
        return result
    deep = _too_deep(text)
    if deep is not None:
        diags.append(dg.problem("LX007/depth", file, *deep, limit=MAX_DEPTH))
        return result
    try:
        loader = _Loader(text)
        try:
            # compose documents one by one, so that a second one is reported, not fatal
            docs: list[yaml.Node] = []
            while len(docs) < 2 and loader.check_node():
                docs.append(loader.get_node())
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        diags.append(_syntax_error(e, text, file))
        return result
    except yaml.YAMLError as e:  # pragma: no cover - every PyYAML error we know is marked
        diags.append(dg.problem("LX003", file, 1, 1, problem=str(e)))
        return result
    if len(docs) > 1:
        m = docs[1].start_mark
        diags.append(dg.problem("LX005", file, m.line + 1, m.column + 1))
        return result
    if not docs or (isinstance(docs[0], yaml.ScalarNode) and _scalar(docs[0]) is None):
        diags.append(dg.problem("LX008/comments", file, 1, 1))
        return result
    result.source.root = docs[0]
    builder = _Builder(file, diags)
    try:
        result.data = builder.build(docs[0])
        if "- " in text:
            for line, col, value in merged_items(text, docs[0]):
                diags.append(dg.problem("LX010", file, line, col, value=value))
    except _TooBig as e:
        m = e.node.start_mark
        if e.reason == "recursion":
            diags.append(dg.problem("LX007/recursion", file, m.line + 1, m.column + 1))
        else:
            diags.append(
                dg.problem("LX007/expansion", file, m.line + 1, m.column + 1, limit=MAX_NODES)
            )
        result.data = None
    except RecursionError:
        diags.append(dg.problem("LX007", file, 1, 1))
        result.data = None
    return result


def _pydantic_diagnostics(err: ValidationError, smap: SourceMap) -> list[Diagnostic]:
    from lianxi.explain import collapse_unions, field_named, pydantic_error
    from lianxi.model import Definition

    out: list[Diagnostic] = []
    for e in collapse_unions(err.errors()):
        loc = tuple(e["loc"])
        where = ".".join(str(p) for p in loc) or "(top level)"
        kind = e["type"]
        if kind == "missing":
            line, col = smap.at(loc[:-1])
            out.append(dg.problem("LX101", smap.file, line, col, field=where, key=str(loc[-1])))
        elif kind == "extra_forbidden":
            line, col = smap.at(loc, key=True)
            fields = _fields_at(Definition, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), fields, n=1, cutoff=0.6)
            typed = re.match(r"[A-Za-z_]\w*\s*([：；]|:(?! ))", str(loc[-1]))
            if typed and typed.group().rstrip("：；:").strip() in fields:
                variant = "no_space" if typed.group(1) == ":" else "fullwidth_colon"
                out.append(
                    dg.problem(f"LX103/{variant}", smap.file, line, col + typed.start(1), key=where)
                )
            elif close:
                out.append(
                    dg.problem("LX103/close", smap.file, line, col, key=where, close=close[0])
                )
            elif meant := field_named(_described_fields_at(Definition, loc[:-1]), str(loc[-1])):
                out.append(
                    dg.problem("LX103/chinese", smap.file, line, col, key=where, close=meant)
                )
            else:
                out.append(dg.problem("LX103", smap.file, line, col, key=where))
        else:
            line, col = smap.at(loc)
            got = e.get("input")
            if isinstance(got, str) and len(got) > 60:
                got = got[:60] + "…"  # the value is in the excerpt; the message stays one line
            shown = (
                repr(got)
                if isinstance(got, str | int | float | bool) or got is None
                else dump_scalar(got)[:60]
            )
            key, args = pydantic_error(e, where, got, shown)
            if key == "LX102/mapping":
                fields = _fields_at(Definition, loc)
                keys = ", ".join(f"{f}:" for f in fields[:6]) + (", …" if len(fields) > 6 else "")
                args["keys"] = keys
            out.append(dg.problem(key, smap.file, line, col, args))
    return out


def _fields_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """Return the field names valid at `loc` inside `model`, walking nested models."""
    return list(_described_fields_at(model, loc))


def _described_fields_at(model: Any, loc: tuple[Any, ...]) -> dict[str, str]:
    """The fields valid at `loc` inside `model` with their (Chinese) descriptions."""
    import typing

    from pydantic import BaseModel

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return {}
        info = current.model_fields.get(str(part))
        if info is None:
            return {}
        current = _inner_model(info.annotation, typing)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return {name: f.description or "" for name, f in current.model_fields.items()}
    return {}


def _inner_model(annotation: Any, typing: Any) -> Any:
    from pydantic import BaseModel

    stack = [annotation]
    while stack:
        t = stack.pop()
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
        stack.extend(typing.get_args(t))
    return None


def load_text(text: str, file: str) -> LoadResult:
    """Parse and validate one definition's text. Never raises for bad content."""
    from pydantic import ValidationError

    from lianxi.model import Definition

    result = compose_text(text, file)
    if result.data is None or any(d.severity == dg.Severity.ERROR for d in result.diagnostics):
        return result
    if not isinstance(result.data, dict):
        result.diagnostics.append(
            dg.problem(
                "LX102/not_mapping_list"
                if isinstance(result.data, list)
                else "LX102/not_mapping_value",
                file,
                1,
                1,
            )
        )
        return result
    try:
        result.definition = Definition.model_validate(result.data)
    except ValidationError as e:
        result.diagnostics.extend(_pydantic_diagnostics(e, result.source))
    return result


def read_bytes(path: Path, file: str | None = None) -> bytes:
    """Read a file of at most MAX_BYTES (a regular file only), or raise LianxiError (LX001/LX006)."""
    from lianxi.inputs import read_limited

    return read_limited(path, MAX_BYTES, file)


def load_bytes(data: bytes, file: str) -> LoadResult:
    """Decode and load one definition's bytes. Never raises for bad content."""
    if len(data) > MAX_BYTES:
        return LoadResult(
            file,
            diagnostics=[dg.problem("LX006", file, 0, 0, size=len(data), limit=MAX_BYTES)],
            source=SourceMap(file),
        )
    text, problem = _decode(data, file)
    if text is None:
        assert problem is not None
        return LoadResult(file, diagnostics=[problem], source=SourceMap(file))
    return load_text(text, file)


def load_path(path: Path, display: str | None = None) -> LoadResult:
    """Load one definition file. Never raises: an unreadable file is an LX001 diagnostic."""
    file = display or str(path)
    try:
        data = read_bytes(path, file)
    except dg.LianxiError as e:
        return LoadResult(
            file,
            diagnostics=[
                Diagnostic(file, d.line, d.col, d.code, d.severity, d.args, d.variant)
                for d in e.diagnostics
            ],
            source=SourceMap(file),
        )
    return load_bytes(data, file)
