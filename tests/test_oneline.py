"""`drafting.oneline`: the commonest motion file read in one pass must read as the general
passes read it (issue 15, session 7).

`read_one_line` answers None or exactly what `chunks`, `sort_lines`, `scan` and
`mark_drafting` give, in every field (spans and raw quotes included); a motion read through it
equals the one read without it, errors included.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from motions.book.numbering import load_scheme
from motions.drafting import layout, reader
from motions.drafting.layout import Chunk, chunks, mark_drafting, sort_lines
from motions.drafting.motion import Motion, _pack_motion
from motions.drafting.oneline import Passes, read_one_line
from motions.drafting.quoting import scan
from motions.drafting.reader import parse_motions
from motions.errors import MotionError
from motions.source import Source

ROOT = Path(__file__).resolve().parent.parent

HEADERS = [
    "Title: Motion 1",
    "Proposer: Union 7 CLP",
    "Card vote: 12",
    "Rule Book: scale",
    "Package: 3",
    "Reference: R7",
    "Seconded by: Westfield CLP",
    "  Title :  spaced  ",
    "Proposed: Eastfield Branch",
]
OTHER_LINES = [
    "",
    "   ",
    "\t",
    "A heading with no key",
    "Supporting argument: it is fairer.",
    "Proposed amendment",
    "Make no changes to sub-clauses A to C.",
    "Eastfield Branch",
    "---",
    "Motion 14",
    "# a comment",
    "1. Delete 'a' and insert 'b'.",
    "Current wording: 'the members'",
    "Chapter 4, Clause II, rule 2",
    "Title: ‘curly’",
    'Summary: "quoted"',
]
CITATIONS = [
    "Chapter 457, Clause III, rule 4",
    "Chapter 7, Clause VIII, rule 3.C",
    "Chapter 2, Clause I",
    "C4.II.2.B.i",
    "Chapter 4, Clause II, rule 2 (page 14)",
    "Chapter 46, Clause I, rule 1.B",
    "rule 2.B",
    "In Chapter 4, Clause II, rule 2",
]
WORDS = st.lists(
    st.sampled_from([*"ab yZ,.'’\"-;:()0⟦\t", "s ", " and ", "Party's", "é"]), max_size=8
).map("".join) | st.lists(st.sampled_from([*"abZ ,-.0;:"]), min_size=1, max_size=8).map("".join)


@st.composite
def drafting_lines(draw: st.DrawFn) -> str:
    citation = draw(st.sampled_from(CITATIONS))
    words = [draw(WORDS) for _ in range(2)]
    form = draw(st.integers(0, 6))
    if form == 0:
        return f"{citation}: delete '{words[0]}' and insert '{words[1]}'."
    if form == 1:
        return f"{citation}: after '{words[0]}' insert '{words[1]}'."
    if form == 2:
        return f"Delete {citation} and renumber accordingly."
    if form == 3:
        return f"{citation}: delete '{words[0]}'{draw(st.sampled_from(['.', '', ' .', ';']))}"
    if form == 4:
        return f"{citation}: at the end add '{words[0]}'."
    if form == 5:
        return f"{citation}: delete {words[0]} and insert '{words[1]}'."
    return f"{citation} reads '{words[0]}'. Delete '{words[1]}'."


@st.composite
def files(draw: st.DrawFn) -> str:
    before = draw(st.lists(st.sampled_from(HEADERS) | st.sampled_from(OTHER_LINES[:3]), max_size=6))
    if draw(st.booleans()):
        before.insert(draw(st.integers(0, len(before))), draw(st.sampled_from(OTHER_LINES)))
    last = draw(drafting_lines() | st.sampled_from(OTHER_LINES))
    after = draw(st.lists(st.sampled_from(["", "  ", "\t"]), max_size=2))
    end = draw(st.sampled_from(["\n", "", "\r\n"]))
    return "\n".join([*before, last, *after]) + end


def _every_field(value: object) -> object:
    """A value with every attrs field, compared or not (spans, raw quotes)."""
    kind = type(value)
    if attrs.has(kind) and kind.__name__ != "Scheme":
        return (kind, *(_every_field(getattr(value, f.name)) for f in attrs.fields(kind)))
    if isinstance(value, tuple | list):
        return tuple(_every_field(v) for v in value)
    return value


def _general(text: str) -> object:
    source = Source(text, "f.motion")
    layout = sort_lines(text)
    quotes = scan(layout.drafting, filename="f.motion", source=source)
    return layout, quotes, mark_drafting(quotes.text)


def assert_one_pass_agrees(text: str, quick: tuple[Source, Passes]) -> None:
    """What `read_one_line` gave for `text` is what the general passes give, in every field."""
    assert list(chunks(text)) == [Chunk(text, 1, 1)]
    assert quick[0] == Source(text, "f.motion")  # text, file name, line offset
    assert _every_field(quick[1]) == _every_field(_general(text))


def read_in_one_pass(text: str) -> bool:
    """Whether `read_one_line` vouches for `text` (and then agrees with the general passes)."""
    quick = read_one_line(text, "f.motion")
    if quick is not None:
        assert_one_pass_agrees(text, quick)
    return quick is not None


def _read(text: str) -> object:
    try:
        return _every_field(parse_motions(text, filename="f.motion"))
    except MotionError as exc:
        return ("error", _every_field(tuple(exc.diagnostics)))


def assert_same_reading(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _read(text)
    with monkeypatch.context() as patched:
        patched.setattr(reader, "read_one_line", lambda text, filename: None)
        general = _read(text)
    assert fast == general


USUAL = (
    "Title: Motion 1\nProposer: Notice 1 CLP\nCard vote: 1\nRule Book: scale\n\n"
    "Chapter 457, Clause III, rule 4: delete 'above each and' and insert 'affiliated general'.\n"
)


@given(files())
@example(USUAL)
@example("Title: x\n\nC4.II.2.B.i: delete 'the Party's' and insert 'b'.\n")
@example("Title: x\n\nChapter 4, Clause II, rule 2: delete 'a ' and insert 'b'.\n")
@example("Chapter 4, Clause II, rule 2: delete 'a' 'b' and insert 'c'.")
def test_one_pass_reads_as_the_general_passes(text: str) -> None:
    quick = read_one_line(text, "f.motion")
    event(f"read in one pass: {quick is not None}")
    if quick is not None:
        assert_one_pass_agrees(text, quick)


@given(files())
@example(USUAL)
@example("Title: x\n\nChapter 4, Clause II, rule 2: delete '' and insert 'b'.\n")
def test_a_motion_read_in_one_pass_equals_the_general_reading(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same_reading(text, monkeypatch)


def test_the_usual_agenda_file_is_read_in_one_pass() -> None:
    """The layout the pass is for is taken by it (else it saves nothing), and so are its
    variants: no headers, blank lines around, every operation of the bench's agenda."""
    assert read_in_one_pass(USUAL)
    lines = [
        "Chapter 7, Clause V, rule 4.D.i: delete 'prior with' and insert 'votes'.",
        "Delete Chapter 184, Clause V, rule 2.B.i and renumber accordingly.",
        "Chapter 14, Clause I, rule 2.A: after 'standing candidate' insert ', council annual,'.",
        "Chapter 312, Clause II, rule 4.B: delete 'received of Conference or'.",
        "Chapter 9, Clause II, rule 1: at the end add ', women young union'.",
        "C4.II.2.B.i: delete 'the rules' and insert 'a'.",
    ]
    for line in lines:
        for text in (f"{line}\n", f"Title: x\n\n\n{line}", f"\n  \nRule Book: 2026\n{line}\n\n"):
            assert read_in_one_pass(text), text
    for declined in ("delete 'a \"b\" c'", "delete 'a", "delete 'a' b'", "delete 'the Party's'"):
        assert not read_in_one_pass(f"Title: x\n\nChapter 4, Clause II, rule 2: {declined}.\n")


