"""Render a definition through Jinja templates: the 通知 and the 成员名单. Pure: text in, text out.

The document's structure (sections, numbering, the generated sentences) is computed here into plain views;
the templates only lay it out, so a workspace can restyle one block without re-deriving the structure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import os
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from lianxi import diagnostics as dg
from lianxi import phrasing
from lianxi.model import Definition, Document, ListStyle, Role, System
from lianxi.textutil import excel_csv

if TYPE_CHECKING:
    from lianxi.loader import LoadResult
    from lianxi.workspace import Ref

BUILTIN = Path(__file__).parent / "templates"
NOTICE_FORMATS = ("md", "txt", "html", "docx")
MEMBERS_FORMATS = ("md", "csv", "html", "docx")

_CN = "零一二三四五六七八九"
ROLE_LABELS = {
    Role.chief_convener: "总召集人",
    Role.convener: "召集人",
    Role.deputy_convener: "副召集人",
}
ROLE_ORDER = [Role.chief_convener, Role.convener, Role.deputy_convener]
DEFAULT_UNITS_SENTENCE = "联席会议由{units}等{count}个部门和单位组成，{lead}为牵头单位。"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 101 → 一百零一, 1000 → 一千 (below 10⁸; Arabic digits
    beyond, or for a negative number)."""
    if not isinstance(n, int) or n < 0 or n >= 10**8:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n - 10] if n > 10 else "")
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + _below_10000(low)
        return cn_number(high) + "万" + rest
    return _below_10000(n)


def _below_10000(n: int) -> str:
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero and out else "") + _CN[digit] + unit
            zero = False
        else:
            zero = True
    return out


def cn_date(date: dt.date) -> str:
    """The 成文日期 as GB/T 9704 prints it: Arabic numerals, no zero padding (2024年10月12日)."""
    return f"{date.year}年{date.month}月{date.day}日"


def _end(text: str, mark: str) -> str:
    return text if text[-1:] in "。；;：:！？" else text + mark


def listing(items: list[str], style: ListStyle) -> list[str]:
    """Items as the document prints them: paragraphs, one inline paragraph, or numbered paragraphs."""
    if not items:
        return []
    if style in (ListStyle.inline, ListStyle.yishi):
        parts = []
        for i, item in enumerate(items, 1):
            prefix = f"{cn_number(i)}是" if style == ListStyle.yishi else ""
            parts.append(prefix + _end(item, "。" if i == len(items) else "；"))
        return ["".join(parts)]
    if style == ListStyle.paragraphs:
        return list(items)

    def number(i: int) -> str:
        if style == ListStyle.paren_cn:
            return f"（{cn_number(i)}）"
        if style == ListStyle.paren_ascii:
            return f"({cn_number(i)})"
        return f"{i}. "

    return [number(i) + item for i, item in enumerate(items, 1)]


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class RosterLine:
    label: str  # 召集人 / 副召集人 / 成员, only on the first line of its group
    name: str
    post: str


@dataclass
class SystemView:
    key: str
    name: str
    title: str | None  # printed as its own document (附件) when set
    preamble: str | None
    sections: list[Section]
    roster_title: str
    roster: list[RosterLine]
    annex: str | None = (
        None  # 附件 or 附件2 above its title, when the notice lists it as an attachment
    )


@dataclass
class DocumentView:
    kind: str | None
    issuer: str | None
    number: str | None
    title: str | None
    addressees: str | None  # one line ending with ：
    paragraphs: list[str]
    attachments: list[str]
    signature: str | None
    date: str | None
    note: str | None  # （此件公开发布）
    copies_to: list[str] = field(default_factory=list)  # 版记: 抄送机关
    printed_by: str | None = None  # 版记: 印发机关
    printed_on: str | None = None  # 版记: 印发日期 (2024年10月12日)

    @property
    def attachment_lines(self) -> list[str]:
        """The 附件说明 (GB/T 9704 §7.3.4): `附件：名称`, or `附件：1.名称` with one line for each further one."""
        if len(self.attachments) == 1:
            return [f"附件：{self.attachments[0]}"]
        return [
            ("附件：" if i == 1 else "") + f"{i}.{a}" for i, a in enumerate(self.attachments, 1)
        ]

    @property
    def colophon_lines(self) -> list[str]:
        """The 版记 (§7.4): `抄送：A，B。` and `印发机关  2024年10月12日印发`."""
        lines = []
        if self.copies_to:
            lines.append("抄送：" + "，".join(self.copies_to) + "。")
        printed = "  ".join(
            x for x in (self.printed_by, self.printed_on and f"{self.printed_on}印发") if x
        )
        return [*lines, printed] if printed else lines


def units_sentence(system: System) -> str:
    """The 成员单位 sentence in the document's own phrasing (`units_sentence`), or the usual one.

    Raises LianxiError (LX212) for a placeholder that is unknown or whose field is empty."""
    pattern = system.units_sentence or DEFAULT_UNITS_SENTENCE
    try:
        return phrasing.fill(pattern, phrasing.values_of(system))
    except phrasing.PhrasingError as e:
        raise dg.LianxiError(
            *[phrasing.diagnostic(p, system.key, 0, 0) for p in e.problems]
        ) from None


