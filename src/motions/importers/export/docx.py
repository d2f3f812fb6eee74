"""A `Rulebook` written as a Word file whose labels come from Word's automatic numbering.

This is how a party office keeps its rule book in Word: one multilevel list for the chapters
and everything below them ("Chapter %1", "Clause %2.", "%3.", "%4." ... with the formats the
numbering scheme gives each level), linked to the Heading 1 and Heading 2 styles for chapters and
clauses; another for the appendices. The labels are not in the paragraphs' text: Word computes
them from `numbering.xml` (abstractNum levels, num instances, start overrides).

Labels Word cannot count (an inserted "5A.", a divided "Chapter 9 (A)") are typed by hand in
unnumbered paragraphs, as people do; the list after one is restarted where Word's own counting
would go wrong, with a new num instance whose `startOverride` sets the right value. Each chapter
starts on a new page (a page break), and the title page carries the title (style Title) and the
edition (style Subtitle).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from motions.book.numbering import Style, label_key
from motions.book.rulebook import Provision, Rulebook
from motions.importers.deps import missing

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FORMATS = {
    Style.ARABIC: "decimal",
    Style.UPPER_ROMAN: "upperRoman",
    Style.LOWER_ROMAN: "lowerRoman",
    Style.UPPER_LETTER: "upperLetter",
    Style.LOWER_LETTER: "lowerLetter",
}
_INDENT = 425  # twentieths of a point per level (0.75 cm)


def _lvl_text(marker: str, depth: int) -> str:
    """A scheme marker ("Clause {label}.") as Word's level text ("Clause %2.")."""
    return marker.replace("{label}", f"%{depth + 1}").replace("{parent}", f"%{depth}")


def _abstract_xml(abstract_id: int, levels: Sequence[Any], nsdecls: str) -> str:
    parts = [
        f'<w:abstractNum {nsdecls} w:abstractNumId="{abstract_id}">',
        '<w:multiLevelType w:val="multilevel"/>',
    ]
    numbered = 0
    for depth, level in enumerate(levels):
        text = _lvl_text(level.markers[0], depth)
        suffix = "space" if level.heading else "tab"
        indent = (
            ""
            if level.heading
            else (
                f'<w:pPr><w:ind w:left="{_INDENT * (numbered + 1)}" w:hanging="{_INDENT}"/></w:pPr>'
            )
        )
        numbered += 0 if level.heading else 1
        parts.append(
            f'<w:lvl w:ilvl="{depth}"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{_FORMATS[level.style]}"/><w:lvlText w:val="{text}"/>'
            f'<w:suff w:val="{suffix}"/><w:lvlJc w:val="left"/>{indent}</w:lvl>'
        )
    parts.append("</w:abstractNum>")
    return "".join(parts)


class _Lists:
    """The numbering part being built, and Word's counters as the document runs."""

    def __init__(self, document: Any, parse_xml: Any, nsdecls: str) -> None:
        self.element = document.part.numbering_part.element
        self.parse_xml = parse_xml
        self.nsdecls = nsdecls
        existing = [int(x) for x in self.element.xpath("./w:abstractNum/@w:abstractNumId")]
        nums = [int(x) for x in self.element.xpath("./w:num/@w:numId")]
        self.next_abstract = max(existing, default=0) + 1
        self.next_num = max(nums, default=0) + 1
        self.counters: dict[int, list[int | None]] = {}
        self.current: dict[int, int] = {}  # abstract id → the num instance in use

    def add_abstract(self, levels: Sequence[Any]) -> int:
        abstract_id = self.next_abstract
        self.next_abstract += 1
        node = self.parse_xml(_abstract_xml(abstract_id, levels, self.nsdecls))
        first_num = self.element.find(f"{{{_W}}}num")
        if first_num is not None:
            first_num.addprevious(node)
        else:
            self.element.append(node)
        self.counters[abstract_id] = [None] * 9
        self.current[abstract_id] = self.add_num(abstract_id, {})
        return abstract_id

    def add_num(self, abstract_id: int, starts: dict[int, int]) -> int:
        num_id = self.next_num
        self.next_num += 1
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            for ilvl, start in sorted(starts.items())
        )
        self.element.append(
            self.parse_xml(
                f'<w:num {self.nsdecls} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
            )
        )
        return num_id

    def number(self, abstract_id: int, ilvl: int, ordinal: int) -> int:
        """The num instance to give a paragraph at `ilvl` so Word counts it as `ordinal`."""
        counters = self.counters[abstract_id]
        following = 1 if counters[ilvl] is None else (counters[ilvl] or 0) + 1
        if following != ordinal:
            self.current[abstract_id] = self.add_num(abstract_id, {ilvl: ordinal})
        counters[ilvl] = ordinal
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = None
        return self.current[abstract_id]


def _set_num(element: Any, num_id: int, ilvl: int) -> None:
    """Give a paragraph (`w:p`) or a style (`w:style`) a `w:numPr`, in schema order."""
    num_pr = element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def export_docx(book: Rulebook, path: str | Path) -> Path:
    """Write `book` to `path` as a .docx file with real automatic numbering."""
    try:
        from docx import Document
        from docx.enum.text import WD_BREAK
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls as make_nsdecls
    except ImportError:
        raise missing("docx") from None
    path = Path(path)
    nsdecls = make_nsdecls("w")
    document = Document()
    document.core_properties.title = book.title
    lists = _Lists(document, parse_xml, nsdecls)
    scheme = book.scheme
    abstract_of = {
        root.name: lists.add_abstract(scheme.sequence(root.name)) for root in scheme.roots
    }
    # Chapters and clauses take their numbering from their heading styles, as in real files.
    main = abstract_of[scheme.levels[0].name]
    style_num = lists.current[main]
    for style_name, ilvl in (("Heading 1", 0), ("Heading 2", 1)):
        style = document.styles[style_name]
        _set_num(style.element, style_num, ilvl)

    document.add_paragraph(book.title, style="Title")
    if book.edition:
        document.add_paragraph(f"Edition {book.edition}", style="Subtitle")

    def write(provision: Provision, *, first: bool) -> None:
        address = provision.address
        level = address.level
        ilvl = address.depth - 1
        abstract_id = abstract_of[address.root]
        key = label_key(provision.label, level.style)
        by_hand = key is None or bool(key.suffix)
        if level.heading:
            style = "Heading 1" if ilvl == 0 else "Heading 2"
            if ilvl == 0 and not first:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            paragraph = document.add_paragraph(
                provision.title() if by_hand else provision.heading or "", style=style
            )
        else:
            parent = address.parent
            marker = level.marker(provision.label, parent.label if parent else "")
            paragraph = document.add_paragraph(
                f"{marker}\t{provision.text}" if by_hand else provision.text, style="Normal"
            )
        if by_hand:
            if level.heading:  # a typed heading must not take its style's numbering
                _set_num(paragraph._p, 0, ilvl)
        else:
            assert key is not None
            num_id = lists.number(abstract_id, ilvl, key.ordinal)
            style_linked = level.heading and address.root == scheme.levels[0].name
            if not (style_linked and num_id == style_num):
                _set_num(paragraph._p, num_id, ilvl)
        if level.heading and provision.text:
            document.add_paragraph(provision.text, style="Normal")
        for child in provision.children:
            write(child, first=False)

    for index, top in enumerate(book.children):
        write(top, first=index == 0)
    document.save(str(path))
    return path
