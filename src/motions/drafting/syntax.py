"""The motion grammar, and its errors in the drafter's terms.

`parser()` builds the LALR parser of `grammar/motion.lark` once; `parse_tree` parses with it,
once per distinct text (below), through `grammars.LalrRunner` (Lark's own tables, scanners and
tree builders in one loop: Lark's tree, and Lark's own error for a text that does not parse).
`syntax_error` turns a Lark exception into our `MotionError`: located in the motion as
written, naming what was found with its quotes and citations put back (an internal placeholder
never reaches a message), what would fit there, and, where the failure matches a common
drafting mistake taught by example, that mistake's name and a hint.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from lark import Lark, Token, Tree, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from motions.drafting.citing import Found
from motions.drafting.quoting import Quotes
from motions.errors import MotionError, error
from motions.grammars import grammar_parser, parse_function
from motions.source import Source

#: Named drafting mistakes, taught by example (Lark's match_examples).
_MISTAKES: dict[str, list[str]] = {
    "The words to change must be quoted, e.g. delete '20 per cent' and insert '10 per cent'": [
        "Delete 20 per cent and insert '10 per cent'",
        "Chapter 4, Clause II, rule 2: delete the words and insert ⟦0⟧",
        "After the words insert ⟦0⟧",
    ],
    "Say what to put in: e.g. delete '20 per cent' and insert '10 per cent'": [
        "Delete ⟦0⟧ and insert",
        "Replace ⟦0⟧ with",
        "After ⟦0⟧ insert",
        "For ⟦0⟧ substitute",
    ],
}


@cache
def parser() -> Lark:
    """The motion grammar's LALR parser, built once on first use (its tables kept between runs
    in the user cache directory by `motions.grammars`)."""
    return grammar_parser("motion.lark")


def parse_text(text: str) -> Tree[Token]:
    """Lark's tree for `text`, by `grammars.LalrRunner` (Lark's tables and scanners in one
    loop, the same tree); a text it does not parse goes to Lark, which raises its own error."""
    return parse_function("motion.lark")(text)


#: What the grammar ignores (`%ignore WS`, Lark's common.WS): exactly these, no other spaces.
_BLANKS = " \t\f\r\n"


def parse_tree(text: str) -> tuple[Tree[Token], int]:
    """The parse tree of `text` (what the grammar reads of a motion), and the offset its token
    positions are counted from: add it to a token's `start_pos`/`end_pos` for the offset in
    `text`. Raises Lark's error located in `text` itself when it does not parse.

    Motions that differ only in their quoted words and in the length of their header lines,
    and cite alike, hand the grammar the same text once the blank lines before and after the
    drafting are set aside: every quote is a short placeholder (`⟦0⟧`), every head-of-line
    citation a `⟦cN⟧` of the citation's length, every header line blanks (`layout`), and the
    grammar ignores blanks. Their trees differ only in where their tokens start, by that
    offset, so the tree is parsed once per distinct text (`_parsed`) and shared.
    """
    lead = len(text) - len(text.lstrip(_BLANKS))
    # The last line is kept through its line break: a few terminals (CONSEQUENTIAL ...) run to
    # the end of their line, blanks included, and must see the same line they see in `text`.
    end = len(text.rstrip(_BLANKS))
    newline = text.find("\n", end)
    end = len(text) if newline < 0 else newline + 1
    try:
        return _parsed(text[lead:end]), lead
    except UnexpectedInput:
        # Located in `text` (line, column and all) by parsing it as it is; raises the same error.
        return parser().parse(text), 0


def forget_trees() -> None:
    """Forget every remembered tree (a benchmark measures parsing without them)."""
    _parsed.cache_clear()


@lru_cache(maxsize=4096)
def _parsed(text: str) -> Tree[Token]:
    """The tree of `text`, remembered for the 4,096 most recent texts.

    Parsing is a pure function of the text, and readers never change a tree, so one tree serves
    every reader of the same text. A text that fails raises every time (errors are not kept).
    """
    return parse_text(text)


_READABLE = {
    "QUOTE": "a quoted phrase ('...')", "CITATION": "a citation (Chapter 4, Clause II, rule 2)",
    "DELETE": "delete", "INSERT": "insert", "ADD": "add", "REPLACE": "replace",
    "SUBSTITUTE": "substitute", "WITH": "with", "POSITION": "after/before", "AND": "and",
    "EVERY": "wherever it occurs", "RENUMBER": "renumber accordingly", "WILL_READ":
    "the amended rule will read", "READS": "reads as follows", "COLON": "':'", "DOT": "'.'",
    "COMMA": "','", "ORDINAL": "an ordinal (first, second, last)", "SENTENCE": "sentence",
    "AT_EDGE": "at the end/start", "NEW": "a new", "AS_FOLLOWS": "as follows", "IN": "in",
    "FOR": "for", "$END": "the end of the motion", "AMEND": "amend", "FROM": "from",
    "AMENDMENT": "Amendment", "PAGE": "(page N)", "PUNCTUATION": "a full stop",
    "AMENDED_TO_READ": "be amended to read", "THE_FOLLOWING": "the following",
    "LINE": "(line N)", "CONSEQUENTIAL": "consequential amendments",
}  # fmt: skip


def _state_of(exc: UnexpectedInput) -> object:
    state = getattr(exc, "state", None)
    return getattr(state, "position", state)


@cache
def _mistake_states() -> tuple[tuple[object, str], ...]:
    """The parser state each named mistake's examples fail in (computed once)."""
    states: list[tuple[object, str]] = []
    for label, examples in _MISTAKES.items():
        for example in examples:
            try:
                parser().parse(example)
            except UnexpectedInput as exc:
                states.append((_state_of(exc), label))
    return tuple(states)


