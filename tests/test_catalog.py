"""The unit catalog as a whole: how much of the real material it places, and a workspace's own entries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from lianxi import names

from .conftest import REPO, VALID, run_cli

Build = Callable[[dict[str, str | bytes]], Path]
TARGET = 98.0  # percent of distinct unit names that must resolve


def _unit_names(data: object) -> Iterator[str]:
    """Every unit name in a definition's data (strings or `{name: …}` entries under units), or
    in the import corpus's facts (`truth.yaml`: per text, its units, lead and office)."""
    if not isinstance(data, dict):
        return
    if "systems" in data:
        records = data.get("systems") or []
    else:  # the corpus: {text: {units: [...], lead: …, office: …}}
        records = [r for r in data.values() if isinstance(r, dict)]
    for record in records:
        units = list((record or {}).get("units") or [])
        units += [record.get(k) for k in ("lead_unit", "lead", "office") if record.get(k)]
        for unit in units:
            name = unit.get("name") if isinstance(unit, dict) else unit
            if isinstance(name, str) and name.strip():
                yield name


def material() -> dict[str, str]:
    """Distinct unit names of the shipped definitions and of the import corpus, with a source."""
    found: dict[str, str] = {}
    files = sorted((REPO / "definitions").glob("*.yaml"))
    files += sorted((REPO / "tests" / "corpus").rglob("*.yaml"))
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name in _unit_names(data):
            found.setdefault(name, str(path.relative_to(REPO)))
    return found


def test_share_of_real_unit_names_that_resolve(capsys: pytest.CaptureFixture[str]) -> None:
    found = material()
    unknown = sorted(n for n in found if names.resolve(n) is None)
    share = 100.0 * (len(found) - len(unknown)) / len(found)
    with capsys.disabled():  # the figure is the point of this test: show it in every run
        print(  # noqa: T201
            f"\ncatalog: {len(found) - len(unknown)} of {len(found)} distinct unit names resolve "
            f"({share:.1f}%); not placed: {'、'.join(unknown) or 'none'}"
        )
    assert len(found) >= 100
    assert share >= TARGET, [(n, found[n], names.closest(n)) for n in unknown]


def test_every_catalog_name_resolves_to_its_own_function() -> None:
    for f in names.functions():
        for level in names.LEVELS:
            for name in f.names_at(level):
                r = names.resolve(name)
                assert r is not None and r.function.id == f.id, (name, f.id)


def test_every_reform_names_a_document_and_every_ended_body_a_successor() -> None:
    cat = names.catalog().catalog
    assert {r.date.year for r in cat.reforms} >= {1998, 2003, 2008, 2013, 2018, 2023}
    for reform in cat.reforms:
        assert reform.source and reform.changes, reform.id
    for f in cat.functions:
        if f.abolished is not None:
            assert names.current(f.id).abolished is None, f.id


def test_abolished_and_successor_come_only_from_reforms() -> None:
    raw = yaml.safe_load((REPO / "lianxi" / "data" / "catalog.yaml").read_text(encoding="utf-8"))
    raw["functions"][0]["successor"] = "education"
    with pytest.raises(ValueError, match="come from reform"):
        raw["reforms"][0]["changes"].append(
            {"kind": "rename", "old": [raw["functions"][0]["id"]], "new": ["education"]}
        )
        names.Catalog.model_validate(raw)
    raw = yaml.safe_load((REPO / "lianxi" / "data" / "catalog.yaml").read_text(encoding="utf-8"))
    raw["functions"][0]["abolished"] = "2001-01-01"
    with pytest.raises(ValueError, match="no reform names the document"):
        names.Catalog.model_validate(raw)


# ---------------------------------------------------------------------------------------------
# A workspace's own entries.

TEA = VALID.replace("      - 市教育局\n", "      - 市茶产业发展中心\n")


