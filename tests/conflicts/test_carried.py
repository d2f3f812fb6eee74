"""All carried: the agenda applied together, each motion re-targeted through earlier ones."""

from __future__ import annotations

from unittest import mock

from conflict_support import delete, insert, motion, replace

from motions import Rulebook
from motions.book.address import parse_address
from motions.conflicts import carried, check
from motions.conflicts.check import analyse
from motions.conflicts.local import Overlay, apply_local
from motions.conflicts.model import Carried
from motions.drafting.motion import Motion


def test_addresses_follow_two_renumberings(model: Rulebook) -> None:
    nec = motion(
        insert("C4.II", "2", "2. Hustings\n  A. The NEC shall arrange hustings.", after="C4.II.1"),
        proposer="NEC",
    )
    drop = motion(delete("C4.II.4"), cv="1")  # the original rule 4 (rule 5 once the NEC's is in)
    edit = motion(
        replace("C4.II.5", "any necessary modifications", "the modifications the NEC approves"),
        cv="2",
    )
    report = check(model, [edit, drop, nec])
    carried = report.carried
    assert carried is not None and carried.failed == ()
    assert carried.order == (2, 1, 0)
    book = carried.rulebook
    assert book["C4.II.2"].text == "Hustings"
    assert book["C4.II.3"].text == "Nominations"  # the original rule 2
    assert book["C4.II.4"].text == "Ballots"  # the original rule 3; the original rule 4 is gone
    assert "the modifications the NEC approves" in book["C4.II.5"].text  # the original rule 5
    assert "C4.II.6" not in book


def test_a_motion_whose_provision_was_deleted_cannot_be_applied(model: Rulebook) -> None:
    drop = motion(delete("C5.II.2"), cv="1")
    inside = motion(
        replace("C5.II.2.C", "at least one third of the branches", "half of the branches"), cv="2"
    )
    carried = check(model, [inside, drop]).carried
    assert carried is not None
    [(index, (diagnostic,))] = carried.failed
    assert index == 0 and diagnostic.code == "carried-gone"
    assert diagnostic.message == "C5.II.2 is deleted or replaced by CV 1 (Anytown)"
    assert "C5.II.2.C" not in carried.rulebook or "half" not in carried.rulebook["C5.II.2.C"].text


def test_later_motions_see_earlier_words(model: Rulebook) -> None:
    first = motion(replace("C4.II.2.B.i", "20 per cent", "15 per cent"), cv="1")
    second = motion(replace("C4.II.2.B.i", "15 per cent", "12 per cent"), cv="2")  # fits only after
    report = check(model, [second, first])
    carried = report.carried
    assert carried is not None and carried.failed == ()
    assert "12 per cent" in carried.rulebook["C4.II.2.B.i"].text


def test_the_overlay_index_is_the_amended_books_own(model: Rulebook) -> None:
    """Splicing re-indexes only the path an amendment changed: after amendments in and around
    one clause (words deep inside, a new rule, a deleted rule renumbering the rest, a sibling's
    words), the overlay's index is exactly the index of the book it holds."""
    agenda = [
        motion(replace("C4.II.2.B.i", "20 per cent", "10 per cent")),
        motion(replace("C4.II.2.B.i", "10 per cent", "12 per cent")),
        motion(insert("C4.II", "6", "A new rule.")),
        motion(delete("C4.II.1")),
    ]
    overlay = Overlay(model)
    for m in agenda:
        splice_applied(model, m, overlay)
        assert overlay.index == {p.address: p for p in overlay.rulebook().walk()}
    now = overlay.get(parse_address("C4.II.1.B.i"))  # rule 2 renumbered as rule 1
    assert now is not None and "12 per cent" in now.text


