"""Briefing sheets as HTML, Markdown, PDF (WeasyPrint, from the same HTML) and a static site.

Templates are Jinja2 files in `templates/`. HTML autoescapes every value; Markdown escapes every
value through the environment's `finalize`, so text from motions, CSVs and notes is shown as
text in both (`<script>` stays the word "<script>"). Renderers format the values `build_sheets`
made and compute nothing of their own.

The parts of a card vote that read the same on every sheet (its heading, the line, the motions
with their redlines, what falls or collides, the tally) are rendered once per card vote and
reused on every sheet, which is what makes 1,400 sheets of 60 card votes quick.

Output layouts (`files`):

    html   index.html, <delegate>.html          self-contained pages, inline CSS
    md     index.md, <delegate>.md
    pdf    index.pdf, <delegate>.pdf            A4, WeasyPrint
    site   index.html, delegates/<delegate>.html, card-votes/cv<N>.html (with the full redline)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import cache
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any

import attrs
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from motions.brief.atomic import Staging
from motions.brief.errors import BriefError
from motions.brief.markdown import (
    MdSafe,
    md_escape,
    md_finalize,
    md_quote,
    md_redline,
    md_url,
    tidy,
)
from motions.brief.model import Briefing, CardVoteBrief, Sheet, SheetItem
from motions.brief.names import access_key, card_vote_stem, file_stems, inside
from motions.brief.paper import Layouts, Part, check_pdf_tools, details_key, pdf
from motions.brief.words import FILTERS, MARKS, html_finalize
from motions.brief.workers import lay_out_files
from motions.errors import error
from motions.whip.model import Position

FORMATS = ("html", "md", "pdf", "site")
#: A PDF sheet's details are laid out in pieces from this many card votes (HtmlRenderer.pieces),
#: cut where these shares of their length end: two pieces, of 65% and 35%.
PIECES_FROM = 8
CUTS = (0.65,)

# -- environments ------------------------------------------------------------------------------


def page_numbers(pages: int) -> str:
    """ "page i of n" for a PDF file of `pages` pages, laid over its pages (paper.py). A
    function of the module, so that a worker process can be given it (workers.py)."""
    return html_environment().get_template("numbers.html.j2").render(pages=pages)


@cache
def html_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("motions.brief", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=html_finalize,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters.update(FILTERS)
    return env


@cache
def markdown_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("motions.brief", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        finalize=md_finalize,
        trim_blocks=True,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.filters.update({"md_redline": md_redline, "md_quote": md_quote, "md_url": md_url})
    return env


@attrs.frozen
class Links:
    """Where a page's links go, relative to the page; None: no such link on this page."""

    index: str | None = None
    #: The card-vote pages, as a pattern with `{stem}` (site only).
    card_vote: str | None = None

    def card_vote_href(self, number: int) -> str | None:
        return self.card_vote.format(stem=card_vote_stem(number)) if self.card_vote else None


