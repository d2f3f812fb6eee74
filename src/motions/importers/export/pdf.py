"""A `Rulebook` printed as the party prints its book: an A5 PDF made with WeasyPrint.

The layout follows the real book's: a cover with the title and edition; a contents list in two
columns with page numbers (numbered in lower roman); then the chapters, each from a new page,
with running headers (the book's title on left-hand pages, the chapter on right-hand pages),
page numbers in the outer corner of the footer counting from 1 at Chapter 1, justified and
hyphenated text, and every numbered provision with its label hanging in the margin.

`export_pdf` also says where each provision was printed (`PdfLayout.pages`), read from the
laid-out pages, so a test can check that an importer puts every provision on the right page.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

from motions.book.address import Address
from motions.book.rulebook import Provision, Rulebook
from motions.importers.deps import require


@attrs.frozen
class PdfLayout:
    """What `export_pdf` made: the file, its page count, and the printed page per provision."""

    path: Path
    page_count: int
    front_pages: int
    pages: Mapping[Address, int]


_CSS = """
@page {
  size: A5;
  margin: 17mm 13mm 16mm 13mm;
  @bottom-left { content: none; }
  @bottom-right { content: none; }
}
@page :left {
  @top-left { content: "%(running)s"; font-size: 0.85em; font-style: italic; }
  @bottom-left { content: counter(page); font-size: 0.9em; }
}
@page :right {
  @top-right { content: string(chapter); font-size: 0.85em; font-style: italic; }
  @bottom-right { content: counter(page); font-size: 0.9em; }
}
@page cover {
  @top-left { content: none; } @top-right { content: none; }
  @bottom-left { content: none; } @bottom-right { content: none; }
}
@page contents { @top-left { content: none; } @top-right { content: none; } }
@page contents:left { @bottom-left { content: counter(page, lower-roman); font-size: 8pt; } }
@page contents:right { @bottom-right { content: counter(page, lower-roman); font-size: 8pt; } }
@page bodystart { counter-reset: page 1; }
html { font-family: "DejaVu Serif", serif; font-size: %(size)spt; line-height: 1.28; }
body { margin: 0; }
.cover { page: cover; text-align: center; padding-top: 45mm; }
.cover p { hyphens: manual; text-align: center; }
.cover .title { font-size: 24pt; font-weight: bold; margin: 0 0 8mm 0; }
.cover .edition { font-size: 14pt; margin: 0; }
.contents { page: contents; break-before: page; }
.contents .heading { font-size: 13pt; font-weight: bold; margin: 0 0 4mm 0; }
.toc { columns: 2; column-gap: 6mm; font-size: 7pt; line-height: 1.2; }
.toc p { margin: 0 0 1.2mm 0; hyphens: manual; text-align: left; }
.toc p.t2 { padding-left: 3mm; }
.toc a { color: black; text-decoration: none; }
.toc a::after { content: " " target-counter(attr(href), page); float: right; }
h1 { font-size: 13pt; font-weight: bold; margin: 0 0 5mm 0; break-before: page;
     string-set: chapter content(); hyphens: manual; break-after: avoid; }
h1.first { page: bodystart; }
h2 { font-size: 1em; font-weight: bold; margin: 4mm 0 2mm 0; hyphens: manual;
     break-after: avoid; }
p { margin: 0 0 1.6mm 0; text-align: justify; hyphens: auto; }
p.n { text-indent: -2.4em; }
p.n span.l { display: inline-block; width: 2.4em; text-indent: 0; }
%(depths)s
"""


def _css(running: str, size: float) -> str:
    depths = "\n".join(f"p.d{d} {{ padding-left: {2.4 * (d + 1):.1f}em; }}" for d in range(6))
    quoted = running.replace("\\", "\\\\").replace('"', '\\"')
    return _CSS % {"running": quoted, "size": f"{size:g}", "depths": depths}


def _numbered_depth(provision: Provision) -> int:
    """How deep below the last heading level a numbered provision sits (0 for a rule)."""
    levels = provision.address.levels
    headings = sum(1 for level in levels if level.heading)
    return len(levels) - headings - 1


def _provision_html(provision: Provision) -> Iterator[str]:
    ident = provision.address.id()
    level = provision.address.level
    if level.heading:
        tag = "h1" if provision.address.depth == 1 else "h2"
        yield f'<{tag} id="{ident}">{html.escape(provision.title())}</{tag}>'
        if provision.text:
            yield f"<p>{html.escape(provision.text)}</p>"
    else:
        depth = _numbered_depth(provision)
        parent = provision.address.parent
        marker = level.marker(provision.label, parent.label if parent else "")
        yield (
            f'<p class="n d{depth}" id="{ident}"><span class="l">{html.escape(marker)}</span>'
            f"{html.escape(provision.text)}</p>"
        )
    for child in provision.children:
        yield from _provision_html(child)


def book_html(book: Rulebook, *, font_size: float = 9.0, contents: bool = True) -> str:
    """The whole book as one HTML document laid out for A5 printing."""
    running = f"{book.title} {book.edition}".strip()
    parts = [
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>{html.escape(book.title)}</title>",
        f"<style>{_css(running, font_size)}</style></head><body>",
        '<section class="cover">',
        f'<p class="title">{html.escape(book.title)}</p>',
    ]
    if book.edition:
        parts.append(f'<p class="edition">Edition {html.escape(book.edition)}</p>')
    parts.append("</section>")
    if contents:
        parts.append('<section class="contents"><p class="heading">Contents</p><div class="toc">')
        for top in book.children:
            for p in (top, *(c for c in top.children if c.address.level.heading)):
                cls = "t1" if p is top else "t2"
                parts.append(
                    f'<p class="{cls}"><a href="#{p.address.id()}">{html.escape(p.title())}</a></p>'
                )
        parts.append("</div></section>")
    for index, top in enumerate(book.children):
        chunk = list(_provision_html(top))
        if index == 0:
            chunk[0] = chunk[0].replace("<h1 ", '<h1 class="first" ', 1)
        parts.extend(chunk)
    parts.append("</body></html>")
    return "\n".join(parts)


def export_pdf(
    book: Rulebook, path: str | Path, *, font_size: float = 9.0, contents: bool = True
) -> PdfLayout:
    """Print `book` to `path` as an A5 PDF; returns where each provision was printed.

    Pages are numbered as printed: from 1 at the page where the first chapter starts (the
    cover and the contents pages come before it, the contents numbered in roman).
    """
    weasyprint = require("weasyprint")
    path = Path(path)
    document = weasyprint.HTML(string=book_html(book, font_size=font_size, contents=contents))
    rendered = document.render()
    physical: dict[str, int] = {}
    for index, page in enumerate(rendered.pages):
        for anchor in page.anchors:
            physical.setdefault(str(anchor), index)
    first = book.children[0].address.id() if book.children else ""
    front = physical.get(first, 0)
    pages = {
        provision.address: physical[provision.address.id()] - front + 1
        for provision in book.walk()
        if provision.address.id() in physical
    }
    rendered.write_pdf(str(path))
    return PdfLayout(path=path, page_count=len(rendered.pages), front_pages=front, pages=pages)
