"""Fuzzing the whip boundaries: the CSV and TOML readers, `whip import` and the pledge commands
through the command line, against a small real book."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import invoke
from fuzz_support import budget, example_texts, inputs, within_bounds
from hypothesis import given
from hypothesis import strategies as st
from known_broken import param

from motions.errors import MotionsError
from motions.whip import (
    parse_card_votes,
    parse_delegates,
    parse_delegations,
    parse_mandates,
    parse_pledges,
    parse_recommendations,
)

FILES = {
    "delegations": example_texts("conference-2026/delegations.csv", limit=3000),
    "delegates": example_texts("conference-2026/delegates.csv", limit=3000),
    "pledges": example_texts("conference-2026/pledges.csv", limit=3000),
    "mandates": example_texts("conference-2026/mandates.csv", limit=3000),
    "card-votes": example_texts("conference-2026/card-votes.toml", limit=3000),
    "recommendations": example_texts("conference-2026/recommendations-*.toml", limit=3000),
}
PARSERS: dict[str, Callable[[str, str], object]] = {
    "delegations": parse_delegations,
    "delegates": parse_delegates,
    "pledges": parse_pledges,
    "mandates": parse_mandates,
    "card-votes": parse_card_votes,
    "recommendations": parse_recommendations,
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book holding the start of the example conference (the same slices the fuzz mutates)."""
    root = tmp_path_factory.mktemp("whip-fuzz")
    book = root / "whip.sqlite"
    assert invoke(["whip", "init", "--book", str(book), "--faction", "Forward"]).exit_code == 0
    argv = ["whip", "import", "--book", str(book)]
    for kind in ("delegations", "delegates", "card-votes"):
        path = root / f"{kind}.in"
        path.write_text(FILES[kind][0], encoding="utf-8")
        argv += [f"--{kind}", str(path)]
    outcome = invoke(argv)
    assert outcome.exit_code == 0, outcome.stderr
    return book


@pytest.mark.parametrize("kind", sorted(PARSERS))
def test_whip_readers(kind: str) -> None:
    @given(inputs(FILES[kind]))
    @budget(40)
    def run(text: str) -> None:
        outcome = within_bounds(lambda: PARSERS[kind](text, f"fuzz.{kind}"), len(text))
        # Rows read, as a tuple of values, or our error: never None, a list, or a half result.
        assert isinstance(outcome, tuple | MotionsError), type(outcome)
        if isinstance(outcome, tuple):
            assert all(row is not None for row in outcome)

    run()


@pytest.mark.parametrize("kind", sorted(FILES))
def test_whip_import_through_the_cli(kind: str, template: Path, tmp_path: Path) -> None:
    @given(inputs(FILES[kind]))
    @budget(15)
    def run(text: str) -> None:
        book = tmp_path / "whip.sqlite"
        shutil.copy(template, book)
        data = tmp_path / f"fuzz-{kind}"
        data.write_text(text, encoding="utf-8", errors="surrogatepass")
        outcome = invoke(["whip", "import", "--book", str(book), f"--{kind}", str(data)])
        assert outcome.problem is None, (text[:300], outcome.problem)

    run()


WORDS = st.sampled_from(
    ("D0001", "Bea Quinn", "BEA QUINN", "CV1", "CV2", "CV１", "CV1__0", "CV9223372036854775808",
     "CV" + "9" * 5000, "for", "against", "abstain", "0.5", "1e999", "nan", "-1", "", " ")
)  # fmt: skip


@given(st.lists(st.one_of(WORDS, st.text(max_size=10)), min_size=0, max_size=4),
       st.sampled_from(((), ("--undo",), ("--confidence", "0.7"), ("--confidence", "nan"),
                        ("--note", "x" * 500), ("--format", "json"))))  # fmt: skip
@budget(60)
def test_pledge_commands(template: Path, tmp_path_factory: pytest.TempPathFactory,
                         words: list[str], extra: tuple[str, ...]) -> None:  # fmt: skip
    book = tmp_path_factory.mktemp("pledge") / "whip.sqlite"
    shutil.copy(template, book)
    for command in (["whip", "pledge"], ["whip", "show"], ["whip", "history"]):
        argv = [*command, "--book", str(book), *words]
        if command[1] == "pledge":
            argv += list(extra)
        outcome = invoke(argv)
        assert outcome.problem is None, (argv, outcome.problem)


BIG = "9" * 5000


@pytest.mark.parametrize(
    "kind, text",
    [
        param("whip-case votes of 20 digits", "delegations",
              "id,name,section,votes\nCLP900,Far Away,clp,99999999999999999999\n"),
        param("whip-case card vote of 5000 digits", "recommendations",
              f'faction = "Forward"\n[[recommendation]]\ncard_vote = "CV{BIG}"\n'
              'line = "support"\n'),
        param("whip-case card vote number past 2**63", "card-votes",
              '[[card_vote]]\nnumber = 9223372036854775808\ntitle = "x"\nmotions = ["m"]\n'),
        param("whip-case card vote number of 5000 digits in TOML", "card-votes",
              f'[[card_vote]]\nnumber = {BIG}\ntitle = "x"\nmotions = ["m"]\n'),
    ],
)  # fmt: skip
def test_known_whip_cases(kind: str, text: str, template: Path, tmp_path: Path) -> None:
    book = tmp_path / "whip.sqlite"
    shutil.copy(template, book)
    data = tmp_path / "input"
    data.write_text(text, encoding="utf-8")
    outcome = invoke(["whip", "import", "--book", str(book), f"--{kind}", str(data)])
    assert outcome.problem is None and outcome.exit_code == 2, (outcome.problem, outcome.stderr)
