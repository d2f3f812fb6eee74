"""Rendering: escaping, privacy, every card vote present, the site's links, Markdown."""

from __future__ import annotations

import html
import posixpath
import re
import sys
from pathlib import Path

import pytest
from brief_support import CARD_VOTE_TITLES, LONG_WORD, SCRIPT, visible_text

from motions.brief.errors import BriefError
from motions.brief.model import Briefing
from motions.brief.render import files, md_escape, render_sheet, sheet_stems, write

MARKUP_IN_DATA = ("<script", "<b>", "<i>", "</b>", "</i>", "<clp>")


def body_text(page: str) -> str:
    """What a page shows: its body's text, without the style sheet and the tags."""
    return visible_text(re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL))


def read_all(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(briefing: Briefing, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("site")
    write(briefing, folder, "site")
    return read_all(folder)


@pytest.fixture(scope="module")
def whips_site(
    whips_briefing: Briefing, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("whips-site")
    write(whips_briefing, folder, "site")
    return read_all(folder)


@pytest.fixture(scope="module")
def markdown(briefing: Briefing, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("md")
    write(briefing, folder, "md")
    return read_all(folder)


def test_site_layout(site: dict[str, str], briefing: Briefing) -> None:
    stems = sheet_stems(briefing)
    expected = {"index.html"}
    expected |= {f"delegates/{stem}.html" for stem in stems.values()}
    expected |= {f"card-votes/cv{n}.html" for n in (1, 2, 3, 4)}
    assert set(site) == expected
    assert stems["D1"] == "bea-script-alert-1-script-quinn"
    assert {stems["D6"], stems["D7"]} == {"bea-quinn-d6", "bea-quinn-d7"}


def test_html_shows_every_markup_in_the_data_as_text(
    site: dict[str, str], whips_site: dict[str, str]
) -> None:
    for pages in (site, whips_site):
        for name, page in pages.items():
            lowered = page.lower()
            for markup in MARKUP_IN_DATA:
                assert markup not in lowered, (name, markup)
    bea = whips_site["delegates/bea-script-alert-1-script-quinn.html"]
    assert html.escape(f"Bea {SCRIPT} Quinn", quote=False) in bea
    assert "Fernton &lt;b&gt;East&lt;/b&gt;" in bea
    assert "agreed at the &lt;i&gt;GC&lt;/i&gt; in June" in bea
    assert "whip note &lt;script&gt;x&lt;/script&gt; about Bea" in bea
    assert "Gives members a &lt;b&gt;real&lt;/b&gt; choice." in bea
    assert "Badly drafted &amp; vague." in bea
    assert html.escape(f"{SCRIPT} Harassment online", quote=False) in bea
    assert "Saltbridge &lt;CLP&gt;" in bea


def test_pages_are_self_contained(site: dict[str, str]) -> None:
    for name, page in site.items():
        assert "<link" not in page and "src=" not in page and "@import" not in page, name
        assert "<style>" in page and '<meta name="viewport"' in page, name
        hrefs = re.findall(r'href="([^"]+)"', page)
        assert all(not h.startswith(("http:", "https:", "//")) for h in hrefs), name


def test_every_card_vote_is_on_every_page_that_lists_them(site: dict[str, str]) -> None:
    for name, page in site.items():
        if name.startswith("card-votes/"):
            continue
        numbers = [int(n) for n in re.findall(r'<article class="cv" id="cv(\d+)"', page)]
        assert numbers == [1, 2, 3, 4], name
        for number, title in CARD_VOTE_TITLES.items():
            assert html.escape(title, quote=False) in page, (name, number)


def test_site_links_all_resolve(site: dict[str, str]) -> None:
    for name, page in site.items():
        for href in re.findall(r'href="([^"]+)"', page):
            path, _, fragment = href.partition("#")
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            )
            assert target in site, (name, href)
            if fragment:
                assert f'id="{fragment}"' in site[target], (name, href)


def test_a_delegates_details_are_only_on_their_own_sheet(
    site: dict[str, str], whips_site: dict[str, str], briefing: Briefing
) -> None:
    stems = sheet_stems(briefing)
    members = {"CLP1": {"D1", "D2"}, "CLP2": {"D3", "D4"}, "CLP3": {"D6"}, "CLP4": {"D7"}}
    clp_names = {"CLP1": "Fernton &lt;b&gt;East&lt;/b&gt;", "CLP2": "Wyeford"}
    for pages in (site, whips_site):
        for sheet in briefing.sheets:
            own = f"delegates/{stems[sheet.delegate.id]}.html"
            name = html.escape(sheet.delegate.name, quote=False)
            for page_name, page in pages.items():
                if page_name in (own, "index.html") or sheet.delegate.name == "Bea Quinn":
                    continue
                assert name not in page, (sheet.delegate.id, page_name)
        for clp, text in clp_names.items():
            allowed = {f"delegates/{stems[i]}.html" for i in members[clp]}
            for page_name, page in pages.items():
                if page_name not in allowed:
                    assert text not in page, (clp, page_name)
        for page_name, page in pages.items():
            if page_name != f"delegates/{stems['D1']}.html":
                assert "about Bea" not in page, page_name
            if not page_name.startswith("delegates/"):
                text = body_text(page)
                assert "votes," not in text and "your clp" not in text.lower(), page_name
    assert "about Bea" not in "".join(site.values())  # pledges are for the whips' view only


def test_the_index_names_delegates_and_nothing_else_about_them(site: dict[str, str]) -> None:
    index = site["index.html"]
    assert "Dev Patel" in index and "Cara Davies" in index
    assert "Eve Lloyd" not in index  # not attending: no sheet
    assert "Delegate qualifying period" in index  # the motion with no card vote
    assert "Wyeford" not in index and "Fernton &lt;b&gt;" not in index


def test_card_vote_pages_have_the_full_redline(site: dict[str, str], briefing: Briefing) -> None:
    page = site["card-votes/cv2.html"]
    assert LONG_WORD in page
    redline = briefing.card_votes[1].motions[0].changes[0].redline
    for segment in redline.segments:
        assert html.escape(segment.text, quote=False) in page


def test_mandate_and_clash_are_on_the_sheet(site: dict[str, str], briefing: Briefing) -> None:
    bea = site[f"delegates/{sheet_stems(briefing)['D1']}.html"]
    assert "Your CLP's mandate: vote FOR." in bea
    assert "Clash: <bdi>Fernton &lt;b&gt;East&lt;/b&gt; mandates you to vote for" in bea
    assert 'class="mandate mandate--clash"' in bea
    dev = site[f"delegates/{sheet_stems(briefing)['D4']}.html"]
    assert "Your weight on this card vote: <strong>600 votes</strong>" in dev
    assert "Clash:" not in dev


def test_collisions_are_on_the_card_vote(site: dict[str, str]) -> None:
    cv1 = site["card-votes/cv1.html"]
    assert "code--collision" in cv1 and "they cannot both pass" in cv1


def test_whips_view_adds_tallies(whips_site: dict[str, str], site: dict[str, str]) -> None:
    assert whips_site["index.html"].count('<table class="tally">') == 4
    assert '<table class="tally">' not in site["index.html"]
    assert "Projected tally" in whips_site["card-votes/cv1.html"]


def test_markdown_escapes_and_keeps_every_card_vote(
    markdown: dict[str, str], briefing: Briefing
) -> None:
    stems = sheet_stems(briefing)
    assert set(markdown) == {"index.md"} | {f"{s}.md" for s in stems.values()}
    for name, text in markdown.items():
        lowered = text.lower()
        for markup in MARKUP_IN_DATA:
            assert markup not in lowered, (name, markup)
    bea = markdown[f"{stems['D1']}.md"]
    assert bea.startswith("# Bea &lt;script&gt;alert(1)&lt;/script&gt; Quinn\n")
    assert "Fernton &lt;b&gt;East&lt;/b&gt;" in bea
    assert "> at least ~~20~~**10** per cent of the Commons" in bea
    for number in (1, 2, 3, 4):
        assert sum(1 for line in bea.splitlines() if line.startswith(f"## CV {number}: ")) == 1
    assert "- [Dev Patel](dev-patel.md)" in markdown["index.md"]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>", "&lt;script&gt;"),
        ("a *b* _c_", r"a \*b\* \_c\_"),
        ("[x](http://y)", r"\[x\](http://y)"),
        ("1. not a list", r"1\. not a list"),
        ("- not a bullet", r"\- not a bullet"),
        ("# not a heading", r"\# not a heading"),
        ("&amp; stays text", "&amp;amp; stays text"),
        ("R&D", "R&D"),
        ("a | b ~~c~~ `d`", r"a \| b \~\~c\~\~ \`d\`"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_sheets_render_alone_too(briefing: Briefing) -> None:
    sheet = briefing.sheets[0]
    page = render_sheet(briefing, sheet, "html")
    assert page.startswith("<!doctype html>") and "All card votes" not in page
    assert render_sheet(briefing, sheet, "md").startswith(f"# {md_escape(sheet.delegate.name)}\n")


def test_an_unknown_format_is_an_error(briefing: Briefing) -> None:
    with pytest.raises(BriefError, match="not a briefing format"):
        files(briefing, "docx")


def test_pdf_without_weasyprint_is_one_clear_error(
    briefing: Briefing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(BriefError) as caught:
        files(briefing, "pdf")
    assert caught.value.first.code == "brief.no-weasyprint"
    assert "pip install 'motions[pdf]'" in (caught.value.first.hint or "")