def _name_mistake(exc: UnexpectedInput) -> str | None:
    """The name of a common drafting mistake, when the error is in the same place as one.

    Lark's own `match_examples` compares whole parser states, which differ with everything
    parsed before the mistake; the state at the top of the stack is what identifies it.
    """
    state = _state_of(exc)
    return next((label for known, label in _mistake_states() if known == state), None)


def syntax_error(
    exc: UnexpectedInput, quotes: Quotes, citations: tuple[Found, ...], source: Source
) -> MotionError:
    """A Lark error as our own: where, what was found (as written), what would fit, a hint."""
    offset = quotes.original_offset(getattr(exc, "pos_in_stream", None) or 0)
    if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
        offset = len(source.text.rstrip())
    label = _name_mistake(exc)
    if isinstance(exc, UnexpectedCharacters):
        found = repr(source.text[offset : offset + 1])
        length = 1
    else:
        token = getattr(exc, "token", None)
        if token is None or token.type == "$END":
            found, length = "the end of the motion", 1
        else:
            written = shown(str(token), quotes, citations)
            found = written if token.type == "QUOTE" else f"'{written}'"
            length = max(1, len(str(token)))
    expected = sorted(
        getattr(exc, "allowed", None) or getattr(exc, "expected", None) or (), key=str
    )
    names = sorted({_READABLE.get(e, e.lower().replace("_", " ")) for e in expected})
    message = f"unexpected {found}" + (f"; expected {', '.join(names[:8])}" if names else "")
    if label:
        message = f"{label.split(':')[0].split(', e.g.')[0]} ({message})"
    return MotionError(
        error(
            "motion-syntax",
            message,
            span=source.span_at(offset, length),
            hint=label
            or "write operations as drafters do: Delete 'X' and insert 'Y'. / After 'X' "
            "insert 'Y'. / Delete rule 2.B.iii and renumber accordingly.",
        )
    )


_PLACEHOLDER = re.compile(r"⟦(c?)(\d+) *⟧")


def shown(text: str, quotes: Quotes, citations: tuple[Found, ...]) -> str:
    """`text` with every placeholder put back as the drafter wrote it (never ⟦0⟧ in a message)."""

    def back(match: re.Match[str]) -> str:
        index = int(match.group(2))
        if match.group(1):
            return citations[index].text if index < len(citations) else "a citation"
        if index < len(quotes.quotes):
            words = quotes.quotes[index].text
            return f"‘{words[:60]}…’" if len(words) > 60 else f"‘{words}’"
        return "a quote"

    return _PLACEHOLDER.sub(back, text)
