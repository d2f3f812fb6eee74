"""The docs runner (the root conftest.py) fails a page that drifts: wrong output, a wrong exit
status, a command that errors; and its `...` marker matches only what it should."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("motions_docs_runner", ROOT / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RUNNER = _runner()


def _example(source: str, cwd: Path) -> SimpleNamespace:
    return SimpleNamespace(parsed=source, namespace={"docs_cwd": str(cwd)}, path="page.md")


@pytest.mark.parametrize(
    ("expected", "output", "matches"),
    [
        (["a", "b"], "a\nb\n", True),
        (["a", "..."], "a\nb\nc\n", True),
        (["a", "...", "c"], "a\nc\n", True),
        (["took ... s"], "took 0.31 s\n", True),
        (["a", "b"], "a\nB\n", False),
        (["a"], "a\nb\n", False),
        (["took ... s"], "took 0.31 ms\n", False),
    ],
)
def test_ellipsis_marks_what_may_vary(expected: list[str], output: str, matches: bool) -> None:
    assert bool(RUNNER._pattern(expected).fullmatch(output)) is matches


def test_a_transcript_that_matches_passes_and_one_that_drifts_fails(tmp_path: Path) -> None:
    good = '$ motions show C1.I.1 --format json | head -2\n{\n  "schema": "motions.provision/1",\n'
    assert RUNNER.evaluate_console(_example(good, tmp_path)) is None
    drifted = good.replace("provision/1", "provision/2")
    failure = RUNNER.evaluate_console(_example(drifted, tmp_path))
    assert failure is not None and '"schema": "motions.provision/1"' in failure


def test_exit_status_is_part_of_the_transcript(tmp_path: Path) -> None:
    assert (
        RUNNER.evaluate_console(_example("$ motions show C99 2>/dev/null\n[exit 2]\n", tmp_path))
        is None
    )
    assert (
        RUNNER.evaluate_console(_example("$ motions show C99 2>/dev/null\n", tmp_path)) is not None
    )


def test_sh_blocks_allow_findings_but_not_errors(tmp_path: Path) -> None:
    assert RUNNER.evaluate_sh(_example("true\nfalse  # status 1: findings\n", tmp_path)) is None
    failure = RUNNER.evaluate_sh(_example("true\nmotions show C99\ntrue\n", tmp_path))
    assert failure is not None and failure.startswith("exit 2")


def test_no_page_cites_a_file_the_repository_does_not_have() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for name in ("DOMAIN.md", "ARCHITECTURE.md", "shared/"):
            assert name not in text, f"{page.name} cites {name}"
        for link in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (page.parent / link).exists(), f"{page.name} links to {link}, which is missing"
