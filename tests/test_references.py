from __future__ import annotations

from motions import Rulebook, find_references, parse_address, parse_rulebook, references_in

BOOK = """Title: Refs
Edition: 1

Chapter 1 One
Clause I. First
1. See Clause II.1 below and rules 2 to 3 below.
2. This clause applies; so does Chapter 2 of these rules.
3. See sub-rule C of rule 4 below, and Chapters 1 or 2.
4. Four
  A. a
  B. b
  C. See Clause IX below and section 106 of the Act.
Clause II. Second
1. Subject to Clause I.1 above and following.
Chapter 2 Two
Clause I. Only
1. Chapter 1, Clause I, rule 4.C applies.
"""


def book() -> Rulebook:
    return parse_rulebook(BOOK, filename="refs.txt")


def targets(rb: Rulebook, address: str) -> list[list[str]]:
    refs = find_references(rb).from_(parse_address(address))
    return [[t.compact() for t in r.targets] for r in refs]


def test_relative_absolute_ranges_and_lists() -> None:
    rb = book()
    assert targets(rb, "C1.I.1") == [["C1.II.1"], ["C1.I.2", "C1.I.3"]]
    assert targets(rb, "C1.I.2") == [["C1.I"], ["C2"]]
    assert targets(rb, "C1.I.3") == [["C1.I.4.C"], ["C1", "C2"]]
    assert targets(rb, "C1.II.1") == [["C1.I.1"]]
    assert targets(rb, "C2.I.1") == [["C1.I.4.C"]]


def test_unresolved_references_are_reported_with_their_span() -> None:
    refs = find_references(book())
    broken = [r for r in refs.references if r.unresolved]
    assert {r.text for r in broken} == {"Clause IX below", "section 106"}
    (clause_ix,) = [d for d in refs.diagnostics if "Clause IX" in d.message]
    assert clause_ix.span is not None
    assert (clause_ix.span.line, clause_ix.span.column) == (12, 10)


def test_citing_and_cited_by() -> None:
    refs = find_references(book())
    cited_by = refs.citing(parse_address("C1.I.4.C"))
    assert [r.source.compact() for r in cited_by] == ["C1.I.3", "C2.I.1"]


def test_references_in_inserted_text() -> None:
    rb = book()
    (ref,) = references_in("as set out in sub-rule B above", parse_address("C1.I.4.C"), rb)
    assert ref.targets == (parse_address("C1.I.4.B"),)
    assert ref.direction == "above"


def test_model_three_year_rule_refs(model: Rulebook) -> None:
    refs = find_references(model).from_(parse_address("C3.III.2.H"))
    assert [r.text for r in refs][:2] == ["sub-rules A to G above", "Clause I.1 above"]
    assert len(refs[0].targets) == 7
