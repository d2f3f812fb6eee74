"""`render_rulebook`: a `Rulebook` back to its source format, one provision per line.

The inverse of `motions.book.outline.parse_rulebook`: parsing what this writes gives an equal
book. It depends only on the model and the scheme's markers, so the model can render itself
without importing the parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from motions.book.markers import HEADER_RE, grammar_of
from motions.book.numbering import Scheme, embedded_lines

if TYPE_CHECKING:
    from motions.book.rulebook import Provision, Rulebook

_RISKY_START = re.compile(r"\s*(\\|#|\[|\(|[0-9A-Za-z]{1,6}[.)](\s|$))")


def _needs_escape(line: str, scheme: Scheme) -> bool:
    if _RISKY_START.match(line) or HEADER_RE.fullmatch(line.strip()):
        return True
    grammar = grammar_of(scheme)
    return any(
        m.regex.match(line)
        for m in (*grammar.tops, *grammar.keyed, *grammar.bare, *grammar.bare_tops)
    )


def _paragraphs(
    first: str, text: str, scheme: Scheme, pad: str = "", *, escape: bool = True
) -> Iterator[str]:
    """A provision's text after its opening `first` (the marker, or "" for a heading's own
    text): the first paragraph on that line, each further one after a blank line."""
    for number, paragraph in enumerate(text.split("\n")):
        if number == 0 and first:
            yield f"{first} {paragraph}" if paragraph else first
            continue
        if number > 0:
            yield ""
        risky = escape and _needs_escape(paragraph, scheme)
        yield pad + (f"\\{paragraph}" if risky else paragraph)


def _closing_name(p: Provision, marker: str) -> str:
    """How "[...] text" names the provision whose closing text follows: its marker ("2."),
    unless a provision still open below it (its last item, that item's last sub-item ...)
    prints the same marker or has it as its address; then its compact address ("2")."""
    chain: list[Provision] = []
    lists = [c for c in p.children if not c.address.level.heading]
    below = lists[-1] if lists else None
    while below is not None and below.children:
        chain.append(below)
        headings = [c for c in below.children if c.address.level.heading]
        below = (headings or list(below.children))[-1]
    for other in chain:
        parent = other.address.parent
        printed = other.address.level.marker(other.label, parent.label if parent else "")
        if marker in (printed, other.address.compact()):
            return p.address.compact()
    return marker


def _render_lines(book: Rulebook) -> Iterator[str]:
    scheme = book.scheme
    yield f"Title: {book.title}"
    if book.edition:
        yield f"Edition: {book.edition}"
    yield f"Scheme: {scheme.name}"
    if not scheme.shipped and scheme.source:
        yield from embedded_lines(scheme)
    page: list[int | None] = [None]

    def provision(p: Provision, indent: int) -> Iterator[str]:
        level = p.address.level
        if p.page is not None and p.page != page[0]:
            yield f"[page {p.page}]"
            page[0] = p.page
        if level.heading:
            yield ""
        parent = p.address.parent
        marker = level.marker(p.label, parent.label if parent else "")
        pad = "" if level.heading else "  " * indent
        if level.heading:
            yield f"{marker} {p.heading}" if p.heading else marker
            if p.text:
                yield from _paragraphs("", p.text, scheme)
        else:
            yield from _paragraphs(f"{pad}{marker}", p.text, scheme, pad)
        below = 0 if level.heading else indent + 1
        # The list first, then "[2.] text", the text after the list that belongs to this
        # provision, then the headings below it (a section's items, its closing paragraph,
        # then its subsections).
        for child in p.children:
            if not child.address.level.heading:
                yield from provision(child, below)
        if p.closing:
            yield from _paragraphs(f"{pad}[{_closing_name(p, marker)}]", p.closing, scheme, pad)
        for child in p.children:
            if child.address.level.heading:
                yield from provision(child, below)

    for top in book.children:
        yield from provision(top, 0)


def render_rulebook(book: Rulebook) -> str:
    """The book in its source format (docs/source-format.md), one provision per line."""
    return "".join(rulebook_lines(book))


def rulebook_lines(book: Rulebook) -> Iterator[str]:
    """`render_rulebook` a line at a time, each with its newline, to write as they come."""
    for line in _render_lines(book):
        yield line + "\n"


def render_provision(provision: Provision) -> str:
    """One provision and everything below it, as source lines (for redlines and reports)."""
    lines: list[str] = []
    _render_into(lines, provision, 0)
    return "\n".join(lines)


def _render_into(lines: list[str], p: Provision, indent: int) -> None:
    """`render_provision`'s lines for `p`, appended to `lines`. A function of the module, not a
    nested one: a nested function that calls itself is a reference cycle, left for the cyclic
    collector every time (the conflict checker renders thousands of provisions)."""
    scheme = p.address.scheme
    level = p.address.level
    parent = p.address.parent
    marker = level.marker(p.label, parent.label if parent else "")
    pad = "" if level.heading else "  " * indent
    if level.heading:
        lines.append(f"{marker} {p.heading}" if p.heading else marker)
        if p.text:
            lines.extend(_paragraphs("", p.text, scheme, escape=False))
    else:
        lines.extend(_paragraphs(f"{pad}{marker}", p.text, scheme, pad, escape=False))
    below = 0 if level.heading else indent + 1
    for child in p.children:
        if not child.address.level.heading:
            _render_into(lines, child, below)
    if p.closing:
        lines.extend(_paragraphs(f"{pad}[{marker}]", p.closing, scheme, pad, escape=False))
    for child in p.children:
        if child.address.level.heading:
            _render_into(lines, child, below)
