"""`lianxi import` scored on real texts it was not built from (tests/corpus/), field by field
against what a careful reader takes from each (tests/corpus/truth.yaml).

Print the table: `pytest tests/test_corpus.py -s -k table`. Texts marked `heldout` are scored
apart and are not looked at while the importer is improved; the thresholds hold on the others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from lianxi import names
from lianxi.importer import import_text

CORPUS = Path(__file__).parent / "corpus"
TRUTH: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "truth.yaml").read_text("utf-8"))
FIELDS = ("name", "level", "jurisdiction", "declared", "lead", "office", "conveners")
UNIT_F1 = 0.95
FIELD_SHARE = 0.90


def _clean(value: Any) -> Any:
    return names.clean(value) if isinstance(value, str) else value


def read(key: str) -> dict[str, Any]:
    """The facts of one corpus text as `lianxi import` drafts them, in the truth file's terms."""
    draft = import_text((CORPUS / f"{key}.txt").read_text("utf-8"), "x")
    data = draft.data
    systems = data.get("systems") or [{}]
    s = systems[0]
    units = [u if isinstance(u, str) else u.get("name", "") for u in s.get("units", [])]
    return {
        "name": s.get("name"),
        "level": data.get("level"),
        "jurisdiction": data.get("jurisdiction"),
        "declared": s.get("declared_unit_count"),
        "units": [u for u in units if u],
        "lead": s.get("lead_unit"),
        "office": (s.get("office") or {}).get("unit"),
        "conveners": [[c.get("role"), c.get("post")] for c in s.get("conveners", [])],
    }


@dataclass
class Score:
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def add(self, key: str, truth: dict[str, Any], got: dict[str, Any]) -> None:
        for f in FIELDS:
            want, have = truth.get(f), got[f]
            if f == "conveners":
                want = sorted((r, _clean(p)) for r, p in want or [])
                have = sorted((r, _clean(p)) for r, p in have or [])
            else:
                want, have = _clean(want), _clean(have)
            self.total[f] += 1
            if want == have:
                self.right[f] += 1
            else:
                self.wrong.append(f"{key} {f}: truth {want!r}, import {have!r}")
        want_units = Counter(map(names.clean, truth.get("units") or []))
        have_units = Counter(map(names.clean, got["units"]))
        common = sum((want_units & have_units).values())
        self.tp += common
        self.fp += sum(have_units.values()) - common
        self.fn += sum(want_units.values()) - common
        if want_units != have_units:
            missed = sorted((want_units - have_units).elements())
            extra = sorted((have_units - want_units).elements())
            self.wrong.append(f"{key} units: missed {missed}, extra {extra}")


def score(heldout: bool) -> Score:
    result = Score()
    for key, truth in TRUTH.items():
        if bool(truth.get("heldout")) == heldout:
            result.add(key, truth, read(key))
    return result


def table(tuning: Score, held: Score) -> str:
    rows = [f"{'field':<14}{'tuning':>12}{'held-out':>12}"]
    rows.append(f"{'unit F1':<14}{tuning.f1:>12.3f}{held.f1:>12.3f}")
    for f in FIELDS:
        a = f"{tuning.right[f]}/{tuning.total[f]}"
        b = f"{held.right[f]}/{held.total[f]}"
        rows.append(f"{f:<14}{a:>12}{b:>12}")
    return "\n".join(rows)


def test_corpus_has_thirty_texts_each_with_its_truth() -> None:
    texts = {p.stem for p in CORPUS.glob("*.txt")}
    assert texts == set(TRUTH)
    assert len(texts) >= 30
    assert all(t.get("source") for t in TRUTH.values())
    assert sum(bool(t.get("heldout")) for t in TRUTH.values()) >= 4


def test_corpus_score_table() -> None:
    tuning, held = score(False), score(True)
    print("\n" + table(tuning, held))  # noqa: T201 - the table is the report
    print("\n".join(["", "tuning misses:", *tuning.wrong]))  # noqa: T201
    assert tuning.total["name"] > 0 and held.total["name"] > 0


@pytest.mark.xfail(reason="the importer does not yet read every phrasing of the corpus")
def test_corpus_thresholds() -> None:
    tuning = score(False)
    assert tuning.f1 >= UNIT_F1, tuning.wrong
    for f in FIELDS:
        assert tuning.right[f] >= FIELD_SHARE * tuning.total[f], (f, tuning.wrong)