def office_paragraphs(system: System) -> list[str]:
    """The office and liaison paragraph: as printed (`office_text`), or generated from office/liaisons."""
    if system.office_text is not None:
        return ["".join(system.office_text)] if system.office_text else []
    out = []
    if system.office and system.office.unit:
        out.append(f"联席会议办公室设在{system.office.unit}，承担联席会议日常工作。")
        if system.office.director:
            out.append(f"办公室主任由{system.office.director}担任。")
    if system.liaisons and system.liaisons.rule:
        rule = system.liaisons.rule
        out.append(
            rule
            if rule.endswith("。")
            else f"联席会议设联络员，由{rule.removesuffix('担任')}担任。"
        )
    return ["".join(out)] if out else []


def conveners_paragraphs(system: System) -> list[str]:
    if system.conveners_text:
        return ["".join(system.conveners_text)]
    by_role = []
    for role in ROLE_ORDER:
        posts = [c.post for c in system.conveners if c.role == role]
        if posts:
            by_role.append(f"{'、'.join(posts)}担任{ROLE_LABELS[role]}")
    if not by_role:
        return []
    return ["联席会议由" + "，".join(by_role) + "，各成员单位有关负责同志为联席会议成员。"]


def system_view(system: System) -> SystemView:
    h = system.headings
    layout = system.layout
    sections: list[Section] = []
    duties = listing(system.duties, layout.duties if layout else ListStyle.inline)
    if system.duties_intro and duties and (layout is None or layout.duties in ("inline", "一是")):
        duties = [system.duties_intro + duties[0], *duties[1:]]
    elif system.duties_intro:
        duties = [system.duties_intro, *duties]
    if duties:
        sections.append(Section((h and h.duties) or "主要职责", duties))
    members = []
    if system.units:
        members.append("".join([units_sentence(system), *system.units_text]))
    members += conveners_paragraphs(system) + office_paragraphs(system)
    if members:
        sections.append(Section((h and h.units) or "成员单位", members))
    unit_duties = [f"{u.name}：{u.duty}" for u in system.units if u.duty]
    unit_duties += [f"{'、'.join(o.units)}：{o.duty}" for o in system.other_duties]
    if unit_duties:
        sections.append(Section((h and h.unit_duties) or "职责分工", unit_duties))
    rules = system.rules.text if system.rules else []
    if rules:
        style = layout.rules if layout else ListStyle.paragraphs
        sections.append(Section((h and h.rules) or "工作规则", listing(rules, style)))
    if system.requirements:
        style = layout.requirements if layout else ListStyle.paragraphs
        sections.append(
            Section((h and h.requirements) or "工作要求", listing(system.requirements, style))
        )
    return SystemView(
        key=system.key,
        name=system.name,
        title=system.title,
        preamble=system.preamble,
        sections=sections,
        roster_title=roster_title(system.name),
        roster=roster_lines(system),
    )


def roster_lines(system: System) -> list[RosterLine]:
    """召集人, 副召集人 and 成员 with names, as a printed 成员名单; empty when no names are known."""
    lines: list[RosterLine] = []
    for role in ROLE_ORDER:
        for i, c in enumerate(c for c in system.conveners if c.role == role and c.name):
            lines.append(RosterLine(ROLE_LABELS[role] if i == 0 else "", c.name or "", c.post))
    named = [u for u in system.units if u.member and u.member.name]
    for i, u in enumerate(named):
        assert u.member is not None
        lines.append(RosterLine("成员" if i == 0 else "", u.member.name or "", u.member.post or ""))
    return lines if named else []


def document_view(doc: Document | None) -> DocumentView | None:
    if doc is None:
        return None
    return DocumentView(
        kind=doc.kind,
        issuer=doc.issuer,
        number=doc.number,
        title=doc.title,
        addressees=("，".join(doc.addressees) + "：") if doc.addressees else None,
        paragraphs=[p for p in (doc.preamble, *doc.body) if p],
        attachments=doc.attachments,
        signature=doc.signature or doc.issuer,
        date=cn_date(doc.date) if doc.date else None,
        note=f"（{doc.note}）" if doc.note else None,
        copies_to=list(doc.copies_to),
        printed_by=doc.printed_by,
        printed_on=cn_date(doc.printed_on) if doc.printed_on else None,
    )


@dataclass
class MemberRow:
    system: str
    role: str  # 总召集人 / 召集人 / 副召集人 / 成员单位 / 联络员
    unit: str
    name: str
    post: str
    phone: str = ""


def roster_title(system_name: str) -> str:
    """运城市…联席会议制度 → 运城市…联席会议成员名单"""
    return system_name.removesuffix("制度") + "成员名单"


@dataclass
class MemberTable:
    name: str  # the system's name
    title: str  # its 成员名单 title
    rows: list[MemberRow]


