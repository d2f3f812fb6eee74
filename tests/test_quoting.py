from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motions import MotionsError
from motions.drafting.quoting import _EVENT, fold, normalise, quote, scan


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Delete '20 per cent' and insert '10 per cent'.", ["20 per cent", "10 per cent"]),
        ("Delete ‘20 per cent’ and insert ‘10 per cent’.", ["20 per cent", "10 per cent"]),
        ('For "a" substitute “b”.', ["a", "b"]),
        ("After 'the Party's rules' insert 'x'", ["the Party's rules", "x"]),
        ("After ‘the Party’s rules’ insert ‘x’", ["the Party’s rules", "x"]),
        ("Delete 'the members' rights' wherever it occurs", ["the members' rights"]),
        ("Delete 'a line\nthat runs on' and insert 'b'", ["a line\nthat runs on", "b"]),
        ("reads as follows:\n'the text'\nAmendment\nDelete 'x'", ["the text", "x"]),
    ],
)
def test_quotes_as_people_type_them(text: str, quoted: list[str]) -> None:
    quotes = scan(text)
    assert [q.raw for q in quotes.quotes] == quoted
    assert "'" not in quotes.text.replace("Party's", "")


def test_unclosed_quote_points_at_the_opening_mark() -> None:
    with pytest.raises(MotionsError) as info:
        scan("Delete '20 per cent and insert something", filename="m.motion")
    diagnostic = info.value.first
    assert diagnostic.code == "unclosed-quote"
    assert diagnostic.span is not None and (diagnostic.span.line, diagnostic.span.column) == (1, 8)


def test_a_blank_line_ends_an_unclosed_quote() -> None:
    with pytest.raises(MotionsError, match="never closed"):
        scan("Delete 'x\n\nAnd then 'y'")


def test_placeholder_offsets_map_back() -> None:
    text = "Delete '20 per cent' and insert '10 per cent'."
    quotes = scan(text)
    at = quotes.text.index("and")
    assert text[quotes.original_offset(at) :].startswith("and insert")


def test_normalise_and_fold() -> None:
    assert normalise("  a \n  b\tc ") == "a b c"
    assert fold("the Party’s “rules”") == 'the Party\'s "rules"'


@given(st.text(alphabet=st.characters(blacklist_characters="⟦⟧\x00"), min_size=1, max_size=40))
def test_quote_then_scan_gives_the_text_back(text: str) -> None:
    text = normalise(text)
    if not text:
        return
    quoted = quote(text)
    found = scan(f"Delete {quoted} now").quotes
    assert found and found[0].text == text


@given(st.text(alphabet=" \t\n\rab'‘’\"“”", max_size=60))
def test_the_scanner_stops_where_the_plain_pattern_would(text: str) -> None:
    """`_EVENT` is written for speed; it finds exactly what its plain form finds."""
    plain = re.compile(r"['‘’\"“”]|\n[ \t]*(?=\n)")
    assert [m.span() for m in _EVENT.finditer(text)] == [m.span() for m in plain.finditer(text)]
