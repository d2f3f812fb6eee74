"""`draft`: from an edited rule to a motion that makes exactly that edit."""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import motions
from motions import Rulebook, load_rulebook
from motions.book.rulebook import Provision
from motions.book.text import render_provision, render_rulebook
from motions.drafting.application import without_own_label
from motions.drafting.apply import apply
from motions.drafting.draft import DraftError, drafted, drafted_editions
from motions.drafting.draft.align import EditKind, TextEdit, plan
from motions.drafting.reader import parse_motion
from motions.errors import Severity

MODEL = load_rulebook()
THRESHOLD = MODEL["C4.II.2.B.i"].text


def test_a_threshold_change_is_one_short_operation() -> None:
    new = THRESHOLD.replace("20 per cent", "10 per cent")
    result = drafted(MODEL, "Chapter 4, Clause II, rule 2.B.i", new)
    assert result.text == (
        "Chapter 4, Clause II, rule 2.B.i reads as follows:\n"
        f"‘{THRESHOLD}’\n\n"
        "Amendment\n"
        "Delete ‘20 per cent’ and insert ‘10 per cent’.\n\n"
        "The amended rule will read:\n"
        f"‘{new}’\n"
    )
    assert result.amended.rulebook["C4.II.2.B.i"].text == new
    assert result.findings == ()


@pytest.mark.parametrize(
    ("style", "wording"),
    [
        ("labour", "Delete ‘20 per cent’ and insert ‘10 per cent’."),
        ("statute", "For ‘20 per cent’ substitute ‘10 per cent’."),
        ("union", "Replace ‘20 per cent’ with ‘10 per cent’."),
    ],
)
def test_house_styles(style: str, wording: str) -> None:
    new = THRESHOLD.replace("20 per cent", "10 per cent")
    assert wording in drafted(MODEL, "C4.II.2.B.i", new, style=style).text


def test_anchors_grow_until_they_occur_once() -> None:
    text = "the PLP and the NEC and the CAC"
    edits = plan(text, "the PLP and the NEC or the CAC")
    assert edits == (TextEdit(EditKind.REPLACE, "NEC and", "NEC or"),)
    inserted = plan(text, "the PLP and the NEC and the whole CAC")
    assert inserted == (TextEdit(EditKind.BEFORE, "CAC", "whole"),)


def test_nearby_changes_merge_when_that_is_shorter_and_most_changes_replace_the_whole() -> None:
    text = "members shall pay a fee of five pounds each year to the branch treasurer"
    merged = plan(text, "members shall pay a levy of six pounds each year to the branch treasurer")
    assert merged == (TextEdit(EditKind.REPLACE, "fee of five", "levy of six"),)
    whole = plan(text, "every member pays the treasurer")
    assert [e.kind for e in whole] == [EditKind.WHOLE]


def test_the_choice_is_stable_and_no_dearer_than_the_alternatives() -> None:
    old = MODEL["C3.III.2.B"].text
    new = old.replace("one subject only", "a single subject").replace("more than", "over")
    first = plan(old, new)
    assert all(plan(old, new) == first for _ in range(5))
    cost = sum(e.cost for e in first)
    assert cost <= sum(e.cost for e in plan(old, new, safe=True))
    assert cost <= len(new.split()) + 3


def test_a_new_sub_clause_is_inserted_with_renumbering_stated() -> None:
    rule = MODEL["C3.III.2"]
    source = render_provision(rule)
    new_clause = "  C. The General Secretary shall acknowledge every amendment within 14 days."
    lines = source.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  C."))
    relabelled = [_shift_label(line, +1) for line in lines[at:]]
    edited = "\n".join([*lines[:at], new_clause, *relabelled])
    result = drafted(MODEL, "C3.III.2", edited)
    assert (
        "Insert a new sub-rule C after sub-rule B as follows: "
        "‘C. The General Secretary shall acknowledge every amendment within 14 days.’ and "
        "renumber accordingly." in result.text
    )
    assert render_provision(result.amended.rulebook["C3.III.2"]) == edited


