"""The opening-character lookahead on the citation pattern finds exactly what the plain pattern
finds: it only lets the regex engine skip text faster. And the gate that runs before the pattern
(`references._gate`, over many texts at once) lets it find exactly what a plain search finds."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motions import Rulebook, parse_rulebook
from motions.book.numbering import Scheme, load_scheme, parse_scheme
from motions.book.references import (
    _TAIL,
    _UNFOLDED,
    _ascii_gate,
    _gate,
    _patterns,
    _phrases,
    _starts_in,
)


def _both(scheme_name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    head, _ = _patterns(load_scheme(scheme_name))
    assert head.pattern.startswith("(?=[")
    plain = re.compile(head.pattern[head.pattern.index("])") + 2 :], head.flags)
    return head, plain


def _all(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def test_the_model_book_reads_the_same(model: Rulebook) -> None:
    head, plain = _both("labour")
    texts = [p.text for p in model.walk() if p.text]
    found = [_all(head, t) for t in texts]
    assert found == [_all(plain, t) for t in texts]
    assert sum(map(len, found)) > 50


_PIECES = (
    "rule", "Rule", "RULE", "clause", "C4", "App2", "this", "chapter", "4.", "2B", ".", ",",
    "(a)", "sub-rule", "para", "ſub-rule", "and", "x", "1", "II", "i", " ",
)  # fmt: skip


@pytest.mark.parametrize("scheme", ["labour", "union"])
@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_any_text_reads_the_same(scheme: str, text: str) -> None:
    head, plain = _both(scheme)
    assert _all(head, text) == _all(plain, text)


# -- the gate (`references._gate`): a case-sensitive pre-scan that must miss no citation ------


def _plain_phrases(text: str, scheme: Scheme) -> list[tuple[int, list[int]]]:
    """What `_phrases` found before the gate: the case-blind pattern searched from each end."""
    head, more = _patterns(scheme)
    tail = re.compile(_TAIL, re.IGNORECASE)
    found, position = [], 0
    while (match := head.search(text, position)) is not None:
        ends = [match.end()]
        while (extension := more.match(text, ends[-1])) is not None:
            ends.append(extension.end())
        after = tail.match(text, ends[-1])
        if after and after.end() > ends[-1]:
            ends.append(after.end())
        found.append((match.start(), ends))
        position = ends[-1]
    return found


def _gated_phrases(texts: list[str], scheme: Scheme) -> list[list[tuple[int, list[int]]]]:
    """Each text's phrases as `find_references` scans a batch: the gate over all the texts at
    once, then `_phrases` from the places it found (none at all for the texts it skipped)."""
    out: list[list[tuple[int, list[int]]]] = [[] for _ in texts]
    for index, starts in _starts_in(texts, scheme):
        out[index] = list(_phrases(texts[index], scheme, starts))
    return out


_TRICKY = (
    *_PIECES, "Chapters", "SUB-RULES", "Sub-Clause", "sub rule", "rules", "(", ")", "\n", "\t",
    "“", "”", "’", "\u00a0", "é", "İtem", "ıtem", "ſection", "\u212aitem", "Rule ", "this ",
    "App", "c", "C12", "app3", "iv", "xi", "of", "to", "a", "ab", "abc", "mix", "above",
    "below", "and following", "of these rules", "of rule 2", "Rule\u00a05", "ch", "which",
    "rule_1", "r1", "9 (A)", "2B(i)", "-", "–",
)  # fmt: skip


@pytest.mark.parametrize("scheme_name", ["labour", "union"])
@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.lists(st.sampled_from(_TRICKY), max_size=16).map("".join), max_size=6))
def test_the_gate_finds_what_the_plain_scan_finds(scheme_name: str, texts: list[str]) -> None:
    scheme = load_scheme(scheme_name)
    plain = [_plain_phrases(t, scheme) for t in texts]
    assert [list(_phrases(t, scheme)) for t in texts] == plain  # one text at a time
    assert _gated_phrases(texts, scheme) == plain  # a batch at once


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.text(max_size=40), max_size=6))
def test_the_gate_finds_what_the_plain_scan_finds_in_any_text(texts: list[str]) -> None:
    scheme = load_scheme("labour")
    assert _gated_phrases(texts, scheme) == [_plain_phrases(t, scheme) for t in texts]


def test_the_gate_on_books_finds_what_the_plain_scan_finds(model: Rulebook) -> None:
    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    from gen_rulebook import generate_rulebook

    generated = parse_rulebook(generate_rulebook(0.5))
    for book in (model, generated):
        texts = [p.text for p in book.walk() if p.text]
        plain = [_plain_phrases(t, book.scheme) for t in texts]
        assert _gated_phrases(texts, book.scheme) == plain
        assert sum(map(len, plain)) > 50


def test_lower_casing_keeps_what_the_case_blind_pattern_matches() -> None:
    """The gate's argument, over every Unicode character: a character the case-blind pattern
    matches to an ASCII letter lower-cases to that letter unless `_UNFOLDED` lists it; only
    listed characters change length when lower-cased; and lower-casing never turns a
    character that is not a word character into one (so word boundaries stay where they are)."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    word = re.compile(r"\w")
    for point in range(0x80, sys.maxunicode + 1):
        char = chr(point)
        lowered = char.lower()
        if letter.fullmatch(char) and not (len(lowered) == 1 and lowered.isascii()):
            assert char in _UNFOLDED, hex(point)
        if len(lowered) != 1:
            assert char in _UNFOLDED, hex(point)
        if not word.match(char):
            assert not any(word.match(c) for c in lowered), hex(point)


