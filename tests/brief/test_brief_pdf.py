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
    # Every page's footer names the delegate and says "page i of n", n the real page count.
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {count}" in text, (number, text[-200:])
        assert f"Bea {SCRIPT} Quinn" in text
    # Page 1 is the "how to vote" card, every card vote on it; the details start on page 2.
    card = texts[0]
    assert card.index("Voting weight") < card.index("How to vote") < card.index("CV 1")
    positions = [card.index(f"CV {n} {title}") for n, title in CARD_VOTE_TITLES.items()]
    assert positions == sorted(positions)
    assert "The rule will read:" not in card and "Proposed by" not in card
    details = " ".join(texts[1:])
    assert details.startswith("CV 1 ")
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
