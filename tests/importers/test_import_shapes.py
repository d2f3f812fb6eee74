"""The importers bring real documents' shapes into the source format (issue 12): text after a
list kept as its parent's closing text, paragraphs kept apart, Word list levels deciding
between two readings of a label, and a warning wherever nothing in the layout decides."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from motions.book.numbering import parse_scheme
from motions.importers import import_docx
from motions.importers.layout import Block, BlockKind, assemble
from motions.importers.wordnumbering import Numbering

SCHEME = parse_scheme(
    """
name = "constitution"
[[levels]]
name = "section"
style = "arabic"
markers = ["{label}."]
heading = true
[[levels]]
name = "subsection"
style = "arabic"
markers = ["{parent}.{label}."]
heading = true
optional = true
[[levels]]
name = "item"
style = "arabic"
markers = ["{label}."]
[[levels]]
name = "sub-item"
style = "arabic"
markers = ["{label}."]
""",
    filename="constitution.toml",
)


def test_a_label_two_readings_fit_is_warned_with_its_place_when_nothing_decides() -> None:
    # Nothing set apart as a heading: "2. Elections" after item 1 of 1.1 is item 2 or
    # section 2, and the layout cannot say which. It used to be taken in silence.
    blocks = [
        Block(BlockKind.PROVISION, "1. Bodies", 1, "page 1"),
        Block(BlockKind.PROVISION, "1.1. Rules", 1, "page 1"),
        Block(BlockKind.PROVISION, "1. One.", 1, "page 1"),
        Block(BlockKind.PROVISION, "2. Elections", 2, "page 2"),
    ]
    result = assemble(blocks, title="T", edition="", scheme=SCHEME)
    warned = [d for d in result.diagnostics if d.code == "import-ambiguous-label"]
    assert len(warned) == 1
    assert "'2. Elections' (page 2)" in warned[0].message
    assert "item 2" in warned[0].message and "section 2" in warned[0].message
    # Set apart as a heading (bold, or a Heading style), it is section 2, with no warning.
    styled = [*blocks[:3], Block(BlockKind.PROVISION, "2. Elections", 2, "page 2", styled=True)]
    result = assemble(styled, title="T", edition="", scheme=SCHEME)
    assert not [d for d in result.diagnostics if d.code == "import-ambiguous-label"]
    assert [p.address.compact() for p in result.rulebook.children] == ["1", "2"]


def test_list_depth_decides_between_an_item_and_a_sub_item() -> None:
    # After sub-item 3, "4." is item 4 or sub-item 4: the depth the document gives it decides.
    def item(text: str, depth: float) -> Block:
        return Block(BlockKind.PROVISION, text, 1, "page 1", indent=depth, body=depth + 1)

    blocks = [
        Block(BlockKind.PROVISION, "1. Vote", 1, "page 1", styled=True, indent=0, body=1),
        item("1. Ballots.", 1), item("2. Options:", 1), item("1. A.", 2), item("2. B.", 2),
        item("3. C.", 2), item("3. Count.", 1), item("1. D.", 2), item("2. E.", 2),
        item("3. F.", 2), item("4. Close.", 1),
    ]  # fmt: skip
    result = assemble(blocks, title="T", edition="", scheme=SCHEME)
    vote = result.rulebook.children[0]
    assert [c.text for c in vote.children] == ["Ballots.", "Options:", "Count.", "Close."]
    assert not result.diagnostics


def test_text_standing_out_of_a_list_is_the_closing_text_of_the_provision_above_it() -> None:
    blocks = [
        Block(BlockKind.PROVISION, "1. Bodies", 1, "p", styled=True, indent=0, body=1),
        Block(BlockKind.TEXT, "Each decision is made by:", 1, "p", indent=0, paragraph=True),
        Block(BlockKind.PROVISION, "1. The Developers;", 1, "p", indent=1, body=2),
        Block(BlockKind.TEXT, "by resolution.", 1, "p", indent=2, paragraph=True),
        Block(BlockKind.PROVISION, "2. The Leader.", 1, "p", indent=1, body=2),
        Block(BlockKind.TEXT, "The rest sets out", 1, "p", indent=0, paragraph=True),
        Block(BlockKind.TEXT, "their powers.", 1, "p", indent=0, paragraph=True),
        Block(BlockKind.PROVISION, "1.1. Rules", 1, "p", styled=True, indent=0, body=1),
    ]
    result = assemble(blocks, title="T", edition="", scheme=SCHEME)
    bodies = result.rulebook.children[0]
    assert bodies.text == "Each decision is made by:"
    # A paragraph indented under an item is more of that item, a paragraph of its own.
    assert bodies.children[0].text == "The Developers;\nby resolution."
    assert bodies.children[1].text == "The Leader."
    assert bodies.closing == "The rest sets out\ntheir powers."
    assert "[1] The rest sets out" in result.source
    assert [c.address.compact() for c in bodies.children] == ["1.-.1", "1.-.2", "1.1"]
    assert not result.diagnostics


def _numbering(xml: str) -> Numbering:
    return Numbering.parse(parse_xml(f"<w:numbering {nsdecls('w')}>{xml}</w:numbering>"))


def _lvl(ilvl: int) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="%{ilvl + 1}."/></w:lvl>'
    )


def test_a_nested_list_restarted_by_its_own_instance_leaves_the_outer_count_alone() -> None:
    # LibreOffice's Word files: item 5 (a plain instance), sub-items restarted by an instance
    # overriding level 1 only, sub-item 3 and item 6 by plain instances. Item 6 came back "1.".
    numbering = _numbering(
        f'<w:abstractNum w:abstractNumId="2">{_lvl(0)}{_lvl(1)}</w:abstractNum>'
        '<w:num w:numId="33"><w:abstractNumId w:val="2"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="47"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="48"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"/>'
        '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="50"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="51"><w:abstractNumId w:val="2"/></w:num>'
    )
    steps = [("33", 0), ("47", 0), ("47", 0), ("48", 1), ("48", 1), ("50", 1), ("51", 0)]
    labels = [numbering.next_label(num, ilvl) for num, ilvl in steps]
    assert [label.text if label else None for label in labels] == [
        "1.", "2.", "3.", "1.", "2.", "3.", "4.",
    ]  # fmt: skip


def _paragraph(text: str, ppr: str = "") -> object:
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    return parse_xml(f"<w:p {nsdecls('w')}><w:pPr>{ppr}</w:pPr>{run}</w:p>")


def test_a_word_paragraph_indented_by_hand_stays_with_its_item(tmp_path: Path) -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="7">{_lvl(0)}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="7"><w:abstractNumId w:val="7"/></w:num>')
    )
    body = document.element.body
    item = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'
    for paragraph in (
        _paragraph("1. Bodies", '<w:pStyle w:val="Heading1"/>'),
        _paragraph("The Developers;", item),
        _paragraph("who vote.", '<w:ind w:left="720"/>'),  # its number taken off by hand
        _paragraph("The Leader.", item),
        _paragraph("The rest sets out their powers."),  # at the margin: after the list
        _paragraph("2. Leader", '<w:pStyle w:val="Heading1"/>'),
        _paragraph("The Leader leads."),
    ):
        body.insert(len(body) - 1, paragraph)
    document.save(str(tmp_path / "list.docx"))
    book = import_docx(tmp_path / "list.docx", scheme=SCHEME).rulebook
    bodies = book.children[0]
    assert [c.text for c in bodies.children] == ["The Developers;\nwho vote.", "The Leader."]
    assert bodies.closing == "The rest sets out their powers."
    assert book.children[1].text == "The Leader leads."
