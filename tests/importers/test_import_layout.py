"""The pieces of the importers on made-up lines: joining, labels, running lines, assembly."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motions import parse_rulebook
from motions.book.numbering import load_scheme, marker_keyword
from motions.importers import ImporterError, import_docx, import_file, import_pdf
from motions.importers.export import export_docx, export_pdf
from motions.importers.layout import Block, BlockKind, Joiner, Labels, assemble
from motions.importers.pdf import (
    Cues,
    Line,
    Page,
    Word,
    blocks_from_lines,
    is_contents,
    page_lines,
    printed_numbers,
    running_lines,
)
from motions.importers.pdfpages import page_furniture

LABOUR = Labels.of(load_scheme("labour"))

# -- joining lines -------------------------------------------------------------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=12)


@given(st.lists(_word, min_size=2, max_size=30), st.data())
def test_soft_hyphens_rejoin_the_broken_word(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    at = data.draw(st.integers(0, len(words) - 1))
    word = words[at]
    cut = data.draw(st.integers(1, len(word) - 1))
    before = " ".join([*words[:at], word[:cut] + data.draw(st.sampled_from(["\u2010", "\u00ad"]))])
    after = " ".join([word[cut:], *words[at + 1 :]])
    assert Joiner().join([before, after]) == text


@given(st.lists(_word, min_size=1, max_size=20), st.integers(1, 5))
def test_lines_are_joined_with_single_spaces(words: list[str], parts: int) -> None:
    size = max(1, len(words) // parts)
    lines = [" ".join(words[i : i + size]) + "  " for i in range(0, len(words), size)]
    assert Joiner().join(lines) == " ".join(words)


def test_a_hyphen_minus_at_a_line_end_is_decided_by_the_books_own_words() -> None:
    book = Joiner(Counter({"committee": 3, "co-operative": 6, "cooperative": 2, "self": 1}))
    assert book.join(["the commit-", "tee shall"]) == "the committee shall"
    assert book.join(["a co-", "operative society"]) == "a co-operative society"
    # No evidence either way: kept after a whole word of the book, dropped otherwise.
    assert book.join(["self-", "defines"]) == "self-defines"
    assert book.join(["inter-", "mediate"]) == "intermediate"
    # A book that marks its hyphenation with U+2010 never hyphenates with a hyphen-minus.
    marked = Joiner.for_lines(["this line ends in a hyphena\u2010", "tion", "commit-", "tee"])
    assert marked.distinct_soft
    assert marked.join(["commit-", "tee"]) == "commit-tee"


def test_line_breaks_inside_citations_and_after_dashes_leave_no_space() -> None:
    joiner = Joiner()
    assert joiner.join(["under Clause III.", "2.C above"]) == "under Clause III.2.C above"
    assert joiner.join(["members and/", "or supporters"]) == "members and/or supporters"
    assert joiner.join(["rules 2\u2013", "11 below"]) == "rules 2\u201311 below"
    assert joiner.join(["under rule 3.", "A vote"]) == "under rule 3. A vote"
    assert joiner.join(["see Clause I.", "1 above"]) == "see Clause I.1 above"
    assert joiner.join(["under rule 3.", "10 members may"]) == "under rule 3. 10 members may"
    assert joiner.join(["e\ufb03cient", "\u00a0sta\ufb00"]) == "efficient staff"


# -- lines, columns and pages --------------------------------------------------------------------


def _line(text: str, x: float, top: float, page: int = 0, size: float = 9.0, *,
          gap: float = 2.5, italic: bool = False, bold: bool = False,
          label_gap: float | None = None) -> Line:  # fmt: skip
    words = []
    for i, piece in enumerate(text.split()):
        width = 4.5 * len(piece)
        words.append(Word(piece, x, x + width, top, top + size, size, bold, italic))
        x += width + (label_gap if i == 0 and label_gap is not None else gap)
    return Line(tuple(words), page)


def test_two_columns_are_read_one_after_the_other() -> None:
    words = []
    for row in range(10):
        top = 50.0 + 12 * row
        words.append(Word(f"left{row}", 40, 80, top, top + 8, 8))
        words.append(Word("12", 180, 190, top, top + 8, 8))
        words.append(Word(f"right{row}", 230, 280, top, top + 8, 8))
    lines = page_lines(words, 0, 420)
    assert [line.text for line in lines[:2]] == ["left0 12", "left1 12"]
    assert [line.column for line in lines] == [0] * 10 + [1] * 10
    # A single stretched line with a wide gap is not a gutter.
    stretched = [Word("stretched", 40, 120, 50, 58, 8), Word("line", 300, 330, 50, 58, 8)]
    assert {line.column for line in page_lines(stretched * 1, 0, 420)} == {0}


def _page(index: int, body: list[str], header: str | None, footer: str | None) -> Page:
    lines = []
    if header is not None:
        lines.append(_line(header, 40, 20, index, 7.5, italic=True))
    for row, text in enumerate(body):
        lines.append(_line(text, 40, 50 + 11.5 * row, index))
    if footer is not None:
        lines.append(_line(footer, 200, 570, index, 8))
    return Page(index, 420, 595, tuple(lines))


def test_running_headers_and_page_numbers_are_found_but_body_lines_are_kept() -> None:
    pages = [
        _page(i, ["the same first body line", f"text {i}", "more text", "the end"],
              "Model Rule Book 2026" if i % 2 else f"Chapter {i} Heading", str(i + 1))
        for i in range(8)
    ]  # fmt: skip
    running = running_lines(pages, 9.0)
    texts = sorted(line.text for line in running)
    assert texts.count("Model Rule Book 2026") == 4
    assert {f"Chapter {i} Heading" for i in (0, 2, 4, 6)} <= set(texts)
    assert {str(i + 1) for i in range(8)} <= set(texts)
    assert not any(line.text == "the same first body line" for line in running)
    assert printed_numbers(pages, running) == {i: i + 1 for i in range(8)}


def test_printed_numbers_are_filled_in_between_pages_that_print_one() -> None:
    pages = [_page(i, ["text"], None, None if i in (0, 1, 4) else str(i - 1)) for i in range(7)]
    numbers = printed_numbers(pages, running_lines(pages, 9.0))
    assert numbers == {2: 1, 3: 2, 4: 3, 5: 4, 6: 5}


def test_contents_pages_are_recognised() -> None:
    toc = [
        _line(f"Clause {r}. Heading {r}", 40, 50 + 10 * i)
        for i, r in enumerate(["I", "II", "III", "IV"])
    ]
    toc = [Line((*line.words, Word(str(3 + i), 200, 205, line.top, line.top + 8, 9)), 0)
           for i, line in enumerate(toc)]  # fmt: skip
    assert is_contents(toc)
    body = [_line("1. A rule that cites rule 12", 40, 50), _line("and then ends.", 40, 61)]
    assert not is_contents(body)
    assert is_contents([_line("Contents", 40, 50)])


# -- blocks --------------------------------------------------------------------------------------


def _blocks(lines: list[Line]) -> list[tuple[BlockKind, str]]:
    blocks = blocks_from_lines(lines, {0: 1, 1: 2}, LABOUR, Cues(9.0, 11.5), Joiner())
    return [(b.kind, b.text) for b in blocks]


def test_hanging_labels_start_provisions_and_wrapped_lines_continue_them() -> None:
    lines = [
        _line("Chapter 4 Elections of national officers", 40, 50, size=13, bold=True),
        _line("and national committees", 40, 66, size=13, bold=True),
        _line("Clause I. General", 40, 90, bold=True),
        _line("1. The Party shall hold elections as set out in", 40, 104, label_gap=12),
        # A wrapped line that happens to start like a label, with an ordinary space after it.
        _line("2. The NEC may make rules for them.", 58, 115.5),
        _line("2. Nominations", 40, 130, label_gap=12),
        _line("A. Each CLP may nominate one candi\u2010", 58, 141.5, label_gap=12),
        _line("date.", 76, 153),
    ]
    assert _blocks(lines) == [
        (BlockKind.HEADING, "Chapter 4 Elections of national officers and national committees"),
        (BlockKind.HEADING, "Clause I. General"),
        (BlockKind.PROVISION,
         "1. The Party shall hold elections as set out in 2. The NEC may make rules for them."),
        (BlockKind.PROVISION, "2. Nominations"),
        (BlockKind.PROVISION, "A. Each CLP may nominate one candidate."),
    ]  # fmt: skip


def test_a_heading_keyword_in_body_type_is_text_not_a_heading() -> None:
    lines = [
        _line("Clause II. Members", 40, 50, bold=True),
        _line("These rules apply to every member, as set out in", 40, 64),
        _line("Chapter 2 of these rules.", 40, 75.5),
    ]
    assert _blocks(lines) == [
        (BlockKind.HEADING, "Clause II. Members"),
        (BlockKind.TEXT, "These rules apply to every member, as set out in Chapter 2 of "
                         "these rules."),
    ]  # fmt: skip


def test_the_first_line_of_a_page_continues_unless_its_label_stands_apart() -> None:
    lines = [
        _line("Clause I. Name", 40, 50, bold=True),
        _line("1. The objects of the Party are set out in the", 40, 64, label_gap=12),
        _line("per. cent of the vote is required.", 58, 50, page=1),
        _line("2. A member may resign.", 40, 61.5, page=1, label_gap=12),
    ]
    assert [text for _kind, text in _blocks(lines)] == [
        "Clause I. Name",
        "1. The objects of the Party are set out in the per. cent of the vote is required.",
        "2. A member may resign.",
    ]


def test_a_label_after_a_line_that_ended_short_starts_a_provision_in_justified_text() -> None:
    # Bug 9: justified type stretches the spaces of a sub-rule's first line as wide as the gap
    # after its label, so the label does not stand apart; but the line above it ended short.
    lines = [
        _line("Clause I. Name", 40, 50, bold=True),
        _line("1. The objects of the Party are set out below and shall be read", 40, 64,
              label_gap=12),
        _line("2. Short rule", 40, 75.5, label_gap=12),
        _line("A. Every member shall pay the subscription", 58, 87, gap=12),
        _line("B. Each branch meets yearly.", 58, 98.5, gap=12),
    ]  # fmt: skip
    assert [text for _kind, text in _blocks(lines)] == [
        "Clause I. Name",
        "1. The objects of the Party are set out below and shall be read",
        "2. Short rule",
        "A. Every member shall pay the subscription",
        "B. Each branch meets yearly.",
    ]


def test_a_provision_at_the_top_of_a_page_is_not_joined_to_the_page_before() -> None:
    # Bug 5: labels set with a plain space, no paragraph gap known at a page's top.
    lines = [
        _line("Clause I. Name", 40, 50, bold=True),
        _line("1. The objects of the Party are set out in these rules and", 40, 64),
        _line("nowhere else.", 40, 75.5),
        _line("2. A member may resign.", 40, 50, page=1),
    ]
    assert [text for _kind, text in _blocks(lines)] == [
        "Clause I. Name",
        "1. The objects of the Party are set out in these rules and nowhere else.",
        "2. A member may resign.",
    ]


def test_a_heading_reached_through_a_bare_label_keeps_its_first_paragraph_apart() -> None:
    # Bug 4: "4. The Developers" in bold, then body text with no gap before it.
    lines = [
        _line("4. The Developers", 40, 50, bold=True),
        _line("The developers are the people who make the system and shall be", 40, 61.5),
        _line("counted as members.", 40, 73),
    ]
    assert _blocks(lines) == [
        (BlockKind.PROVISION, "4. The Developers"),
        (BlockKind.TEXT,
         "The developers are the people who make the system and shall be counted as members."),
    ]  # fmt: skip


# -- assembly ------------------------------------------------------------------------------------


def test_a_label_the_sequence_rejects_is_kept_as_text_and_reported() -> None:
    blocks = [
        Block(BlockKind.FRONT, "Published by the Party", None, "PDF page 1"),
        Block(BlockKind.HEADING, "Chapter 1 General", 1, "page 1"),
        Block(BlockKind.HEADING, "Clause I. Name", 1, "page 1"),
        Block(BlockKind.PROVISION, "1. The Party is called the Party.", 1, "page 1"),
        Block(BlockKind.PROVISION, "3. The Party meets yearly.", 2, "page 2"),
        Block(BlockKind.PROVISION, "2. The NEC runs the Party.", 2, "page 2"),
    ]
    done = assemble(blocks, title="Book", edition="2025", source_name="book.txt")
    rule_1 = done.rulebook["C1.I.1"]
    assert rule_1.text == "The Party is called the Party. 3. The Party meets yearly."
    assert done.rulebook["C1.I.2"].page == 2
    codes = [d.code for d in done.diagnostics]
    assert codes == ["import-front-matter", "import-label-rejected"]
    rejected = done.diagnostics[1]
    assert "'3.' (page 2)" in rejected.message
    assert (
        rejected.span is not None
        and rejected.span.line_text.strip() == "\\3. The Party meets yearly."
    )
    assert "# [front matter, PDF page 1] Published by the Party" in done.source


_texts = st.text(alphabet="abcdefgh ijk.,;()12AB", min_size=1, max_size=40).map(str.strip)


@given(
    st.lists(
        st.tuples(st.sampled_from(list(BlockKind)), _texts.filter(bool)), min_size=1, max_size=25
    )
)
def test_assembly_never_drops_text(raw: list[tuple[BlockKind, str]]) -> None:
    blocks = [Block(BlockKind.HEADING, "Chapter 1 Rules", 1, "page 1")]
    for kind, text in raw:
        labelled = f"1. {text}" if kind is BlockKind.PROVISION else text
        blocks.append(Block(kind, labelled, 1, "page 1"))
    done = assemble(blocks, title="T", edition="", source_name="t.txt")
    book_words = Counter(w for p in done.rulebook.walk() for w in f"{p.title()} {p.text}".split())
    comments = Counter(
        w for line in done.source.splitlines() if line.startswith("# [") for w in line.split()
    )
    for block in blocks:
        for word, count in Counter(block.text.split()).items():
            assert book_words[word] + comments[word] >= count, (word, done.source)


# -- the optional libraries ----------------------------------------------------------------------


def test_a_missing_library_is_our_error_with_an_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    word = tmp_path / "book.docx"
    word.write_bytes(b"PK\x03\x04")
    for module, call in (
        ("pypdfium2", lambda: import_pdf(pdf)),
        ("docx", lambda: import_docx(word)),
        ("weasyprint", lambda: export_pdf(parse_rulebook("Chapter 1 A\n"), pdf)),
        ("docx", lambda: export_docx(parse_rulebook("Chapter 1 A\n"), word)),
    ):
        monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
        with pytest.raises(ImporterError) as caught:
            call()
        assert caught.value.first.code == "import-missing-library"
        assert "pip install 'motions[import]'" in (caught.value.first.hint or "")
        monkeypatch.undo()


def test_a_file_that_is_neither_pdf_nor_word_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "rules.txt"
    text.write_text("Chapter 1 Rules\n", encoding="utf-8")
    with pytest.raises(ImporterError) as caught:
        import_file(text)
    assert caught.value.first.code == "import-unknown-format"
    assert "needs no import" in (caught.value.first.hint or "")


def test_a_bracketed_marker_is_a_bare_label_not_a_keyword() -> None:
    # Bug 1: "({label})" made "(" a heading keyword, so "(a)" was never a label.
    assert marker_keyword("({label})") is None
    assert marker_keyword("Clause {label}.") == "Clause"
    union = Labels.of(load_scheme("union"))
    assert union.keywords == ("Rule",)
    assert union.is_label("(a)") and union.is_label("17.7")
    assert LABOUR.is_label("(iii)")


def test_hyphenation_pieces_are_rejoined_and_real_compounds_keep_their_hyphen() -> None:
    # Bug 6: "non-/exclusive" lost its hyphen; "as-/signed" and "sell-/ing" kept theirs.
    book = Joiner(Counter({"as": 5, "signed": 1, "sell": 2, "exclusive": 3, "trade": 2,
                           "union": 4, "agree": 1}))  # fmt: skip
    assert book.join(["a non-", "exclusive licence"]) == "a non-exclusive licence"
    assert book.join(["rights as-", "signed to it"]) == "rights assigned to it"
    assert book.join(["making, sell-", "ing, offering"]) == "making, selling, offering"
    assert book.join(["licence agree-", "ments"]) == "licence agreements"
    assert book.join(["the trade-", "union movement"]) == "the trade-union movement"


def test_an_unnumbered_heading_is_kept_and_reported_not_merged_in_silence() -> None:
    lines = [
        _line("Clause I. Name", 40, 50, bold=True),
        _line("1. The objects of the Party are set out in these rules.", 40, 64),
        _line("Transitional provisions", 40, 80, bold=True),
        _line("These rules take effect at once.", 40, 92),
    ]
    blocks = blocks_from_lines(lines, {0: 1}, LABOUR, Cues(9.0, 11.5), Joiner())
    assert [(b.kind, b.text, b.styled) for b in blocks][2:] == [
        (BlockKind.TEXT, "Transitional provisions", True),
        (BlockKind.TEXT, "These rules take effect at once.", False),
    ]
    done = assemble(
        [Block(BlockKind.HEADING, "Chapter 1 General", 1, "page 1"), *blocks],
        title="Book", edition="", source_name="book.txt",
    )  # fmt: skip
    warned = [d for d in done.diagnostics if d.code == "import-unnumbered-heading"]
    assert len(warned) == 1 and "'Transitional provisions'" in warned[0].message
    assert "(page 1)" in warned[0].message


def test_a_joined_word_with_an_ending_is_evidence_and_ex_is_no_prefix_by_itself() -> None:
    # Found on groff's printing of the GPL: "trade-/marks" (the book says "trademark") and
    # "ex-/tended" came back hyphenated.
    book = Joiner(Counter({"trademark": 2, "trade": 1, "marks": 1, "ex": 1}))
    assert book.join(["of trade-", "marks"]) == "of trademarks"
    assert book.join(["is ex-", "tended"]) == "is extended"


def test_a_wrapped_word_like_a_page_number_above_the_footer_is_text() -> None:
    """Found by Hypothesis: a full page whose last body line wrapped to the lone word "xv"
    (roman fifteen) just above the footer's "4": both sat below where text usually stops, both
    read as page numbers, and the word was dropped from the provision. Only the outermost
    number at a page's foot is its page number."""
    body = ["the first body line", "a second line", "more text", "and a fourth"]
    pages = [_page(i, body, None, str(i + 1)) for i in range(6)]
    full = _page(3, [*body, "and a line that ends in"], None, "4")
    lines = [*full.lines, _line("xv", 40, 550, 3)]
    pages[3] = Page(3, full.width, full.height, tuple(lines))
    running = running_lines(pages, 9.0)
    assert {line.text for line in running if line.page == 3} == {"4"}
    assert printed_numbers(pages, running) == {i: i + 1 for i in range(6)}


