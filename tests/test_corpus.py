"""The drafting corpus: rule changes laid out and worded as published ones are, and mistakes.

`tests/corpus/*.txt` hold motions written for the model rule book in the layouts of real
published rule changes (each file says which public form it imitates). A case is

    === case-id
    <the motion(s), as a drafter would send them>
    --- C7.VIII.3.C
    <the text that provision must have after the motion is carried>

and `mistakes.txt` holds texts that must fail with our own located error:

    === case-id
    <text>
    --- error motion-syntax 3:5

A case whose only fault is a known bug of `apply` (not of reading) carries a line
`--- xfail: <why>` and is expected to fail until that bug is fixed.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from motions import MotionsError, Rulebook
from motions.drafting.apply import apply_all
from motions.drafting.quoting import normalise
from motions.drafting.reader import parse_motions
from motions.errors import Severity
from motions.render.motion import canonical, explain

CORPUS = Path(__file__).parent / "corpus"


@attrs.frozen
class Case:
    file: str
    name: str
    text: str
    expected: tuple[tuple[str, str], ...]  # (address, text) or ("error", "code line:column")
    xfail: str | None = None

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"


def load(path: Path) -> list[Case]:
    cases: list[Case] = []
    blocks = re.split(r"^=== ", path.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    for block in blocks:
        name, _, body = block.partition("\n")
        pieces = re.split(r"^--- ", body, flags=re.MULTILINE)
        text, expected, xfail = pieces[0], [], None
        for piece in pieces[1:]:
            head, _, rest = piece.partition("\n")
            if head.startswith("xfail:"):
                xfail = head.removeprefix("xfail:").strip()
            elif head.startswith("error "):
                expected.append(("error", head.removeprefix("error ").strip()))
            else:
                expected.append((head.strip(), rest.strip()))
        cases.append(Case(path.name, name.strip(), text, tuple(expected), xfail))
    return cases


def all_cases(kind: str) -> list[Case]:
    files = sorted(CORPUS.glob("*.txt"))
    cases = [case for path in files for case in load(path)]
    mistakes = [c for c in cases if any(a == "error" for a, _ in c.expected)]
    return mistakes if kind == "mistakes" else [c for c in cases if c not in mistakes]


def params(kind: str) -> list[object]:
    return [
        pytest.param(case, id=case.id, marks=[pytest.mark.xfail(reason=case.xfail)] if case.xfail else [])
        for case in all_cases(kind)
    ]


@pytest.mark.parametrize("case", params("motions"))
def test_corpus_motion_reads_and_gives_the_expected_edition(case: Case, model: Rulebook) -> None:
    motions = parse_motions(case.text, filename=case.id)
    book, amended = apply_all(model, motions)
    errors = [d for a in amended for d in a.diagnostics if d.severity is Severity.ERROR]
    assert not errors, "\n".join(d.format() for d in errors)
    assert all(a.applied for a in amended)
    for address, text in case.expected:
        assert normalise(book[address].text) == normalise(text), address
    for motion in motions:
        assert "⟦" not in explain(motion)
        again = parse_motions(canonical(motion), filename="canonical")
        assert again == (motion,), canonical(motion)


@pytest.mark.parametrize("case", params("mistakes"))
def test_corpus_mistake_is_our_located_error(case: Case) -> None:
    with pytest.raises(MotionsError) as info:
        parse_motions(case.text, filename=case.id)
    found = [
        (d.code, f"{d.span.line}:{d.span.column}" if d.span else "-") for d in info.value.diagnostics
    ]
    for _, expected in case.expected:
        code, where = expected.split()
        assert (code, where) in found, info.value.format()
    assert "⟦" not in info.value.format()


def test_the_corpus_is_as_large_as_promised() -> None:
    motions = all_cases("motions")
    count = sum(len(parse_motions(c.text)) for c in motions if not c.xfail)
    assert count >= 120
    assert len(all_cases("mistakes")) >= 30
    for path in CORPUS.glob("*.txt"):
        assert "Imitates:" in path.read_text(encoding="utf-8"), f"{path.name} names no public form"
