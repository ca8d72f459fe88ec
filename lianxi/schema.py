"""The JSON Schema of format v1, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from lianxi.model import Definition


def schema_dict() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a definition file."""
    schema = Definition.model_json_schema(mode="validation")
    schema.update(
        {
            "title": "lianxi definition (format 1)",
            "description": "联席会议制度定义文件（lianxi 格式 1）",
        }
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_json() -> str:
    return json.dumps(schema_dict(), ensure_ascii=False, indent=2)
