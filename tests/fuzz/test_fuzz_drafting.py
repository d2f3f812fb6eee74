"""Fuzzing the drafting boundaries: motions through `parse_motion`, applied and rendered, and
whole agendas through `check`."""

from __future__ import annotations

import contextlib
import json

import pytest
from fuzz_support import EXAMPLES, budget, example_texts, inputs, mutated, within_bounds
from hypothesis import example, given
from hypothesis import strategies as st
from known_broken import param

from motions import Rulebook
from motions.conflicts import check
from motions.conflicts.decisions import Decisions, parse_decisions
from motions.drafting.apply import Amended, apply
from motions.drafting.motion import Motion
from motions.drafting.reader import parse_motion
from motions.errors import MotionsError
from motions.render import conflicts as render_conflicts
from motions.render import motion as render_motion

MOTIONS = example_texts("motions/*.motion", "agenda-2026/*.motion")
DECISIONS = example_texts("agenda-2026/decisions.toml")


@pytest.fixture(scope="module", autouse=True)
def _warm(model: Rulebook) -> None:
    """Pay the one-time costs (the parsers, the table of named drafting mistakes that the first
    syntax error builds) before the time bound is measured."""
    for text in (*MOTIONS[:3], "Title: x\n\nChapter 4 reads as follows: Delete"):
        with contextlib.suppress(MotionsError):
            apply(model, parse_motion(text, filename="warm.motion", scheme=model.scheme))


#: Found by this test: a citation with a 5,000-digit clause number took 0.5 s (a regular
#: expression tried every start inside the run of digits); now it is linear.
LONG_NUMBER = "Proposer: X CLP\n\nChapter 3, Clause " + "9" * 5000 + "II, rule 3: delete 'a'.\n"


@given(inputs(MOTIONS))
@example(text=LONG_NUMBER)
@budget(150)
def test_motions(model: Rulebook, text: str) -> None:

    def read_and_apply() -> object:
        motion = parse_motion(text, filename="fuzz.motion", scheme=model.scheme)
        amended = apply(model, motion)
        render_motion.report_text(amended)
        render_motion.report_json([amended])
        return amended

    outcome = within_bounds(read_and_apply, len(text))
    assert isinstance(outcome, Amended | MotionsError)
    if isinstance(outcome, Amended) and outcome.applied:
        # What a carried motion changed is in the book it made (deletions excepted).
        for change in outcome.changes:
            if change.kind != "deleted":
                assert change.address in outcome.rulebook, change.address


@given(st.lists(mutated(MOTIONS), min_size=2, max_size=4))
@budget(25)
def test_agendas(model: Rulebook, texts: list[str]) -> None:
    motions: list[Motion] = []
    for number, text in enumerate(texts):
        name = f"m{number}.motion"
        outcome = within_bounds(
            lambda t=text, n=name: parse_motion(t, filename=n, scheme=model.scheme), len(text)
        )
        if isinstance(outcome, Motion):
            motions.append(outcome)

    def whole_agenda() -> object:
        report = check(model, motions)
        render_conflicts.report_text(report)
        return render_conflicts.report_json(report)

    document = within_bounds(whole_agenda, sum(len(t) for t in texts), inputs=len(texts))
    # A mutated agenda is checked as a whole or refused with our error; when checked, the
    # report reads back as JSON and names every motion it was given.
    if isinstance(document, str):
        assert len(json.loads(document)["motions"]) == len(motions)


@given(inputs(DECISIONS))
@budget(60)
def test_past_decisions(model: Rulebook, text: str) -> None:
    name = "decisions.csv" if text.startswith("year,") else "decisions.toml"
    outcome = within_bounds(
        lambda: parse_decisions(text, filename=name, scheme=model.scheme), len(text)
    )
    assert isinstance(outcome, Decisions | MotionsError)


THRESHOLD = (EXAMPLES / "motions" / "threshold.motion").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        param("reader-case page of 5000 digits",
              THRESHOLD.replace("(page 16)", f"(page {'9' * 5000})")),
        param("reader-case ordinal of 5000 digits",
              THRESHOLD.replace("Delete ‘20", f"Delete the {'9' * 5000}th ‘20")),
    ],
)  # fmt: skip
def test_known_reader_cases(model: Rulebook, text: str) -> None:
    with pytest.raises(MotionsError):
        parse_motion(text, filename="t.motion", scheme=model.scheme)
