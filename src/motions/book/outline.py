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

import attrs

from motions.book.address import Address
from motions.book.markers import ESCAPE_HINT, HEADER_RE, PAGE_RE, Grammar, Matcher, grammar_of
from motions.book.numbering import (
    EMBEDDED_PREFIX,
    LabelKey,
    Level,
    Scheme,
    firsts,
    format_label,
    label_key,
    parse_scheme,
    resolve_scheme,
    successors,
)
from motions.book.rulebook import Provision, Rulebook
from motions.errors import Diagnostic, RulebookError, Severity, error
from motions.numbers import natural
from motions.source import Span


@attrs.define
class Node:
    """A provision under construction (mutable while the parser is on it)."""

    root: str
    labels: tuple[str, ...]
    key: LabelKey
    heading: str | None
    text: list[str]
    span: Span
    page: int | None
    children: list[Node] = attrs.field(factory=list)

    def freeze(self, scheme: Scheme) -> Provision:
        """The frozen provision, children first; each value is built once."""
        children = tuple([child.freeze(scheme) for child in self.children])
        address = Address(self.root, self.labels, scheme)
        text = " ".join(self.text)
        return Provision(
            address, self.labels[-1], self.heading, text, children, self.span, self.page
        )


@attrs.frozen
class Outline:
    """What the outline parser made of a text: the book (if it could) and every diagnostic."""

    rulebook: Rulebook | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