def member_tables(defn: Definition, key: str | None, *, private: bool = False) -> list[MemberTable]:
    """Per system: conveners first (总召集人, 召集人, 副召集人), then the units in order; liaisons if private."""
    tables = []
    for s in defn.systems:
        if key is not None and s.key != key:
            continue
        rows: list[MemberRow] = []
        for role in ROLE_ORDER:
            rows.extend(
                MemberRow(s.name, ROLE_LABELS[role], c.unit or "", c.name or "", c.post)
                for c in s.conveners
                if c.role == role
            )
        for u in s.units:
            m = u.member
            rows.append(
                MemberRow(
                    s.name,
                    "成员单位",
                    u.name,
                    (m.name or "") if m else "",
                    (m.post or "") if m else "",
                )
            )
        if private and s.liaisons:
            rows.extend(
                MemberRow(s.name, "联络员", p.unit, p.name or "", p.post or "", p.phone or "")
                for p in s.liaisons.people
            )
        tables.append(MemberTable(s.name, roster_title(s.name), rows))
    return tables


def member_rows(defn: Definition, key: str | None, *, private: bool = False) -> list[MemberRow]:
    """Every system's rows in one list (for CSV, which names the system on each row)."""
    return [r for t in member_tables(defn, key, private=private) for r in t.rows]


def members_csv(rows: list[MemberRow], *, private: bool = False) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens it as Chinese text."""
    head = ["制度", "角色", "单位", "姓名", "职务"] + (["电话"] if private else [])
    return excel_csv(
        head,
        ([r.system, r.role, r.unit, r.name, r.post] + ([r.phone] if private else []) for r in rows),
    )


# --- templates -------------------------------------------------------------------------------------
# A workspace's templates come from whoever can open a pull request, and CI renders them next to its
# secrets. So templates see plain data only (dicts, lists, strings, numbers, dates; never a model,
# a class or a function of lianxi), the sandbox refuses every attribute of a type and str.format,
# template files are read only from inside templates/ (or the built-ins), and every render runs
# within a time, output and memory budget.

OUTPUT_LIMIT = 50 * 1024 * 1024  # characters one render may produce
TIME_LIMIT = 10.0  # seconds one render may take
MEMORY_MARGIN = 1 << 30  # bytes of address space one render may add
TEMPLATE_BYTES = 1024 * 1024  # a template file is a few KB
_INT_BITS = 1 << 16  # integers a template computes stay under 65,536 bits (about 20,000 digits)


def plain(value: Any) -> Any:
    """`value` as plain data for a template: models and views become dicts (their properties
    included), enumerations their value, tuples lists. Anything else is refused (TypeError)."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    names: list[str]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value)]
    elif hasattr(type(value), "model_fields"):
        names = list(type(value).model_fields)
    else:
        raise TypeError(f"{type(value).__name__} is not plain data")
    names += [n for n, a in vars(type(value)).items() if isinstance(a, property)]
    return {n: plain(getattr(value, n)) for n in names}


class _OverBudget(BaseException):
    """Raised inside a render that runs out of time or output (BaseException, so that no
    `except Exception` inside Jinja or a filter can swallow it)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _is_type(obj: Any) -> bool:
    return isinstance(obj, type | types.GenericAlias)


def _fixed_format(text: str) -> None:
    """Refuse %-format widths and precisions that would make a huge string (`%2000000000d`)."""
    for m in re.finditer(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?", text):
        for part in m.groups():
            if part == "*" or (part is not None and len(part) > 4):
                raise jinja2.exceptions.SecurityError(
                    "a %-format width or precision over 9999 is not allowed"
                )


def _check_size(size: int) -> None:
    if size > OUTPUT_LIMIT:
        raise _OverBudget("output")


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, closed further for untrusted templates.

    No attribute or item of a type (`x.__class__` is already refused; `dict.fromkeys` and a type
    reached through any object are refused here too), no `str.format`/`format_map` (a format
    string reaches attributes and builds strings of any width), and the operators that can build
    huge values (`*`, `**`, `+`, `%`) check the size of their result first.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})
    files: list[str]  # every template file read, in order: where an error is reported

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if _is_type(obj):
            return False
        if isinstance(obj, str) and attr in ("format", "format_map"):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        if _is_type(obj) or (isinstance(obj, str) and attribute in ("format", "format_map")):
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if _is_type(obj):
            return self.unsafe_undefined(obj, str(argument))
        if isinstance(obj, str) and argument in ("format", "format_map"):
            return self.unsafe_undefined(obj, argument)
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right > 0 and abs(left).bit_length() * right > _INT_BITS:
                raise jinja2.exceptions.SecurityError("the power is too large")
        elif operator == "*":
            if isinstance(left, int) and isinstance(right, int):
                if left.bit_length() + right.bit_length() > _INT_BITS:
                    raise jinja2.exceptions.SecurityError("the product is too large")
            else:
                seq, n = (left, right) if isinstance(right, int) else (right, left)
                if isinstance(n, int) and isinstance(seq, str | list | tuple):
                    _check_size(len(seq) * max(n, 0))
        elif operator == "+" and isinstance(left, str | list | tuple):
            if isinstance(right, str | list | tuple):
                _check_size(len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            _fixed_format(left)
        return super().call_binop(context, operator, left, right)


def _format_filter(value: Any, *args: Any, **kwargs: Any) -> str:
    """Jinja's `format` filter (`"%s, %s"|format(a, b)`), with the widths bounded."""
    text = str(value)
    _fixed_format(text)
    if args and kwargs:
        raise jinja2.exceptions.FilterArgumentError("format takes positional or keyword arguments")
    return text % (kwargs or args)


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's `lipsum`, at most 100 paragraphs of at most 1,000 words."""
    from jinja2.utils import generate_lorem_ipsum

    if not (0 <= n <= 100 and 0 <= min <= max <= 1000):
        raise jinja2.exceptions.SecurityError("lipsum is limited to 100 paragraphs of 1000 words")
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))


