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
from collections.abc import Callable, Iterable, Sequence

import attrs

from motions.book.numbering import from_roman
from motions.importers.infer import universal_labels
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
    """The lines a running header or footer could be: the first two of the page in its upper
    half, the last two in its lower half. The last line of a short page's text, high on the
    page, is no footer, however often the same words end other short pages at that height."""
    ordered = sorted(page.lines, key=lambda line: line.top)
    middle = page.height / 2
    head = [line for line in ordered[:2] if line.top < middle]
    foot = [line for line in ordered[-2:] if line.top >= middle]
    return list(dict.fromkeys([*head, *foot]))


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


@attrs.frozen
class Furniture:
    """What is printed around a book's text: the running lines to drop, and the lines kept as
    text though they stand where a page number would (each with the reason it was kept).

    A lone word such as "c", "iv" or "12" on the last line of a page reads exactly like a page
    number; dropping it would lose a provision's text in silence, so a line is only taken for
    a page number when its value fits the numbers printed on the other pages, and a line that
    could be one but does not fit is kept and reported.
    """

    running: frozenset[Line]
    doubtful: tuple[tuple[Line, str], ...] = ()


def running_lines(pages: Sequence[Page], body: float) -> set[Line]:
    """The running headers, footers and page numbers on every page."""
    return set(page_furniture(pages, body).running)


def page_furniture(pages: Sequence[Page], body: float) -> Furniture:
    """The running headers, footers and page numbers on every page, and the doubtful lines."""
    at: dict[str, list[Line]] = defaultdict(list)
    for page in pages:
        for line in _edges(page):
            at[mask_digits(line.text)].append(line)
    repeat = 3 if len(pages) >= 6 else 2
    leading = line_leading([line for page in pages for line in page.lines], body)
    area = _text_area(pages, body)
    by_index = {page.index: page for page in pages}
    labels = universal_labels()

    def margin(line: Line) -> int:
        """-1 above where body text runs, 1 below it, 0 inside it (or, without enough text to
        tell where it runs, near the page's top or bottom edge)."""
        if area is not None:
            upper, lower = area[0] - 0.5 * body, area[1] + 0.5 * body
        else:
            height = by_index[line.page].height
            upper, lower = 0.07 * height, 0.93 * height
        return -1 if line.top < upper else 1 if line.top > lower else 0

    def detached(line: Line) -> bool:
        return _detached(line, by_index[line.page], leading)

    numbers, doubtful = _in_sequence(_outermost_page_numbers(pages, margin, repeat), detached)
    running: set[Line] = set(numbers)
    for key, lines in at.items():
        for line in lines:
            if line in numbers or _page_number(line.text) is not None:
                continue  # a page number is one by where it stands and what it counts, above
            if line.size >= 1.12 * body or (line.bold and line.size >= body - 0.3):
                continue  # set like a heading: running lines are small, or at least not bold
            styled = abs(line.size - body) >= 0.5 or line.italic
            if not styled and labels.is_label(line.words[0].text):
                continue  # body type opening with a label ("1. a" atop two chapters): text
            same = {o.page for o in lines if abs(o.top - line.top) <= 2}
            if (len(same) >= repeat and (styled or "#" in key)) or (
                styled and not line.bold and margin(line) != 0 and detached(line)
            ):
                running.add(line)
    bands = {(round(line.top), line.size, line.italic) for line in running}
    for page in pages:
        for line in _edges(page):
            if any(
                abs(line.top - top) <= 2 and abs(line.size - size) <= 0.3 and line.italic == it
                for top, size, it in bands
            ):
                running.add(line)  # where the running lines of other pages stand, in their type
    kept = tuple((line, why) for line, why in doubtful if line not in running)
    return Furniture(frozenset(running), kept)


@attrs.frozen
class _Number:
    """A line that could print its page's number: the number, and where on the page it is."""

    line: Line
    value: int
    roman: bool
    foot: bool