def _numbered_pages(word: str, *, size: float = 9.0) -> list[Page]:
    """Six pages numbered at the foot, but page 4 prints no number and ends, where a number
    could stand (below where the text of every page stops), in the lone line `word`."""
    body = ["the first body line", "a second line", "more text", "and a fourth"]
    pages = [_page(i, body, None, str(i + 1)) for i in range(6)]
    bare = _page(3, body, None, None)
    pages[3] = Page(3, bare.width, bare.height, (*bare.lines, _line(word, 40, 520, 3, size)))
    return pages


@pytest.mark.parametrize("word", ["c", "iv", "12", "Page 9"])
def test_a_lone_word_that_breaks_the_page_numbers_step_is_kept_and_reported(word: str) -> None:
    pages = _numbered_pages(word)
    furniture = page_furniture(pages, 9.0)
    assert {line.text for line in furniture.running} == {str(i + 1) for i in range(6) if i != 3}
    assert [(line.text, line.page) for line, _why in furniture.doubtful] == [(word, 3)]
    assert "like a page number" in furniture.doubtful[0][1]
    # The pages still get the numbers printed around them.
    assert printed_numbers(pages, furniture.running) == {i: i + 1 for i in range(6)}


def test_a_number_that_keeps_the_step_where_a_page_prints_its_number_is_the_page_number() -> None:
    # Page 4's number at its foot, a little higher than the other pages print theirs.
    furniture = page_furniture(_numbered_pages("4", size=8), 9.0)
    assert {line.text for line in furniture.running} == {str(i + 1) for i in range(6)}
    assert furniture.doubtful == ()


def test_a_number_alone_in_its_place_is_a_page_number_only_if_the_page_could_print_it() -> None:
    # One page: "1" apart from the text at its foot is its number; "12" cannot be page 1's.
    for footer, running in (("1", {"1"}), ("i", {"i"}), ("12", set()), ("c", set())):
        pages = [_page(0, ["the first body line", "a second line", "the end"], None, footer)]
        furniture = page_furniture(pages, 9.0)
        assert {line.text for line in furniture.running} == running, footer
        assert len(furniture.doubtful) == (0 if running else 1), footer
    # A roman number on a page the arabic numbers around it count (a body page) is text.
    pages = _numbered_pages("iv")
    furniture = page_furniture([pages[0], pages[3], pages[5]], 9.0)
    assert [line.text for line, _why in furniture.doubtful] == ["iv"]
    assert "count to 4" in furniture.doubtful[0][1]
