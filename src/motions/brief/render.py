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

import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import attrs
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from motions.brief.errors import BriefError
from motions.brief.model import Briefing, CardVoteBrief, Sheet, SheetItem
from motions.brief.names import card_vote_stem, file_stems, inside
from motions.drafting.redline import Kind, Segment
from motions.errors import error
from motions.render.markdown import marked, md_escape
from motions.whip.model import Line, Position
from motions.whip.projection import Assumption

FORMATS = ("html", "md", "pdf", "site")

# -- words -------------------------------------------------------------------------------------

_SAY = {
    Line.SUPPORT: "Vote FOR",
    Line.OPPOSE: "Vote AGAINST",
    Line.ABSTAIN: "Abstain",
    Line.OPPOSE_IF_NOT_REMITTED: "Vote AGAINST if it is not remitted",
    Line.REMIT: "Remit: ask the mover to remit it to the NEC",
    Line.FREE_VOTE: "Free vote",
}
_SHORT = {
    Line.SUPPORT: "for",
    Line.OPPOSE: "against",
    Line.ABSTAIN: "abstain",
    Line.OPPOSE_IF_NOT_REMITTED: "against*",
    Line.REMIT: "remit",
    Line.FREE_VOTE: "free vote",
}
_CODES = {
    "falls": "Falls",
    "collision": "Collides",
    "duplicate": "Duplicate",
    "compatible": "Compatible",
    "broken-reference": "Breaks a reference",
    "renumbering-shift": "Renumbering",
    "three-year-rule": "Three-year rule",
    "no-location": "No location",
    "several-subjects": "Several subjects",
    "consequential-unlocated": "Vague consequentials",
    "not-applicable": "Cannot apply",
}
_ASSUMPTIONS = {
    Assumption.EXCLUDE: "undecided voters left out",
    Assumption.SPLIT: "undecided voters split half and half",
    Assumption.FACTION: "undecided voters follow their faction",
    Assumption.FOR: "undecided voters all for",
    Assumption.AGAINST: "undecided voters all against",
}


def votes(value: Fraction | int) -> str:
    """1,019 or 339.67: whole votes without decimals, shares of a CLP to two."""
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.2f}"


def pct(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value:.2f}%"


def line_say(line: Line | None) -> str:
    return "No line" if line is None else _SAY[line]


def line_class(line: Line | None) -> str:
    position = line.position if line is not None else None
    if position is Position.FOR:
        return "for"
    if position is Position.AGAINST:
        return "against"
    return "other"


def position_say(position: Position) -> str:
    return {Position.FOR: "vote FOR", Position.AGAINST: "vote AGAINST"}.get(
        position, position.value
    )


def item_say(item: SheetItem) -> str:
    """The few words in a sheet's table of contents: the line, or the mandate where it binds."""
    if item.mandate is not None:
        return f"mandate: {item.mandate.value}"
    line = item.card_vote.advice.line
    return "no line" if line is None else _SHORT[line]


def item_class(item: SheetItem) -> str:
    """The table of contents' colour: the line's, or the mandate's (dashed where it clashes)."""
    if item.clash is not None:
        return "clash"
    if item.mandate is not None:
        return "mandate"
    return line_class(item.card_vote.advice.line)


def code_label(code: str) -> str:
    return _CODES.get(code, code.replace("-", " ").capitalize())


def confidence(value: float) -> str:
    return f"{round(value * 100)}% sure"


_FILTERS: dict[str, Callable[..., Any]] = {
    "votes": votes,
    "pct": pct,
    "line_say": line_say,
    "line_class": line_class,
    "position_say": position_say,
    "item_say": item_say,
    "item_class": item_class,
    "code_label": code_label,
    "confidence": confidence,
    "assumption_text": lambda a: _ASSUMPTIONS[a],
}

# -- Markdown escaping -------------------------------------------------------------------------


class MdSafe(str):
    """Markdown that is already escaped (the renderer's own markup around escaped text)."""

    __slots__ = ()


def _md_inline(text: str) -> str:
    return md_escape(" ".join(text.split()))


