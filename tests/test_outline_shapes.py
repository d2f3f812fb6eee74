"""Shapes of real documents the source format says (issue 12): a skipped level, text after a
list that belongs to the parent, paragraph breaks inside a provision, arabic lists under arabic
lists, and bare labels that two readings fit."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motions.book.address import Address
from motions.book.fragment import parse_fragment
from motions.book.numbering import Scheme, parse_scheme
from motions.book.outline import outline, parse_rulebook
from motions.book.rulebook import Provision, Rulebook
from motions.errors import AddressError, RulebookError

SCHEME = """\
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
start = 0
[[levels]]
name = "item"
style = "arabic"
markers = ["{label}."]
[[levels]]
name = "sub-item"
style = "arabic"
markers = ["{label}."]
"""

BOOK = """\
Title: Shapes

1. Introduction
The Project is an association.

This document describes its structure.

2. Bodies
Each decision is made by:
1. The Developers;
2. The Leader.
[2.] Most of the remainder outlines their powers.

2.1. General rules
1. Nothing imposes an obligation.
2. A person may hold several posts.
3. A person may leave.

3. Developers

3.0. Scope
Developers decide.

3.1. Powers
Together, the Developers may:
1. Appoint the Leader.
2. Issue documents.

These include policies.
  1. A Foundation Document is critical.
  2. The Foundation Documents are two.
  3. Others follow.
3. Vote.
4. Count.
[3.1.] Note: options ranked above the default are acceptable.

