"""Reading rule changes as drafters lay them out (issue 18): explain, canonical wording, quoting
at scale, messages, and random mutations of the corpus."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_corpus import all_cases

from motions import MotionsError
from motions.book.address import parse_address
from motions.cli import main
from motions.drafting.motion import Anchor, Header, Location, Motion, ReplaceWords
from motions.drafting.quoting import Quoted, quote, scan
from motions.drafting.reader import parse_motion, parse_motions
from motions.render.motion import canonical

PUBLISHED = """Rule change 2: quorum
Reference: RC/14
Title: Quorum
Proposer:

Chapter 7 Rules for Constituency Labour Parties, Clause VIII. Meetings, 5 (page 29) reads:
'The quorum for meetings of the general committee shall be one fifth of the members'
Proposed Amendment
1. Replace the words ‘one fifth’ with the words ‘one tenth’;
2. In sub-rule C of rule 3, delete 'one fifth' and insert 'one tenth'.
Make no changes to the rest of the clause.
Supporting Arguments
Too high.

Proposed: Northtown CLP
Seconded: Southtown CLP
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_explain_shows_how_each_part_was_read(tmp_path: Path) -> None:
    path = tmp_path / "quorum.motion"
    path.write_text(PUBLISHED, encoding="utf-8")
    code, out, _ = run("explain", str(path))
    assert code == 0
    assert "heading:        Rule change 2: quorum" in out
    assert "location:       Chapter 7, Clause VIII, rule 5 (page 29)" in out
    assert "current text:   'The quorum for meetings" in out
    assert "no change:      Make no changes to the rest of the clause." in out
    assert (
        "  Chapter 7, Clause VIII, rule 5: delete 'one fifth' and insert 'one tenth'.\n"
        "  Chapter 7, Clause VIII, rule 3.C: delete 'one fifth' and insert 'one tenth'.\n"
    ) in out
    assert "argument:       Too high." in out
    assert "seconded:       Southtown CLP" in out


def test_explain_write_rewrites_canonically_and_reads_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "quorum.motion"
    path.write_text(PUBLISHED, encoding="utf-8")
    before = parse_motions(PUBLISHED)
    code, _, err = run("explain", "--write", str(path))
    assert code == 0 and "rewrote" in err
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Rule change 2: quorum\nTitle: Quorum\nProposer: Northtown CLP\n")
    assert "Supporting argument\nToo high." in text
    assert parse_motions(text) == before
    assert [p.name for p in tmp_path.iterdir()] == ["quorum.motion"]  # no temporary left


def test_explain_write_leaves_the_file_alone_when_it_does_not_parse(tmp_path: Path) -> None:
    path = tmp_path / "broken.motion"
    path.write_text("Chapter 7, Clause VIII, rule 5\nDelete 'one fifth and insert 'x'.\n")
    code, _, err = run("explain", "--write", str(path))
    assert code == 2 and "unclosed-quote" in err
    assert path.read_text() == "Chapter 7, Clause VIII, rule 5\nDelete 'one fifth and insert 'x'.\n"


def test_write_is_atomic_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from motions import files

    path = tmp_path / "m.motion"
    path.write_text("old", encoding="utf-8")

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        files.atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["m.motion"]


# -- issue 17, items 15 and 16: the canonical wording's own round trip -------------------------


def test_a_quote_holding_an_apostrophe_and_a_closing_double_mark_round_trips() -> None:
    text = "the Party's “rules”"
    assert scan(f"Delete {quote(text)} and insert 'x'.").quotes[0].text == text
    motion = Motion(
        Header(title="t"),
        None,
        (ReplaceWords(anchor=_anchor(text), new=Quoted.of("y"), target=_location()),),
    )
    assert parse_motion(canonical(motion)) == motion


def test_an_empty_proposer_comes_back_empty_not_missing() -> None:
    motion = parse_motion("Title: t\nProposer:\n\nC4.II.2.B.i: delete 'x' and insert 'y'.\n")
    assert motion.header.proposer == ""
    assert parse_motion(canonical(motion)) == motion


