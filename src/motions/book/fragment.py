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
    # The level below the parent's own (which is not its depth where the book skips a level).
    depth = parent.index + 1
    level = sequence[depth]
    key = label_key(first_label, level.style)
    if key is None:
        raise ValueError(f"{first_label!r} is not a {level.name} label")
    parser = Parser(split_inline(text), filename, scheme)
    parser.start = 0
    parser.header = {}
    chain: list[Node] = []
    stack: list[Node | None] = [None] * depth
    for i, at in enumerate(parent.positions):
        chain_key = label_key(parent.labels[i], sequence[at].style) or LabelKey(1)
        node = Node(
            parent.root, parent.labels[: i + 1], chain_key, None, [], Span(filename, 1, 1), None
        )
        if parent.at is not None:
            node.at = parent.positions[: i + 1]
        if chain:
            chain[-1].children.append(node)
        chain.append(node)
        stack[at] = node
    parser.tops = [chain[0]]
    parser.stack = stack
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
    outside = [top for top in parser.tops if top is not chain[0]]
    if outside:
        # A line read as a new top ("3. ..." after section 2, in a book whose tops are bare
        # numbers) is no part of the provision the quote goes under: say so, never drop it.
        diagnostics.append(
            error(
                "fragment-outside",
                f"the quoted text holds '{outside[0].labels[0]}', which reads as a new "
                f"{outside[0].root}, not as part of {parent.long()}",
                hint="quote only provisions that go under the one the motion names",
            )
        )
    return tuple(child.freeze(scheme) for child in host.children), tuple(diagnostics)
