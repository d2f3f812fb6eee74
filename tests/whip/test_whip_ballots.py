"""Ballots cast once per CLP: the whole membership, once, by whoever collects the paper."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from motions.cli import main
from motions.errors import WhipError
from motions.whip import Casting, WhipBook, project
from motions.whip.cardvotes import dump_card_votes, parse_card_votes
from motions.whip.model import Position, Section

CARD_VOTES = """
[[card_vote]]
number = 1
title = "Rule change"

[[card_vote]]
number = 2
title = "CAC election"
casting = "one-per-clp"
"""


def test_casting_reads_and_round_trips() -> None:
    votes = parse_card_votes(CARD_VOTES, "cv.toml")
    assert [v.casting for v in votes] == [Casting.DELEGATES, Casting.ONE_PER_CLP]
    assert parse_card_votes(dump_card_votes(votes), "again.toml") == votes
    with pytest.raises(WhipError, match="one-per-clp"):
        parse_card_votes('[[card_vote]]\nnumber = 3\ntitle = "x"\ncasting = "lottery"\n')


def _run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output + result.stderr


def _book(tmp_path: Path) -> Path:
    delegations = tmp_path / "delegations.csv"
    delegations.write_text(
        "id,name,section,votes,faction\n"
        "C1,Ashford,clp,900,\nC2,Brampton,clp,300,\nC3,Castleby,clp,600,\n"
        "A1,Union One,affiliate,1000,\n",
        encoding="utf-8",
    )
    delegates = tmp_path / "delegates.csv"
    delegates.write_text(
        "id,name,delegation,woman,attending\n"
        "D1,Ann,C1,yes,yes\nD2,Bob,C1,no,yes\nD3,Cat,C1,yes,yes\n"
        "D4,Dev,C2,yes,yes\nD5,Eve,C3,yes,yes\nD6,Fay,C3,yes,yes\n",
        encoding="utf-8",
    )
    card_votes = tmp_path / "card-votes.toml"
    card_votes.write_text(CARD_VOTES, encoding="utf-8")
    path = tmp_path / "whip.sqlite"
    book = ("--book", str(path))
    _run("whip", "init", "--faction", "Forward", *book)
    _run(
        "whip", "import", "--delegations", str(delegations), "--delegates", str(delegates),
        "--card-votes", str(card_votes), *book,
    )  # fmt: skip
    return path


def _pledge(path: Path, voter: str, vote: int, position: str) -> None:
    _run("whip", "pledge", voter, f"CV{vote}", position, "--confidence", "0.9", "--book", str(path))


def test_a_ballot_counts_each_clp_once_with_its_whole_membership(tmp_path: Path) -> None:
    path = _book(tmp_path)
    for delegate, vote, position in (
        ("D1", 2, "for"), ("D2", 2, "for"), ("D3", 2, "for"),  # Ashford agrees: 900 for
        ("D4", 2, "against"),  # Brampton's only delegate: 300 against
        ("D5", 2, "for"), ("D6", 2, "against"),  # Castleby split: depends who collects
        ("D1", 1, "for"), ("D2", 1, "for"), ("D3", 1, "for"), ("D4", 1, "against"),
    ):  # fmt: skip
        _pledge(path, delegate, vote, position)
    _pledge(path, "A1", 2, "for")
    with WhipBook.open(path) as book:
        conference = book.snapshot()
    ballot = project(conference, 2)
    clps = [v for v in ballot.voters if v.section is Section.CLP]
    assert sorted((v.id, v.units // ballot.scale, v.stated.value) for v in clps) == [
        ("C1", 900, "for"), ("C2", 300, "against"), ("C3", 600, "undecided"),
    ]  # fmt: skip
    card = project(conference, 1)
    # On the card vote the same pledges are split by delegate: Ashford's 900 as 3 x 300.
    assert sorted(v.units // card.scale for v in card.voters if v.delegation_id == "C1") == [
        300, 300, 300,
    ]  # fmt: skip
    for_ = sum(v.units for v in clps if v.projected is Position.FOR)
    against = sum(v.units for v in clps if v.projected is Position.AGAINST)
    assert (for_ // ballot.scale, against // ballot.scale) == (900, 300)


def test_a_mandate_decides_a_clp_ballot(tmp_path: Path) -> None:
    path = _book(tmp_path)
    _pledge(path, "D5", 2, "for")
    _pledge(path, "D6", 2, "for")
    _run("whip", "mandate", "Castleby", "CV2", "against", "--book", str(path))
    with WhipBook.open(path) as book:
        ballot = project(book.snapshot(), 2)
    (castleby,) = [v for v in ballot.voters if v.id == "C3"]
    assert castleby.stated is Position.AGAINST and castleby.bound


def test_one_ballot_per_clp_is_a_fact_for_each_delegate() -> None:
    import attrs
    from whip_support import tiny_conference

    from motions.whip import Casting, Delegate, clp_ballot, index_conference

    conf = tiny_conference([(1234, [None, None]), (500, [None])], [(100, None)])
    ballot_vote = attrs.evolve(conf.card_votes[0], casting=Casting.ONE_PER_CLP)
    conf = attrs.evolve(
        conf,
        card_votes=(ballot_vote,),
        delegates=tuple(
            attrs.evolve(d, name="Jo Bell") if d.id == "C0D1" else d for d in conf.delegates
        ),
    )
    assert ballot_vote.one_per_clp
    index = index_conference(conf)
    fact = clp_ballot(index, 1, "C0D0")
    assert fact is not None
    assert fact.votes == 1234 and fact.co_delegates == ("Jo Bell",)
    assert fact.text == (
        "your CLP casts one ballot of 1,234 votes on CV1: agree it with your co-delegate Jo Bell"
    )
    alone = clp_ballot(index, 1, "C1D0")
    assert alone is not None and "you hold it alone" in alone.text
    assert isinstance(conf.delegates[0], Delegate)
    plain = attrs.evolve(conf, card_votes=(attrs.evolve(ballot_vote, casting=Casting.DELEGATES),))
    assert clp_ballot(index_conference(plain), 1, "C0D0") is None


def test_a_one_per_clp_tally_says_so() -> None:
    import attrs
    from whip_support import tiny_conference

    from motions.whip import Casting, project
    from motions.whip.report import projection_text

    conf = tiny_conference([(1234, [None, None]), (500, [None])], [(100, None)])
    ballot_vote = attrs.evolve(conf.card_votes[0], casting=Casting.ONE_PER_CLP)
    text = projection_text(
        project(attrs.evolve(conf, card_votes=(ballot_vote,)), 1), probability=None, aim=None
    )
    assert "One ballot per CLP: each of the 2 CLPs casts its whole membership once" in text
