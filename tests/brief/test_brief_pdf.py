"""PDF sheets (WeasyPrint, from the same HTML), read back with a PDF reader (pypdf).

Outside CI a machine without WeasyPrint or pypdf skips these tests; with CI=true it fails them.
"""

from __future__ import annotations

import importlib
import io
import re
from pathlib import Path
from typing import Any

import pytest
from brief_support import CARD_VOTE_TITLES, SCRIPT, need_tool, weasyprint_available

from motions.book.rulebook import Rulebook
from motions.brief.agenda import AgendaMotion
from motions.brief.build import build_sheets
from motions.brief.findings import ConflictNote
from motions.brief.render import files, write
from motions.whip import Conference

A4 = (595.28, 841.89)  # points


def pypdf() -> Any:
    try:
        return importlib.import_module("pypdf")
    except ImportError:
        return None


@pytest.fixture(scope="module")
def reader() -> Any:
    need_tool(weasyprint_available(), "WeasyPrint (pip install weasyprint)")
    module = pypdf()
    need_tool(module is not None, "pypdf (pip install pypdf)")
    return module


def pages_text(reader: Any, data: bytes) -> list[str]:
    document = reader.PdfReader(io.BytesIO(data))
    for page in document.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (round(A4[0]), round(A4[1]))
    return [" ".join(page.extract_text().split()) for page in document.pages]


@pytest.mark.slow
def test_a_sheet_as_pdf(
    reader: Any,
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    findings: tuple[ConflictNote, ...],
) -> None:
    briefing = build_sheets(conference, agenda, model, findings, whip="Forward", delegates=["D1"])
    (sheet,) = files(briefing, "pdf", index=False)
    assert sheet.path == "bea-script-alert-1-script-quinn.pdf"
    data = sheet.make()
    assert data.startswith(b"%PDF-")
    texts = pages_text(reader, data)
    count = len(texts)
    assert 2 <= count <= 6, count  # four card votes with their redlines on A4
    # The card (one page here) names the delegate in its footer; the details shared by sheets
    # alike say what they are. The parts are laid out apart, and the joined file numbered as
    # one: "page i of n" over all its pages.
    assert f"Bea {SCRIPT} Quinn" in texts[0]
    for number, text in enumerate(texts, start=1):
        assert text.count(f"page {number} of {count}") == 1, (number, text[-200:])
    for text in texts[1:]:
        assert "Forward briefing: the card votes in detail" in text
    # Page 1 is the "how to vote" card, every card vote on it; the details start on page 2.
    card = texts[0]
    assert card.index("Voting weight") < card.index("How to vote") < card.index("CV 1")
    positions = [card.index(f"CV {n} {title}") for n, title in CARD_VOTE_TITLES.items()]
    assert positions == sorted(positions)
    assert "The rule will read:" not in card and "Proposed by" not in card
    details = " ".join(texts[1:])
    assert details.startswith("Forward briefing: the card votes in detail CV 1 ")
    positions = [details.index(f"CV {n} {title}") for n, title in CARD_VOTE_TITLES.items()]
    assert positions == sorted(positions)
    assert "Clash: Fernton <b>East</b> mandates you to vote for" in details
    assert "The rule will read:" in details


@pytest.mark.slow
def test_pdf_batch_writes_sheets_and_an_index(
    reader: Any,
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    tmp_path: Path,
) -> None:
    briefing = build_sheets(conference, agenda, model, whip="Forward", delegates=["D4", "D8"])
    written = write(briefing, tmp_path, "pdf", jobs=2)  # two worker processes
    assert sorted(p.name for p in written) == ["dev-patel.pdf", "finn-walsh.pdf", "index.pdf"]
    index = " ".join(pages_text(reader, (tmp_path / "index.pdf").read_bytes()))
    for number, title in CARD_VOTE_TITLES.items():
        assert f"CV {number} {title}" in index
    assert re.search(r"Dev Patel.*Finn Walsh", index)
    finn = " ".join(pages_text(reader, (tmp_path / "finn-walsh.pdf").read_bytes()))
    assert "votes as one bloc: 410,000 votes" in finn


