"""Quoted provisions in a motion ("... with the following: '5. ... A. ... 6. ...'") read by the
same outline parser as a whole book, continuing at the provision they are placed under."""

from __future__ import annotations

import re

from motions.book.address import Address
from motions.book.numbering import LabelKey, label_key
from motions.book.outline import Parser
from motions.book.outline_nodes import Node
from motions.book.rulebook import Provision
from motions.errors import Diagnostic, error
from motions.source import Span

_INLINE_LABEL = re.compile(
    r"(?<=[.;:])\s+(?=\(?(?:[0-9]+[A-Z]?|[A-Z]{1,2}|(?:x{0,2})(?:ix|iv|v?i{0,3})|[a-z])[.)]\s)"
)


def split_inline(text: str) -> str:
    """Put each inline label of a one-line quote on its own line ("5. ... A. ... 6. ...")."""
    if "\n" in text.strip():
        return text
    return _INLINE_LABEL.sub("\n", text)


def parse_fragment(
    text: str,
    parent: Address,
    first_label: str,
    *,
    filename: str = "<quoted text>",
) -> tuple[tuple[Provision, ...], tuple[Diagnostic, ...]]:
    """The provisions in quoted text, placed under `parent`, the first labelled `first_label`.

    "Replace Clause IV.5 and IV.6 with the following: '5. ... A. ... 6. ...'" quotes structure:
    it is read by the same outline parser as a whole book, continuing at `parent`.
    """
    scheme = parent.scheme
    sequence = scheme.sequence(parent.root)
    depth = parent.depth
    level = sequence[depth]
    key = label_key(first_label, level.style)
    if key is None:
        raise ValueError(f"{first_label!r} is not a {level.name} label")
    parser = Parser(split_inline(text), filename, scheme)
    parser.start = 0
    parser.header = {}
    chain: list[Node] = []
    for i in range(depth):
        level_i = sequence[i]
        chain_key = label_key(parent.labels[i], level_i.style) or LabelKey(1)
        node = Node(
            parent.root, parent.labels[: i + 1], chain_key, None, [], Span(filename, 1, 1), None
        )
        if chain:
            chain[-1].children.append(node)
        chain.append(node)
    parser.tops = [chain[0]]
    parser.stack = list(chain)
    parser.first = (depth, key)
    result = parser.run()
    host = chain[-1]
    diagnostics = list(result.diagnostics)
    if host.text:
        diagnostics.append(
            error(
                "fragment-unlabelled",
                f"the quoted text does not start with the label '{level.marker(first_label)}'",
                hint="start the quoted provision with its label",
            )
        )
    return tuple(child.freeze(scheme) for child in host.children), tuple(diagnostics)
