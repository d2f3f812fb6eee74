"""A PDF's page furniture: running headers and footers, printed page numbers, contents pages,
the cover.

Steps 2 to 4 of the PDF importer (`motions.importers.pdf`): what is printed on the pages but is
not the body of the book, told apart by where and in what type it is set.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import attrs

from motions.book.numbering import from_roman
from motions.importers.layout import Joiner, clean
from motions.importers.pdfread import Line, Page

# -- 2. running headers and footers; printed page numbers ---------------------------------------

_PAGE_NUMBER = re.compile(r"(?:[Pp]age\s+)?(\d{1,4}|[ivxlcdm]{1,7})")
_DIGITS = re.compile(r"\d+")


def mask_digits(text: str) -> str:
    words = [
        "#" if from_roman(w.lower().strip(".")) is not None else w for w in text.lower().split()
    ]
    return _DIGITS.sub("#", " ".join(words))


def _edges(page: Page) -> list[Line]:
    ordered = sorted(page.lines, key=lambda line: line.top)
    return list(dict.fromkeys([*ordered[:2], *ordered[-2:]]))


def body_size(pages: Sequence[Page]) -> float:
    """The size most of the book's characters are set in, outside its contents pages."""
    sizes: Counter[float] = Counter()
    for page in pages:
        if is_contents(page.lines):
            continue
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _detached(line: Line, page: Page, leading: float) -> bool:
    """Whether a line at the top or foot of a page stands apart from the text next to it."""
    ordered = sorted(page.lines, key=lambda other: other.top)
    at = ordered.index(line)
    if line.top < page.height / 2:
        return at + 1 < len(ordered) and ordered[at + 1].top - line.top >= 1.5 * leading
    return at > 0 and line.top - ordered[at - 1].top >= 1.5 * leading


def _text_area(pages: Sequence[Page], body: float) -> tuple[float, float] | None:
    """Where body text runs on a typical page: the usual top of its first and last lines."""
    firsts: list[float] = []
    lasts: list[float] = []
    for page in pages:
        tops = [line.top for line in page.lines if abs(line.size - body) < 0.3]
        if len(tops) >= 3:
            firsts.append(min(tops))
            lasts.append(max(tops))
    if len(firsts) < 2:
        return None
    return statistics.median(firsts), statistics.median(lasts)


def running_lines(pages: Sequence[Page], body: float) -> set[Line]:
    """The running headers, footers and page numbers on every page."""
    at: dict[str, list[Line]] = defaultdict(list)
    for page in pages:
        for line in _edges(page):
            at[mask_digits(line.text)].append(line)
    repeat = 3 if len(pages) >= 6 else 2
    leading = line_leading([line for page in pages for line in page.lines], body)
    area = _text_area(pages, body)
    by_index = {page.index: page for page in pages}

    def in_margin(line: Line) -> bool:
        """Above or below where body text runs (or, without enough text, near the edge)."""
        if area is not None:
            return line.top < area[0] - 0.5 * body or line.top > area[1] + 0.5 * body
        height = by_index[line.page].height
        return line.top < 0.07 * height or line.top > 0.93 * height

    numbers = _outermost_page_numbers(pages, in_margin)
    running: set[Line] = set()
    for key, lines in at.items():
        for line in lines:
            if line in numbers:
                running.add(line)
                continue
            if line.size >= 1.12 * body or (line.bold and line.size >= body - 0.3):
                continue  # set like a heading: running lines are small, or at least not bold
            same = {o.page for o in lines if abs(o.top - line.top) <= 2}
            styled = abs(line.size - body) >= 0.5 or line.italic
            if (len(same) >= repeat and (styled or "#" in key)) or (
                styled
                and not line.bold
                and in_margin(line)
                and _detached(line, by_index[line.page], leading)
            ):
                running.add(line)
    bands = {(round(line.top), line.size, line.italic) for line in running}
    for page in pages:
        for line in _edges(page):
            if any(
                abs(line.top - top) <= 2 and abs(line.size - size) <= 0.3 and line.italic == it
                for top, size, it in bands
            ):
                running.add(line)
    return running


