"""`grammars.LalrRunner` parses as Lark does: the same trees and tokens, failing where it fails.

The runner drives Lark's own tables, scanners and tree builders in one loop, and narrows each
scanner to the terminals that can start with the character at hand (`grammars.may_start`).
Everything here compares it with Lark's `parse` on the same text: every corpus motion and
mistake, the benchmark's motions, and texts Hypothesis puts together from the grammar's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import lark
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_corpus import all_cases

from motions import grammars
from motions.drafting.layout import chunks, mark_drafting, sort_lines
from motions.drafting.quoting import scan
from motions.drafting.syntax import _MISTAKES, parse_text, parser
from motions.errors import MotionError
from motions.grammars import LalrRunner, Unparsed, grammar_parser, may_start, parse_function

Outcome = tuple[str, object]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def described(tree: lark.Tree[lark.Token]) -> list[object]:
    """The tree, node by node, with every token's type, text and all its positions."""
    out: list[object] = []
    for node in tree.iter_subtrees_topdown():
        out.append(node.data)
        for child in node.children:
            if isinstance(child, lark.Token):
                out.append(
                    (child.type, str(child), child.value, child.start_pos, child.end_pos,
                     child.line, child.column, child.end_line, child.end_column)
                )  # fmt: skip
    return out


def by_lark(text: str, grammar: lark.Lark | None = None) -> Outcome:
    try:
        return "tree", described((grammar or parser()).parse(text))
    except lark.exceptions.UnexpectedInput:
        return "fails", None


@pytest.fixture(autouse=True, scope="module")
def narrowed_at_once() -> Iterator[None]:
    """Every character gets its narrowed scanner on first use, so every test here runs them
    (a real run waits until a character has started `_WARM` tokens)."""
    warm = grammars._WARM
    grammars._WARM = 1
    yield
    grammars._WARM = warm


_RUNNERS: dict[int, LalrRunner] = {}


def by_runner(text: str, grammar: lark.Lark | None = None) -> Outcome:
    grammar = grammar or parser()
    runner = _RUNNERS.get(id(grammar)) or LalrRunner.of(grammar)
    assert runner is not None
    _RUNNERS[id(grammar)] = runner
    try:
        return "tree", described(runner.parse(text))
    except Unparsed:
        return "fails", None


def grammar_inputs() -> list[str]:
    """What the grammar reads of every corpus motion, mistake and example motion (those the
    layout and the quote scanner pass)."""
    texts = []
    files = [case.text for case in all_cases("motions") + all_cases("mistakes")]
    files += [path.read_text("utf-8") for path in sorted(EXAMPLES.rglob("*.motion"))]
    for text in files:
        for chunk in chunks(text):
            try:
                texts.append(mark_drafting(scan(sort_lines(chunk.text).drafting).text).text)
            except MotionError:
                continue
    return texts


def test_the_shipped_grammars_get_a_runner() -> None:
    assert LalrRunner.of(parser()) is not None
    assert LalrRunner.of(grammar_parser("address.lark")) is not None


@pytest.mark.parametrize("warm", [1, 10**9])
def test_every_corpus_text_parses_or_fails_as_with_lark(warm: int) -> None:
    """With every scanner narrowed, and with Lark's alternations only (a short command)."""
    texts = grammar_inputs() + [e for examples in _MISTAKES.values() for e in examples]
    outcomes = [(by_lark(text), text) for text in texts]
    assert sum(o[0] == "tree" for o, _ in outcomes) > 180
    assert sum(o[0] == "fails" for o, _ in outcomes) > 5
    grammars._WARM = warm
    _RUNNERS.clear()
    try:
        for expected, text in outcomes:
            assert by_runner(text) == expected, text
        narrowed = sum(len(lexing.by_char) for lexing in _RUNNERS[id(parser())]._by_lexer.values())
        assert (narrowed > 20) if warm == 1 else (narrowed == 0)
    finally:
        grammars._WARM = 1
        _RUNNERS.clear()


