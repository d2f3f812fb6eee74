"""A small conference for the briefing tests: a whip book's files, an agenda, helpers.

Every piece of text a person typed (delegate and CLP names, titles, proposers, quoted words,
reasons, mandate and pledge notes) carries markup somewhere, so the escaping tests can look
for it on every page. Numbers are chosen so each delegate's voting weight reads differently.

    CV1  two colliding CLP motions on C4.II.2.B.i            Forward: support, Grassroots: oppose
    CV2  a motion whose title and words hold <script>         Forward: oppose (Orchhurst: for)
    CV3  deletes C6.I.2.B.iii; needs two thirds               Forward: remit
    CV4  an NEC package of two changes                        no line from Forward
    and one motion on the agenda with no card vote.
"""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from motions.cli.brief import register as register_brief
from motions.cli.whip import register as register_whip

IN_CI = os.environ.get("CI", "").lower() == "true"

SCRIPT = "<script>alert(1)</script>"
LONG_WORD = "https://example.org/" + "a" * 180

DELEGATIONS = """\
id,name,section,votes,faction
CLP1,Fernton <b>East</b>,clp,901,
CLP2,Wyeford,clp,600,
CLP3,Saltbridge,clp,457,
CLP4,Pineport,clp,333,
AFF1,General Workers' Federation,affiliate,410000,Forward
"""

DELEGATES = f"""\
id,name,delegation,faction,woman,under_27,attending
D1,"Bea {SCRIPT} Quinn",CLP1,Forward,yes,no,yes
D2,Ola Smith,CLP1,Grassroots,no,no,yes
D3,Cara Davies,CLP2,Forward,yes,no,yes
D4,Dev Patel,CLP2,,no,yes,yes
D5,Eve Lloyd,CLP2,,yes,no,no
D6,Bea Quinn,CLP3,Forward,yes,no,yes
D7,Bea Quinn,CLP4,Grassroots,yes,no,yes
D8,Finn Walsh,AFF1,,no,no,yes
"""

CARD_VOTES = """\
[[card_vote]]
number = 1
title = "Leadership nomination threshold"
motions = ["cv1-ten", "cv1-fifteen"]

[[card_vote]]
number = 2
title = "Harassment <i>online</i>"
motions = ["cv2-online"]

[[card_vote]]
number = 3
title = "Suspension and selection"
motions = ["cv3-suspension"]
threshold = "two-thirds"

[[card_vote]]
number = 4
title = "NEC package: conference timetable"
motions = ["cv4-nec"]
"""

FORWARD = """\
faction = "Forward"

[[recommendation]]
card_vote = "CV1"
line = "support"
reason = "Gives members a <b>real</b> choice."

[[recommendation]]
card_vote = "CV2"
line = "oppose"
reason = "Badly drafted & vague."

[[recommendation]]
card_vote = "CV3"
line = "remit"
reason = "Needs work with the NEC."
"""

GRASSROOTS = """\
faction = "Grassroots"

[[recommendation]]
card_vote = "CV1"
line = "oppose"
reason = "Grassroots-only reason."
"""

MANDATES = """\
delegation,card_vote,position,note
CLP1,CV2,for,"agreed at the <i>GC</i> in June"
CLP2,CV1,for,
"""

PLEDGES = """\
delegate,card_vote,position,confidence,note
D3,CV1,absent,1.0,
D1,CV2,against,0.8,"whip note <script>x</script> about Bea"
AFF1,CV1,for,0.9,
"""

MOTIONS = {
    "cv1-ten.motion": """\
Title: Lower the leadership nomination threshold
Proposer: Fernton East CLP
Card vote: 1

Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '10 per cent'.
""",
    "cv1-fifteen.motion": """\
Title: A lower threshold, but not too low
Proposer: Orchhurst CLP

Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '15 per cent'.
""",
    "cv2-online.motion": f"""\
Title: {SCRIPT} Harassment online
Proposer: Saltbridge <CLP>

Chapter 2, Clause III, rule 1.F: insert before 'in every Party activity': \
"whether in person or online ({SCRIPT} see {LONG_WORD}),"
""",
    "cv3-suspension.motion": """\
Title: Suspension and selection
Proposer: Pineport CLP

Chapter 6, Clause I, rule 2.B.iii (page 22) reads as follows:
'be nominated or selected as a candidate for public office;'

Amendment
Delete rule 2.B.iii and renumber accordingly.
""",
    "cv4-nec.motion": """\
Title: NEC package: conference timetable
Proposer: NEC
Package: 1

Amendments
Chapter 3, Clause III, rule 1.B: for 'two weeks' substitute 'four weeks'.
In C4.I.2.A, delete "six months" and insert "three months".
""",
    "unnumbered.motion": """\
Title: Delegate qualifying period
Proposer: Kingsmead CLP

Chapter 2, Clause III, rule 2.B: delete 'twelve months' and insert 'six months'.
""",
}

CARD_VOTE_TITLES = {
    1: "Leadership nomination threshold",
    2: "Harassment <i>online</i>",
    3: "Suspension and selection",
    4: "NEC package: conference timetable",
}


def write_inputs(folder: Path) -> dict[str, Path]:
    """Write the whip book's input files and the agenda under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in {
        "delegations.csv": DELEGATIONS,
        "delegates.csv": DELEGATES,
        "card-votes.toml": CARD_VOTES,
        "forward.toml": FORWARD,
        "grassroots.toml": GRASSROOTS,
        "mandates.csv": MANDATES,
        "pledges.csv": PLEDGES,
    }.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    agenda = folder / "agenda"
    agenda.mkdir(exist_ok=True)
    for name, text in MOTIONS.items():
        (agenda / name).write_text(text, encoding="utf-8")
    paths["agenda"] = agenda
    return paths


def cli() -> click.Group:
    """A root group with the whip and brief commands, as `motions` has them."""

    @click.group()
    def root() -> None:
        pass

    register_whip(root)
    register_brief(root)
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(cli(), list(args), catch_exceptions=False)


def make_book(
    folder: Path, edits: tuple[tuple[str, str, str], ...] = ()
) -> tuple[Path, dict[str, Path]]:
    """A whip book built with `motions whip init` and `whip import`, and the input paths;
    each `(file, old, new)` of `edits` replaces text in an input file first."""
    paths = write_inputs(folder)
    for name, old, new in edits:
        text = paths[name].read_text(encoding="utf-8")
        assert old in text, (name, old)
        paths[name].write_text(text.replace(old, new), encoding="utf-8")
    book = folder / "whip.sqlite"
    result = run("whip", "init", "--book", str(book), "--faction", "Forward")
    assert result.exit_code == 0, result.output
    result = run(
        "whip", "import", "--book", str(book),
        "--delegations", str(paths["delegations.csv"]),
        "--delegates", str(paths["delegates.csv"]),
        "--card-votes", str(paths["card-votes.toml"]),
        "--mandates", str(paths["mandates.csv"]),
        "--pledges", str(paths["pledges.csv"]),
        "--recommendations", str(paths["forward.toml"]),
        "--recommendations", str(paths["grassroots.toml"]),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return book, paths


def need_tool(available: bool, what: str) -> None:
    """Outside CI a missing tool skips the test; in CI (CI=true) it fails it."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI=true: .ci/run must install it")
    pytest.skip(f"{what} is not installed")


def weasyprint_available() -> bool:
    try:
        importlib.import_module("weasyprint")
    except (ImportError, OSError):
        return False
    return True


def visible_text(html: str) -> str:
    """The text of an HTML page, roughly: tags dropped, entities left as they are."""
    return re.sub(r"<[^>]+>", " ", html)