def test_a_deleted_sub_clause_is_deleted_with_renumbering_stated() -> None:
    source = render_provision(MODEL["C3.III.2"]).splitlines()
    at = next(i for i, line in enumerate(source) if line.startswith("  D."))
    edited = "\n".join([*source[:at], *(_shift_label(s, -1) for s in source[at + 1 :])])
    result = drafted(MODEL, "C3.III.2", edited)
    assert "Delete Chapter 3, Clause III, rule 2.D and renumber accordingly." in result.text
    assert "reads as follows" not in result.text
    codes = {d.code for d in result.findings}
    assert codes <= {"reference-broken"}, codes


def _shift_label(line: str, by: int) -> str:
    match = re.match(r"  ([A-Z])\. ", line)
    if not match:
        return line
    return f"  {chr(ord(match.group(1)) + by)}. " + line[match.end() :]


def test_an_unchanged_text_or_a_heading_change_is_our_own_error() -> None:
    with pytest.raises(DraftError, match="draft-unchanged"):
        drafted(MODEL, "C4.II.2.B.i", THRESHOLD)
    with pytest.raises(DraftError, match="draft-several"):
        drafted(MODEL, "C3.III.2.B", "B. One.\nC. Two.")


def test_a_draft_that_would_not_reproduce_the_edit_is_refused() -> None:
    # The applier writes a curly apostrophe straight in a provision that has none, so no
    # motion can produce one there: the draft is refused, not printed wrong.
    new = THRESHOLD.replace("Labour Party", "Labour Party’s own")
    with pytest.raises(DraftError, match="draft-mismatch"):
        drafted(MODEL, "C4.II.2.B.i", new)


def test_python_api_draft_and_draft_editions() -> None:
    motion = motions.draft(MODEL, "C4.II.2.B.i", THRESHOLD.replace("20", "15"))
    assert apply(MODEL, motion).rulebook["C4.II.2.B.i"].text.startswith("at least 15 per cent")
    new_book = _edited(MODEL, "C4.II.2.B.i", THRESHOLD.replace("20", "15"))
    new_book = _edited(new_book, "C3.III.2.B", MODEL["C3.III.2.B"].text.replace("one", "a"))
    agenda = motions.draft_editions(MODEL, new_book)
    assert len(agenda) == 2
    (package,) = drafted_editions(MODEL, new_book, package="Tidying")
    assert package.motion.header.package == "Tidying" and package.motion.header.is_nec
    assert render_rulebook(package.amended.rulebook) == render_rulebook(new_book)


def _edited(book: Rulebook, address: str, text: str) -> Rulebook:
    target = book[address]
    path = book.path_to(target)
    replacement: Provision = attrs.evolve(target, text=text)
    for ancestor in reversed(path[:-1]):
        kids = tuple(
            replacement if c.address == replacement.address else c for c in ancestor.children
        )
        replacement = attrs.evolve(ancestor, children=kids)
    tops = tuple(replacement if t.address == replacement.address else t for t in book.children)
    return attrs.evolve(book, children=tops)


# -- the property: every draft does exactly the edit ------------------------------------------

_TEXTUAL = [p for p in MODEL.walk() if p.text and not p.address.level.heading]
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
_PUNCTUATED = st.tuples(_WORD, st.sampled_from(["", ",", ";", ".", ":"])).map("".join)


@st.composite
def word_edits(draw: st.DrawFn) -> tuple[Provision, str]:
    provision = draw(st.sampled_from(_TEXTUAL))
    tokens = provision.text.split()
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "punctuate"]))
        at = draw(st.integers(0, max(0, len(tokens) - 1)))
        if kind == "insert":
            tokens[at:at] = draw(st.lists(_PUNCTUATED, min_size=1, max_size=3))
        elif kind == "delete" and len(tokens) > 1:
            del tokens[at : at + draw(st.integers(1, 3))]
        elif kind == "replace" and tokens:
            tokens[at : at + draw(st.integers(1, 3))] = draw(
                st.lists(_PUNCTUATED, min_size=1, max_size=3)
            )
        elif tokens:
            tokens[at] = tokens[at].rstrip(",;.:") + draw(st.sampled_from([",", ";", "."]))
    new = " ".join(tokens)
    assume(new and new != provision.text)
    assume(without_own_label(new, provision) == new)
    return provision, new


