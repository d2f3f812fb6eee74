"""Applying motions to the model rule book: results, redlines, renumbering, diagnostics."""

from __future__ import annotations

from motions import Rulebook
from motions.drafting.apply import Amended, apply, apply_all
from motions.drafting.reader import parse_motion
from motions.render.redline import terminal


def carry(model: Rulebook, text: str) -> Amended:
    return apply(model, parse_motion(text, filename="m.motion"))


def plain(amended: Amended, index: int = 0) -> str:
    return terminal(amended.changes[index].redline, colour=False)


def codes(amended: Amended) -> list[str]:
    return [d.code for d in amended.diagnostics]


def test_replace_words_and_redline(model: Rulebook) -> None:
    amended = carry(model, "C4.II.2.B.i: delete '20 per cent' and insert '10 per cent'")
    assert amended.applied and amended.diagnostics == ()
    assert amended.rulebook["C4.II.2.B.i"].text.startswith("at least 10 per cent")
    assert plain(amended).startswith("at least [-20-]{+10+} per cent")
    change = amended.changes[0]
    assert change.redline.before == model["C4.II.2.B.i"].text
    assert change.redline.after == amended.rulebook["C4.II.2.B.i"].text
    # The original book is untouched: values are frozen.
    assert model["C4.II.2.B.i"].text.startswith("at least 20 per cent")


def test_words_not_found_suggests_the_closest_and_where_else(model: Rulebook) -> None:
    amended = carry(model, "C4.II.2.B.i: delete '15 per cent' and insert '10 per cent'")
    assert not amended.applied and amended.rulebook is model
    (diagnostic,) = amended.diagnostics
    assert diagnostic.code == "words-not-found"
    assert diagnostic.span is not None and (diagnostic.span.line, diagnostic.span.column) == (1, 21)
    assert "did you mean '20 per cent'?" in (diagnostic.hint or "")
    assert "The rule reads: 'at least 20 per cent" in (diagnostic.hint or "")
    elsewhere = carry(model, "C4.II.2.B.i: delete '5 per cent of Constituency Labour Parties'")
    assert "occur exactly in C4.II.2.B.ii" in (elsewhere.diagnostics[0].hint or "")


def test_ambiguous_words_list_each_occurrence(model: Rulebook) -> None:
    amended = carry(model, "C4.II.2.A: delete 'the PLP'")
    (diagnostic,) = amended.diagnostics
    assert diagnostic.code == "words-ambiguous"
    assert "1: " in diagnostic.message and "2: " in diagnostic.message
    second = carry(model, "C4.II.2.A: delete the second 'of the PLP'")
    assert second.applied
    every = carry(model, "C4.II.2.A: delete 'Commons' wherever it occurs")
    assert every.applied and "Commons" not in every.rulebook["C4.II.2.A"].text


def test_words_match_whole_words_only(model: Rulebook) -> None:
    assert codes(carry(model, "C4.II.2.B.i: delete 'cen'")) == ["words-not-found"]


def test_address_absent_names_the_nearest(model: Rulebook) -> None:
    amended = carry(model, "C4.II.2.B.iv: delete 'x'")
    (diagnostic,) = amended.diagnostics
    assert diagnostic.code == "address-absent" and "C4.II.2.B.iii" in (diagnostic.hint or "")


def test_stale_reads_as_follows_is_a_warning_with_a_word_diff(model: Rulebook) -> None:
    amended = carry(
        model,
        "Chapter 4, Clause II, rule 2.B.i reads as follows: 'at least 15 per cent of the "
        "Commons members of the Parliamentary Labour Party; and either'\n"
        "Amendment\nDelete '20 per cent' and insert '10 per cent'.",
    )
    assert amended.applied
    (diagnostic,) = amended.diagnostics
    assert diagnostic.code == "reads-stale" and diagnostic.severity.value == "warning"
    assert "[-20-]{+15+}" in (diagnostic.hint or "")


def test_will_read_mismatch_is_an_error(model: Rulebook) -> None:
    amended = carry(
        model,
        "Chapter 4, Clause II, rule 2.B.i.\nDelete '20 per cent' and insert '10 per cent'.\n"
        "The amended rule will read: 'at least 12 per cent of the Commons members of the "
        "Parliamentary Labour Party; and either'",
    )
    assert codes(amended) == ["will-read-mismatch"]
    assert "[-10-]{+12+}" in (amended.diagnostics[0].hint or "")