def _md_finalize(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return value
    return _md_inline(str(value))


def md_redline(segments: Iterable[Segment]) -> MdSafe:
    """A redline as a Markdown blockquote: ~~deleted~~ and **inserted**, line by line."""
    lines: list[str] = [""]
    for segment in segments:
        pieces = segment.text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                lines.append("")
            if segment.kind is Kind.SAME:
                lines[-1] += md_escape(piece)
            else:
                lines[-1] += marked(piece, "~~" if segment.kind is Kind.DELETE else "**")
    return MdSafe("\\\n".join("> " + line.strip() for line in lines))


def md_quote(text: str) -> MdSafe:
    """`text` as a Markdown blockquote, its line breaks kept."""
    return MdSafe("\\\n".join("> " + md_escape(line.strip()) for line in text.split("\n")))


def md_url(href: str) -> MdSafe:
    """A link target we made ourselves (safe file names): spaces and brackets encoded."""
    return MdSafe(href.replace(" ", "%20").replace("(", "%28").replace(")", "%29"))


# -- environments ------------------------------------------------------------------------------


@cache
def html_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("motions.brief", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters.update(_FILTERS)
    return env


@cache
def markdown_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("motions.brief", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        finalize=_md_finalize,
        trim_blocks=True,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters.update(_FILTERS)
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

    def _body(self, cv: CardVoteBrief, full: bool) -> Markup:
        key = (cv.number, full)
        if key not in self._bodies:
            parts: Any = self.parts
            self._bodies[key] = Markup(parts.body(cv, full))
        return self._bodies[key]

    def heads(self, links: Links) -> dict[int, Markup]:
        if links.card_vote not in self._heads:
            parts: Any = self.parts
            self._heads[links.card_vote] = {
                cv.number: Markup(parts.head(cv, links.card_vote_href(cv.number)))
                for cv in self.briefing.card_votes
            }
        return self._heads[links.card_vote]

    def sheet(self, sheet: Sheet, links: Links = Links()) -> str:
        bodies = {cv.number: self._body(cv, False) for cv in self.briefing.card_votes}
        return self.env.get_template("sheet.html.j2").render(
            b=self.briefing,
            sheet=sheet,
            links=links,
            heads=self.heads(links),
            lines=self.lines,
            bodies=bodies,
        )

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
    """Markdown pages for one briefing, each card vote's shared parts rendered once."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.env = markdown_environment()
        module: Any = self.env.get_template("_parts.md.j2").module
        self.parts = {
            cv.number: _MdParts(
                head=MdSafe(str(module.head(cv)).strip()),
                body=MdSafe(str(module.body(cv, False)).strip() + "\n"),
            )
            for cv in briefing.card_votes
        }

    def sheet(self, sheet: Sheet) -> str:
        text = self.env.get_template("sheet.md.j2").render(
            b=self.briefing, sheet=sheet, parts=self.parts
        )
        return _tidy(text)

    def index(self, sheets: Sequence[tuple[Sheet, str]]) -> str:
        text = self.env.get_template("index.md.j2").render(b=self.briefing, sheets=sheets)
        return _tidy(text)


def _tidy(text: str) -> str:
    """No runs of blank lines, no trailing spaces, one final newline."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# -- PDF ---------------------------------------------------------------------------------------


def _weasyprint() -> Any:
    try:
        return importlib.import_module("weasyprint")
    except (ImportError, OSError) as exc:
        raise BriefError(
            error(
                "brief.no-weasyprint",
                f"PDF output needs WeasyPrint, which cannot be loaded ({exc})",
                hint="pip install 'motions[pdf]' (WeasyPrint; on Debian it also needs "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)",
            )
        ) from None


def pdf(html: str) -> bytes:
    """An A4 PDF of an HTML page, laid out by its print stylesheet."""
    weasyprint = _weasyprint()
    data = weasyprint.HTML(string=html).write_pdf()
    assert isinstance(data, bytes)
    return data


# -- files -------------------------------------------------------------------------------------


@attrs.frozen
class OutputFile:
    """One file to write: where (relative to the output folder), and how to make its bytes."""

    path: str
    make: Callable[[], bytes] = attrs.field(eq=False, repr=False)
    delegate: str | None = None  # the delegate id of a sheet
    #: For a PDF: the HTML it is laid out from (so that worker processes can lay it out).
    html: Callable[[], str] | None = attrs.field(default=None, eq=False, repr=False)


def sheet_stems(briefing: Briefing) -> dict[str, str]:
    """Each sheet's file-name stem, by delegate id (safe, unique; see names.py)."""
    return file_stems((s.delegate.id, s.delegate.name) for s in briefing.sheets)


def files(briefing: Briefing, fmt: str, *, index: bool = True) -> tuple[OutputFile, ...]:
    """Every file a briefing writes in format `fmt`, to be made one by one (for a progress bar)."""
    if fmt not in FORMATS:
        raise BriefError(
            error(
                "brief.bad-format",
                f"{fmt!r} is not a briefing format",
                hint=f"use one of: {', '.join(FORMATS)}",
            )
        )
    if fmt == "pdf":
        _weasyprint()  # fail before any work, not after the first sheet
    stems = sheet_stems(briefing)
    out: list[OutputFile] = []
    if fmt == "md":
        markdown = MarkdownRenderer(briefing)
        hrefs = [(s, f"{stems[s.delegate.id]}.md") for s in briefing.sheets]
        for sheet, href in hrefs:
            out.append(OutputFile(href, _encode(markdown.sheet, sheet), sheet.delegate.id))
        if index:
            out.append(OutputFile("index.md", lambda: markdown.index(hrefs).encode()))
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
        out.append(OutputFile("index.html", lambda: renderer.index(hrefs, index_links).encode()))
        return tuple(out)
    suffix = ".pdf" if fmt == "pdf" else ".html"
    hrefs = [(s, f"{stems[s.delegate.id]}{suffix}") for s in briefing.sheets]
    pages: list[tuple[str, Callable[[], str], str | None]] = [
        (href, _bound(renderer.sheet, sheet), sheet.delegate.id) for sheet, href in hrefs
    ]
    if index:
        pages.append((f"index{suffix}", _bound(renderer.index, hrefs), None))
    for href, html_of, delegate in pages:
        if fmt == "pdf":
            out.append(OutputFile(href, _as_pdf(html_of), delegate, html=html_of))
        else:
            out.append(OutputFile(href, _as_bytes(html_of), delegate))
    return tuple(out)


def _bound(render: Callable[..., str], *args: object) -> Callable[[], str]:
    return lambda: render(*args)


def _as_bytes(page: Callable[[], str]) -> Callable[[], bytes]:
    return lambda: page().encode("utf-8")


def _as_pdf(page: Callable[[], str]) -> Callable[[], bytes]:
    return lambda: pdf(page())


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
) -> tuple[Path, ...]:
    """Write every file of `briefing` in `fmt` under `folder`; the paths written."""
    return write_files(files(briefing, fmt, index=index), folder, progress=progress, jobs=jobs)


def write_files(
    outputs: Iterable[OutputFile],
    folder: str | Path,
    *,
    progress: Callable[[OutputFile], None] | None = None,
    jobs: int = 1,
) -> tuple[Path, ...]:
    """Make and write each file under `folder` (never outside it), creating folders.

    With `jobs` > 1, PDFs are laid out by that many worker processes (WeasyPrint is the slow
    part, and single-threaded); everything else is made here. Paths come back in the order
    given, whatever order the workers finish in.
    """
    base = Path(folder)
    base.mkdir(parents=True, exist_ok=True)
    made_dirs: set[Path] = set()

    def put(output: OutputFile, data: bytes) -> Path:
        target = inside(base, output.path)
        if target.parent not in made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(target.parent)
        target.write_bytes(data)
        if progress is not None:
            progress(output)
        return target

    items = list(outputs)
    if jobs <= 1 or not any(o.html is not None for o in items):
        return tuple(put(o, o.make()) for o in items)
    written: dict[int, Path] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: dict[Future[bytes], int] = {}
        for number, output in enumerate(items):
            if output.html is None:
                written[number] = put(output, output.make())
                continue
            pending[pool.submit(pdf, output.html())] = number
            while len(pending) >= 2 * jobs:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index = pending.pop(future)
                    written[index] = put(items[index], future.result())
        for future in as_completed(pending):
            index = pending[future]
            written[index] = put(items[index], future.result())
    return tuple(written[n] for n in range(len(items)))


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
