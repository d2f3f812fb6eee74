"""The drafting language: every idiom real rule changes use parses into the right operation."""

from __future__ import annotations

import pytest

from motions import MotionsError
from motions.drafting.motion import (
    Consequential,
    DeleteProvisions,
    DeleteWords,
    InsertProvision,
    InsertWords,
    Position,
    ReplaceProvisions,
    ReplaceQuoted,
    ReplaceSentence,
    ReplaceWords,
)
from motions.drafting.reader import parse_motion, parse_motions

LOCATED = "Chapter 4, Clause II, rule 2.B.i (page 14) reads as follows: 'x'\nAmendment\n"


def op(text: str, prefix: str = LOCATED) -> object:
    motion = parse_motion(prefix + text)
    assert len(motion.operations) == 1
    return motion.operations[0]


def test_a_whole_motion() -> None:
    motion = parse_motion(
        "Title: Lower the threshold\nProposer: Northtown CLP\nRule Book: 2026\nCard vote: CV 12\n"
        "Package: none\n\n"
        "Chapter 4, Clause II, rule 2.B.i (page 14) reads as follows:\n"
        "‘at least 20 per cent of the Commons members’\n\nAmendment\n"
        "Delete ‘20 per cent’ and insert ‘10 per cent’.\n\n"
        "The amended rule will read:\n‘at least 10 per cent of the Commons members’\n\n"
        "Supporting argument\nOne in five is too many.\nSecond line.\n",
        filename="t.motion",
    )
    header = motion.header
    assert (header.title, header.proposer, header.edition, header.card_vote) == (
        "Lower the threshold", "Northtown CLP", "2026", "12",
    )  # fmt: skip
    assert motion.location is not None and motion.location.address.compact() == "C4.II.2.B.i"
    assert motion.location.page == 14
    assert motion.reads is not None and motion.reads.text.startswith("at least 20")
    assert motion.will_read is not None and "10 per cent" in motion.will_read.text
    assert motion.argument == "One in five is too many.\nSecond line."
    (operation,) = motion.operations
    assert isinstance(operation, ReplaceWords)
    assert (operation.anchor.words.text, operation.new.text) == ("20 per cent", "10 per cent")


@pytest.mark.parametrize(
    "text",
    [
        "Delete '20 per cent' and insert '10 per cent'.",
        "Delete: '20 per cent' Replace with: '10 per cent'",
        "Replace the words '20 per cent' with the words '10 per cent'.",
        "Replace '20 per cent' with '10 per cent'.",
        "For '20 per cent' substitute '10 per cent'.",
        "delete '20 per cent' and replace by '10 per cent'",
    ],
)
def test_replace_idioms(text: str) -> None:
    operation = op(text)
    assert isinstance(operation, ReplaceWords)
    assert (operation.anchor.words.text, operation.new.text) == ("20 per cent", "10 per cent")


def test_insert_idioms() -> None:
    after = op("After 'elections.' (line 2) add: 'Ballots are secret.'")
    assert isinstance(after, InsertWords) and after.position is Position.AFTER
    assert after.anchor is not None and after.anchor.words.text == "elections."
    before = op("Insert before 'members': 'individual'")
    assert isinstance(before, InsertWords) and before.position is Position.BEFORE
    end = op("At the end add: 'or'.")
    assert isinstance(end, InsertWords) and end.position is Position.END and end.anchor is None
    start = op("At the start insert 'Save as below,'.")
    assert isinstance(start, InsertWords) and start.position is Position.START


def test_sentence_idioms() -> None:
    fifth = op("Replace the fifth sentence, which reads 'Old.', with: 'New.'")
    assert isinstance(fifth, ReplaceSentence)
    assert fifth.sentence == 5 and fifth.expected is not None and fifth.new.text == "New."
    last = op("At the start of the last sentence delete 'The' and replace by 'Each'")
    assert isinstance(last, ReplaceWords) and last.anchor.sentence == -1


def test_occurrences_and_wherever() -> None:
    every = op("Delete 'annual' wherever it occurs.")
    assert isinstance(every, DeleteWords) and every.anchor.every
    second = op("Delete the second 'annual'.")
    assert isinstance(second, DeleteWords) and second.anchor.occurrence == 2
    quoted = op("Delete these words and replace them with: 'y'")
    assert isinstance(quoted, ReplaceQuoted) and quoted.new.text == "y"