class _Folder(jinja2.BaseLoader):
    """Templates read from one folder only: a name may not climb out (`..`), and a file that is a
    symbolic link out of the folder, or anything but a regular file, is refused unread."""

    def __init__(
        self,
        folder: Path,
        bound: Path | None = None,
        files: list[str] | None = None,
        root: Path | None = None,
    ):
        self.folder = folder
        self.root = root
        self.bound = bound or folder  # the folder the files must resolve into
        self.files = files if files is not None else []

    def get_source(
        self,
        environment: jinja2.Environment,  # noqa: ARG002 - Jinja's signature
        template: str,
    ) -> tuple[str, str, Callable[[], bool]]:
        from lianxi.inputs import outside, read_limited

        pieces = jinja2.loaders.split_template_path(template)  # refuses `..`
        path = self.folder.joinpath(*pieces)
        if not path.exists() and not path.is_symlink():
            raise jinja2.TemplateNotFound(template)
        if outside(path, self.bound):  # not TemplateNotFound: no quiet fall back to a built-in
            raise _outside(path, self.root)
        data = read_limited(path, TEMPLATE_BYTES, _display(str(path), self.root))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise dg.LianxiError(
                dg.problem("LX002/template", _display(str(path), self.root), 0, 0)
            ) from None
        self.files.append(str(path))
        stamp = _stamp(path)
        return text, str(path), lambda: _stamp(path) == stamp


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What changes when a template file is edited, replaced or made a link (None: gone)."""
    try:
        link, info = path.lstat(), path.stat()
    except OSError:
        return None
    return (link.st_mode, link.st_ino, info.st_ino, info.st_size, info.st_mtime_ns)


def environment(
    workspace_templates: Path | None,
    root: Path | None = None,
    files: list[str] | None = None,
    *,
    reload: bool = False,
) -> Sandbox:
    """Workspace templates first, then the built-ins; `builtin:NAME` always reaches a built-in.

    Workspace templates are read only from inside `workspace_templates`, which itself must be
    inside the workspace `root`."""
    files = files if files is not None else []
    builtin = _Folder(BUILTIN, files=files)
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({"builtin": builtin}, delimiter=":")]
    if workspace_templates is not None and workspace_templates.is_dir():
        from lianxi.inputs import outside

        bound = workspace_templates
        if root is not None and outside(workspace_templates, root):
            bound = root / ".lianxi-nothing"  # templates/ leads out of the workspace: read nothing
        loaders.append(_Folder(workspace_templates, bound, files, root))
    loaders.append(builtin)
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=reload,  # each use checks that the files compiled are still as read
    )
    env.files = files
    env.filters["cn_number"] = cn_number
    env.filters["format"] = _format_filter
    env.globals["lipsum"] = _lipsum
    return env


class Trusted(jinja2.Environment):
    """lianxi's own templates, outside the sandbox (see `builtin_environment`)."""

    files: list[str]

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`row.name` on a view (a dict) is its item, found first: Jinja would try an attribute
        and catch the error for each of the hundreds of thousands of cells of a registry."""
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def builtin_environment() -> Trusted:
    """The built-in templates alone, rendered outside the sandbox.

    lianxi's own templates over plain data need no sandbox, and render in about half the time:
    what a site of ten thousand definitions is made of. It cannot read a workspace template, since
    its only loader is the built-in folder: use it only where the workspace overrides none of the
    templates rendered (`overrides`), and the sandboxed `environment` everywhere else.
    """
    files: list[str] = []
    builtin = _Folder(BUILTIN, files=files)
    env = Trusted(
        loader=jinja2.ChoiceLoader(
            [jinja2.PrefixLoader({"builtin": builtin}, delimiter=":"), builtin]
        ),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.files = files
    env.filters["cn_number"] = cn_number
    return env


def overrides(workspace_templates: Path | None, folder: str) -> bool:
    """Whether the workspace may have templates of its own under templates/FOLDER: anything there
    (a file, a folder, a link), or a templates/ that is not a plain folder, counts."""
    if workspace_templates is None or not workspace_templates.exists():
        return workspace_templates is not None and workspace_templates.is_symlink()
    if workspace_templates.is_symlink() or not workspace_templates.is_dir():
        return True
    place = workspace_templates / folder
    return place.exists() or place.is_symlink()


def _autoescape(name: str | None) -> bool:
    return bool(name and name.endswith((".html.j2", ".html")))


def _frame_of(e: BaseException, name: str, files: list[str]) -> tuple[str, int]:
    """The template file and line an error was raised at (Jinja rewrites tracebacks to templates)."""
    tb = e.__traceback__
    found = (files[-1] if files else name, 0)  # too deep to parse: the last file read
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in files or filename.endswith((".j2", ".html")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _display(file: str, root: Path | None) -> str:
    """`file` relative to the workspace (or the package, for a built-in), as named, links unfollowed."""
    path = Path(os.path.abspath(file))  # noqa: PTH100 - the name, not where its links lead
    for base in (root, BUILTIN.parent.parent):
        if base is not None:
            with contextlib.suppress(ValueError):
                return str(path.relative_to(os.path.abspath(base)))  # noqa: PTH100
    return file


def _outside(path: Path, root: Path | None) -> dg.LianxiError:
    file = _display(str(path), root)
    return dg.LianxiError(dg.problem("LX001/outside", file, 0, 0, path=file, place="templates/"))


def _template_error(
    e: BaseException, name: str, root: Path | None, files: list[str]
) -> dg.LianxiError:
    """The diagnostic for anything a template did wrong, at its file and line."""
    if isinstance(e, jinja2.TemplateSyntaxError):
        file = e.filename or e.name or name
        return dg.LianxiError(
            dg.problem("LX501", _display(file, root), e.lineno or 0, 0, reason=str(e.message))
        )
    if isinstance(e, jinja2.TemplateNotFound):
        return dg.LianxiError(
            dg.problem(
                "LX503",
                name,
                0,
                0,
                name=str(e.name),
                builtin=dg.join(sorted(p.name for p in BUILTIN.glob("*.j2"))),
            )
        )
    file, line = _frame_of(e, name, files)
    file = _display(file, root)
    if isinstance(e, jinja2.UndefinedError):
        return dg.LianxiError(dg.problem("LX502", file, line, 0, reason=str(e.message)))
    if isinstance(e, RecursionError):  # `{{ ((((…` 50,000 deep, or a macro that calls itself
        return dg.LianxiError(dg.problem("LX501/too_deep", file, line, 0))
    if isinstance(e, _OverBudget):
        limit = f"{TIME_LIMIT:g}" if e.what == "time" else str(OUTPUT_LIMIT // (1024 * 1024))
        return dg.LianxiError(dg.problem(f"LX507/{e.what}", file, line, 0, limit=limit))
    if isinstance(e, MemoryError):
        limit = str(MEMORY_MARGIN // (1024 * 1024))
        return dg.LianxiError(dg.problem("LX507/memory", file, line, 0, limit=limit))
    if isinstance(e, jinja2.exceptions.SecurityError):
        return dg.LianxiError(dg.problem("LX506/sandbox", file, line, 0, reason=_cut(str(e))))
    return dg.LianxiError(
        dg.problem("LX506", file, line, 0, reason=_cut(f"{type(e).__name__}: {e}"))
    )


def _cut(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _address_space() -> int | None:
    """Bytes of address space this process uses now (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:  # noqa: PTH123 - a proc file
            pages = int(f.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


@contextlib.contextmanager
def budget() -> Iterator[None]:
    """Run the body within TIME_LIMIT seconds (raising _OverBudget) and MEMORY_MARGIN more bytes
    of address space (MemoryError), where the platform allows: the timer needs the main thread,
    the memory limit Linux's RLIMIT_AS."""
    import signal
    import threading

    timer = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    old_handler: Any = None
    if timer:

        def on_alarm(signum: int, frame: Any) -> None:  # noqa: ARG001
            raise _OverBudget("time")

        old_handler = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    limits: tuple[int, int] | None = None
    try:
        import resource

        used = _address_space()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if used is not None:
            new = used + MEMORY_MARGIN
            if hard != resource.RLIM_INFINITY:
                new = min(new, hard)
            if soft == resource.RLIM_INFINITY or new < soft:
                resource.setrlimit(resource.RLIMIT_AS, (new, hard))
                limits = (soft, hard)
    except (ImportError, ValueError, OSError):
        limits = None
    try:
        yield
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        if limits is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, limits)


Listing = tuple[tuple[str, int, int, bool], ...]
_ENVIRONMENTS: dict[tuple[str, str, Listing], Sandbox] = {}
_BUILTIN: list[Trusted] = []
LISTED = 1000  # entries of templates/ whose names and times make the key of its environment


def shared_environment(
    workspace_templates: Path | None, root: Path | None = None
) -> Sandbox | Trusted:
    """One environment per templates folder and workspace in this process, its templates compiled
    once for every definition rendered (compiling is most of a notice's time).

    Templates are still read only through `environment`'s loaders (confinement unchanged); a
    template edited, replaced or made a link since it was compiled is read again (and checked
    again), and a file added to or removed from templates/ gives a new environment. A workspace
    with no template at all (no templates/, or one with plain files other than `*.j2` only, as
    `lianxi init` makes it) gets lianxi's own templates outside the sandbox (`builtin_environment`).
    """
    listing = _listing(workspace_templates)
    if not _may_have_templates(workspace_templates, listing):
        if not _BUILTIN:
            _BUILTIN.append(builtin_environment())
        return _BUILTIN[0]
    key = (str(workspace_templates), str(root), listing)
    env = _ENVIRONMENTS.get(key)
    if env is None:
        if len(_ENVIRONMENTS) >= 8:
            _ENVIRONMENTS.clear()
        env = _ENVIRONMENTS[key] = environment(workspace_templates, root, reload=True)
    return env


def _listing(folder: Path | None) -> Listing:
    """(name, modified, inode, a plain file?) of the first LISTED entries of `folder`."""
    if folder is None:
        return ()
    import itertools

    try:
        with os.scandir(folder) as entries:
            return tuple(
                sorted(
                    (
                        e.name,
                        e.stat(follow_symlinks=False).st_mtime_ns,
                        e.inode(),
                        e.is_file(follow_symlinks=False),
                    )
                    for e in itertools.islice(entries, LISTED + 1)
                )
            )
    except OSError:  # no templates/ (or not a folder): the built-ins only
        return ()


def _may_have_templates(folder: Path | None, listing: Listing) -> bool:
    """Whether a workspace template could be read: templates/ is something other than a plain
    folder, or holds a `*.j2`, a folder or a link, or more entries than were looked at."""
    if folder is None or not (folder.exists() or folder.is_symlink()):
        return False
    if folder.is_symlink() or not folder.is_dir() or len(listing) > LISTED:
        return True
    return any(name.endswith(".j2") or not plain for name, _, _, plain in listing)


def render_template(
    name: str,
    context: dict[str, Any],
    workspace_templates: Path | None,
    root: Path | None = None,
    env: Sandbox | Trusted | None = None,
) -> str:
    """Render one template with `context` turned into plain data, within the budget.

    Template problems come back as LianxiError: LX501–LX503, LX506 (a run-time error or an
    operation the sandbox refuses), LX507 (over the time, output or memory budget) and LX001
    (a template that is a symbolic link out of templates/). Pass `env` (from `environment`) to
    render many pages without compiling templates again."""
    env = env or shared_environment(workspace_templates, root)
    files = env.files
    if isinstance(env, Trusted):  # lianxi's own template: no budget to keep, no data to check
        try:
            return env.get_template(name).render(**context)
        except Exception as e:
            raise _template_error(e, name, root, files) from None
    data = {k: plain(v) for k, v in context.items()}
    parts: list[str] = []
    try:
        with budget():
            size = 0
            for chunk in env.get_template(name).generate(**data):
                size += len(chunk)
                _check_size(size)
                parts.append(chunk)
            return "".join(parts)
    except dg.LianxiError:
        raise
    except (Exception, _OverBudget) as e:
        parts.clear()
        found: BaseException = e
        if isinstance(e, _OverBudget):  # Jinja maps only Exceptions to template lines
            from jinja2.debug import rewrite_traceback_stack

            with contextlib.suppress(Exception):
                found = rewrite_traceback_stack()
        raise _template_error(found, name, root, files) from None


def notice_context(defn: Definition, key: str | None) -> dict[str, Any]:
    systems = [system_view(s) for s in defn.systems if key is None or s.key == key]
    document = document_view(defn.document) if key is None else None
    listed = document.attachments if document else []
    for s in systems:
        if s.title and s.title in listed:  # §8: 附件 (or 附件2) above the attachment's title
            s.annex = "附件" if len(listed) == 1 else f"附件{listed.index(s.title) + 1}"
    return {
        "definition": defn,
        "document": document,
        "embedded": [s for s in systems if not s.title],
        "attached": [s for s in systems if s.title],
        "systems": systems,
    }


def render_notice(
    defn: Definition,
    key: str | None,
    fmt: str,
    workspace_templates: Path | None,
    root: Path | None = None,
) -> str:
    """The 通知 (or 函) with its systems, as text in `fmt` (md, txt, html)."""
    return _render_text("notice", fmt, notice_context(defn, key), workspace_templates, root)


def render_members(
    defn: Definition,
    key: str | None,
    fmt: str,
    workspace_templates: Path | None,
    root: Path | None = None,
    *,
    private: bool = False,
) -> str:
    context = {
        "definition": defn,
        "systems": member_tables(defn, key, private=private),
        "private": private,
    }
    return _render_text("members", fmt, context, workspace_templates, root)


def _render_text(
    document: str,
    fmt: str,
    context: dict[str, Any],
    workspace_templates: Path | None,
    root: Path | None,
) -> str:
    """`DOCUMENT.FMT.j2` with `context`; text formats are tidied, HTML is left as the template wrote it."""
    text = render_template(f"{document}.{fmt}.j2", context, workspace_templates, root)
    return text if fmt == "html" else _tidy(text)


def _tidy(text: str) -> str:
    """At most one blank line between paragraphs, none at the ends, one final newline."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


# --- Word ------------------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (a control character in a unit name would
    make the Word file impossible to write)."""
    return _NOT_XML.sub("", text)


def notice_kinds(ctx: dict[str, Any]) -> dict[str, str]:
    """What each fixed line of the notice is, so the Word file can format it (see lianxi.wordfile)."""
    kinds: dict[str, str] = {}
    doc: DocumentView | None = ctx["document"]
    if doc is not None:
        for kind, text in (
            ("issuer", doc.issuer),
            ("number", doc.number),
            ("title", doc.title),
            ("addressee", doc.addressees),
            ("signature", doc.signature),
            ("date", doc.date),
            ("note", doc.note),
        ):
            if text:
                kinds.setdefault(text, kind)
        for line in doc.attachment_lines:
            kinds.setdefault(line, "attachment")
        for line in doc.colophon_lines:
            kinds.setdefault(line, "colophon")
    for s in ctx["attached"]:
        kinds[s.title] = "attached_title"
        if s.annex:
            kinds[s.annex] = "annex"
    for s in ctx["systems"]:
        if s.roster:
            kinds[s.roster_title] = "title"
            for r in s.roster:
                kinds[(f"{r.label}：" if r.label else "") + f"{r.name}  {r.post}"] = "roster"
    return kinds


def render_notice_docx(
    defn: Definition, key: str | None, workspace_templates: Path | None, root: Path | None = None
) -> bytes:
    """The notice as a GB/T 9704 Word file; its text is the `txt` render's, paragraph for paragraph."""
    from lianxi.wordfile import Colophon, notice_docx

    ctx = notice_context(defn, key)
    text = xml_text(_render_text("notice", "txt", ctx, workspace_templates, root))
    letter = defn.document is not None and defn.document.kind == "函" and key is None
    kinds = {xml_text(k): v for k, v in notice_kinds(ctx).items()}
    doc: DocumentView | None = ctx["document"]
    colophon = (
        Colophon(
            [xml_text(x) for x in doc.copies_to],
            xml_text(doc.printed_by) if doc.printed_by else None,
            doc.printed_on,
        )
        if doc
        else None
    )  # §10.1: a 函's 版记 has no 印发机关, 印发日期 or rules of its own
    return notice_docx(text, kinds, letter=letter, colophon=colophon)


def render_members_docx(defn: Definition, key: str | None, *, private: bool = False) -> bytes:
    """The 成员名单 as an office prints it: 序号, 单位, 姓名, 职务 (联系电话 only when `private`), the rows
    grouped under 总召集人, 召集人, 副召集人, 成员 and 联络员."""
    from lianxi.wordfile import MemberList, members_docx

    header = ["序号", "单位", "姓名", "职务"] + (["联系电话"] if private else [])
    group_names = {"成员单位": "成员"}
    lists = []
    for t in member_tables(defn, key, private=private):
        groups: list[tuple[str, list[list[str]]]] = []
        for r in t.rows:
            label = group_names.get(r.role, r.role)
            if not groups or groups[-1][0] != label:
                groups.append((label, []))
            row = [r.unit, r.name, r.post] + ([r.phone] if private else [])
            groups[-1][1].append([xml_text(c) for c in row])
        lists.append(MemberList(xml_text(t.title), header, groups))
    return members_docx(lists)


def render_members_xlsx(defn: Definition, key: str | None, *, private: bool = False) -> bytes:
    """The 成员名单 as an Excel workbook: a sheet per system (conveners first, then 序号, 单位, 姓名,
    职务); `private` adds a 联络员 sheet with phone numbers."""
    from lianxi.workbook import Sheet, workbook

    tables = member_tables(defn, key, private=private)
    sheets = []
    for t in tables:
        rows: list[list[str | int]] = []
        n = 0
        for r in t.rows:
            if r.role == "联络员":
                continue
            if r.role == "成员单位":
                n += 1
            rows.append([n if r.role == "成员单位" else "", r.role, r.unit, r.name, r.post])
        name = "成员名单" if len(tables) == 1 else t.name
        sheets.append(
            Sheet(name, t.title, ["序号", "角色", "单位", "姓名", "职务"], rows, frozenset({0}))
        )
    if private:
        several = len(tables) > 1
        liaisons: list[list[str | int]] = []
        for t in tables:
            people = [r for r in t.rows if r.role == "联络员"]
            for i, r in enumerate(people, 1):
                liaisons.append(
                    [i, *([t.name] if several else []), r.unit, r.name, r.post, r.phone]
                )
        header = ["序号", *(["制度"] if several else []), "单位", "姓名", "职务", "电话"]
        title = "联络员名单" if several else tables[0].title.removesuffix("成员名单") + "联络员名单"
        sheets.append(Sheet("联络员", title, header, liaisons, frozenset({0})))
    created = (
        dt.datetime.combine(defn.document.date, dt.time())
        if (defn.document and defn.document.date)
        else None
    )
    return workbook(sheets, created)


# --- 会议纪要 ---------------------------------------------------------------------------------------


@dataclass
class DecisionView:
    number: str  # （一）, or "" when the text carries its own (一是, （一）, 1.)
    text: str
    owners: str
    due: str | None
    done: bool

    @property
    def line(self) -> str:
        """（一）text（责任单位：…；完成时限：…）"""
        tail = "；".join(
            x
            for x in (
                self.owners and f"责任单位：{self.owners}",
                self.due and f"完成时限：{self.due}",
            )
            if x
        )
        return self.number + self.text + (f"（{tail}）" if tail else "")


_OWN_NUMBER = re.compile(
    r"^([一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])"
)


@dataclass
class MinutesView:
    title: str
    system: str
    date: str
    place: str | None
    chair: str | None
    summary: list[str]
    decisions: list[DecisionView]
    attendees: str | None  # 出席
    absentees: str | None  # 请假
    observers: str | None  # 列席
    reporters: str | None  # 汇报


KIND_NAMES = {"plenary": "全体会议", "thematic": "专题会议", "liaison": "联络员会议"}


def _people(people: list[Any]) -> str | None:
    """张三（职务）、市公安局 …: who, as far as the record says."""
    out = []
    for p in people:
        who = p.name or p.unit or ""
        post = p.post or ""
        out.append(f"{who}（{post}）" if who and post else (who or post))
    return "、".join(x for x in out if x) or None


def minutes_view(defn: Definition, key: str | None, date: dt.date) -> MinutesView | None:
    """The record of the meeting held on `date` (the first one when a day has several), as a 纪要 draft."""
    for s in defn.systems:
        if key is not None and s.key != key:
            continue
        for m in s.meetings:
            if m.date != date:
                continue
            name = m.title or f"{s.name.removesuffix('制度')}{KIND_NAMES[m.kind.value]}"
            return MinutesView(
                title=f"{name}纪要",
                system=s.name,
                date=cn_date(m.date),
                place=m.place,
                chair=_people([m.chair]) if m.chair else None,
                summary=list(m.summary),
                decisions=[
                    DecisionView(
                        "" if _OWN_NUMBER.match(d.text) else f"（{cn_number(i)}）",
                        d.text,
                        "、".join(d.owners),
                        cn_date(d.due) if d.due else None,
                        d.status.value == "done",
                    )
                    for i, d in enumerate(m.decisions, 1)
                ],
                attendees=_people(m.attendees),
                absentees=_people(m.absentees),
                observers=_people(m.observers),
                reporters=_people(m.reporters),
            )
    return None


def render_minutes(
    view: MinutesView, fmt: str, workspace_templates: Path | None, root: Path | None = None
) -> str:
    return _render_text("minutes", fmt, {"minutes": view}, workspace_templates, root)


def render_minutes_docx(
    view: MinutesView, workspace_templates: Path | None, root: Path | None = None
) -> bytes:
    """The 纪要 as a Word file: 出席 / 列席 / 汇报 labels in 黑体; text equals the `txt` render's."""
    from lianxi.wordfile import notice_docx

    text = xml_text(render_minutes(view, "txt", workspace_templates, root))
    kinds = {xml_text(view.title): "minutes_mark", view.date: "minutes_date"}
    return notice_docx(text, kinds, labels=("出席：", "请假：", "列席：", "汇报：", "主持："))


# --- many definitions into a folder -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Batch:
    """What `render notice|members` with no REF makes of each definition, and where."""

    doc: str  # notice, members
    fmt: str  # md, txt, html, csv, xlsx, docx; pdf: the docx, printed afterwards
    folder: Path  # the output folder
    templates: Path
    root: Path
    force: bool = False
    private: bool = False


@dataclass(frozen=True, slots=True)
class Rendered:
    """One definition rendered for a Batch: its file name and bytes; or it was not rendered
    because its file exists (`exists`), or the diagnostics of why it could not be: the file does
    not load (`unloaded`, nothing rendered) or a template failed (`data` is empty)."""

    name: str = ""
    data: bytes = b""
    exists: bool = False
    unloaded: bool = False
    diagnostics: tuple[dg.Diagnostic, ...] = ()


def batch_name(batch: Batch, defn: Definition, key: str | None) -> str:
    return defn.id + (f"-{key}" if key else "") + f".{batch.doc}.{batch.fmt}"


def render_one(batch: Batch, defn: Definition, key: str | None) -> bytes:
    """`defn` as `batch` asks (for pdf: the docx LibreOffice is to print)."""
    templates, root, private = batch.templates, batch.root, batch.private
    if batch.fmt in ("docx", "pdf"):
        if batch.doc == "notice":
            return render_notice_docx(defn, key, templates, root)
        return render_members_docx(defn, key, private=private)
    if batch.doc == "notice":
        return render_notice(defn, key, batch.fmt, templates, root).encode("utf-8")
    if batch.fmt == "csv":
        return members_csv(member_rows(defn, key, private=private), private=private)
    if batch.fmt == "xlsx":
        return render_members_xlsx(defn, key, private=private)
    return render_members(defn, key, batch.fmt, templates, root, private=private).encode("utf-8")


def batch_entry(batch: Batch, result: LoadResult, ref: Ref) -> Rendered:
    """For workspace.scan(): one definition rendered, in a worker when there are many.

    A file that does not load, or whose phrasing has a placeholder that cannot be filled (LX212),
    is `unloaded` with its diagnostics; a file already in the folder (without `force`) is not
    rendered; a template problem (LX501–LX507) comes back as diagnostics. An ID:KEY whose KEY is
    not in the file raises UsageError (LX901).
    """
    from lianxi.checks import Context, phrasing_placeholders
    from lianxi.output import refuse_existing
    from lianxi.workspace import pick_system

    defn = result.definition
    wrong = [] if defn is None else list(phrasing_placeholders.check(result, Context()))
    if defn is None or wrong:
        return Rendered(unloaded=True, diagnostics=tuple(wrong or result.diagnostics))
    pick_system(defn, ref.key)
    name = batch_name(batch, defn, ref.key)
    try:
        refuse_existing([batch.folder / name], force=batch.force)
    except dg.LianxiError:
        return Rendered(name, exists=True)
    try:
        return Rendered(name, render_one(batch, defn, ref.key))
    except dg.LianxiError as e:
        return Rendered(name, diagnostics=tuple(e.diagnostics))
