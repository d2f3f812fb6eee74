"""Fuzzing the rule-book boundaries: source text, citations, citations inside rule text."""

from __future__ import annotations

import pytest
from fuzz_support import budget, example_texts, inputs, mutated, within_bounds
from hypothesis import given
from hypothesis import strategies as st

from motions import Rulebook, parse_rulebook
from motions.book.address import parse_reference
from motions.book.numbering import Scheme, parse_scheme
from motions.book.references import References, find_references
from motions.book.text import render_rulebook
from motions.errors import MotionsError, SchemeError
from motions.resources import read_text

BOOKS = example_texts("editions/rulebook-*.txt")
CITATIONS = (
    "Chapter 4, Clause II, rule 2.B.i", "C4.II.2.B.i", "Rule 5.4.1", "Chapter 1, Clause IV.5",
    "rules 2 to 11 below", "Chapters 1, 2 or 6", "Clause I.1 above and following",
    "C9 (A).I.1", "Chapter 4, Clause II, Section 2, Subsection B, (i) (page 14)",
    "sub-rules C to I of rule 1", "this clause", "3.III.2.2", "App2.1",
)  # fmt: skip
SCHEMES = (read_text("rulebook", "schemes", "labour.toml"),)


@given(inputs(BOOKS))
@budget(60)
def test_rule_book_source(text: str) -> None:
    outcome = within_bounds(lambda: parse_rulebook(text, filename="fuzz.txt"), len(text))
    if isinstance(outcome, Rulebook):
        # What parses renders, and what it renders reads back as the same book.
        again = within_bounds(lambda: parse_rulebook(render_rulebook(outcome)), len(text))
        assert again == outcome


@given(inputs(BOOKS))
@budget(30)
def test_citations_inside_rule_text(text: str) -> None:
    outcome = within_bounds(lambda: parse_rulebook(text, filename="fuzz.txt"), len(text))
    if isinstance(outcome, Rulebook):
        found = within_bounds(lambda: find_references(outcome), len(text))
        assert isinstance(found, References | MotionsError)
        if isinstance(found, References):
            # Every reference stands in the book and points only at provisions that exist.
            for reference in found.references:
                assert reference.source in outcome
                assert all(target in outcome for target in reference.targets), reference


@given(st.one_of(st.text(max_size=60), mutated(CITATIONS)))
@budget(200)
def test_citations(model: Rulebook, text: str) -> None:
    context = model["C4.II.2"].address

    def cite() -> object:
        reference = parse_reference(text, scheme=model.scheme, context=context)
        for cited in reference.cited():
            if cited.address in model:
                assert model[cited.address].address == cited.address
        return model[text] if len(reference.targets) == 1 else reference

    within_bounds(cite, len(text))


@given(inputs(SCHEMES))
@budget(40)
def test_numbering_schemes(text: str) -> None:
    outcome = within_bounds(lambda: parse_scheme(text), len(text))
    assert isinstance(outcome, Scheme | SchemeError)
    if isinstance(outcome, Scheme):
        # A scheme keeps the TOML it was read from, and reading that again gives its levels.
        again = parse_scheme(outcome.source)
        assert [level.name for level in again.levels] == [level.name for level in outcome.levels]


@pytest.fixture(scope="module", autouse=True)
def _warm(model: Rulebook) -> None:
    """Build the parsers once, so their construction is not charged to the first example."""
    parse_reference("C4.II.2 and C4.II.3", scheme=model.scheme)
    parse_rulebook(BOOKS[0])
