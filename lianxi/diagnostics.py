"""Diagnostic, Severity, LianxiError and the bilingual message table: imports nothing from lianxi."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from typing import Any


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """A problem the user can fix. Positions are 1-based; 0 means 'whole file'."""

    file: str
    line: int
    col: int
    code: str  # "LX101": never reused, listed in README
    severity: Severity
    message: str  # what is wrong, in the user's terms
    hint: str | None = None  # how to fix it, when we know

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
        }


class LianxiError(Exception):
    """Raised only when there is no result to return; carries the diagnostics that say why."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


class UsageError(LianxiError):
    """A command line that names something that does not exist (a REF, a revision): exit 2."""


# ---------------------------------------------------------------------------------------------
# Language. The CLI sets it once from --lang or the locale; the core only reads it.

_language = "en"


def detect_language(env: dict[str, str] | None = None) -> str:
    """Return 'zh' when the locale is Chinese (LC_ALL, LC_MESSAGES or LANG = zh_*), else 'en'."""
    env = dict(os.environ) if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str) -> None:
    global _language
    _language = "zh" if lang == "zh" else "en"


def language() -> str:
    return _language


# ---------------------------------------------------------------------------------------------
# One table: every code, its default severity, a one-line summary and its message in both
# languages. A key "LX003/tab" is a variant of LX003 with its own text.


@dataclass(frozen=True, slots=True)
class Text:
    en: str
    zh: str
    hint_en: str | None = None
    hint_zh: str | None = None


E, W = Severity.ERROR, Severity.WARNING

#: code -> (default severity, summary en, summary zh)
CODES: dict[str, tuple[Severity, str, str]] = {
    "LX001": (E, "file cannot be read", "文件无法读取"),
    "LX002": (E, "file is not UTF-8", "文件不是 UTF-8 编码"),
    "LX003": (E, "YAML syntax error", "YAML 语法错误"),
    "LX004": (E, "duplicate key", "重复的键"),
    "LX005": (E, "more than one YAML document", "一个文件中有多个 YAML 文档"),
    "LX006": (E, "file over the size limit", "文件超过大小上限"),
    "LX007": (E, "aliases or nesting over the limit", "别名展开或嵌套层级超过上限"),
    "LX008": (E, "empty file", "空文件"),
    "LX009": (E, "binary content", "文件含二进制内容"),
    "LX101": (E, "missing required field", "缺少必填字段"),
    "LX102": (E, "wrong type or value", "类型或取值错误"),
    "LX103": (E, "unknown key", "未知的键"),
    "LX104": (E, "id differs from the file name", "id 与文件名不一致"),
    "LX105": (E, "bad id or key format", "id 或 key 格式错误"),
    "LX106": (E, "unsupported format version", "不支持的格式版本"),
    "LX107": (E, "duplicate system key", "制度 key 重复"),
    "LX201": (E, "declared unit count differs from the list", "成员单位数与名单不符"),
    "LX202": (E, "duplicate unit", "成员单位重复"),
    "LX203": (E, "lead unit is not a member", "牵头单位不是成员单位"),
    "LX204": (E, "office unit is not a member", "办公室所在单位不是成员单位"),
    "LX205": (E, "convener unit is not a member", "召集人所在单位不是成员单位"),
    "LX206": (E, "decision owner is not a member", "议定事项责任单位不是成员单位"),
    "LX207": (E, "roster unit is not a member", "名单中的单位不是成员单位"),
    "LX208": (E, "文号 format", "文号格式错误"),
    "LX209": (W, "职责分工 for a non-member", "非成员单位的职责分工"),
    "LX210": (E, "dates out of order", "日期先后顺序错误"),
    "LX211": (E, "status and successor disagree", "状态与接续制度不一致"),
    "LX301": (W, "unit not in the catalog", "单位不在名录中"),
    "LX302": (W, "unit name abolished before the document's date", "单位名称在文件日期前已撤销"),
    "LX303": (W, "unit of another level", "单位层级与制度层级不符"),
    "LX401": (
        W,
        "a year without the plenary meetings the rules ask for",
        "某年未按规则召开全体会议",
    ),
    "LX402": (W, "decision open after its due date", "议定事项逾期未办结"),
    "LX403": (E, "meeting outside the system's lifetime", "会议日期不在制度存续期内"),
    "LX501": (E, "template syntax error", "模板语法错误"),
    "LX502": (E, "undefined variable in a template", "模板中使用了未定义的变量"),
    "LX503": (E, "template not found", "找不到模板"),
    "LX504": (E, "output file exists", "输出文件已存在"),
    "LX505": (E, "output cannot be written", "输出文件无法写入"),
    "LX901": (E, "reference not found", "找不到引用的定义"),
    "LX902": (E, "git revision not found", "找不到 git 版本"),
    "LX903": (E, "no workspace", "找不到工作区"),
    "LX904": (E, "bad lianxi.toml", "lianxi.toml 配置错误"),
}


def severity_of(code: str) -> Severity:
    return CODES[code.split("/")[0]][0]


def summary(code: str) -> str:
    _, en, zh = CODES[code]
    return zh if _language == "zh" else en


def make(
    code: str,
    file: str,
    line: int,
    col: int,
    en: str,
    zh: str,
    hint_en: str | None = None,
    hint_zh: str | None = None,
    severity: Severity | None = None,
) -> Diagnostic:
    """Build a Diagnostic with the text in the current language."""
    zh_mode = _language == "zh"
    return Diagnostic(
        file,
        line,
        col,
        code,
        severity or severity_of(code),
        zh if zh_mode else en,
        (hint_zh if zh_mode else hint_en) if (hint_en or hint_zh) else None,
    )
