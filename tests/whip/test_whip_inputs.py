"""Reading what people type and the CSV / TOML files: located errors, all of them at once."""

from __future__ import annotations

import pytest

from motions.errors import WhipError
from motions.whip import (
    Line,
    Position,
    Section,
    Threshold,
    parse_card_vote,
    parse_card_votes,
    parse_delegates,
    parse_delegations,
    parse_line,
    parse_mandates,
    parse_pledges,
    parse_position,
    parse_recommendations,
)
from motions.whip.names import did_you_mean


@pytest.mark.parametrize("text", ["CV7", "cv7", "CV 7", "cv07", "7", " Card vote 7 ", "CV-7"])
def test_card_vote_spellings(text: str) -> None:
    assert parse_card_vote(text) == 7


@pytest.mark.parametrize("text", ["CV", "CV0", "seven", "-3", "CV7a", ""])
def test_bad_card_votes(text: str) -> None:
    with pytest.raises(WhipError) as err:
        parse_card_vote(text)
    assert err.value.first.code == "whip.bad-card-vote"
    assert "CV7" in (err.value.first.hint or "")


def test_positions_and_lines() -> None:
    assert parse_position("Support") is Position.FOR
    assert parse_position("against") is Position.AGAINST
    assert parse_line("Oppose if not remitted") is Line.OPPOSE_IF_NOT_REMITTED
    assert parse_line("no recommendation") is Line.FREE_VOTE
    with pytest.raises(WhipError) as err:
        parse_position("agianst")
    assert "did you mean 'against'" in (err.value.first.hint or "")


def test_did_you_mean_is_case_insensitive() -> None:
    assert did_you_mean("jo smtih", ["Jo Smith", "Jo Smyth", "Al Jones"]) is not None
    assert did_you_mean("zzz", ["Jo Smith"]) is None


DELEGATIONS = """id,name,section,votes,faction,women_members,young_members
C1,Ashford,clp,800,,400,40
C2,"Bramley, North",CLP,300,,,
A1,General Union,affiliate,100000,Forward,,
"""


def test_delegations_parse_with_quoted_commas() -> None:
    rows = parse_delegations(DELEGATIONS, "d.csv")
    values = [r.value for r in rows]
    assert [v.id for v in values] == ["C1", "C2", "A1"]
    assert values[1].name == "Bramley, North"
    assert values[1].section is Section.CLP
    assert values[2].faction == "Forward"
    assert rows[1].row.line == 3


def test_every_bad_row_is_reported_with_file_row_and_column() -> None:
    text = """id,name,section,votes
C1,Ashford,clp,800
C2,Bramley,club,300
C3,Castle,clp,lots
,Dunby,clp,5
C1,Elmley,clp,5
"""
    with pytest.raises(WhipError) as err:
        parse_delegations(text, "delegations.csv")
    found = {(d.span.line, d.code) for d in err.value.diagnostics if d.span}
    assert (3, "whip.bad-section") in found
    assert (4, "whip.bad-number") in found
    assert (5, "whip.empty-cell") in found
    assert (6, "whip.duplicate-id") in found
    bad_section = next(d for d in err.value.diagnostics if d.code == "whip.bad-section")
    assert bad_section.span is not None
    assert bad_section.span.filename == "delegations.csv"
    assert bad_section.span.column == len("C2,Bramley,") + 1
    assert "row 3, column 3 (section)" in bad_section.message
    formatted = err.value.format()
    assert "delegations.csv:3:12" in formatted
    assert "^^^^" in formatted  # a caret under the bad cell


def test_unknown_and_missing_columns() -> None:
    with pytest.raises(WhipError) as err:
        parse_delegations("id,name,sectoin,votes\nC1,A,clp,1\n", "d.csv")
    codes = {d.code for d in err.value.diagnostics}
    assert codes == {"whip.unknown-column", "whip.missing-column"}
    unknown = next(d for d in err.value.diagnostics if d.code == "whip.unknown-column")
    assert "did you mean 'section'" in (unknown.hint or "")


