"""The first-character dispatch of the line markers loses no line a marker matches.

The outline parser tries on a line only the markers that can open with its first non-blank
character (`Grammar.opening`); a marker left out there would turn a labelled line into text.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motions.book.markers import Matcher, grammar_of
from motions.book.numbering import load_scheme

MATCHERS = [
    (scheme, matcher)
    for scheme in ("labour", "union")
    for grammar in [grammar_of(load_scheme(scheme))]
    for matcher in (*grammar.tops, *grammar.keyed, *grammar.bare)
]


@pytest.mark.parametrize(
    ("scheme", "matcher"), MATCHERS, ids=[f"{s}:{m.regex.pattern[:40]}" for s, m in MATCHERS]
)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_line_a_marker_matches_is_dispatched_to_it(
    scheme: str, matcher: Matcher, data: st.DataObject
) -> None:
    line = data.draw(st.from_regex(matcher.regex, fullmatch=True).filter(str.strip))
    assert matcher.regex.match(line)
    first = line.strip()[0]
    dispatched = grammar_of(load_scheme(scheme)).opening(first)
    assert matcher in (*dispatched.tops, *dispatched.keyed, *dispatched.bare), line


def test_plain_text_is_tried_against_no_marker() -> None:
    grammar = grammar_of(load_scheme("labour"))
    for first in "\"'-%&*":
        opening = grammar.opening(first)
        assert (opening.tops, opening.keyed, opening.bare) == ((), (), ())
    assert [m.level.name for m in grammar.opening("7").bare] == ["rule"]
    assert {m.level.name for m in grammar.opening("i").bare} == {"item", "sub-item"}
    assert grammar.opening("٣") is grammar  # other scripts' digits: every marker is tried
