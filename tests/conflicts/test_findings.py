"""Each kind of finding, on small agendas against the model rule book."""

from __future__ import annotations

import pytest
from conflict_support import (
    addresses,
    at_end,
    codes,
    delete,
    delete_words,
    insert,
    insert_after,
    motion,
    pairs,
    parsed,
    replace,
    replace_provision,
)

from motions import Rulebook, parse_address
from motions.conflicts import Code, Precedence, Reason, check
from motions.conflicts.model import Falls
from motions.drafting.apply import apply


def only(report_codes: list[str], code: str) -> None:
    assert report_codes.count(code) == 1, report_codes


# -- collisions and falls --------------------------------------------------------------------


def test_same_words_collide_and_the_later_card_vote_falls(model: Rulebook) -> None:
    a = motion(
        replace("C4.II.2.B.i", "20 per cent", "10 per cent"),
        cv="12",
        proposer="Lewisham Deptford CLP",
    )
    b = motion(replace("C4.II.2.B.i", "at least 20 per cent", "at least 15 per cent"), cv="5")
    report = check(model, [a, b])
    [finding] = [f for f in report.findings if f.code is Code.COLLISION]
    assert finding.motions == (1, 0)  # CV 5 is taken first
    assert finding.falls == Falls(motion=0, if_carried=1, reason=Reason.CARD_VOTE_ORDER)
    assert finding.words == "20 per cent"
    assert finding.provisions == addresses("C4.II.2.B.i")
    assert "CV 12 falls if CV 5 passes" in finding.message
    assert {r.motion for r in finding.redlines} == {0, 1}
    assert report.carried is not None and [i for i, _ in report.carried.failed] == [0]


def test_nec_amendments_are_taken_first(model: Rulebook) -> None:
    clp = motion(
        replace("C4.II.2.B.i", "20 per cent", "10 per cent"),
        cv="1",
        proposer="Lewisham Deptford CLP",
    )
    nec = motion(
        replace("C4.II.2.B.i", "20 per cent", "15 per cent"), cv="3", proposer="NEC", package="2"
    )
    [finding] = check(model, [clp, nec]).findings
    assert finding.code is Code.COLLISION
    assert finding.falls == Falls(motion=0, if_carried=1, reason=Reason.NEC_FIRST)
    assert finding.message == (
        "CV 3 (NEC package 2) and CV 1 (Lewisham Deptford) both rewrite the words '20 per cent' in "
        "C4.II.2.B.i: they cannot both pass; CV 1 falls if CV 3 passes "
        "(NEC amendments are taken first)"
    )
    # Precedence is a setting: without NEC-first, card-vote order decides.
    [other] = check(model, [clp, nec], precedence=Precedence(nec_first=False)).findings
    assert other.falls == Falls(motion=1, if_carried=0, reason=Reason.CARD_VOTE_ORDER)


def test_agenda_order_when_asked(model: Rulebook) -> None:
    a = motion(replace("C4.II.2.B.i", "20 per cent", "10 per cent"), cv="9")
    b = motion(replace("C4.II.2.B.i", "20 per cent", "15 per cent"), cv="2")
    [finding] = check(model, [a, b], precedence=Precedence(order="agenda")).findings
    assert finding.falls == Falls(motion=1, if_carried=0, reason=Reason.AGENDA_ORDER)


def test_insertions_at_the_same_point_collide(model: Rulebook) -> None:
    a = motion(at_end("C4.II.2.B.i", "or"), cv="1")
    b = motion(at_end("C4.II.2.B.i", "and"), cv="2")
    assert pairs(check(model, [a, b]), Code.COLLISION) == {frozenset({0, 1})}