When the counting is used, say who has a casting vote.
"""


@pytest.fixture
def scheme() -> Scheme:
    return parse_scheme(SCHEME, filename="constitution.toml")


def test_a_skipped_level_gets_addresses_that_say_each_labels_level(scheme: Scheme) -> None:
    book = parse_rulebook(BOOK, scheme=scheme)
    two = book.children[1]
    direct, sub = two.children[0], two.children[2]
    assert direct.level == "item" and sub.level == "subsection"
    assert direct.address.labels == sub.address.labels == ("2", "1")
    assert direct.address != sub.address
    assert direct.address.compact() == "2.-.1" and sub.address.compact() == "2.1"
    assert direct.address.id() == "section_2__item_1"
    assert direct.address.parent == two.address
    assert book[sub.address.child("1")].text == "Nothing imposes an obligation."
    assert two.address.contains(direct.address) and not sub.address.contains(direct.address)
    # An address that skips nothing is the value it always was.
    plain = Address("section", ("2", "1"), scheme)
    assert plain == sub.address and plain.at is None and hash(plain) == hash(sub.address)


def test_a_level_that_is_not_optional_still_cannot_be_skipped(scheme: Scheme) -> None:
    strict = parse_scheme(SCHEME.replace("optional = true\n", ""), filename="strict.toml")
    with pytest.raises(RulebookError) as caught:
        parse_rulebook("1. Bodies\n1. The Developers.\n", scheme=strict)
    # With no level to skip, "1." can only be another section, and section 1 is taken.
    assert "outline-duplicate-label" in str(caught.value)


def test_text_after_a_list_is_the_parents_closing_text_and_round_trips(scheme: Scheme) -> None:
    book = parse_rulebook(BOOK, scheme=scheme)
    two = book.children[1]
    assert two.text == "Each decision is made by:"
    assert two.closing == "Most of the remainder outlines their powers."
    assert two.children[1].text == "The Leader."
    powers = book.children[2].children[1]
    assert powers.closing == (
        "Note: options ranked above the default are acceptable.\n"
        "When the counting is used, say who has a casting vote."
    )
    assert "[2.] Most of the remainder" in book.render()
    assert parse_rulebook(book.render(), scheme=scheme) == book
    assert two.to_dict()["closing"] == two.closing
    assert "closing" not in two.children[0].to_dict()


def test_paragraph_breaks_inside_a_provision_are_kept_and_round_trip(scheme: Scheme) -> None:
    book = parse_rulebook(BOOK, scheme=scheme)
    assert book.children[0].text == (
        "The Project is an association.\nThis document describes its structure."
    )
    issue = book.children[2].children[1].children[1]
    assert issue.text == "Issue documents.\nThese include policies."
    assert parse_rulebook(book.render(), scheme=scheme) == book
    # Lines without a blank between them are still one paragraph.
    joined = parse_rulebook("1. A\nOne line\nand the next.\n", scheme=scheme)
    assert joined.children[0].text == "One line and the next."


def test_arabic_items_under_arabic_items_follow_the_indentation(scheme: Scheme) -> None:
    book = parse_rulebook(BOOK, scheme=scheme)
    powers = book.children[2].children[1]
    assert [c.label for c in powers.children] == ["1", "2", "3", "4"]
    assert [c.label for c in powers.children[1].children] == ["1", "2", "3"]
    # After sub-item 3, "4. Count." fits item 4 and sub-item 4; written unindented in a file
    # that indents its lists, it is the item (before, the deeper reading always won).
    assert powers.children[3].text == "Count."
    assert outline(BOOK, scheme=scheme).ambiguities == ()
    assert parse_rulebook(book.render(), scheme=scheme) == book


def test_a_list_of_a_start_0_level_may_begin_at_0_or_1(scheme: Scheme) -> None:
    book = parse_rulebook(BOOK, scheme=scheme)
    assert [c.label for c in book.children[2].children] == ["0", "1"]
    assert [c.label for c in book.children[1].children if c.level == "subsection"] == ["1"]


def test_a_bare_label_two_readings_fit_is_recorded_when_the_layout_does_not_decide(
    scheme: Scheme,
) -> None:
    flat = "1. Bodies\n1.1. Rules\n1. One.\n2. Elections\n"
    result = outline(flat, scheme=scheme)
    assert result.rulebook is not None
    # "2. Elections" with no blank line before it: the item reading wins, and is recorded.
    assert result.ambiguities == ((4, "2.", "item 2 of 1, 1", ("section 2",)),)
    # With the blank line the text writer puts before every heading, it is section 2.
    spaced = outline(flat.replace("\n2. Elections", "\n\n2. Elections"), scheme=scheme)
    assert spaced.ambiguities == ()
    assert spaced.rulebook is not None and len(spaced.rulebook.children) == 2


def test_a_provision_under_a_skipped_level_is_cited_as_printed_and_in_words(scheme: Scheme) -> None:
    worded = parse_scheme(
        SCHEME.replace('name = "section"\n', 'name = "section"\nwords = ["section"]\n')
        .replace('name = "subsection"\n', 'name = "subsection"\nwords = ["subsection"]\n')
        .replace('name = "item"\n', 'name = "item"\nwords = ["item"]\n'),
        filename="worded.toml",
    )
    book = parse_rulebook(BOOK, scheme=worded)
    # The compact form `motions outline` prints ...
    assert book["2.-.1"].text == "The Developers;"
    # ... and words: item 1 directly under section 2 is not subsection 2.1's item 1.
    assert book["section 2, item 1"].text == "The Developers;"
    assert book["section 2, subsection 1, item 1"].text == "Nothing imposes an obligation."
    assert book["section 2, subsection 1"].heading == "General rules"


def test_an_unknown_level_word_is_our_error_in_a_scheme_whose_levels_have_no_words(
    scheme: Scheme,
) -> None:
    # The hint listed each level's first word, and a level with none raised IndexError.
    book = parse_rulebook(BOOK, scheme=scheme)
    with pytest.raises(AddressError) as caught:
        book.resolve("section 2, item 1")
    assert "level words: section, subsection, item, sub-item" in str(caught.value)


def test_quoted_provisions_go_under_a_provision_of_a_skipped_level(scheme: Scheme) -> None:
    book = parse_rulebook(BOOK, scheme=scheme)
    developers = book.children[1].children[0]  # item 1 directly under section 2
    quoted, problems = parse_fragment(
        "1. by General Resolution; 2. by election.", developers.address, "1"
    )
    assert problems == ()
    assert [p.address.compact() for p in quoted] == ["2.-.1.1", "2.-.1.2"]
    assert [p.level for p in quoted] == ["sub-item", "sub-item"]


def test_a_quote_that_reads_as_a_new_top_is_reported_not_dropped(scheme: Scheme) -> None:
    # Under section 2 of a book whose tops are bare numbers, "3. ..." is section 3: it used
    # to vanish from the quote with no word said.
    book = parse_rulebook(BOOK, scheme=scheme)
    quoted, problems = parse_fragment("3. The Secretary.", book.children[1].address, "3")
    assert quoted == ()
    assert [d.code for d in problems] == ["fragment-outside"]


_WORDS = st.sampled_from(
    ["alpha", "beta", "1.", "2.1.", "[2.]", "(a)", "Note:", "#x", "\\y", "Title:", "A.", "i."]
)
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)
_TEXT = st.lists(_PARAGRAPH, min_size=0, max_size=3).map("\n".join)


@st.composite
def _constitutions(draw: st.DrawFn) -> Rulebook:
    """Books of the constitution's shapes: items directly under a section or under its
    subsections, sub-items, paragraphs and closing text anywhere a list ends."""
    scheme = parse_scheme(SCHEME, filename="constitution.toml")

    def items(parent: Address, index: int, deep: bool) -> tuple[Provision, ...]:
        out = []
        for n in range(1, draw(st.integers(0, 3)) + 1):
            address = parent.child(str(n), index)
            kids = items(address, index + 1, False) if deep else ()
            closing = draw(_TEXT) if kids else ""
            out.append(Provision(address, str(n), None, draw(_TEXT), kids, closing=closing))
        return tuple(out)

    sections = []
    for s in range(1, draw(st.integers(1, 3)) + 1):
        top = Address("section", (str(s),), scheme)
        direct = items(top, 2, True) if draw(st.booleans()) else ()
        subs = []
        for n in range(1, draw(st.integers(0, 2)) + 1):
            sub = top.child(str(n))
            kids = items(sub, 2, True)
            closing = draw(_TEXT) if kids else ""
            subs.append(
                Provision(sub, str(n), draw(_PARAGRAPH), draw(_TEXT), kids, closing=closing)
            )
        closing = draw(_TEXT) if direct else ""
        children = (*direct, *subs)
        sections.append(
            Provision(top, str(s), draw(_PARAGRAPH), draw(_TEXT), children, closing=closing)
        )
    return Rulebook("Shapes", "", scheme, tuple(sections))


@settings(max_examples=60, deadline=None)
@given(book=_constitutions())
def test_any_book_of_these_shapes_reads_back_from_its_source(book: Rulebook) -> None:
    assert parse_rulebook(book.render(), scheme=book.scheme) == book


def test_show_in_text_and_markdown_keeps_every_paragraph_and_the_closing_text_in_order(
    scheme: Scheme,
) -> None:
    from motions.render.rulebook import show_markdown, show_text

    book = parse_rulebook(BOOK, scheme=scheme)
    # Section 2 as the source has it: the list, the closing text, then the headed subsection.
    source = BOOK.split("2. Bodies\n")[1].split("3. Developers")[0]
    expected = [w for w in source.split() if not w.startswith("[")]
    for shown in (show_text(book, book.children[1]), show_markdown(book, book.children[1])):
        words = [w.replace("\\", "").strip("*") for w in shown.split()]
        found = iter(words)
        assert all(word in found for word in expected), shown
    assert show_text(book, book.children[1]).splitlines()[-6:-3] == [
        "  2. The Leader.",
        "Most of the remainder outlines their powers.",
        "  2.1. General rules",
    ]
    assert "  This document describes its structure." in show_text(book, book.children[0])
    markdown = show_markdown(book, book.children[1])
    assert "\n\n  Most of the remainder outlines their powers.\n  - **2.1." in markdown
