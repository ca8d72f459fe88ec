"""Diagnostic, Severity, LianxiError and the bilingual message table: imports nothing from lianxi.

A Diagnostic carries facts (code, position, `args`); its text is written only when it is shown,
from MESSAGES, in the language chosen for that output.
"""

from __future__ import annotations

import enum
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


Arg = str | int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem the user can fix. Positions are 1-based; 0 means 'whole file'.

    `args` are the facts the message is written from (names, values, line numbers), never prose;
    `variant` picks one of several wordings of the same code (`MESSAGES["LX003/tab"]`).
    """

    file: str
    line: int
    col: int
    code: str  # "LX101": never reused, listed in README
    severity: Severity
    args: Mapping[str, Arg] = field(default_factory=dict)
    variant: str = ""

    def _key(self) -> tuple[Any, ...]:
        facts = tuple(sorted((k, str(v)) for k, v in self.args.items()))
        return (self.file, self.line, self.col, self.code, self.severity, self.variant, facts)

    def __lt__(self, other: Diagnostic) -> bool:
        return self._key() < other._key()

    def __gt__(self, other: Diagnostic) -> bool:
        return self._key() > other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @property
    def key(self) -> str:
        """The MESSAGES key: the code, or `code/variant`."""
        return f"{self.code}/{self.variant}" if self.variant else self.code

    def message(self, lang: str) -> str:
        """What is wrong, in `lang` ('zh' or 'en')."""
        entry = MESSAGES[self.key]
        return _fill(entry.zh if lang == "zh" else entry.en, self.args, lang)

    def hint(self, lang: str) -> str | None:
        """How to fix it, in `lang`, when known."""
        entry = MESSAGES[self.key]
        template = entry.hint_zh if lang == "zh" else entry.hint_en
        return None if template is None else _fill(template, self.args, lang)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return Diagnostic(
            self.file, self.line, self.col, self.code, severity, self.args, self.variant
        )

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message(lang),
            "hint": self.hint(lang),
            "args": dict(self.args),
        }


def problem(
    key: str,
    file: str,
    line: int,
    col: int,
    facts: Mapping[str, Arg] | None = None,
    /,
    *,
    severity: Severity | None = None,
    **args: Arg,
) -> Diagnostic:
    """A Diagnostic for MESSAGES[`key`] (`LX003` or `LX003/tab`) with its default severity;
    its args are `facts` and the keyword arguments."""
    code, _, variant = key.partition("/")
    merged = {**facts, **args} if facts else args
    return Diagnostic(file, line, col, code, severity or CODES[code], merged, variant)


class LianxiError(Exception):
    """Raised only when there is no result to return; carries the diagnostics that say why."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        super().__init__("; ".join(d.message("en") for d in diagnostics))
        self.diagnostics = diagnostics

    def __reduce__(self) -> tuple[type[LianxiError], tuple[Diagnostic, ...]]:
        return (type(self), self.diagnostics)  # raised in a worker process, re-raised here


class UsageError(LianxiError):
    """A command line that names something that does not exist (a REF, a revision): exit 2."""


def detect_language(env: Mapping[str, str] | None = None) -> str:
    """Return 'zh' when the locale is Chinese (LC_ALL, LC_MESSAGES or LANG = zh_*), else 'en'."""
    env = os.environ if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


# ---------------------------------------------------------------------------------------------
# Writing a message: str.format with two more conversions. `{names!l}` is a list of values (passed
# as one string, the values separated by "\n"): 、 between them in Chinese, ", " in English.
# `{level!t}` is a term of the format (`city`): its Chinese name in Chinese, itself in English.

LIST_SEP = "\n"
TERMS_ZH = {"national": "国家级", "provincial": "省级", "city": "市级", "county": "县级"}


def join(values: Any) -> str:
    """Pack values into one argument for a `{name!l}` field."""
    return LIST_SEP.join(str(v) for v in values)


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "l":
            parts = str(value).split(LIST_SEP) if value != "" else []
            return ("、" if self.lang == "zh" else ", ").join(parts)
        if conversion == "c":
            return _char_name(str(value), self.lang)
        if conversion == "t":
            return TERMS_ZH.get(str(value), str(value)) if self.lang == "zh" else str(value)
        return super().convert_field(value, conversion)


#: Chinese names of the characters people paste into names without seeing them.
CHARS_ZH = {
    0x00A0: "不换行空格",
    0x00AD: "软连字符",
    0x200B: "零宽空格",
    0x200C: "零宽非连接符",
    0x200D: "零宽连接符",
    0x200E: "从左至右标记",
    0x200F: "从右至左标记",
    0x2028: "行分隔符",
    0x2029: "段分隔符",
    0x202F: "窄不换行空格",
    0x2060: "零宽不换行符",
    0x3000: "全角空格",
    0xFEFF: "零宽不换行空格（字节顺序标记）",
}


def _char_name(value: str, lang: str) -> str:
    """`U+200B` → `U+200B 零宽空格` (zh) or `U+200B ZERO WIDTH SPACE` (en)."""
    import unicodedata

    try:
        c = chr(int(value.removeprefix("U+"), 16))
    except ValueError:
        return value
    if lang != "zh":
        return f"{value} {unicodedata.name(c, 'control character')}"
    name = CHARS_ZH.get(ord(c))
    if name is None:
        cat = unicodedata.category(c)
        if 0xFF10 <= ord(c) <= 0xFF19:
            name = f"全角数字“{c}”"
        elif 0xFF21 <= ord(c) <= 0xFF5A:
            name = f"全角字母“{c}”"
        elif cat == "Zs":
            name = "特殊空格"
        elif cat == "Cc":
            name = "控制字符"
        else:
            name = "不可见字符"
    return f"{value} {name}"


_FORMATTERS = {"zh": _Formatter("zh"), "en": _Formatter("en")}


def _fill(template: str, args: Mapping[str, Arg], lang: str) -> str:
    return _FORMATTERS["zh" if lang == "zh" else "en"].vformat(template, (), args)


# ---------------------------------------------------------------------------------------------
# The tables: each code's default severity, and each code's (or variant's) wording.


@dataclass(frozen=True, slots=True)
class Message:
    en: str
    zh: str
    hint_en: str | None = None
    hint_zh: str | None = None


E, W = Severity.ERROR, Severity.WARNING