def _carried(provision: Provision, text: str) -> Provision:
    motion = parse_motion(text, filename="draft.motion")
    amended = apply(MODEL, motion)
    assert amended.applied
    assert not [d for d in amended.diagnostics if d.severity is Severity.ERROR]
    got = amended.rulebook.get(provision.address)
    assert got is not None
    return got


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(word_edits(), st.sampled_from(["labour", "statute", "union"]))
def test_every_draft_reproduces_the_word_edit(case: tuple[Provision, str], style: str) -> None:
    provision, new = case
    result = drafted(MODEL, provision.address, new, style=style)
    assert _carried(provision, result.text).text == new
    assert result.findings == ()  # what lint would report: nothing


@st.composite
def structure_edits(draw: st.DrawFn) -> tuple[Provision, str]:
    parents = [p for p in MODEL.numbered() if p.children and not p.address.level.heading]
    parent = draw(st.sampled_from(parents))
    children = list(parent.children)
    level = children[0].address.level
    if draw(st.booleans()) and len(children) > 1:
        del children[draw(st.integers(0, len(children) - 1))]
    else:
        at = draw(st.integers(0, len(children)))
        words = draw(st.lists(_WORD, min_size=2, max_size=8))
        children.insert(at, attrs.evolve(children[0], text=" ".join(words), children=()))
    from motions.book.numbering import LabelKey, format_label

    renumbered = tuple(
        attrs.evolve(c, label=format_label(LabelKey(i), level.style))
        for i, c in enumerate(children, 1)
    )
    target = attrs.evolve(parent, children=renumbered)
    from motions.drafting.draft.tree import relabelled

    return parent, render_provision(relabelled(target, parent.address))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structure_edits())
def test_every_draft_reproduces_new_and_deleted_sub_provisions(
    case: tuple[Provision, str],
) -> None:
    provision, source = case
    result = drafted(MODEL, provision.address, source)
    assert render_provision(_carried(provision, result.text)) == source
    assert not [d for d in result.findings if d.severity is Severity.ERROR]


def test_counting_reads_better_than_a_long_quote() -> None:
    text = (
        "the member shall be notified by the General Secretary, and the member shall then be "
        "notified by the Regional Director of the outcome"
    )
    (edit,) = plan(text, text.replace("then be notified", "then be told"))
    assert edit.occurrence == 2 and edit.kind is EditKind.REPLACE
    assert edit.old.split()[0] == "notified"


def test_a_rule_and_its_sub_rule_both_edited_are_one_motion_that_amends_each_once() -> None:
    # Found by Hypothesis: rule 1 ("Name") and its sub-rule 1.A both changed; the rule's motion
    # already carried 1.A's edit, and 1.A got a motion of its own, so the package said
    # "rule 1.A: delete 'The'" twice and the agenda's two motions collided.
    sub_rule = MODEL["C1.I.1.A"].text
    book = _edited(MODEL, "C1.I.1.A", sub_rule.removeprefix("The "))
    book = _edited(book, "C1.I.1", "0 Name")
    (motion,) = drafted_editions(MODEL, book)
    assert motion.amended.rulebook["C1.I.1"] == book["C1.I.1"]
    (package,) = drafted_editions(MODEL, book, package="Tidying")
    assert package.text.count("delete ‘The’") == 1
    assert package.amended.rulebook == attrs.evolve(book, edition=MODEL.edition)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(word_edits(), min_size=1, max_size=3))
def test_draft_editions_reproduces_the_edited_edition(cases: list[tuple[Provision, str]]) -> None:
    book = MODEL
    for provision, new in cases:
        book = _edited(book, provision.address.compact(), new)
    assume(book != MODEL)
    agenda = drafted_editions(MODEL, book)
    for result in agenda:
        for change in result.amended.changes:
            assert change.redline.after == book[change.address.compact()].text
    (package,) = drafted_editions(MODEL, book, package="Tidying")
    assert package.amended.rulebook == attrs.evolve(book, edition=MODEL.edition)
