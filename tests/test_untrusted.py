"""A pull request is untrusted input: each kind of content a pull request can plant in a workspace,
run the way CI runs lianxi (a secret in the environment, another in a file outside the workspace).

Each test asserts that nothing leaks (neither secret is printed), nothing runs (no marker file
appears), nothing is written outside the workspace, and the command ends within a few seconds with
a diagnostic rather than a traceback or exit 3.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lianxi import render
from lianxi.cli import app

from .conftest import VALID

SECRET = "s3cr3t-token-7f1e"  # in the environment, as CI holds it
FILE_SECRET = "file-secret-9a2c"  # in a file next to the workspace, as ~/.aws/credentials
SECONDS = 20.0  # a hang guard, not a speed test


@dataclass
class PR:
    """A workspace whose content came with a pull request, and what lies around it."""

    root: Path
    outside: Path  # a folder next to the workspace
    secret_file: Path

    def plant(self, files: dict[str, str | bytes]) -> None:
        for name, content in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")

    def run(self, *args: str) -> tuple[int, str, str]:
        """`lianxi ARGS` in the workspace, with the secret in the environment."""
        start = time.monotonic()
        result = CliRunner().invoke(
            app,
            [*args, "--root", str(self.root)] if "--root" not in args else list(args),
            env={"LANG": "C", "SECRET": SECRET, "GITHUB_ACTIONS": ""},
            catch_exceptions=False,
        )
        took = time.monotonic() - start
        out, err = result.stdout, result.stderr
        assert took < SECONDS, f"took {took:.1f} s"
        assert "Traceback" not in out + err
        assert result.exit_code != 3, err
        assert SECRET not in out + err
        assert FILE_SECRET not in out + err
        return result.exit_code, out, err

    def outside_untouched(self) -> None:
        assert sorted(p.name for p in self.outside.iterdir()) == ["secret.txt"]
        assert self.secret_file.read_text(encoding="utf-8") == FILE_SECRET + "\n"


@pytest.fixture
def pr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PR]:
    root = tmp_path / "ws"
    (root / "definitions").mkdir(parents=True)
    (root / "definitions" / "demo.yaml").write_text(VALID, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(FILE_SECRET + "\n", encoding="utf-8")
    monkeypatch.setenv("SECRET", SECRET)
    monkeypatch.chdir(root)
    pr = PR(root, outside, secret)
    yield pr
    pr.outside_untouched()


# --- templates -----------------------------------------------------------------------------------

TEMPLATE_ATTACKS = [
    # the finding: str reached through the model, and the unbound str.format
    (
        "{{ definition.model_fields.id.annotation.format("
        "'{0.__globals__[os].environ[SECRET]}', lipsum) }}",
        "LX502",
    ),
    ("{{ ''.__class__ }}", "LX506"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "LX506"),
    ("{{ '{0.__class__}'.format(1) }}", "LX506"),
    ("{{ '{0}'.format_map({}) }}", "LX506"),
    ("{{ '{:>3000000000}'.format(1) }}", "LX506"),
    ("{{ dict.fromkeys([1]) }}", "LX506"),
    ("{{ dict['x'] }}", "LX506"),
    ("{{ cycler.__init__.__globals__ }}", "LX506"),
    ("{{ cycler(1).__class__ }}", "LX506"),
    ("{{ joiner.__init__ }}", "LX506"),
    ("{{ namespace.__init__.__globals__ }}", "LX506"),
    ("{{ lipsum.__globals__['os'] }}", "LX506"),
    ("{{ range.__self__ }}", "LX502"),
    ("{{ definition.systems[0].units[0].name.__class__ }}", "LX506"),
    ("{{ document.date.__class__ }}", "LX506"),
    ("{{ (document.date|attr('__class__')) }}", "LX506"),
    ("{{ definition.systems|map(attribute='__class__')|join }}", "LX506"),
    ("{{ lipsum(10**7) }}", "LX506"),
    ("{{ '%2000000000d'|format(1) }}", "LX506"),
    ("{{ '%*d' % (2000000000, 1) }}", "LX506"),
    ("{{ 10 ** 100000000 }}", "LX506"),
    # run-time errors in content that validates: LX506, not exit 3
    ("{{ 1/0 }}", "LX506"),
    ("{{ '%d' % 'x' }}", "LX506"),
    ("{% for i in range(10**9) %}{% endfor %}", "LX506"),
    ("{{ [1][5] }}", "LX502"),
    # over the budget
    ("{{ 'x' * 10**10 }}", "LX507"),
    ("{{ [1] * 10**10 }}", "LX507"),
    ("{{ 'x'|center(10**10) }}", "LX507"),
    (
        "{% set ns = namespace(s='xx') %}{% for i in range(100) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
        "LX507",
    ),
    # climbing out of templates/
    ('{% include "../definitions/demo.yaml" %}', "LX503"),
    ('{% include "/etc/hostname" %}', "LX503"),
    ('{% include "builtin:../../../../etc/hostname" %}', "LX503"),
    ('{% include "builtin:/etc/hostname" %}', "LX503"),
]


@pytest.mark.parametrize(("template", "code"), TEMPLATE_ATTACKS)
def test_template_cannot_escape_the_sandbox(pr: PR, template: str, code: str) -> None:
    pr.plant({"templates/notice.md.j2": "第一行\n" + template + "\n"})
    exit_code, out, err = pr.run("render", "notice", "demo")
    assert (exit_code, out) == (1, "")
    assert f"{code} [error]" in err
    if code in ("LX506", "LX507"):
        assert "templates/notice.md.j2:2:" in err  # at the template's line


def test_template_time_budget(pr: PR, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "TIME_LIMIT", 1.0)
    pr.plant(
        {
            "templates/notice.md.j2": "{% for i in range(100000) %}{% for j in range(100000) %}"
            "{% endfor %}{% endfor %}\n"
        }
    )
    exit_code, out, err = pr.run("render", "notice", "demo")
    assert (exit_code, out) == (1, "")
    assert "LX507 [error] template over its budget: the render took more than 1 seconds" in err


def test_templates_see_plain_data_only(pr: PR) -> None:
    pr.plant(
        {
            "templates/notice.md.j2": "{{ definition.level }}|{{ definition.systems[0].units[2] }}"
            "|{{ document.date }}|{{ definition.document.date.year }}"
            "|{{ definition.systems[0].conveners[0].role }}\n"
        }
    )
    exit_code, out, _ = pr.run("render", "notice", "demo")
    assert exit_code == 0
    assert out == (
        "city|{'name': '市市场监管局', 'duty': None, 'member': {'name': '张工', 'post': '局长'}, "
        "'group': None, 'note': None, 'count': 1}|2024年10月12日|2024|convener\n"
    )


def test_template_symlink_to_a_secret_is_lx001_and_unread(pr: PR) -> None:
    (pr.root / "templates").mkdir()
    (pr.root / "templates" / "notice.md.j2").symlink_to(pr.secret_file)
    exit_code, out, err = pr.run("render", "notice", "demo")
    assert (exit_code, out) == (1, "")
    assert err.startswith(
        "templates/notice.md.j2: LX001 [error] cannot read file: templates/notice.md.j2 is a "
        "symbolic link that leads outside templates/"
    )


def test_template_include_through_a_folder_link_is_lx001(pr: PR) -> None:
    pr.plant({"templates/notice.md.j2": '{% include "root/secret.txt" %}\n'})
    (pr.root / "templates" / "root").symlink_to(pr.outside)
    exit_code, out, err = pr.run("render", "notice", "demo")
    assert (exit_code, out) == (1, "")
    assert "templates/root/secret.txt: LX001 [error]" in err


def test_templates_folder_that_leads_outside_is_lx001(pr: PR) -> None:
    (pr.outside / "notice.md.j2").symlink_to(pr.secret_file)  # removed below: outside untouched
    try:
        (pr.root / "templates").symlink_to(pr.outside)
        exit_code, out, err = pr.run("render", "notice", "demo")
        assert (exit_code, out) == (1, "")
        assert "LX001 [error]" in err
    finally:
        (pr.outside / "notice.md.j2").unlink()


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_template_that_is_not_a_file_is_lx001_without_hanging(pr: PR, kind: str) -> None:
    import os

    (pr.root / "templates").mkdir()
    path = pr.root / "templates" / "notice.md.j2"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    exit_code, out, err = pr.run("render", "notice", "demo")
    assert (exit_code, out) == (1, "")
    assert "templates/notice.md.j2: LX001 [error]" in err


# --- phrasing fields -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "{units.__class__.__mro__}",
        "{units:>2000000000}",
        "{0}",
        "{x}",
        "{lead[99]}",
        "{units!r}",
    ],
)
def test_units_sentence_is_no_format_string(pr: PR, sentence: str) -> None:
    text = VALID.replace(
        "    established:", f"    units_sentence: '由{sentence}组成'\n    established:"
    )
    pr.plant({"definitions/demo.yaml": text})
    exit_code, out, err = pr.run("validate")
    assert exit_code == 1
    assert "definitions/demo.yaml:14:21: LX212 [error] units_sentence: unknown placeholder" in out
    exit_code, out, err = pr.run("render", "notice", "demo")
    assert (exit_code, out) == (1, "")
    assert "LX212 [error]" in err


def test_units_sentence_placeholder_with_an_empty_field(pr: PR) -> None:
    text = VALID.replace(
        "    lead_unit: 市市场监管局\n", "    units_sentence: 由{units}组成，牵头单位为{lead}。\n"
    )
    pr.plant({"definitions/demo.yaml": text})
    exit_code, out, _ = pr.run("validate")
    assert exit_code == 1
    assert (
        "definitions/demo.yaml:15:21: LX212 [error] units_sentence: placeholder {lead} stands for "
        "lead_unit, which is empty" in out
    )
    exit_code, out, err = pr.run("render", "notice", "demo")
    assert (exit_code, out) == (1, "")
    assert "LX212 [error]" in err


# --- content that validates and used to end in exit 3 --------------------------------------------


def test_more_than_99_duties_in_the_yishi_layout(pr: PR) -> None:
    duties = "".join(f"      - 职责{i}\n" for i in range(1, 121))
    text = VALID.replace(
        "    established:", f"    layout: {{duties: 一是}}\n    duties:\n{duties}    established:"
    )
    pr.plant({"definitions/demo.yaml": text})
    exit_code, out, _ = pr.run("render", "notice", "demo", "-f", "txt")
    assert exit_code == 0
    assert "九十九是职责99；一百是职责100；一百零一是职责101；" in out
    assert "一百二十是职责120。" in out


def test_control_character_in_a_unit_name_with_docx(pr: PR) -> None:
    pr.plant({"definitions/demo.yaml": VALID.replace("- 市教育局", '- "市教育\\x07局"')})
    exit_code, _, err = pr.run("render", "notice", "demo", "-f", "docx", "-o", "n.docx")
    assert exit_code == 0, err
    assert (pr.root / "n.docx").stat().st_size > 0
    exit_code, _, err = pr.run("render", "members", "demo", "-f", "docx", "-o", "m.docx")
    assert exit_code == 0, err


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (10, "十"),
        (15, "十五"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1000, "一千"),
        (1001, "一千零一"),
        (10_000, "一万"),
        (10_010, "一万零一十"),
        (123_456, "十二万三千四百五十六"),
        (10**8, "100000000"),
    ],
)
def test_cn_number(n: int, text: str) -> None:
    assert render.cn_number(n) == text