def _anchor(text: str) -> Anchor:
    return Anchor(Quoted.of(text))


def _location() -> Location:
    return Location(parse_address("C4.II.2.B.i"))


# -- Part 3: quoting at scale and messages ------------------------------------------------------


def test_a_200_kb_quote_reads_in_well_under_a_second() -> None:
    text = "Chapter 7, Clause VIII, rule 5\nDelete '" + "word " * 40_000 + "' and insert 'x'.\n"
    start = time.perf_counter()
    motion = parse_motion(text)
    assert time.perf_counter() - start < 2.0  # generous: measured about 0.07 s
    assert len(motion.operations) == 1


def test_a_motion_of_ten_thousand_operations_reads() -> None:
    ops = "".join(f"Delete 'word{i}' and insert 'other{i}'.\n" for i in range(10_000))
    motion = parse_motion("Chapter 7, Clause VIII, rule 5\n" + ops)
    assert len(motion.operations) == 10_000
    assert motion.operations[-1].span is not None and motion.operations[-1].span.line == 10_001


def test_many_opening_quotes_on_one_line_are_each_reported_once() -> None:
    with pytest.raises(MotionsError) as info:
        parse_motion("Chapter 7, Clause VIII, rule 5\nDelete " + "'a " * 1000 + "\n")
    assert {d.code for d in info.value.diagnostics} == {"unclosed-quote"}


def test_no_placeholder_in_a_message_about_a_quote() -> None:
    with pytest.raises(MotionsError) as info:
        parse_motion("Chapter 7, Clause VIII, rule 4\n'seven clear days'' 'ten clear days''\n")
    assert "⟦" not in info.value.format()
    assert "‘ten clear days'’" in info.value.format()


def test_a_free_heading_does_not_move_the_error() -> None:
    with pytest.raises(MotionsError) as info:
        parse_motion(
            "Rule change 9: notice\n\nChapter 7, Clause VIII, rule 4\nDelete 'x' adn insert 'y'.\n"
        )
    span = info.value.first.span
    assert span is not None and (span.line, span.column) == (4, 12)


def test_a_policy_motion_is_not_a_rule_change() -> None:
    with pytest.raises(MotionsError) as info:
        parse_motion("Conference notes the housing crisis.\nConference resolves to act.\n")
    assert info.value.first.code == "not-a-rule-change"
    assert info.value.first.message == "not a rule change: it cites no chapter, clause or rule"


def test_a_citation_in_a_form_our_numbering_does_not_use_says_which_it_does() -> None:
    with pytest.raises(MotionsError) as info:
        parse_motion("Chapter 7, Clause VIII, rule 3.C.ii.b.z\nDelete 'x' and insert 'y'.\n")
    diagnostic = info.value.first
    assert "without a context" not in diagnostic.message
    assert diagnostic.hint is not None and "C7.VIII.3.C" in diagnostic.hint


# -- random mutations of the corpus ------------------------------------------------------------

_CORPUS = [case.text for case in all_cases("motions")]
_PIECES = ["'", "‘", "’", "\n", "\n\n", ":", ".", ",", ";", "1. ", "(a) ", "• ", "Delete ",
           "and insert ", "Chapter 4, Clause II", "rule ", "Title: x\n", "Supporting argument\n",
           "reads as follows:", "⟦", "---\n", "Proposed: X CLP\n", "sub-rule C",
           "(page 3)"]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(_CORPUS))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "swap"]))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(_PIECES)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        else:
            other = draw(st.integers(0, len(text)))
            first, second = sorted((at, other))
            text = text[:first] + text[second:] + text[first:second]
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_corpus_motions_give_a_motion_or_our_error_quickly(text: str) -> None:
    assert len(text) < 10_000
    start = time.perf_counter()
    try:
        motions = parse_motions(text)
    except MotionsError as exc:
        assert exc.diagnostics and all(d.message and "⟦0" not in d.message for d in exc.diagnostics)
    else:
        assert all(isinstance(m, Motion) for m in motions)
    assert time.perf_counter() - start < 0.2 * 5  # 0.2 s asked; margin for a loaded CI machine
