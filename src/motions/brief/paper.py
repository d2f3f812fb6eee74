"""PDF sheets: WeasyPrint lays out the print stylesheet; a sheet is its card, then details.

Laying out a sheet of 60 card votes (30-odd A4 pages of redlines) takes WeasyPrint seconds,
and for most delegates those pages are the same: only delegates whose CLP has a mandate, or
whose weight differs on some card vote, read anything of their own in the details. So a PDF
sheet is made of two documents: the delegate's "how to vote" card (a page or two, laid out for
each sheet), and the card votes in detail, laid out once for every group of sheets whose
details read alike (`details_key`) and joined to each card with pypdf.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Hashable
from typing import Any

from motions.brief.errors import BriefError
from motions.brief.model import Sheet
from motions.errors import error


def _load(module: str, why: str) -> Any:
    try:
        return importlib.import_module(module)
    except (ImportError, OSError) as exc:
        raise BriefError(
            error(
                "brief.no-weasyprint" if module == "weasyprint" else "brief.no-pypdf",
                f"PDF output needs {why}, which cannot be loaded ({exc})",
                hint="pip install 'motions[pdf]' (WeasyPrint and pypdf; on Debian WeasyPrint "
                "also needs apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)",
            )
        ) from None


def check_pdf_tools() -> None:
    """Fail before any work, not after the first sheet, if PDFs cannot be made."""
    _load("weasyprint", "WeasyPrint")
    _load("pypdf", "pypdf")


def pdf(html: str) -> bytes:
    """An A4 PDF of an HTML page, laid out by its print stylesheet."""
    weasyprint = _load("weasyprint", "WeasyPrint")
    data = weasyprint.HTML(string=html).write_pdf()
    assert isinstance(data, bytes)
    return data


def join(*documents: bytes) -> bytes:
    """One PDF of the pages of each document in turn."""
    pypdf = _load("pypdf", "pypdf")
    writer = pypdf.PdfWriter()
    for document in documents:
        writer.append(io.BytesIO(document))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def details_key(sheet: Sheet) -> Hashable:
    """What a sheet's details say that is its own: sheets with equal keys share their details.

    Mirrors what the sheet template prints per card vote: the mandate, its note and any clash,
    the delegate's weight where it differs from their usual weight, and (whips' view) the
    pledge."""
    usual = sheet.delegate.votes if sheet.delegate.attending else None
    return (
        sheet.whips_view,
        tuple(
            (
                item.mandate,
                item.mandate_note,
                item.clash,
                item.weight if usual is not None and item.weight != usual else None,
                item.pledge,
            )
            for item in sheet.items
        ),
    )


class SharedDetails:
    """The details PDF for each `details_key`, laid out the first time it is asked for."""

    def __init__(self, html_of: Callable[[Sheet], str]) -> None:
        self.html_of = html_of
        self.made: dict[Hashable, bytes] = {}

    def of(self, sheet: Sheet) -> bytes:
        key = details_key(sheet)
        if key not in self.made:
            self.made[key] = pdf(self.html_of(sheet))
        return self.made[key]
