"""The schedule on the sheets, end to end through the command line: imported into the whip book
(`whip import --schedule`, the one format of docs/whip.md) and read by `motions brief`, or given
to `motions brief --schedule FILE` instead of the book's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from brief_support import run

SCHEDULE = """\
recorded_at = 2026-09-20T10:00:00Z

[[session]]
id = "sun"
day = "Sunday"
name = "Rule changes"
time = "10:00"
place = "Main hall"
card_votes = [2, "CV1"]

[[priorities]]
id = "PRI"
title = "Priorities ballot"
picks = 2
session = "sun"
when = "Sunday from 9am, ballot hall"
how = "Tick two."
note = "Collect your CLP's paper early."
topics = ["Housing", "Water", "Schools"]

[[priorities.slate]]
faction = "Forward"
pick = ["Housing", "Water"]
reason = "what members asked for"

[[priorities.slate]]
faction = "Grassroots"
pick = ["Schools", "Water"]

[[election]]
id = "NCC"
title = "National Constitutional Committee"
places = 1
casting = "delegates"
how = "Vote for one."
candidates = [{ name = "Ann Lee", clp = "Wyeford" }, { name = "Raj Patel" }]

[[election.slate]]
faction = "Grassroots"
vote_for = ["Raj Patel"]
"""

OTHER = """\
[[session]]
id = "mon"
day = "Monday"
name = "Everything"
card_votes = [4, 3, 2, 1]
"""


@pytest.fixture
def book(small: tuple[Path, dict[str, Path]], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the small conference's book with the schedule imported, and the agenda."""
    copy = tmp_path / "whip.sqlite"
    shutil.copy(small[0], copy)
    schedule = tmp_path / "schedule.toml"
    schedule.write_text(SCHEDULE, encoding="utf-8")
    result = run("whip", "import", "--book", str(copy), "--schedule", str(schedule))
    assert result.exit_code == 0, result.output
    return copy, small[1]["agenda"]


def brief(book: tuple[Path, Path], out: Path, *extra: str) -> tuple[int, str]:
    result = run(
        "brief", "--book", str(book[0]), "--agenda", str(book[1]), "-o", str(out),
        "--delegate", "D3", *extra,
    )  # fmt: skip
    return result.exit_code, result.output


def howto(page: str) -> str:
    return page[page.index('id="how-to-vote"') : page.index("<main>")]


def test_the_books_schedule_groups_the_list_and_carries_the_slate(
    book: tuple[Path, Path], tmp_path: Path
) -> None:
    code, output = brief(book, tmp_path / "out", "--whip", "forward")  # any case
    assert code == 0, output
    page = (tmp_path / "out" / "cara-davies.html").read_text(encoding="utf-8")
    top = howto(page)
    assert (
        top.index("Sunday · Rule changes")
        < top.index("CV 2")
        < top.index("CV 1")
        < top.index("Priorities ballot")
        < top.index("Not yet scheduled")
        < top.index("CV 3")
        < top.index("CV 4")
        < top.index("<bdi>Ballots</bdi>")
        < top.index("National Constitutional Committee")
    )
    assert "10:00, Main hall" in top
    assert 'href="#ballot1-1"' in top and 'href="#ballot3-1"' in top
    main = page[page.index("<main>") :]
    priorities = main[main.index('id="ballot1-1"') : main.index('id="ballot3-1"')]
    assert "<li><bdi>Housing</bdi></li>\n    <li><bdi>Water</bdi></li>" in priorities
    assert "Schools" not in priorities  # Grassroots' pick, not Forward's
    assert "Why: <bdi>what members asked for</bdi>" in priorities
    assert "Cast: <bdi>Sunday from 9am, ballot hall</bdi>" in priorities
    assert "<bdi>Tick two.</bdi>" in priorities
    assert "Collect your CLP&#39;s paper early." in priorities
    assert "One ballot paper per CLP" in priorities
    ncc = main[main.index('id="ballot3-1"') :]
    assert "Forward</bdi> has published no slate for this ballot." in ncc
    assert "Raj Patel" not in ncc and "One ballot paper per CLP" not in ncc
    for anchor in ("ballot1-1", "ballot3-1", "cv1", "cv4"):
        assert f'id="{anchor}"' in main and f'href="#to-{anchor}"' in main


