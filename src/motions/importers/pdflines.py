"""Classifying a PDF's body lines: which line opens a heading, a provision or a paragraph.

Step 5 of the PDF importer (`motions.importers.pdf`): a line opening with a heading keyword in
bold or large type starts a heading; a line opening with a label starts a provision when the
label stands apart (a hanging label, a paragraph gap before it, or an outdent); every other line
continues the block above, rejoining hyphenated words.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence

import attrs

from motions.importers.layout import Block, BlockKind, Joiner, Labels
from motions.importers.pdfread import Line


@attrs.frozen
class Cues:
    """Measures of the body type that the block rules compare against."""

    size: float  # body type size
    leading: float  # distance between the tops of two lines of one paragraph


def _label_stands_apart(line: Line, cues: Cues) -> bool:
    words = line.words
    if len(words) == 1:
        return True
    gap = words[1].x0 - words[0].x1
    others = [b.x0 - a.x1 for a, b in itertools.pairwise(words[1:])]
    usual = statistics.median(others) if others else 0.3 * line.size
    return gap >= max(0.45 * line.size, 1.6 * usual)


def _heading_type(line: Line, cues: Cues) -> bool:
    """Set like a heading: bold, or larger than the body."""
    return line.bold or line.size >= cues.size * 1.12


def _margins(lines: Sequence[Line]) -> dict[tuple[int, int], float]:
    """The left edge of the text for each (page parity, column), for comparing indents."""
    margins: dict[tuple[int, int], float] = {}
    for line in lines:
        key = (line.page % 2, line.column)
        margins[key] = min(margins.get(key, line.x0), line.x0)
    return margins


def _right_edges(lines: Sequence[Line], size: float) -> dict[tuple[int, int], float]:
    """How far body text reaches to the right, for each (page parity, column).

    The furthest end of a line in body type: never more than the true measure, so a line judged
    short by it is short.
    """
    edges: dict[tuple[int, int], float] = {}
    for line in lines:
        if abs(line.size - size) < 0.3 and not line.bold:
            key = (line.page % 2, line.column)
            edges[key] = max(edges.get(key, line.words[-1].x1), line.words[-1].x1)
    return edges


def blocks_from_lines(
    lines: Sequence[Line], numbers: dict[int, int], labels: Labels, cues: Cues, joiner: Joiner
) -> list[Block]:
    """The body's lines grouped into headings, provisions and text (see the module's step 5)."""
    blocks: list[Block] = []
    kind: BlockKind | None = None
    parts: list[str] = []
    first: Line | None = None
    prev: Line | None = None
    margins = _margins(lines)
    edges = _right_edges(lines, cues.size)
    text_indent = 0.0  # where the current provision's text runs, after its label

    def indent(line: Line) -> float:
        return line.x0 - margins[(line.page % 2, line.column)]

    def ended_short(before: Line, line: Line) -> bool:
        """Whether `line`'s first word would have fitted on `before`: a break made by hand.

        Justified or ragged, a printer only breaks a line when the next word does not fit; a
        line that stops short of the measure by more than that word ended its paragraph.
        """
        edge = edges.get((before.page % 2, before.column))
        if edge is None or abs(before.size - cues.size) >= 0.3:
            return False
        if before.words[-1].text.endswith(("-", "\u00ad", "\u2010")):
            return False  # a word broken at the line's end: the paragraph goes on
        first_word = line.words[0]
        room = edge - before.words[-1].x1
        return room > (first_word.x1 - first_word.x0) + 0.6 * cues.size

    def close() -> None:
        if kind is not None and first is not None:
            page = numbers.get(first.page)
            where = f"page {page}" if page is not None else f"PDF page {first.page + 1}"
            if page is not None and page != first.page + 1:
                where += f" (PDF page {first.page + 1})"
            styled = _heading_type(first, cues)
            words = first.words
            body = indent(first) + (
                words[1].x0 - words[0].x0 if kind is BlockKind.PROVISION and len(words) > 1 else 0
            )
            blocks.append(
                Block(
                    kind, joiner.join(parts), page, where, styled=styled,
                    indent=indent(first) / cues.size, body=body / cues.size,
                    paragraph=kind is BlockKind.TEXT,
                )
            )  # fmt: skip

    for line in lines:
        text = line.text
        same_run = prev is not None and prev.page == line.page and prev.column == line.column
        step = line.top - prev.top if prev is not None and same_run else None
        # A paragraph gap is only known within a page: the first line of a page has none.
        gap_before = step is not None and step > cues.leading + 0.25 * cues.size
        heading_type = _heading_type(line, cues)
        # Left of the line above, or of the column where the provision's text runs (after a
        # hanging label): not a continuation of it, even at the top of a page.
        outdent = prev is not None and indent(line) < indent(prev) - 0.5 * line.size
        if kind is BlockKind.PROVISION and indent(line) < text_indent - 0.5 * line.size:
            outdent = True
        short_before = prev is not None and ended_short(prev, line)
        if labels.keyword_of(text) and heading_type:
            close()
            kind, parts, first = BlockKind.HEADING, [text], line
        elif (
            kind is BlockKind.HEADING
            and heading_type
            and first is not None
            and abs(line.size - first.size) < 0.5
            and step is not None
            and step <= 1.6 * line.size
        ):
            parts.append(text)
        elif labels.is_label(line.words[0].text) and (
            (_label_stands_apart(line, cues) and (len(line.words) > 1 or not same_run))
            or gap_before
            or outdent
            or short_before
            # A label in heading type, after body type: a bare-label heading ("4. Developers").
            or (heading_type and (prev is None or not _heading_type(prev, cues)))
        ):
            close()
            kind, parts, first = BlockKind.PROVISION, [text], line
            words = line.words
            text_indent = indent(line) + (words[1].x0 - words[0].x0 if len(words) > 1 else 0.0)
        elif (
            kind is BlockKind.HEADING
            or kind is None
            or (kind is BlockKind.TEXT and (gap_before or short_before))
            # A new paragraph of a provision (its second paragraph, "These include ..."),
            # unless the line goes on with a bare-label heading set on two lines.
            or (
                kind is BlockKind.PROVISION
                and (gap_before or short_before)
                and not (heading_type and first is not None and _heading_type(first, cues))
            )
            # An unnumbered heading after body type: its own block, so that it is reported.
            or (heading_type and prev is not None and not _heading_type(prev, cues))
            # A bare-label heading ("4. The Developers", in bold) ends where body type begins.
            or (
                kind is BlockKind.PROVISION
                and first is not None
                and _heading_type(first, cues)
                and not heading_type
            )
        ):
            close()
            kind, parts, first = BlockKind.TEXT, [text], line
        else:
            parts.append(text)
        prev = line
    close()
    return blocks