def test_scanners_kept_per_lexer_are_bounded() -> None:
    runner = LalrRunner.of(parser())
    assert runner is not None
    for code in range(0x400, 0x400 + 2 * grammars._CHARACTERS):
        with pytest.raises(Unparsed):
            runner.parse(f"⟦c0⟧: delete ⟦0⟧ {chr(code)}")
    assert max(len(lexing.by_char) for lexing in runner._by_lexer.values()) == grammars._CHARACTERS


def test_counts_of_first_characters_are_bounded() -> None:
    """Before a character is warm, its count is kept, for at most 4 x `_CHARACTERS` of them."""
    runner = LalrRunner.of(parser())
    assert runner is not None
    grammars._WARM = 10**9
    try:
        for code in range(0x400, 0x400 + 5 * grammars._CHARACTERS):
            with pytest.raises(Unparsed):
                runner.parse(f"⟦c0⟧: delete ⟦0⟧ {chr(code)}")
    finally:
        grammars._WARM = 1
    assert max(len(lexing.seen) for lexing in runner._by_lexer.values()) == 4 * grammars._CHARACTERS


def test_citations_parse_as_with_lark() -> None:
    grammar = grammar_parser("address.lark")
    texts = [
        "Chapter 4, Clause II, rule 2.B.i", "C4.II.2.B.i", "rule 2.B.iii", "sub-clause H",
        "Clause IV.5 and IV.6", "Chapter 13, Clause II rules 1 to 3", "Appendix 4", "2.B.",
        "Chapter", "", "   ", "Chapter 4,, rule", "rules 5 to 7 of Clause II",
    ]  # fmt: skip
    for text in texts:
        assert by_runner(text, grammar) == by_lark(text, grammar), text


def test_parse_text_gives_lark_s_tree_or_raises_lark_s_error() -> None:
    text = "⟦c0⟧: delete ⟦0⟧ and insert ⟦1⟧.\n"
    assert described(parse_text(text)) == described(parser().parse(text))
    with pytest.raises(lark.exceptions.UnexpectedInput) as raised:
        parse_text("⟦c0⟧: delete and insert ⟦1⟧.")
    with pytest.raises(type(raised.value)) as again:
        parser().parse("⟦c0⟧: delete and insert ⟦1⟧.")
    assert (raised.value.line, raised.value.column) == (again.value.line, again.value.column)


def test_parse_function_runs_the_runner_and_hands_failures_to_lark() -> None:
    parse = parse_function("address.lark")
    assert parse != grammar_parser("address.lark").parse  # the runner's, not Lark's own
    text = "Chapter 4, Clause II, rule 2.B.i"
    assert described(parse(text)) == described(grammar_parser("address.lark").parse(text))
    with pytest.raises(lark.exceptions.UnexpectedInput):
        parse("Chapter 4,, rule")


_PIECES = [
    "⟦0⟧", "⟦1⟧", "⟦c0⟧", "⟦c1   ⟧", "'20 per cent'", "‘members’", '"x"', "delete", "Delete",
    "insert", "and", "after", "before", "the", "words", "first", "second", "sentence", "line",
    "(line 2)", "(page 14)", "Chapter 4, Clause II, rule 2.B.i", "C4.II.2", "rule 3", "(ii)",
    "reads as follows", "The amended rule will read", "renumber accordingly", "wherever it occurs",
    "replace", "with", "for", "substitute", "at the end", "add", "a new", "sub-clause",
    "as follows",
    "Amendment 2", "amend", "of", "in", "a full stop", "Consequential amendments", "is mentioned",
    "be amended to read", ":", ",", ".", ";", "-", "x", "é", "⟧", "\t",
]  # fmt: skip
_BLANKS = st.sampled_from([" ", "  ", "\n", " \n ", "\n\n", "\r\n", "\t", "\f", ""])


@given(st.lists(st.tuples(st.sampled_from(_PIECES), _BLANKS), max_size=14))
def test_texts_of_the_grammar_s_words_parse_or_fail_as_with_lark(
    parts: list[tuple[str, str]],
) -> None:
    text = "".join(piece + blank for piece, blank in parts)
    assert by_runner(text) == by_lark(text)