#: code -> default severity (the README lists what each one means)
CODES: dict[str, Severity] = {
    "LX001": E,  # file cannot be read
    "LX002": E,  # file is not UTF-8
    "LX003": E,  # YAML syntax error
    "LX004": E,  # duplicate key
    "LX005": E,  # more than one YAML document
    "LX006": E,  # file over the size limit
    "LX007": E,  # aliases or nesting over the limit
    "LX008": E,  # empty file
    "LX009": E,  # binary content
    "LX010": E,  # a list item indented deeper than the one above, merged into it
    "LX101": E,  # missing required field
    "LX102": E,  # wrong type or value
    "LX103": E,  # unknown key
    "LX104": E,  # id differs from the file name
    "LX105": E,  # bad id or key format
    "LX106": E,  # unsupported format version
    "LX107": E,  # duplicate system key
    "LX201": E,  # declared unit count differs from the list
    "LX202": E,  # duplicate unit
    "LX203": E,  # lead unit is not a member
    "LX204": E,  # office unit is not a member
    "LX205": E,  # convener unit is not a member
    "LX206": E,  # decision owner is not a member
    "LX207": E,  # roster unit is not a member
    "LX208": E,  # 文号 format
    "LX209": W,  # 职责分工 for a non-member
    "LX210": E,  # dates out of order
    "LX211": E,  # status and successor disagree
    "LX212": E,  # unknown or empty placeholder in a phrasing field
    "LX301": W,  # unit not in the catalog
    "LX302": W,  # unit name abolished before the document's date
    "LX303": W,  # unit of another level
    "LX304": W,  # invisible, odd-space or full-width character in a unit name
    "LX305": W,  # several units joined in one item
    "LX401": W,  # a year without the plenary meetings the rules ask for
    "LX402": W,  # decision open after its due date
    "LX403": E,  # meeting outside the system's lifetime
    "LX501": E,  # template syntax error
    "LX502": E,  # undefined variable in a template
    "LX503": E,  # template not found
    "LX504": E,  # output file exists
    "LX505": E,  # output cannot be written
    "LX506": E,  # template error at run time
    "LX507": E,  # template over its time, output or memory budget
    "LX520": E,  # PDF output needs LibreOffice
    "LX521": E,  # LibreOffice could not print the PDF
    "LX522": W,  # official fonts replaced by fallbacks in the PDF
    "LX901": E,  # reference not found
    "LX902": E,  # git revision not found
    "LX903": E,  # no workspace
    "LX904": E,  # bad lianxi.toml
}

M = Message

#: LX203–LX207: what each code calls the unit that is not a member, in English and Chinese
_NOT_A_MEMBER = (
    ("LX203", "lead unit", "牵头单位"),
    ("LX204", "office unit", "办公室所在单位"),
    ("LX205", "convener unit", "召集人所在单位"),
    ("LX206", "decision owner", "议定事项责任单位"),
    ("LX207", "roster unit", "联络员名单中的单位"),
)

