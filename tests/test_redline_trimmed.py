"""`redline._trimmed` splits an edit by whole words; its shortcut for edits that share no word
at either end must give what the word-by-word split gives (`_trimmed_by_words`), and a
`Segment` built directly (`segment_of`) must be the one its constructor makes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from motions.drafting.redline import Kind, Segment, _trimmed, _trimmed_by_words, segment_of

#: Few distinct words and spaces, so that edits often share words at one end, both or neither.
_TEXT = st.lists(
    st.sampled_from(["the", "branch", "members", "a", "b", " ", "  ", "\n", "\u00a0", "’s", ","]),
    max_size=7,
).map("".join)


@given(_TEXT, _TEXT)
def test_the_split_is_the_word_by_word_one(old: str, new: str) -> None:
    split = _trimmed(old, new)
    assert split == _trimmed_by_words(old, new)
    prefix, deleted, inserted, suffix = split
    assert prefix + deleted + suffix == old
    assert prefix + inserted + suffix == new


@given(st.text(max_size=12), st.text(max_size=12))
def test_any_text_splits_as_word_by_word(old: str, new: str) -> None:
    assert _trimmed(old, new) == _trimmed_by_words(old, new)


@given(st.sampled_from(list(Kind)), st.text(max_size=8))
def test_a_segment_built_directly_is_the_constructed_one(kind: Kind, text: str) -> None:
    made, constructed = segment_of(kind, text), Segment(kind, text)
    assert made == constructed and hash(made) == hash(constructed)
    assert repr(made) == repr(constructed)
    assert (made.kind, made.text) == (kind, text)