def test_a_deleted_provision_makes_edits_inside_it_fall(model: Rulebook) -> None:
    remover = motion(delete("C5.II.2"), cv="10")
    inside = motion(
        replace("C5.II.2.C", "at least one third of the branches", "at least half of the branches"),
        cv="13",
    )
    report = check(model, [remover, inside])
    [falls] = [f for f in report.findings if f.code is Code.FALLS]
    assert falls.falls == Falls(motion=1, if_carried=0, reason=Reason.DELETED)
    assert falls.provisions[:2] == addresses("C5.II.2", "C5.II.2.C")
    assert "CV 13 falls if CV 10 passes" in falls.message
    # Structural, not procedural: the same whichever is taken first.
    swapped = check(
        model,
        [
            motion(delete("C5.II.2"), cv="13"),
            motion(replace("C5.II.2.C", "at least one third of the branches", "half"), cv="10"),
        ],
    )
    [again] = [f for f in swapped.findings if f.code is Code.FALLS]
    assert again.falls == Falls(motion=1, if_carried=0, reason=Reason.DELETED)


def test_a_replaced_provision_makes_edits_inside_it_fall(model: Rulebook) -> None:
    remover = motion(
        replace_provision(
            "C3.III.4", "4. Standing orders\n  A. Speeches shall be limited by the chair."
        )
    )
    inside = motion(replace("C3.III.4.A", "three minutes", "five minutes"))
    [falls] = [f for f in check(model, [remover, inside]).findings if f.code is Code.FALLS]
    assert falls.falls is not None and falls.falls.reason is Reason.REPLACED


def test_separate_words_that_interfere_fall_by_order(model: Rulebook) -> None:
    # C3.III.4.A: "... not less than three minutes to the mover of a motion."
    first = motion(insert_after("C3.III.4.A", "three minutes", " to the mover of a motion"), cv="1")
    second = motion(replace("C3.III.4.A", "the mover of a motion", "the mover"), cv="2")
    report = check(model, [first, second])
    [falls] = [f for f in report.findings if f.code is Code.FALLS]
    assert falls.falls == Falls(motion=1, if_carried=0, reason=Reason.ORDER)
    assert "occurs 2 times" in falls.message or "ambiguous" in falls.message


def test_separate_words_with_an_order_dependent_result_collide(model: Rulebook) -> None:
    # Deleting 'shall' wherever it occurs also deletes the 'shall' the other inserts, or not.
    a = motion(delete_words("C3.III.4.A", "shall", every=True), cv="1")
    b = motion(at_end("C3.III.4.A", "Speakers shall be heard in turn."), cv="2")
    report = check(model, [a, b])
    [collision] = report.findings
    assert collision.code is Code.COLLISION and collision.falls is None
    assert "depends on which is carried first" in collision.message


def test_compatible_pairs_are_notes_with_the_combined_text(model: Rulebook) -> None:
    a = motion(
        replace("C3.II.3", "scrutineers appointed", "independent scrutineers appointed"), cv="7"
    )
    b = motion(insert_after("C3.II.3", "the total vote", ", with the numbers cast"), cv="8")
    report = check(model, [a, b])
    [finding] = report.findings
    assert finding.code is Code.COMPATIBLE and finding.severity.value == "note"
    assert not report.conflicts
    [(address, text)] = finding.result
    assert address == parse_address("C3.II.3")
    assert "independent scrutineers" in text and "with the numbers cast" in text


# -- duplicates ---------------------------------------------------------------------------


def test_the_same_effect_worded_differently_is_a_duplicate(model: Rulebook) -> None:
    a = parsed(
        "Title: a\nProposer: Oakwood CLP\nCard vote: 17\n"
        "Chapter 2, Clause III, rule 2.B: delete 'twelve months' and insert 'six months'."
    )
    b = parsed(
        "Title: b\nProposer: Pinehill CLP\nCard vote: 18\nChapter 2, Clause III, rule 2.B: "
        "for 'at least twelve months' substitute 'at least six months'."
    )
    report = check(model, [a, b])
    assert codes(report) == ["duplicate"]
    assert "should share one card vote" in report.findings[0].message