def test_workspace_catalog_places_a_local_body(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": TEA})
    result = run_cli("validate", "--root", str(root))
    assert "LX301" in result.stdout
    (root / "catalog.yaml").write_text(
        "# the workspace's own bodies\ncatalog: 1\nfunctions:\n"
        "  - id: tea-industry\n    label: 茶产业\n    city: [茶产业发展中心]\n",
        encoding="utf-8",
    )
    result = run_cli("validate", "--root", str(root))
    assert (result.exit_code, result.stdout) == (0, "")
    result = run_cli("units", "茶产业", "--root", str(root))
    assert result.stdout.startswith("茶产业  [tea-industry]  1 system(s)\n")


def test_lianxi_toml_adds_names_to_a_catalog_function(workspace: Build) -> None:
    text = VALID.replace("      - 市教育局\n", "      - 市教育体育和科技服务中心\n")
    root = workspace({"definitions/demo.yaml": text})
    (root / "lianxi.toml").write_text(
        '[severity]\nLX209 = "off"\n\n[[catalog.functions]]\nid = "education"\n'
        'city = ["教育体育和科技服务中心"]\n',
        encoding="utf-8",
    )
    result = run_cli("units", "教育", "--root", str(root), "-f", "json")
    assert '"function": "education"' in result.stdout
    assert "教育体育和科技服务中心" in result.stdout
    assert run_cli("validate", "--root", str(root)).exit_code == 0


def test_a_workspace_without_entries_gets_the_shipped_catalog_back(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": TEA})
    (root / "catalog.yaml").write_text(
        "functions:\n  - {id: tea-industry, label: 茶产业, city: [茶产业发展中心]}\n",
        encoding="utf-8",
    )
    assert run_cli("validate", "--root", str(root)).exit_code == 0
    (root / "catalog.yaml").unlink()
    assert "LX301" in run_cli("validate", "--root", str(root)).stdout


ENTRY = "functions:\n  - id: tea-industry\n    label: 茶产业\n    city: [茶产业发展中心]\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("functions: 3\n", 1, "must be a list of entries under `functions`"),
        ("other: []\nfunctions: []\n", 1, "must be a list of entries under `functions`"),
        (ENTRY.replace("tea-industry", "Tea Industry"), 2, "id 'Tea Industry' is not lower-case"),
        (ENTRY + "    patterns: ['(a+)+$']\n", 2, "'patterns' is not allowed"),
        (ENTRY + "    keywords: [茶]\n", 2, "'keywords' is not allowed"),
        (ENTRY.replace("    label: 茶产业\n", ""), 2, "a new function needs a label"),
        (ENTRY.replace("[茶产业发展中心]", "茶产业发展中心"), 2, "city must be a list"),
        (ENTRY.replace("[茶产业发展中心]", "[" + "茶" * 41 + "]"), 2, "city must be a list"),
        (ENTRY.replace("[茶产业发展中心]", "[1]"), 2, "city must be a list"),
        (ENTRY + "    established: 2024-13-01\n", 2, "established is not a date"),
        (ENTRY + "    successor: no-such\n", 2, "successor 'no-such' is not a function id"),
        (
            ENTRY.replace("[茶产业发展中心]", "[公安局]"),
            2,
            "'公安局' already belongs to public-security",
        ),
        ("functions:\n  - &a {id: a, label: 甲}\n  - *a\n", 2, "anchor or alias"),
        ("functions: [[[[[[[[[[1]]]]]]]]]]\n", 1, "nests too deeply"),
        ("functions: [\n", 2, "cannot read the workspace catalog"),
    ],
)
def test_bad_workspace_entry_is_lx904_at_its_line(
    workspace: Build, text: str, line: int, message: str
) -> None:
    root = workspace({"definitions/demo.yaml": VALID, "catalog.yaml": text})
    for command in (["validate"], ["units"]):
        result = run_cli(*command, "--root", str(root))
        assert result.exit_code == 1
        assert f"catalog.yaml:{line}:" in result.stderr
        assert "LX904" in result.stderr and message in result.stderr, result.stderr


def test_workspace_catalog_is_bounded(workspace: Build) -> None:
    many = "functions:\n" + "".join(f"  - {{id: f{i}, label: 甲{i}}}\n" for i in range(501))
    big = ENTRY + "    note: '" + "x" * 300_000 + "'\n"
    for text, message in ((many, "more than 500 entries"), (big, "over 262144 bytes")):
        root = workspace({"definitions/demo.yaml": VALID, "catalog.yaml": text})
        result = run_cli("validate", "--root", str(root))
        assert result.exit_code == 1 and message in result.stderr, result.stderr


def test_bad_entry_in_lianxi_toml_is_lx904(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    (root / "lianxi.toml").write_text(
        '[[catalog.functions]]\nid = "x"\nlabel = "甲"\ncity = "乙"\n', encoding="utf-8"
    )
    result = run_cli("validate", "--root", str(root), "--lang", "zh")
    assert result.exit_code == 1
    assert "lianxi.toml: LX904" in result.stderr
    assert "名录条目 'x'：city 应为不超过 100 个名称的列表" in result.stderr


def test_diff_pairs_a_merged_bureau_with_each_of_its_functions(workspace: Build) -> None:
    head = "lianxi: 1\nid: {id}\njurisdiction: {j}\nlevel: county\nsystems:\n  - key: s\n"
    head += "    name: {j}联席会议制度\n    units: [{units}]\n"
    root = workspace(
        {
            "definitions/a.yaml": head.format(
                id="a", j="甲区", units="区发展改革和工业信息化局, 区财政局"
            ),
            "definitions/b.yaml": head.format(
                id="b", j="乙区", units="区发展改革局, 区工业和信息化局, 区财政局"
            ),
        }
    )
    result = run_cli("diff", "a", "b", "--root", str(root))
    assert "   development-reform: 区发展改革和工业信息化局 → 区发展改革局\n" in result.stdout
    assert "   industry-it: 区发展改革和工业信息化局 → 区工业和信息化局\n" in result.stdout
    assert "only in" not in result.stdout
