"""Slack's Block Kit and manifest JSON schemas (vendored with their licences) as validators."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry, Resource

SCHEMAS = Path(__file__).resolve().parent / "schemas"


@cache
def _block_kit() -> tuple[dict[str, Any], Registry]:
    schema = json.loads((SCHEMAS / "slack-block-kit.schema.json").read_text())
    return schema, Registry().with_resource(schema["$id"], Resource.from_contents(schema))


@cache
def _validator(ref: str) -> Draft202012Validator:
    schema, registry = _block_kit()
    target = {"$ref": schema["$id"] + ref} if ref else schema
    return Draft202012Validator(target, registry=registry)


# A document's problems by its exact content: the same view or message is judged again and again
# (the ack and the API call that carries it; App Home drawn the same way in test after test).
_judged: dict[tuple[int, bytes], tuple[str, ...]] = {}


def _errors(validator: Draft202012Validator, document: Any) -> list[str]:
    content = json.dumps(document, sort_keys=True, ensure_ascii=False, default=repr).encode()
    key = (id(validator), hashlib.blake2b(content, digest_size=16).digest())
    if key not in _judged:
        _judged[key] = tuple(
            f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:300]}"
            for e in validator.iter_errors(document)
        )
    return list(_judged[key])


def view_errors(view: dict[str, Any]) -> list[str]:
    kind = view.get("type")
    ref = {"modal": "#/$defs/modal_view", "home": "#/$defs/home_view"}.get(str(kind))
    if ref is None:
        return [f"unknown view type {kind!r}"]
    return _errors(_validator(ref), view)


def blocks_errors(blocks: list[dict[str, Any]]) -> list[str]:
    return _errors(_validator(""), blocks)


def manifest_errors(manifest: dict[str, Any]) -> list[str]:
    schema = json.loads((SCHEMAS / "slack-app-manifest.schema.json").read_text())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
        for e in Draft7Validator(schema).iter_errors(manifest)
    ]
