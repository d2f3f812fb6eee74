"""Plainly spaced text is folded without a position map (`textedit._folded`'s short cut); it
must find exactly what the mapped way finds, and what the character-by-character reference
finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from motions.drafting.textedit import _folded, _folded_irregular, _in_text, find
from tests.test_textedit_find import reference_find

_WORDS = st.lists(
    st.sampled_from(["the", "cent", "per", "a.", "b,", "‘c’", "“d”", "e–f", "g—", "'h'", "ç"]),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(words=_WORDS, needle=_WORDS)
def test_plain_text_finds_as_the_reference_does(words: list[str], needle: list[str]) -> None:
    text = " ".join(words)
    folded, starts, _ = _folded(text)
    assert starts is None  # the short cut is taken
    assert folded == _folded_irregular(text)[0]
    assert find(text, " ".join(needle)) == reference_find(text, " ".join(needle))
    if needle:
        stretch = " ".join(words[len(words) // 3 : len(words) // 3 + 2])
        assert find(text, stretch) == reference_find(text, stretch)


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from([*"ab .’“\n\t\u00a0\u2003\x1c "]), max_size=30))
def test_every_position_maps_as_the_word_map_does(text: str) -> None:
    folded, starts, text_starts = _folded(text)
    slow, slow_starts, slow_text_starts = _folded_irregular(text)
    assert folded == slow
    for position in range(len(folded)):
        assert _in_text(starts, text_starts, position) == _in_text(
            slow_starts, slow_text_starts, position
        )


def test_irregular_whitespace_takes_the_map() -> None:
    for text in ("a  b", " a", "a ", "a\nb", "a\tb", "a\u00a0b", "a\x1cb"):
        assert _folded(text)[1] is not None, repr(text)
    assert _folded("a ‘b’ c–d")[1] is None
    assert _folded("a ‘b’ c–d")[0] == "a 'b' c-d"


def test_no_whitespace_but_the_space_is_printable() -> None:
    """What lets `_folded` skip its search for printable text."""
    import sys

    printable = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()]
    assert printable == [" "]
