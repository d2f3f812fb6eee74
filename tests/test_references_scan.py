"""The opening-character lookahead on the citation pattern finds exactly what the plain pattern
finds: it only lets the regex engine skip text faster."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motions import Rulebook
from motions.book.numbering import load_scheme
from motions.book.references import _patterns


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
