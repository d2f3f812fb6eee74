"""Bare labels: the half of the outline parser that decides what "i." or "2." is.

A bare label names no level, so the open provisions decide: the first of a new list under the
deepest one, or the next label after one of them (`Labels.readings`); where two readings fit,
the layout (blank lines, indentation), else the deeper one, noted as ambiguous. Kept apart from
the line reader (`motions.book.outline.Parser`, which inherits it) for size; the short cuts here
(`placed_directly`, `canonical`, the one pattern for the other markers) give what the general
path gives, which `tests/test_outline_paths.py` checks.
"""

from __future__ import annotations

import re

from motions.book.markers import Grammar, Matcher, either
from motions.book.numbering import (
    LabelKey,
    Level,
    Style,
    firsts,
    format_label,
    label_key,
    successors,
)
from motions.book.outline_errors import Reports
from motions.book.outline_nodes import Node, Reading

#: The arabic style, looked up once: a member of an enum read from its class is a descriptor
#: call in Python 3.11 (about 0.1 µs), and a parse asks once a label.
_ARABIC = Style.ARABIC
#: A label not read yet (`Labels._label_keys`): no label has this key, and it is compared by
#: identity.
_UNREAD = LabelKey(-1, "unread")

#: The bare-label matchers for one top and first character: (matcher, its depth, the keys of
#: the labels of its style read so far); and the one pattern for all but the first.
BareMatchers = tuple[list[tuple[Matcher, int, dict[str, LabelKey | None]]], re.Pattern[str] | None]


def _rank(pair: tuple[tuple[int, int], Reading]) -> tuple[int, int]:
    return pair[0]


def canonical(written: str, key: LabelKey, style: Style) -> str:
    """The canonical form of a label as written, whose key is `key`. Only an arabic label
    can be written otherwise ("05", "9 (A)", "5a"): a roman numeral or letters that have a
    key are already canonical (`label_key` reads no other form of them)."""
    if style is not _ARABIC or (
        written.isdigit() and written.isascii() and (written[0] != "0" or written == "0")
    ):
        return written
    return format_label(key, style)


