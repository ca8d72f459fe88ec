"""`lianxi schema` is a valid JSON Schema and every definition in the repository passes it."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from lianxi.loader import load_path
from lianxi.schema import schema_dict, schema_json

from .conftest import REPO, VALID

DEFINITIONS = sorted((REPO / "definitions").glob("*.yaml"))


def test_schema_passes_the_meta_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema_dict())


def test_committed_schema_is_up_to_date() -> None:
    committed = REPO / "schema" / "lianxi.schema.json"
    assert committed.read_text(encoding="utf-8").strip() == schema_json().strip(), (
        "run: lianxi schema -o schema/lianxi.schema.json --force"
    )


@pytest.mark.parametrize("path", DEFINITIONS, ids=[p.stem for p in DEFINITIONS])
def test_definition_passes_the_schema(path: Path) -> None:
    data = load_path(path).data
    jsonschema.validate(data, schema_dict(), format_checker=jsonschema.FormatChecker())


def test_valid_example_passes_and_unknown_key_fails(tmp_path: Path) -> None:
    good = tmp_path / "demo.yaml"
    good.write_text(VALID, encoding="utf-8")
    jsonschema.validate(load_path(good).data, schema_dict())
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.replace("lead_unit:", "lead:"), encoding="utf-8")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(load_path(bad).data, schema_dict())