def _texts() -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/**/*.motion"))]
    for corpus in sorted((ROOT / "tests" / "corpus").glob("*.txt")):
        for case in corpus.read_text(encoding="utf-8").split("\n=== ")[1:]:
            body = case.split("\n", 1)[1] if "\n" in case else ""
            found.append(body.split("\n--- ", 1)[0])
    return found


def test_examples_and_corpora_read_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    assert len(texts) > 150
    taken = 0
    for text in texts:
        taken += read_in_one_pass(text)
        assert_same_reading(text, monkeypatch)
    assert taken > 10


@st.composite
def deletions(draw: st.DrawFn) -> str:
    """A line deleting provisions, often the plain form `_PLAIN_DELETE` marks, often not."""
    chapter = draw(st.sampled_from(["1", "4", "46", "999", "0", "12345678901234567890"]))
    clause = draw(st.sampled_from(["I", "II", "IV", "IIII", "XC", "L"]))
    rule = draw(st.sampled_from(["", "1", "2", "2.B", "2.B.iii", "2B", "2.b", "1.A.ii.x", "3.C"]))
    if draw(st.booleans()):
        citation = f"Chapter {chapter}, Clause {clause}" + (f", rule {rule}" if rule else "")
    else:
        citation = f"C{chapter}.{clause}" + (f".{rule}" if rule else "")
    verb = draw(st.sampled_from(["Delete", "delete", "DELETE", "Delete  ", "Remove"]))
    lead = draw(st.sampled_from(["", "  ", "1. ", "(a) ", "In Chapter 4: "]))
    tail = draw(
        st.sampled_from(
            [" and renumber accordingly.", " and renumber accordingly",
             ", and renumber accordingly.", ".", "", " .", " and 2.C.", " (page 4).",
             " and insert 'x'.", " to 3.", "\t.",
             " and renumber accordingly. Delete rule 5.", " and renumber"]
        )
    )  # fmt: skip
    return f"{lead}{verb} {citation}{tail}"


