"""One TOML reader for every wing: each way `tomllib` can fail comes out as a `TomlProblem`."""

from __future__ import annotations

import pytest

from motions.tomltext import TomlProblem, load_toml


def test_a_document_reads() -> None:
    assert load_toml('a = 1\n[[b]]\nc = "d"\n') == {"a": 1, "b": [{"c": "d"}]}


def test_bad_syntax_keeps_its_place() -> None:
    with pytest.raises(TomlProblem) as caught:
        load_toml("a = 1\nb = \n")
    assert (caught.value.line, caught.value.column) == (2, 5)
    assert "at line 2, column 5" in str(caught.value) and "line" not in caught.value.bare


@pytest.mark.parametrize(
    "text, words",
    [
        ("n = " + "9" * 5000, "too many digits"),  # tomllib raises a plain ValueError here
        ("a = " + "[" * 5000 + "]" * 5000, "nested too deeply"),  # and RecursionError here
    ],
)
def test_the_failures_tomllib_does_not_call_decode_errors(text: str, words: str) -> None:
    with pytest.raises(TomlProblem, match=words):
        load_toml(text)
