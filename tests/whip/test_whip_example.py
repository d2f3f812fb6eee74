"""The example conference is generated deterministically and the committed files match."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from whip_support import EXAMPLE


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("whip_example_generate", EXAMPLE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_files_are_what_the_seed_generates() -> None:
    files = _generator().generate(2026)
    for name, text in files.items():
        assert (EXAMPLE / name).read_text(encoding="utf-8") == text, name


def test_the_example_is_small_and_the_right_size() -> None:
    files = _generator().generate(2026)
    assert sum(len(t.encode()) for t in files.values()) < 1_000_000
    assert files["delegates.csv"].count("\n") == 1300 + 1
    assert files["delegations.csv"].count(",clp,") == 650
    assert files["delegations.csv"].count(",affiliate,") == 12
    assert files["card-votes.toml"].count("[[card_vote]]") == 27
    assert _generator().generate(7) != files
