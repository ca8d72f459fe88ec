"""Aligning two lists of texts and marking the changed words of a text. Pure, near-linear.

`align` pairs the items of two lists: equal texts first (by hash, in order), then the rest by
similarity (rapidfuzz's indel ratio, the measure difflib's `ratio()` approximates), scored only
against candidates that share a rare run of characters, so two lists of thousands of items align in
well under a second. `unmoved` finds the pairs that keep their order (a longest increasing
subsequence); the others moved. `spans` marks what changed inside one text, by character runs
for Chinese and by words for Latin letters and digits.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

#: up to this many pairs (500 × 500 items), every remaining item is scored against every other
FULL_SCAN = 250_000
#: candidates scored per item when the lists are larger than FULL_SCAN allows
CANDIDATES = 8
#: a longer text is scored by its first and last PROBE // 2 characters (a 5 MB file may hold one
#: text of a million characters, and scoring two of them in full would take seconds)
PROBE = 4_000
#: runs of three characters of an item looked up in the index, rarest first
RARE = 12


@dataclass(frozen=True, slots=True)
class Match:
    """Item `i` of the first list and item `j` of the second are one item; `score` in 0..1."""

    i: int
    j: int
    score: float


def similarity(a: str, b: str) -> float:
    """Similarity of two texts in 0..1: 2 × common characters / total characters."""
    return float(fuzz.ratio(a, b)) / 100.0


def align(a: Sequence[str], b: Sequence[str], cutoff: float = 0.5) -> list[Match]:
    """Pair items of `a` and `b`: equal texts first, then best-first by similarity ≥ cutoff.

    Returns the matches ordered by `i`; an index of either list in no match is on one side only.
    """
    matches: list[Match] = []
    where: dict[str, deque[int]] = defaultdict(deque)
    for j, y in enumerate(b):
        where[y].append(j)
    rest_a: list[int] = []
    for i, x in enumerate(a):
        queue = where.get(x)
        if queue:
            matches.append(Match(i, queue.popleft(), 1.0))
        else:
            rest_a.append(i)
    rest_b = sorted(j for queue in where.values() for j in queue)
    if rest_a and rest_b:
        matches += _similar(a, b, rest_a, rest_b, cutoff)
    matches.sort(key=lambda m: m.i)
    return matches


def _similar(
    a: Sequence[str], b: Sequence[str], rest_a: list[int], rest_b: list[int], cutoff: float
) -> list[Match]:
    """Best-first matching among items with no equal counterpart."""
    floor = cutoff * 100.0
    scored: list[tuple[float, int, int]] = []
    if len(rest_a) * len(rest_b) <= FULL_SCAN:
        choices = [_probe(b[j]) for j in rest_b]
        for i in rest_a:
            for _, score, k in process.extract(
                _probe(a[i]), choices, scorer=fuzz.ratio, score_cutoff=floor, limit=None
            ):
                scored.append((score, i, rest_b[k]))
    else:
        for i, j in _candidates(a, b, rest_a, rest_b):
            score = fuzz.ratio(_probe(a[i]), _probe(b[j]), score_cutoff=floor)
            if score:
                scored.append((score, i, j))
    # best score first; among equals the nearest position, then the earliest
    scored.sort(key=lambda t: (-t[0], abs(t[1] - t[2]), t[1], t[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[Match] = []
    for score, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append(Match(i, j, score / 100.0))
    return out


def _probe(text: str) -> str:
    return text if len(text) <= PROBE else text[: PROBE // 2] + text[-PROBE // 2 :]


def _grams(text: str) -> set[str]:
    """The runs of three characters of a text (the text itself when shorter)."""
    return {text[k : k + 3] for k in range(len(text) - 2)} or {text}


def _candidates(
    a: Sequence[str], b: Sequence[str], rest_a: list[int], rest_b: list[int]
) -> list[tuple[int, int]]:
    """For each item of `rest_a`, the items of `rest_b` sharing the most of its rarest runs.

    Each item is looked up by its RARE rarest runs of three characters; a run found in more than
    about 4√n items (相关工, 工作任 …) says little about which item is which and would make the
    search quadratic, so it is not looked up.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for j in rest_b:
        for gram in _grams(b[j]):
            postings[gram].append(j)
    limit = max(64, 4 * int(len(rest_b) ** 0.5))
    out: list[tuple[int, int]] = []
    for i in rest_a:
        lists = sorted(
            (hits for hits in map(postings.get, _grams(a[i])) if hits and len(hits) <= limit),
            key=len,
        )
        shared: Counter[int] = Counter()
        for hits in lists[:RARE]:
            shared.update(hits)
        # most shared first, then the earliest: the same candidates whatever the hash seed
        best = heapq.nsmallest(CANDIDATES, shared.items(), key=lambda t: (-t[1], t[0]))
        out += [(i, j) for j, _ in best]
    return out


