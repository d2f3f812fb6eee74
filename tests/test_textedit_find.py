"""`find` maps matches in the folded text back to the rule's own text, character for character.

The reference below folds the slow, obvious way (a map entry per character); `find` keeps a map
per word. They must agree on every text, whitespace and curly quotes included.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from motions.drafting.quoting import fold
from motions.drafting.textedit import find

_FOLD_CHARS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def reference_find(text: str, words: str) -> list[tuple[int, int]]:
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for index, ch in enumerate(text):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                where.append(index)
            in_space = True
            continue
        in_space = False
        out.append(ch.translate(_FOLD_CHARS))
        where.append(index)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    folded = "".join(out)
    needle = fold(words)
    found: list[tuple[int, int]] = []
    if not needle:
        return found
    position = folded.find(needle)
    while position >= 0:
        end = position + len(needle)
        before = position == 0 or not (folded[position - 1].isalnum() and needle[0].isalnum())
        after = end == len(folded) or not (folded[end].isalnum() and needle[-1].isalnum())
        if before and after:
            found.append((where[position], where[end - 1] + 1))
        position = folded.find(needle, position + 1)
    return found


_CHARS = st.sampled_from([*"ab c.,'’‘“”–—-\n\t\u00a0\u2003", "the", "cent", "per"])
_TEXT = st.lists(_CHARS, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, words=_TEXT)
def test_find_agrees_with_the_character_map(text: str, words: str) -> None:
    assert find(text, words) == reference_find(text, words)


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, data=st.data())
def test_every_stretch_of_words_is_found_where_it_is(text: str, data: st.DataObject) -> None:
    tokens = text.split()
    if not tokens:
        return
    start = data.draw(st.integers(0, len(tokens) - 1))
    stop = data.draw(st.integers(start + 1, len(tokens)))
    words = " ".join(tokens[start:stop])
    assert find(text, words) == reference_find(text, words)


def test_a_match_spanning_a_line_break_maps_to_the_original_text() -> None:
    text = "members  of the\n  Party ‘shall’ pay"
    assert find(text, "of the Party 'shall'") == [(9, 31)]
    assert text[9:31] == "of the\n  Party ‘shall’"
    assert find(text, "cent") == [] and find(text, "") == []
