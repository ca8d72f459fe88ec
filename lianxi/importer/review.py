"""What an import found, guessed and missed, and the markers a draft carries for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Note:
    """One line of the review, in both languages; the language is chosen when it is printed."""

    en: str
    zh: str

    def text(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass
class Review:
    """Every fact the import is sure of, every guess and every gap, in the order they were met."""

    found: list[Note] = field(default_factory=list)
    guessed: list[Note] = field(default_factory=list)
    missing: list[Note] = field(default_factory=list)

    def find(self, en: str, zh: str) -> None:
        """Record a fact the text states."""
        self.found.append(Note(en, zh))

    def guess(self, en: str, zh: str) -> None:
        """Record a value inferred rather than read: the draft marks it for checking."""
        self.guessed.append(Note(en, zh))

    def miss(self, en: str, zh: str) -> None:
        """Record a fact the draft needs and the text does not give."""
        self.missing.append(Note(en, zh))


class Todo:
    """A value with a `# TODO` (or plain) comment above its key; a None value emits only the comment."""

    def __init__(self, value: Any, comment: str, todo: bool = True) -> None:
        self.value = value
        self.comment = ("TODO " if todo else "") + comment


class Comment:
    """A comment line inside a list."""

    def __init__(self, text: str) -> None:
        self.text = text
