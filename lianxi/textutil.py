"""Text from a workspace made safe to print: one function shared by every text formatter."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

# Names and texts come from the workspace, that is from whoever opened the pull request. Printed
# raw, a line break starts a new line that CI reads as a workflow command (`::error file=…`), a
# bidi control reorders what a reviewer sees, and an escape sequence drives the terminal.
_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb]"
)


def inert(text: str) -> str:
    """`text` on one line with nothing a terminal or CI acts on: a line break shows as ↵, a
    control, bidi or invisible character as \\uXXXX. A tab stays a tab."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", _BREAK.sub("↵", text))


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """CSV as Excel opens Chinese text: UTF-8 with a byte-order mark, CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
