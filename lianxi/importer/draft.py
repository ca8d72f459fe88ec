"""The draft: YAML with `# TODO` comments, checked as `lianxi validate` would, and its review."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lianxi import diagnostics as dg
from lianxi.importer.review import Comment, Review, Todo
from lianxi.loader import dump_scalar


@dataclass
class Draft:
    text: str  # the YAML draft
    data: dict[str, Any]  # the same, as plain data (comments left out)
    review: Review
    diagnostics: list[dg.Diagnostic]  # from checking the draft as `lianxi validate` does

    @property
    def errors(self) -> list[dg.Diagnostic]:
        return [d for d in self.diagnostics if d.severity == dg.Severity.ERROR]


def check_draft(text: str, ident: str) -> list[dg.Diagnostic]:
    from lianxi.checks import Context as CheckContext
    from lianxi.checks import run_checks
    from lianxi.loader import load_text

    return run_checks(load_text(text, f"{ident}.yaml"), CheckContext())


def prune(value: Any) -> Any:
    """Empty strings out of every list and mapping: a draft never holds an empty name or item."""
    if isinstance(value, Todo):
        value.value = prune(value.value)
        return value
    if isinstance(value, dict):
        return {k: prune(v) for k, v in value.items() if not _blank(v)}
    if isinstance(value, list):
        return [prune(v) for v in value if not _blank(v)]
    if isinstance(value, str):
        return value.strip()
    return value


def _blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def plain(value: Any) -> Any:
    if isinstance(value, Todo):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if plain(v) is not None}
    if isinstance(value, list):
        return [plain(v) for v in value if not isinstance(v, Comment)]
    return value


# ---------------------------------------------------------------------------------------------
# YAML with comments.

HEADER = "# yaml-language-server: $schema=../schema/lianxi.schema.json\n"


def _emit(value: Any, indent: int) -> Iterator[str]:
    pad = " " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, Todo):
                yield f"{pad}# {v.comment}"
                v = v.value
                if v is None:
                    continue
            if v is None:
                continue
            if isinstance(v, dict | list) and not v:
                yield f"{pad}{k}: {'{}' if isinstance(v, dict) else '[]'}"
            elif isinstance(v, dict | list):
                yield f"{pad}{k}:"
                yield from _emit(v, indent + 2)
            else:
                yield f"{pad}{k}: {dump_scalar(v)}"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, Comment):
                yield f"{pad}# {item.text}"
                continue
            if isinstance(item, Todo):
                yield f"{pad}# {item.comment}"
                item = item.value
            if isinstance(item, dict) and item:
                lines = list(_emit(item, indent + 2))
                first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
                yield from lines[:first]
                yield f"{pad}- {lines[first].lstrip()}"
                yield from lines[first + 1 :]
            elif isinstance(item, list):
                yield f"{pad}- {dump_scalar(plain(item))}"
            else:
                yield f"{pad}- {dump_scalar(item)}"


def dump(data: dict[str, Any]) -> str:
    return HEADER + "\n".join(_emit(data, 0)) + "\n"


# ---------------------------------------------------------------------------------------------


def review_text(draft: Draft, file: str, output: str, lang: str = "en") -> str:
    """The review for stderr: what was found, guessed and missed, and how the draft checks."""
    zh = lang == "zh"
    lines = [f"lianxi import: {file} → {output}"]
    labels = (
        ("found", "找到", "found"),
        ("guessed", "推测", "guessed"),
        ("missing", "未找到", "missing"),
    )
    for attr, zh_label, en_label in labels:
        label = f"{zh_label}：" if zh else f"{en_label:<8} "
        lines.extend(f"  {label}{item.text(lang)}" for item in getattr(draft.review, attr))
    counts = [len(draft.review.found), len(draft.review.guessed), len(draft.review.missing)]
    errors = len(draft.errors)
    warnings = len(draft.diagnostics) - errors
    todos = draft.text.count("# TODO")
    if zh:
        lines.append(f"  检查     {errors} 个错误，{warnings} 个警告，{todos} 处 TODO")
        lines.append("  合计     找到 {}，推测 {}，未找到 {}".format(*counts))
    else:
        lines.append(f"  check    {errors} errors, {warnings} warnings, {todos} TODO comments")
        lines.append("  total    {} found, {} guessed, {} missing".format(*counts))
    return "\n".join(lines)
