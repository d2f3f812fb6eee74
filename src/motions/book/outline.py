"""`parse_rulebook`: rule-book source text → `Rulebook` (`motions.book.text` renders it back).

The source format reads like the printed book (docs/source-format.md): a header, then one
provision per labelled line, continuation lines joined. The parser keeps a stack of open
provisions, one per level, and decides each bare label by the sequence alone: a label is either
the first of a new list under the deepest open provision, or the next label after one of the
open provisions. That is what makes "i." the letter after "h." but roman one under a sub-rule.
A label that fits neither is an error with file:line:col, the line, a caret and a hint; the
parser collects every such error and raises them together, so nothing is ever silently placed
under the wrong parent.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

from motions.book.location import Address
from motions.book.markers import (
    ESCAPE_HINT,
    HEADER_RE,
    PAGE_RE,
    Grammar,
    grammar_of,
)
from motions.book.numbering import (
    EMBEDDED_PREFIX,
    LabelKey,
    Level,
    Scheme,
    Style,
    label_key,
    parse_scheme,
    resolve_scheme,
)
from motions.book.outline_labels import _ARABIC, BareMatchers, Labels, canonical
from motions.book.outline_nodes import BREAK, Node
from motions.book.outline_nodes import Outline as Outline
from motions.book.rulebook import Provision, Rulebook
from motions.book.values import SpanBuilder, span_of
from motions.errors import Diagnostic, RulebookError, error
from motions.numbers import natural
from motions.source import Span

_new = object.__new__


class Parser(Labels):
    def __init__(self, text: str, filename: str, scheme: Scheme | None) -> None:
        self.lines = text.splitlines()
        self.filename = filename
        self.header: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []
        self.tops: list[Node] = []
        #: The open provisions, one per level of the sequence; None where a level is skipped.
        self.stack: list[Node | None] = []
        #: The provision whose closing text the continuation lines extend (after "[2.] ...").
        self.closing_of: Node | None = None
        #: A blank line was read since the last line of text: the next text is a new paragraph.
        self.blank = False
        #: The file indents its labelled lines (as the text writer does): where two readings
        #: of a bare label fit, the one the indentation shows wins.
        self.indented = False
        #: The file sets headings apart with a blank line before them (as the text writer and
        #: the importers do): then a labelled line with no blank line before it is no heading.
        self.spaced = False
        self.ambiguities: list[tuple[int, str, str, tuple[str, ...]]] = []
        self.page: int | None = None
        self.current_line = 0
        self.embedded: list[str] = []
        self.start = self._read_header()
        self.scheme = scheme or self._header_scheme()
        self.grammar = grammar_of(self.scheme)
        self.openings: dict[str, Grammar] = {}
        self._bare: dict[tuple[str, str], BareMatchers] = {}
        self._label_keys: dict[Style, dict[str, LabelKey | None]] = {}
        #: For a fragment: the depth of its first provision and the label that provision takes.
        self.first: tuple[int, LabelKey] | None = None
        #: Whether a label with one reading is placed without weighing readings (the same
        #: result: `placed_directly`); tests turn it off to compare.
        self.direct = True

    def span(self, number: int, column: int = 1, length: int = 1) -> Span:
        return span_of(self.filename, number, column, length, self.lines[number - 1])

    def _read_header(self) -> int:
        index = 0
        while index < len(self.lines):
            line = self.lines[index].strip()
            if line.startswith(EMBEDDED_PREFIX):
                self.embedded.append(line.removeprefix(EMBEDDED_PREFIX).removeprefix(" "))
                index += 1
                continue
            if line.startswith("#"):
                index += 1
                continue
            match = HEADER_RE.fullmatch(line)
            if match is None:
                break
            self.header[match.group(1)] = match.group(2).strip()
            index += 1
        return index

    def _header_scheme(self) -> Scheme:
        """The scheme the header names: embedded in it, a shipped name, or a .toml file
        beside the book (never outside the book's folder)."""
        if self.embedded:
            return parse_scheme("\n".join(self.embedded) + "\n", filename=self.filename)
        name = self.header.get("Scheme", "") or "labour"
        folder = Path(self.filename).parent if not self.filename.startswith("<") else Path()
        return resolve_scheme(name, within=folder)

    def run(self) -> Outline:
        line = self.line
        for number, raw in enumerate(self.lines[self.start :], self.start + 1):
            self.current_line = number
            line(number, raw)
        scheme = self.scheme
        flat: list[Address | Provision | None] = []
        tops = tuple([top.freeze(scheme, flat) for top in self.tops])
        pairs = iter(flat)
        addresses: dict[Address, Provision] = dict(zip(pairs, pairs, strict=True))  # type: ignore[arg-type]
        del flat, pairs
        book = Rulebook.indexed(
            self.header.get("Title", "Untitled rule book"),
            self.header.get("Edition", ""),
            scheme,
            tops,
            self.filename,
            addresses,
        )
        return Outline(book, tuple(self.diagnostics), tuple(self.ambiguities))

    def top_node(self) -> Node:
        node = self.stack[0]
        assert node is not None
        return node

    def last_open(self) -> Node:
        """The deepest open provision (the stack never ends in a skipped level)."""
        node = self.stack[-1]
        assert node is not None
        return node

    def open_above(self, depth: int) -> Node | None:
        """The deepest open provision above sequence index `depth`."""
        stack = self.stack
        if 0 < depth <= len(stack) and stack[depth - 1] is not None:
            return stack[depth - 1]  # the usual case: no level skipped
        return next((n for n in reversed(stack[:depth]) if n is not None), None)

    # -- one line ---------------------------------------------------------------------------

    def line(self, number: int, raw: str) -> None:
        stripped = raw.strip()
        if not stripped:
            self.blank = True
            return
        first = stripped[0]
        if first == "#":
            return
        if first == "[":
            page = PAGE_RE.fullmatch(stripped)
            if not page and self.closing(stripped):
                self.blank = False
                return
            if page:
                value = natural(page.group(1))
                if value is None:
                    self.diagnostics.append(
                        error(
                            "outline-bad-page",
                            f"'{stripped[:40]}' is no page number",
                            span=self.span(number, 1, len(stripped)),
                            hint="a page marker is '[page N]' with N of at most 18 digits",
                        )
                    )
                self.page = value if value is not None else self.page
                return
        paragraph, self.blank = self.blank, False
        if first == "\\":
            self.continuation(number, stripped[1:].strip(), paragraph=paragraph)
            return
        # Only the markers that can open with this character are tried (most text: none).
        grammar = self.openings.get(first)
        if grammar is None:
            grammar = self.openings[first] = self.grammar.opening(first)
        for matcher in grammar.tops:
            match = matcher.regex.match(raw)
            if match:
                self.top(number, matcher.level, match)
                return
        for matcher in grammar.keyed:
            match = matcher.regex.match(raw)
            if match:
                self.keyed(number, matcher.level, match)
                return
        candidates = (
            self.bare_candidates(raw, first, grammar) if grammar.bare or grammar.bare_tops else []
        )
        if candidates:
            if paragraph:
                self.spaced = True
            if raw[:1] in " \t":
                self.indented = True
            if not (
                len(candidates) == 1
                and self.direct
                and self.stack
                and self.placed_directly(candidates[0], number)
            ):
                self.bare(number, candidates, raw, after_blank=paragraph)
        else:
            self.continuation(number, stripped, paragraph=paragraph)

    def closing(self, stripped: str) -> bool:
        """Read "[2.] text": text after the list of an open provision that belongs to it,
        not to its last child. The bracket holds the provision's marker ("2.", "A.5."), the
        deepest open one with children that prints so, or its compact address ("2", "C4.II.2"),
        which the text writer uses where a marker would name two open provisions. False (the
        line is ordinary text) unless it names an open provision with children."""
        end = stripped.find("]")
        name = stripped[1:end].strip()
        if end < 0 or not name:
            return False
        open_ones = [
            (depth, node)
            for depth, node in reversed(list(enumerate(self.stack)))
            if node is not None and node.children
        ]
        found = next(
            (
                (d, n)
                for d, n in open_ones
                if Address(n.root, n.labels, self.scheme, n.at).compact() == name
            ),
            None,
        ) or next(((d, n) for d, n in open_ones if self.marker_of(n, d) == name), None)
        if found is None:
            return False
        depth, node = found
        del self.stack[depth + 1 :]
        self.closing_of = node
        if node.closing is None:
            node.closing = []
        rest = stripped[end + 1 :].strip()
        if rest:
            node.closing.append(rest)
        return True

    def marker_of(self, node: Node, depth: int) -> str:
        level = self.scheme.sequence(node.root)[node.index]
        parent = self.open_above(depth)
        return level.marker(node.labels[-1], parent.labels[-1] if parent else "")

    def continuation(self, number: int, text: str, *, paragraph: bool = False) -> None:
        if not self.stack:
            self.diagnostics.append(
                error(
                    "outline-orphan-text",
                    "text before the first heading belongs to no provision",
                    span=self.span(number, 1, len(self.lines[number - 1])),
                    hint=f"start the book with a heading such as "
                    f"'{self.scheme.levels[0].marker('1')} ...', or a header line "
                    "'Title: ...'",
                )
            )
            return
        if not text:
            return
        closing = self.closing_of.closing if self.closing_of is not None else None
        pieces = closing if closing is not None else self.last_open().text
        if paragraph and pieces and pieces[-1] != BREAK:
            pieces.append(BREAK)
        pieces.append(text)

    def new_node(
        self,
        number: int,
        match: re.Match[str],
        parent: Node | None,
        level: Level,
        key: LabelKey,
        depth: int | None = None,
    ) -> Node:
        """Open a provision for a labelled line (`depth`: its level's index in the sequence,
        found from the level where not given)."""
        label, rest = match.group("label", "rest")
        if level.style is _ARABIC:  # the only style a label has other forms in
            label = canonical(label, key, _ARABIC)
        rest = rest.strip() if rest else ""
        if level.heading:
            heading, text = rest or None, []
        else:
            heading, text = None, [rest] if rest else []
        line = self.lines[number - 1]
        # `span_of`, inline: one span a line.
        span = _new(SpanBuilder)
        span.filename = self.filename
        span.line = number
        span.column = match.start("label") + 1
        span.length = 1
        span.line_text = line
        span.__class__ = Span
        self.closing_of = None
        # `Node(...)` without the call to its `__init__` (every field set, as it would).
        node = _new(Node)
        node.key = key
        node.heading = heading
        node.text = text
        node.span = span
        node.page = self.page
        node.children = []
        node.at = None
        node.closing = None
        if parent is None:
            node.root = level.name
            node.labels = (label,)
            self.tops.append(node)
        else:
            node.root = root = parent.root
            node.labels = parent.labels + (label,)  # noqa: RUF005 - (*a, b) builds a list first
            if depth is None:
                depth = self.scheme.sequence(root).index(level)
            if parent.at is not None or depth != len(parent.labels):
                node.at = (*parent.positions(), depth)
            parent.children.append(node)
        return node

    # -- the three kinds of line ------------------------------------------------------------

    def top(self, number: int, level: Level, match: re.Match[str]) -> None:
        key = self.key_of(number, level, match)
        if key is None:
            return
        # The last top of this kind: normally the last top (kinds are kept together), so the
        # search back is only walked when the kind changes.
        previous = next((t for t in reversed(self.tops) if t.root == level.name), None)
        if previous is not None and self.tops[-1].root != level.name:
            self.problem(
                number, match, "outline-out-of-place",
                f"{level.marker(match.group('label'))} comes after "
                f"{self.tops[-1].labels[0]} of another kind",
                "keep each kind of top-level division together",
            )  # fmt: skip
        # The first top of a kind may have any number: an excerpt of a book is a book too.
        if previous is not None:
            self.check_sequence(number, match, level, key, previous.key, "the book", divided=True)
        self.stack = [self.new_node(number, match, None, level, key)]

    def key_of(self, number: int, level: Level, match: re.Match[str]) -> LabelKey | None:
        """The key of a marker's label, or None (reported) when it has the style's letters
        but is no label of it: "Clause IIII.", "Clause MMMM.", a number of 19 digits."""
        key = label_key(match.group("label"), level.style)
        if key is None:
            self.problem(
                number, match, "outline-bad-label",
                f"'{match.group('label')[:40]}' is not a label a {level.name} can have "
                f"({level.style.value})",
                "write a canonical label (roman numerals up to MMMCMXCIX, numbers up to 18 "
                f"digits); {ESCAPE_HINT}",
            )  # fmt: skip
        return key

    def keyed(self, number: int, level: Level, match: re.Match[str]) -> None:
        key = self.key_of(number, level, match)
        if key is None:
            return
        if not self.stack:
            self.problem(
                number, match, "outline-out-of-place",
                f"'{match.group(0).strip()}' comes before any "
                f"{self.scheme.levels[0].name}",
                f"add a {self.scheme.levels[0].name} heading above it",
            )  # fmt: skip
            return
        top = self.top_node()
        sequence = self.scheme.sequence(top.root)
        if level not in sequence:
            self.problem(
                number, match, "outline-out-of-place",
                f"a {level.name} cannot stand in {top.root} {top.labels[0]}",
                f"a {top.root} has no {level.name}s",
            )  # fmt: skip
            return
        depth = sequence.index(level)
        if len(self.stack) < depth or self.stack[depth - 1] is None:
            self.problem(
                number, match, "outline-out-of-place",
                f"a {level.name} needs a {sequence[depth - 1].name} above it",
                f"add the missing {sequence[depth - 1].name}",
            )  # fmt: skip
            return
        parent = self.stack[depth - 1]
        assert parent is not None
        last = parent.children[-1].key if parent.children else None
        if last is None and self.first is not None and self.first[0] == depth:
            last = self.first_predecessor(level)
        self.check_sequence(number, match, level, key, last, parent)
        self.stack[depth:] = [self.new_node(number, match, parent, level, key, depth)]

    def first_predecessor(self, level: Level) -> LabelKey | None:
        assert self.first is not None
        key = self.first[1]
        if key.suffix:
            return LabelKey(key.ordinal)
        return LabelKey(key.ordinal - 1) if key.ordinal > 1 else None


def outline(text: str, *, filename: str = "<rulebook>", scheme: Scheme | None = None) -> Outline:
    """Parse `text`, returning the book and every diagnostic (errors do not raise here)."""
    parser = Parser(text, filename, scheme)
    # Building the tree allocates many small objects and no cycles; the cyclic collector
    # would only rescan them over and over (it made scale 10 take 12x scale 1, not 10x).
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = parser.run()
        first = parser.scheme.levels[0]
        # The parser's working tree goes before the collector is back: its first pass then
        # has only the book to look at, not the nodes it was built from as well.
        del parser
    finally:
        if collecting:
            gc.enable()
    if not result.rulebook or not result.rulebook.children:
        empty = error(
            "outline-empty",
            f"{filename} holds no {first.name}s",
            hint=f"a rule book starts with a line such as '{first.marker('1')} Heading'",
        )
        return Outline(result.rulebook, (*result.diagnostics, empty))
    return result


def parse_rulebook(
    text: str, *, filename: str = "<rulebook>", scheme: Scheme | None = None
) -> Rulebook:
    """Parse rule-book source text into a `Rulebook`; a `RulebookError` lists every problem."""
    result = outline(text, filename=filename, scheme=scheme)
    if result.errors or result.rulebook is None:
        raise RulebookError(result.errors)
    return result.rulebook