def unmoved(matches: Sequence[Match]) -> set[int]:
    """Indices (into `matches`, ordered by `i`) of a longest run that keeps its order in `b`."""
    tails: list[int] = []  # tails[k]: smallest j ending an increasing run of length k + 1
    tail_at: list[int] = []  # index into matches of that tail
    back: list[int] = [-1] * len(matches)
    for n, m in enumerate(matches):
        k = bisect.bisect_left(tails, m.j)
        if k == len(tails):
            tails.append(m.j)
            tail_at.append(n)
        else:
            tails[k] = m.j
            tail_at[k] = n
        back[n] = tail_at[k - 1] if k else -1
    keep: set[int] = set()
    n = tail_at[-1] if tail_at else -1
    while n != -1:
        keep.add(n)
        n = back[n]
    return keep


# ---------------------------------------------------------------------------------------------
# Changes inside one text

EQUAL, DELETE, INSERT = "=", "-", "+"
Span = tuple[str, str]  # (EQUAL | DELETE | INSERT, text)

#: a Latin word or number is one token; every other character (汉字, punctuation) is its own
_TOKEN = re.compile(r"[A-Za-z0-9_.%]+|\s+|.", re.DOTALL)


def tokens(text: str) -> list[str]:
    """Split a text into the units a change is measured in."""
    return _TOKEN.findall(text)


def spans(a: str, b: str) -> list[Span]:
    """Mark how `a` became `b`: equal, deleted and inserted runs, in order.

    Chinese is compared character by character and the changed characters are joined into runs;
    an equal run shorter than the changes on both sides of it (a stray 的 or 和 in a rewritten
    sentence) is folded into them, so a rewrite reads as one deletion and one insertion.
    """
    head, a, b, tail = _trim(a, b)
    ta, tb = tokens(a), tokens(b)
    regions: list[tuple[str, str, str]] = []  # ("=", text, "") or ("~", deleted, inserted)
    if head:
        regions.append((EQUAL, head, ""))
    if len(ta) * len(tb) > MAX_CELLS:  # too long to compare inside: one deletion, one insertion
        opcodes = [_Op("replace", 0, len(ta), 0, len(tb))]
    else:
        opcodes = [_Op(*op) for op in Indel.opcodes(ta, tb)]
    for op in opcodes:
        old = "".join(ta[op.src_start : op.src_end])
        new = "".join(tb[op.dest_start : op.dest_end])
        if op.tag == "equal":
            regions.append((EQUAL, old, ""))
        elif regions and regions[-1][0] == "~":
            _, d, i = regions.pop()
            regions.append(("~", d + old, i + new))
        else:
            regions.append(("~", old, new))
        _fold(regions)
    if tail:
        regions.append((EQUAL, tail, ""))
    out: list[Span] = []
    for tag, first, second in regions:
        if tag == EQUAL:
            out.append((EQUAL, first))
            continue
        if first:
            out.append((DELETE, first))
        if second:
            out.append((INSERT, second))
    return out


@dataclass(frozen=True, slots=True)
class _Op:
    tag: str
    src_start: int
    src_end: int
    dest_start: int
    dest_end: int


#: token pairs compared inside one changed text at most (the comparison keeps a bit per pair)
MAX_CELLS = 100_000_000


def _trim(a: str, b: str) -> tuple[str, str, str, str]:
    """(common head, rest of a, rest of b, common tail), not cutting a Latin word or number."""
    n = _common(a, b)
    while n and _word(a[n - 1]) and (_word(a[n : n + 1]) or _word(b[n : n + 1])):
        n -= 1
    ra, rb = a[n:], b[n:]
    m = _common(ra[::-1], rb[::-1])
    while m and _word(ra[-m]) and (_word(ra[-m - 1 : -m]) or _word(rb[-m - 1 : -m])):
        m -= 1
    return a[:n], ra[: len(ra) - m], rb[: len(rb) - m], ra[len(ra) - m :]


def _common(a: str, b: str) -> int:
    """Length of the common beginning of two texts."""
    n, limit = 0, min(len(a), len(b))
    while n < limit and a[n] == b[n]:
        n += 1
    return n


def _word(char: str) -> bool:
    return bool(char) and char.isascii() and (char.isalnum() or char in "_.%")


def _fold(regions: list[tuple[str, str, str]]) -> None:
    """Fold a short equal run between two changes into them (the stack's top three regions)."""
    while len(regions) >= 3 and [r[0] for r in regions[-3:]] == ["~", EQUAL, "~"]:
        (_, d1, i1), (_, eq, _), (_, d2, i2) = regions[-3:]
        if len(eq) > max(len(d1), len(i1)) or len(eq) > max(len(d2), len(i2)):
            return
        del regions[-3:]
        regions.append(("~", d1 + eq + d2, i1 + eq + i2))