class HtmlRenderer:
    """HTML pages for one briefing, with each card vote's shared parts rendered once."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.env = html_environment()
        self.parts = self.env.get_template("_parts.html.j2").module
        parts: Any = self.parts
        self.lines = {cv.number: Markup(parts.line(cv)) for cv in briefing.card_votes}
        self.tallies = {cv.number: Markup(parts.tally(cv.tally)) for cv in briefing.card_votes}
        self._bodies: dict[tuple[int, bool], Markup] = {}
        self._heads: dict[str | None, dict[int, Markup]] = {}
        self._entries: dict[tuple[int, Position | None, bool], Markup] = {}

    def _body(self, cv: CardVoteBrief, full: bool) -> Markup:
        key = (cv.number, full)
        if key not in self._bodies:
            parts: Any = self.parts
            self._bodies[key] = Markup(parts.body(cv, full, self.briefing.whips_view))
        return self._bodies[key]

    def entry(self, item: SheetItem) -> Markup:
        """A "how to vote" line: the same for every sheet with the same mandate and clash."""
        key = (item.card_vote.number, item.mandate, item.clash is not None)
        if key not in self._entries:
            parts: Any = self.parts
            self._entries[key] = Markup(parts.entry(item))
        return self._entries[key]

    def heads(self, links: Links) -> dict[int, Markup]:
        if links.card_vote not in self._heads:
            parts: Any = self.parts
            self._heads[links.card_vote] = {
                cv.number: Markup(parts.head(cv, links.card_vote_href(cv.number)))
                for cv in self.briefing.card_votes
            }
        return self._heads[links.card_vote]

    def sheet(
        self,
        sheet: Sheet,
        links: Links = Links(),
        part: str = "all",
        piece: tuple[int, int] | None = None,
    ) -> str:
        """A sheet's page; `part` "card" or "details" for the two halves of a PDF sheet, and
        for the details, `piece`: the items from..to (by default all) laid out as one part."""
        bodies = {cv.number: self._body(cv, False) for cv in self.briefing.card_votes}
        start, stop = piece if piece is not None else (0, len(sheet.items))
        extra = {}
        if part == "details":
            extra["footer_text"] = f"{self.briefing.whip} briefing: the card votes in detail"
        return self.env.get_template("sheet.html.j2").render(
            b=self.briefing,
            part=part,
            shown=sheet.items[start:stop],
            first=start == 0,
            last=stop >= len(sheet.items),
            **extra,
            sheet=sheet,
            links=links,
            heads=self.heads(links),
            lines=self.lines,
            bodies=bodies,
            items={item.card_vote.number: item for item in sheet.items},
            entry=self.entry,
            marks=MARKS,
        )

    def pieces(self, sheet: Sheet) -> tuple[tuple[int, int], ...]:
        """How a sheet's details are cut for PDF, from `PIECES_FROM` card votes (fewer are
        quicker laid out whole): at `CUTS` of their length, each piece laid out on its own.
        A sheet alone has its pieces and its card laid out on two CPUs at once, each lane
        taking the longest document left when it is free (workers.py): 65% of the details in
        one lane, 35% and the card in the other (it takes a third to a fifth of the details'
        time: 27 and 60 card votes), so both end about together. One cut only: the second
        piece starts on a new page.
        The cut depends only on the text, so sheets alike and later runs cut alike (and share
        the cached pieces). A card vote's length: its motions' text, plus heading and line."""
        count = len(sheet.items)
        if count < PIECES_FROM:
            return ((0, count),)
        sizes = [len(self._body(item.card_vote, False)) + 400 for item in sheet.items]
        total = sum(sizes)
        ends = list(accumulate(sizes))[:-1]  # the length before each possible cut
        cuts = sorted(
            {
                min(range(1, count), key=lambda at: abs(ends[at - 1] - share * total))
                for share in CUTS
            }
        )
        bounds = [0, *cuts, count]
        return tuple(pairwise(bounds))

    def index(self, sheets: Sequence[tuple[Sheet, str]], links: Links = Links()) -> str:
        return self.env.get_template("index.html.j2").render(
            b=self.briefing,
            sheets=sheets,
            links=links,
            heads=self.heads(links),
            lines=self.lines,
            tallies=self.tallies,
        )

    def card_vote(self, cv: CardVoteBrief, links: Links = Links()) -> str:
        return self.env.get_template("card_vote.html.j2").render(
            b=self.briefing,
            cv=cv,
            links=links,
            heads=self.heads(Links()),
            lines=self.lines,
            full_body=self._body(cv, True),
        )


@attrs.frozen
class _MdParts:
    head: MdSafe
    body: MdSafe


class MarkdownRenderer:
    """Markdown pages for one briefing. A sheet is mostly parts that read the same on many
    sheets (a card vote in detail for every delegate with the same mandate, weight and pledge
    on it; a "how to vote" line), so each is rendered once and reused, as for HTML."""

    module: Any  # the macros of _parts.md.j2

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.env = markdown_environment()
        module: Any = self.env.get_template("_parts.md.j2").module
        self.module = module
        self.parts = {
            cv.number: _MdParts(
                head=MdSafe(str(module.head(cv)).strip()),
                body=MdSafe(str(module.body(cv, False, briefing.whips_view)).strip() + "\n"),
            )
            for cv in briefing.card_votes
        }
        self.ballots = MdSafe(tidy(str(module.ballots(briefing))))
        self._entries: dict[tuple[int, Position | None, bool], MdSafe] = {}
        self._details: dict[Hashable, MdSafe] = {}

    def entry(self, item: SheetItem) -> MdSafe:
        """A "how to vote" line: the same for every sheet with the same mandate and clash."""
        key = (item.card_vote.number, item.mandate, item.clash is not None)
        if key not in self._entries:
            self._entries[key] = MdSafe(str(self.module.entry(item)))
        return self._entries[key]

    def detail(self, sheet: Sheet) -> Callable[[SheetItem], MdSafe]:
        """A card vote in detail on `sheet`: the same for every sheet with the same mandate,
        note, clash, pledge and (where it differs from their usual weight) weight on it."""
        usual = sheet.delegate.votes if sheet.delegate.attending else None

        def detail(item: SheetItem) -> MdSafe:
            show_weight = usual is not None and item.weight != usual
            key = (
                item.card_vote.number,
                item.mandate,
                item.mandate_note,
                item.clash,
                item.weight if show_weight else None,
                item.pledge,
            )
            if key not in self._details:
                part = self.parts[item.card_vote.number]
                text = self.module.detail(
                    item, part.head, part.body, show_weight, self.briefing.whips_view
                )
                self._details[key] = MdSafe(tidy(str(text)))
            return self._details[key]

        return detail

    def sheet(self, sheet: Sheet) -> str:
        text = self.env.get_template("sheet.md.j2").render(
            b=self.briefing,
            sheet=sheet,
            items={item.card_vote.number: item for item in sheet.items},
            entry=self.entry,
            detail=self.detail(sheet),
            ballots=self.ballots,
            marks=MARKS,
        )
        return tidy(text)

    def index(self, sheets: Sequence[tuple[Sheet, str]]) -> str:
        text = self.env.get_template("index.md.j2").render(b=self.briefing, sheets=sheets)
        return tidy(text)


# -- files -------------------------------------------------------------------------------------


@attrs.frozen
class OutputFile:
    """One file to write: where (relative to the output folder), and how to make its bytes."""

    path: str
    make: Callable[[], bytes] = attrs.field(eq=False, repr=False)
    delegate: str | None = None  # the delegate id of a sheet
    #: For a PDF: the documents it joins (so that worker processes can lay them out).
    parts: Callable[[], tuple[Part, ...]] | None = attrs.field(default=None, eq=False, repr=False)
    #: For a PDF: what lays out its parts (and keeps the shared ones).
    layouts: Layouts | None = attrs.field(default=None, eq=False, repr=False)


def sheet_stems(briefing: Briefing, secret: bytes | None = None) -> dict[str, str]:
    """Each sheet's file-name stem, by delegate id: from the name (safe, unique in the whole
    book, see names.py), or with a `secret`, an access key that cannot be guessed."""
    if secret is not None:
        return {s.delegate.id: access_key(secret, s.delegate.id) for s in briefing.sheets}
    stems = briefing.stems or file_stems((s.delegate.id, s.delegate.name) for s in briefing.sheets)
    return {s.delegate.id: stems[s.delegate.id] for s in briefing.sheets}


#: What the whips' index is keyed on (with access keys, it is the only page naming delegates).
WHIPS_INDEX = "whips' index"


def _indexes(
    hrefs: list[tuple[Sheet, str]], suffix: str, secret: bytes | None
) -> list[tuple[str, list[tuple[Sheet, str]]]]:
    """The index pages to write and the sheets each lists: one index naming every delegate,
    or with access keys a public index naming none and a whips' index at an unguessable name."""
    if secret is None:
        return [(f"index{suffix}", hrefs)]
    return [(f"index{suffix}", []), (f"whips-{access_key(secret, WHIPS_INDEX)}{suffix}", hrefs)]


