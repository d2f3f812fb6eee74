"""What the speed-ups of reading a large agenda must keep exactly (issue 15, session 6).

A file that `layout._one_motion` vouches for is split without the line-by-line loop; a regular
file is read through its descriptor; the motions come back from the parse workers pickled,
a `Location` rebuilding its address directly. Each must give what the slow way gives: the
same chunks, the same bytes and errors, the same values in every field, spans included.
"""

from __future__ import annotations

import os
import pickle
import re
import threading
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from motions.drafting import files
from motions.drafting.files import read_motion_file, read_motion_files
from motions.drafting.layout import HEADER_KEYS, _one_motion, _split, chunks, header_of
from motions.drafting.reader import parse_motions
from motions.files import MOTION_LIMIT, read_bytes_limited

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: Lines of every kind `chunks` tells apart, and the line breaks `str.splitlines` knows.
LINES = [
    "Title: Leadership elections",
    "Proposer: Northtown CLP",
    "Proposed: Eastfield Branch",
    "Seconded by: Westfield CLP",
    "Card vote: 12",
    "Rule Book: 2026",
    "Reference: R7",
    "Package: 3",
    "Chapter 4, Clause II, rule 2: delete 'members' and insert 'delegates'.",
    "C1.I.1: after 'the' insert 'new'.",
    "Delete rule 2.B.iii.",
    "Eastfield Branch",
    "Rule change 2: leadership elections",
    "Motion 14",
    "  motion 3 – ballots",
    "Constitutional amendment 3",
    "---",
    "===",
    "  ---",
    "----- ",
    "Supporting argument: it is fairer.",
    "# a comment",
    "A heading with no key",
    "",
    "   ",
]
BREAKS = ["\n", "\n", "\n", "\r\n", "\r", "\u2028", "\x0c", "\x1d", "\x85"]


def _split_as_ever(text: str) -> list[object]:
    return list(_split(text.splitlines(keepends=True)))


@given(st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(BREAKS)), max_size=14))
def test_chunks_split_one_motion_files_as_the_line_loop_does(lines: list[tuple[str, str]]) -> None:
    text = "".join(line + end for line, end in lines)
    assert list(chunks(text)) == _split_as_ever(text)


def test_the_one_motion_test_vouches_for_the_usual_file() -> None:
    text = "Title: Motion 1\nProposer: Union 1 CLP\nCard vote: 1\nRule Book: scale\n\n"
    text += "Chapter 7, Clause V, rule 4.D.i: delete 'prior with' and insert 'votes'.\n"
    assert _one_motion(text, text.splitlines(keepends=True))
    for other in ("---\n", "Motion 2\n", "Rule change 3: x\n", "Title: Motion 2\n"):
        two = text + other + "C1.I.1: delete 'a' and insert 'b'.\n"
        assert not _one_motion(two, two.splitlines(keepends=True))
        assert len(list(chunks(two))) == len(_split_as_ever(two)) == 2


def test_examples_split_as_the_line_loop_splits_them() -> None:
    files = sorted(EXAMPLES.rglob("*.motion"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert list(chunks(text)) == _split_as_ever(text), path


def _every_field(value: object) -> object:
    """A value with every attrs field, compared or not (spans, sources, arguments)."""
    if attrs.has(type(value)) and type(value).__name__ != "Scheme":
        return (
            type(value),
            *(_every_field(getattr(value, f.name)) for f in attrs.fields(type(value))),
        )
    if isinstance(value, tuple):
        return tuple(_every_field(v) for v in value)
    return value


def test_pickled_motions_come_back_the_same_in_every_field() -> None:
    files = sorted(EXAMPLES.rglob("*.motion"))
    motions = [m for path in files for m in read_motion_file(str(path))[0]]
    assert len(motions) > 20
    back = pickle.loads(pickle.dumps(motions))
    assert back == motions
    assert [_every_field(m) for m in back] == [_every_field(m) for m in motions]
    for before, after in zip(motions, back, strict=True):
        for operation_before, operation_after in zip(
            before.operations, after.operations, strict=True
        ):
            target, again = before.target_of(operation_before), after.target_of(operation_after)
            if target is not None and again is not None:
                assert hash(target.address) == hash(again.address)
                assert again.address.scheme is target.address.scheme


def test_a_file_read_through_its_descriptor_reads_as_path_open_does(tmp_path: Path) -> None:
    path = tmp_path / "m.motion"
    for data in (b"", b"x", b"Title: x\n" * 5000, "\ufeffTitle: é\n".encode()):
        path.write_bytes(data)
        assert read_bytes_limited(path, MOTION_LIMIT) == data
        assert read_bytes_limited(str(path), MOTION_LIMIT) == path.read_bytes()


@pytest.mark.parametrize("name", ["missing.motion", "folder", "folder/./missing.motion"])
def test_unreadable_files_fail_as_path_open_fails(tmp_path: Path, name: str) -> None:
    (tmp_path / "folder").mkdir()
    path = str(tmp_path / name)
    with pytest.raises(OSError) as ours:
        read_bytes_limited(path, MOTION_LIMIT)
    with pytest.raises(OSError) as plain, Path(path).open("rb"):
        pass
    assert type(ours.value) is type(plain.value) and str(ours.value) == str(plain.value)


def test_a_short_read_reads_on_to_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.motion"
    path.write_bytes(b"Title: x\n" * 100)
    real = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real(fd, min(n, 7)))  # a signal, say
    assert read_bytes_limited(path, MOTION_LIMIT) == b"Title: x\n" * 100


def test_an_agenda_read_in_workers_equals_one_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [
        f"Title: Motion {n}\nCard vote: {n}\n\nChapter 1, Clause I, rule 1: delete 'a{n}' and "
        f"insert 'b{n}'.\n"
        for n in range(40)
    ]
    paths = []
    for n, text in enumerate(texts):
        path = tmp_path / f"{n:03d}.motion"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    here = read_motion_files(paths, workers=1)
    monkeypatch.setattr(files, "PARALLEL_FROM", 1)
    there = read_motion_files(paths, workers=2)
    assert [_every_field(m) for m in there] == [_every_field(m) for m in here]
    assert here == tuple(
        m for p, t in zip(paths, texts, strict=True) for m in parse_motions(t, filename=p)
    )


#: The header pattern as it was, with a lazy value: the reference `header_of` must agree with.
LAZY_HEADER = re.compile(r"^[ \t]*([A-Za-z][A-Za-z ]*?)[ \t]*:[ \t]*(.*?)[ \t]*$")


@given(st.text(alphabet="Tile CardvOPpsr:\t\r\n\u2028é1", max_size=30))
@example("Title: Motion 1  \t\n")
@example("  Card  vote :\t 12 \r\n")
@example("Proposer:   \n")
@example("Title: a\nb")
def test_header_values_read_as_the_lazy_pattern_read_them(line: str) -> None:
    lazy = LAZY_HEADER.match(line)
    found = header_of(line)
    if lazy is None:
        assert found is None
    elif found is not None:
        assert found == (lazy.group(1).strip(), lazy.group(2))
    else:
        assert " ".join(lazy.group(1).lower().split()) not in HEADER_KEYS


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_read_whole_through_the_file_route(tmp_path: Path) -> None:
    path = tmp_path / "pipe.motion"
    os.mkfifo(path)
    data = b"Title: x\n" * 20_000  # more than a pipe holds: read in several pieces

    def write() -> None:
        with path.open("wb") as stream:
            stream.write(data)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert read_bytes_limited(path, MOTION_LIMIT) == data
    finally:
        writer.join()