@given(st.lists(deletions() | st.sampled_from(HEADERS + OTHER_LINES[:2]), min_size=1, max_size=4))
@example(["Title: x", "", "Delete Chapter 46, Clause I, rule 1.B and renumber accordingly."])
@example(["Delete C4.II.2.B.i."])
@example(["Delete Chapter 4, Clause II, rule 2.B and 2.C."])
def test_a_deletion_marked_reads_as_the_grammar_reads_it_unmarked(lines: list[str]) -> None:
    """`layout._PLAIN_DELETE` hands the grammar the citation as a placeholder: the motion (or
    its errors) must be what the grammar makes of the citation as written."""
    text = "\n".join(lines) + "\n"
    marked = _read(text)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(layout, "_PLAIN_DELETE", re.compile(r"(?!)"))
        assert _read(text) == marked


def test_the_plain_deletion_is_marked() -> None:
    for line, citation in [
        ("Delete Chapter 46, Clause I, rule 1.B and renumber accordingly.",
         "Chapter 46, Clause I, rule 1.B"),
        ("  delete C4.II.2.B.i.", "C4.II.2.B.i"),
        ("Delete Chapter 2, Clause I, and renumber accordingly", "Chapter 2, Clause I"),
    ]:  # fmt: skip
        marked = layout.mark_drafting(line + "\n")
        assert [c.text for c in marked.citations] == [citation]
        assert citation not in marked.text and len(marked.text) == len(line) + 1
    for other in ("Delete Chapter 4, Clause II, rule 2.B and 2.C.", "Delete rule 2.B."):
        assert not layout.mark_drafting(other + "\n").citations


def assert_round_trips(motions: tuple[Motion, ...]) -> None:
    back = pickle.loads(pickle.dumps(motions))
    assert _every_field(back) == _every_field(motions)
    for before, after in zip(motions, back, strict=True):
        if not before.operations or before.target_of(before.operations[0]) is None:
            continue
        target, rebuilt = (m.target_of(m.operations[0]) for m in (before, after))
        assert rebuilt is not None and target is not None
        assert rebuilt.address.scheme is target.address.scheme  # the book's own scheme


@given(files())
@example(USUAL)
@example("C1.I.1: at the end add ', or'.\n")
@example("C1.I.1: at the end of the first sentence insert 'x'.\n")
@example("C1.I.1: before the second 'a' insert 'b'.\n")
def test_motions_come_back_from_a_worker_the_same_in_every_field(text: str) -> None:
    """A motion is sent back from the parse workers pickled: the commonest kinds packed flat
    (`motion._pack_motion`), the others value by value; either way the same in every field."""
    try:
        motions = parse_motions(text, filename="f.motion")
    except MotionError:
        return
    assert_round_trips(motions)


def test_the_commonest_motions_are_packed_and_the_corpora_come_back_whole() -> None:
    packed = 0
    for text in _texts():
        try:
            motions = parse_motions(text, filename="f.motion")
        except MotionError:
            continue
        assert_round_trips(motions)
        packed += sum(_pack_motion(m) is not None for m in motions)
    assert packed > 20
    usual = parse_motions(USUAL)[0]
    assert _pack_motion(usual) is not None
    assert type(pickle.loads(pickle.dumps(usual))) is Motion


def _header_by_pattern(line: str) -> object:
    """What `layout._HEADER_LINE` reads of a line (the reference for `read_header_line`)."""
    match = layout._HEADER_LINE.match(line)
    if match is None:
        return None
    key = " ".join(match.group(1).lower().split())
    if key not in layout.HEADER_KEYS:
        return None
    return (match.group(1).strip(), match.group(2).rstrip(" \t")), key