class Labels(Reports):
    """The bare-label reading of `outline.Parser` (its state is the parser's)."""

    grammar: Grammar
    tops: list[Node]
    #: For a fragment: the depth of its first provision and the label that provision takes.
    first: tuple[int, LabelKey] | None
    direct: bool
    spaced: bool
    indented: bool
    ambiguities: list[tuple[int, str, str, tuple[str, ...]]]
    _bare: dict[tuple[str, str], BareMatchers]
    #: By style, the key of each label read so far (None: no label of the style): a parse
    #: reads the same few labels ("1", "A", "i") again and again, and a dictionary of strings
    #: answers faster than `label_key`'s memo, which hashes the style with the label.
    _label_keys: dict[Style, dict[str, LabelKey | None]]

    def allowed_firsts(self, depth: int, level: Level) -> tuple[LabelKey, ...]:
        """The labels a new list at `depth` may start with (a fragment's first is given)."""
        if self.first is not None and self.first[0] == depth and not self.last_open().children:
            return (self.first[1],)
        return firsts(level.style, start=level.start)

    def bare_matchers(self, root: str, first: str) -> BareMatchers:
        """The bare-label matchers that can occur under `root` on a line opening with `first`,
        with their depth and the keys of their style's labels read so far (`_label_keys`);
        and where three or more can, one pattern for all but the first (`markers.either`), so
        a line the first does not open is ruled out in one more match, not one a marker."""
        cached = self._bare.get((root, first))
        if cached is None:
            sequence = self.scheme.sequence(root)
            keys = self._label_keys
            matchers = [
                (m, sequence.index(m.level), keys.setdefault(m.level.style, {}))
                for m in self.grammar.opening(first).bare
                if m.level in sequence
            ]
            rest = tuple(m.regex for m, _, _ in matchers[1:])
            cached = self._bare[root, first] = (matchers, either(rest) if len(rest) > 1 else None)
        return cached

    def bare_candidates(
        self, raw: str, first: str, grammar: Grammar | None = None
    ) -> list[tuple[int, Level, LabelKey, re.Match[str]]]:
        """Every bare-label level the line's label may be read as: (sequence index, level,
        key, match). Only the markers that can open with the line's first character are
        tried, and only the levels under the open top."""
        if grammar is None:
            grammar = self.grammar.opening(first)
        found = []
        for matcher in grammar.bare_tops:
            match = matcher.regex.match(raw)
            key = label_key(match.group("label"), matcher.level.style) if match else None
            if match is not None and key is not None:
                found.append((0, matcher.level, key, match))
        stack = self.stack
        if not stack:
            return found
        top = stack[0]
        assert top is not None
        root = top.root
        cached = self._bare.get((root, first))
        matchers, rest = cached if cached is not None else self.bare_matchers(root, first)
        for matcher, depth, keys in matchers:
            match = matcher.regex.match(raw)
            if rest is not None:  # only after the first marker: does any other fit?
                if match is None and not rest.match(raw):
                    break
                rest = None
            if match is None:
                continue
            level = matcher.level
            label = match.group("label")
            key = keys.get(label, _UNREAD)
            if key is _UNREAD:
                key = keys[label] = label_key(label, level.style)
            if key is None:
                continue
            if matcher.numbered_under and match.group("parent") is not None:
                parent_label = match.group("parent")
                parent = self.open_above(min(depth, len(stack)))
                sequence = self.scheme.sequence(root)
                if (
                    parent is None
                    or not self.may_skip(sequence, parent.index, depth)
                    or label_key(parent_label, sequence[parent.index].style) != parent.key
                ):
                    self.wrong_parent(raw, match, level, parent)
                    return []
            found.append((depth, level, key, match))
        return found

    def may_skip(self, sequence: tuple[Level, ...], above: int, depth: int) -> bool:
        """Whether a provision at index `depth` may stand directly under one at `above`:
        every level between them is optional."""
        return depth == above + 1 or all(level.optional for level in sequence[above + 1 : depth])

    def readings(
        self, candidates: list[tuple[int, Level, LabelKey, re.Match[str]]]
    ) -> list[Reading]:
        """Every way the bare label may be read, best first: the first of a new list under
        the deepest open provision (skipping no level, then optional ones), the next label
        after an open provision (the deepest first; a skipped level's list may begin), and
        last the next top written as a bare label ("5. Amendments" after "4.")."""
        stack = self.stack
        deepest = len(stack) - 1
        found: list[tuple[tuple[int, int], Reading]] = []
        for depth, level, key, match in candidates:
            if depth == 0:
                # The next top of the same kind, or the first of another ("A." after "9.").
                last_top = next((t for t in reversed(self.tops) if t.root == level.name), None)
                allowed = (
                    successors(last_top.key, level.style, divided=True)
                    if last_top is not None
                    else firsts(level.style, divided=True, start=level.start)
                )
                if key in allowed:
                    found.append(((2, 0), (depth, level, key, match, None, last_top)))
                continue
            # The deepest open provision above `depth` (`open_above`, its usual case here).
            above = depth if depth <= deepest else deepest + 1
            parent = stack[above - 1] or self.open_above(above)
            if parent is None:
                continue
            parent_index = parent.at[-1] if parent.at is not None else len(parent.labels) - 1
            if depth != parent_index + 1 and not self.may_skip(
                self.scheme.sequence(parent.root), parent_index, depth
            ):
                continue
            children = parent.children
            last = children[-1] if children else None
            if last is not None and last.index != depth:
                last = next((c for c in reversed(children) if c.index == depth), None)
            # A list's plain first label "1", and the plain next label ("3" after "2"), fit
            # without the tables (`firsts`, `successors`), which give the same answer.
            plain = not key.suffix
            if depth > deepest:
                if last is not None:
                    continue
                if depth == deepest + 1:
                    fits = (
                        plain and key.ordinal == 1 and level.start == 1 and self.first is None
                    ) or key in self.allowed_firsts(depth, level)
                else:
                    fits = key in firsts(level.style, start=level.start)
                rank = (0, depth)
            elif last is not None and last is stack[depth]:
                fits = (plain and key.ordinal == last.key.ordinal + 1) or key in successors(
                    last.key, level.style
                )
                rank = (1, -depth)
            elif last is None and stack[depth] is None:
                fits = key in firsts(level.style, start=level.start)
                rank = (1, -depth)
            else:
                continue
            if fits:
                found.append((rank, (depth, level, key, match, parent, last)))
        if len(found) == 1:
            return [found[0][1]]
        found.sort(key=_rank)
        return [reading for _, reading in found]

    def bare(
        self,
        number: int,
        candidates: list[tuple[int, Level, LabelKey, re.Match[str]]],
        raw: str,
        *,
        after_blank: bool = False,
    ) -> None:
        """Place a line opening with a bare label. Where several readings fit, the layout
        decides: a blank line before it (the text writer's, and the importers', mark of a
        heading) picks the one reading at a heading level, none the one that is not; else the
        indentation (in a file that indents its lists), else the deepest, noted as ambiguous."""
        stack = self.stack
        if not stack:  # the book's first top, written as a bare label
            depth, level, key, match = candidates[0]
            self.top(number, level, match)
            return
        readings = self.readings(candidates)
        if not readings:
            self.misplaced(number, candidates)
            return
        chosen = readings[0]
        if len(readings) > 1:
            pad = raw[: len(raw) - len(raw.lstrip())]
            fits = (
                [r for r in readings if r[1].heading == after_blank]
                if after_blank or self.spaced
                else []
            )
            if len(fits) != 1 and self.indented:
                fits = [r for r in (fits or readings) if self.lined_up(len(pad), r)]
            if len(fits) == 1:
                chosen = fits[0]
            else:
                self.ambiguities.append(
                    (number, raw.split()[0], self.reading_name(chosen),
                     tuple(self.reading_name(r) for r in readings if r is not chosen))
                )  # fmt: skip
        depth, level, key, match, parent, _ = chosen
        if parent is None:
            self.top(number, level, match)
            return
        self.place(depth, self.new_node(number, match, parent, level, key, depth))

    def placed_directly(
        self, candidate: tuple[int, Level, LabelKey, re.Match[str]], number: int
    ) -> bool:
        """Place a label that has one reading in the two usual ways, the next label after an
        open provision or the first under the deepest, without weighing readings (`readings`
        gives these the one reading they have; tests parse with and without this). False
        where the label is anything else: the caller weighs its readings."""
        depth, level, key, match = candidate
        stack = self.stack
        deepest = len(stack) - 1
        if depth == 0 or depth > deepest + 1:
            return False
        if depth <= deepest:
            parent, last = stack[depth - 1], stack[depth]
            if parent is None or last is None or parent.children[-1] is not last:
                return False
            # The plain next label ("3" after "2") is always a successor: no table needed.
            if (key.suffix or key.ordinal != last.key.ordinal + 1) and key not in successors(
                last.key, level.style
            ):
                return False
            del stack[depth + 1 :]
            stack[depth] = self.new_node(number, match, parent, level, key, depth)
            return True
        parent = stack[deepest]
        assert parent is not None
        if parent.children:
            return False
        # A list that starts at 1 may start with "1" (in a fragment, only with its first).
        if not (
            self.first is None and level.start == 1 and key.ordinal == 1 and not key.suffix
        ) and key not in self.allowed_firsts(depth, level):
            return False
        stack.append(self.new_node(number, match, parent, level, key, depth))
        return True

    def place(self, depth: int, node: Node) -> None:
        """Open `node` at sequence index `depth`, closing what was open at or below it."""
        stack = self.stack
        if depth < len(stack):
            del stack[depth:]
        elif depth > len(stack):
            stack.extend([None] * (depth - len(stack)))
        stack.append(node)

    def lined_up(self, pad: int, reading: Reading) -> bool:
        """Whether a line indented `pad` columns fits a reading: as far in as the provision it
        would follow, or further in than a parent that is no heading; a heading at the margin."""
        _, level, _, _, parent, last = reading
        if level.heading:
            return pad == 0
        if last is not None:
            return pad == last.pad
        if parent is None:
            return pad == 0
        parent_level = self.scheme.sequence(parent.root)[parent.index]
        return parent_level.heading or pad > parent.pad

    def reading_name(self, reading: Reading) -> str:
        """ "item 4 of section A, subsection 5": how a reading is named in a warning."""
        _, level, key, _, parent, _ = reading
        label = format_label(key, level.style)
        return f"{level.name} {label}" + (f" of {self.describe(parent)}" if parent else "")
