"""What the fuzz tests share: mutated example files, the verdict, the time bound, the budget.

Every boundary takes random text and example files mutated the ways files really go wrong
(cut short, lines lost or doubled, bytes of another script, numbers of 5,000 digits, a quote
left open), and must answer with our error family or a result: never another exception, and
never more than TIME_BOUND seconds of this thread's CPU for an input under 10 KB.

The bound leaves out the cyclic garbage collector's pauses: a full collection scans every
object the test process holds (in a whole-suite run, the rule books, memos and results of
every test before), so its cost says nothing about the input. A whole-suite run under load once
failed a fuzz example at 1.86 s that took milliseconds alone.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from motions.errors import MotionsError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
#: The issue's bound: no input under 10 KB takes longer than this (CPU seconds of the thread,
#: so a machine busy with other work does not make it flaky).
TIME_BOUND = 0.5
SMALL = 10 * 1024

T = TypeVar("T")


def budget(examples: int) -> settings:
    """Settings for one fuzz test: `examples` in a normal run, scaled up with the `fuzz`
    profile (`pytest --hypothesis-profile=fuzz`, see docs/testing.md); no per-example deadline,
    the time bound is checked by `within_bounds` instead."""
    scale = max(1, settings.default.max_examples // 100)
    return settings(
        max_examples=examples * scale,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


class _CollectorPauses:
    """A `gc.callbacks` entry adding up this thread's CPU inside the collector's passes."""

    def __init__(self) -> None:
        self.total = 0.0
        self._began = 0.0

    def __call__(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._began = time.thread_time()
        else:
            self.total += time.thread_time() - self._began


def within_bounds(run: Callable[[], T], size: int, inputs: int = 1) -> T | MotionsError:
    """Run `run`: its result, or the MotionsError it raised; any other exception propagates
    (the test fails); `inputs` inputs of under 10 KB in all must finish inside TIME_BOUND each
    (an agenda of four motion files is four inputs)."""
    pauses = _CollectorPauses()
    gc.callbacks.append(pauses)
    started = time.thread_time()
    try:
        outcome: T | MotionsError = run()
    except MotionsError as exc:
        outcome = exc
    finally:
        gc.callbacks.remove(pauses)
    spent = time.thread_time() - started - pauses.total
    if size < SMALL:
        assert spent < TIME_BOUND * inputs, f"{spent:.2f} s of CPU for {size} characters"
    return outcome


def example_texts(*patterns: str, limit: int = 6000) -> tuple[str, ...]:
    """The texts of example files matching `patterns` (globs under examples/), each cut to its
    first `limit` characters at a line end, so mutated files stay under the 10 KB bound."""
    texts = []
    for pattern in patterns:
        for path in sorted(EXAMPLES.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            if len(text) > limit:
                text = text[: text.rfind("\n", 0, limit) + 1]
            texts.append(text)
    assert texts, f"no examples match {patterns}"
    return tuple(texts)


#: Pieces a mutation splices in: other scripts' digits, huge numbers, quotes, markers, controls.
NASTY = (
    "9" * 5000, "1__0", "１２", "٣", "²", "MMMM", "IIII", "4000", "\u202e", "\x00", "\ufeff",
    "‘", "’", "“", "”", "'", '"', "⟦0⟧", "(page 99999999999999999999)", "[page 0]", "Clause ",
    "Chapter 9 (A) ", "\t", "\r\n", "\\", "#", ",", ";", "CV", "CV9223372036854775808",
    "-1", "1e999", "nan", "inf", "Béa Quinn", "ǅ", "ﬁ", "\u0301", "\U0001f600",
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, texts: tuple[str, ...]) -> str:
    """One of `texts` with one to six mutations applied."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 6))):
        lines = text.splitlines(keepends=True) or [""]
        kind = draw(st.sampled_from(
            ("cut", "drop-line", "double-line", "swap-lines", "splice", "splice-random",
             "replace-number", "delete-span")
        ))  # fmt: skip
        at = draw(st.integers(0, len(text)))
        line = draw(st.integers(0, len(lines) - 1))
        if kind == "cut":
            text = text[:at]
        elif kind == "drop-line":
            text = "".join(lines[:line] + lines[line + 1 :])
        elif kind == "double-line":
            text = "".join(lines[: line + 1] + lines[line:])
        elif kind == "swap-lines":
            other = draw(st.integers(0, len(lines) - 1))
            lines[line], lines[other] = lines[other], lines[line]
            text = "".join(lines)
        elif kind == "splice":
            text = text[:at] + draw(st.sampled_from(NASTY)) + text[at:]
        elif kind == "splice-random":
            text = text[:at] + draw(st.text(max_size=12)) + text[at:]
        elif kind == "replace-number":
            digits = [i for i, ch in enumerate(text) if ch.isdigit()]
            if digits:
                i = draw(st.sampled_from(digits))
                text = text[:i] + draw(st.sampled_from(NASTY[:8])) + text[i + 1 :]
        else:
            end = min(len(text), at + draw(st.integers(1, 200)))
            text = text[:at] + text[end:]
    return text


def inputs(texts: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Random text and mutated examples, the latter more often."""
    return st.one_of(st.text(max_size=300), mutated(texts), mutated(texts))
