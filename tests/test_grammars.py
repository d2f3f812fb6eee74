"""The grammars' parsers are cached between runs, and the cache never breaks a run.

Each case points MOTIONS_CACHE_DIR (or XDG_CACHE_HOME) somewhere of its own and clears the
in-process memo, so `grammar_parser` goes to the disk as a fresh process would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import lark
import pytest

from motions import grammars
from motions.grammars import cache_file, grammar_parser
from motions.resources import read_text

NAME = "address.lark"
SAMPLE = "Chapter 4, Clause II, rule 2.B.i"


@pytest.fixture(autouse=True)
def fresh_memo() -> Iterator[None]:
    grammar_parser.cache_clear()
    yield
    grammar_parser.cache_clear()


def _reference_tree() -> lark.Tree[lark.Token]:
    return grammars.build(read_text("grammar", NAME)).parse(SAMPLE)


def _builds_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    built: list[str] = []
    real_build = grammars.build

    def counting(grammar: str, **options: grammars.Option) -> lark.Lark:
        built.append(grammar)
        return real_build(grammar, **options)

    monkeypatch.setattr(grammars, "build", counting)
    return built


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def test_first_use_writes_the_cache_and_the_next_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOTIONS_CACHE_DIR", str(tmp_path / "new" / "dir"))
    built = _builds_counted(monkeypatch)
    expected = _reference_tree()
    built.clear()

    first = grammar_parser(NAME)
    path = cache_file(NAME, read_text("grammar", NAME))
    assert path is not None and path.is_file() and path.parent == tmp_path / "new" / "dir"
    assert len(built) == 1
    grammar_parser.cache_clear()

    second = grammar_parser(NAME)
    assert len(built) == 1, "the second run built the tables again instead of reading them"
    assert second is not first
    assert first.parse(SAMPLE) == second.parse(SAMPLE) == expected
    assert _leftovers(path.parent) == []


def test_xdg_cache_home_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("XDG_CACHE_HOME is the cache of Unix desktops")
    monkeypatch.delenv("MOTIONS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    grammar_parser(NAME)
    assert [p.suffix for p in (tmp_path / "motions").iterdir()] == [".lark-cache"]


def test_the_key_follows_the_grammar_and_lark(monkeypatch: pytest.MonkeyPatch) -> None:
    grammar = read_text("grammar", NAME)
    key = grammars.cache_key(grammar)
    assert grammars.cache_key(grammar + "\n// changed\n") != key
    monkeypatch.setattr(lark, "__version__", "0.0.1")
    assert grammars.cache_key(grammar) != key


def test_options_are_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTIONS_CACHE_DIR", str(tmp_path))
    plain = grammar_parser(NAME)
    positioned = grammar_parser(NAME, propagate_positions=True)
    assert positioned.options.propagate_positions and not plain.options.propagate_positions
    assert len(list(tmp_path.iterdir())) == 2
    grammar_parser.cache_clear()
    assert grammar_parser(NAME, propagate_positions=True).options.propagate_positions


def test_an_empty_override_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTIONS_CACHE_DIR", "")
    assert cache_file(NAME, "grammar") is None
    assert grammar_parser(NAME).parse(SAMPLE) == _reference_tree()


def test_a_directory_that_cannot_be_made_means_building_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MOTIONS_CACHE_DIR", str(blocker / "cache"))
    built = _builds_counted(monkeypatch)
    assert grammar_parser(NAME).parse(SAMPLE) == _reference_tree()
    assert blocker.read_text() == "not a directory"
    assert len(built) == 2  # ours and the reference: nothing could be read


def test_a_read_only_directory_means_building_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    directory.chmod(0o555)
    monkeypatch.setenv("MOTIONS_CACHE_DIR", str(directory))
    try:
        assert grammar_parser(NAME).parse(SAMPLE) == _reference_tree()
        if not os.access(directory, os.W_OK):  # root may write anyway
            assert list(directory.iterdir()) == []
    finally:
        directory.chmod(0o755)


def test_a_damaged_file_is_rebuilt_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOTIONS_CACHE_DIR", str(tmp_path))
    path = cache_file(NAME, read_text("grammar", NAME))
    assert path is not None
    built = _builds_counted(monkeypatch)
    expected = _reference_tree()
    for damage in (b"", b"not a pickle at all", b"\x80\x05\x95garbage"):
        path.write_bytes(damage)
        grammar_parser.cache_clear()
        before = len(built)
        assert grammar_parser(NAME).parse(SAMPLE) == expected
        assert len(built) == before + 1
        assert path.read_bytes() != damage
        grammar_parser.cache_clear()
        grammar_parser(NAME)
        assert len(built) == before + 1, "the replaced file is read on the next run"


_RACE = """
import sys
from motions.grammars import grammar_parser
print(grammar_parser("address.lark").parse(sys.argv[1]).pretty())
"""


@pytest.mark.slow
def test_processes_sharing_one_empty_cache(tmp_path: Path) -> None:
    env = {**os.environ, "MOTIONS_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACE, SAMPLE], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outputs = [run.communicate()[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert outputs == [_reference_tree().pretty() + "\n"] * 4
    assert [p.suffix for p in tmp_path.iterdir()] == [".lark-cache"]
