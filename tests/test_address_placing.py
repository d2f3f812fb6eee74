"""Placing a citation's parts (`address._placed`) from context-free candidates reads exactly as
the placing it replaced, which converted every part's labels again for every context.

`_old_placed` is that earlier reading, kept here as the reference: each part is read against
random contexts, both schemes and a scheme whose levels may be skipped."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import addresses

from motions import AddressError
from motions.book.address import (
    Address,
    _convert,
    _names_level,
    _placed,
    _Reading,
    _variants,
    _word_levels,
    parse_reference,
    read_reference,
)
from motions.book.location import address_of
from motions.book.numbering import Scheme, load_scheme, parse_scheme

CONSTITUTION = parse_scheme(
    'name = "constitution"\n'
    '[[levels]]\nname = "section"\nstyle = "arabic"\nmarkers = ["{label}."]\nheading = true\n'
    '[[levels]]\nname = "subsection"\nstyle = "arabic"\nmarkers = ["{parent}.{label}."]\n'
    "heading = true\noptional = true\nstart = 0\n"
    '[[levels]]\nname = "item"\nstyle = "arabic"\nmarkers = ["{label}."]\n'
    '[[levels]]\nname = "sub-item"\nstyle = "lower-letter"\nmarkers = ["({label})"]\n',
    filename="constitution.toml",
)
SCHEMES = (load_scheme("labour"), load_scheme("union"), CONSTITUTION)


def _old_placed(
    kind: str,
    word: str | None,
    labels_in: tuple[str, ...],
    scheme: Scheme,
    base: Address | None,
    absolute_only: bool,
    prefer_start: int | None,
) -> tuple[_Reading, ...]:
    options: list[tuple[str, int, int]] = []
    if kind == "compact":
        prefix, number = re.match(r"([A-Za-z]+)(.*)", labels_in[0]).groups()  # type: ignore[union-attr]
        for top in scheme.roots:
            if top.compact.format(label="") == prefix:
                options.append((top.name, 0, 0))
        labels_in = (number, *labels_in[1:])
    elif kind == "worded":
        assert word is not None
        options.extend((root, index, 0) for root, index in _word_levels(word, scheme))
        if word.lower() in ("rule", "rules"):
            options.append((scheme.levels[0].name, 0, 1))
    else:
        options.append((scheme.levels[0].name, 0, 0))
        if base is not None:
            options.extend((base.root, s, 0) for s in range(1, len(base.labels) + 1))
    readings: list[_Reading] = []
    base_positions = base.positions if base is not None else ()
    for root, start, mismatch in options:
        if start > 0 and (absolute_only or base is None or base.root != root):
            continue
        sequence = scheme.sequence(root)
        prefix_labels: tuple[str, ...] = ()
        prefix_at: tuple[int, ...] = ()
        if start > 0 and base is not None:
            kept = sum(1 for at in base_positions if at < start)
            prefix_labels, prefix_at = base.labels[:kept], base_positions[:kept]
            if not kept or not all(lv.optional for lv in sequence[prefix_at[-1] + 1 : start]):
                continue
        for labels, split in _variants(labels_in):
            if start + len(labels) > len(sequence):
                continue
            converted: list[str] = []
            conversions = 0
            for level, label in zip(sequence[start:], labels, strict=False):
                result = _convert(label, level)
                if result is None:
                    break
                converted.append(result[0])
                conversions += result[1]
            else:
                at: tuple[int, ...] | None = None
                if prefix_at:
                    at = (*prefix_at, *range(start, start + len(converted)))
                    if at[-1] == len(at) - 1:
                        at = None
                address = address_of(root, (*prefix_labels, *converted), scheme, at)
                distance = abs(start - prefer_start) if prefer_start is not None else 0
                inexact = 0 if word is None or _names_level(word, sequence[start]) else 1
                score = (conversions + split, mismatch, inexact, distance, -start)
                readings.append(_Reading(score, address, start))
    readings.sort(key=lambda r: r.score)
    unique: dict[Address, _Reading] = {}
    for reading in readings:
        unique.setdefault(reading.address, reading)
    return tuple(unique.values())


_LABELS = ("1", "2", "4", "12", "4F", "9A", "0", "II", "iv", "i", "B", "C", "a", "ab", "of", "x")
_WORDS = ("Chapter", "clause", "rule", "Rules", "sub-rule", "item", "section", "paragraph",
          "Sub-item", "para", "subsection", "appendix", "chapters")  # fmt: skip


@st.composite
def _contexts(draw: st.DrawFn, scheme: Scheme) -> Address | None:
    if scheme is SCHEMES[0] or scheme is SCHEMES[1]:
        return draw(st.none() | addresses(scheme))
    # Sections, subsections (optional), items, sub-items, some with the subsection skipped.
    at = draw(st.sampled_from([(0,), (0, 1), (0, 2), (0, 1, 2), (0, 2, 3), (0, 1, 2, 3)]))
    labels = tuple(
        draw(st.sampled_from(("1", "2", "3"))) if i != 3 else draw(st.sampled_from("abc"))
        for i in at
    )
    return draw(st.none() | st.just(Address("section", labels, scheme, at)))


@st.composite
def _placings(draw: st.DrawFn) -> tuple[object, ...]:
    scheme = draw(st.sampled_from(SCHEMES))
    kind = draw(st.sampled_from(("worded", "compact", "bare")))
    labels = tuple(draw(st.lists(st.sampled_from(_LABELS), min_size=1, max_size=5)))
    word = draw(st.sampled_from(_WORDS)) if kind == "worded" else None
    if kind == "compact":
        prefix = draw(st.sampled_from(("C", "App", "R", "X")))
        labels = (prefix + draw(st.sampled_from(("1", "4", "9A", "12"))), *labels[1:])
    base = draw(_contexts(scheme))
    prefer = draw(st.none() | st.integers(0, 5))
    return kind, word, labels, scheme, base, draw(st.booleans()), prefer


@settings(max_examples=600, deadline=None)
@given(_placings())
def test_parts_are_placed_as_before(placing: tuple[object, ...]) -> None:
    expected = _old_placed(*placing)  # type: ignore[arg-type]
    assert _placed.__wrapped__(*placing) == expected
    assert _placed(*placing) == expected


_CITATIONS = (
    "Chapter 4, Clause II, rule 2.B.i", "C4.II.2.B.i", "rule 4F", "Rule 5.4.1", "sub-rule C",
    "sub-rules C to E of rule 1", "Clause IV.5 and IV.6", "rules 1 and 2", "this clause",
    "this item", "Clause of", "rule a", "Chapter 1, Clause I, rule 1 above", "chapter 5 of "
    "these rules", "Chapters 1, 2 or 6", "section 2, item 1", "item 3", "rule 2.B(i)", "clause",
    "sub-paragraph 4", "rules 2 to 11 below", "C4.II.2 (page 14)", "Clause I.1 above and "
    "following", "paragraph 3 of this rule", "bogus 4", "this bogus", "rule 4 (", "App2",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_CITATIONS), st.sampled_from(SCHEMES[:2]), st.data())
def test_read_reference_is_parse_reference_without_the_error(
    text: str, scheme: Scheme, data: st.DataObject
) -> None:
    context = data.draw(addresses(scheme))
    try:
        expected = parse_reference(text, context=context)
    except AddressError:
        expected = None
    assert read_reference(text, context) == expected


_PIECES = (
    "Chapter", "Clause", "rule", "rules", "sub-rule", "item", "this", "clause", "of", "these",
    "to", "and", "or", "above", "below", "following", "4", "II", "2.B.i", "C", "a", "in", "be",
    "C4", "App2", "(page 3)", ",", "4F", "bogus", "iv", "ab", "12", "-", "(i)",
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6).map(" ".join), st.data())
def test_any_phrase_reads_as_parse_reference_reads_it(text: str, data: st.DataObject) -> None:
    """What the scan tries: read_reference gives parse_reference's reading, or None exactly
    where parse_reference raises (its shortcut for phrases that fail in every context too)."""
    context = data.draw(addresses())
    try:
        expected = parse_reference(text, context=context)
    except AddressError:
        expected = None
    assert read_reference(text, context) == expected
