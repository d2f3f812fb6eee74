"""Fuzzing `motions brief`: its options, and agendas of mutated motion files, through the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_support import CONFERENCE, EXAMPLES, invoke
from fuzz_support import budget, example_texts, mutated
from hypothesis import given
from hypothesis import strategies as st
from known_broken import param

MOTIONS = example_texts("agenda-2026/0*.motion")
VALUES = st.one_of(
    st.sampled_from(("D0001", "D0002", "Bea Quinn", "BEA QUINN", "Forward", "Grassroots", "",
                     " ", "9" * 5000, "../x", "D0001\n", "CV1")),
    st.text(max_size=12),
)  # fmt: skip


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A book with the first delegates of the example conference, and the example agenda."""
    root = tmp_path_factory.mktemp("brief-fuzz")
    book = root / "whip.sqlite"
    assert invoke(["whip", "init", "--book", str(book), "--faction", "Forward"]).exit_code == 0
    delegates = CONFERENCE / "delegates.csv"
    head = root / "delegates.csv"
    head.write_text(
        "".join(delegates.read_text(encoding="utf-8").splitlines(keepends=True)[:30]),
        encoding="utf-8",
    )
    outcome = invoke(
        ["whip", "import", "--book", str(book),
         "--delegations", str(CONFERENCE / "delegations.csv"), "--delegates", str(head),
         "--card-votes", str(CONFERENCE / "card-votes.toml"),
         "--recommendations", str(CONFERENCE / "recommendations-forward.toml")]
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    return {"root": root, "book": book}


@given(
    delegate=VALUES, whip=VALUES,
    fmt=st.sampled_from(("html", "md", "site", "pdf ", "")),
    flags=st.lists(st.sampled_from(("--whips-view", "--partial", "-j", "0", "--decisions",
                                    str(EXAMPLES / "agenda-2026" / "decisions.toml"))),
                   max_size=3),
    agenda_text=st.none() | mutated(MOTIONS),
)  # fmt: skip
@budget(25)
def test_brief_options(
    setting: dict[str, Path], tmp_path_factory: pytest.TempPathFactory, delegate: str,
    whip: str, fmt: str, flags: list[str], agenda_text: str | None,
) -> None:  # fmt: skip
    out = tmp_path_factory.mktemp("sheets")
    agenda = EXAMPLES / "agenda-2026"
    if agenda_text is not None:
        agenda = out.parent / f"{out.name}-agenda"
        shutil.copytree(EXAMPLES / "agenda-2026", agenda)
        (agenda / "01-electronic-card-votes.motion").write_text(agenda_text, encoding="utf-8")
    argv = ["brief", "--book", str(setting["book"]), "--agenda", str(agenda), "--whip", whip,
            "-o", str(out / "sheets"), "--delegate", delegate, "--format", fmt, *flags]  # fmt: skip
    outcome = invoke(argv)
    assert outcome.problem is None, (argv, outcome.problem)
    written = out / "sheets"
    if written.exists():
        for path in written.rglob("*"):
            assert path.resolve().is_relative_to(written.resolve())


@pytest.mark.parametrize("epoch", [param("brief SOURCE_DATE_EPOCH of 30 digits", "9" * 30)])
def test_a_bad_source_date_epoch(setting: dict[str, Path], tmp_path: Path, epoch: str) -> None:
    argv = ["brief", "--book", str(setting["book"]), "--agenda", str(EXAMPLES / "agenda-2026"),
            "--whip", "Forward", "-o", str(tmp_path / "out"), "--delegate", "D0001",
            "--format", "md"]  # fmt: skip
    outcome = invoke(argv, env={"SOURCE_DATE_EPOCH": epoch})
    assert outcome.problem is None and outcome.exit_code in (0, 2), outcome.problem
