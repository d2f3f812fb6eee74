"""What the speed-ups of the motion reader and the checker must keep exactly.

Trees are parsed once per distinct grammar input and shared between motions of the same shape
(`syntax.parse_tree`); spans of one source share its line strings; the checker keeps a slim
`Outcome` of each motion applied alone instead of the whole `Amended`. None of these may change
a span, a diagnostic or a result.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from lark import Token, Tree, UnexpectedInput
from test_corpus import all_cases

from motions.book.rulebook import Rulebook
from motions.conflicts.effects import Outcome
from motions.conflicts.local import apply_local
from motions.drafting.layout import chunks, mark_drafting, sort_lines
from motions.drafting.motion import Motion
from motions.drafting.quoting import scan
from motions.drafting.reader import parse_motion, parse_motions
from motions.drafting.syntax import _parsed, forget_trees, parse_tree, parser
from motions.errors import MotionError
from motions.source import Source, Span

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def spans(value: object) -> list[tuple[str, int, str]]:
    """Every span inside a parsed value, in field order: where, length, and the line shown."""
    found: list[tuple[str, int, str]] = []

    def visit(item: object) -> None:
        if isinstance(item, Span):
            found.append((item.where(), item.length, item.line_text))
        elif isinstance(item, tuple | list):
            for inner in item:
                visit(inner)
        elif attrs.has(type(item)):
            for name in attrs.fields_dict(type(item)):  # type: ignore[arg-type]
                visit(getattr(item, name))

    visit(value)
    return found


def read_all(texts: list[tuple[str, str]]) -> list[object]:
    """Each text's motions (their spans) or its diagnostics as printed."""
    out: list[object] = []
    for name, text in texts:
        try:
            out.append([spans(m) for m in parse_motions(text, filename=name)])
        except MotionError as exc:
            out.append([d.format() for d in exc.diagnostics])
    return out


def corpus_texts() -> list[tuple[str, str]]:
    cases = all_cases("motions") + all_cases("mistakes")
    return [(case.id, case.text) for case in cases]


def test_shared_trees_give_every_span_and_error_of_a_fresh_parse() -> None:
    texts = corpus_texts()
    fresh = []
    for name, text in texts:
        forget_trees()
        fresh.extend(read_all([(name, text)]))
    forget_trees()
    shared = read_all(texts) + read_all(texts)  # the second pass reads every tree from memory
    assert _parsed.cache_info().hits > len(texts)
    assert shared == fresh + fresh


def tokens(tree: Tree[Token], shift: int = 0) -> list[tuple[str, str, int, int]]:
    found = tree.scan_values(lambda v: isinstance(v, Token))
    return [(t.type, str(t), (t.start_pos or 0) + shift, (t.end_pos or 0) + shift) for t in found]


GRAMMAR_INPUTS = [
    "Chapter 4, Clause II, rule 2: delete ⟦0⟧.\nConsequential amendments   \n\n      \n",
    "  \n\nConsequential changes where ⟦0⟧ is mentioned elsewhere  \n   \n",
    "\n\n⟦c0     ⟧: delete ⟦0⟧ and insert ⟦1⟧.  ",
    "Amendment 2:\n\nChapter 4, Clause II, rule 2: delete ⟦0⟧.\n\n",
]


@pytest.mark.parametrize("text", GRAMMAR_INPUTS)
def test_a_shared_tree_has_the_tokens_of_the_text_as_written(text: str) -> None:
    forget_trees()
    tree, shift = parse_tree(text)
    assert tokens(tree, shift) == tokens(parser().parse(text))


def test_every_corpus_motion_gets_the_tokens_of_its_text_as_written() -> None:
    compared = 0
    for _, text in corpus_texts():
        for chunk in chunks(text):
            try:
                grammar_input = mark_drafting(scan(sort_lines(chunk.text).drafting).text).text
                expected = tokens(parser().parse(grammar_input))
            except (MotionError, UnexpectedInput):
                continue
            forget_trees()
            tree, shift = parse_tree(grammar_input)
            assert tokens(tree, shift) == expected, chunk.text
            compared += 1
    assert compared > 100


def test_a_tree_parsed_for_one_motion_serves_another_of_the_same_shape() -> None:
    short = "Title: A\n\nChapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert 'ten'.\n"
    long = (
        "Title: A much longer title for the same change\nProposer: Northtown CLP\n\n"
        "Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '10 per cent'.\n"
    )
    forget_trees()
    alone = spans(parse_motion(long))
    forget_trees()
    parse_motion(short)
    misses = _parsed.cache_info().misses
    shared = parse_motion(long)
    assert _parsed.cache_info().misses == misses  # no new parse: the short motion's tree
    assert spans(shared) == alone
    assert shared.operations[0].span.where() == "<motion>:4:35"  # type: ignore[union-attr]


def test_an_error_after_blank_lines_is_located_in_the_motion_as_written() -> None:
    forget_trees()
    with pytest.raises(MotionError) as raised:
        parse_motion("Title: A\nProposer: B\n\nChapter 4, Clause II, rule 2: delete and add 'x'.")
    assert raised.value.diagnostics[0].span.where() == "<motion>:4:38"  # type: ignore[union-attr]


def test_a_plain_head_citation_is_marked_like_any_other() -> None:
    marked = mark_drafting("Chapter 4, Clause II, rule 2: delete ⟦0⟧ and insert ⟦1⟧.\n")
    assert marked.text == "⟦c0                        ⟧: delete ⟦0⟧ and insert ⟦1⟧.\n"
    assert [c.text for c in marked.citations] == ["Chapter 4, Clause II, rule 2"]
    # Too short for its placeholder: left as written for the grammar to read.
    many = mark_drafting("\n".join(f"C1.I: delete ⟦{n}⟧." for n in range(11)) + "\n")
    assert many.text.splitlines()[9] == "⟦c9⟧: delete ⟦9⟧."
    assert many.text.splitlines()[10] == "C1.I: delete ⟦10⟧."
    assert len(many.citations) == 10


def test_spans_of_one_source_share_its_line_strings() -> None:
    source = Source("first line\nsecond line\n", "f")
    one, two, three = source.span_at(0), source.span_at(6, 4), source.span_at(11)
    assert one.line_text == "first line" and three.line_text == "second line"
    assert one.line_text is two.line_text
    assert (three.line, three.column, two.column, two.length) == (2, 1, 7, 4)
    assert source.span_at(len(source.text)).line_text == ""  # the end: after the last break


def agenda() -> list[Motion]:
    return [
        motion
        for path in sorted((EXAMPLES / "agenda-2026").glob("*.motion"))
        for motion in parse_motions(path.read_text(encoding="utf-8"), filename=path.name)
    ]


def test_an_outcome_rebuilds_the_book_the_motion_left(model: Rulebook) -> None:
    checked = 0
    for motion in agenda():
        amended, subtrees = apply_local(model, motion)
        if subtrees is None:
            continue
        outcome = Outcome.of(amended, subtrees)
        assert outcome.applied == amended.applied
        assert outcome.errors == amended.errors
        assert outcome.renumbering == amended.renumbering
        assert outcome.kinds == tuple(c.kind for c in amended.changes)
        if amended.applied:
            assert outcome.rulebook(model) == amended.rulebook
            checked += 1
    assert checked >= 10