def test_identical_motions_sharing_a_card_vote_are_one_decision(model: Rulebook) -> None:
    a = motion(
        replace("C3.IV.2.B", "at least once every two years", "every year"),
        cv="19",
        proposer="Riverside CLP",
    )
    b = motion(
        replace("C3.IV.2.B", "at least once every two years", "every year"),
        cv="19",
        proposer="Moorfield CLP",
    )
    report = check(model, [a, b])
    assert report.findings == ()
    assert report.carried is not None and report.carried.failed == ()
    assert set(report.carried.applied) == {0, 1}


# -- numbering ----------------------------------------------------------------------------


def test_renumbering_shift_and_the_retargeted_address(model: Rulebook) -> None:
    nec = motion(
        insert(
            "C1.VIII",
            "4",
            "4. Accountability\n  A. The NEC shall publish its minutes.",
            after="C1.VIII.3",
        ),
        cv="3",
        proposer="NEC",
    )
    quorum = motion(
        replace("C1.VIII.6", "one third of its members", "one half of its members"), cv="25"
    )
    report = check(model, [nec, quorum])
    [shift] = [f for f in report.findings if f.code is Code.RENUMBERING_SHIFT]
    assert shift.motions == (0, 1)
    assert shift.retarget == ((parse_address("C1.VIII.6"), parse_address("C1.VIII.7")),)
    # All carried follows the renumbering: the quorum change lands in the rule's new place.
    assert report.carried is not None and report.carried.failed == ()
    book = report.carried.rulebook
    assert "one half of its members" in book["C1.VIII.7"].text
    assert book["C1.VIII.4"].text == "Accountability"


def test_broken_references_in_the_book_and_in_inserted_text(model: Rulebook) -> None:
    remover = motion(delete("C5.II.2"), cv="10")
    citing = motion(
        at_end("C5.II.4", ", and shall give reasons for any refusal under rule 2 above"), cv="16"
    )
    report = check(model, [remover, citing])
    [broken] = [f for f in report.findings if f.code is Code.BROKEN_REFERENCE]
    assert broken.motions == (0, 1)
    found = {
        (c.provision.compact(), c.text, c.motion, c.now.compact() if c.now else None)
        for c in broken.citations
    }
    assert ("C5.II.3.A", "rule 2 above", None, None) in found
    assert ("C5.V.4", "Clause II.2 above", None, None) in found
    assert ("C5.II.4", "rule 2 above", 1, None) in found
    # 'rules 1 to 4 above' in C5.II.5 still names rule 4 by number, which becomes rule 3.
    assert ("C5.II.5", "rules 1 to 4 above", None, "C5.II.3") in found
    assert "Add consequential amendments" in broken.remedy


def test_the_checker_reports_broken_citations_itself_not_apply_s_warning(model: Rulebook) -> None:
    """An effect leaves out `apply`'s warning about citations its deletion breaks (applied to
    a few subtrees, `apply` sees only the citations in them); the check finds them across the
    whole book, as a finding."""
    from motions.conflicts.effects import effect_of

    remover = motion(delete("C5.II.2"), cv="10")
    assert "reference-broken" in {d.code for d in apply(model, remover).diagnostics}
    effect = effect_of(model, remover)
    assert effect.applies and "reference-broken" not in {d.code for d in effect.diagnostics}
    [broken] = [f for f in check(model, [remover]).findings if f.code is Code.BROKEN_REFERENCE]
    cited = {(c.provision.compact(), c.text) for c in broken.citations}
    assert {("C5.II.3.A", "rule 2 above"), ("C5.V.4", "Clause II.2 above")} <= cited