class Parser:
    def __init__(self, text: str, filename: str, scheme: Scheme | None) -> None:
        self.lines = text.splitlines()
        self.filename = filename
        self.header: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []
        self.tops: list[Node] = []
        self.stack: list[Node] = []
        self.page: int | None = None
        self.current_line = 0
        self.embedded: list[str] = []
        self.start = self._read_header()
        self.scheme = scheme or self._header_scheme()
        self.grammar = grammar_of(self.scheme)
        self.openings: dict[str, Grammar] = {}
        self._bare: dict[tuple[str, str], list[tuple[Matcher, int]]] = {}
        #: For a fragment: the depth of its first provision and the label that provision takes.
        self.first: tuple[int, LabelKey] | None = None

    def span(self, number: int, column: int = 1, length: int = 1) -> Span:
        return Span(self.filename, number, column, length, self.lines[number - 1])

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
        for index in range(self.start, len(self.lines)):
            self.current_line = index + 1
            self.line(index + 1, self.lines[index])
        scheme = self.scheme
        book = Rulebook(
            title=self.header.get("Title", "Untitled rule book"),
            edition=self.header.get("Edition", ""),
            scheme=scheme,
            children=tuple(top.freeze(scheme) for top in self.tops),
            filename=self.filename,
        )
        return Outline(book, tuple(self.diagnostics))

    # -- one line ---------------------------------------------------------------------------

    def line(self, number: int, raw: str) -> None:
        stripped = raw.strip()
        if not stripped:
            return
        first = stripped[0]
        if first == "#":
            return
        if first == "[":
            page = PAGE_RE.fullmatch(stripped)
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
        elif first == "\\":
            self.continuation(number, stripped[1:].strip())
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
            self.bare_candidates(raw, first) if grammar.bare or grammar.bare_tops else []
        )
        if candidates:
            self.bare(number, candidates)
        else:
            self.continuation(number, stripped)

    def continuation(self, number: int, text: str) -> None:
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
        if text:
            self.stack[-1].text.append(text)

    def new_node(
        self, number: int, match: re.Match[str], parent: Node | None, level: Level, key: LabelKey
    ) -> Node:
        label = format_label(key, level.style)
        rest = (match.group("rest") or "").strip()
        heading = (rest or None) if level.heading else None
        text = [] if level.heading or not rest else [rest]
        root = parent.root if parent is not None else level.name
        labels = (*parent.labels, label) if parent is not None else (label,)
        column = match.start("label") + 1
        node = Node(root, labels, key, heading, text, self.span(number, column), self.page)
        if parent is None:
            self.tops.append(node)
        else:
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
        sequence = self.scheme.sequence(self.stack[0].root)
        if level not in sequence:
            self.problem(
                number, match, "outline-out-of-place",
                f"a {level.name} cannot stand in {self.stack[0].root} "
                f"{self.stack[0].labels[0]}",
                f"a {self.stack[0].root} has no {level.name}s",
            )  # fmt: skip
            return
        depth = sequence.index(level)
        if len(self.stack) < depth:
            self.problem(
                number, match, "outline-out-of-place",
                f"a {level.name} needs a {sequence[depth - 1].name} above it",
                f"add the missing {sequence[depth - 1].name}",
            )  # fmt: skip
            return
        parent = self.stack[depth - 1]
        last = parent.children[-1].key if parent.children else None
        if last is None and self.first is not None and self.first[0] == depth:
            last = self.first_predecessor(level)
        self.check_sequence(number, match, level, key, last, parent)
        self.stack[depth:] = [self.new_node(number, match, parent, level, key)]

    def allowed_firsts(self, depth: int, level: Level) -> tuple[LabelKey, ...]:
        """The labels a new list at `depth` may start with (a fragment's first is given)."""
        if self.first is not None and self.first[0] == depth and not self.stack[-1].children:
            return (self.first[1],)
        return firsts(level.style, start=level.start)

    def first_predecessor(self, level: Level) -> LabelKey | None:
        assert self.first is not None
        key = self.first[1]
        if key.suffix:
            return LabelKey(key.ordinal)
        return LabelKey(key.ordinal - 1) if key.ordinal > 1 else None

    def bare_matchers(self, root: str, first: str) -> list[tuple[Matcher, int]]:
        """The bare-label matchers that can occur under `root` on a line opening with `first`,
        with their depth."""
        cached = self._bare.get((root, first))
        if cached is None:
            sequence = self.scheme.sequence(root)
            cached = [
                (m, sequence.index(m.level))
                for m in self.grammar.opening(first).bare
                if m.level in sequence
            ]
            self._bare[root, first] = cached
        return cached

    def bare_candidates(
        self, raw: str, first: str
    ) -> list[tuple[int, Level, LabelKey, re.Match[str]]]:
        found = []
        for matcher in self.grammar.opening(first).bare_tops:
            if self.stack and matcher.level.name != self.stack[0].root:
                continue
            match = matcher.regex.match(raw)
            key = label_key(match.group("label"), matcher.level.style) if match else None
            if match is not None and key is not None:
                found.append((0, matcher.level, key, match))
        if not self.stack:
            return found
        matchers = self._bare.get((self.stack[0].root, first))
        if matchers is None:
            matchers = self.bare_matchers(self.stack[0].root, first)
        for matcher, depth in matchers:
            match = matcher.regex.match(raw)
            if match is None:
                continue
            key = label_key(match.group("label"), matcher.level.style)
            if key is None:
                continue
            parent_label = match.group("parent") if matcher.numbered_under else None
            if parent_label is not None:
                parent = self.stack[depth - 1] if len(self.stack) >= depth else None
                parent_style = self.scheme.sequence(self.stack[0].root)[depth - 1].style
                if parent is None or label_key(parent_label, parent_style) != parent.key:
                    self.wrong_parent(raw, match, matcher.level, parent)
                    return []
            found.append((depth, matcher.level, key, match))
        return found

    def bare(
        self, number: int, candidates: list[tuple[int, Level, LabelKey, re.Match[str]]]
    ) -> None:
        deepest = len(self.stack) - 1
        if not self.stack:  # the book's first top, written as a bare label
            depth, level, key, match = candidates[0]
            self.top(number, level, match)
            return
        # The first of a new list under the deepest open provision ...
        for depth, level, key, match in candidates:
            if depth == deepest + 1 and key in self.allowed_firsts(depth, level):
                self.stack.append(self.new_node(number, match, self.stack[deepest], level, key))
                return
        # ... or the next label after one of the open provisions, the deepest first.
        for open_depth in range(deepest, 0, -1):
            for depth, level, key, match in candidates:
                if depth == open_depth and key in successors(self.stack[depth].key, level.style):
                    parent = self.stack[depth - 1]
                    self.stack[depth:] = [self.new_node(number, match, parent, level, key)]
                    return
        # ... or, last, the next top written as a bare label ("5. Amendments" after "4.").
        for depth, level, key, match in candidates:
            if depth == 0 and key in successors(self.stack[0].key, level.style, divided=True):
                self.top(number, level, match)
                return
        self.misplaced(number, candidates)

    # -- diagnostics ------------------------------------------------------------------------

    def wrong_parent(
        self, raw: str, match: re.Match[str], level: Level, parent: Node | None
    ) -> None:
        """A "17.7"-style label whose first number is not the provision it stands under."""
        number = self.current_line
        where = self.describe(parent) if parent is not None else "nothing"
        self.diagnostics.append(
            error(
                "outline-wrong-parent",
                f"'{match.group(0).split()[0]}' is numbered for "
                f"{match.group('parent')}, but stands under {where}",
                span=self.span(number, match.start("parent") + 1, len(match.group("parent"))),
                hint=f"number the {level.name} after the provision it belongs to, or move it",
            )
        )

    def describe(self, node: Node) -> str:
        return Address(node.root, node.labels, self.scheme).long()

    def problem(
        self, number: int, match: re.Match[str], code: str, message: str, hint: str
    ) -> None:
        column = match.start("label") + 1
        length = match.end("label") - match.start("label")
        self.diagnostics.append(
            error(code, message, span=self.span(number, column, length), hint=hint)
        )

    def check_sequence(
        self,
        number: int,
        match: re.Match[str],
        level: Level,
        key: LabelKey,
        last: LabelKey | None,
        where: str | Node,
        *,
        divided: bool = False,
    ) -> None:
        """Report `key` unless it may follow `last` in `where` (a node is described only
        when there is something to report)."""
        allowed = (
            successors(last, level.style, divided=divided)
            if last is not None
            else firsts(level.style, divided=divided, start=level.start)
        )
        if key in allowed:
            return
        described = self.describe(where) if isinstance(where, Node) else where
        self.sequence_error(number, match, level, key, last, described, allowed)

    def sequence_error(
        self,
        number: int,
        match: re.Match[str],
        level: Level,
        key: LabelKey,
        last: LabelKey | None,
        where: str,
        allowed: tuple[LabelKey, ...],
    ) -> None:
        parent_label = self.stack[-1].labels[-1] if self.stack else ""
        if "{parent}" in level.markers[0]:
            depth = self.scheme.sequence(self.stack[0].root).index(level)
            parent_label = self.stack[depth - 1].labels[-1]

        def show(k: LabelKey) -> str:
            return level.marker(format_label(k, level.style), parent_label).strip()

        found = show(key)
        expected = " or ".join(f"'{show(k)}'" for k in allowed[:2])
        if last is None:
            code, message = (
                "outline-bad-start",
                f"the {level.name}s in {where} start at {expected}, not '{found}'",
            )
        elif key == last:
            code, message = "outline-duplicate-label", f"'{found}' appears twice in {where}"
        elif key < last:
            code, message = (
                "outline-out-of-order",
                f"'{found}' comes after '{show(last)}' in {where}",
            )
        else:
            code, message = (
                "outline-skipped-label",
                f"expected {expected} after '{show(last)}' in {where}, found '{found}'",
            )
        self.problem(
            number, match, code, message,
            "renumber the list; a provision inserted between two others takes an inserted "
            f"label such as '5A.' (arabic levels); {ESCAPE_HINT}",
        )  # fmt: skip

    def misplaced(
        self, number: int, candidates: list[tuple[int, Level, LabelKey, re.Match[str]]]
    ) -> None:
        deepest = len(self.stack) - 1
        # Explain it as the nearest thing the author probably meant: a sibling of an open
        # provision (deepest first), else the first of a list under the deepest one.
        open_ones = sorted((c for c in candidates if 0 < c[0] <= deepest), key=lambda c: -c[0])
        if open_ones:
            depth, level, key, match = open_ones[0]
            parent = self.stack[depth - 1]
            allowed = successors(self.stack[depth].key, level.style)
            self.sequence_error(
                number, match, level, key, self.stack[depth].key, self.describe(parent), allowed
            )
            self.stack[depth:] = [self.new_node(number, match, parent, level, key)]
            return
        first = [c for c in candidates if c[0] == deepest + 1]
        if first:
            depth, level, key, match = first[0]
            self.sequence_error(
                number, match, level, key, None, self.describe(self.stack[deepest]),
                firsts(level.style, start=level.start),
            )  # fmt: skip
            self.stack.append(self.new_node(number, match, self.stack[deepest], level, key))
            return
        depth, level, key, match = min(candidates, key=lambda c: c[0])
        if depth == 0:  # a top written as a bare label, out of sequence: say which
            self.top(number, level, match)
            return
        sequence = self.scheme.sequence(self.stack[0].root)
        above = sequence[depth - 1].name if depth > 0 else "heading"
        self.problem(
            number, match, "outline-out-of-place",
            f"'{match.group('label')}' reads as a {level.name}, but "
            f"{self.describe(self.stack[-1])} has no {above} for it to stand in",
            f"add the missing {above}, or fix the label; {ESCAPE_HINT}",
        )  # fmt: skip
        self.continuation(number, (match.group("rest") or "").strip())


def outline(text: str, *, filename: str = "<rulebook>", scheme: Scheme | None = None) -> Outline:
    """Parse `text`, returning the book and every diagnostic (errors do not raise here)."""
    parser = Parser(text, filename, scheme)
    # Building the tree allocates many small objects and no cycles; the cyclic collector
    # would only rescan them over and over (it made scale 10 take 12x scale 1, not 10x).
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = parser.run()
    finally:
        if collecting:
            gc.enable()
    if not result.rulebook or not result.rulebook.children:
        empty = error(
            "outline-empty",
            f"{filename} holds no {parser.scheme.levels[0].name}s",
            hint=f"a rule book starts with a line such as "
            f"'{parser.scheme.levels[0].marker('1')} Heading'",
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
