"""Slack's Block Kit and manifest JSON schemas (vendored with their licences) as validators."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
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


@cache
def _fast(ref: str) -> Callable[[Any], Any]:
    """The same schema compiled to Python by fastjsonschema: about 15 times quicker, and used only
    to pass a document; anything it refuses is judged again by jsonschema, whose messages tests
    show (tests/test_blockkit.py checks that the two agree). The schema's keywords are all in
    draft 7, which fastjsonschema knows; formats are not checked by either."""
    schema, _ = _block_kit()
    definitions = {"$schema": "http://json-schema.org/draft-07/schema#", "$defs": schema["$defs"]}
    target = {**definitions, "$ref": ref} if ref else {**schema, **definitions}
    target.pop("$id", None)
    return fastjsonschema.compile(target, use_formats=False)


def fast_accepts(ref: str, document: Any) -> bool:
    try:
        _fast(ref)(document)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def full_errors(ref: str, document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:300]}"
        for e in _validator(ref).iter_errors(document)
    ]


# A document's problems by its exact content: the same view or message is judged again and again
# (the ack and the API call that carries it; App Home drawn the same way in test after test).
_judged: dict[tuple[str, bytes], tuple[str, ...]] = {}


def _errors(ref: str, document: Any) -> list[str]:
    content = json.dumps(document, sort_keys=True, ensure_ascii=False, default=repr).encode()
    key = (ref, hashlib.blake2b(content, digest_size=16).digest())
    if key not in _judged:
        _judged[key] = () if fast_accepts(ref, document) else tuple(full_errors(ref, document))
    return list(_judged[key])


def view_errors(view: dict[str, Any]) -> list[str]:
    kind = view.get("type")
    ref = {"modal": "#/$defs/modal_view", "home": "#/$defs/home_view"}.get(str(kind))
    if ref is None:
        return [f"unknown view type {kind!r}"]
    return _errors(ref, view)


def blocks_errors(blocks: list[dict[str, Any]]) -> list[str]:
    return _errors("", blocks)


def manifest_errors(manifest: dict[str, Any]) -> list[str]:
    schema = json.loads((SCHEMAS / "slack-app-manifest.schema.json").read_text())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
        for e in Draft7Validator(schema).iter_errors(manifest)
    ]
