"""Golden tests for the example motions in examples/motions/.

Every `examples/motions/NAME.motion` goes through the drafting pipeline as `motions diff` and
`motions lint` run it: `parse_motions` (with the relative path as the file name, so spans print
`examples/motions/NAME.motion:LINE:COL`), then `apply` of each motion to the embedded model rule
book. Two renderings are compared with files under `tests/golden/motions/`:

- `NAME.redline`: `report_text(amended, colour=False)` of every motion in the file, in order
  (plain marks, `[-deleted-]{+inserted+}`). A file that does not parse has no redline; its
  golden says so in one line.
- `NAME.diagnostics`: one `Diagnostic.format()` per finding, as `motions lint` reports them
  (`lint_findings`: what `apply` found plus the CAC admissibility checks), or the parse error's
  diagnostics when the file does not parse; the single line `clean` when there is nothing.

To regenerate the golden files after a deliberate change, run

    MOTIONS_UPDATE_GOLDEN=1 pytest tests/test_golden_motions.py

which writes them instead of comparing. Then read every changed file as a drafter would (is the
redline right, is each diagnostic at the right line and column, is the hint useful?) before
committing: a golden file that enshrines wrong behaviour is worse than none.

Examples named `broken-*.motion` are deliberately wrong; `EXPECTED_CODES` says which diagnostic
each must produce. Every other example must apply cleanly (warnings allowed, no errors).
Examples blocked by a known bug live in `examples/motions/pending/` and are not tested here.
"""

from __future__ import annotations

import os
import typing
from functools import cache
from pathlib import Path

import pytest

from motions import Rulebook, load_rulebook
from motions.cli.drafting import lint_findings
from motions.drafting.apply import Amended, apply
from motions.drafting.motion import Motion, Operation
from motions.drafting.reader import parse_motions
from motions.errors import Diagnostic, MotionError, Severity
from motions.render.motion import report_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "motions"
GOLDEN = ROOT / "tests" / "golden" / "motions"
UPDATE = os.environ.get("MOTIONS_UPDATE_GOLDEN") == "1"
NAMES = sorted(path.stem for path in EXAMPLES.glob("*.motion"))

#: What each deliberately broken example must be told (any one code of a set will do).
EXPECTED_CODES: dict[str, set[str]] = {
    "broken-words-not-found": {"words-not-found"},
    "broken-words-ambiguous": {"words-ambiguous"},
    "broken-address-absent": {"address-absent"},
    "broken-reads-stale": {"reads-stale"},
    "broken-will-read-mismatch": {"will-read-mismatch"},
    "broken-unclosed-quote": {"unclosed-quote"},
    "broken-no-location": {"cac-no-location", "operation-without-location"},
    "broken-several-subjects": {"cac-several-subjects"},
}


class Outcome(typing.NamedTuple):
    """One example file run through the pipeline."""

    motions: tuple[Motion, ...]
    amended: tuple[Amended, ...]
    findings: tuple[Diagnostic, ...]


@cache
def _book() -> Rulebook:
    return load_rulebook()


@cache
def run(name: str) -> Outcome:
    """Parse and apply `examples/motions/NAME.motion`; a parse error becomes the findings."""
    relative = f"examples/motions/{name}.motion"
    text = (ROOT / relative).read_text(encoding="utf-8")
    try:
        motions = parse_motions(text, filename=relative)
    except MotionError as exc:
        return Outcome((), (), exc.diagnostics)
    amended = tuple(apply(_book(), motion) for motion in motions)
    findings = tuple(d for a in amended for d in lint_findings(a))
    return Outcome(motions, amended, findings)


def render_redline(outcome: Outcome, name: str) -> str:
    if not outcome.motions:
        return f"(no redline: {name}.motion does not parse; see {name}.diagnostics)\n"
    return "\n".join(report_text(a, colour=False) for a in outcome.amended)


def render_diagnostics(outcome: Outcome) -> str:
    if not outcome.findings:
        return "clean\n"
    return "\n".join(d.format() for d in outcome.findings) + "\n"


def check_golden(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run with MOTIONS_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{path.relative_to(ROOT)} differs (MOTIONS_UPDATE_GOLDEN=1 rewrites it)"
    )


def test_examples_exist() -> None:
    assert len(NAMES) >= 18
    for name in EXPECTED_CODES:
        assert name in NAMES, f"examples/motions/{name}.motion is missing"


@pytest.mark.parametrize("name", NAMES)
def test_golden(name: str) -> None:
    outcome = run(name)
    for text in (render_redline(outcome, name), render_diagnostics(outcome)):
        assert str(ROOT) not in text, "outputs must name files by their relative paths"
    check_golden(GOLDEN / f"{name}.redline", render_redline(outcome, name))
    check_golden(GOLDEN / f"{name}.diagnostics", render_diagnostics(outcome))


def test_no_orphan_golden_files() -> None:
    if not GOLDEN.exists():
        pytest.skip("no golden files yet")
    orphans = sorted(p.name for p in GOLDEN.iterdir() if p.stem not in NAMES)
    assert not orphans, f"golden files without an example: {orphans}"


@pytest.mark.parametrize("name", sorted(EXPECTED_CODES))
def test_broken_examples_say_what_is_wrong(name: str) -> None:
    codes = {d.code for d in run(name).findings}
    assert codes & EXPECTED_CODES[name], (
        f"{name}: expected one of {EXPECTED_CODES[name]}, got {codes}"
    )


@pytest.mark.parametrize("name", [n for n in NAMES if not n.startswith("broken-")])
def test_working_examples_apply(name: str) -> None:
    outcome = run(name)
    assert outcome.motions, f"{name} does not parse: {[d.code for d in outcome.findings]}"
    for amended in outcome.amended:
        assert amended.applied, f"{name}: {amended.motion.name} was not applied"
    errors = [d.format() for d in outcome.findings if d.severity is Severity.ERROR]
    assert not errors, "\n".join(errors)


def test_every_operation_type_has_an_example() -> None:
    used = {type(op) for name in NAMES for motion in run(name).motions for op in motion.operations}
    every = set(typing.get_args(Operation))
    assert every, "motions.motion.Operation should be a union of the operation types"
    missing = sorted(t.__name__ for t in every - used)
    assert not missing, f"no example uses {missing}"


def test_agenda_and_package_examples() -> None:
    agenda = run("agenda-candidates").motions
    assert len(agenda) == 3
    assert len({m.header.proposer for m in agenda}) == 3
    (package,) = run("nec-conference-package").motions
    assert package.header.is_nec
    assert package.header.card_vote == "7"
    assert package.header.package
    assert len({op.target.address.truncate(2) for op in package.operations}) >= 3  # type: ignore[union-attr]
