"""What the JSON-contract tests share: the shipped schemas as one registry, validation of a
document against its kind's schema, and reading the one document a command printed."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import Result
from referencing import Registry, Resource

from motions.contract import load_schema, schema_path

SCHEMAS = schema_path("error").parent
REGISTRY = Registry().with_resources(
    (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8"))))
    for path in SCHEMAS.glob("*.json")
)


def validate(document: object, kind: str) -> None:
    """Check the kind's schema is itself valid, then the document against it."""
    schema = load_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, registry=REGISTRY).validate(document)


def document_of(result: Result) -> dict[str, object]:
    """The one JSON object a command printed on stdout (the test fails if there is none)."""
    assert "Traceback" not in result.output
    try:
        document = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"not one JSON document on stdout: {result.stdout[:300]!r} {result.stderr}")
    assert isinstance(document, dict)
    return document
