"""The outline parser's error reports: a label out of sequence, out of place, under the
wrong parent. Each says where (file:line:col, the line, a caret) and what to do, and the
parser goes on, so every problem of a file is reported at once.
"""

from __future__ import annotations

import re
from abc import abstractmethod

from motions.book.address import Address
from motions.book.markers import ESCAPE_HINT
from motions.book.numbering import LabelKey, Level, Scheme, firsts, format_label, successors
from motions.book.outline_nodes import Node
from motions.errors import Diagnostic, error
from motions.source import Span


class Reports:
    """The reporting half of the outline parser (`outline.Parser` is the other)."""

    scheme: Scheme
    stack: list[Node | None]
    diagnostics: list[Diagnostic]
    current_line: int

    @abstractmethod
    def span(self, number: int, column: int = 1, length: int = 1) -> Span: ...

    @abstractmethod
    def top_node(self) -> Node: ...

    @abstractmethod
    def last_open(self) -> Node: ...

    @abstractmethod
    def open_above(self, depth: int) -> Node | None: ...

    @abstractmethod
    def place(self, depth: int, node: Node) -> None: ...

    @abstractmethod
    def top(self, number: int, level: Level, match: re.Match[str]) -> None: ...

    @abstractmethod
    def new_node(
        self,
        number: int,
        match: re.Match[str],
        parent: Node | None,
        level: Level,
        key: LabelKey,
        depth: int | None = None,
    ) -> Node: ...

    @abstractmethod
    def continuation(self, number: int, text: str, *, paragraph: bool = False) -> None: ...

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
        return Address(node.root, node.labels, self.scheme, node.at).long()

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
        parent_label = self.last_open().labels[-1] if self.stack else ""
        if "{parent}" in level.markers[0]:
            depth = self.scheme.sequence(self.top_node().root).index(level)
            above = self.open_above(depth)
            parent_label = above.labels[-1] if above is not None else ""

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
        open_ones = sorted(
            (c for c in candidates if 0 < c[0] <= deepest and self.stack[c[0]] is not None),
            key=lambda c: -c[0],
        )
        if open_ones:
            depth, level, key, match = open_ones[0]
            parent = self.open_above(depth)
            sibling = self.stack[depth]
            assert parent is not None and sibling is not None
            allowed = successors(sibling.key, level.style)
            self.sequence_error(
                number, match, level, key, sibling.key, self.describe(parent), allowed
            )
            self.place(depth, self.new_node(number, match, parent, level, key))
            return
        first = [c for c in candidates if c[0] == deepest + 1]
        if first:
            depth, level, key, match = first[0]
            self.sequence_error(
                number, match, level, key, None, self.describe(self.last_open()),
                firsts(level.style, start=level.start),
            )  # fmt: skip
            self.place(depth, self.new_node(number, match, self.last_open(), level, key))
            return
        depth, level, key, match = min(candidates, key=lambda c: c[0])
        if depth == 0:  # a top written as a bare label, out of sequence: say which
            self.top(number, level, match)
            return
        sequence = self.scheme.sequence(self.top_node().root)
        above = sequence[depth - 1].name if depth > 0 else "heading"
        self.problem(
            number, match, "outline-out-of-place",
            f"'{match.group('label')}' reads as a {level.name}, but "
            f"{self.describe(self.last_open())} has no {above} for it to stand in",
            f"add the missing {above}, or fix the label; {ESCAPE_HINT}",
        )  # fmt: skip
        self.continuation(number, (match.group("rest") or "").strip())