def files(
    briefing: Briefing, fmt: str, *, index: bool = True, secret: bytes | None = None
) -> tuple[OutputFile, ...]:
    """Every file a briefing writes in format `fmt`, to be made one by one (for a progress bar).

    With a `secret`, sheets are named by access keys and only the whips' index names delegates.
    """
    if fmt not in FORMATS:
        raise BriefError(
            error(
                "brief.bad-format",
                f"{fmt!r} is not a briefing format",
                hint=f"use one of: {', '.join(FORMATS)}",
            )
        )
    if fmt == "pdf":
        check_pdf_tools()
    stems = sheet_stems(briefing, secret)
    out: list[OutputFile] = []
    if fmt == "md":
        markdown = MarkdownRenderer(briefing)
        hrefs = [(s, f"{stems[s.delegate.id]}.md") for s in briefing.sheets]
        for sheet, href in hrefs:
            out.append(OutputFile(href, _encode(markdown.sheet, sheet), sheet.delegate.id))
        for name, listed in _indexes(hrefs, ".md", secret) if index else ():
            out.append(OutputFile(name, _encode(markdown.index, listed)))
        return tuple(out)
    renderer = HtmlRenderer(briefing)
    if fmt == "site":
        sheet_links = Links(index="../index.html", card_vote="../card-votes/{stem}.html")
        hrefs = [(s, f"delegates/{stems[s.delegate.id]}.html") for s in briefing.sheets]
        for sheet, href in hrefs:
            out.append(
                OutputFile(href, _encode(renderer.sheet, sheet, sheet_links), sheet.delegate.id)
            )
        for cv in briefing.card_votes:
            page = f"card-votes/{card_vote_stem(cv.number)}.html"
            out.append(
                OutputFile(page, _encode(renderer.card_vote, cv, Links(index="../index.html")))
            )
        index_links = Links(card_vote="card-votes/{stem}.html")
        for name, listed in _indexes(hrefs, ".html", secret):
            out.append(OutputFile(name, _encode(renderer.index, listed, index_links)))
        return tuple(out)
    suffix = ".pdf" if fmt == "pdf" else ".html"
    hrefs = [(s, f"{stems[s.delegate.id]}{suffix}") for s in briefing.sheets]
    if fmt == "pdf":
        layouts = Layouts(numbers=page_numbers)
        out.extend(_pdf_sheets(renderer, hrefs, layouts))
        for name, listed in _indexes(hrefs, suffix, secret) if index else ():
            parts = _parts(_bound(renderer.index, listed))
            out.append(OutputFile(name, _pdf_file(layouts, parts), None, parts, layouts))
        return tuple(out)
    for sheet, href in hrefs:
        out.append(OutputFile(href, _as_bytes(_bound(renderer.sheet, sheet)), sheet.delegate.id))
    for name, listed in _indexes(hrefs, suffix, secret) if index else ():
        out.append(OutputFile(name, _as_bytes(_bound(renderer.index, listed))))
    return tuple(out)


