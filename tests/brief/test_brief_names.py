"""File names from delegates' names: safe characters only, inside the folder, never shared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motions.brief.names import MAX_STEM, RESERVED, file_stems, inside, slug

SAFE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bea Quinn", "bea-quinn"),
        ("Siân O'Brien-Évans", "sian-o-brien-evans"),
        ("../../etc/passwd", "etc-passwd"),
        ("..", "delegate"),
        ("/", "delegate"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("  ", "delegate"),
        ("Łukasz Straße", "lukasz-strasse"),
        ("林 美", "delegate"),
        ("NUL", "nul-delegate"),
        ("index", "index-delegate"),
        ("Bea\x00Quinn", "bea-quinn"),
        (".hidden", "hidden"),
    ],
)
def test_slug_keeps_only_safe_characters(name: str, expected: str) -> None:
    assert slug(name) == expected


@given(st.text(max_size=300))
def test_any_name_gives_a_safe_short_stem(name: str) -> None:
    stem = slug(name)
    assert SAFE.match(stem), stem
    assert len(stem) <= MAX_STEM + len("-delegate")
    assert stem not in RESERVED


def test_shared_names_all_get_their_ids() -> None:
    stems = file_stems([("D7", "Bea Quinn"), ("D1", "Bea Quinn"), ("D2", "Ola Smith")])
    assert stems == {"D1": "bea-quinn-d1", "D7": "bea-quinn-d7", "D2": "ola-smith"}


def test_names_differing_only_in_case_or_accents_do_not_share_a_file() -> None:
    stems = file_stems([("D1", "Zoë Adams"), ("D2", "ZOE ADAMS"), ("D3", "zoe adams")])
    assert len(set(stems.values())) == 3
    assert all(s.startswith("zoe-adams-") for s in stems.values())


def test_ids_that_slug_alike_still_get_distinct_files() -> None:
    stems = file_stems([("d-1", "Bea Quinn"), ("D_1", "Bea Quinn"), ("x", "Bea Quinn D 1")])
    assert len(set(stems.values())) == 3, stems


def test_file_stems_do_not_depend_on_order() -> None:
    people = [("D3", "Ann"), ("D1", "Ann"), ("D2", "ann"), ("D4", "Ann D1")]
    assert file_stems(people) == file_stems(list(reversed(people)))


@given(st.lists(st.tuples(st.text(min_size=1, max_size=8), st.text(max_size=20)), max_size=30))
def test_every_person_gets_a_unique_safe_stem(people: list[tuple[str, str]]) -> None:
    unique = dict(people)
    stems = file_stems(unique.items())
    assert set(stems) == set(unique)
    assert len(set(stems.values())) == len(stems)
    assert all(SAFE.match(s) for s in stems.values())


def test_inside_refuses_to_leave_the_folder(tmp_path: Path) -> None:
    assert inside(tmp_path, "delegates/bea.html") == (tmp_path / "delegates/bea.html").resolve()
    for escape in ("../x.html", "delegates/../../x.html", "/etc/passwd"):
        with pytest.raises(ValueError, match="outside"):
            inside(tmp_path, escape)
