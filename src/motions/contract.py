"""The one JSON contract every command and every result type keeps.

Every JSON document `motions` prints, and every `to_dict()` of a public result, opens with
`"schema": "motions.<kind>/<major>"`: a program reads that key first and knows the shape. Within
a major version fields are only ever added; a rename or removal makes a new major. The JSON
Schema of each kind ships in the package (`motions/schemas/<kind>.json`) and is described in
docs/json.md. This module is base-level so that every wing can stamp its documents the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

#: Every document kind and its current major version. A kind's schema file has the same name.
KINDS: Mapping[str, int] = {
    "provision": 1,  # motions show
    "outline": 1,  # motions outline
    "references": 1,  # motions refs
    "redlines": 1,  # motions diff (motions)
    "lint": 1,  # motions lint
    "apply": 1,  # motions apply
    "conflicts": 1,  # motions check
    "graph": 1,  # motions graph --format json
    "edition-diff": 1,  # motions diff OLD NEW
    "import": 1,  # motions import --format json
    "tally": 1,  # motions tally
    "whip": 1,  # motions whip ... --format json
    "briefing": 1,  # motions brief --format json
    "error": 1,  # any command with --format json, on bad input (exit 2)
}


def schema_id(kind: str) -> str:
    """`"motions.<kind>/<major>"`, the value of the `schema` key of a document of `kind`."""
    return f"motions.{kind}/{KINDS[kind]}"


def envelope(kind: str, data: Mapping[str, object]) -> dict[str, object]:
    """`data` as a document of `kind`: the `schema` key first, then `data`'s keys in order."""
    if "schema" in data:
        raise ValueError("the envelope's `schema` key is set here, not by the caller")
    return {"schema": schema_id(kind), **data}


#: How every document is printed: indented, UTF-8 kept readable.
_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)


def dumps(document: object) -> str:
    """A document as printed: indented, UTF-8 kept readable, one newline at the end."""
    return "".join(document_pieces(document))


def document_pieces(document: object) -> Iterator[str]:
    """`dumps(document)` in the pieces the encoder makes, to print as they come: `json.dumps`
    with an indent keeps them all in a list before joining them (at 100,000 motions a conflict
    report's pieces took 380 MiB at once)."""
    yield from _ENCODER.iterencode(document)
    yield "\n"


def schema_path(kind: str) -> Path:
    """The shipped JSON Schema file of `kind` (one per entry of `KINDS`)."""
    if kind not in KINDS:
        raise KeyError(kind)
    return Path(__file__).resolve().parent / "schemas" / f"{kind}.json"


def load_schema(kind: str) -> dict[str, object]:
    """The JSON Schema of `kind`, as a dict (for `jsonschema` or any validator)."""
    data: dict[str, object] = json.loads(schema_path(kind).read_text(encoding="utf-8"))
    return data


class HasToDict(Protocol):
    def to_dict(self) -> Mapping[str, object]: ...


def to_json(result: HasToDict) -> str:
    """Any public result as the JSON its command prints (`result.to_dict()`, dumped)."""
    return dumps(result.to_dict())
