"""Elections and the priorities ballot; the CLI's tables, quiet pipes and exports that re-import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from whip_support import EXAMPLE

from motions.cli import main
from motions.errors import WhipError
from motions.whip import CardVote
from motions.whip.cardvotes import dump_card_votes, parse_card_votes
from motions.whip.schedule import parse_ballots

BALLOTS = EXAMPLE / "ballots.toml"


def test_the_example_ballots_read_and_rank() -> None:
    ballots = {b.id: b for b in parse_ballots(BALLOTS.read_text(encoding="utf-8"))}
    ncc = ballots["NCC"]
    assert ncc.one_per_clp and ncc.places == 2
    assert ncc.slate("forward") is not None
    assert [(n, e) for n, _, e in ncc.ranked()] == [
        ("Ann Lee", True),
        ("Raj Patel", True),
        ("Carol O'Neill", False),
        ("Dev Sharma", False),
    ]
    assert ballots["PRI"].kind == "priorities" and ballots["PRI"].places == 4


def test_a_tie_for_the_last_place_is_not_decided() -> None:
    text = """
[[election]]
id = "X"
title = "Tie"
places = 1
candidates = ["A", "B"]
[election.result]
A = 10
B = 10
"""
    (ballot,) = parse_ballots(text)
    assert ballot.tied_for_last and not any(e for _, _, e in ballot.ranked())


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[[election]]\nid="X"\ntitle="T"\nplaces=0\ncandidates=["A"]\n', "places"),
        (
            '[[election]]\nid="X"\ntitle="T"\nplaces=1\ncandidates=["A"]\n[[election.slate]]\n'
            'faction="F"\nvote_for=["Z"]\n',
            "not on the ballot",
        ),
        (
            '[[election]]\nid="X"\ntitle="T"\nplaces=1\ncandidates=["A"]\n[election.result]\nQ=3\n',
            "not on the ballot",
        ),
        ('[[election]]\nid="X"\ntitle="T"\nplace=1\ncandidates=["A"]\n', "did you mean"),
        ('[[elections]]\nid="X"\n', "unknown top-level key"),
    ],
)
def test_bad_ballots_get_our_error(text: str, fragment: str) -> None:
    with pytest.raises(WhipError) as caught:
        parse_ballots(text, "b.toml")
    assert fragment in caught.value.format()


def test_ballots_command_with_the_book(example_book: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["whip", "ballots", str(BALLOTS), "--book", str(example_book), "--delegate", "Bea Quinn"],
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "one ballot per CLP" in out
    assert "your CLP casts one ballot of" in out
    assert "CLPs by their delegates' factions:" in out and "(to agree)" in out
    assert "ELECTED" in out


def test_tally_all_shows_the_threshold_each_needs(example_book: Path) -> None:
    result = CliRunner().invoke(main, ["tally", "--all", "--book", str(example_book)])
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0].split()
    assert "needs" in header and "projected" in header
    assert "> 50%" in result.stdout


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(example_book: Path) -> None:
    command = f"{sys.executable} -m motions tally --all --book {example_book} | head -n 1"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr and "Traceback" not in done.stderr


def test_card_votes_toml_round_trips_awkward_titles() -> None:
    cards = (CardVote(3, 'A "quoted" title\nwith a back\\slash', ("m1", 'm"2')),)
    assert parse_card_votes(dump_card_votes(cards)) == cards