def test_wrong_field_count_and_empty_file() -> None:
    with pytest.raises(WhipError, match="row 2 has 3 fields"):
        parse_delegations("id,name,section,votes\nC1,A,clp\n", "d.csv")
    with pytest.raises(WhipError, match="empty"):
        parse_delegations("", "d.csv")


def test_delegates_flags() -> None:
    text = "id,name,delegation,woman,under_27,attending\nD1,Jo,C1,yes,no,\nD2,Al,C1,maybe,no,no\n"
    with pytest.raises(WhipError) as err:
        parse_delegates(text, "p.csv")
    assert err.value.first.span is not None and err.value.first.span.line == 3
    ok = parse_delegates("id,name,delegation,attending\nD1,Jo,C1,no\n", "p.csv")
    assert ok[0].value.attending is False


def test_pledges_and_mandates() -> None:
    pledges = parse_pledges(
        "delegate,card_vote,position,confidence\nJo Smith,cv 3,support,80%\nD2,7,against,\n"
    )
    assert pledges[0].value.position is Position.FOR
    assert pledges[0].value.confidence == pytest.approx(0.8)
    assert pledges[1].value.confidence == 0.9  # the documented default
    with pytest.raises(WhipError) as err:
        parse_pledges("delegate,card_vote,position,confidence\nJo,CVx,maybe,2\n", "p.csv")
    assert {d.code for d in err.value.diagnostics} == {
        "whip.bad-card-vote",
        "whip.bad-position",
        "whip.bad-confidence",
    }
    with pytest.raises(WhipError, match="a mandate is for, against or abstain"):
        parse_mandates("delegation,card_vote,position\nC1,CV1,undecided\n")


CARD_VOTES = """
[[card_vote]]
number = 1
title = "Nomination threshold"
motions = ["cv01-threshold"]

[[card_vote]]
number = "CV2"
title = "Climate"
motions = ["cv02-climate", "cv02-climate-b"]
threshold = "two-thirds"
"""


def test_card_votes_toml() -> None:
    votes = parse_card_votes(CARD_VOTES, "cv.toml")
    assert [v.label for v in votes] == ["CV1", "CV2"]
    assert votes[1].threshold is Threshold.TWO_THIRDS
    assert votes[1].motions == ("cv02-climate", "cv02-climate-b")


def test_card_votes_toml_errors_are_located() -> None:
    text = CARD_VOTES + '\n[[card_vote]]\nnumber = 1\ntitel = "x"\n'
    with pytest.raises(WhipError) as err:
        parse_card_votes(text, "cv.toml")
    codes = {d.code for d in err.value.diagnostics}
    assert "whip.unknown-key" in codes and "whip.missing-key" in codes
    located = [d for d in err.value.diagnostics if d.span is not None]
    assert located and located[0].span is not None and located[0].span.line == 13
    unknown = next(d for d in err.value.diagnostics if d.code == "whip.unknown-key")
    assert "did you mean 'title'" in (unknown.hint or "")
    with pytest.raises(WhipError) as syntax:
        parse_card_votes('[[card_vote]]\nnumber = \ntitle="x"\n', "bad.toml")
    assert syntax.value.first.span is not None and syntax.value.first.span.line == 2
    with pytest.raises(WhipError, match="defined twice"):
        parse_card_votes(CARD_VOTES + '[[card_vote]]\nnumber = 2\ntitle = "again"\n')


def test_recommendations_toml() -> None:
    text = """faction = "Forward"

[[recommendation]]
card_vote = "CV1"
line = "support"
reason = "Members decide."

[[recommendation]]
card_vote = 2
line = "oppose if not remitted"
faction = "Other"
"""
    recs = parse_recommendations(text, "r.toml")
    assert [(r.recommendation.faction, r.recommendation.line) for r in recs] == [
        ("Forward", Line.SUPPORT),
        ("Other", Line.OPPOSE_IF_NOT_REMITTED),
    ]
    assert recs[1].span is not None and recs[1].span.line == 8
    with pytest.raises(WhipError) as err:
        parse_recommendations('[[recommendation]]\ncard_vote = 1\nline = "suport"\n', "r.toml")
    codes = {d.code for d in err.value.diagnostics}
    assert codes == {"whip.missing-faction"}
