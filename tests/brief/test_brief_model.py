"""build_sheets: every card vote on every sheet, weights, lines, mandates, clashes, findings."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs
import pytest
from brief_support import CARD_VOTE_TITLES

from motions.book.rulebook import Rulebook
from motions.brief.agenda import AgendaMotion, identify
from motions.brief.build import build_sheets
from motions.brief.digest import condense
from motions.brief.errors import BriefError
from motions.brief.findings import ConflictNote
from motions.brief.model import Briefing, Sheet
from motions.brief.render import render_sheet
from motions.drafting.reader import parse_motions
from motions.drafting.redline import Kind, Redline, Segment
from motions.whip import CardVote, Conference, Line, Position


def sheet_of(briefing: Briefing, delegate_id: str) -> Sheet:
    return next(s for s in briefing.sheets if s.delegate.id == delegate_id)


def test_one_sheet_per_attending_delegate_sorted_by_name(briefing: Briefing) -> None:
    ids = [s.delegate.id for s in briefing.sheets]
    assert sorted(ids) == ["D1", "D2", "D3", "D4", "D6", "D7", "D8"]  # D5 is not attending
    names = [s.delegate.name.lower() for s in briefing.sheets]
    assert names == sorted(names)


def test_every_card_vote_is_on_every_sheet_in_order(briefing: Briefing) -> None:
    assert [cv.number for cv in briefing.card_votes] == [1, 2, 3, 4]
    for sheet in briefing.sheets:
        assert [item.card_vote.number for item in sheet.items] == [1, 2, 3, 4]
    assert [cv.title for cv in briefing.card_votes] == list(CARD_VOTE_TITLES.values())


def test_card_votes_carry_their_motions_where_and_what(briefing: Briefing) -> None:
    cv1, cv2, cv3, cv4 = briefing.card_votes
    assert [m.id for m in cv1.motions] == ["cv1-ten", "cv1-fifteen"]
    assert cv1.proposers == ("Fernton East CLP", "Orchhurst CLP")
    assert cv1.places == ("Chapter 4, Clause II, rule 2.B.i, page 16",)
    assert cv1.motions[0].sentence == (
        "Replaces '20 per cent' with '10 per cent' in Chapter 4, Clause II, rule 2.B.i."
    )
    change = cv1.motions[0].changes[0]
    assert change.will_read is not None and change.will_read.startswith("at least 10 per cent")
    assert cv3.threshold.value == "two-thirds"
    assert cv3.motions[0].changes[0].kind == "deleted"
    assert cv3.motions[0].changes[0].will_read is None
    assert cv4.motions[0].nec and len(cv4.motions[0].changes) == 2
    assert cv2.motions[0].applies


def test_lines_come_from_the_named_whip_only(
    briefing: Briefing,
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
) -> None:
    lines = [cv.advice.line for cv in briefing.card_votes]
    assert lines == [Line.SUPPORT, Line.OPPOSE, Line.REMIT, None]
    assert briefing.card_votes[0].advice.reason == "Gives members a <b>real</b> choice."
    grassroots = build_sheets(conference, agenda, model, whip="grassroots")
    assert grassroots.whip == "Grassroots"
    assert grassroots.card_votes[0].advice.line is Line.OPPOSE


def test_weights_split_among_delegates_attending(briefing: Briefing) -> None:
    bea = sheet_of(briefing, "D1").delegate
    assert (bea.votes, bea.colleagues_attending, bea.delegation_votes) == (Fraction(901, 2), 2, 901)
    dev = sheet_of(briefing, "D4")
    # Orchhurst (600) has three delegates, one not attending: two carry 300 each, but Cara
    # Davies is pledged absent on CV1, so Dev carries all 600 there.
    assert dev.delegate.votes == 300
    assert [item.weight for item in dev.items] == [600, 300, 300, 300]
    cara = sheet_of(briefing, "D3")
    assert cara.items[0].weight == 0
    finn = sheet_of(briefing, "D8")
    assert finn.delegate.section.value == "affiliate"
    assert finn.delegate.votes == 410000 and finn.items[0].weight == 410000


def test_mandates_and_clashes(briefing: Briefing) -> None:
    bea = sheet_of(briefing, "D1")
    cv2 = bea.items[1]
    assert cv2.mandate is Position.FOR
    assert cv2.mandate_note == "agreed at the <i>GC</i> in June"
    assert cv2.clash == (
        "Fernton <b>East</b> mandates you to vote for; Forward's line is to vote against (oppose)."
    )
    assert [item.card_vote.number for item in bea.clashes] == [2]
    # Orchhurst is mandated for CV1, which Forward supports: a mandate, no clash.
    dev = sheet_of(briefing, "D4")
    assert dev.items[0].mandate is Position.FOR and dev.items[0].clash is None
    # Saltbridge has no mandate at all.
    assert all(item.mandate is None for item in sheet_of(briefing, "D6").items)


def test_pledges_and_tallies_only_in_the_whips_view(
    briefing: Briefing, whips_briefing: Briefing
) -> None:
    assert all(item.pledge is None for s in briefing.sheets for item in s.items)
    assert all(cv.tally is None for cv in briefing.card_votes)
    pledge = sheet_of(whips_briefing, "D1").items[1].pledge
    assert pledge is not None and pledge.position is Position.AGAINST
    assert all(cv.tally is not None for cv in whips_briefing.card_votes)
    tally = whips_briefing.card_votes[0].tally
    assert tally is not None and tally.outcome == "carried"


def test_findings_attach_to_the_card_votes_they_name(briefing: Briefing) -> None:
    cv1 = briefing.card_votes[0]
    assert [n.code for n in cv1.conflicts][:1] == ["collision"]
    assert set(cv1.conflicts[0].motions) == {"cv1-ten", "cv1-fifteen"}
    assert all(n.code != "compatible" for cv in briefing.card_votes for n in cv.conflicts)


def test_plain_findings_can_be_given_without_the_checker(
    conference: Conference, agenda: tuple[AgendaMotion, ...], model: Rulebook
) -> None:
    notes = [
        ConflictNote("falls", ("cv3-suspension", "cv4-nec"), "CV3 falls if CV4 is carried."),
        ConflictNote("compatible", ("cv2-online", "cv4-nec"), "They can both pass."),
    ]
    briefing = build_sheets(conference, agenda, model, notes, whip="Forward")
    assert [n.sentence for n in briefing.card_votes[2].conflicts] == [
        "CV3 falls if CV4 is carried."
    ]
    assert briefing.card_votes[1].conflicts == ()  # compatible: left off a delegate's sheet
    whips = build_sheets(conference, agenda, model, notes, whip="Forward", whips_view=True)
    assert [n.code for n in whips.card_votes[1].conflicts] == ["compatible"]


def test_unnumbered_motions_are_listed(briefing: Briefing) -> None:
    assert [m.id for m in briefing.unnumbered] == ["unnumbered"]


def test_one_delegate_by_name_or_id(
    conference: Conference, agenda: tuple[AgendaMotion, ...], model: Rulebook
) -> None:
    one = build_sheets(conference, agenda, model, whip="Forward", delegates=["ola smith"])
    assert [s.delegate.id for s in one.sheets] == ["D2"]
    by_id = build_sheets(conference, agenda, model, whip="Forward", delegates=["d7", "D6"])
    assert [s.delegate.id for s in by_id.sheets] == ["D7", "D6"]
    absent = build_sheets(conference, agenda, model, whip="Forward", delegates=["D5"])
    assert absent.sheets[0].delegate.attending is False
    assert absent.sheets[0].delegate.votes == 0


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"whip": "Froward"}, "brief.unknown-whip", "did you mean 'Forward'"),
        ({"whip": "Forward", "delegates": ["Bea Quinn"]}, "brief.ambiguous-delegate", "D6"),
        ({"whip": "Forward", "delegates": ["Ola Smyth"]}, "brief.unknown-delegate", "Ola Smith"),
    ],
)
def test_bad_requests_are_clear_errors(
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    kwargs: dict[str, object],
    code: str,
    words: str,
) -> None:
    with pytest.raises(BriefError) as caught:
        build_sheets(conference, agenda, model, **kwargs)  # type: ignore[arg-type]
    assert caught.value.first.code == code
    assert words in caught.value.format()


def test_a_motion_missing_from_the_agenda(
    conference: Conference, agenda: tuple[AgendaMotion, ...], model: Rulebook
) -> None:
    short = tuple(a for a in agenda if a.id != "cv1-fifteen")
    with pytest.raises(BriefError) as caught:
        build_sheets(conference, short, model, whip="Forward")
    assert caught.value.first.code == "brief.motion-not-in-agenda"
    assert "CV 1" in caught.value.first.message and "cv1-fifteen" in caught.value.first.message
    partial = build_sheets(conference, short, model, whip="Forward", partial=True)
    assert partial.missing == ("cv1-fifteen",)
    assert partial.card_votes[0].motions[1].missing


def test_a_book_without_card_votes_is_refused(
    conference: Conference, agenda: tuple[AgendaMotion, ...], model: Rulebook
) -> None:
    empty = attrs.evolve(conference, card_votes=())
    with pytest.raises(BriefError, match="no card votes"):
        build_sheets(empty, agenda, model, whip="Forward")


def test_condense_keeps_every_change_and_cuts_long_context() -> None:
    same = "word " * 100
    redline = Redline(
        (
            Segment(Kind.SAME, same),
            Segment(Kind.DELETE, "old"),
            Segment(Kind.INSERT, "new"),
            Segment(Kind.SAME, same),
        )
    )
    short = condense(redline, context=40)
    assert [s.kind for s in short] == [Kind.SAME, Kind.DELETE, Kind.INSERT, Kind.SAME]
    assert short[0].text.startswith("… ") and short[-1].text.endswith(" …")
    assert sum(len(s.text) for s in short) < 120
    whole = Redline((Segment(Kind.SAME, "a b"), Segment(Kind.INSERT, "c")))
    assert condense(whole) == whole.segments


def test_a_card_vote_with_no_motion_at_all(
    conference: Conference, agenda: tuple[AgendaMotion, ...], model: Rulebook
) -> None:
    extra = attrs.evolve(conference, card_votes=(*conference.card_votes, CardVote(5, "Late")))
    with pytest.raises(BriefError) as caught:
        build_sheets(extra, agenda, model, whip="Forward")
    assert caught.value.first.code == "brief.card-vote-without-motions"
    assert "'Card vote: 5'" in caught.value.first.message
    partial = build_sheets(extra, agenda, model, whip="Forward", partial=True)
    assert [cv.number for cv in partial.card_votes] == [1, 2, 3, 4, 5]
    assert partial.card_votes[4].motions == ()


def test_a_motion_that_cannot_be_applied_says_why(
    conference: Conference, agenda: tuple[AgendaMotion, ...], model: Rulebook
) -> None:
    broken = identify(
        "cv4-nec",
        parse_motions(
            "Title: Broken\n\nChapter 4, Clause II, rule 2.B.i: delete 'thirty per cent' and "
            "insert 'ten per cent'.\n"
        ),
    )
    swapped = tuple(a for a in agenda if a.id != "cv4-nec") + broken
    briefing = build_sheets(conference, swapped, model, whip="Forward")
    motion = briefing.card_votes[3].motions[0]
    assert not motion.applies and motion.changes == ()
    assert any("thirty per cent" in problem for problem in motion.problems)
    page = render_sheet(briefing, briefing.sheets[0], "html")
    assert "This motion cannot be applied to the rule book as drafted:" in page


def test_a_few_sheets_are_weighed_on_their_delegations_alone(
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    findings: tuple[ConflictNote, ...],
    briefing: Briefing,
    whips_briefing: Briefing,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What --delegate makes is what the whole conference's run makes for that delegate ...
    whole = {sheet.delegate.id: sheet for sheet in briefing.sheets}
    for ident, sheet in whole.items():
        few = build_sheets(conference, agenda, model, findings, whip="Forward", delegates=[ident])
        assert few.sheets == (sheet,)
    # ... and the tallies of the whips' view still count everyone,
    few = build_sheets(
        conference, agenda, model, findings, whip="Forward", delegates=["D3"], whips_view=True
    )
    assert few.card_votes == whips_briefing.card_votes
    # but without them only Wyeford's members are weighed (a sheet alone is quick to make).
    from motions.whip.projection import project

    voters: set[str] = set()

    def recording(index: Any, number: int) -> Any:
        projection = project(index, number)
        voters.update(v.id for v in projection.voters)
        return projection

    monkeypatch.setattr("motions.brief.build.project", recording)
    build_sheets(conference, agenda, model, findings, whip="Forward", delegates=["D3"])
    assert voters == {"D3", "D4", "D5"}