def test_relative_citations_that_move_with_their_provision_are_not_broken(model: Rulebook) -> None:
    # Inserting a new Clause in Chapter 5 renumbers Clause II and everything in it, but 'rule 2
    # above' inside the clause still names the same rule.
    new_clause = motion(
        insert(
            "C5",
            "II",
            "Clause II. Candidate training\n1. The NEC shall provide training.",
            after="C5.I",
        )
    )
    report = check(model, [new_clause])
    [broken] = [f for f in report.findings if f.code is Code.BROKEN_REFERENCE]
    texts = {c.text for c in broken.citations}
    assert "rule 2 above" not in texts  # C5.II.3.A → C5.III.3.A, citing C5.III.2: still right
    assert "Clause II.2 above" in texts  # C5.V.4 names the clause by number


def test_a_motion_that_rewrites_the_citation_itself_is_not_reported(model: Rulebook) -> None:
    remover = motion(
        delete("C5.II.2"),
        replace(
            "C5.V.4",
            "or to automatic inclusion on any shortlist under rules 1 to 3 above "
            "or under Clause II.2 above",
            "or to automatic inclusion on any shortlist",
        ),
        replace("C5.II.3.A", "or a full selection is required under rule 2 above, ", ""),
        replace("C5.II.5", "rules 1 to 4 above", "rules 1 to 3 above"),
    )
    report = check(model, [remover])
    assert Code.BROKEN_REFERENCE not in {f.code for f in report.findings}, report.findings


# -- admissibility ------------------------------------------------------------------------


def test_no_location_several_subjects_and_consequential(model: Rulebook) -> None:
    unlocated = parsed(
        "Title: a\nProposer: Millbrook CLP\nDelete 'six months' and insert 'three months'."
    )
    several = parsed(
        "Title: b\nProposer: Fenwick CLP\n"
        "Chapter 4, Clause V, rule 1.B: delete 'for two years' and insert 'for three years'.\n"
        "Chapter 1, Clause IX, rule 2.B: delete 'a term of two years' and insert "
        "'a term of three years'."
    )
    consequential = parsed(
        "Title: c\nProposer: Marsh Lane CLP\n"
        "Chapter 5, Clause II, rule 2.A: delete 'trigger ballot' and insert 'reselection ballot'.\n"
        "Consequential amendments to be made elsewhere where 'trigger ballot' is mentioned."
    )
    report = check(model, [unlocated, several, consequential])
    assert codes(report) == ["no-location", "several-subjects", "consequential-unlocated"]
    assert report.findings[1].provisions == addresses("C1.IX", "C4.V")


def test_a_stale_motion_is_not_applicable_and_says_which_edition(model: Rulebook) -> None:
    stale = parsed(
        "Title: a\nProposer: Greenhill CLP\nRule Book: 2024\n"
        "Chapter 4, Clause III, rule 2.B: delete 'not more than 150 words' and insert "
        "'not more than 300 words'."
    )
    [finding] = check(model, [stale]).findings
    assert finding.code is Code.NOT_APPLICABLE
    assert "drafted against the 2024 edition" in finding.message
    assert "not more than 200 words" in finding.remedy  # the book-wide hint survives


def test_a_crash_in_apply_is_one_finding_not_a_traceback(
    model: Rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    import motions.conflicts.alone as alone
    import motions.conflicts.local as local

    def boom(book: Rulebook, m: object, *, references: bool = True) -> object:
        if getattr(m, "source", "") == "crash":
            raise ValueError("boom")
        return apply(book, m, references=references)  # type: ignore[arg-type]

    monkeypatch.setattr(local, "apply", boom)
    monkeypatch.setattr(alone, "apply", boom)  # the one-subtree way (`effects._applied`)
    fine = motion(replace("C4.II.2.B.i", "20 per cent", "10 per cent"))
    crash = motion(replace("C4.II.2.B.ii", "5 per cent", "3 per cent"), source="crash")
    report = check(model, [fine, crash])
    [finding] = report.findings
    assert finding.code is Code.NOT_APPLICABLE and finding.motions == (1,)
    assert finding.diagnostics[0].code == "apply-crashed"