def _outermost_page_numbers(pages: Sequence[Page], in_margin: Callable[[Line], bool]) -> set[Line]:
    """The lines that print a page's number: at most one at its head and one at its foot.

    A page prints its number outside the text, so where two edge lines could each be one (a
    wrapped body line that ends in the word "xv" or "mix" below where the text usually stops,
    above the footer's "4"), only the outermost is: the topmost in the upper half, the
    lowest in the lower half. The other is text.
    """
    found: set[Line] = set()
    for page in pages:
        head: Line | None = None
        foot: Line | None = None
        for line in _edges(page):
            if not (_is_page_number(line.text) and in_margin(line)):
                continue
            if line.top < page.height / 2:
                head = line if head is None or line.top < head.top else head
            else:
                foot = line if foot is None or line.top > foot.top else foot
        found.update(line for line in (head, foot) if line is not None)
    return found


def _is_page_number(text: str) -> bool:
    match = _PAGE_NUMBER.fullmatch(text.strip())
    if match is None:
        return False
    number = match.group(1)
    return number.isdigit() or from_roman(number) is not None


def printed_numbers(pages: Sequence[Page], running: set[Line]) -> dict[int, int]:
    """The page number printed on each page, filled in between pages that print one."""
    found: dict[int, int] = {}
    for line in running:
        match = _PAGE_NUMBER.fullmatch(line.text.strip())
        if match and match.group(1).isdigit():
            found.setdefault(line.page, int(match.group(1)))
    if not found:
        return {page.index: page.index + 1 for page in pages}
    known = sorted(found)
    numbers: dict[int, int] = {}
    for page in pages:
        before = [k for k in known if k <= page.index]
        anchor = before[-1] if before else known[0]
        number = found[anchor] + page.index - anchor
        if number >= 1:
            numbers[page.index] = number
    return numbers


# -- 3. contents pages ----------------------------------------------------------------------------


def is_contents(lines: Sequence[Line]) -> bool:
    """A contents or index page: it says so, or most of its lines end in a page number."""
    if not lines:
        return False
    if lines[0].text.strip().lower() in {"contents", "table of contents", "index"}:
        return True
    numbered = sum(1 for line in lines if line.words[-1].text.isdigit() and len(line.words) > 1)
    return len(lines) >= 4 and numbered >= 0.5 * len(lines)


# -- 4 and 5. front matter, then blocks -----------------------------------------------------------

_EDITION = re.compile(r"(?i)(?:edition\s*:?\s*(?P<a>.+)|(?P<b>.+?)\s+edition|(?P<c>(?:19|20)\d\d))")
_YEAR_AT_END = re.compile(r"\b((?:19|20)\d\d)$")


@attrs.frozen
class _Cover:
    title: str
    edition: str
    rest: tuple[Line, ...]


def read_cover(front: Sequence[Line], metadata: dict[str, str]) -> _Cover:
    """Title and edition from the front matter (or the PDF's metadata); the other lines."""
    if not front:
        title = metadata.get("Title", "")
        year = _YEAR_AT_END.search(title)
        return _Cover(title, year.group(1) if year else "", ())
    first_page = front[0].page
    cover = [line for line in front if line.page == first_page]
    biggest = max(line.size for line in cover)
    title_lines = [line for line in cover if abs(line.size - biggest) < 0.1]
    title = Joiner().join(line.text for line in title_lines)
    edition = ""
    used = set(title_lines)
    for line in cover:
        if line in used:
            continue
        match = _EDITION.fullmatch(line.text.strip())
        if match:
            edition = next(g for g in match.groups() if g)
            used.add(line)
            break
    if not edition:
        year = _YEAR_AT_END.search(title)
        edition = year.group(1) if year else ""
    return _Cover(clean(title), clean(edition), tuple(line for line in front if line not in used))


def line_leading(lines: Sequence[Line], size: float) -> float:
    """The distance between two lines of one paragraph of body text.

    The low end of the steps between consecutive lines, not their middle: in a book of short
    paragraphs most steps cross a paragraph gap.
    """
    steps = sorted(
        b.top - a.top
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.column == b.column and abs(a.size - size) < 0.3
        and abs(b.size - size) < 0.3 and 0.8 * size < b.top - a.top < 3 * size
    )  # fmt: skip
    found = steps[len(steps) // 10] if steps else 1.2 * size
    return min(max(found, size), 1.6 * size)  # text is set between solid and 1.6 leading
