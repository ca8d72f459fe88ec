"""Draft a definition from a notice as published on the web (DESIGN §6). Pure: text in, draft out.

The text is taken as found: HTML tags and entities, traditional characters, inline pinyin
(`發(fā)布`), site chrome, full- and half-width punctuation, 汉字 dates. It is cleaned into lines
(`text`), cut into the document's parts (`structure`: header, one or more systems and their
sections, a roster), and each part is read by patterns that follow how such notices are written
(`units`, `people`, `meeting`, `system`). Whatever is unsure becomes a `# TODO` comment in the
draft and a line in the `review`; the draft (`draft`) is then loaded and checked exactly as
`lianxi validate` would, so the caller knows whether it validates.

Every pattern is linear (no nested quantifiers over the same characters) and the input is
bounded in size, so no text can make the import hang. `import_text` is the one entry.
"""

from __future__ import annotations

from lianxi.importer.document import import_text
from lianxi.importer.draft import Draft, review_text
from lianxi.importer.people import split_posts
from lianxi.importer.review import Review
from lianxi.importer.text import clean_text, cn_number, decode, parse_date

__all__ = [
    "Draft",
    "Review",
    "clean_text",
    "cn_number",
    "decode",
    "import_text",
    "parse_date",
    "review_text",
    "split_posts",
]