def _outermost_page_numbers(
    pages: Sequence[Page], margin: Callable[[Line], int], repeat: int
) -> list[_Number]:
    """The lines that could print a page's number: at most one at its head and one at its foot.

    A page prints its number outside the text: at its head above where the text runs, at its
    foot below it, or where other pages print theirs (a footer in body type makes the text
    seem to run down to it). Where two edge lines could each be one (a wrapped body line that
    ends in the word "xv" or "mix" below where the text usually stops, above the footer's
    "4"), only the outermost is: the topmost at the head, the lowest at the foot. A lone word
    below a heading in the upper half of a short page is text, however far below the text of
    other pages it stands.
    """
    numbered: dict[int, set[int]] = defaultdict(set)
    for page in pages:
        for line in _edges(page):
            if _page_number(line.text) is not None:
                numbered[round(line.top)].add(page.index)

    def repeated(line: Line) -> bool:
        at = round(line.top)
        return len(set().union(*(numbered[at + d] for d in range(-2, 3)))) >= repeat

    found: list[_Number] = []
    for page in pages:
        head: _Number | None = None
        foot: _Number | None = None
        for line in _edges(page):
            number = _page_number(line.text)
            if number is None:
                continue
            upper = line.top < page.height / 2
            if not (margin(line) == (-1 if upper else 1) or repeated(line)):
                continue
            candidate = _Number(line, *number, foot=not upper)
            if upper and (head is None or line.top < head.line.top):
                head = candidate
            elif not upper and (foot is None or line.top > foot.line.top):
                foot = candidate
        found.extend(number for number in (head, foot) if number is not None)
    return found


def _in_sequence(
    found: Sequence[_Number], detached: Callable[[Line], bool]
) -> tuple[set[Line], list[tuple[Line, str]]]:
    """The lines that print their page's number, and those that could but do not fit.

    Page numbers count the pages: two pages that print theirs in the same place (head or foot)
    in the same numerals differ by as many as the pages between them. A line whose number
    keeps that step with another page's is a page number; one that breaks the step its place
    keeps is text. A line alone in its place (a chapter's opening page that prints its number
    at the foot, a book that prints one number) is a page number if it is the number the
    pages around it count to; where they count to none, if it stands apart from the text and
    is no higher than the page's place in the file (page 4 of a file cannot be page 100 of
    the book). Every other line is text, kept and reported: a lone "c", "iv" or "12" at the
    end of a page is a provision's last word as often as a page number.
    """
    places: dict[tuple[bool, bool], list[_Number]] = defaultdict(list)
    for number in found:
        places[number.foot, number.roman].append(number)
    stepped: set[_Number] = set()
    for place in places.values():
        steps = Counter(n.value - n.line.page for n in place)
        stepped.update(n for n in place if steps[n.value - n.line.page] >= 2)
    counted = sorted((n.line.page, n.value) for n in stepped if not n.roman)

    def counts_to(page: int) -> int | None:
        """The arabic number the stepped pages before it (else after it) count to here."""
        if not counted:
            return None
        at, value = next((c for c in reversed(counted) if c[0] <= page), counted[0])
        return value + page - at if value + page - at >= 1 else None

    numbers = {n.line for n in stepped}
    doubtful: list[tuple[Line, str]] = []
    for place in places.values():
        sequence = any(n in stepped for n in place)
        for n in (n for n in place if n not in stepped):
            should = counts_to(n.line.page)
            if sequence:
                why = f"{n.value} does not follow the numbers printed there on other pages"
            elif should is not None and (n.roman or n.value != should):
                why = f"the pages around it count to {should} there"
            elif should is None and n.value > n.line.page + 1:
                why = f"page {n.line.page + 1} of the file cannot be page {n.value} of the book"
            elif should is None and not detached(n.line):
                why = "it does not stand apart from the text"
            else:
                numbers.add(n.line)
                continue
            place_name = "foot" if n.foot else "head"
            doubtful.append((n.line, f"it stands at the page's {place_name} like a page number, "
                                     f"but {why}"))  # fmt: skip
    return numbers, doubtful


def _page_number(text: str) -> tuple[int, bool] | None:
    """The number a line prints if it is only a page number ("12", "Page 12", "xii"), and
    whether it is in roman numerals."""
    match = _PAGE_NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    number = match.group(1)
    if number.isdigit():
        return int(number), False
    value = from_roman(number)
    return None if value is None else (value, True)


def printed_numbers(pages: Sequence[Page], running: Iterable[Line]) -> dict[int, int]:
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