@given(st.text(alphabet="TitleCardvoRuBkP :\t\r\n\u2028é1#'", max_size=30))
@example("Title: Motion 1  \t\n")
@example("  Card  vote :\t 12 \r\n")
@example("Rule Book: scale\n\n")
@example("Title: a\nb")
@example("Title\n: a")
@example("Title")
def test_a_header_line_reads_as_the_header_pattern_reads_it(line: str) -> None:
    assert layout.read_header_line(line) == _header_by_pattern(line)
    assert layout._header_line(line) == _header_by_pattern(line)


PLAIN_OPERATIONS = [
    "delete 'above each and' and insert 'affiliated general'.",
    "Delete 'the members'.",
    "after 'standing candidate' insert ', council annual,'.",
    "before 'a' insert 'b'.",
    "at the end add ', women young union'.",
]


def test_the_commonest_operations_are_read_without_the_grammar(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`reader._plain_motion` reads them (else it saves nothing), as the general reading does
    in every field; a citation that is unreadable, names a list or a range, or cites no
    provision of the scheme is left to the general reading and its errors."""
    for operation in PLAIN_OPERATIONS:
        for citation in ("Chapter 457, Clause III, rule 4", "C4.II.2.B.i", "Chapter 2, Clause I"):
            text = f"Title: x\nCard vote: 3\n\n{citation}: {operation}\n"
            source, passes = read_one_line(text, "f.motion")  # type: ignore[misc]
            assert reader._plain_motion("f.motion", load_scheme("labour"), source, passes)
            assert_same_reading(text, monkeypatch)
    for citation in ("Chapter 4, Clause II, rules 2 and 3", "Chapter 4, Clause IIII, rule 2"):
        text = f"{citation}: {PLAIN_OPERATIONS[0]}\n"
        quick = read_one_line(text, "f.motion")
        assert quick is None or not reader._plain_motion("f", load_scheme("labour"), *quick)
        assert_same_reading(text, monkeypatch)


SAFE_WORDS = st.lists(st.sampled_from(["a", "the", "members", ",", "-", "0", "Party"]), min_size=1)


@st.composite
def plain_files(draw: st.DrawFn) -> str:
    """Files of the commonest operations, and their near misses (spacing, case, endings)."""
    words = [" ".join(draw(SAFE_WORDS)) for _ in range(2)]
    verb = draw(st.sampled_from(["delete", "Delete", "DELETE", "after", "before", "After"]))
    gap = draw(st.sampled_from([" ", " ", " ", "  ", "\t"]))
    form = draw(st.sampled_from([0, 0, 1, 2]))
    if form == 0:
        operation = f"{verb} '{words[0]}'{gap}and insert '{words[1]}'"
    elif form == 1:
        operation = f"{verb}{gap}'{words[0]}' insert '{words[1]}'"
    else:
        operation = f"at{gap}the end add '{words[0]}'"
    citation = draw(st.sampled_from(CITATIONS))
    end = draw(st.sampled_from([".\n", ".\n", ".", ". \n", ".\n\n", "\n", ";\n", ". Renumber."]))
    headers = draw(st.lists(st.sampled_from(HEADERS[:5]), max_size=3))
    return "".join(f"{h}\n" for h in headers) + f"\n{citation}:{gap}{operation}{end}"


@given(plain_files())
def test_the_commonest_operations_read_as_the_grammar_reads_them(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same_reading(text, monkeypatch)


def test_the_flat_packing_knows_every_field_of_what_it_packs() -> None:
    """`motion._pack_motion` writes each value's fields by name: a field added to one of these
    values must be added there too (else it would come back from a worker as its default)."""
    from motions.book.location import Address
    from motions.drafting.motion import (
        Anchor,
        DeleteWords,
        Header,
        InsertWords,
        Location,
        ReplaceWords,
    )
    from motions.drafting.quoting import Quoted
    from motions.source import Span

    known = {
        Motion: "header location operations reads will_read argument source span statements",
        Header: "title proposer edition card_vote package extra heading",
        ReplaceWords: "anchor new target span",
        DeleteWords: "anchor target span",
        InsertWords: "position new anchor target span sentence",
        Anchor: "words occurrence every sentence edge",
        Quoted: "text raw span",
        Location: "address alternatives page text span",
        Address: "root labels scheme at",
        Span: "filename line column length line_text",
    }
    for cls, names in known.items():
        assert [f.name for f in attrs.fields(cls)] == names.split(), cls