def test_a_scheme_with_words_beyond_ascii_is_scanned_plainly() -> None:
    scheme = parse_scheme(
        'name = "règles"\n[[levels]]\nname = "règle"\nstyle = "arabic"\n'
        'markers = ["{label}."]\nwords = ["règle", "règles"]\n',
        filename="règles.toml",
    )
    assert _gate(scheme) is None
    text = "voir la Règle 4 et la RÈGLE 5."
    assert list(_phrases(text, scheme)) == _plain_phrases(text, scheme) != []


@pytest.mark.parametrize("unfolded", _UNFOLDED)
def test_a_text_holding_an_unfolded_character_is_scanned_plainly(unfolded: str) -> None:
    scheme = load_scheme("labour")
    texts = [f"See {unfolded}ection 4 and rule 2.", "as rule 3 says", f"rule{unfolded} 4"]
    assert _gated_phrases(texts, scheme) == [_plain_phrases(t, scheme) for t in texts]
    assert _plain_phrases(texts[1], scheme) != []


_ASCII_PIECES = tuple(p for p in _TRICKY if p.isascii())


#: A citation's opening after any ASCII character: "(rule 4", "\"Sub-Rule  B", "-C4".
_OPENING = st.builds(
    "".join,
    st.tuples(
        st.sampled_from([*string.printable, ""]),
        st.sampled_from(["rule", "Rules", "CLAUSE", "sub-rule", "Chapter", "para", "this", "C"]),
        st.sampled_from([" ", "  ", "\t", "\n", "", "\x0b"]),
        st.sampled_from(["4", "II", "b", "iv", "2B", "of", "rule", "(a)", "abc", "4.II"]),
    ),
)
_ASCII_TEXT = st.lists(
    st.sampled_from(_ASCII_PIECES) | st.text(string.printable, max_size=3) | _OPENING,
    max_size=16,
).map("".join)


@pytest.mark.parametrize("scheme_name", ["labour", "union"])
@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_ASCII_TEXT, min_size=1, max_size=6))
def test_the_folded_gate_finds_what_the_plain_scan_finds(
    scheme_name: str, texts: list[str]
) -> None:
    """ASCII batches go through `_ascii_gate` (every character but letters, digits and "_"
    folded to a space)."""
    scheme = load_scheme(scheme_name)
    assert "\n".join(texts).isascii() and _ascii_gate(scheme) is not None
    assert _gated_phrases(texts, scheme) == [_plain_phrases(t, scheme) for t in texts]
