"""`lianxi init` and `lianxi new`: a workspace and a commented definition skeleton. Pure apart
from writing the files it is asked to write (atomically, never over an existing one)."""

from __future__ import annotations

import contextlib
import re
from importlib import resources
from pathlib import Path
from typing import Any

from lianxi import diagnostics as dg
from lianxi.loader import dump_scalar
from lianxi.model import ID_PATTERN, SCHEMA_URL, Definition, Level, System
from lianxi.output import write_atomic

LEVEL_ZH = {
    Level.national: "部际",
    Level.provincial: "厅际",
    Level.city: "市级",
    Level.county: "县级",
}


def _data(name: str) -> str:
    return (resources.files("lianxi") / "data" / "scaffold" / name).read_text(encoding="utf-8")


def _described(model: Any, name: str) -> str:
    info = model.model_fields[name]
    return str(info.description or "")


def skeleton(ident: str, jurisdiction: str, level: Level) -> str:
    """A definition that validates, with every optional field present as a Chinese comment."""
    d, s = Definition, System
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_URL}",
        f"lianxi: 1  # {_described(d, 'lianxi')}",
        f"id: {ident}  # {_described(d, 'id')}",
        f"jurisdiction: {dump_scalar(jurisdiction)}  # {_described(d, 'jurisdiction')}",
        f"level: {level.value}  # {_described(d, 'level')}（{LEVEL_ZH[level]}）",
        f"sources:  # {_described(d, 'sources')}",
        "  - title: TODO 来源文件标题",
        "    # url: https://…",
        f"# document:  # {_described(d, 'document')}",
        "#   kind: 通知",
        f"#   issuer: {dump_scalar(jurisdiction + '人民政府办公室')}",
        "#   number: X政办函〔2024〕1号",
        "#   date: 2024-01-01",
        "#   title: …关于建立……联席会议制度的通知",
        "#   addressees: [各有关单位]",
        "#   preamble: 为……，现将有关事项通知如下。",
        "#   note: 此件公开发布",
        f"systems:  # {_described(d, 'systems')}",
        f"  - key: main  # {_described(s, 'key')}",
        f"    name: {dump_scalar(jurisdiction + 'TODO联席会议制度')}  # {_described(s, 'name')}",
        f"    short_name: 联席会议  # {_described(s, 'short_name')}",
        f"    status: active  # {_described(s, 'status')}",
        f"    # established: 2024-01-01  # {_described(s, 'established')}",
        f"    duties: []  # {_described(s, 'duties')}",
        f"    # lead_unit: 市市场监管局  # {_described(s, 'lead_unit')}",
        f"    units: []  # {_described(s, 'units')}",
        "    #   - 市发展改革委",
        "    #   - name: 市市场监管局",
        "    #     duty: 主要负责……  # 职责分工",
        "    #     member: {name: 张三, post: 局长}",
        "    #   - {name: 各县区政府, group: true}  # 一项代表多个单位",
        f"    # declared_unit_count: 0  # {_described(s, 'declared_unit_count')}",
        f"    conveners: []  # {_described(s, 'conveners')}",
        "    #   - role: convener  # 总召集人 chief_convener / 召集人 convener / 副召集人 deputy_convener",
        "    #     post: 市政府分管副市长",
        f"    # office: {{unit: 市市场监管局, director: 分管负责同志}}  # {_described(s, 'office')}",
        f"    # liaisons: {{rule: 各成员单位有关科室负责同志}}  # {_described(s, 'liaisons')}",
        f"    # rules:  # {_described(s, 'rules')}",
        "    #   plenary_per_year: 1",
        "    #   text: [联席会议原则上每年召开一次全体会议。]",
        f"    requirements: []  # {_described(s, 'requirements')}",
        f"    meetings: []  # {_described(s, 'meetings')}",
        f"    history: []  # {_described(s, 'history')}",
    ]
    return "\n".join(lines) + "\n"


def check_id(ident: str) -> None:
    if not re.fullmatch(ID_PATTERN, ident):
        raise dg.UsageError(dg.problem("LX105/new", ident, 0, 0, value=ident))


def check_jurisdiction(jurisdiction: str) -> None:
    if not jurisdiction.strip():
        raise dg.UsageError(dg.problem("LX102/jurisdiction", "--jurisdiction", 0, 0))


def new_definition(
    root: Path, ident: str, jurisdiction: str, level: Level, force: bool = False
) -> Path:
    """Write definitions/ID.yaml; raise LianxiError (LX504) if it exists and not `force`."""
    check_id(ident)
    check_jurisdiction(jurisdiction)
    path = root / "definitions" / f"{ident}.yaml"
    write_atomic(path, skeleton(ident, jurisdiction, level).encode("utf-8"), force=force, root=root)
    return path


EXAMPLE_ID = "example"


def init_files() -> dict[str, str]:
    """Relative path → content of a new workspace."""
    example = skeleton(EXAMPLE_ID, "示例市", Level.city).replace(
        "  - title: TODO 来源文件标题", "  - title: 示例：请替换为真实文件的标题"
    )
    example = example.replace("name: 示例市TODO联席会议制度", "name: 示例市示例工作联席会议制度")
    from lianxi.schema import schema_json

    return {
        "definitions/example.yaml": example,
        "schema/lianxi.schema.json": schema_json() + "\n",
        "templates/README.md": _data("templates-README.md"),
        "lianxi.toml": _data("lianxi.toml"),
        ".pre-commit-config.yaml": _data("pre-commit-config.yaml"),
        ".github/workflows/lianxi.yml": _data("lianxi-validate.yml"),
    }


def init_workspace(folder: Path) -> list[Path]:
    """Scaffold a workspace in `folder`; refuse (LX504) if any file exists, writing nothing."""
    files = init_files()
    existing = [rel for rel in files if (folder / rel).exists()]
    if existing:
        raise dg.LianxiError(
            *[
                dg.problem("LX504/init", str(folder / rel), 0, 0, path=str(folder / rel))
                for rel in existing
            ]
        )
    written: list[Path] = []
    new_folders = sorted(
        {d for rel in files for d in (folder / rel).parents if d.is_relative_to(folder)}
        - {d for rel in files for d in (folder / rel).parents if d.exists()},
        key=lambda d: len(d.parts),
        reverse=True,
    )
    try:
        for rel, content in files.items():
            write_atomic(folder / rel, content.encode("utf-8"))
            written.append(folder / rel)
    except BaseException:
        # all or nothing: a later file that fails takes back the ones written before it
        for path in written:
            path.unlink(missing_ok=True)
        for d in new_folders:
            with contextlib.suppress(OSError):
                d.rmdir()
        raise
    return written
