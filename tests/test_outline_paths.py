"""The outline parser's short cuts give what the general path gives: labels with one reading
placed directly (`Parser.placed_directly`), labels kept as written (`canonical`), and lines
that no marker opens ruled out by one pattern (`markers.either`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import rulebooks
from test_outline_shapes import BOOK as SHAPES
from test_outline_shapes import SCHEME as SHAPES_SCHEME

from motions import Rulebook
from motions.book.markers import STYLE_PATTERNS, either, grammar_of
from motions.book.numbering import (
    LabelKey,
    Scheme,
    Style,
    format_label,
    label_key,
    load_scheme,
    parse_scheme,
)
from motions.book.outline import Parser, canonical, parse_rulebook


class _Forgetful(dict[Style, dict[str, LabelKey | None]]):
    """A parser's label keys by style (`Parser._label_keys`) that remember nothing: every
    label is read again by `label_key`, as the parser did before it kept them."""

    def setdefault(  # type: ignore[override]
        self, key: Style, default: dict[str, LabelKey | None] | None = None
    ) -> dict[str, LabelKey | None]:
        return _Unkept()


class _Unkept(dict[str, LabelKey | None]):
    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        return default

    def __setitem__(self, key: str, value: LabelKey | None) -> None:
        pass


def assert_both_ways_agree(text: str, scheme: Scheme | None = None) -> None:
    """Parse `text` with labels of one reading placed directly and with every label's
    readings weighed, and with label keys remembered and read afresh each time: the same
    book (spans and levels too), diagnostics and ambiguities."""
    direct = Parser(text, "<book>", scheme)
    weighed = Parser(text, "<book>", scheme)
    weighed.direct = False
    forgetful = Parser(text, "<book>", scheme)
    forgetful._label_keys = _Forgetful()
    again = forgetful.run()
    one, other = direct.run(), weighed.run()
    assert again.rulebook == one.rulebook and again.diagnostics == one.diagnostics
    assert again.ambiguities == one.ambiguities
    if again.rulebook is not None and one.rulebook is not None:
        assert [p.span for p in again.rulebook.walk()] == [p.span for p in one.rulebook.walk()]
    assert one.rulebook == other.rulebook
    assert one.rulebook is not None and other.rulebook is not None
    assert [(p.address.at, p.span) for p in one.rulebook.walk()] == [
        (p.address.at, p.span) for p in other.rulebook.walk()
    ]
    assert one.diagnostics == other.diagnostics
    assert one.ambiguities == other.ambiguities


def test_placing_directly_changes_nothing_on_the_model_and_the_shapes(model: Rulebook) -> None:
    from motions.resources import read_text

    assert_both_ways_agree(read_text("rulebook", "model.txt"))
    assert_both_ways_agree(model.render())
    assert_both_ways_agree(SHAPES, parse_scheme(SHAPES_SCHEME, filename="constitution.toml"))


@given(
    rulebooks(),
    st.lists(st.tuples(st.integers(0, 400), st.sampled_from(["drop", "repeat", "blank", "pad"]))),
)
@settings(max_examples=60, deadline=None)
def test_placing_directly_changes_nothing_on_books_with_mistakes(
    book: Rulebook, edits: list[tuple[int, str]]
) -> None:
    """Random books, with lines dropped (labels skipped), repeated (duplicates), blank lines
    and indentation added (which decide ambiguous labels): both ways agree on every one."""
    lines = book.render().splitlines()
    for at, edit in edits:
        index = at % len(lines)
        if edit == "drop":
            del lines[index]
        elif edit == "repeat":
            lines.insert(index, lines[index])
        elif edit == "blank":
            lines.insert(index, "")
        else:
            lines[index] = "  " + lines[index]
        if not lines:
            return
    assert_both_ways_agree("\n".join(lines) + "\n")


@pytest.mark.parametrize("style", list(Style))
@given(data=st.data())
@settings(max_examples=80, deadline=None)
def test_a_label_as_written_is_kept_only_where_it_is_canonical(
    style: Style, data: st.DataObject
) -> None:
    """The parser keeps a label as written instead of formatting its key (`canonical`):
    that must give `format_label`'s label for every label the marker patterns read."""
    written = data.draw(st.from_regex(STYLE_PATTERNS[style], fullmatch=True))
    key = label_key(written, style)
    if key is not None:
        assert canonical(written, key, style) == format_label(key, style)


#: Lines of text and lines shaped like markers: an indent, an opening bracket or none, a label
#: of some style (or of none), a closing mark or none, and the rest of the line.
_LINE = st.one_of(
    st.text(alphabet=" \tivxlcdmabtoe().0123456789:-", max_size=14),
    st.builds(
        lambda *parts: "".join(parts),
        st.sampled_from(["", "  ", "\t"]),
        st.sampled_from(["", "("]),
        st.from_regex(
            r"[ivxlcdm]{1,4}|[a-z]{1,3}|[0-9]{1,2}[A-Za-z]?|[IVXA-Z]{1,2}", fullmatch=True
        ),
        st.sampled_from(["", ".", ")", ").", "."]),
        st.sampled_from(["", " ", " text", "text", "\tx"]),
    ),
)


@pytest.mark.parametrize("name", ["labour", "union", "constitution"])
@given(line=_LINE)
@settings(max_examples=150, deadline=None)
def test_one_pattern_for_several_markers_matches_where_one_of_them_does(
    name: str, line: str
) -> None:
    scheme = (
        parse_scheme(SHAPES_SCHEME, filename="c.toml")
        if name == "constitution"
        else load_scheme(name)
    )
    grammar = grammar_of(scheme)
    for first in "ivxlcdm(1aA":
        patterns = tuple(m.regex for m in grammar.opening(first).bare)
        if len(patterns) > 1:
            assert bool(either(patterns).match(line)) == any(p.match(line) for p in patterns)


def test_text_lines_that_open_like_a_label_stay_text() -> None:
    """Wrapped text whose first word could open a roman or letter label ("in", "conference",
    "iv)") is continuation text; a real label after it still opens its provision."""
    text = (
        "Chapter 1 Members\nClause I. Rules\n1. A member\n  A. shall pay\n"
        "in full and\nconference may\n    i. first\n    ii) second\n"
        "vote again\nmay also\n  B. last\n"
    )
    book = parse_rulebook(text)
    assert book["C1.I.1.A"].text == "shall pay in full and conference may"
    assert book["C1.I.1.A.ii"].text == "second vote again may also"
    assert book["C1.I.1.B"].text == "last"
    assert_both_ways_agree(text)
