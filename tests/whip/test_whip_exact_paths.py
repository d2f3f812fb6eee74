"""Every path of the example conference proven least; `tally --all --path`; re-imports of
files that say one voter's word several times."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from motions.cli import main
from motions.whip import Objective, Position, WhipBook, index_conference, path_to_victory, project
from motions.whip.path import Status


def test_every_path_of_the_example_is_proven_least_and_wins(example_book: Path) -> None:
    with WhipBook.open(example_book, write=False) as book:
        conference = book.snapshot()
    index = index_conference(conference)
    for cv in conference.card_votes:
        projection = project(index, cv.number)
        for aim in (Position.FOR, Position.AGAINST):
            found = {
                objective: path_to_victory(projection, aim=aim, objective=objective)
                for objective in Objective
            }
            for objective, path in found.items():
                assert path.minimal, (cv.number, aim, objective)
                if path.status is Status.FOUND:
                    wanted = "carried" if aim is Position.FOR else "lost"
                    assert path.after.outcome.value == wanted
            fewest = found[Objective.COUNT]
            if fewest.status is Status.FOUND:
                # No path of any objective names fewer voters, or less weight, than the one
                # that minimises it.
                assert all(len(p.flips) >= len(fewest.flips) for p in found.values())
                least = found[Objective.WEIGHT].total_weight
                assert all(p.total_weight >= least for p in found.values())
                assert found[Objective.LIKELY].chance >= max(p.chance for p in found.values())


def test_tally_all_with_paths(example_book: Path) -> None:
    runner = CliRunner()
    args = ["tally", "--all", "--path", "--book", str(example_book)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0]
    assert header.split()[-2:] == ["to", "win"]
    assert "carry: flip" in result.output or "defeat: flip" in result.output
    data = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    first = data["card_votes"][0]
    assert first["aim"] in ("for", "against")
    assert set(first["path"]) == {"count", "weight", "likely"}
    assert all(row["path"]["count"]["minimal"] for row in data["card_votes"])
    # Without --path, --all computes none (and says nothing about them).
    plain = json.loads(
        runner.invoke(
            main, ["tally", "--all", "--book", str(example_book), "--format", "json"]
        ).output
    )
    assert "path" not in plain["card_votes"][0]


def test_a_file_saying_one_voters_word_twice_imports_once_and_again_changes_nothing(
    tmp_path: Path,
) -> None:
    book = tmp_path / "whip.sqlite"
    (tmp_path / "d.csv").write_text("id,name,section,votes\nC1,East,clp,900\n", encoding="utf-8")
    (tmp_path / "p.csv").write_text("id,name,delegation\nD1,Bea Quinn,C1\n", encoding="utf-8")
    (tmp_path / "cv.toml").write_text(
        '[[card_vote]]\nnumber = 1\ntitle = "T"\nmotions = ["m"]\n', encoding="utf-8"
    )
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "delegate,card_vote,position\nD1,CV1,for\nD1,CV1,against\nD1,CV1,abstain\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    common = ["--book", str(book)]
    assert runner.invoke(main, ["whip", "init", *common]).exit_code == 0
    first = runner.invoke(
        main,
        [
            "whip",
            "import",
            *common,
            "--delegations",
            str(tmp_path / "d.csv"),
            "--delegates",
            str(tmp_path / "p.csv"),
            "--card-votes",
            str(tmp_path / "cv.toml"),
            "--pledges",
            str(sheet),
            "--format",
            "json",
        ],
    )
    summary = json.loads(first.output)
    assert (summary["pledges"], summary["superseded_in_file"]) == (1, 2)
    again = json.loads(
        runner.invoke(
            main, ["whip", "import", *common, "--pledges", str(sheet), "--format", "json"]
        ).output
    )
    assert (again["pledges"], again["unchanged"], again["superseded_in_file"]) == (0, 1, 2)
    with WhipBook.open(book, write=False) as opened:
        (pledge,) = opened.snapshot().pledges
        assert pledge.position is Position.ABSTAIN  # the file's last word
        assert len(opened.history()) == 1


def test_a_snapshot_for_one_card_vote_holds_exactly_its_pledges(example_book: Path) -> None:
    with WhipBook.open(example_book, write=False) as book:
        everything = book.snapshot()
        one = book.snapshot(card_vote=3)
    assert one.pledges == tuple(p for p in everything.pledges if p.card_vote == 3)
    assert one.pledges and (one.delegates, one.mandates) == (
        everything.delegates,
        everything.mandates,
    )
    assert project(one, 3).result == project(everything, 3).result