def _pdf_sheets(
    renderer: HtmlRenderer, hrefs: list[tuple[Sheet, str]], layouts: Layouts
) -> list[OutputFile]:
    """Each sheet as a PDF: its card, then the details it shares with sheets alike (see
    paper.py), whose HTML is made once for each group of sheets alike."""
    details: dict[Hashable, tuple[Part, ...]] = {}

    def parts_of(sheet: Sheet) -> Callable[[], tuple[Part, ...]]:
        def parts() -> tuple[Part, ...]:
            key = details_key(sheet)
            if key not in details:
                details[key] = tuple(
                    Part(renderer.sheet(sheet, part="details", piece=piece), shared=True)
                    for piece in renderer.pieces(sheet)
                )
            return (Part(renderer.sheet(sheet, Links(), "card")), *details[key])

        return parts

    out = []
    for sheet, href in hrefs:
        parts = parts_of(sheet)
        out.append(OutputFile(href, _pdf_file(layouts, parts), sheet.delegate.id, parts, layouts))
    return out


def _parts(html: Callable[[], str]) -> Callable[[], tuple[Part, ...]]:
    return lambda: (Part(html()),)


def _pdf_file(layouts: Layouts, parts: Callable[[], tuple[Part, ...]]) -> Callable[[], bytes]:
    return lambda: layouts.file(parts())


def _bound(render: Callable[..., str], *args: object) -> Callable[[], str]:
    return lambda: render(*args)


def _as_bytes(page: Callable[[], str]) -> Callable[[], bytes]:
    return lambda: page().encode("utf-8")


def _encode(render: Callable[..., str], *args: object) -> Callable[[], bytes]:
    return lambda: render(*args).encode("utf-8")


def write(
    briefing: Briefing,
    folder: str | Path,
    fmt: str,
    *,
    index: bool = True,
    progress: Callable[[OutputFile], None] | None = None,
    jobs: int = 1,
    secret: bytes | None = None,
) -> tuple[Path, ...]:
    """Write every file of `briefing` in `fmt` under `folder`; the paths written."""
    outputs = files(briefing, fmt, index=index, secret=secret)
    return write_files(outputs, folder, progress=progress, jobs=jobs)


def write_files(
    outputs: Iterable[OutputFile],
    folder: str | Path,
    *,
    progress: Callable[[OutputFile], None] | None = None,
    jobs: int = 1,
) -> tuple[Path, ...]:
    """Make and write each file under `folder` (never outside it), creating folders; each file
    whole or not at all (see atomic.py): on an error, files not yet committed keep their old
    content.

    With `jobs` > 1, PDFs are laid out by that many worker processes (WeasyPrint is the slow
    part, and single-threaded), a sheet alone by the worker `paper.preload` started if any
    (workers.py); everything else is made here. Paths come back in the order
    given, whatever order the workers finish in.
    """
    base = Path(folder)
    base.mkdir(parents=True, exist_ok=True)
    made_dirs: set[Path] = set()
    with Staging() as staging:
        return _write_each(list(outputs), base, made_dirs, staging, progress, jobs)


def _write_each(
    items: list[OutputFile],
    base: Path,
    made_dirs: set[Path],
    staging: Staging,
    progress: Callable[[OutputFile], None] | None,
    jobs: int,
) -> tuple[Path, ...]:
    def put(output: OutputFile, data: bytes) -> Path:
        target = inside(base, output.path)
        if target.parent not in made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(target.parent)
        staging.stage(target, data)
        if progress is not None:
            progress(output)
        return target

    return lay_out_files(items, put, jobs)


def render_sheet(briefing: Briefing, sheet: Sheet, fmt: str) -> str:
    """One sheet as a string, in "html" or "md" (for tests and for embedding)."""
    if fmt == "md":
        return MarkdownRenderer(briefing).sheet(sheet)
    return HtmlRenderer(briefing).sheet(sheet)


__all__ = [
    "FORMATS",
    "HtmlRenderer",
    "Links",
    "MarkdownRenderer",
    "MdSafe",
    "OutputFile",
    "files",
    "md_escape",
    "pdf",
    "render_sheet",
    "sheet_stems",
    "write",
    "write_files",
]