def test_several_operations_on_one_provision_make_one_redline(model: Rulebook) -> None:
    amended = carry(
        model,
        "C4.II.2.B.i: delete '20 per cent' and insert '10 per cent'. "
        "After 'Labour Party' insert '(counting vacancies)'. At the end add 'or'.",
    )
    assert amended.applied and len(amended.changes) == 1
    text = amended.rulebook["C4.II.2.B.i"].text
    assert text == (
        "at least 10 per cent of the Commons members of the Parliamentary Labour Party "
        "(counting vacancies); and either or"
    )
    assert amended.changes[0].redline.before == model["C4.II.2.B.i"].text


def test_delete_provision_and_renumber(model: Rulebook) -> None:
    amended = carry(model, "Chapter 4, Clause II.\nDelete rule 2.B.ii and renumber accordingly.")
    assert amended.applied
    book = amended.rulebook
    assert [p.label for p in book["C4.II.2.B"].children] == ["i", "ii"]
    assert book["C4.II.2.B.ii"].text == model["C4.II.2.B.iii"].text
    assert [(o.compact(), n.compact()) for o, n in amended.renumbering] == [
        ("C4.II.2.B.iii", "C4.II.2.B.ii")
    ]
    assert amended.changes[0].kind == "deleted"


def test_insert_provision_shifts_the_ones_after(model: Rulebook) -> None:
    amended = carry(
        model,
        "Chapter 3, Clause III, rule 2.\nInsert a new sub-rule B before sub-rule B as follows: "
        "'B. Amendments shall be in plain English: i. short; ii. clear.' and renumber accordingly",
    )
    assert amended.applied, [d.format() for d in amended.diagnostics]
    book = amended.rulebook
    assert book["C3.III.2.B"].text == "Amendments shall be in plain English:"
    assert [c.label for c in book["C3.III.2.B"].children] == ["i", "ii"]
    assert book["C3.III.2.I"].text == model["C3.III.2.H"].text
    assert (
        dict((o.compact(), n.compact()) for o, n in amended.renumbering)["C3.III.2.H"]
        == "C3.III.2.I"
    )


def test_new_label_must_fit_the_sequence(model: Rulebook) -> None:
    amended = carry(
        model,
        "Chapter 3, Clause III, rule 2. Add at the end, after sub-clause H, a new sub-clause K "
        "as follows: 'K. text'",
    )
    assert codes(amended) == ["label-out-of-sequence"]


def test_replace_provisions_with_quoted_structure(model: Rulebook) -> None:
    amended = carry(
        model,
        "Chapter 4, Clause II.\nReplace rule 2.B with the following: "
        "'B. A nomination is valid with the support of: i. 10 per cent of MPs; ii. 5 per cent "
        "of CLPs.'",
    )
    assert amended.applied, [d.format() for d in amended.diagnostics]
    new = amended.rulebook["C4.II.2.B"]
    assert [c.text for c in new.children] == ["10 per cent of MPs;", "5 per cent of CLPs."]


def test_a_motion_applies_whole_or_not_at_all(model: Rulebook) -> None:
    amended = carry(
        model,
        "C4.II.2.B.i: delete '20 per cent' and insert '10 per cent'. C4.II.2.B.ii: delete 'nope'.",
    )
    assert not amended.applied and amended.rulebook is model and amended.changes == ()


def test_operation_without_location(model: Rulebook) -> None:
    assert codes(carry(model, "Delete '20 per cent' and insert '10 per cent'")) == [
        "operation-without-location"
    ]


def test_apply_all_carries_in_order(model: Rulebook) -> None:
    first = parse_motion("C4.II.2.B.i: delete '20 per cent' and insert '15 per cent'")
    second = parse_motion("C4.II.2.B.i: delete '15 per cent' and insert '12 per cent'")
    book, results = apply_all(model, [first, second])
    assert all(r.applied for r in results)
    assert book["C4.II.2.B.i"].text.startswith("at least 12 per cent")


def test_without_references_only_the_broken_citation_warnings_go(model: Rulebook) -> None:
    """`references=False` (the conflict checker's carrying and verifying) leaves out the
    warnings about citations elsewhere, and nothing else: same book, changes, errors."""
    motion = parse_motion("Delete Chapter 3, Clause III, rule 2.G.\n", filename="m.motion")
    full, quiet = apply(model, motion), apply(model, motion, references=False)
    assert "reference-broken" in codes(full)
    assert "reference-broken" not in codes(quiet)
    assert quiet.applied == full.applied and quiet.rulebook == full.rulebook
    assert quiet.changes == full.changes and quiet.renumbering == full.renumbering
    kept = tuple(d for d in full.diagnostics if d.code != "reference-broken")
    assert quiet.diagnostics == kept and quiet.errors == full.errors
