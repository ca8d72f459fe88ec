"""Property-based robustness: random YAML and mutated definitions never cause a traceback or a
hang, and every diagnostic is positioned inside the file it names."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianxi.checks import Context, run_checks
from lianxi.loader import load_bytes
from lianxi.show import format_json, format_text

from .conftest import REPO, VALID

CTX = Context(dt.date(2026, 11, 22))
SETTINGS = settings(
    max_examples=150, deadline=2000, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _corpus() -> list[str]:
    texts = [VALID]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "definitions").glob("*.yaml"))]
    return texts


CORPUS = _corpus()


def assert_sane(data: bytes, name: str = "demo.yaml") -> None:
    result = load_bytes(data, name)
    diags = run_checks(result, CTX)
    lines = data.count(b"\n") + 1
    for d in diags:
        assert d.file == name
        assert 0 <= d.line <= lines, d
        assert d.col >= 0, d
        assert d.message("en")
    if result.definition is not None:
        format_text(result.definition)
        format_json(result.definition)


yaml_chars = st.sampled_from(
    list(": -[]{}#&*!|>'\"%@`,?\n\t ")
    + list(string.ascii_letters[:8])
    + list("0123456789")
    + ["运城", "市", "局", "\u3000", "～"]
)


@SETTINGS
@given(st.lists(yaml_chars, max_size=200).map("".join))
def test_random_yaml_like_text(text: str) -> None:
    assert_sane(text.encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    assert_sane(data)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    text = draw(st.sampled_from(CORPUS))
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap-type", "truncate", "indent", "junk", "dedent"]
            )
        )
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap-type":
            key, sep, _ = lines[i].partition(":")
            value = draw(
                st.sampled_from(
                    ["[1, 2]", "{a: b}", "123", "~", "yes", "2024-13-45", "'x'", "[", "&a *a"]
                )
            )
            lines[i] = f"{key}{sep} {value}\n" if sep else lines[i]
        elif op == "truncate":
            lines = lines[:i]
            lines.append(draw(st.text(max_size=5)))
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        else:
            lines.insert(i, draw(st.text(max_size=20)) + "\n")
    data = "".join(lines).encode("utf-8")
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "gb18030", "utf-16", "bom"]))
    if encoding == "bom":
        return b"\xef\xbb\xbf" + data
    if encoding != "utf-8":
        return "".join(lines).encode(encoding, errors="replace")
    return data


@SETTINGS
@given(mutated())
def test_mutated_definitions(data: bytes) -> None:
    assert_sane(data)


ORIGINALS = [load_bytes(t.encode("utf-8"), "orig.yaml").definition for t in CORPUS]


@settings(
    max_examples=60, deadline=5000, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(mutated(), st.sampled_from(range(len(CORPUS))))
def test_mutated_definitions_through_diff_and_render(data: bytes, other: int) -> None:
    """Whatever still loads diffs against a seed and renders in every text format and in Word."""
    from lianxi import diff, render

    defn = load_bytes(data, "demo.yaml").definition
    if defn is None:
        return
    peer = ORIGINALS[other]
    assert peer is not None
    for result in (
        diff.diff_peers(defn, peer, None, None, "a", "b"),
        diff.diff_peers(peer, defn, None, None, "b", "a"),
    ):
        diff.format_text([result])
        diff.format_md([result])
        diff.format_json([result])
    for fmt in ("md", "txt", "html"):
        render.render_notice(defn, None, fmt, None)
    for fmt in ("md", "html"):
        render.render_members(defn, None, fmt, None)
    render.members_csv(render.member_rows(defn, None, private=True), private=True)
    render.render_notice_docx(defn, None, None)
    for system in defn.systems:
        for meeting in system.meetings:
            view = render.minutes_view(defn, system.key, meeting.date)
            assert view is not None
            render.render_minutes(view, "txt", None)


def test_corpus_is_not_empty() -> None:
    assert CORPUS and all(isinstance(t, str) for t in CORPUS)
    assert Path(REPO / "definitions").is_dir()
