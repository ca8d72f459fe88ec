"""A pull request is untrusted input: each kind of content a pull request can plant in a workspace,
run the way CI runs lianxi (a secret in the environment, another in a file outside the workspace).

Each test asserts that nothing leaks (neither secret is printed), nothing runs (no marker file
appears), nothing is written outside the workspace, and the command ends within a few seconds with
a diagnostic rather than a traceback or exit 3.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lianxi import diagnostics, output, render, scaffold
from lianxi.cli import app

from .conftest import VALID, git

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

    def run(
        self, *args: str, root: bool = True, stdin: bytes | None = None
    ) -> tuple[int, str, str]:
        """`lianxi ARGS` in the workspace, with the secret in the environment."""
        start = time.monotonic()
        result = CliRunner().invoke(
            app,
            [*args, "--root", str(self.root)] if root and "--root" not in args else list(args),
            input=stdin,
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
    assert "definitions/demo.yaml:14:21: LX212 [error]" in err


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


# --- git -----------------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_a_folder_git_takes_for_a_bare_repository_runs_nothing(pr: PR, tmp_path: Path) -> None:
    """The pull request commits HEAD, config, objects/ and refs/ into the workspace folder; the
    config names a promisor remote whose ext:: transport runs a command when a blob is missing."""
    src = tmp_path / "src"
    (src / "definitions").mkdir(parents=True)
    (src / "definitions" / "demo.yaml").write_text(VALID, encoding="utf-8")
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-qm", "one")
    blob = git(src, "rev-parse", "HEAD:definitions/demo.yaml")
    shutil.copytree(src / ".git" / "objects", pr.root / "objects")
    (pr.root / "objects" / blob[:2] / blob[2:]).unlink()
    (pr.root / "refs" / "heads").mkdir(parents=True)
    (pr.root / "refs" / "heads" / "main").write_text(git(src, "rev-parse", "HEAD") + "\n")
    marker = tmp_path / "PWNED"
    pr.plant(
        {
            "HEAD": "ref: refs/heads/main\n",
            "config": "[core]\n\trepositoryformatversion = 1\n\tbare = true\n"
            f"\tfsmonitor = touch {marker}\n"
            "[extensions]\n\tpartialClone = origin\n"
            f'[remote "origin"]\n\turl = "ext::sh -c touch% {marker}"\n\tpromisor = true\n'
            '[protocol]\n\tallow = always\n[protocol "ext"]\n\tallow = always\n',
        }
    )
    for args in (("show", "demo@HEAD"), ("diff", "demo@HEAD", "demo"), ("diff", "--base", "HEAD")):
        exit_code, _, err = pr.run(*args)
        assert exit_code == 2 and "LX902 [error]" in err, err
        assert not marker.exists()
    for name in ("HEAD", "config", "objects", "refs"):  # not to trouble the outside check
        path = pr.root / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()


@needs_git
@pytest.mark.parametrize("rev", ["--output=pwned", "-opwned", "--output"])
def test_a_revision_that_git_would_read_as_an_option_is_refused(pr: PR, rev: str) -> None:
    git(pr.root, "init", "-q")
    git(pr.root, "add", "-A")
    git(pr.root, "commit", "-qm", "one")
    exit_code, _, err = pr.run("diff", f"demo@{rev}", "demo")
    assert exit_code == 2 and f"LX902 [error] git does not know revision {rev!r}" in err
    exit_code, _, err = pr.run("diff", "--base", rev)
    assert exit_code == 2 and "LX902 [error]" in err
    assert sorted(p.name for p in pr.root.iterdir()) == [".git", "definitions"]


@needs_git
def test_names_cannot_forge_workflow_commands_or_html(pr: PR) -> None:
    git(pr.root, "init", "-q")
    git(pr.root, "add", "-A")
    git(pr.root, "commit", "-qm", "one")
    forged = "市财政局\n::error file=README.md,line=1::forged\u202e<script>alert(1)</script>"
    text = VALID.replace("      - 市教育局", "      - " + '"' + forged.replace("\n", "\\n") + '"')
    text = text.replace(
        "lead_unit: 市市场监管局", 'lead_unit: "' + forged.replace("\n", "\\n") + '"'
    )
    pr.plant({"definitions/demo.yaml": text})
    outputs = []
    for args in (
        ("validate", "-f", "github"),
        ("validate",),
        ("diff", "--base", "HEAD"),
        ("diff", "--base", "HEAD", "-f", "md"),
    ):
        _, out, err = pr.run(*args)
        outputs.append(out + err)
    github = outputs[0].splitlines()
    assert github and all(line.startswith("::") for line in github)
    assert all("file=definitions/demo.yaml" in line for line in github)
    for shown in outputs:
        assert "forged" in shown  # the name is shown ...
        assert not any(line.startswith("::error file=README") for line in shown.splitlines())
        assert "\u202e" not in shown  # ... with the bidi control escaped
    assert "<script>" not in outputs[3]


@needs_git
def test_diff_base_does_not_read_a_definition_linked_out(pr: PR) -> None:
    git(pr.root, "init", "-q")
    git(pr.root, "add", "-A")
    git(pr.root, "commit", "-qm", "one")
    (pr.root / "definitions" / "x.yaml").symlink_to(pr.secret_file)
    exit_code, _, err = pr.run("diff", "--base", "HEAD")
    assert exit_code == 1 and "definitions/x.yaml: LX001 [error]" in err


# --- reading -------------------------------------------------------------------------------------


def test_a_definition_that_links_to_a_secret_is_lx001_and_never_shown(pr: PR) -> None:
    pr.secret_file.write_text(f"aws_secret_access_key: [{FILE_SECRET}\n", encoding="utf-8")
    try:
        (pr.root / "definitions" / "x.yaml").symlink_to(pr.secret_file)
        exit_code, out, err = pr.run("validate")
        assert exit_code == 1
        assert out.startswith(
            "definitions/x.yaml: LX001 [error] cannot read file: definitions/x.yaml is a symbolic "
            "link that leads outside the workspace"
        )
        exit_code, out, err = pr.run("show", "x")
        assert exit_code == 1 and "LX001 [error]" in err
    finally:
        pr.secret_file.write_text(FILE_SECRET + "\n", encoding="utf-8")


def test_a_definitions_folder_that_leads_outside_is_unread(pr: PR) -> None:
    shutil.rmtree(pr.root / "definitions")
    pr.secret_file.rename(pr.outside / "secret.yaml")
    try:
        (pr.root / "definitions").symlink_to(pr.outside)
        exit_code, out, _ = pr.run("validate")
        assert exit_code == 1 and "LX001 [error]" in out
    finally:
        (pr.outside / "secret.yaml").rename(pr.secret_file)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_definition_is_refused_before_reading(pr: PR, target: str) -> None:
    (pr.root / "definitions" / "z.yaml").symlink_to(target)
    exit_code, out, _ = pr.run("validate")
    assert exit_code == 1 and "definitions/z.yaml: LX001 [error]" in out


def test_a_fifo_or_a_device_as_import_input_is_refused(pr: PR) -> None:
    fifo = pr.root / "notice.txt"
    os.mkfifo(fifo)
    for name in (str(fifo), "/dev/zero"):
        exit_code, _, err = pr.run("import", name, root=False)
        assert exit_code == 1
        assert "LX001 [error] cannot read file: not a regular file" in err


def test_stdin_is_bounded(pr: PR) -> None:
    exit_code, _, err = pr.run("import", "-", root=False, stdin=b"x" * (5 * 1024 * 1024 + 1))
    assert exit_code == 1 and "LX006 [error] input is over the limit of 5242880 bytes" in err


def test_lianxi_toml_from_a_symlink_outside_is_refused(pr: PR) -> None:
    (pr.root / "lianxi.toml").symlink_to(pr.secret_file)
    exit_code, _, err = pr.run("validate")
    assert exit_code == 1 and "lianxi.toml: LX904 [error]" in err


@pytest.mark.parametrize(
    ("setting", "refused"),
    [
        ('LX003 = "off"', True),
        ('LX102 = "off"', True),
        ('LX101 = "warning"', True),
        ('LX001 = "off"', True),
        ('LX003 = "error"', False),
        ('LX209 = "off"', False),
        ('LX301 = "error"', False),
    ],
)
def test_lianxi_toml_cannot_turn_off_reading_or_shape_errors(
    pr: PR, setting: str, refused: bool
) -> None:
    pr.plant(
        {
            "lianxi.toml": f"[severity]\n{setting}\n",
            "definitions/demo.yaml": VALID.replace("level: city", "level: [city"),
        }
    )
    exit_code, out, err = pr.run("validate")
    assert exit_code == 1
    if refused:
        assert "LX904 [error]" in err and "cannot be turned off or lowered" in err
    else:
        assert "LX003 [error]" in out


def test_an_unknown_yaml_tag_is_a_diagnostic(pr: PR) -> None:
    pr.plant(
        {
            "definitions/demo.yaml": VALID.replace(
                "- 市教育局", "- !!python/object:os.system 市教育局"
            )
        }
    )
    exit_code, out, _ = pr.run("validate")
    assert exit_code == 1 and "definitions/demo.yaml:18:9: LX003 [error]" in out


def test_excerpts_come_from_the_file_that_was_checked(pr: PR, tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "definitions").mkdir(parents=True)
    (other / "definitions" / "demo.yaml").write_text(
        VALID.replace("level: city", "level: town  # other"), encoding="utf-8"
    )
    pr.plant({"definitions/demo.yaml": VALID.replace("level: city", "level: town  # workspace")})
    os.chdir(other)
    exit_code, out, _ = pr.run("validate", "definitions/demo.yaml")
    assert exit_code == 1
    assert "level: town  # other" in out and "# workspace" not in out


# --- writing -------------------------------------------------------------------------------------


def test_a_dangling_link_at_an_output_path_is_an_existing_path(pr: PR) -> None:
    (pr.root / "build").mkdir()
    link = pr.root / "build" / "demo.notice.md"
    evil = pr.outside / "new" / "evil.sh"
    link.symlink_to(evil)
    exit_code, _, err = pr.run("render", "notice")
    assert exit_code == 1 and "LX504 [error]" in err
    exit_code, _, err = pr.run("render", "notice", "demo", "-o", str(link))
    assert exit_code == 1 and "LX504 [error]" in err
    exit_code, _, err = pr.run("render", "notice", "--force")
    assert exit_code == 1 and "LX505 [error]" in err
    assert not (pr.outside / "new").exists() and link.is_symlink()


def test_an_output_folder_that_leads_outside_is_not_written(pr: PR) -> None:
    (pr.root / "build").symlink_to(pr.outside)
    exit_code, _, err = pr.run("render", "notice")
    assert exit_code == 1 and "LX505 [error]" in err
    exit_code, _, err = pr.run("render", "notice", "--force")
    assert exit_code == 1 and "LX505 [error]" in err


def test_the_no_overwrite_check_and_the_write_are_one_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.md"
    real_refuse = output.refuse_existing

    def late(paths: object, *, force: bool = False) -> None:
        real_refuse(paths, force=force)  # type: ignore[arg-type]
        path.write_text("written by another render", encoding="utf-8")  # got there in between

    monkeypatch.setattr(output, "refuse_existing", late)
    with pytest.raises(diagnostics.LianxiError) as caught:
        output.write_atomic(path, b"mine")
    assert [d.code for d in caught.value.diagnostics] == ["LX504"]
    assert path.read_text(encoding="utf-8") == "written by another render"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_sigterm_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(fd: int) -> None:  # noqa: ARG001
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(SystemExit):
        output.write_atomic(tmp_path / "out.md", b"x" * 100_000)
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is not None  # the previous handler is back


def test_new_refuses_an_id_with_a_line_break(pr: PR) -> None:
    exit_code, _, err = pr.run("new", "ok\n", "--jurisdiction", "西安市")
    assert exit_code == 2 and "LX105 [error]" in err
    assert sorted(p.name for p in (pr.root / "definitions").iterdir()) == ["demo.yaml"]


def test_init_leaves_nothing_when_a_later_file_fails(pr: PR) -> None:
    target = pr.root / "fresh"
    target.mkdir()
    (target / ".github").write_text("a file where a folder must go", encoding="utf-8")
    exit_code, _, err = pr.run("init", str(target), root=False)
    assert exit_code == 1 and "LX505 [error]" in err
    assert sorted(p.name for p in target.iterdir()) == [".github"]


def test_init_takes_back_new_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = scaffold.write_atomic
    calls: list[Path] = []

    def fail_third(path: Path, data: bytes, **kw: object) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise diagnostics.LianxiError(
                diagnostics.problem("LX505", str(path), 0, 0, path=str(path), reason="disk full")
            )
        real(path, data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(scaffold, "write_atomic", fail_third)
    with pytest.raises(diagnostics.LianxiError):
        scaffold.init_workspace(tmp_path / "new")
    assert not (tmp_path / "new").exists()


# --- rows fixed elsewhere, planted here too --------------------------------------------------------


def test_duplicate_keys_are_found_in_linear_time(pr: PR) -> None:
    """60,000 keys with 4,000 repeats of one used to take 18 s (rescanned per repeat)."""
    keys = "".join(f"  k{i}: 1\n" for i in range(60_000)) + "  k0: 1\n" * 4_000
    pr.plant(
        {"definitions/demo.yaml": VALID.replace("document:\n", "x_pad:\n" + keys + "document:\n")}
    )
    exit_code, out, _ = pr.run("validate", "-f", "json")
    assert exit_code == 1 and out.count('"code": "LX004"') == 4_000


def test_an_invisible_character_does_not_make_a_second_unit(pr: PR) -> None:
    text = VALID.replace("      - 市教育局\n", '      - 市公安局\n      - "市公安局\\u200b"\n')
    pr.plant(
        {"definitions/demo.yaml": text.replace("declared_unit_count: 3", "declared_unit_count: 4")}
    )
    exit_code, out, _ = pr.run("validate")
    assert exit_code == 1
    assert "definitions/demo.yaml:19:9: LX202 [error] unit '市公安局\\u200b'" in out


def test_import_reads_a_hostile_tag_run_in_linear_time(pr: PR) -> None:
    """`<` and 50,000 spaces took over 60 s in `import` (`<\\s*/?\\s*` in the tag patterns)."""
    (pr.root / "notice.txt").write_text("<" + " " * 50_000 + "x", encoding="utf-8")
    exit_code, _, _ = pr.run("import", "notice.txt", root=False)
    assert exit_code in (0, 1)


@pytest.mark.parametrize("command", [("show", "demo"), ("units",)])
def test_text_outputs_made_of_names_forge_no_workflow_command(
    pr: PR, command: tuple[str, ...]
) -> None:
    forged = "市教育局\\n::error file=README.md,line=1::forged\\u202e"
    pr.plant({"definitions/demo.yaml": VALID.replace("      - 市教育局", f'      - "{forged}"')})
    _, out, _ = pr.run(*command)
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "\u202e" not in out