def test_provision_idioms() -> None:
    added = op(
        "Add at the end, after sub-clause H, a new sub-clause I as follows: 'I. text'",
        prefix="Chapter 3, Clause III, rule 2.\nAmendment\n",
    )
    assert isinstance(added, InsertProvision)
    assert added.parent.address.compact() == "C3.III.2" and added.label == "I"
    assert added.after is not None and added.after.address.compact() == "C3.III.2.H"
    at = op("Insert at 3.III.2.2 a new sub-clause B as follows: 'text'", prefix="")
    assert isinstance(at, InsertProvision) and at.label == "B"
    assert at.before is not None and at.before.address.compact() == "C3.III.2.B"
    replaced = op(
        "Replace Clause IV.5 and IV.6 with the following: '5. a A. b B. c 6. d'",
        prefix="Chapter 5.\n",
    )
    assert isinstance(replaced, ReplaceProvisions)
    assert [t.address.compact() for t in replaced.targets] == ["C5.IV.5", "C5.IV.6"]
    deleted = op("Delete rule 2.B.iii and renumber accordingly", prefix="Chapter 4, Clause II.\n")
    assert isinstance(deleted, DeleteProvisions) and deleted.renumber
    assert [t.address.compact() for t in deleted.targets] == ["C4.II.2.B.iii"]
    consequential = op(
        "Consequential amendments to be made elsewhere where 'trigger ballot' is mentioned",
        prefix="",
    )
    assert isinstance(consequential, Consequential)
    assert consequential.words is not None and consequential.words.text == "trigger ballot"


def test_package_operations_carry_their_own_locations() -> None:
    motion = parse_motion(
        "Proposer: NEC\nPackage: Party Conference\nCard vote: 3\n\n"
        "Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '15 per cent'.\n"
        "C3.I.3.A: after 'six' insert 'delegates'.\n"
        "In Chapter 3, Clause III, rule 2.H, delete 'three years' and insert 'two years'.\n"
    )
    assert motion.header.is_nec and motion.location is None
    assert [o.target.address.compact() for o in motion.operations] == [  # type: ignore[union-attr]
        "C4.II.2.B.i", "C3.I.3.A", "C3.III.2.H",
    ]  # fmt: skip


def test_relative_citations_use_the_motion_location() -> None:
    motion = parse_motion(
        "Chapter 5, Clause IV.\nIn Sub-clause 5.F, after 'members' insert 'and supporters'."
    )
    assert motion.operations[0].target.address.compact() == "C5.IV.5.F"  # type: ignore[union-attr]


def test_an_agenda_holds_many_motions() -> None:
    motions = parse_motions(
        "Title: a\nC1.I.1.A: delete 'x'\n---\nTitle: b\nC1.I.1.B: delete 'y'\n\n"
        "Title: c\nC1.I.1: delete 'z'\n",
        filename="agenda.motion",
    )
    assert [m.header.title for m in motions] == ["a", "b", "c"]
    assert [m.source for m in motions] == ["agenda.motion#1", "agenda.motion#2", "agenda.motion#3"]


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "fragment"),
    [
        (
            "C4.II.2.B.i: delete 20 per cent and insert '10 per cent'",
            "motion-syntax",
            1,
            21,
            "must be quoted",
        ),
        (
            "C4.II.2.B.i: delete '20 per cent' and insert",
            "motion-syntax",
            1,
            45,
            "Say what to put in",
        ),
        ("\nC4.II.2.B.i: delete 'x' and insret 'y'", "motion-syntax", 2, 29, "unexpected"),
        ("C4.II.2.B.i: delete 'unclosed", "unclosed-quote", 1, 21, "never closed"),
        ("Delete rule 2.B.iii", "address-unreadable", 1, 8, "without a context"),
        (
            "Chapter 4, Clause II, rule 2.B.i reads as follows: 'x'",
            "motion-syntax",
            1,
            55,
            "at least one operation",
        ),
        ("", "motion-empty", None, None, "holds no motion"),
    ],
)
def test_mistakes_are_located_errors(
    text: str, code: str, line: int | None, column: int | None, fragment: str
) -> None:
    with pytest.raises(MotionsError) as info:
        parse_motions(text, filename="m.motion")
    diagnostic = info.value.first
    assert diagnostic.code == code
    if line is not None:
        assert diagnostic.span is not None
        assert (diagnostic.span.line, diagnostic.span.column) == (line, column)
        assert diagnostic.format().startswith(f"m.motion:{line}:{column}:")
    assert fragment in diagnostic.format()
