"""One plain sentence per motion, from its operations or its own Summary line; motion ids."""

from __future__ import annotations

import attrs
import pytest

from motions.brief.agenda import card_vote_motions, identify
from motions.brief.summary import sentence
from motions.drafting.reader import parse_motion, parse_motions
from motions.whip.model import CardVote

CASES = [
    (
        "Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '10 per cent'.",
        "Replaces '20 per cent' with '10 per cent' in Chapter 4, Clause II, rule 2.B.i.",
    ),
    (
        "Chapter 1, Clause VIII, rule 1.L: delete 'Commons' wherever it occurs.",
        "Deletes 'Commons' wherever it occurs from Chapter 1, Clause VIII, rule 1.L.",
    ),
    (
        "Chapter 2, Clause III, rule 1.F: insert before 'in every Party activity': 'online,'",
        "Inserts 'online,' before 'in every Party activity' in Chapter 2, Clause III, rule 1.F.",
    ),
    (
        "Chapter 6, Clause I, rule 2.B.iii (page 22) reads as follows:\n"
        "'be nominated or selected as a candidate for public office;'\n\n"
        "Amendment\nDelete rule 2.B.iii and renumber accordingly.",
        "Deletes the whole of Chapter 6, Clause I, rule 2.B.iii and renumbers the rules after it.",
    ),
    (
        "Chapter 7, Clause X, rule 5: at the end add 'The report shall be in writing.'",
        "Adds 'The report shall be in writing.' at the end of Chapter 7, Clause X, rule 5.",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentence_says_what_the_operations_do(text: str, expected: str) -> None:
    assert sentence(parse_motion(text)) == expected


def test_several_operations_make_one_sentence() -> None:
    motion = parse_motion(
        "Title: NEC package\nProposer: NEC\n\nAmendments\n"
        "Chapter 3, Clause III, rule 1.B: for 'two weeks' substitute 'four weeks'.\n"
        'In C4.I.2.A, delete "six months" and insert "three months".\n'
    )
    assert sentence(motion) == (
        "Makes 2 changes: replaces 'two weeks' with 'four weeks' in Chapter 3, Clause III, "
        "rule 1.B; and replaces 'six months' with 'three months' in Chapter 4, Clause I, "
        "rule 2.A."
    )


def test_long_quotes_are_cut_at_a_word() -> None:
    new = " ".join(["word"] * 40)
    motion = parse_motion(
        f"Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '{new}'."
    )
    text = sentence(motion)
    assert "…'" in text
    assert len(text) < 200


def test_a_summary_header_line_is_used_as_written() -> None:
    motion = parse_motion(
        "Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '10 per cent'."
    )
    header = attrs.evolve(motion.header, extra=(("Summary", "Halves  the threshold."),))
    assert sentence(attrs.evolve(motion, header=header)) == "Halves the threshold."


def test_ids_come_from_reference_lines_file_names_or_positions() -> None:
    one = parse_motions("Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '1'.")
    assert [m.id for m in identify("cv02-threshold", one)] == ["cv02-threshold"]
    two = parse_motions(
        "Title: A\nReference: cv07-a\n\nChapter 4, Clause II, rule 2.B.i: delete '20' and "
        "insert '10'.\n---\nTitle: B\n\nChapter 4, Clause II, rule 2.B.i: delete 'at least' "
        "and insert 'no fewer than'.\n"
    )
    assert [m.id for m in identify("agenda", two)] == ["cv07-a", "agenda#2"]


def test_card_votes_without_motion_ids_take_the_agenda_by_number() -> None:
    motions = parse_motions(
        "Title: A\nCard vote: 3\n\nChapter 4, Clause II, rule 2.B.i: delete '20' and insert "
        "'10'.\n---\nTitle: B\nCard vote: 4\n\nChapter 4, Clause II, rule 2.B.i: delete "
        "'at least' and insert 'no fewer than'.\n"
    )
    agenda = identify("agenda", motions)
    card_votes = [CardVote(3, "Listed", ("elsewhere",)), CardVote(4, "Unlisted")]
    assert card_vote_motions(card_votes, agenda) == {3: ("elsewhere",), 4: ("agenda#2",)}


def test_a_card_vote_line_that_is_no_number_matches_no_card_vote() -> None:
    """Thousands of digits (which `int()` refuses), other scripts' digits and words: none is a
    card vote's number, so the card vote takes no motion by number (and nothing raises)."""
    lines = ["9" * 5000, "\u0664", "3a", "1_0"]
    text = "\n---\n".join(
        f"Title: M{i}\nCard vote: {line}\n\nChapter 4, Clause II, rule 2.B.i: delete '20' and "
        "insert '10'."
        for i, line in enumerate(lines)
    )
    agenda = identify("agenda", parse_motions(text + "\n"))
    card_votes = [CardVote(4, "Four"), CardVote(10, "Ten"), CardVote(3, "Three")]
    assert card_vote_motions(card_votes, agenda) == {4: (), 10: (), 3: ()}
