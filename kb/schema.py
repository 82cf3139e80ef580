"""The JSON Schema of entry files, generated from the models that validate them."""
from __future__ import annotations

import json

from .model import KINDS

__all__ = ["schema_for", "all_schemas"]


def schema_for(kind: str) -> dict:
    model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"kb {kind} entry (concepts/{model.folder}/*.yaml)"
    return schema


def all_schemas() -> dict[str, str]:
    """File name -> JSON text, one schema per kind."""
    return {f"{kind}.schema.json": json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
            for kind in KINDS}