#: "CODE" or "CODE/variant" -> wording. Every placeholder is an `args` key of the diagnostic.
MESSAGES: dict[str, Message] = {
    # --- LX0xx: reading the file, YAML syntax ---------------------------------------------
    "LX001": M("cannot read file: {reason}", "无法读取文件（{reason!r}）"),
    "LX001/not_regular": M(
        "cannot read file: not a regular file (a device, pipe or socket)",
        "无法读取文件：不是普通文件（是设备、管道或套接字）",
    ),
    "LX001/outside": M(
        "cannot read file: {path} is a symbolic link that leads outside {place}",
        "无法读取文件：{path} 是指向 {place} 之外的符号链接",
        "a workspace file must stay inside the workspace; copy the content instead",
        "工作区中的文件必须留在工作区内；请复制内容，不要链接",
    ),
    "LX002/utf16": M(
        "file is UTF-16, not UTF-8",
        "文件是 UTF-16 编码，不是 UTF-8",
        "save it as UTF-8 (in Notepad/WPS: 另存为 → 编码 UTF-8)",
        "另存为 UTF-8 编码（记事本/WPS：另存为 → 编码选 UTF-8）",
    ),
    "LX002/gbk": M(
        "file is not UTF-8; it looks like GB18030/GBK",
        "文件不是 UTF-8 编码，看起来是 GB18030/GBK",
        "convert it: iconv -f GB18030 -t UTF-8 {file} > tmp && mv tmp {file}",
        "请转换编码：iconv -f GB18030 -t UTF-8 {file} > tmp && mv tmp {file}"
        "（或在 WPS/记事本中另存为 UTF-8）",
    ),
    "LX003": M(
        "YAML syntax error: {problem}",
        "YAML 语法错误：解析器无法读懂这里",
        "check this line and the one above: indentation, colons, quotes and brackets",
        "请检查这一行和上一行的缩进、冒号、引号和括号",
    ),
    "LX003/fullwidth_colon": M(
        "full-width colon `：` after a key: YAML needs `: `",
        "键后面用了全角冒号“：”，YAML 需要半角冒号加空格",
        "replace `：` with `: ` (half-width colon and a space)",
        "把全角冒号“：”改为半角“: ”（冒号后加一个空格）",
    ),
    "LX003/fullwidth_semicolon": M(
        "full-width semicolon `；` after a key: YAML needs `: `",
        "键后面用了全角分号“；”，YAML 需要半角冒号加空格",
        "replace `；` with `: ` (half-width colon and a space)",
        "把全角分号“；”改为半角“: ”（冒号后加一个空格）",
    ),
    "LX003/no_space": M(
        "no space after the colon of {key!r}: YAML reads the whole line as one text",
        "{key!r} 的冒号后面没有空格：YAML 会把整行当成一段文字",
        "put a space after the colon: `{key}: …`",
        "在冒号后加一个半角空格：`{key}: …`",
    ),
    "LX003/ideographic_space_after_colon": M(
        "full-width space (U+3000) after the colon of {key!r}: YAML needs a half-width space",
        "{key!r} 的冒号后面是全角空格（U+3000），YAML 需要半角空格",
        "replace the full-width space with a half-width one",
        "把冒号后的全角空格改为半角空格",
    ),
    "LX003/ideographic_space": M(
        "full-width space (U+3000) in the indentation",
        "缩进中有全角空格（U+3000）",
        "indent with half-width spaces only",
        "缩进只能用半角空格，请把全角空格改为半角空格",
    ),
    "LX003/tab": M(
        "tab in the indentation: YAML does not allow it",
        "缩进中有制表符：YAML 不允许用制表符缩进",
        "indent with spaces, not tabs",
        "请把制表符改为半角空格",
    ),
    "LX003/fullwidth_comma": M(
        "full-width {char!r} between the entries of `{{…}}` or `[…]`: YAML needs `, `",
        "花括号或方括号中的各项之间用了全角“{char}”，YAML 需要半角逗号",
        "replace {char!r} with `, ` (half-width comma and a space)",
        "把全角“{char}”改为半角“, ”（逗号后加一个空格）",
    ),
    "LX003/missing_colon": M(
        "a line without `key: value` where a key was expected",
        "这里应为“键: 值”，但找不到冒号",
        "write `key: value` with a half-width colon and a space, or align the indentation with "
        "the lines above",
        "请写成“键: 值”（半角冒号加空格），或使缩进与上面的行对齐",
    ),
    "LX003/flow_sequence": M(
        "a `[…]` list is not closed, or its entries are not separated by `, `",
        "方括号 […] 没有闭合，或各项之间没有用半角逗号分隔",
        "separate the entries with `, ` and close the list with `]`",
        "各项之间用半角“, ”分隔，并用“]”闭合",
    ),
    "LX003/flow_mapping": M(
        "a `{{…}}` mapping is not closed, or its entries are not separated by `, `",
        "花括号 {{…}} 没有闭合，或各项之间没有用半角逗号分隔",
        "separate the entries with `, ` and close the mapping with `}}`",
        "各项之间用半角“, ”分隔，并用“}}”闭合",
    ),
    "LX003/colon_in_value": M(
        "a value contains `: `, which YAML reads as the start of another key",
        "值中含有“: ”（半角冒号加空格），YAML 会把它当作另一个键",
        "put the whole value in quotes, or write the colon in the text as full-width `：`",
        "请给整个值加上引号，或把文字中的冒号改为全角“：”",
    ),
    "LX003/misplaced_item": M(
        "a `- ` list item where it cannot start: indentation differs from the items around it",
        "这里不能开始一个“- ”列表项：缩进与上下的项不一致",
        "align the `- ` with the other items of the same list",
        "请使“- ”与同一列表的其他项对齐",
    ),
    "LX003/misplaced_key": M(
        "a key where it cannot start: indentation differs from the keys around it",
        "这里不能开始一个键：缩进与上下的键不一致",
        "align the key with the other keys of the same mapping",
        "请使这个键与同一层的其他键对齐",
    ),
    "LX003/bad_start": M(
        "a value cannot begin with {char!r} unquoted",
        "不加引号的值不能以“{char}”开头",
        "put the whole value in quotes",
        "请给整个值加上引号",
    ),
    "LX003/indentation": M(
        "indentation does not match the lines above",
        "缩进与上面的行不一致",
        "keys of the same mapping and items of the same list start in the same column",
        "同一层的键、同一列表的各项要左对齐，从同一列开始",
    ),
    "LX003/no_value": M(
        "a value is missing here",
        "这里缺少值",
        "write the value, or put it in quotes if it begins with a special character",
        "请写上值；如以特殊字符开头，请加引号",
    ),
    "LX003/unclosed_quote": M(
        "a quote or bracket is not closed before the end of the file",
        "引号或括号直到文件末尾都没有闭合",
        "close the quote or bracket that starts above",
        "请补上前面没有闭合的引号或括号",
    ),
    "LX003/escape": M(
        "a backslash in double quotes starts an escape YAML does not know",
        "双引号中的反斜杠“\\”构成了 YAML 不认识的转义",
        "use single quotes, or write the backslash twice",
        "请改用单引号，或把反斜杠写两遍",
    ),
    "LX003/alias": M(
        "`*` refers to an anchor that is not defined",
        "“*”引用了未定义的锚点",
        "put the value in quotes if `*` is part of the text",
        "如“*”是文字的一部分，请给整个值加上引号",
    ),
    "LX003/control_char": M(
        "the file contains a control character that YAML does not allow",
        "文件中有 YAML 不允许的控制字符",
        "delete the invisible character (often pasted from a web page or Word)",
        "请删除这个不可见字符（常见于从网页或文档中复制的内容）",
    ),
    "LX003/after_value": M(
        "text after the end of a value",
        "值结束后还有多余的文字",
        "put the whole value in quotes, or move the extra text into it",
        "请给整个值加上引号，或把多余的文字并入值中",
    ),
    "LX003/document": M(
        "`---` or `...` where the definition continues",
        "定义中间出现了“---”或“...”",
        "remove the line, or put the value in quotes",
        "请删除这一行，或给值加上引号",
    ),
    "LX003/directive": M(
        "a line beginning with `%` is a YAML directive",
        "以“%”开头的行是 YAML 指令",
        "put the value in quotes",
        "请给值加上引号",
    ),
    "LX003/tag": M(
        "a value beginning with `!` is a YAML tag",
        "以“!”开头的值是 YAML 标签",
        "put the value in quotes",
        "请给值加上引号",
    ),
    "LX003/block_scalar": M(
        "the header of a `|` or `>` text block is not valid",
        "“|”或“>”文本块的开头写法不对",
        "write `|` alone at the end of the line and indent the text below",
        "请在行尾只写“|”，并把下面的文字缩进",
    ),
    "LX004": M(
        "duplicate key {key!r} (first at line {first}); YAML would silently keep only the last value",
        "重复的键 {key!r}（首次出现在第 {first} 行）；YAML 会静默丢弃前一个值",
        "remove or rename one of them",
        "删除或重命名其中一个",
    ),
    "LX005": M(
        "more than one YAML document in the file (a second `---`)",
        "一个文件中有多个 YAML 文档（出现了第二个 `---`）",
        "keep one definition per file",
        "每个文件只保留一个定义",
    ),
    "LX006": M(
        "file is {size} bytes, over the limit of {limit}", "文件大小 {size} 字节，超过上限 {limit}"
    ),
    "LX006/more": M("input is over the limit of {limit} bytes", "输入超过上限 {limit} 字节"),
    "LX006/input": M(
        "input is {size} bytes, over the limit of {limit}", "输入 {size} 字节，超过上限 {limit}"
    ),
    "LX007/depth": M(
        "lists and mappings nest more than {limit} levels deep",
        "列表和映射嵌套超过 {limit} 层",
        "a definition nests a few levels; look for runaway brackets or indentation",
        "定义只有几层嵌套；请检查多余的括号或缩进",
    ),
    "LX007/recursion": M(
        "aliases refer to themselves",
        "别名引用了自身",
        "write the values out instead of using anchors and aliases",
        "请直接写出内容，不要使用锚点和别名",
    ),
    "LX007/expansion": M(
        "aliases expand to more than {limit} values",
        "别名展开后超过 {limit} 个值",
        "write the values out instead of using anchors and aliases",
        "请直接写出内容，不要使用锚点和别名",
    ),
    "LX007": M("nesting is too deep", "嵌套层级过深"),
    "LX008": M(
        "file is empty",
        "文件为空",
        "run `lianxi new ID` for a commented skeleton",
        "运行 `lianxi new ID` 生成带注释的模板",
    ),
    "LX008/comments": M("file has no content (only comments?)", "文件没有内容（只有注释？）"),
    "LX008/input": M("the input is empty", "输入为空"),
    "LX009/nul": M(
        "file contains NUL bytes: it is binary, not a YAML text file",
        "文件含 NUL 字节：是二进制文件，不是 YAML 文本",
    ),
    "LX009": M(
        "file is not UTF-8 text (binary content?)", "文件不是 UTF-8 文本（可能是二进制内容）"
    ),
    "LX009/input": M(
        "binary content: expected the text or HTML of a notice",
        "二进制内容：应为通知的文本或 HTML",
    ),
    "LX010": M(
        "list item indented deeper than the item above: YAML joins the two into {value!r}",
        "列表项比上一项缩进更深：YAML 会把两项合并为 {value!r}",
        "align the `- ` with the item above",
        "请使这一行的“- ”与上一项对齐",
    ),
    # --- LX1xx: shape and type -----------------------------------------------------------
    "LX101": M(
        "missing required field {field!r}",
        "缺少必填字段 {field!r}",
        "add `{key}:`",
        "请添加 `{key}:`",
    ),
    "LX102": M(
        "{where}: {msg} (got {got})",
        "{where}：取值不合法（实际为 {got}）",
        "see the field's description in schema/lianxi.schema.json",
        "请查看 schema/lianxi.schema.json 中这个字段的说明",
    ),
    "LX102/quote": M(
        "{where}: should be text (got {got})",
        "{where}：应为文字（实际为 {got}）",
        "put the value in quotes",
        "请给这个值加上引号",
    ),
    "LX102/text_list": M(
        "{where}: should be one text, not a list (got {got})",
        "{where}：应为一段文字，不能是列表（实际为 {got}）",
        "write one value after the colon",
        "冒号后只写一个值",
    ),
    "LX102/text_mapping": M(
        "{where}: should be one text, not a mapping (got {got})",
        "{where}：应为一段文字，不能是键值映射（实际为 {got}）",
        "write one value after the colon; if it contains `: `, put it in quotes",
        "冒号后只写一个值；值中含有“: ”时请加引号",
    ),
    "LX102/empty": M(
        "{where}: should not be empty",
        "{where}：不能为空",
        "write the text, or remove the line",
        "请填写内容，或删除这一行",
    ),
    "LX102/placeholder": M(
        "{where}: {got} is a placeholder, not a jurisdiction",
        "{where}：{got} 是占位文字，不是行政区",
        "write the place the document names, e.g. 运城市",
        "请填写文件所属的行政区，如 运城市",
    ),
    "LX102/int": M(
        "{where}: should be a whole number (got {got})",
        "{where}：应为整数（实际为 {got}）",
        "write the number in digits, e.g. 35",
        "请用阿拉伯数字书写，如 35",
    ),
    "LX102/int_suffix": M(
        "{where}: should be a number alone (got {got})",
        "{where}：应只写数字（实际为 {got}）",
        "write the number without a measure word: {number}",
        "去掉量词，只写数字：{number}",
    ),
    "LX102/int_fraction": M(
        "{where}: should be a whole number (got {got})",
        "{where}：应为整数（实际为 {got}）",
        "a count has no fractional part",
        "数量不能有小数",
    ),
    "LX102/min": M(
        "{where}: should be {min} or more (got {got})",
        "{where}：不能小于 {min}（实际为 {got}）",
        "write a number of {min} or more",
        "请写不小于 {min} 的数",
    ),
    "LX102/bool": M(
        "{where}: should be true or false (got {got})",
        "{where}：应为 true 或 false（实际为 {got}）",
        "write true (yes) or false (no)",
        "是写 true，否写 false",
    ),
    "LX102/group": M(
        "{where}: should be true or the number of units (got {got})",
        "{where}：应为 true 或单位数（实际为 {got}）",
        "write true when the size is unknown, or the number of units in digits",
        "单位数不明时写 true，已知时写阿拉伯数字",
    ),
    "LX102/list": M(
        "{where}: should be a list (got {got})",
        "{where}：应为列表（实际为 {got}）",
        "a list: one item per line, each starting with `- `",
        "应为列表：每项一行，以 `- ` 开头",
    ),
    "LX102/list_joined": M(
        "{where}: should be a list (got {got})",
        "{where}：应为列表（实际为 {got}）",
        "a list: one item per line, each starting with `- `, not separated by 、 or ，",
        "应为列表：每项一行，以 `- ` 开头，不用 、或 ，分隔",
    ),
    "LX102/list_bullet": M(
        "{where}: should be a list (got {got})",
        "{where}：应为列表（实际为 {got}）",
        "begin each item on its own line with a half-width `-` and a space: `- …`, not {char!r}",
        "每项单独一行，以半角“-”加一个空格开头：`- …`，不用“{char}”",
    ),
    "LX102/list_numbered": M(
        "{where}: should be a list (got {got})",
        "{where}：应为列表（实际为 {got}）",
        "one item per line beginning with `- ` instead of a number",
        "每项单独一行，以 `- ` 开头，去掉序号",
    ),
    "LX102/list_value": M(
        "{where}: should be a list (got {got})",
        "{where}：应为列表（实际为 {got}）",
        "a list: one item per line, each starting with `- `",
        "应为列表：每项一行，以 `- ` 开头",
    ),
    "LX102/enum": M(
        "{where}: not one of the accepted values (got {got})",
        "{where}：不是可用的取值（实际为 {got}）",
        "write one of: {values!l}",
        "可用的取值：{values!l}",
    ),
    "LX102/enum_chinese": M(
        "{where}: not one of the accepted values (got {got})",
        "{where}：不是可用的取值（实际为 {got}）",
        "write one of: {values!l}; or in Chinese: {names!l}",
        "可写中文：{names!l}；或英文：{values!l}",
    ),
    "LX102/date": M(
        "{where}: not a date (got {got})",
        "{where}：不是日期（实际为 {got}）",
        "write a date as YYYY-MM-DD, e.g. 2024-01-05",
        "日期请写成 YYYY-MM-DD，如 2024-01-05",
    ),
    "LX102/date_fix": M(
        "{where}: not a date in the form YYYY-MM-DD (got {got})",
        "{where}：日期格式应为 YYYY-MM-DD（实际为 {got}）",
        "write {fixed}",
        "请写成 {fixed}",
    ),
    "LX102/date_day": M(
        "{where}: no such date: {year}-{month:02d} has no day {day} (got {got})",
        "{where}：日期不存在：{year}年{month}月没有{day}日（实际为 {got}）",
        "check the day against the document",
        "请对照原文核对日期",
    ),
    "LX102/date_month": M(
        "{where}: no such date: there is no month {month} (got {got})",
        "{where}：日期不存在：没有{month}月（实际为 {got}）",
        "write the date as YYYY-MM-DD, the month between 01 and 12",
        "日期请写成 YYYY-MM-DD，月份为 01 至 12",
    ),
    "LX102/mapping": M(
        "{where}: should be a mapping of keys ({keys}) (got {got})",
        "{where}：应为键值映射（{keys}；实际为 {got}）",
        "write the keys on the lines below, indented",
        "请在下面几行缩进写出各个键",
    ),
    "LX102/empty_item": M(
        "{where}: an empty list item",
        "{where}：列表中有空项",
        "write the item after `- `, or remove the line",
        "请在“- ”后写上内容，或删除这一行",
    ),
    "LX102/key_not_text": M(
        "a key must be plain text, not a list or mapping", "键必须是文本，不能是列表或映射"
    ),
    "LX102/not_mapping_list": M(
        "a definition is a mapping of keys (lianxi:, id:, …), not a list",
        "定义应为键值映射（lianxi:、id: ……），不是列表",
    ),
    "LX102/not_mapping_value": M(
        "a definition is a mapping of keys (lianxi:, id:, …), not a single value",
        "定义应为键值映射（lianxi:、id: ……），不是单个值",
    ),
    "LX102/jurisdiction": M(
        "--jurisdiction must name the jurisdiction, e.g. 西安市",
        "--jurisdiction 应为行政区或部门名称，如 西安市",
    ),
    "LX102/unknown_format": M(
        "--unknown lists names as text, json or csv, not {value}",
        "--unknown 只能输出 text、json 或 csv，不能是 {value}",
    ),
    "LX102/date_option": M(
        "{option} {value!r} is not a date (YYYY-MM-DD)", "{option} {value!r} 不是日期（YYYY-MM-DD）"
    ),
    "LX103": M("unknown key {key!r}", "未知的键 {key!r}"),
    "LX103/fullwidth_colon": M(
        "unknown key {key!r}: the key is followed by a full-width `：` instead of `: `",
        "未知的键 {key!r}：键后面用了全角冒号“：”",
        "replace `：` with `: ` (half-width colon and a space)",
        "把全角冒号“：”改为半角“: ”（冒号后加一个空格）",
    ),
    "LX103/no_space": M(
        "unknown key {key!r}: no space after the colon",
        "未知的键 {key!r}：冒号后面没有空格",
        "put a space after the colon",
        "在冒号后加一个半角空格",
    ),
    "LX103/chinese": M(
        "unknown key {key!r}",
        "未知的键 {key!r}",
        "keys are written in English: {close!r}",
        "键名要用英文：应为 {close!r}",
    ),
    "LX103/close": M(
        "unknown key {key!r}", "未知的键 {key!r}", "did you mean {close!r}?", "是否应为 {close!r}？"
    ),
    "LX104": M(
        "id {id!r} differs from the file name {stem!r}",
        "id {id!r} 与文件名 {stem!r} 不一致",
        "set `id: {stem}` or rename the file to {id}.yaml",
        "改为 `id: {stem}`，或把文件改名为 {id}.yaml",
    ),
    "LX105": M(
        "{what} {value!r} must be lower-case letters, digits and '-'",
        "{what} {value!r} 只能由小写字母、数字和 '-' 组成",
        "for example `yuncheng`, `guojia-jiliang`, `quality`",
        "例如 `yuncheng`、`guojia-jiliang`、`quality`",
    ),
    "LX105/new": M(
        "id {value!r} must be lower-case letters, digits and '-'",
        "id {value!r} 只能由小写字母、数字和 '-' 组成",
        "for example xian, guojia-jiliang",
        "例如 xian、guojia-jiliang",
    ),
    "LX106": M(
        "format version {version} is not supported (this lianxi reads {supported})",
        "不支持格式版本 {version}（本版本读取 {supported}）",
        "set `lianxi: {supported}` or upgrade lianxi",
        "改为 `lianxi: {supported}`，或升级 lianxi",
    ),
    "LX107": M(
        "system key {key!r} is used twice (first at line {first})",
        "制度 key {key!r} 重复（首次出现在第 {first} 行）",
        "give each system its own key",
        "每个制度使用不同的 key",
    ),
    # --- LX2xx: consistency --------------------------------------------------------------
    "LX201": M(
        "declared_unit_count is {declared} but {known} units are listed",
        "声明成员单位 {declared} 个，但名单列出 {known} 个",
        "check the list against the document; keep the count as printed",
        "请对照原文核对名单；声明数按原文填写",
    ),
    "LX201/groups_over": M(
        "declared_unit_count is {declared} but {total} entries are listed, even counting each "
        "group as one unit",
        "声明成员单位 {declared} 个，但即使每个组合项只算 1 个，名单也有 {total} 个",
    ),
    "LX201/groups_unknown": M(
        "declared_unit_count is {declared}; {known} units are listed plus {groups} group(s) of "
        "unknown size, so the count cannot be confirmed",
        "声明成员单位 {declared} 个；名单列出 {known} 个单位和 {groups} 个数量不明的组合项，无法核对",
        "if the document says how many units the group stands for, write `group: N`",
        "如原文写明组合项包含几个单位，请写 `group: N`",
    ),
    "LX202": M(
        "unit {unit!r} is already listed as {first!r} (line {first_line})",
        "成员单位 {unit!r} 与第 {first_line} 行的 {first!r} 重复",
        "remove one of them",
        "删除其中一项",
    ),
    **{
        code: M(
            f"{en} {{unit!r}} is not listed in units",
            f"{zh} {{unit!r}} 不在成员单位名单中",
            "add `- {unit}` under units, or correct the name",
            "请在 units 中添加 `- {unit}`，或更正名称",
        )
        for code, en, zh in _NOT_A_MEMBER
    },
    **{
        f"{code}/closest": M(
            f"{en} {{unit!r}} is not listed in units",
            f"{zh} {{unit!r}} 不在成员单位名单中",
            "did you mean the member {closest!r}? If it is another unit, add `- {unit}` under "
            "units",
            "是否指成员单位 {closest!r}？如确为另一单位，请在 units 中添加 `- {unit}`",
        )
        for code, en, zh in _NOT_A_MEMBER
    },
    **{
        f"{code}/joined": M(
            f"{en} {{unit!r}} is not listed in units: it joins several units in one",
            f"{zh} {{unit!r}} 不在成员单位名单中：一项里写了几个单位",
            "write one unit per item: {parts!l}",
            "每项只写一个单位：{parts!l}",
        )
        for code, en, zh in _NOT_A_MEMBER
    },
    "LX208": M(
        "{number!r} is not a 文号 of the form 机关代字〔年份〕序号号",
        "{number!r} 不符合 机关代字〔年份〕序号号 的文号格式",
        "for example 运政办函〔2024〕38号",
        "例如 运政办函〔2024〕38号",
    ),
    "LX208/brackets": M(
        "文号 {number!r}: the year goes in 六角括号 〔〕",
        "文号 {number!r} 的年份应使用六角括号〔〕",
        "write {fixed}",
        "应为 {fixed}",
    ),
    "LX208/di": M(
        "文号 {number!r}: no 第 before the number",
        "文号 {number!r} 的序号前不加“第”",
        "remove 第",
        "删去“第”",
    ),
    "LX208/zeros": M(
        "文号 {number!r}: the number has no leading zeros",
        "文号 {number!r} 的序号不编虚位（不加前导 0）",
        "write {seq}",
        "应为 {seq}",
    ),
    "LX208/hao": M(
        "文号 {number!r} must end with 号", "文号 {number!r} 应以“号”结尾", "add 号", "加上“号”"
    ),
    "LX208/year": M(
        "文号 {number!r} has year {year} but the document is dated {date_year}",
        "文号 {number!r} 的年份 {year} 与成文日期的年份 {date_year} 不一致",
        "check the number and the date",
        "请核对文号和成文日期",
    ),
    "LX209": M(
        "职责分工 given to {unit!r}, which is not a member unit",
        "职责分工涉及非成员单位 {unit!r}",
        "add it to units if it should be a member",
        "如应为成员单位，请加入 units",
    ),
    "LX209/member": M(
        "{unit!r} is a member: its 职责分工 belongs on its unit entry",
        "{unit!r} 是成员单位，其职责分工应写在该单位的 duty 中",
        "move the text to `duty:` of the unit",
        "把职责移到该单位的 duty",
    ),
    "LX210/abolished": M(
        "abolished {abolished} is before established {established}",
        "撤销日期 {abolished} 早于建立日期 {established}",
    ),
    "LX210/history_order": M(
        "history entry dated {date} comes after one dated {previous}",
        "历史记录 {date} 排在 {previous} 之后",
        "list history in date order",
        "请按日期顺序排列历史记录",
    ),
    "LX210/history_early": M(
        "history entry dated {date} is before the system was established ({established})",
        "历史记录 {date} 早于制度建立日期 {established}",
    ),
    "LX210/due": M(
        "decision due {due} before its meeting {meeting}",
        "议定事项完成时限 {due} 早于会议日期 {meeting}",
    ),
    "LX212/unknown": M(
        "{field}: unknown placeholder {name}",
        "{field}：未知的占位符 {name}",
        "placeholders are {known!l}; write {{{{ and }}}} for a brace",
        "可用的占位符：{known!l}；花括号本身写作 {{{{ 和 }}}}",
    ),
    "LX212/empty": M(
        "{field}: placeholder {name} stands for {what}, which is empty",
        "{field}：占位符 {name} 代表的 {what} 为空",
        "fill in {what}, or take {name} out of the sentence",
        "请填写 {what}，或从句子中删去 {name}",
    ),
    "LX211/successor_missing": M(
        "a replaced system names its successor",
        "被替代的制度应写明接续制度（successor）",
        "add `successor: ID:KEY`",
        "请添加 `successor: ID:KEY`",
    ),
    "LX211/not_replaced": M(
        "successor given but status is {status!r}",
        "写了接续制度，但状态为 {status!r}",
        "set `status: replaced` or remove successor",
        "改为 `status: replaced`，或删去 successor",
    ),
    # --- LX3xx: unit names ---------------------------------------------------------------
    "LX301": M(
        "unit {name!r} is not in the catalog of government functions",
        "单位 {name!r} 不在政府职能名录中",
        "closest: {near!l}",
        "最接近的名称：{near!l}",
    ),
    "LX301/unknown": M(
        "unit {name!r} is not in the catalog of government functions",
        "单位 {name!r} 不在政府职能名录中",
        "check the spelling; a local body can be added to the workspace's catalog.yaml",
        "请检查名称；本地机构可加入工作区的 catalog.yaml",
    ),
    "LX302": M(
        "{unit!r} ({function}) was abolished on {gone}, before this document ({date})",
        "{unit!r}（{function}）已于 {gone} 撤销，早于本文件日期 {date}",
        "its work passed to {now}: write {new}",
        "其职责已划入{now}，应写作 {new}",
    ),
    "LX303": M(
        "{unit!r} is a {level}-level name in a {system_level}-level system",
        "{unit!r} 是{level!t}单位名称，而本制度为{system_level!t}",
        "the {system_level}-level name is {expected}",
        "{system_level!t}名称为 {expected}",
    ),
    "LX304": M(
        "unit name {name!r} contains {char!c}, an invisible character (position {index})",
        "单位名称 {name!r} 中有不可见字符 {char!c}（第 {index} 个字符）",
        "delete it: such characters come with text pasted from web pages or Word",
        "请删除这个字符（常随从网页或文档中复制的文字带入）",
    ),
    "LX304/space": M(
        "unit name {name!r} contains {char!c} (position {index})",
        "单位名称 {name!r} 中有 {char!c}（第 {index} 个字符）",
        "delete the space: a unit name has none",
        "请删除这个空格：单位名称中没有空格",
    ),
    "LX304/fullwidth": M(
        "unit name {name!r} contains {char!c} (position {index})",
        "单位名称 {name!r} 中有 {char!c}（第 {index} 个字符）",
        "write it half-width: {plain!r}",
        "请改为半角：{plain!r}",
    ),
    "LX305": M(
        "{name!r} looks like {count} units joined with {sep!r} in one item",
        "{name!r} 像是用“{sep}”连在一起的 {count} 个单位",
        "one unit per item, each on its own line starting with `- `: {parts!l}",
        "每个单位单独一行，以 `- ` 开头：{parts!l}",
    ),
    # --- LX4xx: practice -----------------------------------------------------------------
    "LX401": M(
        "{key}: fewer plenary meetings recorded than the rules ask for ({wanted} a year) in "
        "{years!l}",
        "{key}：{years!l} 年记录的全体会议少于工作规则要求的每年 {wanted} 次",
        "add the meetings held in those years under `meetings:` (kind: plenary)",
        "如已召开，请在 meetings 中补录这些年份的全体会议（kind: plenary）",
    ),
    "LX402": M(
        "decision of {meeting} is still open {late} days after its due date {due}: {text}",
        "{meeting} 会议议定事项逾期 {late} 天未办结（时限 {due}）：{text}",
        "set `status: done` when it is done, or record why it is late in `note:`",
        "办结后请改为 `status: done`，或在 note 中说明逾期原因",
    ),
    "LX403/before": M(
        "meeting on {date} is before the system was established ({established})",
        "会议日期 {date} 早于制度建立日期 {established}",
        "check the meeting date and `established`",
        "请核对会议日期和建立日期",
    ),
    "LX403/after": M(
        "meeting on {date} is after the system was abolished ({abolished})",
        "会议日期 {date} 晚于制度撤销日期 {abolished}",
    ),
    # --- LX5xx: templates and output -----------------------------------------------------
    "LX501": M("template syntax error: {reason}", "模板语法错误：{reason}"),
    "LX002/template": M("template is not UTF-8", "模板不是 UTF-8 编码"),
    "LX501/too_deep": M("template nests or recurses too deeply", "模板嵌套或递归过深"),
    "LX502": M("undefined variable in a template: {reason}", "模板中使用了未定义的变量：{reason}"),
    "LX502/sandbox": M(
        "template not allowed in the sandbox: {reason}", "沙箱中不允许的模板操作：{reason}"
    ),
    "LX503": M(
        "template {name} not found",
        "找不到模板 {name}",
        "built-in templates: {builtin!l}",
        "内置模板：{builtin!l}",
    ),
    "LX504": M(
        "{path} exists; not overwriting it",
        "{path} 已存在，不会覆盖",
        "pass --force to replace it",
        "如需覆盖，请加 --force",
    ),
    "LX504/init": M(
        "{path} exists; not overwriting",
        "{path} 已存在，不会覆盖",
        "run lianxi init in an empty folder",
        "请在空文件夹中运行 lianxi init",
    ),
    "LX504/tree": M(
        "{path} exists and is not a folder lianxi wrote; not replacing it",
        "{path} 已存在，且不是 lianxi 生成的文件夹，不会替换",
        "choose an empty or new folder",
        "请选择空文件夹或新文件夹",
    ),
    "LX505": M("cannot write {path}: {reason}", "无法写入 {path}：{reason}"),
    "LX506": M("template error: {reason}", "模板运行错误：{reason}"),
    "LX506/sandbox": M(
        "template error: not allowed in the sandbox: {reason}",
        "模板运行错误：沙箱中不允许：{reason}",
        "templates see plain data (text, numbers, dates, lists, mappings) only",
        "模板只能使用普通数据（文本、数字、日期、列表、映射）",
    ),
    "LX507/time": M(
        "template over its budget: the render took more than {limit} seconds",
        "模板超出资源限制：生成时间超过 {limit} 秒",
        "look for a loop or a repetition that grows without end",
        "请检查模板中无限增长的循环或重复",
    ),
    "LX507/output": M(
        "template over its budget: the render produced more than {limit} MB",
        "模板超出资源限制：生成内容超过 {limit} MB",
        "look for a loop or a repetition that grows without end",
        "请检查模板中无限增长的循环或重复",
    ),
    "LX507/memory": M(
        "template over its budget: the render needed more than {limit} MB of memory",
        "模板超出资源限制：生成所需内存超过 {limit} MB",
        "look for a loop or a repetition that grows without end",
        "请检查模板中无限增长的循环或重复",
    ),
    "LX520": M(
        "PDF output needs LibreOffice (soffice), which is not on PATH",
        "生成 PDF 需要 LibreOffice（soffice），但在 PATH 中找不到",
        "install it and the Chinese fonts: {install}",
        "请安装 LibreOffice 和中文字体：{install}",
    ),
    "LX521": M(
        "LibreOffice could not print the PDF: {reason}",
        "LibreOffice 未能生成 PDF：{reason}",
        "check that `{program} --headless --convert-to pdf` works on this machine",
        "请检查本机能否运行 `{program} --headless --convert-to pdf`",
    ),
    "LX521/timeout": M(
        "LibreOffice gave no PDF within {seconds} s",
        "LibreOffice 在 {seconds} 秒内未生成 PDF",
        "check that `{program} --headless --convert-to pdf` works on this machine",
        "请检查本机能否运行 `{program} --headless --convert-to pdf`",
    ),
    "LX522": M(
        "official fonts not installed, printed with fallbacks: {fonts!l} (PDF fonts: {used!l})",
        "未安装公文字体，已用替代字体排印：{fonts!l}（PDF 所用字体：{used!l}）",
        "install the official fonts for the exact faces; the layout (28 × 22) is the same",
        "如需与正式公文字形一致，请安装公文字体；版式（每行 28 字、每页 22 行）不变",
    ),
    # --- LX9xx: the command line and the workspace ---------------------------------------
    "LX901/no_file": M("no such file: {ref!r}", "文件不存在：{ref!r}"),
    "LX901/not_ref": M(
        "{ref!r} is not a REF (ID, ID:KEY, ID@REV or a path)",
        "{ref!r} 不是有效的引用（ID、ID:KEY、ID@REV 或路径）",
        "for example yuncheng, yuncheng:ip, yuncheng@HEAD~1",
        "例如 yuncheng、yuncheng:ip、yuncheng@HEAD~1",
    ),
    "LX901/no_definition": M(
        "no definition {id!r} in {folder}",
        "{folder} 中没有定义 {id!r}",
        "known ids: {known!l}",
        "已有的 id：{known!l}",
    ),
    "LX901/no_definitions": M(
        "no definition {id!r} in {folder}",
        "{folder} 中没有定义 {id!r}",
        "known ids: none",
        "已有的 id：无",
    ),
    "LX901/no_system": M(
        "{id!r} has no system {key!r} (keys: {keys!l})",
        "{id!r} 中没有制度 {key!r}（已有：{keys!l}）",
    ),
    "LX901/no_meeting": M(
        "no meeting on {date} in {ref}",
        "{ref} 中没有 {date} 的会议记录",
        "recorded meetings: {dates!l}",
        "已记录的会议：{dates!l}",
    ),
    "LX901/no_meetings": M(
        "no meeting on {date} in {ref}",
        "{ref} 中没有 {date} 的会议记录",
        "recorded meetings: none",
        "已记录的会议：无",
    ),
    "LX901/one_system": M(
        "{ref!r} holds several systems; name one (keys: {keys!l})",
        "{ref!r} 包含多个制度，请指明一个（已有：{keys!l}）",
        "for example {example}",
        "例如 {example}",
    ),
    "LX901/not_at_rev": M(
        "{ref} had no system {key!r} at revision {rev!r}: nothing to adjust from",
        "{ref} 在版本 {rev!r} 中没有制度 {key!r}，无从调整",
    ),
    "LX901/unchanged": M(
        "{ref}: units, conveners, lead unit and office are the same as at {rev!r}; no adjustment to announce",
        "{ref} 的成员单位、召集人、牵头单位和办公室与版本 {rev!r} 相同，没有需要发布的调整",
    ),
    "LX901/diff_both": M(
        "give either --base REV or two REFs, not both", "--base 与两个引用不能同时使用"
    ),
    "LX901/diff_two": M(
        "diff needs two REFs, or --base REV",
        "diff 需要两个引用，或使用 --base REV",
        "for example: lianxi diff yuncheng ezhou",
        "例如：lianxi diff yuncheng ezhou",
    ),
    "LX902": M("git does not know revision {rev!r}", "git 中找不到版本 {rev!r}"),
    "LX902/git": M("cannot run git: {reason}", "无法运行 git：{reason}"),
    "LX902/no_file": M(
        "git has no {path!r} at revision {rev!r}: {reason}",
        "git 中找不到版本 {rev!r} 的 {path!r}：{reason}",
    ),
    "LX903": M(
        "not inside a lianxi workspace (no lianxi.toml or definitions/ here or above)",
        "不在 lianxi 工作区中（当前及上级目录都没有 lianxi.toml 或 definitions/）",
        "run `lianxi init` to create one, or pass --root",
        "运行 `lianxi init` 创建工作区，或使用 --root 指定",
    ),
    "LX903/not_folder": M("--root {root!r} is not a folder", "--root {root!r} 不是文件夹"),
    "LX904": M("cannot read lianxi.toml: {reason}", "无法读取 lianxi.toml：{reason}"),
    "LX904/too_deep": M(
        "cannot read lianxi.toml: arrays or tables nest too deeply",
        "无法读取 lianxi.toml：数组或表嵌套过深",
    ),
    "LX904/severity_table": M("[severity] must be a table", "[severity] 应为表"),
    "LX904/unknown_code": M(
        "unknown code {code!r} in [severity]", "[severity] 中有未知代码 {code!r}"
    ),
    "LX904/catalog": M(
        "cannot read the workspace catalog: {reason}", "无法读取工作区的单位名录：{reason}"
    ),
    "LX904/catalog_size": M(
        "the workspace catalog is over {limit} bytes",
        "工作区的单位名录超过 {limit} 字节",
        "keep the catalog to the names the workspace needs",
        "名录只收工作区需要的名称",
    ),
    "LX904/catalog_count": M(
        "the workspace catalog has more than {limit} entries",
        "工作区的单位名录超过 {limit} 条",
    ),
    "LX904/catalog_alias": M(
        "the workspace catalog uses a YAML anchor or alias",
        "工作区的单位名录使用了 YAML 锚点或别名",
        "write each entry out in full",
        "请逐条完整写出",
    ),
    "LX904/catalog_deep": M("the workspace catalog nests too deeply", "工作区的单位名录嵌套过深"),
    "LX904/catalog_shape": M(
        "the workspace catalog must be a list of entries under `functions`",
        "工作区的单位名录应为 `functions` 下的条目列表",
        "functions:\n  - id: tea-industry\n    label: 茶产业\n    city: [茶产业发展中心]",
        "functions:\n  - id: tea-industry\n    label: 茶产业\n    city: [茶产业发展中心]",
    ),
    "LX904/catalog_id": M(
        "catalog entry id {value!r} is not lower-case letters, digits and hyphens",
        "名录条目的 id {value!r} 应由小写字母、数字和连字符组成",
    ),
    "LX904/catalog_key": M(
        "catalog entry {entry!r}: {key!r} is not allowed in a workspace catalog",
        "名录条目 {entry!r}：工作区名录中不允许 {key!r}",
        "an entry may have: {allowed!l}",
        "条目可以有：{allowed!l}",
    ),
    "LX904/catalog_label": M(
        "catalog entry {entry!r}: a new function needs a label of at most {limit} characters",
        "名录条目 {entry!r}：新的职能需要不超过 {limit} 个字的 label",
    ),
    "LX904/catalog_names": M(
        "catalog entry {entry!r}: {key} must be a list of at most {limit} names,"
        " each at most {size} characters",
        "名录条目 {entry!r}：{key} 应为不超过 {limit} 个名称的列表，每个名称不超过 {size} 个字",
    ),
    "LX904/catalog_date": M(
        "catalog entry {entry!r}: {key} is not a date",
        "名录条目 {entry!r}：{key} 不是日期",
        "write it as YYYY-MM-DD",
        "请写作 YYYY-MM-DD",
    ),
    "LX904/catalog_text": M(
        "catalog entry {entry!r}: {key} must be text of at most 200 characters",
        "名录条目 {entry!r}：{key} 应为不超过 200 个字的文字",
    ),
    "LX904/catalog_successor": M(
        "catalog entry {entry!r}: successor {id!r} is not a function id",
        "名录条目 {entry!r}：successor {id!r} 不是职能 id",
    ),
    "LX904/catalog_conflict": M(
        "catalog entry {entry!r}: {name!r} already belongs to {other}",
        "名录条目 {entry!r}：{name!r} 已属于 {other}",
        "add the name to entry {other!r} instead, or drop it",
        "请把该名称加到条目 {other!r}，或删去",
    ),
    "LX904/locked": M(
        "{code} = {value!r}: reading (LX0xx) and shape (LX1xx) errors cannot be turned off or lowered",
        "{code} = {value!r}：读取（LX0xx）和结构（LX1xx）错误不能关闭或降级",
        "fix the file instead; lianxi.toml may change LX2xx–LX5xx",
        "请修正文件；lianxi.toml 只能调整 LX2xx–LX5xx",
    ),
    "LX904/severity_value": M(
        "{code} = {value!r}: use 'error', 'warning' or 'off'",
        "{code} = {value!r}：只能是 'error'、'warning' 或 'off'",
    ),
}