@pytest.mark.slow
def test_sheets_alike_share_their_details_and_others_do_not(
    reader: Any,
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from motions.brief import paper

    laid_out: list[str] = []
    real_pdf = paper.pdf

    def counting(html: str) -> bytes:
        if "<title>page numbers</title>" in html:
            laid_out.append("page numbers")
        else:
            laid_out.append("details" if "the card votes in detail" in html else "card")
        return real_pdf(html)

    monkeypatch.setattr("motions.brief.render.pdf", counting)
    monkeypatch.setattr("motions.brief.paper.pdf", counting)
    monkeypatch.setenv("MOTIONS_CACHE_DIR", str(tmp_path / "cache"))  # nothing laid out yet
    # Cara Davies and Ola Smith: no mandate, same weight throughout; Bea (D1): Fernton's
    # mandate on CV 1 (a clash), so her details are her own.
    briefing = build_sheets(conference, agenda, model, whip="Forward", delegates=["D3", "D2", "D1"])
    write(briefing, tmp_path, "pdf", index=False)
    assert laid_out.count("card") == 3 and laid_out.count("details") == 2
    # "page i of n" once for the files of each length (shared, as the details are)
    lengths = {len(reader.PdfReader(path).pages) for path in tmp_path.glob("*.pdf")}
    assert laid_out.count("page numbers") == len(lengths)
    bea = " ".join(
        pages_text(reader, (tmp_path / "bea-script-alert-1-script-quinn.pdf").read_bytes())
    )
    cara = " ".join(pages_text(reader, (tmp_path / "cara-davies.pdf").read_bytes()))
    assert "Clash: Fernton <b>East</b>" in bea and "Clash:" not in cara
    assert "Cara Davies" in cara and "Bea" not in cara


#: The details' own footer and the page number laid over it, as a page's text ends.
DETAILS_FOOTER = re.compile(r"Forward briefing: the card votes in detail page \d+ of \d+")


@pytest.mark.slow
def test_details_laid_out_in_pieces_read_as_one_document(
    reader: Any,
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The small conference has four card votes: cut from two on, as a conference of 8 or more.
    monkeypatch.setenv("MOTIONS_CACHE_DIR", "")
    briefing = build_sheets(conference, agenda, model, whip="Forward", delegates=["D1"])
    (whole,) = files(briefing, "pdf", index=False)
    assert whole.parts is not None and [p.shared for p in whole.parts()] == [False, True]
    before = pages_text(reader, whole.make())
    monkeypatch.setattr("motions.brief.render.PIECES_FROM", 2)
    (cut,) = files(briefing, "pdf", index=False)
    assert cut.parts is not None
    card, *pieces = cut.parts()
    assert len(pieces) == 2 and not card.shared and all(p.shared for p in pieces)
    first, last = pieces[0], pieces[-1]
    # the heading opens the first piece; the last card vote, the ballots, the footer: the last
    assert all(('class="details-title"' in p.html) == (p is first) for p in pieces)
    assert all(('id="cv4"' in p.html) == (p is last) for p in pieces)
    assert all(("Arrangements Committee" in p.html) == (p is last) for p in pieces)
    # laid out by the worker started early and a fork of it at once, as `motions brief` does
    from motions.brief import paper

    assert paper.start_worker(2)
    texts = pages_text(
        reader, write(briefing, tmp_path, "pdf", index=False, jobs=2)[0].read_bytes()
    )
    assert paper.take_worker() is None  # the run took it
    count = len(texts)
    for number, text in enumerate(texts, start=1):
        assert text.count(f"page {number} of {count}") == 1, (number, text[-200:])
    for text in texts[1:]:
        assert DETAILS_FOOTER.search(text), text[-200:]  # on every piece's pages
    assert texts[0] == before[0]
    assert DETAILS_FOOTER.sub("", " ".join(texts[1:])).split() == (
        DETAILS_FOOTER.sub("", " ".join(before[1:])).split()
    )


@pytest.mark.slow
def test_a_hostile_faction_name_in_the_details_footer_stays_text(
    reader: Any,
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import attrs

    monkeypatch.setenv("MOTIONS_CACHE_DIR", "")
    briefing = build_sheets(conference, agenda, model, whip="Forward", delegates=["D1"])
    hostile = 'F"}</style><script>x()</script>\\ \u202e'
    (sheet,) = files(attrs.evolve(briefing, whip=hostile), "pdf", index=False)
    assert sheet.parts is not None
    details = sheet.parts()[1].html
    style = details[details.index("<style>") : details.index("</style>")]
    assert "<script" not in style and '"}' not in style and "\u202e" not in style
    last = pages_text(reader, sheet.make())[-1]
    assert 'F"}</style><script>x()</script>\\ briefing: the card votes in detail' in last


@pytest.mark.slow
def test_the_print_stylesheet_lays_out_the_same_pdf(
    reader: Any,
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    findings: tuple[ConflictNote, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from motions.brief import paper

    # a sheet with a mandate clash, and the index: every colour and rule of the stylesheet
    briefing = build_sheets(conference, agenda, model, findings, whip="Forward")
    sheet, *_, index = files(briefing, "pdf")
    assert sheet.parts is not None and index.parts is not None
    pages = [part.html for part in (*sheet.parts(), *index.parts())]
    style = paper.for_layout(pages[1])
    style = style[style.index("<style>") : style.index("</style>")]
    assert "var(" not in style and "*::before" not in style and "#000" in style
    rewritten = [paper.pdf(html) for html in pages]
    monkeypatch.setattr(paper, "print_style", lambda style: style)
    assert "var(--ink)" in paper.for_layout(pages[1])
    assert [paper.pdf(html) for html in pages] == rewritten  # byte for byte


@pytest.mark.slow
def test_user_text_is_isolated_in_the_pdf_by_unicode_isolates(reader: Any) -> None:
    from motions.brief import paper

    hebrew = "\u05e9\u05dc\u05d5\u05dd!"  # a right-to-left name ending in "!"
    page = f"<p>Proposed by <bdi>{hebrew}</bdi> and <bdi>Bea &lt;bdi&gt;</bdi>.</p>"
    laid = paper.for_layout(page)
    assert "<bdi>" not in laid and "&lt;bdi&gt;" in laid  # user text stays text
    assert laid.count("\u2068") == laid.count("\u2069") == 2
    (text,) = pages_text(reader, paper.pdf(page))
    assert "\u2068" not in text and "\u2069" not in text and "Bea <bdi>" in text
    # isolated, the "!" stays with the name: shown on its left, so it is drawn (and read back)
    # before the Hebrew letters; laid out as a box of its own it was drawn after them
    assert "!" + hebrew[:-1] in text, text
