"""Properties of the drafting language, driven by Hypothesis."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark
from strategies import motions

from motions import MotionsError, Rulebook
from motions.drafting.apply import apply
from motions.drafting.motion import Motion
from motions.drafting.reader import parse_motion, parse_motions
from motions.render.motion import canonical
from motions.resources import read_text

_GRAMMAR = Lark(read_text("grammar", "motion.lark"), parser="lalr", lexer="contextual")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(motions())
def test_canonical_wording_round_trips(motion: Motion) -> None:
    text = canonical(motion)
    assert parse_motion(text) == motion, text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(from_lark(_GRAMMAR, start="start"))
def test_grammar_generated_text_gives_a_motion_or_our_error(text: str) -> None:
    try:
        parsed = parse_motions(text)
    except MotionsError as exc:
        assert exc.diagnostics
        return
    assert all(isinstance(m, Motion) for m in parsed)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_gives_a_motion_or_our_error(text: str) -> None:
    try:
        parse_motions(text)
    except MotionsError as exc:
        assert exc.diagnostics and all(d.message for d in exc.diagnostics)


_KEYWORDS = st.sampled_from(
    ["Delete", "insert", "and", "'x'", "‘y’", "C4.II.2.B.i:", "Chapter 4, Clause II", "after",
     "wherever it occurs", "the second", "Replace", "with", ".", ",", ":", "\n", "Title: t\n",
     "reads as follows", "Amendment", "a new sub-rule C", "renumber accordingly", "'", "“"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_KEYWORDS, max_size=14).map(" ".join))
def test_keyword_soup_gives_a_motion_or_our_error(text: str) -> None:
    try:
        parse_motions(text)
    except MotionsError as exc:
        assert exc.diagnostics


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(motions())
def test_apply_never_raises_and_reports_what_it_cannot_do(model: Rulebook, motion: Motion) -> None:
    amended = apply(model, motion)
    if not amended.applied:
        assert amended.errors and amended.rulebook is model
    for change in amended.changes:
        assert change.redline.changed


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["C4.II.2.B.i", "C3.III.2.H", "C1.VIII.1.A", "C7.IV.5A"]))
def test_a_motion_with_no_effect_changes_nothing(model: Rulebook, address: str) -> None:
    text = model[address].text
    word = text.split()[0]
    motion = parse_motion(f"{address}: delete the first '{word}' and insert '{word}'")
    amended = apply(model, motion)
    assert amended.applied and amended.rulebook == model and amended.changes == ()


def test_replacing_a_provision_with_what_it_already_reads_is_no_change(model: Rulebook) -> None:
    """Found by Hypothesis: a motion that replaced rule 1 twice with '0' reported the second
    replacement as a change whose redline changed nothing ("1. 0")."""
    rule = "Replace Chapter 1, Clause I, rule 1 with the following: '0'.\n"
    amended = apply(model, parse_motion("Amendment\n" + rule + rule))
    assert amended.applied
    assert [(c.kind, str(c.address)) for c in amended.changes] == [("replaced", "C1.I.1")]
    assert all(c.redline.changed for c in amended.changes)
    again = apply(amended.rulebook, parse_motion("Amendment\n" + rule))
    assert again.applied and again.changes == () and again.rulebook == amended.rulebook