@given(st.text(max_size=40))
def test_any_text_parses_or_fails_as_with_lark(text: str) -> None:
    assert by_runner(text) == by_lark(text)


def _terminals() -> list[tuple[str, str, int]]:
    grammar = parser()
    flags = grammar.lexer_conf.g_regex_flags
    return [(t.name, t.pattern.to_regexp(), flags) for t in grammar.terminals]


@pytest.mark.parametrize(("name", "pattern", "flags"), _terminals())
@given(data=st.data())
def test_a_terminal_s_matches_start_where_may_start_allows(
    name: str, pattern: str, flags: int, data: st.DataObject
) -> None:
    """`may_start` never rules out a character a match of the terminal starts with."""
    compiled = re.compile(pattern, flags)
    text = data.draw(st.from_regex(compiled))
    match = compiled.search(text)
    assert match is not None and match.end() > match.start()  # Lark refuses empty terminals
    assert may_start(pattern, flags, text[match.start()]), (name, match.group())


@pytest.mark.parametrize(
    ("pattern", "char", "expected"),
    [
        ("(?i:ab|c)\\d+", "A", True), ("(?i:ab|c)\\d+", "d", False), ("ab", "A", False),
        ("(on\\s+)?(the\\s+)?first", "t", True), ("(on\\s+)?(the\\s+)?first", "x", False),
        ("\\d+(\\.x)+", "7", True), ("\\d+(\\.x)+", "a", False), ("[ \\t\\f\\r\\n]+", "a", False),
        ("(?i:k)", "\u212a", True),  # the Kelvin sign folds to k, as re itself says
        ("[^a]", "a", True), (".x", "\n", True), ("(a)\\1", "a", True), ("(?=b)a", "a", True),
        ("x*", "y", True),  # a pattern that can match empty could be followed by anything
    ],
)  # fmt: skip
def test_may_start_rules_out_only_what_cannot_start_a_match(
    pattern: str, char: str, expected: bool
) -> None:
    assert may_start(pattern, 0, char) is expected


def test_a_lexer_callback_leaves_the_text_to_lark() -> None:
    """A string terminal inside a regex terminal is re-typed by Lark's lexer callback: the
    runner hands such a text back, and never returns a token of the wrong type."""
    grammar = lark.Lark('start: (NAME | IF)+\nIF: "if"\nNAME: /[a-z]+/\n%ignore " "', parser="lalr")
    runner = LalrRunner.of(grammar)
    assert runner is not None
    with pytest.raises(Unparsed):
        runner.parse("a if b")
    assert [t.type for t in grammar.parse("a if b").children] == ["NAME", "IF", "NAME"]


def test_parsers_the_runner_does_not_follow_get_none() -> None:
    grammar = "start: NAME\nNAME: /[a-z]+/"
    assert LalrRunner.of(lark.Lark(grammar)) is None  # Earley
    assert LalrRunner.of(lark.Lark(grammar, parser="lalr", lexer="basic")) is None
    assert LalrRunner.of(lark.Lark(grammar, parser="lalr", transformer=lark.Transformer())) is None
    callbacks = {"NAME": lambda t: t}
    assert LalrRunner.of(lark.Lark(grammar, parser="lalr", lexer_callbacks=callbacks)) is None


def test_a_lark_whose_insides_differ_gets_none() -> None:
    """A Lark version that keeps its lexers or tables otherwise: no runner, Lark parses."""
    grammar = lark.Lark("start: NAME\nNAME: /[a-z]+/", parser="lalr")
    assert LalrRunner.of(grammar) is not None
    grammar.parser.lexer = object()
    assert LalrRunner.of(grammar) is None
    other = lark.Lark("start: NAME\nNAME: /[a-z]+/", parser="lalr")
    other.parser.parser.parser.callbacks = {}
    assert LalrRunner.of(other) is None