def test_a_slate_names_each_candidates_clp(book: tuple[Path, Path], tmp_path: Path) -> None:
    code, output = brief(book, tmp_path / "out", "--whip", "Grassroots", "--format", "md")
    assert code == 0, output
    sheet = (tmp_path / "out" / "cara-davies.md").read_text(encoding="utf-8")
    ncc = sheet[sheet.index("## Ballot: National Constitutional Committee") :]
    assert "1. Raj Patel\n" in ncc
    pri = sheet[sheet.index("## Ballot: Priorities ballot") :]
    assert "1. Schools\n2. Water\n" in pri
    assert '- <a id="to-ballot1-1"></a>[Ballot](#ballot1-1) Priorities ballot' in sheet
    assert "[↑ How to vote](#to-ballot3-1)" in ncc


def test_a_schedule_file_is_used_instead_of_the_books(
    book: tuple[Path, Path], tmp_path: Path
) -> None:
    other = tmp_path / "other.toml"
    other.write_text(OTHER, encoding="utf-8")
    code, output = brief(book, tmp_path / "out", "--whip", "Forward", "--schedule", str(other))
    assert code == 0, output
    top = howto((tmp_path / "out" / "cara-davies.html").read_text(encoding="utf-8"))
    assert "Monday · Everything" in top and "Sunday" not in top and "Ballot" not in top
    positions = [top.index(f'href="#cv{n}"') for n in (4, 3, 2, 1)]
    assert positions == sorted(positions) and "Not yet scheduled" not in top


def test_without_a_schedule_the_list_is_one_group_in_number_order(
    small: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    code, output = brief((small[0], small[1]["agenda"]), tmp_path / "out", "--whip", "Forward")
    assert code == 0, output
    top = howto((tmp_path / "out" / "cara-davies.html").read_text(encoding="utf-8"))
    positions = [top.index(f'href="#cv{n}"') for n in (1, 2, 3, 4)]
    assert positions == sorted(positions)
    assert "session" not in top and "Ballot" not in top


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # the format `motions brief --schedule` read before the schedule moved into the book
        ('[[session]]\nid = "a"\nday = "S"\nname = "A"\n[[session.ballot]]\ntitle = "T"\n',
         "ballot"),
        ('[[session]]\nid = "a"\nday = "Sun"\nname = "A"\ncard_votes = [1, 1]\n', "1"),
        ('[[session]]\nid = "a"\nday = "Sun"\n', "name"),
        ("[[session]\n", "schedule.toml"),
    ],
)  # fmt: skip
def test_a_bad_schedule_file_is_our_error(
    book: tuple[Path, Path], tmp_path: Path, text: str, problem: str
) -> None:
    bad = tmp_path / "schedule.toml"
    bad.write_text(text, encoding="utf-8")
    code, output = brief(book, tmp_path / "out", "--whip", "Forward", "--schedule", str(bad))
    assert code == 2, output
    assert "error[" in output and problem in output
    assert "Traceback" not in output and not (tmp_path / "out").exists()


def test_a_schedule_naming_an_unknown_card_vote_stops_the_brief(
    book: tuple[Path, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "schedule.toml"
    bad.write_text('[[session]]\nid = "a"\nday = "Sun"\nname = "A"\ncard_votes = [9]\n')
    code, output = brief(book, tmp_path / "out", "--whip", "Forward", "--schedule", str(bad))
    assert code == 2 and "error[brief.schedule-unknown-card-vote]" in output and "CV 9" in output


def test_bidi_controls_in_the_schedule_never_reach_a_page(
    small: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    rlo, lri, pdi = "\u202e", "\u2066", "\u2069"
    hostile = (
        SCHEDULE.replace('title = "Priorities ballot"', f'title = "Priorities {rlo}ballot"')
        .replace('reason = "what members', f'reason = "{lri}what{pdi} members')
        .replace('pick = ["Housing"', f'pick = ["Hou{rlo}sing"')
        .replace('"Housing", "Water", "Schools"', f'"Hou{rlo}sing", "Water", "Schools"')
        .replace('place = "Main hall"', f'place = "Main {rlo}hall"')
    )
    schedule = tmp_path / "schedule.toml"
    schedule.write_text(hostile, encoding="utf-8")
    for fmt in ("html", "md"):
        code, output = brief(
            (small[0], small[1]["agenda"]), tmp_path / fmt, "--whip", "Forward",
            "--schedule", str(schedule), "--format", fmt,
        )  # fmt: skip
        assert code == 0, output
        page = next((tmp_path / fmt).iterdir()).read_text(encoding="utf-8")
        assert not re.search("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", page)
        assert "Priorities ballot" in page and "Main hall" in page and "Housing" in page
        assert "what members asked for" in page