def test_the_overlay_reads_what_was_spliced_below_a_provision(model: Rulebook) -> None:
    """A splice leaves the provisions above it to be rebuilt when next read whole: a motion
    applied to a clause after amendments deep inside it sees those amendments (nothing read
    the clause whole in between), and so does the book the overlay holds at the end."""
    agenda = [
        motion(replace("C4.II.2.B.i", "20 per cent", "10 per cent")),
        motion(replace("C4.II.2.B.i", "10 per cent", "12 per cent")),
        motion(insert("C4.II", "6", "A new rule.")),
        motion(replace("C4.II.3", "Ballots", "Ballots and hustings")),
        motion(delete("C4.II.1")),
    ]
    overlay = Overlay(model)
    clause, chapter = parse_address("C4.II"), parse_address("C4")
    for m in agenda:
        splice_applied(model, m, overlay)
    assert not overlay.is_stale(clause)  # read whole by the last motion, and spliced
    assert overlay.is_stale(chapter)  # spliced below since it was last read whole
    stale = overlay.own(chapter)
    assert stale is not None and stale.children[1].children[0].label == "1"
    assert stale.children[1].children[0].text != "Ballots and hustings"
    now = overlay.get(parse_address("C4.II.1.B.i"))  # rule 2 renumbered as rule 1
    assert now is not None and "12 per cent" in now.text
    rules = overlay.get(clause)
    assert rules is not None and rules.children[1].text == "Ballots and hustings"
    assert overlay.index == {p.address: p for p in overlay.rulebook().walk()}
    assert not overlay.stale


def test_word_amendments_are_written_in_again_where_their_words_are_unchanged(
    model: Rulebook,
) -> None:
    """A motion that only amends words is carried by writing its new text in (`rebase`)
    when the provision still says what it said in the book: below a provision whose child an
    earlier motion amended, or renumbered by an earlier deletion. Where its own words were
    changed, it is applied again. Either way the edition is what applying it again gives."""
    agenda = [
        motion(replace("C4.II.2.B.i", "20 per cent", "10 per cent"), cv="1"),
        motion(replace("C4.II.2.B", "In the case of a vacancy", "Where a vacancy arises"), cv="2"),
        motion(delete("C4.II.1"), cv="3"),
        motion(replace("C4.II.5", "any necessary modifications", "the NEC's changes"), cv="4"),
        motion(replace("C4.II.2.B.i", "10 per cent", "12 per cent"), cv="5"),
    ]
    analysed = analyse(model, agenda)
    with mock.patch.object(carried, "write_in", wraps=carried.write_in) as written:
        fast = carried.carry_all(analysed)
    with mock.patch.object(carried, "rebased", return_value=None):
        again = carried.carry_all(analysed)
    # Motions 2 and 4 (rule 5, now rule 4) are written in; 5 amends words 1 changed.
    assert written.call_count == 2
    assert fast.failed == () and fast.applied == again.applied == (0, 1, 2, 3, 4)
    assert as_written(fast) == as_written(again)
    book = fast.rulebook
    assert book["C4.II.1.B"].text.startswith("Where a vacancy arises")
    assert "12 per cent" in book["C4.II.1.B.i"].text
    assert "the NEC's changes" in book["C4.II.4"].text and "C4.II.5" not in book


def as_written(result: Carried) -> tuple[object, ...]:
    """Everything all carried says, each provision's every field (spans and pages are not
    part of a provision's equality) and the counts included."""
    return (
        [
            (p.address, p.label, p.heading, p.text, p.closing, p.span, p.page)
            for p in result.rulebook.walk()
        ],
        result.applied,
        [(i, [(d.code, d.message) for d in ds]) for i, ds in result.failed],
        (result.amended, result.inserted, result.deleted, result.replaced, result.renumbered),
    )


def splice_applied(book: Rulebook, m: Motion, overlay: Overlay) -> None:
    """`m` applied to the subtrees it touches as the overlay holds them, spliced back; it must
    apply."""
    amended, subtrees = apply_local(book, m, overlay.get)
    assert amended.applied and subtrees is not None, amended.errors
    for subtree in subtrees:
        spliced = amended.rulebook.get(subtree)
        assert spliced is not None
        overlay.splice(spliced)
